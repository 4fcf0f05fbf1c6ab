import { describe, expect, it } from "vitest";
import type { IChartApi, ISeriesApi, SeriesType as LwSeriesType } from "lightweight-charts";
import { needsResampling, reducerOfSeries, Resampler } from "../../src/chart/resampled";
import type { SeriesSpec } from "../../src/wire/spec";

type Ohlc = { time: number; open?: number; high?: number; low?: number; close?: number };

function series(n: number): { spec: SeriesSpec; api: ISeriesApi<LwSeriesType>; rows: () => Ohlc[] } {
  const time = new Float64Array(n);
  const open = new Float64Array(n);
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  const close = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    time[i] = 1_600_000_000 + 60 * i;
    open[i] = 100 + Math.sin(i / 7);
    close[i] = 100 + Math.sin((i + 1) / 7);
    high[i] = Math.max(open[i], close[i]) + (i % 13) / 10;
    low[i] = Math.min(open[i], close[i]) - (i % 11) / 10;
  }
  let rows: Ohlc[] = [];
  const api = {
    setData: (r: Ohlc[]) => (rows = r),
    update: (row: Ohlc) => (rows = rows.length > 0 && rows[rows.length - 1].time === row.time ? [...rows.slice(0, -1), row] : [...rows, row]),
  } as unknown as ISeriesApi<LwSeriesType>;
  const spec = { id: "price", type: "candlestick", length: n, options: {}, columns: { time, open, high, low, close } } as unknown as SeriesSpec;
  return { spec, api, rows: () => rows };
}

function histogram(id: string, n: number, options: Record<string, unknown>, value: (i: number) => number) {
  const time = new Float64Array(n);
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    time[i] = 1_600_000_000 + 60 * i;
    values[i] = value(i);
  }
  let rows: unknown[] = [];
  const api = { setData: (r: unknown[]) => (rows = r) } as unknown as ISeriesApi<LwSeriesType>;
  const spec = { id, type: "histogram", length: n, options, columns: { time, value: values } } as unknown as SeriesSpec;
  return { spec, api, rows: () => rows };
}

/**
 * Enough of lightweight-charts for the resampler: a time scale and series that keep their rows,
 * with the range-change subscription and the animation frames driven by the test.
 */
function drivenChart(width: number) {
  let range: { from: number; to: number } | null = null;
  let onRange: (() => void) | undefined;
  let frames: (() => void)[] = [];
  const timeScale = {
    subscribeVisibleLogicalRangeChange: (handler: () => void) => (onRange = handler),
    unsubscribeVisibleLogicalRangeChange: () => undefined,
    getVisibleLogicalRange: () => range,
    setVisibleLogicalRange: (r: { from: number; to: number }) => (range = r),
    applyOptions: () => undefined,
    options: () => ({ shiftVisibleRangeOnNewBar: true }),
    width: () => width,
  };
  const chart = { timeScale: () => timeScale } as unknown as IChartApi;
  const win = {
    requestAnimationFrame: (callback: () => void) => frames.push(callback),
    cancelAnimationFrame: () => undefined,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
  };
  const element = { ownerDocument: { defaultView: win }, addEventListener: () => undefined, removeEventListener: () => undefined } as unknown as HTMLElement;
  return {
    chart,
    element,
    /** lightweight-charts shows `r` and reports it. */
    show(r: { from: number; to: number }) {
      range = r;
      onRange?.();
    },
    /** Run the frames due now and the ones they ask for, as the browser would, frame by frame. */
    paint(count = 4) {
      for (let i = 0; i < count; i++) {
        const due = frames;
        frames = [];
        due.forEach((callback) => callback());
      }
    },
  };
}

/** 300,000 candles drawn on an 800 px driven chart, painted: what a fresh chart shows. */
function drawnLong() {
  const driven = drivenChart(800);
  const resampler = new Resampler(driven.chart, driven.element, () => undefined);
  resampler.attach([series(300_000)]);
  driven.paint();
  return { driven, resampler, rows: resampler.state()!.rows };
}

describe("resampled chart view", () => {
  it("resamples from 20,000 bars; sums volume histograms, OHLC for candles, last value for lines and other histograms", () => {
    expect(needsResampling([{ length: 19_999 }])).toBe(false);
    expect(needsResampling([{ length: 10 }, { length: 20_000 }])).toBe(true);
    expect(reducerOfSeries({ type: "histogram", options: { priceFormat: "volume" } })).toBe("sum");
    expect(reducerOfSeries({ type: "histogram", options: {} })).toBe("last");
    expect(reducerOfSeries({ type: "histogram", options: { priceFormat: "price" } })).toBe("last");
    expect(reducerOfSeries({ type: "candlestick", options: {} })).toBe("ohlc");
    expect(reducerOfSeries({ type: "line", options: { priceFormat: "volume" } })).toBe("last");
  });

  it("shows a volume histogram's buckets as sums and a MACD histogram's as their last value", () => {
    const n = 100_000;
    const { chart, element } = drivenChart(800);
    const volume = histogram("volume", n, { priceFormat: "volume" }, (i) => 1_000 + (i % 17) * 10);
    const macd = histogram("macd", n, {}, (i) => Math.sin(i / 50) - 0.2);
    new Resampler(chart, element, () => undefined).attach([volume, macd]);
    const times = volume.spec.columns["time"];
    const values = { volume: volume.spec.columns["value"], macd: macd.spec.columns["value"] };
    for (const [target, reference] of [
      [volume, (start: number, end: number) => Array.from(values.volume.slice(start, end)).reduce((a, b) => a + b, 0)],
      [macd, (_start: number, end: number) => values.macd[end - 1]],
    ] as const) {
      const rows = target.rows() as { time: number; value: number }[];
      expect(rows.length).toBeLessThan(10_000);
      expect(rows.some((row, r) => r + 1 < rows.length && rows[r + 1].time - row.time > 60)).toBe(true); // some rows are buckets
      for (let r = 0; r < rows.length; r++) {
        const start = (rows[r].time - times[0]) / 60;
        const end = r + 1 < rows.length ? (rows[r + 1].time - times[0]) / 60 : n;
        expect(rows[r].value).toBeCloseTo(reference(start, end), 6);
      }
    }
  });

  it("hands lightweight-charts few rows, each the OHLC of its bars, and live rows reach the last bucket", () => {
    const n = 200_000;
    const { chart, element } = drivenChart(800);
    const target = series(n);
    const resampler = new Resampler(chart, element, () => undefined);
    resampler.attach([target]);

    const rows = target.rows();
    expect(rows.length).toBeLessThan(10_000);
    expect(resampler.drawnBars("price")).toBe(n);
    const columns = target.spec.columns;
    const times = columns["time"];
    // Every row is the aggregate of the bars from its time to the next row's time.
    for (let r = 0; r < rows.length; r++) {
      const start = (rows[r].time - times[0]) / 60;
      const end = r + 1 < rows.length ? (rows[r + 1].time - times[0]) / 60 : n;
      let high = -Infinity;
      let low = Infinity;
      for (let i = start; i < end; i++) {
        high = Math.max(high, columns["high"][i]);
        low = Math.min(low, columns["low"][i]);
      }
      expect(rows[r]).toEqual({ time: times[start], open: columns["open"][start], high, low, close: columns["close"][end - 1] });
    }
    expect(rows[rows.length - 1].time).toBe(times[n - 1]); // full resolution at the end, where the view is

    const t = times[n - 1] + 60;
    const row = { time: t, open: 1, high: 1_000, low: 0.5, close: 2 };
    expect(resampler.liveRows.applyFrame([{ target: target as never, rows: [row as never] }])).toEqual([{ consumed: 1, calls: 1, rebuilds: 0 }]);
    const after = target.rows();
    expect(after[after.length - 1]).toEqual({ time: t, open: 1, high: 1_000, low: 0.5, close: 2 });
    expect(resampler.drawnBars("price")).toBe(n + 1);
    expect(resampler.lastDrawnRow("price")).toEqual({ time: t, open: 1, high: 1_000, low: 0.5, close: 2 });
    expect(resampler.snapMarkers([{ time: times[5] }])).toEqual([{ time: expect.any(Number) }]);
  });

  it("looks at a reported range at the next frame, once lightweight-charts' zoom is complete", () => {
    const { driven, resampler, rows } = drawnLong();
    // Zoomed out to 3,000 rows of bars: reported mid-zoom, nothing happens until the frame.
    driven.show({ from: rows - 3_000, to: rows - 1 });
    expect(resampler.state()!.replans).toBe(0);
    driven.paint();
    expect(resampler.state()!.replans).toBe(1);
    expect(resampler.state()!.visibleFactor).toBeGreaterThan(1);
  });

  it("goes on to a coarser level when zooming out near the end leaves the screen mostly blank", () => {
    const { driven, resampler, rows } = drawnLong();
    expect(resampler.state()!.visibleFactor).toBe(1);
    // 1,600 rows on 800 px (lightweight-charts' limit of half a pixel per row): the last 300
    // bars, then blank space. Fewer bars than pixels, but no further zoom out is possible.
    driven.show({ from: rows - 300, to: rows + 1_300 });
    driven.paint();
    expect(resampler.state()!.visibleFactor).toBeGreaterThan(1);
    // Zoomed out past the whole series, it stops at the level that shows it all on the screen.
    driven.show({ from: -50_000, to: 2_000_000 });
    driven.paint(8);
    expect(resampler.state()!.visibleFactor).toBe(1_024); // 300,000 bars: 293 rows of 1,024 on 800 px
  });
});
