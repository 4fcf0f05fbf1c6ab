/**
 * Which rows to hand lightweight-charts: a plan of segments at different resolutions.
 *
 * Why: lightweight-charts spaces bars by index, draws at most one bar per pixel usefully, and its
 * `setData`/`update` cost grows with the number of rows. So the rows it gets are a sequence of
 * segments `{start, end, factor}` covering the full-resolution indices `[0, n)` in order: around
 * the visible range a *window* at the finest factor that keeps at most `maxRowsPerPixel` rows per
 * pixel, and further away *rings* of `ringRows` rows each, every ring `base` times coarser than
 * the one inside it, until the series ends. The total is about
 * `(1 + 2·windowFactor)·width·maxRowsPerPixel + 2·ringRows·log_base(n)` rows whatever `n` is.
 *
 * Every factor is a power of `base` and every segment boundary is aligned to the factors on both
 * of its sides, so each segment is a slice of one pyramid level (`aggregate.ts`), and the last
 * bucket of the series may be partial.
 *
 * `replanReason` is the hysteresis: panning within the window and small zooms keep the plan (no
 * `setData` per frame); the view re-plans when the visible range nears a window edge, when the
 * rows per pixel leave their band, or when live appends have grown the window too much.
 */

/** A range of full-resolution indices (fractional allowed; bar `i` is centred at `i`). */
export interface IndexRange {
  readonly from: number;
  readonly to: number;
}

/** Full-resolution bars `[start, end)` shown as buckets of `factor` bars, from displayed row `row`. */
export interface Segment {
  readonly start: number;
  readonly end: number;
  readonly factor: number;
  /** The displayed row (lightweight-charts logical index) of this segment's first bucket. */
  readonly row: number;
  /** Displayed rows of this segment: `ceil((end − start) / factor)`. */
  readonly rows: number;
}

export interface PlanOptions {
  /** Rows per pixel allowed in the visible range. Default 1: one bar per pixel is all a screen shows. */
  maxRowsPerPixel?: number;
  /**
   * Screen-widths of rows (at the visible factor, at `maxRowsPerPixel`) kept on each side of the
   * visible range. Default 1: a whole screen of panning before the view reaches coarser rings,
   * and with the visible screen about 3 screens of rows in the window.
   */
  windowFactor?: number;
  /** Below this many bars, no resampling: one segment of factor 1. Default 20 000 (cheap for lightweight-charts). */
  minRowsForResampling?: number;
  /** Factor between consecutive levels; must match the pyramid's. Default 4. */
  base?: number;
  /** Rows per ring outside the window. Default 200: a log_base(n) number of rings stays a few thousand rows. */
  ringRows?: number;
  /** Re-plan when the visible range is within this many visible spans of a window edge (not a data end). Default 0.25. */
  edgeMargin?: number;
  /**
   * Zooming in re-plans only once a level `base` times finer would still be `zoomHysteresis`
   * times below `maxRowsPerPixel`. Default 1.5. Zooming out re-plans as soon as the rows per
   * pixel exceed `maxRowsPerPixel`.
   */
  zoomHysteresis?: number;
  /** Re-plan when live appends have grown the window's rows by this factor. Default 2. */
  maxWindowGrowth?: number;
}

export const DEFAULT_PLAN_OPTIONS: Readonly<Required<PlanOptions>> = Object.freeze({
  maxRowsPerPixel: 1,
  windowFactor: 1,
  minRowsForResampling: 20_000,
  base: 4,
  ringRows: 200,
  edgeMargin: 0.25,
  zoomHysteresis: 1.5,
  maxWindowGrowth: 2,
});

export interface Plan {
  /** Full-resolution rows covered: the segments cover `[0, length)` exactly once, in order. */
  readonly length: number;
  readonly segments: readonly Segment[];
  /** Displayed rows in all. */
  readonly rows: number;
  /** False when the plan is one segment of factor 1 (short series). */
  readonly resampled: boolean;
  /** The factor of the window around the visible range. */
  readonly visibleFactor: number;
  /** Index of the window's segment in `segments`. */
  readonly windowSegment: number;
  /** Rows of the window when it was planned (for `maxWindowGrowth`). */
  readonly plannedWindowRows: number;
  readonly options: Readonly<Required<PlanOptions>>;
}

function resolve(options: PlanOptions | undefined): Required<PlanOptions> {
  const o = { ...DEFAULT_PLAN_OPTIONS, ...options };
  for (const [key, value] of Object.entries(o)) {
    if (value === undefined) (o as Record<string, number>)[key] = (DEFAULT_PLAN_OPTIONS as Record<string, number>)[key];
  }
  if (!(o.base >= 2) || !Number.isInteger(o.base)) throw new Error(`lwcharts: plan base must be an integer ≥ 2, not ${o.base}`);
  if (!(o.maxRowsPerPixel > 0)) throw new Error("lwcharts: maxRowsPerPixel must be positive");
  if (!(o.ringRows >= 1)) throw new Error("lwcharts: ringRows must be at least 1");
  return o;
}

function withRows(parts: readonly { start: number; end: number; factor: number }[]): Segment[] {
  const segments: Segment[] = [];
  let row = 0;
  for (const p of parts) {
    if (p.end <= p.start) continue;
    const rows = Math.ceil((p.end - p.start) / p.factor);
    segments.push({ start: p.start, end: p.end, factor: p.factor, row, rows });
    row += rows;
  }
  return segments;
}

function countRows(segments: readonly Segment[]): number {
  const last = segments[segments.length - 1];
  return last === undefined ? 0 : last.row + last.rows;
}

/** The plan of a series shown at full resolution: one segment of factor 1. */
export function fullResolutionPlan(length: number, options?: PlanOptions): Plan {
  const segments = withRows([{ start: 0, end: length, factor: 1 }]);
  return {
    length,
    segments,
    rows: countRows(segments),
    resampled: false,
    visibleFactor: 1,
    windowSegment: 0,
    plannedWindowRows: length,
    options: resolve(options),
  };
}

/** The finest power of `base` that shows `span` bars on `widthPx` pixels at ≤ maxRowsPerPixel. */
export function visibleFactorFor(span: number, widthPx: number, options?: PlanOptions): number {
  const o = resolve(options);
  const allowed = Math.max(1, widthPx * o.maxRowsPerPixel);
  let factor = 1;
  while (Math.max(1, span) / factor > allowed) factor *= o.base;
  return factor;
}

/**
 * Plan the rows for a series of `length` bars whose visible range is `visible` (full-resolution
 * indices, as `logicalRangeToIndexRange` gives) on a plot `widthPx` pixels wide.
 */
export function planRows(length: number, visible: IndexRange, widthPx: number, options?: PlanOptions): Plan {
  const o = resolve(options);
  const n = Math.max(0, Math.floor(length));
  if (n < o.minRowsForResampling || n === 0) return fullResolutionPlan(n, o);
  const base = o.base;
  const span = Math.max(1, visible.to - visible.from);
  const fv = visibleFactorFor(span, widthPx, o);
  const allowed = Math.max(1, widthPx * o.maxRowsPerPixel);
  // Each side keeps a screen of rows at the densest allowed: when zoomed in, more than a screen of bars.
  const side = Math.ceil(o.windowFactor * Math.max(span, allowed * fv));
  let start = Math.floor(visible.from) - side;
  let end = Math.ceil(visible.to) + 1 + side;
  // A visible range (partly) off the data still gets a window inside it.
  if (start >= n) start = n - (end - start);
  if (end <= 0) end = end - start;
  start = Math.max(0, Math.floor(start / fv) * fv);
  end = Math.min(n, Math.ceil(end / fv) * fv);
  if (end <= start) {
    start = 0;
    end = n;
  }

  const window = { start, end, factor: fv };
  const left: { start: number; end: number; factor: number }[] = [];
  let inner: { start: number; end: number; factor: number } = window;
  let f = fv;
  let b = start;
  while (b > 0) {
    const f2 = f * base;
    b = Math.floor(b / f2) * f2;
    inner.start = b; // widen the finer segment (< base of its rows) to the coarser alignment
    if (b === 0) break;
    const ring = { start: Math.max(0, b - o.ringRows * f2), end: b, factor: f2 };
    left.push(ring);
    inner = ring;
    b = ring.start;
    f = f2;
  }
  const right: { start: number; end: number; factor: number }[] = [];
  inner = window;
  f = fv;
  let e = end;
  while (e < n) {
    const f2 = f * base;
    e = Math.min(n, Math.ceil(e / f2) * f2);
    inner.end = e;
    if (e >= n) break;
    const ring = { start: e, end: Math.min(n, e + o.ringRows * f2), factor: f2 };
    right.push(ring);
    inner = ring;
    e = ring.end;
    f = f2;
  }
  left.reverse();
  const segments = withRows([...left, window, ...right]);
  const windowSegment = segments.findIndex((s) => s.factor === fv && s.start === window.start);
  return {
    length: n,
    segments,
    rows: countRows(segments),
    resampled: true,
    visibleFactor: fv,
    windowSegment,
    plannedWindowRows: segments[windowSegment].rows,
    options: o,
  };
}

/**
 * The plan after live rows made the series `length` bars long: the last segment grows (rows
 * before its last bucket keep their numbers, so the view can `update` the last rows only).
 */
export function extendPlan(plan: Plan, length: number): Plan {
  if (length === plan.length) return plan;
  if (length < plan.length) throw new Error("lwcharts: a plan only grows; re-plan for a shorter series");
  if (plan.segments.length === 0) return fullResolutionPlan(length, plan.options);
  const last = plan.segments[plan.segments.length - 1];
  const grown = { ...last, end: length, rows: Math.ceil((length - last.start) / last.factor) };
  const segments = [...plan.segments.slice(0, -1), grown];
  return {
    ...plan,
    length,
    segments,
    rows: countRows(segments),
    plannedWindowRows: plan.resampled ? plan.plannedWindowRows : length,
  };
}

/** Why a plan no longer fits the view. */
export type ReplanReason =
  /** More rows per pixel are visible than `maxRowsPerPixel`. */
  | "zoom-out"
  /** A level `base` times finer would fit with `zoomHysteresis` to spare. */
  | "zoom-in"
  /** The visible range is within `edgeMargin` of a window edge that is not a data end. */
  | "edge"
  /** Live appends grew the window by `maxWindowGrowth`, or made a short series long enough to resample. */
  | "grown"
  /** The series is longer than the plan: `extendPlan` it first. */
  | "length";

/**
 * Whether the view must re-plan for this visible range (full-resolution indices) and width;
 * `null` when the current plan still fits. Cheap enough to call on every visible-range change.
 */
export function replanReason(plan: Plan, visible: IndexRange, widthPx: number, length: number = plan.length): ReplanReason | null {
  const o = plan.options;
  if (length !== plan.length) return "length";
  if (!plan.resampled) return plan.length >= o.minRowsForResampling ? "grown" : null;
  const span = Math.max(1, visible.to - visible.from);
  const allowed = Math.max(1, widthPx * o.maxRowsPerPixel);
  const fv = plan.visibleFactor;
  if (span / fv > allowed) return "zoom-out";
  if (fv > 1 && (span / fv) * o.base * o.zoomHysteresis < allowed) return "zoom-in";
  const window = plan.segments[plan.windowSegment];
  const margin = o.edgeMargin * span;
  if (window.start > 0 && visible.from < window.start + margin) return "edge";
  if (window.end < plan.length && visible.to > window.end - margin) return "edge";
  if (window.rows > plan.plannedWindowRows * o.maxWindowGrowth) return "grown";
  return null;
}

/** Whether `plan` still fits this visible range and width: `replanReason(...) === null`. */
export function planFits(plan: Plan, visible: IndexRange, widthPx: number, length: number = plan.length): boolean {
  return replanReason(plan, visible, widthPx, length) === null;
}
