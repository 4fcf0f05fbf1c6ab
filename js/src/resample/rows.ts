/**
 * lightweight-charts rows for one series under a plan, and the shared time axis of a chart.
 *
 * Why: all series of a chart share one time scale in lightweight-charts (the union of their
 * rows' times), and the plan's logical indices must mean the same bucket in every series. So one
 * plan is made over one reference time axis (the union of the series' times, or the first
 * series' times), and every series emits rows only at bucket times of that axis:
 * - a series whose time column *is* the axis buckets by index, reading its pyramid's levels;
 * - any other series buckets by time range: bucket `[a, b)` of the axis takes the series' bars
 *   with `axis[a] ≤ time < axis[b]` (a binary search into its own time column), aggregated
 *   with its own pyramid: a few whole level buckets plus ragged ends per bucket.
 * Each row carries its bucket's time, so every bucket time is in the time scale as long as the
 * axis is the union (or the first series, drawn too), and logical index = plan row.
 *
 * Rows are written like `rows.ts` writes them: a NaN makes a gap (`{time}`), never a zero.
 */
import type { OhlcData, SingleValueData, UTCTimestamp, WhitespaceData } from "lightweight-charts";
import { newAccumulator, type Accumulator, type NumericColumn, type OhlcColumns, type Pyramid, type ValueColumns } from "./aggregate";
import { lowerBound } from "./mapping";
import type { Plan, Segment } from "./plan";

export type PlanOhlcRow = OhlcData<UTCTimestamp>;
export type PlanValueRow = SingleValueData<UTCTimestamp>;
export type PlanGapRow = WhitespaceData<UTCTimestamp>;
export type PlanRow = PlanOhlcRow | PlanValueRow | PlanGapRow;

export interface PlanRowsOptions {
  /** Build rows from this displayed row on (for live updates: the row of the first changed bar). Default 0. */
  fromRow?: number;
  /**
   * For a series bucketed by time: what to emit for a bucket holding none of its bars.
   * `"skip"` (default) emits nothing, as lightweight-charts would see the original data (a line
   * joins across times it has no value for); `"gap"` emits `{time}`, which breaks lines.
   */
  emptyBuckets?: "skip" | "gap";
  /**
   * Whether the series' time column is the axis (bucket by index). Default: when the two are
   * the same array object.
   */
  sameAxis?: boolean;
  /**
   * Which pyramid levels a plan's segments build (and keep for later plans); other segments are
   * aggregated bucket by bucket from the levels already built, which costs about their bar count.
   * A level is built when its factor is at least `levelMinFactor` (default 64: such a level holds
   * at most 1/64 of the raw rows, a few MB at 10M bars, and spares every later re-plan from
   * re-reading the far rings' bars), or when its segment covers at least `levelShare` of the
   * series (default 1/8). So the rings of factor 4 and 16 next to the window (a few thousand
   * bars) are aggregated directly, and the first paint of a zoomed-in 10M-bar series reads the
   * raw bars once.
   */
  levelMinFactor?: number;
  levelShare?: number;
}

export const DEFAULT_LEVEL_SHARE = 1 / 8;
export const DEFAULT_LEVEL_MIN_FACTOR = 64;

/** Whether a segment reads (and builds) its pyramid level rather than folding its buckets directly. */
function useLevel(pyramid: Pyramid, plan: Plan, s: Segment, minFactor: number, share: number): boolean {
  return s.factor > 1 && (pyramid.hasLevel(s.factor) || s.factor >= minFactor || s.end - s.start >= plan.length * share);
}

function ohlcRow(t: number, o: number, h: number, l: number, c: number): PlanRow {
  const time = t as UTCTimestamp;
  return o !== o || h !== h || l !== l || c !== c ? { time } : { time, open: o, high: h, low: l, close: c };
}

function valueRow(t: number, v: number): PlanRow {
  const time = t as UTCTimestamp;
  return v !== v ? { time } : { time, value: v };
}

function accRow(t: number, acc: Accumulator, ohlc: boolean): PlanRow {
  if (acc.count === 0) return { time: t as UTCTimestamp };
  return ohlc ? ohlcRow(t, acc.open, acc.high, acc.low, acc.close) : valueRow(t, acc.value);
}

/**
 * The rows of one series under `plan`, whose reference time axis is `axis` (the plan's
 * `length` first entries). `pyramid` holds the series' columns and reducer.
 */
export function buildPlanRows(plan: Plan, axis: NumericColumn, pyramid: Pyramid, options: PlanRowsOptions = {}): PlanRow[] {
  const sameAxis = options.sameAxis ?? pyramid.columns.time === axis;
  const fromRow = Math.max(0, options.fromRow ?? 0);
  const levels = (s: Segment) =>
    useLevel(pyramid, plan, s, options.levelMinFactor ?? DEFAULT_LEVEL_MIN_FACTOR, options.levelShare ?? DEFAULT_LEVEL_SHARE);
  // Build the missing levels finest first, so each is built from the one below it and the raw
  // bars are read once, not once per level.
  const factors = plan.segments.filter((s) => s.row + s.rows > fromRow && levels(s)).map((s) => s.factor);
  for (const factor of [...new Set(factors)].sort((a, b) => a - b)) pyramid.level(factor);
  return sameAxis
    ? rowsByIndex(plan, pyramid, fromRow, levels)
    : rowsByTime(plan, axis, pyramid, fromRow, options.emptyBuckets ?? "skip", levels);
}

function rowsByIndex(plan: Plan, pyramid: Pyramid, fromRow: number, levels: (s: Segment) => boolean): PlanRow[] {
  if (pyramid.length < plan.length) throw new Error("lwcharts: the series is shorter than its plan");
  const rows: PlanRow[] = new Array<PlanRow>(Math.max(0, plan.rows - fromRow));
  const ohlc = pyramid.reducer === "ohlc";
  const columns = pyramid.columns;
  const acc = newAccumulator();
  let out = 0;
  for (const s of plan.segments) {
    if (s.row + s.rows <= fromRow) continue;
    const k0 = Math.max(0, fromRow - s.row);
    const first = s.start / s.factor; // segments are aligned to their factor
    if (s.factor === 1) {
      const time = columns.time;
      if (ohlc) {
        const { open, high, low, close } = columns as OhlcColumns;
        for (let i = s.start + k0; i < s.end; i++) rows[out++] = ohlcRow(time[i], open[i], high[i], low[i], close[i]);
      } else {
        const value = (columns as ValueColumns).value;
        for (let i = s.start + k0; i < s.end; i++) rows[out++] = valueRow(time[i], value[i]);
      }
      continue;
    }
    if (!levels(s)) {
      const time = columns.time;
      for (let k = k0; k < s.rows; k++) {
        const a = s.start + k * s.factor;
        pyramid.reduceRange(a, Math.min(a + s.factor, s.end), acc);
        rows[out++] = accRow(time[a], acc, ohlc);
      }
      continue;
    }
    const level = pyramid.level(s.factor);
    const { time, open, high, low, close, value } = level;
    for (let k = k0; k < s.rows; k++) {
      const j = first + k;
      rows[out++] = ohlc ? ohlcRow(time[j], open[j], high[j], low[j], close[j]) : valueRow(time[j], value[j]);
    }
  }
  return rows;
}

function rowsByTime(
  plan: Plan,
  axis: NumericColumn,
  pyramid: Pyramid,
  fromRow: number,
  empty: "skip" | "gap",
  levels: (s: Segment) => boolean,
): PlanRow[] {
  const rows: PlanRow[] = [];
  const ohlc = pyramid.reducer === "ohlc";
  const times = pyramid.columns.time;
  const m = pyramid.length;
  const acc = newAccumulator();
  const n = plan.length;
  for (const s of plan.segments) {
    if (s.row + s.rows <= fromRow) continue;
    // The series' level of the segment's factor (about its bucket size, if the series is about
    // as dense as the axis) lets a bucket fold a few whole buckets plus ragged ends.
    if (levels(s)) pyramid.level(s.factor);
    const k0 = Math.max(0, fromRow - s.row);
    let a = s.start + k0 * s.factor;
    let lo = lowerBound(times, axis[a], 0, m);
    for (let k = k0; k < s.rows; k++) {
      const b = Math.min(a + s.factor, s.end);
      const hi = b >= n ? m : lowerBound(times, axis[b], lo, m);
      if (hi > lo) {
        pyramid.reduceRange(lo, hi, acc);
        rows.push(accRow(axis[a], acc, ohlc));
      } else if (empty === "gap") {
        rows.push({ time: axis[a] as UTCTimestamp });
      }
      a = b;
      lo = hi;
    }
  }
  return rows;
}

/**
 * The sorted union of several time columns (each its first `length` entries, sorted ascending,
 * unique): the reference axis for a chart whose series' times differ. One k-way merge pass.
 */
export function unionTimes(columns: readonly { readonly time: NumericColumn; readonly length?: number }[]): Float64Array {
  const k = columns.length;
  const lengths = columns.map((c) => c.length ?? c.time.length);
  const cursor = new Array<number>(k).fill(0);
  const out = new Float64Array(lengths.reduce((sum, l) => sum + l, 0));
  let count = 0;
  for (;;) {
    let t = Infinity;
    for (let c = 0; c < k; c++) if (cursor[c] < lengths[c] && columns[c].time[cursor[c]] < t) t = columns[c].time[cursor[c]];
    if (t === Infinity) break;
    out[count++] = t;
    for (let c = 0; c < k; c++) if (cursor[c] < lengths[c] && columns[c].time[cursor[c]] === t) cursor[c]++;
  }
  return out.slice(0, count);
}

/**
 * Live rows for a union axis: the axis after `times[from..to)` of one series arrived, as a new
 * array when it grew, plus the first axis index that changed. Returns `undefined` when a new
 * time falls *before* the axis' last time and is not on it: the axis (and plan) must be rebuilt.
 */
export function extendAxis(
  axis: Float64Array,
  axisLength: number,
  times: NumericColumn,
  from: number,
  to: number,
): { axis: Float64Array; length: number; firstChanged: number } | undefined {
  // firstChanged: the first axis index whose bucket may hold changed bars (new times, or bars
  // updated in place at times already on the axis).
  let length = axisLength;
  let out = axis;
  let firstChanged = axisLength;
  for (let i = from; i < to; i++) {
    const t = times[i];
    const last = length > 0 ? out[length - 1] : -Infinity;
    if (t > last) {
      if (length >= out.length) {
        const grown = new Float64Array(Math.max(16, Math.ceil(out.length * 1.5), length + (to - i)));
        grown.set(out.subarray(0, length));
        out = grown;
      }
      out[length++] = t;
    } else {
      const at = lowerBound(out, t, 0, length);
      if (out[at] !== t) return undefined;
      firstChanged = Math.min(firstChanged, at);
    }
  }
  return { axis: out, length, firstChanged: Math.min(firstChanged, axisLength) };
}
