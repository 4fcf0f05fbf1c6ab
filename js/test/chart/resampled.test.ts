import { describe, expect, it } from "vitest";
import type { IChartApi, ISeriesApi, SeriesType as LwSeriesType } from "lightweight-charts";
import { needsResampling, reducerOfType, Resampler } from "../../src/chart/resampled";
import type { SeriesSpec } from "../../src/wire/spec";

type Ohlc = { time: number; open?: number; high?: number; low?: number; close?: number };

/** Enough of lightweight-charts for the resampler: a time scale and series that keep their rows. */
function fakeChart(width: number) {
  let range: { from: number; to: number } | null = null;
  const timeScale = {
    subscribeVisibleLogicalRangeChange: () => undefined,
    unsubscribeVisibleLogicalRangeChange: () => undefined,
    getVisibleLogicalRange: () => range,
    setVisibleLogicalRange: (r: { from: number; to: number }) => (range = r),
    applyOptions: () => undefined,
    options: () => ({ shiftVisibleRangeOnNewBar: true }),
    width: () => width,
  };
  const chart = { timeScale: () => timeScale } as unknown as IChartApi;
  const win = { requestAnimationFrame: () => 1, cancelAnimationFrame: () => undefined, addEventListener: () => undefined, removeEventListener: () => undefined };
  const element = { ownerDocument: { defaultView: win }, addEventListener: () => undefined, removeEventListener: () => undefined } as unknown as HTMLElement;
  return { chart, element };
}

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
  const spec = { id: "price", type: "candlestick", length: n, columns: { time, open, high, low, close } } as unknown as SeriesSpec;
  return { spec, api, rows: () => rows };
}

describe("resampled chart view", () => {
  it("resamples from 20,000 bars; sums histograms, OHLC for candles, last value for lines", () => {
    expect(needsResampling([{ length: 19_999 }])).toBe(false);
    expect(needsResampling([{ length: 10 }, { length: 20_000 }])).toBe(true);
    expect(reducerOfType("histogram")).toBe("sum");
    expect(reducerOfType("candlestick")).toBe("ohlc");
    expect(reducerOfType("line")).toBe("last");
  });

  it("hands lightweight-charts few rows, each the OHLC of its bars, and live rows reach the last bucket", () => {
    const n = 200_000;
    const { chart, element } = fakeChart(800);
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
});
