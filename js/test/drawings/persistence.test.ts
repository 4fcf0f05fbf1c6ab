import { afterEach, describe, expect, it, vi } from "vitest";
import { DrawingsStore, drawingsStorageKey } from "../../src/drawings/persistence";
import type { DrawingRecord } from "../../src/drawings/model";
import { T0, drawing } from "./helpers";

const NOW = 1_750_000_000_000;

function memoryStorage(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  return { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v), items };
}

const line = (id: string, lastModified: number): DrawingRecord =>
  drawing("trend_line", [{ time: T0, price: 1 }, { time: T0 + 60, price: 2 }], { id, lastModified });

afterEach(() => vi.useRealTimers());

describe("DrawingsStore", () => {
  it("uses a key beside the chart's settings", () => {
    expect(drawingsStorageKey("alice", "c1")).toBe("lwcharts:v1:alice:c1:drawings");
  });

  it("writes each change to localStorage at once and sends it debounced, or on flush", () => {
    vi.useFakeTimers();
    const storage = memoryStorage();
    const send = vi.fn();
    const store = new DrawingsStore({ storage, scope: "s", chartId: "c", send, now: () => NOW });
    store.change([line("a", 1)]);
    expect(JSON.parse(storage.items.get("lwcharts:v1:s:c:drawings")!)).toHaveLength(1);
    vi.advanceTimersByTime(200);
    store.change([line("a", 2), line("b", 2)]);
    vi.advanceTimersByTime(299);
    expect(send).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(send).toHaveBeenCalledTimes(1);
    expect(send.mock.calls[0][0].map((r: DrawingRecord) => r.id)).toEqual(["a", "b"]);
    store.change([{ id: "a", lastModified: 3, deleted: true }]);
    expect(store.pending).toBe(true);
    store.flush();
    expect(send).toHaveBeenCalledTimes(2);
    expect(send.mock.calls[1][0][0]).toEqual({ id: "a", lastModified: 3, deleted: true });
    store.flush();
    expect(send).toHaveBeenCalledTimes(2);
  });

  it("validates and merges what it reads and receives; an older copy cannot revive a deleted drawing", () => {
    const warn = vi.fn();
    const storage = memoryStorage({
      "lwcharts:v1:s:c:drawings": JSON.stringify([{ id: "a", lastModified: 5, deleted: true }, line("b", 1), { id: "<bad>" }]),
    });
    const store = new DrawingsStore({ storage, scope: "s", chartId: "c", send: () => {}, warn, now: () => NOW });
    expect(store.loadLocal().map((r) => r.id)).toEqual(["a", "b"]);
    expect(warn).toHaveBeenCalledTimes(1);
    const merged = store.receive([line("a", 4), line("b", 2), line("c", 1)]);
    expect(merged.map((r) => [r.id, r.lastModified, "deleted" in r])).toEqual([["a", 5, true], ["b", 2, false], ["c", 1, false]]);
    expect(JSON.parse(storage.items.get("lwcharts:v1:s:c:drawings")!)).toHaveLength(3);
  });

  it("survives missing, broken and throwing storage", () => {
    const warn = vi.fn();
    expect(new DrawingsStore({ storage: null, scope: "s", chartId: "c", send: () => {}, warn }).loadLocal()).toEqual([]);
    const broken = memoryStorage({ "lwcharts:v1:s:c:drawings": "{not json" });
    expect(new DrawingsStore({ storage: broken, scope: "s", chartId: "c", send: () => {}, warn }).loadLocal()).toEqual([]);
    const full = { getItem: () => null, setItem: () => { throw new Error("quota"); } };
    new DrawingsStore({ storage: full, scope: "s", chartId: "c", send: () => {}, warn }).receive([line("a", 1)]);
    expect(warn).toHaveBeenCalledTimes(2);
  });
});
