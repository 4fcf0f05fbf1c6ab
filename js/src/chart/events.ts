/**
 * What the user does with a chart, as plain JSON for the host to pass to Python: clicks,
 * crosshair moves (throttled; opt-in, they are many) and visible time range changes (debounced,
 * so a drag or a wheel zoom gives one event once it settles). Times are UTC seconds, as Python
 * sent them. Host-free: hosts hand in an `emit` and the kinds Python listens to.
 */
import type { IChartApi, IRange, ISeriesApi, MouseEventParams, SeriesType, Time } from "lightweight-charts";
import type { EventKind } from "../shared";
import { Throttled } from "./throttle";


export interface OhlcValue {
  open: number;
  high: number;
  low: number;
  close: number;
}

/** A click, or the crosshair at a new place (all null once it left the chart). */
export interface PointEvent {
  type: "click" | "crosshair";
  /**
   * The bar under the pointer, UTC seconds; null off the data. On a resampled chart the row under
   * the pointer is a bucket of bars: its first bar's time, and `seriesValues` are the bucket's
   * (what the legend shows).
   */
  time: number | null;
  /** The price at the pointer on the pane's first series' price scale. */
  price: number | null;
  pane: number | null;
  /** Per series id with a bar at `time`: its value, or its OHLC for candles and bars. */
  seriesValues: Record<string, number | OhlcValue>;
}

/**
 * The visible time range after a scroll, zoom or new data; UTC seconds, inclusive: the times of
 * the first and the last full-resolution bar in view, also when a long series is shown as buckets
 * (chart/resampled.ts).
 */
export interface RangeEvent {
  type: "range";
  from: number;
  to: number;
}

export type ChartEvent = PointEvent | RangeEvent;

export interface EventTiming {
  /** At most one crosshair event per this many ms (the last position always follows). Default 100. */
  crosshairMs: number;
  /** A range event once the range has not changed for this many ms. Default 250. */
  rangeMs: number;
}

export const DEFAULT_TIMING: EventTiming = { crosshairMs: 100, rangeMs: 250 };

/**
 * The times of the first and last full-resolution bar in view when lightweight-charts' rows are
 * buckets of bars (a resampled chart); null to use lightweight-charts' own visible range.
 */
export type VisibleBarTimes = () => { from: number; to: number } | null;

/** The chart's series by id, in drawing order; read at each event, so it follows redraws. */
export type SeriesList = () => ReadonlyArray<{ id: string; api: ISeriesApi<SeriesType> }>;

function seconds(time: Time | undefined): number | null {
  if (time === undefined) return null;
  if (typeof time === "number") return time;
  // lwcharts always sends UTC seconds; the other Time shapes are only here for completeness.
  const ms = typeof time === "string" ? Date.parse(`${time}T00:00:00Z`) : Date.UTC(time.year, time.month - 1, time.day);
  return Number.isFinite(ms) ? ms / 1000 : null;
}

/** Turn lightweight-charts' mouse parameters into a PointEvent (pure: unit tested). */
export function pointEvent(type: PointEvent["type"], param: MouseEventParams<Time>, series: SeriesList): PointEvent {
  const all = series();
  const pane = param.paneIndex ?? null;
  let price: number | null = null;
  if (param.point !== undefined && pane !== null) {
    const first = all.find(({ api }) => api.getPane().paneIndex() === pane);
    const at = first?.api.coordinateToPrice(param.point.y);
    price = typeof at === "number" && Number.isFinite(at) ? at : null;
  }
  const seriesValues: Record<string, number | OhlcValue> = {};
  for (const { id, api } of all) {
    const row = param.seriesData.get(api);
    if (row === undefined) continue;
    if ("close" in row && typeof row.close === "number") {
      seriesValues[id] = { open: row.open, high: row.high, low: row.low, close: row.close };
    } else if ("value" in row && typeof row.value === "number") {
      seriesValues[id] = row.value;
    }
  }
  return { type, time: seconds(param.time), price, pane, seriesValues };
}

/**
 * Subscribe to the chosen kinds; returns the unsubscribe. Call again with other kinds after
 * unsubscribing (ChartView.setEvents does). Events of kinds not asked for cost nothing.
 */
export function subscribeEvents(
  chart: IChartApi,
  series: SeriesList,
  emit: (event: ChartEvent) => void,
  kinds: readonly EventKind[],
  timing: EventTiming = DEFAULT_TIMING,
  visibleBarTimes: VisibleBarTimes = () => null,
): () => void {
  const stops: Array<() => void> = [];
  if (kinds.includes("click")) {
    const onClick = (param: MouseEventParams<Time>) => emit(pointEvent("click", param, series));
    chart.subscribeClick(onClick);
    stops.push(() => chart.unsubscribeClick(onClick));
  }
  if (kinds.includes("crosshair")) {
    let latest: PointEvent | undefined;
    const throttled = new Throttled(() => {
      if (latest !== undefined) emit(latest);
    }, timing.crosshairMs);
    const onMove = (param: MouseEventParams<Time>) => {
      latest = pointEvent("crosshair", param, series);
      throttled.request();
    };
    chart.subscribeCrosshairMove(onMove);
    stops.push(() => {
      chart.unsubscribeCrosshairMove(onMove);
      throttled.cancel();
    });
  }
  if (kinds.includes("range")) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let last = "";
    const onRange = (range: IRange<Time> | null) => {
      clearTimeout(timer);
      if (range === null) return;
      timer = setTimeout(() => {
        // Read once the range settled: a resampled chart's rows are buckets, not bars.
        const bars = visibleBarTimes();
        const from = bars?.from ?? seconds(range.from);
        const to = bars?.to ?? seconds(range.to);
        if (from === null || to === null) return;
        // Redraws with the same range (a theme change, live rows off screen) are not news.
        const key = `${from}:${to}`;
        if (key === last) return;
        last = key;
        emit({ type: "range", from, to });
      }, timing.rangeMs);
    };
    const timeScale = chart.timeScale();
    timeScale.subscribeVisibleTimeRangeChange(onRange);
    stops.push(() => {
      timeScale.unsubscribeVisibleTimeRangeChange(onRange);
      clearTimeout(timer);
    });
  }
  return () => stops.forEach((stop) => stop());
}
