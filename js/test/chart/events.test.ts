import { afterEach, describe, expect, it, vi } from "vitest";
import { pointEvent, subscribeEvents, type ChartEvent, type SeriesList } from "../../src/chart/events";

const T0 = 1_704_067_200;

function fakeSeries(id: string, pane: number, price: number) {
  return { id, api: { getPane: () => ({ paneIndex: () => pane }), coordinateToPrice: () => price } };
}

function fakeChart() {
  const handlers: Record<string, Array<(arg: unknown) => void>> = { click: [], move: [], range: [] };
  const chart = {
    subscribeClick: (h: (arg: unknown) => void) => handlers["click"].push(h),
    unsubscribeClick: (h: (arg: unknown) => void) => handlers["click"].splice(handlers["click"].indexOf(h), 1),
    subscribeCrosshairMove: (h: (arg: unknown) => void) => handlers["move"].push(h),
    unsubscribeCrosshairMove: (h: (arg: unknown) => void) => handlers["move"].splice(handlers["move"].indexOf(h), 1),
    timeScale: () => ({
      subscribeVisibleTimeRangeChange: (h: (arg: unknown) => void) => handlers["range"].push(h),
      unsubscribeVisibleTimeRangeChange: (h: (arg: unknown) => void) => handlers["range"].splice(handlers["range"].indexOf(h), 1),
    }),
  };
  const fire = (kind: string, arg: unknown) => handlers[kind].forEach((h) => h(arg));
  return { chart: chart as never, fire, handlers };
}

function mouse(time: number | undefined, seriesData: Map<unknown, unknown> = new Map()) {
  return { time, point: time === undefined ? undefined : { x: 10, y: 20 }, paneIndex: time === undefined ? undefined : 0, seriesData };
}

afterEach(() => vi.useRealTimers());

describe("pointEvent", () => {
  it("reports time, price on the pane's first series, and each series' value by id", () => {
    const price = fakeSeries("price", 0, 101.5);
    const sma = fakeSeries("sma", 0, 0);
    const volume = fakeSeries("volume", 1, 0);
    const data = new Map<unknown, unknown>([
      [price.api, { time: T0, open: 1, high: 2, low: 0.5, close: 1.5 }],
      [sma.api, { time: T0, value: 1.2 }],
      [volume.api, { time: T0 }],
    ]);
    const series = (() => [price, sma, volume]) as unknown as SeriesList;
    expect(pointEvent("click", mouse(T0, data) as never, series)).toEqual({
      type: "click",
      time: T0,
      price: 101.5,
      pane: 0,
      seriesValues: { price: { open: 1, high: 2, low: 0.5, close: 1.5 }, sma: 1.2 },
    });
  });

  it("is all null when the pointer is off the chart", () => {
    expect(pointEvent("crosshair", mouse(undefined) as never, () => [])).toEqual({
      type: "crosshair",
      time: null,
      price: null,
      pane: null,
      seriesValues: {},
    });
  });
});

describe("subscribeEvents", () => {
  it("subscribes only to the kinds asked for, and unsubscribes", () => {
    const { chart, fire, handlers } = fakeChart();
    const got: ChartEvent[] = [];
    const stop = subscribeEvents(chart, () => [], (e) => got.push(e), ["click"]);
    expect([handlers["click"].length, handlers["move"].length, handlers["range"].length]).toEqual([1, 0, 0]);
    fire("click", mouse(T0));
    expect(got.map((e) => e.type)).toEqual(["click"]);
    stop();
    expect(handlers["click"].length).toBe(0);
  });

  it("throttles crosshair moves and always delivers the last one", () => {
    vi.useFakeTimers();
    const { chart, fire } = fakeChart();
    const got: ChartEvent[] = [];
    subscribeEvents(chart, () => [], (e) => got.push(e), ["crosshair"], { crosshairMs: 100, rangeMs: 250 });
    for (let i = 0; i < 10; i++) fire("move", mouse(T0 + i));
    expect(got.map((e) => (e.type === "crosshair" ? e.time : -1))).toEqual([T0]);
    vi.advanceTimersByTime(100);
    expect(got.map((e) => (e.type === "crosshair" ? e.time : -1))).toEqual([T0, T0 + 9]);
    vi.advanceTimersByTime(500);
    expect(got.length).toBe(2);
  });

  it("debounces range changes and skips a repeat of the same range", () => {
    vi.useFakeTimers();
    const { chart, fire } = fakeChart();
    const got: ChartEvent[] = [];
    subscribeEvents(chart, () => [], (e) => got.push(e), ["range"], { crosshairMs: 100, rangeMs: 250 });
    fire("range", { from: T0, to: T0 + 10 });
    fire("range", { from: T0 + 1, to: T0 + 11 });
    vi.advanceTimersByTime(249);
    expect(got).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(got).toEqual([{ type: "range", from: T0 + 1, to: T0 + 11 }]);
    fire("range", { from: T0 + 1, to: T0 + 11 });
    vi.advanceTimersByTime(300);
    expect(got.length).toBe(1);
  });

  it("reports the first and last bar in view, not the rows' times, when the rows are buckets", () => {
    vi.useFakeTimers();
    const { chart, fire } = fakeChart();
    const got: ChartEvent[] = [];
    let bars: { from: number; to: number } | null = { from: T0, to: T0 + 3_599 };
    subscribeEvents(chart, () => [], (e) => got.push(e), ["range"], { crosshairMs: 100, rangeMs: 250 }, () => bars);
    fire("range", { from: T0, to: T0 + 3_000 });
    vi.advanceTimersByTime(250);
    bars = null; // not resampled (any more): lightweight-charts' own range
    fire("range", { from: T0 + 60, to: T0 + 120 });
    vi.advanceTimersByTime(250);
    expect(got).toEqual([
      { type: "range", from: T0, to: T0 + 3_599 },
      { type: "range", from: T0 + 60, to: T0 + 120 },
    ]);
  });
});
