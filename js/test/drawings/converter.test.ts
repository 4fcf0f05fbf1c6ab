import { describe, expect, it } from "vitest";
import { chartConverter, visibleTimeRange } from "../../src/drawings/converter";
import { sanitizeDrawings } from "../../src/drawings/model";
import { TimeGrid } from "../../src/drawings/time-grid";
import { DAY, bar, dailyGrid, fakeTimeScale, linearSeries, logSeries } from "./helpers";

describe("chartConverter", () => {
  it("interpolates x between whole logical coordinates and snaps x back to the bar grid", () => {
    const conv = chartConverter(fakeTimeScale(), linearSeries, dailyGrid())!;
    expect(conv.timeToX(bar(3) + DAY / 4)).toBe(50 + 32.5);
    expect(conv.xToTime(50 + 32.5)).toBe(bar(3));
    expect(conv.xToTime(50 + 36)).toBe(bar(4));
    expect(conv.xToTime(50 + 1000 * 10)).toBe(bar(1000)); // far in the future: extrapolated
  });

  it("passes prices through the series (log scale here)", () => {
    const conv = chartConverter(fakeTimeScale(), logSeries, dailyGrid())!;
    expect(conv.priceToY(100)).toBe(200);
    expect(conv.yToPrice(100)).toBeCloseTo(1000, 9);
    expect(conv.priceToY(-5)).toBeNull();
  });

  it("is null while the time scale is empty", () => {
    const empty = { logicalToCoordinate: () => null, getVisibleLogicalRange: () => null };
    expect(chartConverter(empty, linearSeries, dailyGrid())).toBeNull();
  });
});

describe("visibleTimeRange", () => {
  it("turns the visible logical range into times, one bar wider on each side", () => {
    expect(visibleTimeRange(fakeTimeScale({ from: 10, to: 20 }), dailyGrid())).toEqual({ from: bar(9), to: bar(21) });
    expect(visibleTimeRange(fakeTimeScale({ from: 95, to: 130 }), dailyGrid())).toEqual({ from: bar(94), to: bar(131) });
    expect(visibleTimeRange(fakeTimeScale(null), dailyGrid())).toBeNull();
    expect(visibleTimeRange(fakeTimeScale(), new TimeGrid([]))).toBeNull();
  });
});

describe("sanitizeDrawings on a huge sparse list", () => {
  it("reads only the first entries, fast", () => {
    const start = performance.now();
    const { records, problems } = sanitizeDrawings(new Array(50_000_000), 0);
    expect(records).toEqual([]);
    expect(problems[0]).toContain("only the first 2000");
    expect(performance.now() - start).toBeLessThan(500);
  });
});
