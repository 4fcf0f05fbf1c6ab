/**
 * A read-only window into a live chart for browser tests (Playwright):
 * `locator('.lwcharts').evaluate(el => el.lwcharts.snapshot())`. It reports what the chart
 * actually holds (lightweight-charts' own pane and data counts), not what we meant to draw.
 */
import type { SeriesType } from "../shared";
import type { DrawingSnapshot } from "./drawings";
import { fromSeriesOptions } from "../settings/flat-options";
import type { SeriesSpec, ThemeName } from "../wire/spec";

export const TEST_ID = "lwcharts-chart";

export interface SeriesSnapshot {
  id: string;
  name: string;
  type: SeriesType;
  /** Index of the pane the series is in, as lightweight-charts reports it. */
  pane: number;
  /** Bars lightweight-charts holds (`series.data().length`): gaps (NaN rows) are not counted. */
  barCount: number;
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
  /** Live-row messages received (live.ts) and their bytes; rows applied, in how many frames. */
  live: { messages: number; bytes: number; rows: number; frames: number };
  /** The user's live drawings as the chart holds them: kind, pane, points (UTC s, price), style. */
  drawings: DrawingSnapshot[];
}

export interface TestHook {
  snapshot(): ChartSnapshot;
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

export function seriesSnapshot({ spec, api }: DrawnSeries): SeriesSnapshot {
  const options = api.options();
  return {
    id: spec.id,
    name: spec.name,
    type: spec.type,
    pane: api.getPane().paneIndex(),
    barCount: api.data().length,
    visible: options.visible,
    options: fromSeriesOptions(spec.type, options),
  };
}

export function installTestHook(root: HTMLElement, snapshot: () => ChartSnapshot): void {
  root.setAttribute("data-testid", TEST_ID);
  const hook: TestHook = Object.freeze({ snapshot });
  Object.defineProperty(root, "lwcharts", { value: hook, enumerable: false, writable: false, configurable: false });
}
