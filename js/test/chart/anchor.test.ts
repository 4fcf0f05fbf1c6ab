import { describe, expect, it } from "vitest";
import { anchorPrice, firstAtOrAfter } from "../../src/chart/anchor";
import type { SeriesSpec } from "../../src/wire/spec";

const series = (type: SeriesSpec["type"], columns: Record<string, number[]>): SeriesSpec => ({
  id: "s",
  name: "s",
  type,
  pane: 0,
  options: {},
  priceScale: { id: "right", mode: "normal" },
  length: columns["time"]?.length ?? 0,
  columns: Object.fromEntries(Object.entries(columns).map(([k, v]) => [k, Float64Array.from(v)])),
  markers: [],
  priceLines: [],
});

describe("firstAtOrAfter", () => {
  const times = [10, 20, 30, 40];
  it("finds the time itself, the next one after a gap in time, or the last", () => {
    expect(firstAtOrAfter(times, 30)).toBe(2);
    expect(firstAtOrAfter(times, 25)).toBe(2);
    expect(firstAtOrAfter(times, 5)).toBe(0);
    expect(firstAtOrAfter(times, 99)).toBe(3);
    expect(firstAtOrAfter([7], 1)).toBe(0);
  });
});

describe("anchorPrice", () => {
  it("reads the value of a value series and the close of an OHLC one", () => {
    expect(anchorPrice(series("line", { time: [10, 20, 30], value: [1, 2, 3] }), 20)).toBe(2);
    const candles = series("candlestick", { time: [10, 20], open: [1, 1], high: [5, 5], low: [0, 0], close: [3, 4] });
    expect(anchorPrice(candles, 20)).toBe(4);
  });

  it("falls back to the first value where the bar is a gap, and 0 with no value at all", () => {
    expect(anchorPrice(series("line", { time: [10, 20, 30], value: [NaN, 2, NaN] }), 30)).toBe(2);
    expect(anchorPrice(series("line", { time: [10], value: [NaN] }), 10)).toBe(0);
  });

  it("has no anchor for a series without bars", () => {
    expect(anchorPrice(series("line", { time: [], value: [] }), 10)).toBeUndefined();
    expect(anchorPrice(series("line", {}), 10)).toBeUndefined();
  });
});
