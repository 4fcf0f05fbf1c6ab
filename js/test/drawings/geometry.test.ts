import { describe, expect, it } from "vitest";
import { chartConverter } from "../../src/drawings/converter";
import {
  clipLine,
  fibLevels,
  fibPrice,
  formatDuration,
  formatMeasure,
  hitTest,
  layoutDrawing,
  measureStats,
  moveAnchor,
  moveDrawing,
  pointerPoint,
  timeExtent,
  type Converter,
  type DrawingLayout,
} from "../../src/drawings/geometry";
import type { Drawing } from "../../src/drawings/model";
import { TimeGrid } from "../../src/drawings/time-grid";
import { DAY, T0, VIEW, bar, converter, dailyGrid, drawing, fakeTimeScale, linearSeries, logSeries, percentSeries } from "./helpers";

// Linear helpers: bar i is at x = 50 + 10 i, price p at y = (200 − p) × 2.
const lin = converter();
const layout = (d: Drawing, conv: Converter = lin): DrawingLayout => {
  const l = layoutDrawing(d, conv, VIEW);
  if (l === null) throw new Error("not placed");
  return l;
};
const round = (s: { x1: number; y1: number; x2: number; y2: number }) => [s.x1, s.y1, s.x2, s.y2].map((v) => Math.round(v * 1000) / 1000);

describe("layout of each kind", () => {
  const a = { time: bar(10), price: 100 }; // (150, 200)
  const b = { time: bar(20), price: 110 }; // (250, 180)

  it("draws a trend line between its points", () => {
    const l = layout(drawing("trend_line", [a, b]));
    expect(l.anchors).toEqual([{ x: 150, y: 200 }, { x: 250, y: 180 }]);
    expect(l.segments.map(round)).toEqual([[150, 200, 250, 180]]);
  });

  it("draws a ray from the first point through the second to the pane's edge", () => {
    expect(layout(drawing("ray", [a, b])).segments.map(round)).toEqual([[150, 200, 800, 70]]);
    // Pointing left and up: ends at the top edge.
    expect(layout(drawing("ray", [b, a])).segments.map(round)).toEqual([[250, 180, 0, 230]]);
  });

  it("extends an extended line both ways, and a vertical ray to the top", () => {
    expect(layout(drawing("extended_line", [a, b])).segments.map(round)).toEqual([[0, 230, 800, 70]]);
    const up = drawing("ray", [a, { time: bar(10), price: 150 }]);
    expect(layout(up).segments.map(round)).toEqual([[150, 200, 150, 0]]);
  });

  it("draws horizontal lines across, horizontal rays to the right, vertical lines top to bottom", () => {
    expect(layout(drawing("horizontal_line", [a])).segments.map(round)).toEqual([[0, 200, 800, 200]]);
    expect(layout(drawing("horizontal_ray", [a])).segments.map(round)).toEqual([[150, 200, 800, 200]]);
    expect(layout(drawing("vertical_line", [a])).segments.map(round)).toEqual([[150, 0, 150, 400]]);
  });

  it("draws a rectangle with a fill, four edges and four corner anchors; extends it right", () => {
    const l = layout(drawing("rectangle", [a, b]));
    expect(l.fills).toEqual([{ x: 150, y: 180, w: 100, h: 20 }]);
    expect(l.segments).toHaveLength(4);
    expect(l.anchors).toEqual([{ x: 150, y: 200 }, { x: 250, y: 180 }, { x: 150, y: 180 }, { x: 250, y: 200 }]);
    const extended = layout(drawing("rectangle", [a, b], { style: { ...drawing("rectangle", []).style, extendRight: true } }));
    expect(extended.fills[0]).toEqual({ x: 150, y: 180, w: 650, h: 20 });
  });

  it("leaves out lines that are entirely off the pane, and cannot place points without bars", () => {
    expect(layout(drawing("trend_line", [{ time: bar(-50), price: 1 }, { time: bar(-40), price: 2 }])).segments).toEqual([]);
    const empty = chartConverter(fakeTimeScale(), linearSeries, new TimeGrid([]));
    expect(empty).not.toBeNull();
    expect(layoutDrawing(drawing("trend_line", [a, b]), empty as Converter, VIEW)).toBeNull();
    expect(layoutDrawing(drawing("trend_line", [a]), lin, VIEW)).toBeNull();
  });

  it("places points outside the data by extrapolating the bar interval", () => {
    const future = layout(drawing("trend_line", [{ time: bar(99), price: 100 }, { time: bar(105) + DAY / 2, price: 100 }]));
    expect(future.anchors[1].x).toBe(50 + 105.5 * 10);
    const past = layout(drawing("vertical_line", [{ time: bar(-3), price: 100 }]));
    expect(past.anchors[0].x).toBe(20);
  });
});

describe("clipLine", () => {
  it("returns null outside, and the visible part otherwise", () => {
    expect(clipLine({ x: -10, y: -10 }, { x: -5, y: -20 }, 0, 1, VIEW)).toBeNull();
    expect(round(clipLine({ x: -100, y: 100 }, { x: 100, y: 100 }, 0, 1, VIEW)!)).toEqual([0, 100, 100, 100]);
    expect(clipLine({ x: 10, y: 10 }, { x: 10, y: 10 }, -Infinity, Infinity, VIEW)).toEqual({ x1: 10, y1: 10, x2: 10, y2: 10 });
  });
});

describe("hitTest", () => {
  const line = drawing("trend_line", [{ time: bar(10), price: 100 }, { time: bar(20), price: 110 }], { id: "line" });
  const ray = drawing("ray", [{ time: bar(10), price: 100 }, { time: bar(20), price: 110 }], { id: "ray" });

  it("hits a line within half its width plus the tolerance, and misses beyond", () => {
    const layouts = [layout(line)];
    expect(hitTest(layouts, 200, 190)).toEqual({ id: "line", part: "body", distance: 0 });
    expect(hitTest(layouts, 200, 195)?.id).toBe("line"); // ~4.9 px away: within 1 + 4
    expect(hitTest(layouts, 200, 197)).toBeNull();
    expect(hitTest(layouts, 260, 178)).toBeNull(); // beyond the end of a segment
  });

  it("hits a ray beyond its second point but not behind its first", () => {
    expect(hitTest([layout(ray)], 700, 90)?.id).toBe("ray");
    expect(hitTest([layout(ray)], 100, 210)).toBeNull();
  });

  it("hits inside a filled rectangle, only its edges when unfilled", () => {
    const filled = drawing("rectangle", [{ time: bar(10), price: 100 }, { time: bar(30), price: 150 }], { id: "r" });
    expect(hitTest([layout(filled)], 200, 150)).toEqual({ id: "r", part: "body", distance: 0 });
    const hollow = { ...filled, style: { ...filled.style, fillOpacity: 0 } };
    expect(hitTest([layout(hollow)], 200, 150)).toBeNull();
    expect(hitTest([layout(hollow)], 151, 150)?.id).toBe("r");
  });

  it("hits the selected drawing's anchors first, with their index", () => {
    const layouts = [layout(line)];
    expect(hitTest(layouts, 152, 198)?.part).toBe("body");
    expect(hitTest(layouts, 152, 198, { selectedId: "line" })).toMatchObject({ id: "line", part: "anchor", anchor: 0 });
    expect(hitTest(layouts, 249, 181, { selectedId: "line" })).toMatchObject({ part: "anchor", anchor: 1 });
  });

  it("prefers the nearer body, and the top one on a tie", () => {
    const other = drawing("trend_line", [{ time: bar(10), price: 100 }, { time: bar(20), price: 110 }], { id: "top" });
    expect(hitTest([layout(line), layout(other)], 200, 190)?.id).toBe("top");
    const h = drawing("horizontal_line", [{ time: bar(15), price: 101 }], { id: "h" }); // y = 198
    expect(hitTest([layout(h), layout(line)], 200, 193)?.id).toBe("line");
    expect(hitTest([layout(h), layout(line)], 200, 197)?.id).toBe("h");
  });

  it("hits a text note inside its box", () => {
    const note = drawing("text", [{ time: bar(10), price: 100 }], { id: "n", text: "hello" });
    const l = layoutDrawing(note, lin, VIEW, { textWidth: () => 40 })!;
    expect(l.textBox).toEqual({ x: 150, y: 200 - 14 * 1.2, w: 40, h: 14 * 1.2 });
    expect(hitTest([l], 180, 195)?.id).toBe("n");
    expect(hitTest([l], 195, 195)).toBeNull();
  });

  it("sizes a multi-line note's box to its lines", () => {
    const note = drawing("text", [{ time: bar(10), price: 100 }], { id: "n", text: "one\nlonger line" });
    const l = layoutDrawing(note, lin, VIEW)!;
    expect(l.textBox).toEqual({ x: 150, y: 200 - 2 * 14 * 1.2, w: 11 * 14 * 0.6, h: 2 * 14 * 1.2 });
    expect(hitTest([l], 152, 200 - 14 * 1.2 - 5)?.id).toBe("n");
  });
});

describe("on a log scale", () => {
  const log = converter(logSeries);
  const line = drawing("trend_line", [{ time: bar(10), price: 10 }, { time: bar(20), price: 1000 }]);

  it("places anchors at the log positions of the prices", () => {
    expect(layout(line, log).anchors).toEqual([{ x: 150, y: 300 }, { x: 250, y: 100 }]);
  });

  it("reshapes an anchor to the price at the pointer's y", () => {
    const moved = moveAnchor(line, 1, 350, 200, log)!;
    expect(moved.points[1].time).toBe(bar(30));
    expect(moved.points[1].price).toBeCloseTo(100, 9);
    expect(line.points[1].price).toBe(1000);
  });

  it("moves a drawing in pixels: 100 px up multiplies prices by 10", () => {
    const moved = moveDrawing(line, 0, -100, log)!;
    expect(moved.points.map((p) => p.price).map((p) => Math.round(p * 1e6) / 1e6)).toEqual([100, 10000]);
    expect(moved.points.map((p) => p.time)).toEqual([bar(10), bar(20)]);
  });

  it("keeps fib level prices linear in price, placed at their log position", () => {
    const fib = drawing("fib_retracement", [{ time: bar(10), price: 10 }, { time: bar(20), price: 1000 }]);
    const l = layout(fib, log);
    const level = fibLevels(fib).find((f) => f.level === 0.5)!;
    expect(level.price).toBe(505);
    const y = (4 - Math.log10(505)) * 100;
    expect(l.segments.some((s) => !s.auxiliary && Math.abs(s.y1 - y) < 1e-9)).toBe(true);
  });

  it("snaps the magnet to the nearest value in pixels, not in price", () => {
    // Pointer at price 50: 10 is nearer in price, 100 is nearer on screen.
    const y = (4 - Math.log10(50)) * 100;
    expect(pointerPoint(150, y, log, { values: () => [10, 100] })).toEqual({ time: bar(10), price: 100 });
    expect(pointerPoint(150, 300, lin, { values: () => [10, 100] })?.price).toBe(10); // linear: price 50
  });
});

describe("on a percent scale", () => {
  const pct = converter(percentSeries);

  it("keeps prices as prices: anchors at their percent position, moves back to prices", () => {
    const line = drawing("trend_line", [{ time: bar(10), price: 75 }, { time: bar(20), price: 50 }]);
    expect(layout(line, pct).anchors).toEqual([{ x: 150, y: 100 }, { x: 250, y: 200 }]);
    const moved = moveDrawing(line, 0, -40, pct)!; // 40 px = 20 % of the base 50 = 10
    expect(moved.points.map((p) => p.price)).toEqual([85, 60]);
  });
});

describe("moveDrawing", () => {
  const line = drawing("trend_line", [{ time: bar(10), price: 100 }, { time: bar(20), price: 110 }]);

  it("moves by whole bars, snapping times to the bar grid", () => {
    const moved = moveDrawing(line, 23, -10, lin)!;
    expect(moved.points).toEqual([{ time: bar(12), price: 105 }, { time: bar(22), price: 115 }]);
  });

  it("keeps the number of bars across a weekend gap", () => {
    const weekdays = new TimeGrid([0, 1, 2, 3, 4, 7, 8, 9, 10, 11].map((d) => T0 + d * DAY));
    const conv = chartConverter(fakeTimeScale(), linearSeries, weekdays)!;
    const thuFri = drawing("trend_line", [{ time: T0 + 3 * DAY, price: 100 }, { time: T0 + 4 * DAY, price: 100 }]);
    const moved = moveDrawing(thuFri, 10, 0, conv)!;
    expect(moved.points.map((p) => (p.time - T0) / DAY)).toEqual([4, 7]);
  });

  it("extrapolates times beyond the last bar", () => {
    const late = drawing("trend_line", [{ time: bar(95), price: 100 }, { time: bar(99), price: 100 }]);
    expect(moveDrawing(late, 100, 0, lin)!.points.map((p) => p.time)).toEqual([bar(105), bar(109)]);
  });

  it("moves horizontal lines in price only and vertical lines in time only", () => {
    const h = drawing("horizontal_line", [{ time: bar(10) + 7, price: 100 }]);
    expect(moveDrawing(h, 55, -20, lin)!.points).toEqual([{ time: bar(10) + 7, price: 110 }]);
    const v = drawing("vertical_line", [{ time: bar(10), price: 100.5 }]);
    expect(moveDrawing(v, 50, -20, lin)!.points).toEqual([{ time: bar(15), price: 100.5 }]);
  });

  it("does not modify its input", () => {
    const snapshot = JSON.stringify(line);
    moveDrawing(line, 30, 30, lin);
    moveAnchor(line, 0, 30, 30, lin);
    expect(JSON.stringify(line)).toBe(snapshot);
  });
});

describe("moveAnchor on a rectangle", () => {
  it("moves the other two corners through both points", () => {
    const r = drawing("rectangle", [{ time: bar(10), price: 100 }, { time: bar(20), price: 110 }]);
    expect(moveAnchor(r, 2, 100, 160, lin)!.points).toEqual([{ time: bar(5), price: 100 }, { time: bar(20), price: 120 }]);
    expect(moveAnchor(r, 3, 300, 220, lin)!.points).toEqual([{ time: bar(10), price: 90 }, { time: bar(25), price: 110 }]);
    expect(moveAnchor(r, 4, 300, 220, lin)).toBeNull();
  });
});

describe("fib levels", () => {
  it("put 0 at the second point and 1 at the first, upwards and downwards", () => {
    const up = drawing("fib_retracement", [{ time: bar(10), price: 100 }, { time: bar(20), price: 200 }]);
    const levels = fibLevels(up);
    expect(levels.map((l) => l.level)).toEqual([0, 0.236, 0.382, 0.5, 0.618, 0.786, 1]);
    expect(levels[0].price).toBe(200);
    expect(levels[6].price).toBe(100);
    expect(levels[4].price).toBeCloseTo(138.2, 9);
    const down = drawing("fib_retracement", [{ time: bar(10), price: 200 }, { time: bar(20), price: 100 }]);
    expect(fibLevels(down)[4].price).toBeCloseTo(161.8, 9);
    expect(fibPrice(100, 200, 1.618)).toBeCloseTo(38.2, 9);
  });

  it("draws one line per level with a label, plus the dashed diagonal", () => {
    const fib = drawing("fib_retracement", [{ time: bar(10), price: 100 }, { time: bar(20), price: 150 }], { levels: [0, 0.5, 1] });
    const l = layout(fib);
    expect(l.segments.filter((s) => s.auxiliary)).toHaveLength(1);
    expect(l.segments.filter((s) => !s.auxiliary).map(round)).toEqual([[150, 100, 250, 100], [150, 150, 250, 150], [150, 200, 250, 200]]);
    expect(l.labels.map((x) => x.text)).toEqual(["0 (150.00)", "0.5 (125.00)", "1 (100.00)"]);
  });
});

describe("measure", () => {
  const grid = dailyGrid();
  const m = drawing("measure", [{ time: bar(10), price: 100 }, { time: bar(30), price: 125 }]);

  it("computes change, percent, bars and duration", () => {
    expect(measureStats(m, (a, b) => grid.barsBetween(a, b))).toEqual({ change: 25, percent: 25, bars: 20, duration: 20 * DAY });
    const down = drawing("measure", [{ time: bar(30), price: 200 }, { time: bar(10), price: 150 }]);
    expect(measureStats(down, (a, b) => grid.barsBetween(a, b))).toEqual({ change: -50, percent: -25, bars: -20, duration: -20 * DAY });
    const fromZero = drawing("measure", [{ time: bar(1), price: 0 }, { time: bar(2), price: 5 }]);
    expect(measureStats(fromZero)).toEqual({ change: 5, percent: null, bars: null, duration: DAY });
    const negative = drawing("measure", [{ time: bar(1), price: -50 }, { time: bar(2), price: -25 }]);
    expect(measureStats(negative).percent).toBe(50);
  });

  it("labels the box with the stats", () => {
    const l = layoutDrawing(m, lin, VIEW, { barsBetween: (a, b) => grid.barsBetween(a, b) })!;
    expect(l.labels).toEqual([{ x: 250, y: 146, text: "+25.00 (+25.00%), 20 bars, 20d", align: "center", baseline: "bottom", boxed: true }]);
    expect(l.fills).toEqual([{ x: 150, y: 150, w: 200, h: 50 }]);
    expect(hitTest([l], 200, 170)?.part).toBe("body");
  });

  it("formats stats and durations", () => {
    expect(formatMeasure({ change: -1.5, percent: -0.75, bars: 1, duration: 3600 })).toBe("−1.50 (−0.75%), 1 bar, 1h");
    expect(formatMeasure({ change: 0.000123, percent: null, bars: null, duration: 0 })).toBe("+0.0001230, 0s");
    expect(formatDuration(93_784)).toBe("1d 2h");
    expect(formatDuration(86_460)).toBe("1d");
    expect(formatDuration(-90)).toBe("−1m 30s");
  });
});

describe("pointerPoint", () => {
  it("gives the bar-grid time and the price at the pointer, magnet within a threshold", () => {
    expect(pointerPoint(153, 100, lin)).toEqual({ time: bar(10), price: 150 });
    const ohlc = () => [148, 160, 140, 152];
    expect(pointerPoint(153, 100, lin, { values: ohlc })?.price).toBe(148);
    expect(pointerPoint(153, 70, lin, { values: ohlc })?.price).toBe(160);
    expect(pointerPoint(153, 60, lin, { values: ohlc, thresholdPx: 10 })?.price).toBe(170);
    expect(pointerPoint(153, 100, lin, { values: () => null })?.price).toBe(150);
  });
});

describe("timeExtent", () => {
  const a = { time: bar(10), price: 1 };
  const b = { time: bar(20), price: 2 };
  it("widens the extent where a drawing extends", () => {
    expect(timeExtent(drawing("trend_line", [b, a]))).toEqual([bar(10), bar(20)]);
    expect(timeExtent(drawing("ray", [a, b]))).toEqual([bar(10), Infinity]);
    expect(timeExtent(drawing("ray", [b, a]))).toEqual([-Infinity, bar(20)]);
    expect(timeExtent(drawing("ray", [a, { time: bar(10), price: 5 }]))).toEqual([bar(10), bar(10)]);
    expect(timeExtent(drawing("extended_line", [a, b]))).toEqual([-Infinity, Infinity]);
    expect(timeExtent(drawing("horizontal_line", [a]))).toEqual([-Infinity, Infinity]);
    expect(timeExtent(drawing("horizontal_ray", [a]))).toEqual([bar(10), Infinity]);
    expect(timeExtent(drawing("vertical_line", [a]))).toEqual([bar(10), bar(10)]);
  });
});
