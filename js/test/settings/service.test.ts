import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SeriesConfigService, type ConfigPayload } from "../../src/settings/service";
import { mergeChartStates, sanitizeChartState, type ChartState } from "../../src/settings/state";
import { storageKey, type StorageLike } from "../../src/settings/storage";

/** localStorage as a Map, with a switch to make it fail like a full or disabled storage. */
class MemoryStorage implements StorageLike {
  readonly items = new Map<string, string>();
  failing = false;
  getItem(key: string): string | null {
    if (this.failing) throw new DOMException("denied", "SecurityError");
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    if (this.failing) throw new DOMException("quota", "QuotaExceededError");
    this.items.set(key, value);
  }
  json(key: string): unknown {
    const text = this.items.get(key);
    return text === undefined ? undefined : JSON.parse(text);
  }
}

const T = Date.UTC(2025, 0, 1);
const KEY = storageKey("alice", "btc");

function setup() {
  const storage = new MemoryStorage();
  const warnings: string[] = [];
  const service = new SeriesConfigService({ storage, warn: (m) => warnings.push(m) });
  const sent: ConfigPayload[] = [];
  const onChange = vi.fn();
  const unregister = service.register("btc", { scope: "alice", send: (p) => sent.push(p), onChange });
  service.loadChart("btc", "alice", {});
  return { storage, service, sent, onChange, unregister, warnings };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(T);
});
afterEach(() => vi.useRealTimers());

describe("recording a change", () => {
  it("writes localStorage at once, namespaced by scope and chart", () => {
    const { storage, service } = setup();
    service.recordConfigChange(0, "sma", "line", { color: "#ff0000" }, "btc");
    expect(KEY).toBe("lwcharts:v1:alice:btc");
    expect(storage.json(KEY)).toEqual({ 0: { sma: { config: { color: "#ff0000" }, seriesType: "line", lastModified: T } } });
  });

  it("tells the chart's views so they apply it at once", () => {
    const { service, onChange } = setup();
    service.recordConfigChange(0, "sma", "line", { lineWidth: 4 }, "btc");
    expect(onChange).toHaveBeenCalledTimes(1);
    expect(service.userConfig("btc", 0, "sma", "line")).toEqual({ lineWidth: 4 });
  });

  it("merges the user's keys into what the series already had", () => {
    const { service } = setup();
    service.recordConfigChange(0, "sma", "line", { color: "#ff0000" }, "btc");
    service.recordConfigChange(0, "sma", "line", { lineWidth: 1 }, "btc");
    expect(service.getCompleteState()["btc"]["0"]["sma"].config).toEqual({ color: "#ff0000", lineWidth: 1 });
  });

  it("drops invalid values and records nothing when none is left", () => {
    const { service, onChange, warnings } = setup();
    service.recordConfigChange(0, "sma", "line", { lineWidth: 40, colour: "red" }, "btc");
    expect(onChange).not.toHaveBeenCalled();
    expect(service.getStats()).toMatchObject({ series: 0, pendingChanges: 0, droppedValues: 2 });
    expect(warnings[0]).toMatch(/lineWidth=40/);
  });

  it("never dates a change before the entry it replaces, even one from a clock running ahead", () => {
    const { service } = setup();
    service.loadChart("btc", "alice", { 0: { sma: { config: { color: "#000000" }, seriesType: "line", lastModified: T + 60_000 } } });
    service.recordConfigChange(0, "sma", "line", { color: "#ffffff" }, "btc");
    expect(service.getCompleteState()["btc"]["0"]["sma"].lastModified).toBe(T + 60_001);
  });
});

describe("sending to Python", () => {
  it("waits 300 ms after the last change and coalesces all changes into one payload", () => {
    const { service, sent } = setup();
    service.recordConfigChange(0, "sma", "line", { color: "#ff0000" }, "btc");
    vi.advanceTimersByTime(200);
    service.recordConfigChange(0, "sma", "line", { lineWidth: 3 }, "btc");
    vi.advanceTimersByTime(200);
    service.recordConfigChange(1, "vol", "histogram", { visible: false }, "btc");
    vi.advanceTimersByTime(299);
    expect(sent).toHaveLength(0);
    expect(service.getStats().pendingChanges).toBe(2);
    vi.advanceTimersByTime(1);
    expect(sent).toHaveLength(1);
    const payload = sent[0];
    expect(payload.type).toBe("series_config_changes");
    expect(payload.changes).toEqual([
      { paneId: 0, seriesId: "sma", seriesType: "line", config: { color: "#ff0000", lineWidth: 3 }, timestamp: T + 200, chartId: "btc" },
      { paneId: 1, seriesId: "vol", seriesType: "histogram", config: { visible: false }, timestamp: T + 400, chartId: "btc" },
    ]);
    expect(payload.completeState).toEqual({
      btc: {
        0: { sma: { config: { color: "#ff0000", lineWidth: 3 }, seriesType: "line", lastModified: T + 200 } },
        1: { vol: { config: { visible: false }, seriesType: "histogram", lastModified: T + 400 } },
      },
    });
    expect(payload.timestamp).toBe(T + 700);
    expect(service.getStats()).toMatchObject({ pendingChanges: 0, sent: 1, lastSentAt: T + 700 });
  });

  it("sends at once on flush (dialog closed, page hidden), and nothing more afterwards", () => {
    const { service, sent } = setup();
    service.recordConfigChange(0, "sma", "line", { color: "#ff0000" }, "btc");
    service.flush();
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(1000);
    expect(sent).toHaveLength(1);
  });

  it("sends one payload per chart, each with its own chart's state only", () => {
    const { service, sent } = setup();
    const other: ConfigPayload[] = [];
    service.register("eth", { scope: "alice", send: (p) => other.push(p), onChange: () => {} });
    service.recordConfigChange(0, "a", "line", { color: "#ff0000" }, "btc");
    service.recordConfigChange(0, "b", "line", { color: "#00ff00" }, "eth");
    service.flush();
    expect(sent.map((p) => Object.keys(p.completeState))).toEqual([["btc"]]);
    expect(other.map((p) => p.changes.map((c) => c.seriesId))).toEqual([["b"]]);
  });

  it("records a reset as an empty config (a tombstone) and sends it", () => {
    const { service, sent, onChange } = setup();
    service.recordConfigChange(0, "sma", "line", { color: "#ff0000" }, "btc");
    vi.advanceTimersByTime(1000);
    service.resetSeries(0, "sma", "line", "btc");
    expect(onChange).toHaveBeenCalledTimes(2);
    expect(service.userConfig("btc", 0, "sma", "line")).toEqual({});
    service.flush();
    expect(sent[1].changes).toEqual([{ paneId: 0, seriesId: "sma", seriesType: "line", config: {}, timestamp: T + 1000, chartId: "btc" }]);
    expect(sent[1].completeState["btc"]["0"]["sma"]).toEqual({ config: {}, seriesType: "line", lastModified: T + 1000 });
  });

  it("sends a leaving view's pending changes before it goes", () => {
    const { service, sent, unregister } = setup();
    service.recordConfigChange(0, "sma", "line", { color: "#ff0000" }, "btc");
    unregister();
    expect(sent).toHaveLength(1);
    expect(service.getStats().charts).toBe(0);
  });

  it("survives a sender that throws", () => {
    const { service, warnings } = setup();
    service.register("btc", { scope: "alice", send: () => { throw new Error("comm closed"); }, onChange: () => {} });
    service.recordConfigChange(0, "sma", "line", { color: "#ff0000" }, "btc");
    expect(() => service.flush()).not.toThrow();
    expect(warnings.join()).toMatch(/comm closed/);
  });

  it("keeps a page with no Python (the exported HTML) quiet: stored locally, nothing sent, no warning", () => {
    const storage = new MemoryStorage();
    const warnings: string[] = [];
    const service = new SeriesConfigService({ storage, warn: (m) => warnings.push(m) });
    service.register("btc", { scope: "alice", send: undefined, onChange: () => {} });
    service.loadChart("btc", "alice", {});
    service.recordConfigChange(0, "sma", "line", { color: "#ff0000" }, "btc");
    service.flush();
    expect(warnings).toEqual([]);
    expect(service.getStats()).toMatchObject({ pendingChanges: 0, sent: 0 });
    expect((storage.json(KEY) as ChartState)["0"]["sma"].config).toEqual({ color: "#ff0000" });
  });
});

describe("loading a chart: newest of page, localStorage and Python wins per series", () => {
  const entry = (color: string, lastModified: number) => ({ config: { color }, seriesType: "line", lastModified });

  it("takes each series from whichever source changed it last", () => {
    const { storage, service } = setup();
    storage.setItem(KEY, JSON.stringify({ 0: { a: entry("#111111", T + 5), b: entry("#222222", T + 1) } }));
    const state = service.loadChart("btc", "alice", { 0: { a: entry("#333333", T + 2), b: entry("#444444", T + 9) } });
    expect(state["0"]["a"].config).toEqual({ color: "#111111" });
    expect(state["0"]["b"].config).toEqual({ color: "#444444" });
    // The merged state goes back to localStorage.
    expect((storage.json(KEY) as ChartState)["0"]["b"].config).toEqual({ color: "#444444" });
  });

  it("keeps this page's newer change over an older copy from Python (a rerun before Python caught up)", () => {
    const { service } = setup();
    service.recordConfigChange(0, "a", "line", { color: "#ff0000" }, "btc");
    const state = service.loadChart("btc", "alice", { 0: { a: entry("#000000", T - 1000) } });
    expect(state["0"]["a"].config).toEqual({ color: "#ff0000" });
  });

  it("lets a newer reset win over older settings elsewhere", () => {
    const { storage, service } = setup();
    storage.setItem(KEY, JSON.stringify({ 0: { a: { config: {}, seriesType: "line", lastModified: T + 10 } } }));
    const state = service.loadChart("btc", "alice", { 0: { a: entry("#333333", T + 2) } });
    expect(state["0"]["a"]).toEqual({ config: {}, seriesType: "line", lastModified: T + 10 });
    expect(service.userConfig("btc", 0, "a", "line")).toEqual({});
  });

  it("drops bad stored data, entry by entry and value by value", () => {
    const { storage, service, warnings } = setup();
    storage.setItem(
      KEY,
      JSON.stringify({
        0: {
          good: { config: { color: "#ff0000", lineWidth: "wide", onerror: "alert(1)" }, seriesType: "line", lastModified: T },
          noType: { config: { color: "#ff0000" }, seriesType: "pie", lastModified: T },
          noTime: { config: { color: "#ff0000" }, seriesType: "line", lastModified: "yesterday" },
        },
        // A well-formed entry under a key that is no pane number.
        notAPane: { s: { config: { color: "#00ff00" }, seriesType: "line", lastModified: T } },
      }),
    );
    const state = service.loadChart("btc", "alice", "not even an object");
    expect(state).toEqual({ 0: { good: { config: { color: "#ff0000" }, seriesType: "line", lastModified: T } } });
    expect(service.getStats().droppedValues).toBe(6);
    expect(warnings).toHaveLength(2);
  });

  it("ignores a localStorage item that is not JSON", () => {
    const { storage, service } = setup();
    storage.items.set(KEY, "{oops");
    expect(service.loadChart("btc", "alice", {})).toEqual({});
    expect(service.getStats().storageErrors).toBe(1);
  });

  it("goes on without localStorage when it is full or disabled", () => {
    const { storage, service, sent, onChange, warnings } = setup();
    storage.failing = true;
    expect(() => service.loadChart("btc", "alice", {})).not.toThrow();
    expect(() => service.recordConfigChange(0, "a", "line", { color: "#ff0000" }, "btc")).not.toThrow();
    expect(onChange).toHaveBeenCalled();
    service.flush();
    expect(sent).toHaveLength(1);
    expect(service.getStats().storageErrors).toBe(2);
    expect(warnings).toHaveLength(1); // once, not on every keystroke
  });

  it("works with no storage at all", () => {
    const service = new SeriesConfigService({ storage: null, warn: () => {} });
    service.loadChart("c", "", {});
    service.recordConfigChange(0, "a", "line", { color: "#ff0000" }, "c");
    expect(service.userConfig("c", 0, "a", "line")).toEqual({ color: "#ff0000" });
  });
});

describe("state helpers", () => {
  it("merges without modifying the inputs and prefers the first on a tie", () => {
    const a: ChartState = { 0: { s: { config: { color: "#aaaaaa" }, seriesType: "line", lastModified: 5 } } };
    const b: ChartState = { 0: { s: { config: { color: "#bbbbbb" }, seriesType: "line", lastModified: 5 } } };
    const merged = mergeChartStates(a, b);
    expect(merged["0"]["s"].config).toEqual({ color: "#aaaaaa" });
    merged["0"]["s"].config["color"] = "#000000";
    expect(a["0"]["s"].config["color"]).toBe("#aaaaaa");
  });

  it("does not let a series called __proto__ or constructor reach Object.prototype", () => {
    const raw = JSON.parse('{"0": {"__proto__": {"config": {}, "seriesType": "line", "lastModified": 1}, "constructor": {"config": {"color": "#ff0000"}, "seriesType": "line", "lastModified": 1}}}');
    const { state } = sanitizeChartState(raw);
    expect(Object.getPrototypeOf(state["0"])).toBe(Object.prototype);
    expect(state["0"]["constructor"]).toEqual({ config: { color: "#ff0000" }, seriesType: "line", lastModified: 1 });
  });

  it("reports the seed's debug numbers", () => {
    const { service } = setup();
    service.recordConfigChange(0, "a", "line", { color: "#ff0000" }, "btc");
    expect(service.getStats()).toEqual({ charts: 1, series: 1, pendingChanges: 1, sent: 0, lastSentAt: null, storageErrors: 0, droppedValues: 0 });
    const copy = service.getCompleteState();
    copy["btc"]["0"]["a"].config["color"] = "#000000";
    expect(service.userConfig("btc", 0, "a", "line")).toEqual({ color: "#ff0000" });
  });
});
