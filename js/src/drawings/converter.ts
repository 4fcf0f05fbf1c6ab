/**
 * The `Converter` of one series on a live chart: prices through the series (so log, percent and
 * indexed scales are right), times through the bar grid and the time scale's logical coordinates
 * (so any time can be placed, not only bar times; see `time-grid.ts`).
 *
 * lightweight-charts places whole logical indexes only (`logicalToCoordinate(5.5)` is not a
 * position), so x is interpolated from the coordinates of logical 0 and 1: the time scale is
 * linear in the logical index.
 */
import type { Converter } from "./geometry";
import type { TimeGrid } from "./time-grid";

/** The parts of `ITimeScaleApi` used here (so tests can pass a plain object). */
export interface TimeScaleLike {
  logicalToCoordinate(logical: number): number | null;
  getVisibleLogicalRange(): { from: number; to: number } | null;
}

/** The parts of `ISeriesApi` used here. */
export interface SeriesLike {
  priceToCoordinate(price: number): number | null;
  coordinateToPrice(y: number): number | null;
}

/**
 * A converter for the chart as it is now (take a new one after a scroll or zoom); null while the
 * time scale is empty.
 */
export function chartConverter(timeScale: TimeScaleLike, series: SeriesLike, grid: TimeGrid): Converter | null {
  const x0 = timeScale.logicalToCoordinate(0);
  const x1 = timeScale.logicalToCoordinate(1);
  if (x0 === null || x1 === null || x1 === x0) return null;
  const spacing = x1 - x0;
  return {
    timeToX(time) {
      const logical = grid.logicalOf(time);
      return logical === null ? null : x0 + logical * spacing;
    },
    xToTime(x) {
      return grid.timeAt(Math.round((x - x0) / spacing));
    },
    priceToY(price) {
      return series.priceToCoordinate(price);
    },
    yToPrice(y) {
      return series.coordinateToPrice(y);
    },
  };
}

/**
 * The visible time range, widened by `marginBars` bars on each side (a drawing whose point is just
 * off screen still shows its line), or null when nothing is shown.
 */
export function visibleTimeRange(timeScale: TimeScaleLike, grid: TimeGrid, marginBars = 1): { from: number; to: number } | null {
  const range = timeScale.getVisibleLogicalRange();
  if (range === null) return null;
  const from = grid.timeAt(range.from - marginBars);
  const to = grid.timeAt(range.to + marginBars);
  return from === null || to === null ? null : { from, to };
}
