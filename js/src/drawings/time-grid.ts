/**
 * The bar grid: UTC-second times ↔ logical (bar) indexes of the chart's time scale, for any time,
 * not only the times of bars. lightweight-charts' `timeToCoordinate` answers null for a time that
 * is not a bar's, so drawings place their points through this grid instead.
 *
 * Behaviour for times that are not bar times (documented for users):
 * - A time between two bars sits between them, in proportion (a point on a weekend is drawn
 *   between Friday and Monday).
 * - A time before the first bar or after the last one is extrapolated with the bar interval: the
 *   smallest gap among the first (resp. last) `EDGE_BARS` gaps, so a weekend or session gap at the
 *   edge does not stretch the future. With one bar the interval is `fallbackInterval` (default one
 *   day); with no bar nothing can be placed (null).
 * - Points made or moved by the pointer land on the grid: `snapTime` gives the time of the nearest
 *   bar slot, which after the last bar is last + k × interval (the chart's future whitespace).
 * - When data changes (reruns, live bars) the stored times do not: a point in the former future
 *   snaps to the real bar that now has its time, or stays between bars in proportion.
 */

/** How many gaps at each edge give the extrapolation interval. */
export const EDGE_BARS = 10;

export interface TimeGridOptions {
  /** Seconds per bar when there is a single bar. Default 86400. */
  fallbackInterval?: number;
}

export class TimeGrid {
  private readonly times: Float64Array;
  /** Seconds per bar before the first bar / after the last one. */
  readonly intervalBefore: number;
  readonly intervalAfter: number;

  /**
   * `times`: the chart time scale's times in UTC seconds, ascending (the union of the times of
   * the chart's series — logical index i is the i-th of them). Repeated or unsorted entries are
   * sorted and made unique.
   */
  constructor(times: ArrayLike<number>, options: TimeGridOptions = {}) {
    const sorted = Float64Array.from(times).filter((t) => Number.isFinite(t)).sort();
    let unique = 0;
    for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[unique - 1]) sorted[unique++] = sorted[i];
    this.times = sorted.slice(0, unique);
    const fallback = options.fallbackInterval ?? 86_400;
    this.intervalBefore = this.smallestGap(0, Math.min(EDGE_BARS, unique - 1)) ?? fallback;
    this.intervalAfter = this.smallestGap(Math.max(0, unique - 1 - EDGE_BARS), unique - 1) ?? fallback;
  }

  get length(): number {
    return this.times.length;
  }

  /** The time of bar `i` (0 ≤ i < length). */
  barTime(i: number): number {
    return this.times[i];
  }

  /** Logical index of a time, fractional between bars, extrapolated outside; null without bars. */
  logicalOf(time: number): number | null {
    const t = this.times;
    const n = t.length;
    if (n === 0 || !Number.isFinite(time)) return null;
    if (time <= t[0]) return (time - t[0]) / this.intervalBefore;
    if (time >= t[n - 1]) return n - 1 + (time - t[n - 1]) / this.intervalAfter;
    let lo = 0;
    let hi = n - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (t[mid] <= time) lo = mid;
      else hi = mid;
    }
    return lo + (time - t[lo]) / (t[hi] - t[lo]);
  }

  /** The time at a logical index, fractional or not (the inverse of `logicalOf`); null without bars. */
  timeAt(logical: number): number | null {
    const t = this.times;
    const n = t.length;
    if (n === 0 || !Number.isFinite(logical)) return null;
    if (logical <= 0) return t[0] + logical * this.intervalBefore;
    if (logical >= n - 1) return t[n - 1] + (logical - (n - 1)) * this.intervalAfter;
    const i = Math.floor(logical);
    return t[i] + (logical - i) * (t[i + 1] - t[i]);
  }

  /** The time of the nearest bar slot (a real bar inside the data, an extrapolated slot outside). */
  snapTime(time: number): number | null {
    const logical = this.logicalOf(time);
    return logical === null ? null : this.timeAt(Math.round(logical));
  }

  /** Bars from t1 to t2 (signed, fractional when a time is between bars). */
  barsBetween(t1: number, t2: number): number | null {
    const a = this.logicalOf(t1);
    const b = this.logicalOf(t2);
    return a === null || b === null ? null : b - a;
  }

  private smallestGap(from: number, to: number): number | undefined {
    let best: number | undefined;
    for (let i = from; i < to; i++) {
      const gap = this.times[i + 1] - this.times[i];
      if (gap > 0 && (best === undefined || gap < best)) best = gap;
    }
    return best;
  }
}
