/**
 * Which drawings can be seen in the visible time range, in O(log n + k) for k visible drawings:
 * items sorted by the start of their time extent, with a max-end tree over that order. A query
 * walks only subtrees that hold an item ending at or after the range's start. Built once per change
 * of the drawing set, queried once per frame.
 */

export interface Extent<T> {
  start: number;
  end: number;
  item: T;
}

export class IntervalIndex<T> {
  private readonly items: Extent<T>[];
  private readonly starts: number[];
  /** maxEnd[node] over the implicit tree on [0, n) (node 1 = all). */
  private readonly maxEnd: number[];
  private readonly size: number;

  constructor(extents: Iterable<Extent<T>>) {
    this.items = [...extents].sort((a, b) => a.start - b.start);
    this.starts = this.items.map((e) => e.start);
    this.size = this.items.length;
    this.maxEnd = new Array<number>(4 * Math.max(1, this.size)).fill(-Infinity);
    if (this.size > 0) this.build(1, 0, this.size);
  }

  get length(): number {
    return this.size;
  }

  /** The items whose [start, end] meets [from, to], in start order. */
  query(from: number, to: number): T[] {
    const out: T[] = [];
    // Only items starting at or before `to` can meet the range: a prefix of the sorted order.
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid] <= to) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) this.collect(1, 0, this.size, lo, from, out);
    return out;
  }

  private build(node: number, lo: number, hi: number): number {
    if (hi - lo === 1) return (this.maxEnd[node] = this.items[lo].end);
    const mid = (lo + hi) >> 1;
    return (this.maxEnd[node] = Math.max(this.build(2 * node, lo, mid), this.build(2 * node + 1, mid, hi)));
  }

  private collect(node: number, lo: number, hi: number, limit: number, from: number, out: T[]): void {
    if (lo >= limit || this.maxEnd[node] < from) return;
    if (hi - lo === 1) {
      out.push(this.items[lo].item);
      return;
    }
    const mid = (lo + hi) >> 1;
    this.collect(2 * node, lo, mid, limit, from, out);
    this.collect(2 * node + 1, mid, hi, limit, from, out);
  }
}
