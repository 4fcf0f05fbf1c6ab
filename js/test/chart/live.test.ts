import { describe, expect, it, vi } from "vitest";
import { LiveUpdates, type LiveSeries } from "../../src/chart/live";
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

function lineSeries(id: string): LiveSeries & { updates: unknown[] } {
  const updates: unknown[] = [];
  const spec = { id, type: "line", length: 0, columns: {} } as unknown as SeriesSpec;
  const api = {
    update: (row: { time: number }) => {
      if (updates.length > 0 && row.time < (updates[updates.length - 1] as { time: number }).time) {
        throw new Error("Cannot update oldest data");
      }
      updates.push(row);
    },
  } as unknown as LiveSeries["api"];
  return { spec, api, updates };
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
  it("applies a burst of messages in one animation frame, in order", () => {
    const series = lineSeries("close");
    const frame = frames();
    const applied = vi.fn();
    const live = new LiveUpdates((id) => (id === "close" ? series : undefined), applied, frame);
    for (let i = 0; i < 3; i++) {
      live.push(rowsMessage("close", { time: { dtype: "u32", values: [T0 + i * DAY] }, value: { dtype: "f32", values: [i] } }));
    }
    expect(series.updates).toEqual([]);
    expect(frame.pending()).toBe(1);
    frame.run();
    expect(series.updates).toEqual([
      { time: T0, value: 0 },
      { time: T0 + DAY, value: 1 },
      { time: T0 + 2 * DAY, value: 2 },
    ]);
    expect(applied).toHaveBeenCalledWith(new Map([["close", { time: T0 + 2 * DAY, value: 2 }]]));
    expect(live.stats).toMatchObject({ messages: 3, rows: 3, applied: 3, frames: 1 });
    expect(live.stats.bytes).toBeGreaterThan(0);
  });

  it("draws only the last row of a bar time queued within one frame", () => {
    const series = lineSeries("close");
    const frame = frames();
    const live = new LiveUpdates(() => series, () => undefined, frame);
    for (const [time, value] of [[T0, 1], [T0, 2], [T0 + DAY, 3], [T0 + DAY, 4], [T0 + DAY, 5]]) {
      live.push(rowsMessage("close", { time: { dtype: "u32", values: [time!] }, value: { dtype: "f64", values: [value!] } }));
    }
    frame.run();
    expect(series.updates).toEqual([{ time: T0, value: 2 }, { time: T0 + DAY, value: 5 }]);
    expect(live.stats).toMatchObject({ messages: 5, rows: 5, applied: 2, frames: 1 });
  });

  it("turns NaN into a gap and keeps going after a refused row", () => {
    const series = lineSeries("close");
    const frame = frames();
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const live = new LiveUpdates(() => series, () => undefined, frame);
    live.push(rowsMessage("close", { time: { dtype: "u32", values: [T0 + DAY, T0, T0 + 2 * DAY] }, value: { dtype: "f64", values: [1, 2, NaN] } }));
    frame.run();
    expect(series.updates).toEqual([{ time: T0 + DAY, value: 1 }, { time: T0 + 2 * DAY }]);
    expect(error).toHaveBeenCalledOnce();
    error.mockRestore();
  });

  it("refuses rows for a series it does not draw, and drops the queue on clear", () => {
    const series = lineSeries("close");
    const frame = frames();
    const live = new LiveUpdates((id) => (id === "close" ? series : undefined), () => undefined, frame);
    expect(() => live.push(rowsMessage("other", { time: { dtype: "u32", values: [T0] }, value: { dtype: "f64", values: [1] } }))).toThrow(/unknown series "other"/);
    live.push(rowsMessage("close", { time: { dtype: "u32", values: [T0] }, value: { dtype: "f64", values: [1] } }));
    live.clear();
    frame.run();
    live.flush();
    expect(series.updates).toEqual([]);
  });
});
