/**
 * Between displayed rows (lightweight-charts' logical indices) and full-resolution bars, for a plan.
 *
 * Why: once rows are buckets of different sizes, lightweight-charts' logical index is no longer
 * the bar index. The view needs to go both ways exactly: to restore the same visible time range
 * after a re-plan (`setVisibleLogicalRange` with the new plan's indices), and to map crosshair,
 * legend, clicks, markers and drawings to the right bucket and back.
 *
 * Conventions: row `r` (centred at logical `r`, spanning `[r − ½, r + ½)`) shows bars `[a, b)`,
 * which span `[a − ½, b − ½)` in full-resolution index space (bar `i` is centred at `i`). The
 * continuous maps are linear inside each row, so they are monotonic, invertible and exact at row
 * edges; beyond the data they extrapolate with the factor of the first or last segment (the blank
 * space lightweight-charts shows right of the last bar).
 */
import type { NumericColumn } from "./aggregate";
import type { IndexRange, Plan, Segment } from "./plan";

/** The index of the segment holding displayed row `row` (clamped to the first/last segment). */
export function segmentOfRow(plan: Plan, row: number): number {
  const segments = plan.segments;
  let lo = 0;
  let hi = segments.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (segments[mid].row <= row) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The index of the segment holding full-resolution bar `index` (clamped to the first/last segment). */
export function segmentOfIndex(plan: Plan, index: number): number {
  const segments = plan.segments;
  let lo = 0;
  let hi = segments.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (segments[mid].start <= index) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The displayed row showing full-resolution bar `index`, or −1 outside `[0, length)`. */
export function rowOfIndex(plan: Plan, index: number): number {
  if (!(index >= 0 && index < plan.length)) return -1;
  const s = plan.segments[segmentOfIndex(plan, index)];
  return s.row + Math.floor((Math.floor(index) - s.start) / s.factor);
}

/** The full-resolution bars `[start, end)` shown by displayed row `row`, or undefined outside the rows. */
export function indexRangeOfRow(plan: Plan, row: number): { start: number; end: number } | undefined {
  if (!(row >= 0 && row < plan.rows) || !Number.isInteger(row)) return undefined;
  const s = plan.segments[segmentOfRow(plan, row)];
  const start = s.start + (row - s.row) * s.factor;
  return { start, end: Math.min(start + s.factor, s.end) };
}

function edgeFactor(segment: Segment | undefined): number {
  return segment === undefined ? 1 : segment.factor;
}

/** Full-resolution index position (fractional) of logical position `x`. */
export function logicalToIndex(plan: Plan, x: number): number {
  const segments = plan.segments;
  if (plan.rows === 0) return x;
  if (x < -0.5) return -0.5 + (x + 0.5) * edgeFactor(segments[0]);
  const lastRow = plan.rows - 1;
  if (x >= lastRow + 0.5) return plan.length - 0.5 + (x - lastRow - 0.5) * edgeFactor(segments[segments.length - 1]);
  const row = Math.min(lastRow, Math.max(0, Math.floor(x + 0.5)));
  const s = segments[segmentOfRow(plan, row)];
  const a = s.start + (row - s.row) * s.factor;
  const b = Math.min(a + s.factor, s.end);
  return a - 0.5 + (x - (row - 0.5)) * (b - a);
}

/** Logical position (fractional) of full-resolution index position `x`: the inverse of `logicalToIndex`. */
export function indexToLogical(plan: Plan, x: number): number {
  const segments = plan.segments;
  if (plan.rows === 0) return x;
  if (x < -0.5) return -0.5 + (x + 0.5) / edgeFactor(segments[0]);
  if (x >= plan.length - 0.5) return plan.rows - 0.5 + (x - plan.length + 0.5) / edgeFactor(segments[segments.length - 1]);
  const bar = Math.min(plan.length - 1, Math.max(0, Math.floor(x + 0.5)));
  const s = segments[segmentOfIndex(plan, bar)];
  const k = Math.floor((bar - s.start) / s.factor);
  const a = s.start + k * s.factor;
  const b = Math.min(a + s.factor, s.end);
  return s.row + k - 0.5 + (x - (a - 0.5)) / (b - a);
}

/** A lightweight-charts logical range of this plan's rows as a full-resolution index range. */
export function logicalRangeToIndexRange(plan: Plan, range: IndexRange): IndexRange {
  return { from: logicalToIndex(plan, range.from), to: logicalToIndex(plan, range.to) };
}

/** A full-resolution index range as a lightweight-charts logical range of this plan's rows. */
export function indexRangeToLogicalRange(plan: Plan, range: IndexRange): IndexRange {
  return { from: indexToLogical(plan, range.from), to: indexToLogical(plan, range.to) };
}

/** The logical range of `next` showing what `range` showed in `previous`: what to pass to `setVisibleLogicalRange` after a re-plan. */
export function remapLogicalRange(previous: Plan, next: Plan, range: IndexRange): IndexRange {
  return indexRangeToLogicalRange(next, logicalRangeToIndexRange(previous, range));
}

/**
 * The full-resolution bars in view for a lightweight-charts logical range of this plan's rows:
 * the first bar of the first row in view and the last bar of the last row in view, counting
 * partly visible rows as lightweight-charts does for its own visible time range (`floor`/`ceil`
 * of the edges, clamped to the rows); null without rows. A bucket row stands for bars
 * `[start, end)`, so the last bar in view is its `end − 1`, not its first bar. With one segment of
 * factor 1 this is lightweight-charts' own range.
 */
export function visibleBars(plan: Plan, range: IndexRange): { from: number; to: number } | null {
  if (plan.rows === 0) return null;
  const clamp = (row: number) => Math.min(plan.rows - 1, Math.max(0, row));
  const first = indexRangeOfRow(plan, clamp(Math.floor(range.from)));
  const last = indexRangeOfRow(plan, clamp(Math.ceil(range.to)));
  return first === undefined || last === undefined ? null : { from: first.start, to: last.end - 1 };
}

/** The first index in `[lo, hi)` whose time is ≥ `t` (`hi` when none). */
export function lowerBound(times: NumericColumn, t: number, lo = 0, hi: number = times.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index in `[lo, hi)` whose time is > `t` (`hi` when none). */
export function upperBound(times: NumericColumn, t: number, lo = 0, hi: number = times.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The displayed row whose bucket holds time `t`: the bucket starting at or before `t` (a bucket
 * spans from its first bar's time to the next bucket's). −1 before the first bar; the last row
 * after the last bar. `times` is the plan's reference time axis.
 */
export function rowOfTime(plan: Plan, times: NumericColumn, t: number): number {
  const bar = upperBound(times, t, 0, plan.length) - 1;
  return bar < 0 ? -1 : rowOfIndex(plan, bar);
}

/** The time of displayed row `row` (its first bar's time), or undefined outside the rows. */
export function timeOfRow(plan: Plan, times: NumericColumn, row: number): number | undefined {
  const range = indexRangeOfRow(plan, row);
  return range === undefined ? undefined : times[range.start];
}

/** The time of the bucket holding time `t` (where a marker or drawing at `t` goes), or undefined before the first bar. */
export function snapTime(plan: Plan, times: NumericColumn, t: number): number | undefined {
  const row = rowOfTime(plan, times, t);
  return row < 0 ? undefined : timeOfRow(plan, times, row);
}

/**
 * Markers (anything with a `time`) moved to the time of the bucket holding them; markers before
 * the first bar are dropped. Several markers may share a bucket: all are kept, in order.
 */
export function snapMarkers<T extends { readonly time: unknown }>(markers: readonly T[], plan: Plan, times: NumericColumn): T[] {
  const out: T[] = [];
  for (const marker of markers) {
    if (typeof marker.time !== "number") continue;
    const time = snapTime(plan, times, marker.time);
    if (time === undefined) continue;
    out.push(time === marker.time ? marker : { ...marker, time });
  }
  return out;
}
