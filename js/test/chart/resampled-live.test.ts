/**
 * Live rows into resampled (long) series, through `LiveUpdates` and the resampler's strategy,
 * against a fake of what lightweight-charts does with its time scale: the visible range is
 * `rightOffset` and `barSpacing` from the last row, and new rows on the right move the view with
 * them only when the last row was in view (its `shiftVisibleRangeOnNewBar`), else the right
 * offset is compensated and the view stays.
 */
import { describe, expect, it } from "vitest";
import type { IChartApi, ISeriesApi, SeriesType as LwSeriesType } from "lightweight-charts";
import { LiveUpdates, SET_DATA_AFTER, type LiveSeries } from "../../src/chart/live";
import { Resampler } from "../../src/chart/resampled";
import type { SeriesSpec } from "../../src/wire/spec";

type Bar = { time: number; open?: number; high?: number; low?: number; close?: number; value?: number };
type Range = { from: number; to: number };

const T0 = 1_600_000_000;
const STEP = 60;
const WIDTH = 800;

/** lightweight-charts' time scale as far as the resampler and a live stream use it. */
class FakeTimeScale {
  barSpacing = 6;
  rightOffset = 0;
  readonly series: FakeSeries[] = [];

  /** The last row's index (all series share the times here). */
  baseIndex(): number {
    return Math.max(-1, ...this.series.map((s) => s.rows.length - 1));
  }

  getVisibleLogicalRange(): Range | null {
    if (this.baseIndex() < 0) return null;
    const to = this.rightOffset + this.baseIndex();
    return { from: to - WIDTH / this.barSpacing + 1, to };
  }

  setVisibleLogicalRange(range: Range): void {
    this.barSpacing = WIDTH / (range.to - range.from + 1);
    this.rightOffset = range.to - this.baseIndex();
  }

  applyOptions(options: { barSpacing?: number; rightOffset?: number }): void {
    this.barSpacing = options.barSpacing ?? this.barSpacing;
    this.rightOffset = options.rightOffset ?? this.rightOffset;
  }

  /** lightweight-charts' `updateTimeScale`: new rows on the right shift the view only when the last row was visible. */
  dataChanged(oldBase: number): void {
    const range = this.getVisibleLogicalRangeAt(oldBase);
    const newBase = this.baseIndex();
    if (range === null || newBase <= oldBase) return;
    const lastVisible = Math.floor(range.from) <= oldBase && oldBase <= Math.ceil(range.to);
    if (!lastVisible) this.rightOffset -= newBase - oldBase;
  }

  private getVisibleLogicalRangeAt(base: number): Range | null {
    if (base < 0) return null;
    const to = this.rightOffset + base;
    return { from: to - WIDTH / this.barSpacing + 1, to };
  }

  subscribeVisibleLogicalRangeChange(): void {}
  unsubscribeVisibleLogicalRangeChange(): void {}
  width(): number {
    return WIDTH;
  }
  options(): { shiftVisibleRangeOnNewBar: boolean } {
    return { shiftVisibleRangeOnNewBar: true };
  }
}

class FakeSeries {
  rows: Bar[] = [];
  /** Data calls per frame: `calls[frame]` lists them. */
  calls: string[] = [];
  constructor(private readonly timeScale: FakeTimeScale) {
    timeScale.series.push(this);
  }
  setData(rows: Bar[]): void {
    const base = this.timeScale.baseIndex();
    this.calls.push("setData");
    this.rows = rows;
    this.timeScale.dataChanged(base);
  }
  update(row: Bar): void {
    const base = this.timeScale.baseIndex();
    this.calls.push("update");
    const last = this.rows[this.rows.length - 1];
    if (last !== undefined && row.time < last.time) throw new Error("Cannot update oldest data");
    if (last !== undefined && row.time === last.time) this.rows[this.rows.length - 1] = row;
    else this.rows.push(row);
    this.timeScale.dataChanged(base);
  }
  data(): Bar[] {
    return this.rows;
  }
}

function fakeChart() {
  const timeScale = new FakeTimeScale();
  const chart = { timeScale: () => timeScale } as unknown as IChartApi;
  const callbacks: Array<() => void> = [];
  const win = {
    requestAnimationFrame: (cb: FrameRequestCallback) => callbacks.push(() => cb(0)),
    cancelAnimationFrame: () => undefined,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
  };
  const element = { ownerDocument: { defaultView: win }, addEventListener: () => undefined, removeEventListener: () => undefined } as unknown as HTMLElement;
  /** Animation frames: the resampler's settling frames are dropped, the live flush is run by `frame`. */
  const frames = { ...win, run: () => callbacks.splice(0).forEach((cb) => cb()) };
  return { chart, element, timeScale, frames };
}

/** A long series of `n` bars, one a minute: candles, or a volume histogram. */
function longSeries(id: string, type: "candlestick" | "histogram", n: number, timeScale: FakeTimeScale) {
  const time = new Float64Array(n);
  const columns: Record<string, Float64Array> = { time };
  const fields = type === "candlestick" ? ["open", "high", "low", "close"] : ["value"];
  for (const field of fields) columns[field] = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    time[i] = T0 + STEP * i;
    for (const field of fields) columns[field]![i] = 100 + (i % 17) + (field === "high" ? 2 : field === "low" ? -2 : 0);
  }
  const api = new FakeSeries(timeScale);
  const spec = { id, type, length: n, options: {}, columns } as unknown as SeriesSpec;
  return { spec, api: api as unknown as ISeriesApi<LwSeriesType>, fake: api };
}

function candle(time: number, close: number): Bar {
  return { time, open: 100, high: Math.max(100, close) + 1, low: Math.min(100, close) - 1, close };
}

/** A resampled chart of these series with live rows going through `LiveUpdates`, as the view wires it. */
function liveChart(n: number, types: ReadonlyArray<"candlestick" | "histogram"> = ["candlestick"]) {
  const { chart, element, timeScale, frames } = fakeChart();
  const series = types.map((type, i) => longSeries(i === 0 ? "price" : `s${i}`, type, n, timeScale));
  const resampler = new Resampler(chart, element, () => undefined);
  resampler.attach(series);
  frames.run();
  for (const s of series) s.fake.calls = [];
  const live = new LiveUpdates(
    (id) => {
      const s = series.find((x) => x.spec.id === id);
      return s === undefined ? undefined : ({ spec: s.spec, api: s.api, strategy: resampler.liveRows } satisfies LiveSeries);
    },
    () => undefined,
    frames,
  );
  /** Rows of one frame (each series: its list), then the frame. */
  const frame = (rows: Record<string, Bar[]>) => {
    for (const [id, bars] of Object.entries(rows)) live.push(rowsMessage(id, bars));
    frames.run();
  };
  /** Frames until no row waits. */
  const drain = () => {
    while (live.backlog > 0) frames.run();
  };
  return { resampler, live, series, timeScale, frame, drain, price: series[0]! };
}

/** The live-rows message lwcharts/wire/live.py writes for `bars` (float64 columns). */
function rowsMessage(seriesId: string, bars: Bar[]): Uint8Array {
  const names = Object.keys(bars[0]!);
  const described: Record<string, unknown> = {};
  const body = new Float64Array(names.length * bars.length);
  names.forEach((name, c) => {
    described[name] = { dtype: "f64", offset: c * bars.length * 8, length: bars.length };
    bars.forEach((bar, r) => (body[c * bars.length + r] = (bar as Record<string, number>)[name]!));
  });
  const json = new TextEncoder().encode(JSON.stringify({ version: 1, seriesId, length: bars.length, columns: described }));
  const start = Math.ceil((8 + json.byteLength) / 8) * 8;
  const out = new Uint8Array(start + body.byteLength);
  out.set(new TextEncoder().encode("LWC1"));
  new DataView(out.buffer).setUint32(4, json.byteLength, true);
  out.set(json, 8);
  out.set(new Uint8Array(body.buffer), start);
  return out;
}

/** The last row lightweight-charts holds for a series. */
function lastRow(series: FakeSeries): Bar {
  return series.rows[series.rows.length - 1]!;
}

/** Whether the row at `index` is in the visible logical range. */
function inView(timeScale: FakeTimeScale, index: number): boolean {
  const range = timeScale.getVisibleLogicalRange()!;
  return range.from <= index && index <= range.to;
}

describe("live rows into a resampled series", () => {
  const N = 30_000;

  it("draws ticks on the last bar with one update each frame, never a setData", () => {
    const { frame, price, resampler, live } = liveChart(N);
    const last = T0 + STEP * (N - 1);
    const rowsBefore = price.fake.rows.length;
    for (let tick = 0; tick < 5; tick++) frame({ price: [candle(last, 101 + tick), candle(last, 102 + tick)] });
    expect(price.fake.calls).toEqual(["update", "update", "update", "update", "update"]);
    expect(price.fake.rows.length).toBe(rowsBefore);
    expect(lastRow(price.fake)).toEqual(candle(last, 106));
    expect(resampler.lastBar("price")).toEqual(candle(last, 106));
    expect(resampler.drawnBars("price")).toBe(N);
    expect(live.stats).toMatchObject({ applied: 5, rebuilds: 0, frames: 5, maxCallsPerFrame: 1 });
  });

  it("follows the live edge: a new bar scrolls in at the same bar spacing, shown at full resolution", () => {
    const { frame, price, timeScale, resampler } = liveChart(N);
    const before = timeScale.getVisibleLogicalRange()!;
    const spacing = timeScale.barSpacing;
    const t = T0 + STEP * N;
    frame({ price: [candle(t, 120)] });
    expect(price.fake.calls).toEqual(["update"]);
    const after = timeScale.getVisibleLogicalRange()!;
    expect(after.to - before.to).toBeCloseTo(1);
    expect(timeScale.barSpacing).toBe(spacing);
    expect(lastRow(price.fake)).toEqual(candle(t, 120)); // a row of its own, not a bucket
    expect(resampler.lastBar("price")).toEqual(candle(t, 120));
    expect(inView(timeScale, price.fake.rows.length - 1)).toBe(true);
  });

  it("draws a few bars that arrive together one per frame, each with one update, following them", () => {
    const { frame, drain, price, timeScale, resampler, live } = liveChart(N);
    const before = timeScale.getVisibleLogicalRange()!;
    const last = T0 + STEP * (N - 1);
    const bars = [candle(last, 99), ...Array.from({ length: 4 }, (_, i) => candle(T0 + STEP * (N + i), 110 + i))];
    frame({ price: bars });
    expect(price.fake.calls).toEqual(["update"]);
    expect(lastRow(price.fake)).toEqual(bars[0]); // the tick on the last bar first
    drain();
    expect(price.fake.calls).toEqual(["update", "update", "update", "update", "update"]);
    expect(timeScale.getVisibleLogicalRange()!.to - before.to).toBeCloseTo(4);
    expect(price.fake.rows.slice(-5)).toEqual(bars);
    expect(resampler.lastBar("price")).toEqual(bars[4]);
    expect(live.stats).toMatchObject({ applied: 5, rebuilds: 0, frames: 5, maxCallsPerFrame: 1 });
  });

  it(`draws more than ${SET_DATA_AFTER} waiting bars with one setData, and the view follows them all`, () => {
    const { frame, price, timeScale, resampler, live } = liveChart(N);
    const before = timeScale.getVisibleLogicalRange()!;
    const count = SET_DATA_AFTER + 8;
    const bars = Array.from({ length: count }, (_, i) => candle(T0 + STEP * (N + i), 110 + (i % 9)));
    frame({ price: bars });
    expect(price.fake.calls).toEqual(["setData"]);
    expect(live.backlog).toBe(0);
    expect(timeScale.getVisibleLogicalRange()!.to - before.to).toBeCloseTo(count);
    expect(price.fake.rows.slice(-count)).toEqual(bars);
    expect(resampler.lastBar("price")).toEqual(bars[count - 1]);
  });

  it("keeps the view where it is when the user scrolled away from the live edge", () => {
    const { frame, drain, price, timeScale, resampler } = liveChart(N);
    const middle = price.fake.rows.length - 400;
    timeScale.setVisibleLogicalRange({ from: middle - 100, to: middle });
    const shownTimes = () => {
      const range = timeScale.getVisibleLogicalRange()!;
      return [price.fake.rows[Math.round(range.from)]!.time, price.fake.rows[Math.round(range.to)]!.time];
    };
    const before = shownTimes();
    for (let i = 0; i < 3; i++) frame({ price: [candle(T0 + STEP * (N + i), 120)] });
    frame({ price: Array.from({ length: 5 }, (_, i) => candle(T0 + STEP * (N + 3 + i), 130)) });
    drain();
    frame({ price: Array.from({ length: SET_DATA_AFTER + 1 }, (_, i) => candle(T0 + STEP * (N + 8 + i), 130)) });
    expect(shownTimes()).toEqual(before);
    expect(resampler.lastBar("price")).toEqual(candle(T0 + STEP * (N + 8 + SET_DATA_AFTER), 130));
  });

  it("still follows the edge across re-plans: after thousands of new bars the last bar is shown whole and in view", () => {
    const { frame, drain, price, timeScale, resampler, live } = liveChart(N);
    let t = T0 + STEP * (N - 1);
    for (let f = 0; f < 400; f++) {
      const bars = Array.from({ length: 8 }, () => candle((t += STEP), 100 + (f % 7)));
      frame({ price: bars });
      expect(live.backlog).toBeLessThanOrEqual(SET_DATA_AFTER + 8); // it keeps up with the stream
    }
    drain();
    expect(resampler.state()!.replans).toBeGreaterThan(0); // the window outgrew its plan
    expect(resampler.drawnBars("price")).toBe(N + 3_200);
    expect(resampler.lastBar("price")).toEqual(candle(t, 100 + (399 % 7)));
    expect(lastRow(price.fake)).toEqual(resampler.lastBar("price"));
    expect(inView(timeScale, price.fake.rows.length - 1)).toBe(true);
    expect(resampler.state()!.visibleFactor).toBe(1);
    expect(live.stats.maxCallsPerFrame).toBe(1);
  });

  it("gives each of several series at most one data call per frame", () => {
    const { frame, drain, series, resampler, live } = liveChart(N, ["candlestick", "histogram", "histogram"]);
    let t = T0 + STEP * (N - 1);
    for (let f = 0; f < 50; f++) {
      const bars = f % 5 === 0 ? [(t += STEP), (t += STEP)] : f % 2 === 0 ? [(t += STEP)] : [t];
      const callsBefore = series.map((s) => s.fake.calls.length);
      frame({
        price: bars.map((time) => candle(time, 100 + f)),
        s1: bars.map((time) => ({ time, value: f })),
        s2: bars.map((time) => ({ time, value: 2 * f })),
      });
      series.forEach((s, i) => expect(s.fake.calls.length - callsBefore[i]!).toBe(1));
    }
    drain();
    expect(live.stats.maxCallsPerFrame).toBe(1);
    expect(resampler.lastBar("s2")).toEqual({ time: t, value: 98 });
    for (const s of series) expect(lastRow(s.fake).time).toBe(t);
  });
});
