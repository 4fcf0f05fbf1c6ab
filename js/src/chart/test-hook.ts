/**
 * A read-only window into a live chart for browser tests (Playwright):
 * `locator('.lwcharts').evaluate(el => el.lwcharts.snapshot())`. It reports what the chart
 * actually holds (lightweight-charts' own pane and data counts), not what we meant to draw.
 */
import type { SeriesType } from "../shared";
import type { DrawingSnapshot } from "./drawings";
import { fromSeriesOptions } from "../settings/flat-options";
import type { SeriesSpec, ThemeName } from "../wire/spec";
import type { LiveStats } from "./live";
import type { ResampleState } from "./resampled";
import type { Row } from "./rows";

export const TEST_ID = "lwcharts-chart";

export interface SeriesSnapshot {
  id: string;
  name: string;
  type: SeriesType;
  /** Index of the pane the series is in, as lightweight-charts reports it. */
  pane: number;
  /**
   * Bars of the series at full resolution, gaps (NaN rows) not counted: what lightweight-charts
   * holds (`series.data().length`), or for a resampled series the bars behind its rows.
   */
  barCount: number;
  /** The last row lightweight-charts holds (time in seconds and its values), null when empty. */
  lastRow: Record<string, number> | null;
  /**
   * The last bar at full resolution (time in seconds and its values; a gap is its time only):
   * `lastRow` unless resampled, where `lastRow` may be a bucket of several bars.
   */
  lastBar: Record<string, number> | null;
  /** Rows lightweight-charts holds (`series.data().length`): `barCount` unless resampled. */
  displayedRows: number;
  visible: boolean;
  /**
   * The options the series is drawn with now (from `series.options()`), by flat schema name:
   * code options, theme defaults and the user's saved settings combined.
   */
  options: Record<string, unknown>;
}

export interface ChartSnapshot {
  chartId: string;
  theme: ThemeName;
  paneCount: number;
  series: SeriesSnapshot[];
  /** Legend entry texts, "name value"; empty when the legend is off. */
  legend: string[];
  /** Where the crosshair is (seconds), moved by the user or by a synced chart; null when away. */
  crosshairTime: number | null;
  /**
   * The crosshair's time label as the chart's display-time-zone formatter writes it (the text
   * lightweight-charts paints on the time axis); null when away or without a time zone.
   */
  crosshairLabel: string | null;
  /** The time scale's visible logical range (bar indexes), null before data. */
  visibleRange: { from: number; to: number } | null;
  /** Pane ids collapsed by the user (pane-collapse.ts). */
  collapsedPanes: number[];
  /** Envelopes render() was handed, and their sizes in bytes. */
  received: { envelopes: number; lastBytes: number; totalBytes: number };
  /** Live-row messages received (live.ts) and their bytes; rows, data calls, frames. */
  live: LiveStats;
  /** Times of the markers as drawn, by series id (series with markers only). */
  markers: Record<string, number[]>;
  /** How long series are resampled (chart/resampled.ts); null when the chart's series are drawn whole. */
  resampling: ResampleState | null;
  /** The user's live drawings as the chart holds them: kind, pane, points (UTC s, price), style. */
  drawings: DrawingSnapshot[];
}

export interface TestHook {
  snapshot(): ChartSnapshot;
  /**
   * Where the row at `time` (seconds) is drawn: x in CSS pixels from the chart's left edge, null
   * when no row has that time or it is off screen. Tests point the real mouse there.
   */
  timeToX(time: number): number | null;
}

/** What lightweight-charts says about one drawn series (a small fake in tests). */
export interface DrawnSeries {
  spec: Pick<SeriesSpec, "id" | "name" | "type">;
  api: {
    getPane(): { paneIndex(): number };
    data(): readonly unknown[];
    options(): Readonly<Record<string, unknown>> & { visible: boolean };
  };
}

/**
 * @param fullBars the bars behind a resampled series' rows (default: the rows it holds)
 * @param fullLastBar a resampled series' last bar at full resolution (default: its last row)
 */
export function seriesSnapshot({ spec, api }: DrawnSeries, fullBars?: number, fullLastBar?: Row): SeriesSnapshot {
  const options = api.options();
  const data = api.data();
  const lastRow = data.length > 0 ? { ...data[data.length - 1]! } : null;
  return {
    id: spec.id,
    name: spec.name,
    type: spec.type,
    pane: api.getPane().paneIndex(),
    barCount: fullBars ?? data.length,
    displayedRows: data.length,
    lastRow,
    lastBar: fullLastBar === undefined ? lastRow : { ...fullLastBar },
    visible: options.visible,
    options: fromSeriesOptions(spec.type, options),
  };
}

export function installTestHook(root: HTMLElement, snapshot: () => ChartSnapshot, timeToX: (time: number) => number | null): void {
  root.setAttribute("data-testid", TEST_ID);
  const hook: TestHook = Object.freeze({ snapshot, timeToX });
  Object.defineProperty(root, "lwcharts", { value: hook, enumerable: false, writable: false, configurable: false });
}
