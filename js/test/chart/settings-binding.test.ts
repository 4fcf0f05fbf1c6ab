import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SettingsBinding, type BoundSeries } from "../../src/chart/settings-binding";
import { SeriesConfigService, type ConfigPayload } from "../../src/settings/service";
import type { ChartSpec, InputSpec, SeriesSpec } from "../../src/wire/spec";

const LENGTH: InputSpec = {
  kind: "int",
  default: 14,
  value: 14,
  minimum: 1,
  maximum: 500,
  label: "Length",
  choices: [],
  problem: null,
};

const series = (id: string, pane: number, inputs?: Record<string, InputSpec>): SeriesSpec => ({
  id,
  name: id.toUpperCase(),
  type: "line",
  pane,
  options: {},
  priceScale: { id: "right", mode: "normal" },
  length: 0,
  columns: {},
  markers: [],
  priceLines: [],
  inputs,
});

const chart = (savedSettings: unknown = {}): ChartSpec => ({
  version: 1,
  chartId: "btc",
  height: 400,
  theme: "light",
  options: {},
  watermark: null,
  legend: true,
  attribution: true,
  panes: [],
  series: [],
  scope: "alice",
  savedSettings,
  savedDrawings: [],
  drawingTools: true,
  sync: null,
  paneCollapse: { enabled: false, showTooltip: true },
  timeZone: null,
});

const T = Date.UTC(2025, 0, 1);

function setup(send?: (payload: ConfigPayload) => void) {
  const service = new SeriesConfigService({ storage: null, warn: () => {} });
  const onChange = vi.fn();
  const binding = new SettingsBinding(service, send, onChange);
  const drawn: BoundSeries[] = [
    { spec: series("sma", 1, { length: LENGTH }), api: { options: () => ({ color: "#2962ff", lineWidth: 2 }) } },
    { spec: series("ema", 1), api: { options: () => ({ color: "#ff0000" }) } },
  ];
  return { service, onChange, binding, drawn, host: binding.host(() => drawn) };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(T);
});
afterEach(() => vi.useRealTimers());

describe("SettingsBinding", () => {
  it("loads the envelope's saved settings; options leave the inputs out", () => {
    const { binding, drawn } = setup();
    const saved = { 1: { sma: { config: { color: "#00ff00", "input:length": 20 }, seriesType: "line", lastModified: T - 5 } } };
    binding.connect(chart(saved));
    expect(binding.saved(drawn[0].spec)).toEqual({ color: "#00ff00", "input:length": 20 });
    expect(binding.options(drawn[0].spec)).toEqual({ color: "#00ff00" });
    expect(binding.options(drawn[1].spec)).toEqual({});
  });

  it("gives the dialog the series by pane, their values now and the saved inputs", () => {
    const { binding, host } = setup();
    binding.connect(chart({ 1: { sma: { config: { "input:length": 20 }, seriesType: "line", lastModified: T - 5 } } }));
    expect(host.series().map((s) => [s.id, s.paneId])).toEqual([
      ["sma", 1],
      ["ema", 1],
    ]);
    expect(host.values("sma")).toMatchObject({ color: "#2962ff", lineWidth: 2, "input:length": 20 });
    expect(host.values("nope")).toEqual({});
  });

  it("records changes and resets under the series' pane, tells the chart, and sends through the newest sender", () => {
    const first: ConfigPayload[] = [];
    const newest: ConfigPayload[] = [];
    const { binding, host, onChange, service } = setup((p) => first.push(p));
    binding.connect(chart());
    binding.setSender((p) => newest.push(p));

    host.change("sma", { color: "#123456" });
    expect(onChange).toHaveBeenCalledTimes(1);
    expect(service.userConfig("btc", 1, "sma", "line")).toEqual({ color: "#123456" });
    host.reset("sma");
    host.closed();

    expect(first).toEqual([]);
    expect(newest).toHaveLength(1);
    expect(newest[0].changes).toEqual([{ paneId: 1, seriesId: "sma", seriesType: "line", config: {}, timestamp: T + 1, chartId: "btc" }]);
  });

  it("registers once per chartId and leaves the service on leave()", () => {
    const { binding, service } = setup(() => {});
    binding.connect(chart());
    binding.connect(chart());
    expect(service.getStats().charts).toBe(1);
    binding.leave();
    expect(service.getStats().charts).toBe(0);
  });
});
