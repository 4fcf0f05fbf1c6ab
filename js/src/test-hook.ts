/**
 * A read-only window into a live chart for browser tests (Playwright):
 * `locator('.lwcharts').evaluate(el => el.lwcharts.snapshot())`. It reports what the chart
 * actually holds (lightweight-charts' own pane and data counts), not what we meant to draw.
 */
import type { SeriesType, ThemeName } from "./spec";

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
}

export interface TestHook {
  snapshot(): ChartSnapshot;
}

export function installTestHook(root: HTMLElement, snapshot: () => ChartSnapshot): void {
  root.setAttribute("data-testid", TEST_ID);
  const hook: TestHook = Object.freeze({ snapshot });
  Object.defineProperty(root, "lwcharts", { value: hook, enumerable: false, writable: false, configurable: false });
}
