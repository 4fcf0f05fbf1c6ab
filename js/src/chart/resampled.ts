/**
 * Long series in the chart view: from `RESAMPLE_MIN_BARS` bars in a series on, lightweight-charts
 * gets only the rows the view needs (the resampling engine, `resample/`): full-resolution bars in
 * a window around the visible range, coarser buckets (OHLC resampled, volumes summed) further
 * away, swapped in as the user pans and zooms. All in the browser, from the typed columns it
 * already holds: zooming makes no round trip to Python.
 *
 * Why here and not in lightweight-charts: its `setData` of 1M rows takes seconds and its memory
 * grows with the rows, while a screen shows at most one bar per pixel.
 *
 * Rows carry real times (a bucket's time is its first bar's), so the time axis, crosshair,
 * legend and click events read real times and the bucket's values without any translation;
 * markers are moved to the bucket holding them (`snapMarkers`), a synced peer's crosshair time to
 * the row showing it (`snapTime`), and range events report full-resolution bars
 * (`visibleTimeRange`). docs/performance.md "Long series" lists what stays right.
 */
import type { IChartApi, ISeriesApi, SeriesType as LwSeriesType } from "lightweight-charts";
import {
  buildPlanRows,
  DEFAULT_PLAN_OPTIONS,
  extendPlan,
  indexRangeToLogicalRange,
  logicalRangeToIndexRange,
  lowerBound,
  planRows,
  Pyramid,
  reducerFor,
  replanReason,
  rowOfIndex,
  snapMarkers,
  snapTime,
  unionTimes,
  visibleBars,
  type IndexRange,
  type NumericColumn,
  type Plan,
  type Reducer,
  type SeriesColumns,
} from "../resample";
import { isOhlcType, type SeriesType } from "../shared";
import type { SeriesSpec } from "../wire/spec";
import { SET_DATA_AFTER, type Applied, type RowsStrategy, type Waiting } from "./live";
import { isDrawn, type OhlcRow, type Row, type ValueRow } from "./rows";

/** Series shorter than this are handed to lightweight-charts whole. */
export const RESAMPLE_MIN_BARS = DEFAULT_PLAN_OPTIONS.minRowsForResampling;

/** Used before lightweight-charts has laid out the plot (its width is 0 then). */
const FALLBACK_WIDTH_PX = 1000;

/** lightweight-charts' default bar spacing: what a fresh chart shows of its last rows. */
export const DEFAULT_BAR_SPACING_PX = 6;

/**
 * How a series' bars become one bucket: candles and bars as OHLC; a volume histogram (price
 * format "volume" in code, which Python infers for a histogram named volume) sums, since a
 * bucket's volume is its bars' total; any other histogram (MACD-like) and lines keep the last
 * value, since a sum of an oscillator over 4^k bars means nothing. Read from the code's options,
 * not the user's saved style: a display choice must not change the data shown.
 */
export function reducerOfSeries(spec: Pick<SeriesSpec, "type" | "options">): Reducer {
  return spec.type === "histogram" && spec.options["priceFormat"] === "volume" ? "sum" : reducerFor(spec.type);
}

/** Whether a chart of these series is resampled: any one of them is long. */
export function needsResampling(series: readonly Pick<SeriesSpec, "length">[]): boolean {
  return series.some((s) => s.length >= RESAMPLE_MIN_BARS);
}

/** One drawn series as the resampler sees it. */
export interface ResampledTarget {
  readonly spec: SeriesSpec;
  readonly api: ISeriesApi<LwSeriesType>;
}

/** The value fields of a series type, time first. */
function fieldsOf(type: SeriesType): readonly string[] {
  return isOhlcType(type) ? ["time", "open", "high", "low", "close"] : ["time", "value"];
}

/**
 * A series' columns, growable for live rows: the decoded (read-only, possibly shared) columns
 * until the first live row, then `Float64Array`s with spare capacity.
 */
class SeriesStore {
  readonly pyramid: Pyramid;
  readonly ohlc: boolean;
  private fields: Record<string, NumericColumn>;
  private n: number;
  private grown = false;

  constructor(readonly target: ResampledTarget) {
    const spec = target.spec;
    this.ohlc = isOhlcType(spec.type);
    this.n = spec.length;
    this.fields = {};
    for (const name of fieldsOf(spec.type)) {
      const column = spec.columns[name];
      if (column === undefined) throw new Error(`lwcharts: series ${JSON.stringify(spec.id)} has no ${name} column`);
      this.fields[name] = column;
    }
    this.pyramid = new Pyramid(this.columns(), reducerOfSeries(spec), this.n);
  }

  get length(): number {
    return this.n;
  }

  get time(): NumericColumn {
    return this.fields["time"];
  }

  columns(): SeriesColumns {
    const f = this.fields;
    return this.ohlc ? { time: f["time"], open: f["open"], high: f["high"], low: f["low"], close: f["close"] } : { time: f["time"], value: f["value"] };
  }

  /** Bars that are not gaps (what `series.data()` would hold were the series drawn whole). */
  drawnBars(): number {
    const values = this.fields[this.ohlc ? "close" : "value"];
    let count = 0;
    for (let i = 0; i < this.n; i++) if (values[i] === values[i]) count++;
    return count;
  }

  /** The last bar that is not a gap, as a row (what the legend shows with the crosshair away). */
  lastDrawnRow(): OhlcRow | ValueRow | undefined {
    for (let i = this.n - 1; i >= 0; i--) {
      const row = this.rowAt(i);
      if (isDrawn(row)) return row;
    }
    return undefined;
  }

  /** The last bar (a gap too), as a row: what the series' last row is at full resolution. */
  lastBar(): Row | undefined {
    return this.n === 0 ? undefined : this.rowAt(this.n - 1);
  }

  private rowAt(i: number): Row {
    const f = this.fields;
    const time = f["time"][i] as OhlcRow["time"];
    if (this.ohlc) {
      const [o, h, l, c] = [f["open"][i], f["high"][i], f["low"][i], f["close"][i]];
      return o !== o || h !== h || l !== l || c !== c ? { time } : { time, open: o, high: h, low: l, close: c };
    }
    const v = f["value"][i];
    return v !== v ? { time } : { time, value: v };
  }

  /**
   * Live rows (in time order, none before the last bar): a row at the last bar's time replaces
   * it, later ones are appended. Updates the pyramid from the first changed bar on, and returns
   * that bar's index.
   */
  apply(rows: readonly Row[]): number {
    if (rows.length === 0) return this.n;
    this.ensureCapacity(this.n + rows.length);
    const f = this.fields as Record<string, Float64Array>;
    const before = this.n;
    let firstChanged = before;
    for (const row of rows) {
      let i = this.n;
      if (this.n > 0 && f["time"][this.n - 1] === row.time) i = this.n - 1;
      else this.n += 1;
      firstChanged = Math.min(firstChanged, i);
      f["time"][i] = row.time;
      const r = row as Partial<OhlcRow & ValueRow>;
      if (this.ohlc) {
        f["open"][i] = r.open ?? NaN;
        f["high"][i] = r.high ?? NaN;
        f["low"][i] = r.low ?? NaN;
        f["close"][i] = r.close ?? NaN;
      } else {
        f["value"][i] = r.value ?? NaN;
      }
    }
    this.pyramid.update(this.columns(), this.n, firstChanged);
    return firstChanged;
  }

  private ensureCapacity(length: number): void {
    if (this.grown && this.fields["time"].length >= length) return;
    const capacity = Math.max(16, Math.ceil(Math.max(length, this.fields["time"].length) * 1.5));
    const next: Record<string, Float64Array> = {};
    for (const [name, column] of Object.entries(this.fields)) {
      const array = new Float64Array(capacity);
      for (let i = 0; i < this.n; i++) array[i] = column[i];
      next[name] = array;
    }
    this.fields = next;
    this.grown = true;
  }
}

/** What a test or a benchmark reads about the resampling of a chart (test hook). */
export interface ResampleState {
  /** Full-resolution bars of the chart's time axis. */
  length: number;
  /** Rows handed to lightweight-charts per series. */
  rows: number;
  /** Bars per row in the window around the visible range (1: full resolution). */
  visibleFactor: number;
  /** Re-plans since the data was drawn (zoom, pan, live). */
  replans: number;
}

/**
 * The resampling of one chart: one time axis, one pyramid per series, one plan for all of them
 * (so a logical index means the same bucket in every series).
 */
export class Resampler {
  private stores: SeriesStore[] = [];
  /** The chart's time axis: its first `axisLength` entries. */
  private axis: NumericColumn = new Float64Array(0);
  private axisLength = 0;
  /** Each series' time column is the axis (no union needed): rows are bucketed by index. */
  private sameAxis = true;
  private plan: Plan | undefined;
  private replans = 0;
  /**
   * Set from our `setData` until lightweight-charts has applied the range we set with it (it
   * does so at its next paint; until then it reports the old range in the new rows).
   */
  private drawing = false;
  private settleFrame = 0;
  /** The frame at which a reported range change is looked at (`onRangeChange`). */
  private rangeFrame = 0;
  /** A pointer is down (a drag): re-plans wait for its release, lightweight-charts pans from its start state. */
  private pointerDown = false;

  /**
   * @param redrawn called after rows were swapped (markers must be snapped to the new buckets, and
   *   drawings placed on the new rows)
   */
  constructor(
    private readonly chart: IChartApi,
    private readonly element: HTMLElement,
    private readonly redrawn: () => void,
  ) {
    chart.timeScale().subscribeVisibleLogicalRangeChange(this.onRangeChange);
    element.addEventListener("pointerdown", this.onPointerDown);
    (element.ownerDocument.defaultView ?? window).addEventListener("pointerup", this.onPointerUp);
  }

  /** Whether the chart's series are resampled now. */
  get active(): boolean {
    return this.plan !== undefined;
  }

  /**
   * Draw these series resampled, or forget them (`[]`). When the chart was resampled already,
   * the same bars stay in view (new data of a Streamlit rerun keeps the user's zoom).
   */
  attach(targets: readonly ResampledTarget[]): void {
    const previous = this.plan;
    const range = previous === undefined ? null : this.chart.timeScale().getVisibleLogicalRange();
    const visible = previous === undefined || range === null ? undefined : logicalRangeToIndexRange(previous, range);
    this.stores = targets.map((target) => new SeriesStore(target));
    this.plan = undefined;
    this.replans = 0;
    if (this.stores.length === 0) return;
    this.rebuildAxis();
    const n = this.axisLength;
    const width = this.width();
    // A fresh chart shows its last rows at the default bar spacing: plan for exactly those.
    const shown = visible ?? { from: n - width / DEFAULT_BAR_SPACING_PX, to: n - 1 };
    this.draw(planRows(n, onData(shown, n), width), visible);
  }

  /** How live rows of the resampled series are drawn (chart/live.ts): one strategy for all, so a frame draws once. */
  readonly liveRows: RowsStrategy = { applyFrame: (batch) => this.applyFrame(batch) };

  /**
   * One frame of live rows: every series' rows go into its store first, then each series gets at
   * most one data call.
   * - Only its last displayed row changed (ticks), or one row was appended: ONE `update` of that
   *   row. lightweight-charts then holds a few thousand rows, so it costs little, and it follows
   *   the live edge itself when the last bar is in view (`shiftVisibleRangeOnNewBar`) and keeps
   *   the view where it is when the user scrolled away.
   * - Rows that would change several displayed rows (a tick and the next bar, a few bars in one
   *   frame) are drawn one displayed row per frame: the rest wait for the next frames, as
   *   `directRows` does. An `update` of a plan's few thousand rows costs a small fraction of their
   *   `setData` (Chromium, 3,000 rows: 0.04–2 ms against 27 ms, loaded machine; docs/performance.md).
   * - More than `SET_DATA_AFTER` bars waiting (a stream faster than the frames): one `setData` of
   *   the plan's rows with all of them (the rows before the changed ones keep their numbers, so
   *   lightweight-charts follows or keeps the view the same way).
   * - The grown plan no longer fits the view (`replanReason`): a new plan for all series, with
   *   the view moved by the new bars when it showed the last bar, else kept.
   */
  applyFrame(batch: readonly Waiting[]): Applied[] {
    const plan = this.plan;
    const done = batch.map(({ rows }): Applied => ({ consumed: rows.length, calls: 0, rebuilds: 0 }));
    if (plan === undefined) return done;
    const range = this.chart.timeScale().getVisibleLogicalRange();
    const before = this.axisLength;
    const changed: { store: SeriesStore; from: number; at: number }[] = [];
    batch.forEach(({ target, rows }, at) => {
      const store = this.stores.find((s) => s.target.spec.id === target.spec.id);
      if (store === undefined || rows.length === 0) return;
      const taken = rows.length > SET_DATA_AFTER ? rows : rows.slice(0, oneRowOf(plan, store.length, store.time[store.length - 1], rows));
      done[at] = { consumed: taken.length, calls: 0, rebuilds: 0 };
      changed.push({ store, from: store.apply(taken), at });
    });
    const firstChanged = this.growAxis(changed);
    const grown = extendPlan(plan, this.axisLength);
    const visible = range === null ? undefined : this.liveView(plan, range, this.axisLength - before);
    const data = visible === undefined ? undefined : followedRange(visible, this.axisLength);
    const width = this.width();
    if (data !== undefined && replanReason(grown, data, width) !== null) {
      this.replans += 1;
      this.draw(planRows(this.axisLength, data, width), visible);
      return done.map((applied) => ({ ...applied, calls: 1, rebuilds: 1 }));
    }
    this.plan = grown;
    const fromRow = rowOfIndex(grown, firstChanged);
    if (fromRow < 0) return done;
    for (const { store, at } of changed) {
      const options = { sameAxis: this.sameAxis };
      const tail = buildPlanRows(grown, this.axis, store.pyramid, { ...options, fromRow });
      if (tail.length === 0) continue;
      if (tail.length === 1) store.target.api.update(tail[0]!);
      else store.target.api.setData(buildPlanRows(grown, this.axis, store.pyramid, options));
      done[at] = { ...done[at]!, calls: 1, rebuilds: tail.length === 1 ? 0 : 1 };
    }
    return done;
  }

  /**
   * The full-resolution range to keep in view after `added` live bars, as lightweight-charts
   * does for a series it holds: moved with the new bars when the last row was in view (and
   * `shiftVisibleRangeOnNewBar` is on), else where it was.
   */
  private liveView(plan: Plan, range: IndexRange, added: number): IndexRange {
    const visible = logicalRangeToIndexRange(plan, range);
    const last = plan.rows - 1;
    const follows = Math.floor(range.from) <= last && last <= Math.ceil(range.to);
    if (added <= 0 || !follows || this.chart.timeScale().options().shiftVisibleRangeOnNewBar === false) return visible;
    return { from: visible.from + added, to: visible.to + added };
  }

  /**
   * The axis after live rows. While every series has the same times (one series, or series fed
   * the same bars) only the new times are compared; otherwise the axis is rebuilt. Returns the
   * first axis index whose bucket holds changed bars.
   */
  private growAxis(changed: readonly { store: SeriesStore; from: number }[]): number {
    if (changed.length === 0) return this.axisLength;
    const first = this.stores[0]!;
    const from = Math.min(...changed.map((c) => c.from));
    if (this.sameAxis && this.stores.every((s) => s.length === first.length && sameTimes(s.time, first.time, first.length, from))) {
      this.axis = first.time;
      this.axisLength = first.length;
      return from;
    }
    this.rebuildAxis();
    return Math.min(...changed.map(({ store, from }) => lowerBound(this.axis, store.time[from]!, 0, this.axisLength)));
  }

  /** The last bar of a series that is not a gap, for the legend. */
  lastDrawnRow(seriesId: string): OhlcRow | ValueRow | undefined {
    return this.stores.find((s) => s.target.spec.id === seriesId)?.lastDrawnRow();
  }

  /** The last bar of a series at full resolution (a gap too); undefined when not resampled. */
  lastBar(seriesId: string): Row | undefined {
    return this.plan === undefined ? undefined : this.stores.find((s) => s.target.spec.id === seriesId)?.lastBar();
  }

  /** Bars of a series at full resolution, gaps not counted; undefined when not resampled. */
  drawnBars(seriesId: string): number | undefined {
    return this.plan === undefined ? undefined : this.stores.find((s) => s.target.spec.id === seriesId)?.drawnBars();
  }

  /** Markers moved onto the bucket that holds their time (unchanged when not resampled). */
  snapMarkers<T extends { readonly time: unknown }>(markers: readonly T[]): T[] {
    return this.plan === undefined ? [...markers] : snapMarkers(markers, this.plan, this.axis);
  }

  /** The time of the row showing time `t` (unchanged when not resampled). */
  snapTime(t: number): number | undefined {
    return this.plan === undefined ? t : snapTime(this.plan, this.axis, t);
  }

  /**
   * The times of the first and the last full-resolution bar in view (UTC seconds), or null when
   * not resampled (lightweight-charts' own visible range is right then) or before data.
   */
  visibleTimeRange(): { from: number; to: number } | null {
    const plan = this.plan;
    const range = plan === undefined ? null : this.chart.timeScale().getVisibleLogicalRange();
    const bars = plan === undefined || range === null ? null : visibleBars(plan, range);
    return bars === null ? null : { from: this.axis[bars.from], to: this.axis[bars.to] };
  }

  state(): ResampleState | null {
    const plan = this.plan;
    return plan === undefined ? null : { length: plan.length, rows: plan.rows, visibleFactor: plan.visibleFactor, replans: this.replans };
  }

  destroy(): void {
    this.chart.timeScale().unsubscribeVisibleLogicalRangeChange(this.onRangeChange);
    (this.element.ownerDocument.defaultView ?? window).cancelAnimationFrame(this.settleFrame);
    (this.element.ownerDocument.defaultView ?? window).cancelAnimationFrame(this.rangeFrame);
    this.element.removeEventListener("pointerdown", this.onPointerDown);
    (this.element.ownerDocument.defaultView ?? window).removeEventListener("pointerup", this.onPointerUp);
    this.stores = [];
    this.plan = undefined;
  }

  /** One axis for all series: the first series' times when all share them, else their union. */
  private rebuildAxis(): void {
    const first = this.stores[0];
    this.sameAxis = this.stores.every((s) => s.length === first.length && sameTimes(s.time, first.time, first.length));
    this.axis = this.sameAxis ? first.time : unionTimes(this.stores.map((s) => ({ time: s.time, length: s.length })));
    this.axisLength = this.sameAxis ? first.length : this.axis.length;
  }

  private width(): number {
    const width = this.chart.timeScale().width();
    return width > 0 ? width : FALLBACK_WIDTH_PX;
  }

  /** Hand every series the rows of `plan`, and keep `visible` (full-resolution indices) in view. */
  private draw(plan: Plan, visible: IndexRange | undefined): void {
    this.drawing = true;
    try {
      this.plan = plan;
      for (const store of this.stores) {
        const rows = buildPlanRows(plan, this.axis, store.pyramid, { sameAxis: this.sameAxis });
        store.target.api.setData(rows);
      }
      if (visible !== undefined) this.keepInView(indexRangeToLogicalRange(plan, visible), plan.rows);
      this.redrawn();
    } finally {
      this.settle();
    }
  }

  /**
   * lightweight-charts reports a range change from inside its wheel zoom, after setting the new
   * bar spacing (which zooms around the right edge) and before it moves the point under the
   * pointer back under it. A re-plan there would keep the range zoomed around the right edge: the
   * time under the pointer would move by a tenth of its distance to the right edge at every
   * re-plan. So the range is looked at once the change is complete, at the next frame (a burst of
   * wheel events in one frame makes one re-plan).
   */
  private readonly onRangeChange = (): void => {
    if (this.rangeFrame !== 0) return;
    const win = this.element.ownerDocument.defaultView ?? window;
    this.rangeFrame = win.requestAnimationFrame(() => {
      this.rangeFrame = 0;
      this.onRange();
    });
  };

  /**
   * The range lightweight-charts reports may be from before our last `setData` (it reports after
   * a paint): the range is read now, in the rows of the current plan.
   */
  private readonly onRange = (): void => {
    const range = this.chart.timeScale().getVisibleLogicalRange();
    if (this.drawing || range === null || this.plan === undefined) return;
    if (this.pointerDown) return;
    const plan = this.plan;
    const visible = logicalRangeToIndexRange(plan, range);
    const data = followedRange(visible, plan.length);
    const width = this.width();
    if (replanReason(plan, data, width) === null) return;
    this.replans += 1;
    this.draw(planRows(plan.length, data, width), visible);
  };

  /**
   * Show logical range `target` (lightweight-charts: to = last row + rightOffset, to − from + 1 =
   * width / barSpacing). In lightweight-charts 5.2 the bar spacing and right offset, like
   * `setVisibleLogicalRange`, take effect at its next paint, which applies them in order and ends
   * on `target`: a wheel event between our `setData` and that paint is dropped, not misapplied.
   */
  private keepInView(target: IndexRange, rows: number): void {
    const timeScale = this.chart.timeScale();
    timeScale.applyOptions({ barSpacing: this.width() / (target.to - target.from + 1), rightOffset: target.to - (rows - 1) });
    timeScale.setVisibleLogicalRange(target);
  }

  /** Two frames on, lightweight-charts has painted with our range: look at the range again. */
  private settle(): void {
    const win = this.element.ownerDocument.defaultView ?? window;
    win.cancelAnimationFrame(this.settleFrame);
    this.settleFrame = win.requestAnimationFrame(() => {
      this.settleFrame = win.requestAnimationFrame(() => {
        this.settleFrame = 0;
        this.drawing = false;
        this.onRange();
      });
    });
  }

  private readonly onPointerDown = (): void => {
    this.pointerDown = true;
  };

  private readonly onPointerUp = (): void => {
    if (!this.pointerDown) return;
    this.pointerDown = false;
    this.onRange();
  };
}

/**
 * How many of `rows` (live rows of a series of `length` bars whose last bar is at `lastTime`)
 * land in one displayed row of `plan` grown by them: all fall in its last segment, whose buckets
 * are `factor` bars from its start. At least one.
 */
function oneRowOf(plan: Plan, length: number, lastTime: number, rows: readonly Row[]): number {
  const segment = plan.segments[plan.segments.length - 1];
  if (segment === undefined) return 1;
  const bucket = (index: number) => Math.floor((index - segment.start) / segment.factor);
  // A row at the last bar's time replaces it; every other row is a new bar.
  let next = rows[0]!.time === lastTime ? length - 1 : length;
  const first = bucket(next);
  let taken = 0;
  for (; taken < rows.length && bucket(next) === first; taken++) next++;
  return Math.max(1, taken);
}

/**
 * The part of a visible range that holds bars: the blank space lightweight-charts shows beyond
 * the data must not count as bars, or zooming out past the data would re-plan ever coarser.
 */
function onData(visible: IndexRange, length: number): IndexRange {
  const from = Math.min(Math.max(visible.from, -0.5), length - 0.5);
  const to = Math.max(Math.min(visible.to, length - 0.5), from);
  return { from, to };
}

/**
 * The visible range a plan follows while the user zooms and pans: the bars in view, and the blank
 * space beyond the data up to a span of the whole data. lightweight-charts zooms out no further
 * than half a pixel per row, so when zooming out around a point left of the last bar the blank
 * space grows until its rows alone fill the screen: it must count towards a coarser level, or the
 * zoom stalls with the data on a part of the screen. Capped at the data's length, so zooming out
 * past the whole series does not re-plan ever coarser.
 */
function followedRange(visible: IndexRange, length: number): IndexRange {
  const data = onData(visible, length);
  const extra = Math.min(visible.to - visible.from, length) - (data.to - data.from);
  if (!(extra > 0)) return data;
  return visible.to > data.to ? { from: data.from, to: data.to + extra } : { from: data.from - extra, to: data.to };
}

function sameTimes(a: NumericColumn, b: NumericColumn, length: number, from = 0): boolean {
  if (a === b) return true;
  for (let i = from; i < length; i++) if (a[i] !== b[i]) return false;
  return true;
}
