import { describe, expect, it, vi } from "vitest";
import { LiveUpdates, MAX_HELD_MESSAGES, SET_DATA_AFTER, type LiveSeries, type RowsStrategy } from "../../src/chart/live";
import type { SeriesSpec } from "../../src/wire/spec";
import { decodeRows } from "../../src/wire/envelope";

const T0 = 1_704_067_200; // 2024-01-01 UTC
const DAY = 86_400;

/** A live-rows message as lwcharts/wire/live.py writes it: header {seriesId, length, columns}. */
function rowsMessage(seriesId: string, columns: Record<string, { dtype: "u32" | "f32" | "f64"; values: number[] }>) {
  const arrays = { u32: Uint32Array, f32: Float32Array, f64: Float64Array };
  const described: Record<string, unknown> = {};
  const chunks: Uint8Array[] = [];
  let body = 0;
  let length = 0;
  for (const [name, { dtype, values }] of Object.entries(columns)) {
    const data = new Uint8Array(arrays[dtype].from(values).buffer);
    const padded = Math.ceil(data.byteLength / 8) * 8;
    described[name] = { dtype, offset: body, length: values.length };
    const chunk = new Uint8Array(padded);
    chunk.set(data);
    chunks.push(chunk);
    body += padded;
    length = values.length;
  }
  const json = new TextEncoder().encode(JSON.stringify({ version: 1, seriesId, length, columns: described }));
  const start = Math.ceil((8 + json.byteLength) / 8) * 8;
  const out = new Uint8Array(start + body);
  out.set(new TextEncoder().encode("LWC1"));
  new DataView(out.buffer).setUint32(4, json.byteLength, true);
  out.set(json, 8);
  let at = start;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

/** A series as lightweight-charts keeps it: `update` replaces the last bar or appends a later one
 * and refuses an earlier one; `setData` replaces all; calls counted per frame. */
function lineSeries(id: string, strategy?: RowsStrategy) {
  const drawn: Array<{ time: number; value?: number }> = [];
  const calls: Array<"update" | "setData"> = [];
  const spec = { id, type: "line", length: 0, columns: {} } as unknown as SeriesSpec;
  const api = {
    update: (row: { time: number }) => {
      calls.push("update");
      const last = drawn[drawn.length - 1];
      if (last !== undefined && row.time < last.time) throw new Error("Cannot update oldest data");
      if (last !== undefined && row.time === last.time) drawn[drawn.length - 1] = row;
      else drawn.push(row);
    },
    setData: (rows: Array<{ time: number }>) => {
      calls.push("setData");
      drawn.splice(0, drawn.length, ...rows);
    },
    data: () => drawn.slice(),
  } as unknown as LiveSeries["api"];
  const series: LiveSeries & { drawn: typeof drawn; calls: typeof calls } = { spec, api, drawn, calls };
  if (strategy !== undefined) series.strategy = strategy;
  return series;
}

function valueRows(seriesId: string, times: number[], values: number[]) {
  return rowsMessage(seriesId, { time: { dtype: "u32", values: times }, value: { dtype: "f64", values } });
}

function frames() {
  const callbacks: Array<() => void> = [];
  return {
    requestAnimationFrame: (cb: FrameRequestCallback) => callbacks.push(() => cb(0)),
    cancelAnimationFrame: () => callbacks.splice(0),
    run: () => callbacks.splice(0).forEach((cb) => cb()),
    pending: () => callbacks.length,
  };
}

describe("decodeRows", () => {
  it("reads the series id and the columns in the envelope's encoding", () => {
    const message = decodeRows(rowsMessage("close", { time: { dtype: "u32", values: [T0] }, value: { dtype: "f64", values: [1.5] } }));
    expect(message.seriesId).toBe("close");
    expect(message.length).toBe(1);
    expect(Array.from(message.columns["time"])).toEqual([T0]);
    expect(Array.from(message.columns["value"])).toEqual([1.5]);
  });

  it("names what is wrong", () => {
    expect(() => decodeRows(new Uint8Array(4))).toThrow(/magic/);
  });
});

describe("LiveUpdates", () => {
  it("makes one data call per series per frame and draws every bar, in order", () => {
    const series = lineSeries("close");
    const frame = frames();
    const applied = vi.fn();
    const live = new LiveUpdates((id) => (id === "close" ? series : undefined), applied, frame);
    for (let i = 0; i < 3; i++) live.push(valueRows("close", [T0 + i * DAY], [i]));
    expect(series.calls).toEqual([]);
    expect(frame.pending()).toBe(1);
    frame.run();
    expect(series.calls).toEqual(["update"]);
    expect(applied).toHaveBeenLastCalledWith(new Map([["close", { time: T0, value: 0 }]]));
    frame.run();
    frame.run();
    expect(frame.pending()).toBe(0);
    expect(series.calls).toEqual(["update", "update", "update"]);
    expect(series.drawn).toEqual([
      { time: T0, value: 0 },
      { time: T0 + DAY, value: 1 },
      { time: T0 + 2 * DAY, value: 2 },
    ]);
    expect(applied).toHaveBeenLastCalledWith(new Map([["close", { time: T0 + 2 * DAY, value: 2 }]]));
    expect(live.stats).toMatchObject({ messages: 3, rows: 3, applied: 3, rebuilds: 0, frames: 3, maxCallsPerFrame: 1 });
    expect(live.stats.bytes).toBeGreaterThan(0);
  });

  it("draws only the last row of a bar whose ticks wait together", () => {
    const series = lineSeries("close");
    const frame = frames();
    const live = new LiveUpdates(() => series, () => undefined, frame);
    for (const [time, value] of [[T0, 1], [T0, 2], [T0 + DAY, 3], [T0 + DAY, 4], [T0 + DAY, 5]]) {
      live.push(valueRows("close", [time!], [value!]));
    }
    // The bar at T0 (its two ticks drawn as the last), while the last two messages are held for
    // the next frames; the first held one released into the waiting rows.
    frame.run();
    live.push(valueRows("close", [T0 + DAY], [6])); // a tick arriving while the bar still waits
    for (let i = 0; i < 3; i++) frame.run();
    expect(series.drawn).toEqual([{ time: T0, value: 2 }, { time: T0 + DAY, value: 6 }]);
    expect(series.calls).toEqual(["update", "update", "update", "update"]);
    expect(live.stats).toMatchObject({ messages: 6, rows: 6, applied: 4, frames: 4 });
  });

  it(`holds later messages since the last frame for the next ones, at most ${MAX_HELD_MESSAGES}`, () => {
    const series = lineSeries("close");
    const frame = frames();
    const live = new LiveUpdates(() => series, () => undefined, frame);
    // Three ticks of one bar reach the page in one frame, none in the next two: each frame draws one.
    for (const value of [1, 2, 3]) live.push(valueRows("close", [T0], [value]));
    frame.run();
    expect(series.drawn).toEqual([{ time: T0, value: 1 }]);
    expect(live.backlog).toBe(2);
    frame.run();
    expect(series.drawn).toEqual([{ time: T0, value: 2 }]);
    frame.run();
    expect(series.drawn).toEqual([{ time: T0, value: 3 }]);
    expect(frame.pending()).toBe(0);
    // Four in one frame: the first two are drawn together, the other two one frame each.
    for (const value of [4, 5, 6, 7]) live.push(valueRows("close", [T0], [value]));
    frame.run();
    expect(series.drawn).toEqual([{ time: T0, value: 5 }]);
    expect(live.backlog).toBe(2);
    frame.run();
    frame.run();
    expect(series.drawn).toEqual([{ time: T0, value: 7 }]);
    expect(frame.pending()).toBe(0);
    expect(live.backlog).toBe(0);
  });

  it(`sets the data once when more than ${SET_DATA_AFTER} bars wait, the waiting bar at the last time replacing it`, () => {
    const series = lineSeries("close");
    series.drawn.push({ time: T0 - DAY, value: -1 }, { time: T0, value: 0 });
    const frame = frames();
    const live = new LiveUpdates(() => series, () => undefined, frame);
    const times = Array.from({ length: SET_DATA_AFTER + 1 }, (_, i) => T0 + i * DAY);
    live.push(valueRows("close", times, times.map((_, i) => i + 100)));
    frame.run();
    expect(series.calls).toEqual(["setData"]);
    expect(frame.pending()).toBe(0);
    expect(series.drawn.map((r) => r.value)).toEqual([-1, ...times.map((_, i) => i + 100)]);
    expect(live.stats).toMatchObject({ applied: 1, rebuilds: 1, frames: 1 });
  });

  it("never loses a row: a random mix of ticks and new bars ends as the series Python holds", () => {
    const series = lineSeries("close");
    const other = lineSeries("other");
    const frame = frames();
    const live = new LiveUpdates((id) => (id === "close" ? series : other), () => undefined, frame);
    const expected = new Map<number, number>();
    let time = T0;
    let seed = 7;
    const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    for (let message = 0; message < 400; message++) {
      const count = 1 + Math.floor(random() * 4);
      const times: number[] = [];
      const values: number[] = [];
      for (let i = 0; i < count; i++) {
        if (random() < 0.3) time += DAY; // else a tick on the last bar
        times.push(time);
        values.push(message * 10 + i);
        expected.set(time, message * 10 + i);
      }
      live.push(valueRows("close", times, values));
      live.push(valueRows("other", times, values));
      if (random() < 0.5) {
        const before = series.calls.length + other.calls.length;
        frame.run();
        expect(series.calls.length + other.calls.length - before).toBeLessThanOrEqual(2);
      }
    }
    while (frame.pending() > 0) frame.run();
    const want = [...expected].map(([t, value]) => ({ time: t, value }));
    expect(series.drawn).toEqual(want);
    expect(other.drawn).toEqual(want);
    expect(live.stats.maxCallsPerFrame).toBe(1);
    expect(live.backlog).toBe(0);
  });

  it("turns NaN into a gap and keeps going after a refused row", () => {
    const series = lineSeries("close");
    const frame = frames();
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const live = new LiveUpdates(() => series, () => undefined, frame);
    live.push(valueRows("close", [T0 + DAY, T0, T0 + 2 * DAY], [1, 2, NaN]));
    while (frame.pending() > 0) frame.run();
    expect(series.drawn).toEqual([{ time: T0 + DAY, value: 1 }, { time: T0 + 2 * DAY }]);
    expect(error).toHaveBeenCalledOnce();
    error.mockRestore();
  });

  it("hands a strategy the waiting rows of all its series at once, once per frame (resampled series plug in here)", () => {
    const seen: Array<Record<string, number[]>> = [];
    const strategy: RowsStrategy = {
      applyFrame: (batch) => {
        seen.push(Object.fromEntries(batch.map(({ target, rows }) => [target.spec.id, rows.map((row) => row.time as number)])));
        return batch.map(({ rows }) => ({ consumed: rows.length, calls: 1, rebuilds: 0 }));
      },
    };
    const close = lineSeries("close", strategy);
    const volume = lineSeries("volume", strategy);
    const frame = frames();
    const live = new LiveUpdates((id) => (id === "close" ? close : volume), () => undefined, frame);
    live.push(valueRows("close", [T0, T0 + DAY, T0 + DAY], [1, 2, 3]));
    live.push(valueRows("volume", [T0 + DAY], [5]));
    frame.run();
    expect(seen).toEqual([{ close: [T0, T0 + DAY], volume: [T0 + DAY] }]);
    expect(close.calls).toEqual([]);
    expect(frame.pending()).toBe(0);
    expect(live.stats).toMatchObject({ applied: 2, frames: 1, maxCallsPerFrame: 1 });
  });

  it("refuses rows for a series it does not draw, and drops the queue on clear", () => {
    const series = lineSeries("close");
    const frame = frames();
    const live = new LiveUpdates((id) => (id === "close" ? series : undefined), () => undefined, frame);
    expect(() => live.push(valueRows("other", [T0], [1]))).toThrow(/unknown series "other"/);
    live.push(valueRows("close", [T0], [1]));
    live.clear();
    frame.run();
    live.flush();
    expect(series.drawn).toEqual([]);
  });
});
