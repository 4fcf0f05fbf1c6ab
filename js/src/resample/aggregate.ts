/**
 * Aggregation of a series' typed columns into coarser bars, and a lazily built pyramid of such
 * levels.
 *
 * Why: lightweight-charts gets slow with long series (first paint of 1M bars ~8 s, `update` cost
 * grows with the length), so the view hands it only as many rows as the screen can show. The rows
 * far from the visible range, or all rows when zoomed out, are coarser bars, and those must be
 * *resampled*, not sampled: open = first, high = max, low = min, close = last. A bar with a NaN
 * in any of its values is a gap (as in `rows.ts`): it is skipped inside a bucket, and a bucket of
 * gaps only is a gap.
 *
 * Buckets are aligned to absolute indices: bucket `j` of factor `f` covers bars `[j·f, (j+1)·f)`
 * (the last one may be partial). Alignment makes every level an exact aggregate of any finer
 * level (so the pyramid builds a level from the coarsest one already built below it, not from
 * the raw bars), lets the plan (`plan.ts`) slice any level without re-aggregating, lets any
 * range be folded from a few whole buckets plus ragged ends, and lets live appends recompute
 * only the last bucket(s) of each level. A bucket's time is the time of its first bar.
 *
 * Everything here is a single pass over flat `Float64Array`s with one reused accumulator: no
 * per-bar allocation.
 */

/** A column of numbers as the wire decodes it (or as a test writes it). */
export type NumericColumn =
  | Float64Array
  | Float32Array
  | Int32Array
  | Uint32Array
  | Int16Array
  | Uint16Array
  | Int8Array
  | Uint8Array
  | readonly number[];

/**
 * How the bars of a bucket become one bar.
 * - `"ohlc"`: open = first, high = max, low = min, close = last (candlestick and bar series).
 * - `"last"`: the last non-NaN value (line, area, baseline series).
 * - `"sum"`: the sum of the non-NaN values (volume histograms).
 */
export type Reducer = "ohlc" | "last" | "sum";

export interface OhlcColumns {
  /** UTC seconds, sorted ascending, unique. */
  readonly time: NumericColumn;
  readonly open: NumericColumn;
  readonly high: NumericColumn;
  readonly low: NumericColumn;
  readonly close: NumericColumn;
}

export interface ValueColumns {
  /** UTC seconds, sorted ascending, unique. */
  readonly time: NumericColumn;
  readonly value: NumericColumn;
}

export type SeriesColumns = OhlcColumns | ValueColumns;

/**
 * One level of aggregated bars: bucket `j` covers source bars `[j·factor, min((j+1)·factor, n))`.
 * For `"ohlc"` the values are in `open/high/low/close` (and `value` is empty); otherwise in
 * `value` (and the OHLC arrays are empty). A gap bucket holds NaN. The arrays may be longer than
 * `length` (spare capacity for live appends): only the first `length` entries are meaningful.
 */
export interface Buckets {
  readonly reducer: Reducer;
  readonly factor: number;
  length: number;
  time: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  value: Float64Array;
}

/** The running state of one bucket; `count` is the number of non-gap bars folded in so far. */
export interface Accumulator {
  count: number;
  open: number;
  high: number;
  low: number;
  close: number;
  value: number;
}

export function newAccumulator(): Accumulator {
  return { count: 0, open: NaN, high: NaN, low: NaN, close: NaN, value: NaN };
}

export function resetAccumulator(acc: Accumulator): void {
  acc.count = 0;
  acc.open = NaN;
  acc.high = NaN;
  acc.low = NaN;
  acc.close = NaN;
  acc.value = NaN;
}

/** The reducer a series type aggregates with by default. Volume histograms should pass `"sum"`. */
export function reducerFor(seriesType: string): Reducer {
  return seriesType === "candlestick" || seriesType === "bar" ? "ohlc" : "last";
}

export function isOhlcColumns(columns: SeriesColumns): columns is OhlcColumns {
  return "open" in columns;
}

/** Internal flat view of raw columns or a level: `a..d` are open/high/low/close, or value four times. */
interface Source {
  readonly time: NumericColumn;
  readonly a: NumericColumn;
  readonly b: NumericColumn;
  readonly c: NumericColumn;
  readonly d: NumericColumn;
}

function sourceOfColumns(columns: SeriesColumns, reducer: Reducer): Source {
  if (reducer === "ohlc") {
    if (!isOhlcColumns(columns)) throw new Error("lwcharts: the ohlc reducer needs open, high, low and close columns");
    return { time: columns.time, a: columns.open, b: columns.high, c: columns.low, d: columns.close };
  }
  if (!("value" in columns)) throw new Error(`lwcharts: the ${reducer} reducer needs a value column`);
  const v = columns.value;
  return { time: columns.time, a: v, b: v, c: v, d: v };
}

function sourceOfBuckets(buckets: Buckets): Source {
  if (buckets.reducer === "ohlc") {
    return { time: buckets.time, a: buckets.open, b: buckets.high, c: buckets.low, d: buckets.close };
  }
  const v = buckets.value;
  return { time: buckets.time, a: v, b: v, c: v, d: v };
}

/** Fold source rows `[lo, hi)` into `acc`, in order (so calls over consecutive ranges compose). */
function accumulate(acc: Accumulator, src: Source, reducer: Reducer, lo: number, hi: number): void {
  if (reducer === "ohlc") {
    const open = src.a;
    const high = src.b;
    const low = src.c;
    const close = src.d;
    let count = acc.count;
    let h = acc.high;
    let l = acc.low;
    let c = acc.close;
    for (let i = lo; i < hi; i++) {
      const oi = open[i];
      const hi_ = high[i];
      const li = low[i];
      const ci = close[i];
      // NaN is the only value not equal to itself: a NaN anywhere makes the bar a gap.
      if (oi !== oi || hi_ !== hi_ || li !== li || ci !== ci) continue;
      if (count === 0) {
        acc.open = oi;
        h = hi_;
        l = li;
      } else {
        if (hi_ > h) h = hi_;
        if (li < l) l = li;
      }
      c = ci;
      count++;
    }
    acc.count = count;
    acc.high = h;
    acc.low = l;
    acc.close = c;
  } else if (reducer === "last") {
    const value = src.a;
    // Scanning backwards finds the last value at once; later ranges override earlier ones.
    for (let i = hi - 1; i >= lo; i--) {
      const v = value[i];
      if (v === v) {
        acc.value = v;
        acc.count++;
        return;
      }
    }
  } else {
    const value = src.a;
    let count = acc.count;
    let sum = count === 0 ? 0 : acc.value;
    for (let i = lo; i < hi; i++) {
      const v = value[i];
      if (v !== v) continue;
      sum += v;
      count++;
    }
    acc.count = count;
    if (count > 0) acc.value = sum;
  }
}

function newBuckets(reducer: Reducer, factor: number, capacity: number): Buckets {
  const ohlc = reducer === "ohlc" ? capacity : 0;
  return {
    reducer,
    factor,
    length: 0,
    time: new Float64Array(capacity),
    open: new Float64Array(ohlc),
    high: new Float64Array(ohlc),
    low: new Float64Array(ohlc),
    close: new Float64Array(ohlc),
    value: new Float64Array(reducer === "ohlc" ? 0 : capacity),
  };
}

function grow(array: Float64Array, capacity: number): Float64Array {
  if (array.length === 0 || array.length >= capacity) return array;
  const next = new Float64Array(capacity);
  next.set(array);
  return next;
}

function ensureCapacity(buckets: Buckets, length: number): void {
  if (buckets.time.length >= length) return;
  const capacity = Math.max(length, Math.ceil(buckets.time.length * 1.5), 16);
  buckets.time = grow(buckets.time, capacity);
  buckets.open = grow(buckets.open, capacity);
  buckets.high = grow(buckets.high, capacity);
  buckets.low = grow(buckets.low, capacity);
  buckets.close = grow(buckets.close, capacity);
  buckets.value = grow(buckets.value, capacity);
}

function store(dst: Buckets, j: number, acc: Accumulator): void {
  if (dst.reducer === "ohlc") {
    const gap = acc.count === 0;
    dst.open[j] = gap ? NaN : acc.open;
    dst.high[j] = gap ? NaN : acc.high;
    dst.low[j] = gap ? NaN : acc.low;
    dst.close[j] = gap ? NaN : acc.close;
  } else {
    dst.value[j] = acc.count === 0 ? NaN : acc.value;
  }
}

/**
 * (Re)compute buckets `fromBucket..` of `dst` (factor `factor` over `src`, `srcLength` rows).
 * Buckets before `fromBucket` are kept: this is both the full build and the live extension.
 */
function aggregateInto(
  src: Source,
  srcLength: number,
  factor: number,
  dst: Buckets,
  fromBucket: number,
  acc: Accumulator,
): void {
  const length = Math.ceil(srcLength / factor);
  ensureCapacity(dst, length);
  const time = src.time;
  const reducer = dst.reducer;
  for (let j = Math.max(0, fromBucket); j < length; j++) {
    const lo = j * factor;
    const hi = Math.min(lo + factor, srcLength);
    resetAccumulator(acc);
    accumulate(acc, src, reducer, lo, hi);
    store(dst, j, acc);
    dst.time[j] = time[lo];
  }
  dst.length = length;
}

/**
 * Aggregate the first `length` bars of `columns` (default: all of them) into aligned buckets of
 * `factor` bars: bucket `j` covers bars `[j·factor, (j+1)·factor)`, the last one possibly partial.
 */
export function aggregate(columns: SeriesColumns, reducer: Reducer, factor: number, length?: number): Buckets {
  if (!(factor >= 1) || !Number.isInteger(factor)) throw new Error(`lwcharts: bucket factor must be a positive integer, not ${factor}`);
  const n = length ?? columns.time.length;
  const buckets = newBuckets(reducer, factor, Math.ceil(n / factor));
  aggregateInto(sourceOfColumns(columns, reducer), n, factor, buckets, 0, newAccumulator());
  return buckets;
}

/**
 * Aggregate bars `[lo, hi)` of `columns` into one bucket (any range, aligned or not).
 * Returns the accumulator: `count === 0` means the range holds gaps only (or nothing).
 */
export function reduceRange(
  columns: SeriesColumns,
  reducer: Reducer,
  lo: number,
  hi: number,
  acc: Accumulator = newAccumulator(),
): Accumulator {
  resetAccumulator(acc);
  accumulate(acc, sourceOfColumns(columns, reducer), reducer, Math.max(0, lo), Math.min(hi, columns.time.length));
  return acc;
}

export interface PyramidOptions {
  /**
   * How many buckets of one level make a bucket of the next: level k has factor `base^k`.
   * Default 4: levels then take at most 1/3 of the raw rows in all, and the view's bars per
   * pixel stay within a factor 4 of the target after a re-plan.
   */
  base?: number;
}

export const DEFAULT_PYRAMID_BASE = 4;

/**
 * The aggregated levels of one series, built lazily and sparsely: asking for factor `base^k`
 * builds that level only, from the coarsest level already built below it (or from the raw
 * columns), so a zoomed-out view of 10M bars costs one pass and a few kB, not a full tower.
 * Live rows (`update`) recompute only the buckets from the first changed bar on, in every level
 * built so far.
 */
export class Pyramid {
  readonly base: number;
  readonly reducer: Reducer;
  private cols: SeriesColumns;
  private src: Source;
  private n: number;
  /** The built levels, by ascending factor. */
  private readonly built: Buckets[] = [];
  private readonly acc = newAccumulator();

  /**
   * @param columns the series' columns; only the first `length` rows are read
   * @param length rows in use (default: the time column's length)
   */
  constructor(columns: SeriesColumns, reducer: Reducer, length?: number, options: PyramidOptions = {}) {
    const base = options.base ?? DEFAULT_PYRAMID_BASE;
    if (!(base >= 2) || !Number.isInteger(base)) throw new Error(`lwcharts: pyramid base must be an integer ≥ 2, not ${base}`);
    this.base = base;
    this.reducer = reducer;
    this.cols = columns;
    this.src = sourceOfColumns(columns, reducer);
    this.n = length ?? columns.time.length;
  }

  /** Rows of full resolution in use. */
  get length(): number {
    return this.n;
  }

  get columns(): SeriesColumns {
    return this.cols;
  }

  /** Factors of the levels built so far, ascending. */
  get builtFactors(): number[] {
    return this.built.map((level) => level.factor);
  }

  /** Whether the level of `factor` is built (factor 1, the raw columns, always is). */
  hasLevel(factor: number): boolean {
    return factor === 1 || this.built.some((level) => level.factor === factor);
  }

  /** The level index k of `factor = base^k`, or throws. */
  levelOf(factor: number): number {
    let k = 0;
    let f = 1;
    while (f < factor) {
      f *= this.base;
      k++;
    }
    if (f !== factor) throw new Error(`lwcharts: factor ${factor} is not a power of the pyramid base ${this.base}`);
    return k;
  }

  /** The level of `factor` (a power of `base`, at least `base`), built now if missing. */
  level(factor: number): Buckets {
    if (this.levelOf(factor) === 0) throw new Error("lwcharts: factor 1 is the raw columns, not a level");
    let below = -1; // the coarsest built level finer than `factor`
    for (let i = 0; i < this.built.length; i++) {
      const f = this.built[i].factor;
      if (f === factor) return this.built[i];
      if (f < factor) below = i;
    }
    const src = below < 0 ? this.src : sourceOfBuckets(this.built[below]);
    const srcLength = below < 0 ? this.n : this.built[below].length;
    const ratio = below < 0 ? factor : factor / this.built[below].factor;
    const buckets = newBuckets(this.reducer, factor, Math.ceil(srcLength / ratio));
    aggregateInto(src, srcLength, ratio, buckets, 0, this.acc);
    this.built.splice(below + 1, 0, buckets);
    return buckets;
  }

  /**
   * Live rows: the columns now hold `length` rows and rows from `fromIndex` on are new or
   * changed (default: the previous length, i.e. appended rows only; pass the index of the last
   * bar when it was updated in place). `columns` may be new (grown) arrays. Only the buckets from
   * the one holding `fromIndex` on are recomputed, in every built level.
   */
  update(columns: SeriesColumns, length: number, fromIndex: number = this.n): void {
    if (length < this.n) throw new Error("lwcharts: a pyramid only grows; rebuild it for a shorter series");
    this.cols = columns;
    this.src = sourceOfColumns(columns, this.reducer);
    this.n = length;
    const from = Math.max(0, Math.min(fromIndex, length));
    let src = this.src;
    let srcLength = length;
    let srcFactor = 1;
    for (const level of this.built) {
      aggregateInto(src, srcLength, level.factor / srcFactor, level, Math.floor(from / level.factor), this.acc);
      src = sourceOfBuckets(level);
      srcLength = level.length;
      srcFactor = level.factor;
    }
  }

  /**
   * Aggregate full-resolution bars `[lo, hi)` (any range) into `acc`, using the built levels for
   * the aligned blocks inside the range and finer levels (or raw bars) only at its ragged ends:
   * O(base · levels) per call when consecutive levels are built, O(hi − lo) at worst.
   */
  reduceRange(lo: number, hi: number, acc: Accumulator = newAccumulator()): Accumulator {
    resetAccumulator(acc);
    lo = Math.max(0, lo);
    hi = Math.min(hi, this.n);
    if (lo < hi) this.fold(acc, lo, hi, this.built.length);
    return acc;
  }

  /** Fold `[lo, hi)` (full-resolution indices) using built levels below index `k` (0 = raw), in order. */
  private fold(acc: Accumulator, lo: number, hi: number, k: number): void {
    if (k === 0) {
      accumulate(acc, this.src, this.reducer, lo, hi);
      return;
    }
    const level = this.built[k - 1];
    const f = level.factor;
    const a = Math.ceil(lo / f);
    // A partial last bucket (at the end of the series) is whole as far as the range is concerned.
    const b = hi >= this.n ? level.length : Math.floor(hi / f);
    if (a >= b) {
      this.fold(acc, lo, hi, k - 1);
      return;
    }
    if (lo < a * f) this.fold(acc, lo, a * f, k - 1);
    accumulate(acc, sourceOfBuckets(level), this.reducer, a, b);
    const end = Math.min(b * f, this.n);
    if (end < hi) this.fold(acc, end, hi, k - 1);
  }
}
