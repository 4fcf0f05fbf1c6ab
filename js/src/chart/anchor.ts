/**
 * Where a synced peer's crosshair lands on this chart (chart/sync.ts): lightweight-charts'
 * `setCrosshairPosition` needs a series and a price as well as the time, so the chart offers its
 * first series' value at that time.
 */
import { isOhlcType } from "../shared";
import type { SeriesSpec } from "../wire/spec";

/** Index of the first time at or after `time` in ascending `times` (the last index when none is). */
export function firstAtOrAfter(times: ArrayLike<number>, time: number): number {
  let low = 0;
  let high = times.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (times[middle] < time) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The series' value (close for OHLC) at the first bar at or after `time`; where that bar is a gap,
 * the series' first value, so the crosshair still shows. Undefined for a series with no bars.
 */
export function anchorPrice(series: SeriesSpec, time: number): number | undefined {
  const times = series.columns["time"];
  const values = series.columns[isOhlcType(series.type) ? "close" : "value"];
  if (times === undefined || values === undefined || times.length === 0) return undefined;
  const price = values[firstAtOrAfter(times, time)];
  return Number.isFinite(price) ? price : (values.find(Number.isFinite) ?? 0);
}
