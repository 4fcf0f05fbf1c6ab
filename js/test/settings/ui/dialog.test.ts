// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SettingsDialog, type EditableSeries, type SettingsHost } from "../../../src/settings/ui/dialog";
import { fromSeriesOptions } from "../../../src/settings/flat-options";
import { optionsOf } from "../../../src/settings/schema";
import { SeriesConfigService, type ConfigPayload } from "../../../src/settings/service";
import type { SeriesSpec } from "../../../src/wire/spec";
import { LIGHT } from "../../../src/chart/theme";
import { seriesOptions } from "../../../src/chart/options";

/** A stand-in for a lightweight-charts series: it only keeps the options applied to it. */
class FakeSeries {
  applied: Record<string, unknown>;
  constructor(readonly info: EditableSeries, readonly code: Record<string, unknown>) {
    this.applied = {};
  }
  applyOptions(options: Record<string, unknown>): void {
    this.applied = { ...this.applied, ...options };
  }
  options(): Record<string, unknown> {
    return this.applied;
  }
}

const specOf = ({ info, code }: FakeSeries): SeriesSpec => ({
  ...info,
  pane: info.paneId,
  options: code,
  priceScale: { id: "right", mode: "normal" },
  length: 0,
  columns: {},
  markers: [],
  priceLines: [],
});

/** What ChartView does for the dialog, over fake series, with the real service and translation. */
function fakeChart(series: FakeSeries[]) {
  const sent: ConfigPayload[] = [];
  const service = new SeriesConfigService({ storage: null, warn: () => {} });
  const apply = () => {
    for (const s of series) {
      const user = service.userConfig("c", s.info.paneId, s.info.id, s.info.type);
      s.applyOptions(seriesOptions(specOf(s), 0, LIGHT, user));
    }
  };
  service.register("c", { scope: "", send: (p) => sent.push(p), onChange: apply });
  service.loadChart("c", "", {});
  apply();
  const host: SettingsHost = {
    series: () => series.map((s) => s.info),
    values: (id) => {
      const s = series.find((x) => x.info.id === id)!;
      return fromSeriesOptions(s.info.type, s.options());
    },
    change: (id, config) => {
      const { info } = series.find((x) => x.info.id === id)!;
      service.recordConfigChange(info.paneId, info.id, info.type, config, "c");
    },
    reset: (id) => {
      const { info } = series.find((x) => x.info.id === id)!;
      service.resetSeries(info.paneId, info.id, info.type, "c");
    },
    closed: () => service.flush(),
  };
  return { host, service, sent };
}

const NAME = '<img src=x onerror="window.hacked=1">SMA';

let root: HTMLElement;
let gear: HTMLButtonElement;
let sma: FakeSeries;
let candles: FakeSeries;
let chart: ReturnType<typeof fakeChart>;
let dialog: SettingsDialog;

beforeEach(() => {
  document.body.replaceChildren();
  root = document.createElement("div");
  gear = document.createElement("button");
  gear.dataset["testid"] = "lwcharts-gear";
  root.append(gear);
  document.body.append(root);
  candles = new FakeSeries({ id: "price", name: "BTC", type: "candlestick", paneId: 0 }, {});
  sma = new FakeSeries({ id: "sma", name: NAME, type: "line", paneId: 0 }, { color: "#f5a623", lineWidth: 2 });
  chart = fakeChart([candles, sma]);
  dialog = new SettingsDialog(root, chart.host);
});
afterEach(() => vi.useRealTimers());

const $ = <T extends Element = HTMLElement>(selector: string) => root.querySelector<T>(selector);
const fire = (el: Element, type: string) => el.dispatchEvent(new Event(type, { bubbles: true }));
const key = (el: Element, k: string, shiftKey = false) =>
  el.dispatchEvent(new KeyboardEvent("keydown", { key: k, shiftKey, bubbles: true, cancelable: true }));

describe("the dialog's structure", () => {
  it("is a modal dialog named by a title that shows the series name as text", () => {
    dialog.open("sma", gear);
    const el = $("[data-testid=lwcharts-settings]")!;
    expect(el.getAttribute("role")).toBe("dialog");
    expect(el.getAttribute("aria-modal")).toBe("true");
    const title = root.querySelector(`[id="${el.getAttribute("aria-labelledby")}"]`)!;
    expect(title.textContent).toBe(NAME);
    expect(title.querySelector("img")).toBeNull();
    expect((window as unknown as { hacked?: number }).hacked).toBeUndefined();
  });

  it("has Style, Visibility and Inputs tabs wired to their panels", () => {
    dialog.open("sma", gear);
    const tabs = [...root.querySelectorAll("[role=tab]")];
    expect(tabs.map((t) => t.textContent)).toEqual(["Style", "Visibility", "Inputs"]);
    expect($("[role=tablist]")).not.toBeNull();
    for (const tab of tabs) {
      const panel = root.querySelector(`[id="${tab.getAttribute("aria-controls")}"]`)!;
      expect(panel.getAttribute("role")).toBe("tabpanel");
      expect(panel.getAttribute("aria-labelledby")).toBe(tab.id);
    }
    expect($("[data-testid=tab-style]")!.getAttribute("aria-selected")).toBe("true");
    $("[data-testid=tab-inputs]")!.click();
    expect($("[data-testid=tab-inputs]")!.getAttribute("aria-selected")).toBe("true");
    expect(($("[data-option=precision]")!.closest("[role=tabpanel]") as HTMLElement).hidden).toBe(false);
    expect(($("[data-option=color]")!.closest("[role=tabpanel]") as HTMLElement).hidden).toBe(true);
  });

  it("builds one labelled control per schema option of the series type, on the schema's tab", () => {
    dialog.open("sma", gear);
    for (const [name, spec] of optionsOf("line")) {
      const control = $(`[data-option="${name}"]`)!;
      expect(control, name).not.toBeNull();
      expect(control.closest("[role=tabpanel]")!.getAttribute("data-tab")).toBe(spec.tab);
      const label = root.querySelector(`label[for="${control.id}"]`);
      expect(label?.textContent, name).toBe(spec.label);
    }
    for (const control of root.querySelectorAll("[role=dialog] input, [role=dialog] select")) {
      expect(root.querySelector(`label[for="${control.id}"]`), control.outerHTML).not.toBeNull();
    }
  });

  it("uses the input each kind needs", () => {
    dialog.open("sma", gear);
    expect($<HTMLInputElement>("[data-option=color]")!.type).toBe("color");
    const opacity = $<HTMLInputElement>("[data-option=color-opacity]")!;
    expect([opacity.type, opacity.min, opacity.max]).toEqual(["range", "0", "100"]);
    const width = $<HTMLInputElement>("[data-option=lineWidth]")!;
    expect([width.type, width.min, width.max, width.step]).toEqual(["number", "1", "4", "1"]);
    expect($<HTMLInputElement>("[data-option=minMove]")!.step).toBe("any");
    expect($<HTMLInputElement>("[data-option=visible]")!.type).toBe("checkbox");
    expect($<HTMLInputElement>("[data-option=title]")!.maxLength).toBe(200);
    const styles = [...root.querySelectorAll("[data-option=lineStyle] option")].map((o) => o.textContent);
    expect(styles).toEqual(["Solid", "Dotted", "Dashed", "Large dashed", "Sparse dotted"]);
  });

  it("shows the values the series is drawn with", () => {
    dialog.open("sma", gear);
    expect($<HTMLInputElement>("[data-option=color]")!.value).toBe("#f5a623");
    expect($<HTMLInputElement>("[data-option=color-opacity]")!.value).toBe("100");
    expect($<HTMLInputElement>("[data-option=lineWidth]")!.value).toBe("2");
    expect($<HTMLInputElement>("[data-option=visible]")!.checked).toBe(true);
    expect($<HTMLSelectElement>("[data-option=lineStyle]")!.selectedOptions[0].textContent).toBe("Solid");
  });

  it("builds the candlestick's own options for a candlestick", () => {
    dialog.open("price", gear);
    expect($("[data-option=upColor]")).not.toBeNull();
    expect($("[data-option=wickVisible]")).not.toBeNull();
    expect($("[data-option=lineWidth]")).toBeNull();
  });
});

describe("changing settings", () => {
  it("applies a colour to the series at once and records it", () => {
    dialog.open("sma", gear);
    const color = $<HTMLInputElement>("[data-option=color]")!;
    color.value = "#ff0000";
    fire(color, "input");
    expect(sma.options()["color"]).toBe("#ff0000");
    expect(chart.service.userConfig("c", 0, "sma", "line")).toEqual({ color: "#ff0000" });
    const opacity = $<HTMLInputElement>("[data-option=color-opacity]")!;
    opacity.value = "25";
    fire(opacity, "input");
    expect(sma.options()["color"]).toBe("rgba(255, 0, 0, 0.25)");
  });

  it("applies numbers, choices, checkboxes and text", () => {
    dialog.open("sma", gear);
    const width = $<HTMLInputElement>("[data-option=lineWidth]")!;
    width.value = "4";
    fire(width, "input");
    const style = $<HTMLSelectElement>("[data-option=lineStyle]")!;
    style.selectedIndex = 2;
    fire(style, "change");
    $<HTMLInputElement>("[data-option=visible]")!.click();
    const title = $<HTMLInputElement>("[data-option=title]")!;
    title.value = "<b>hi</b>";
    fire(title, "input");
    expect(sma.options()).toMatchObject({ lineWidth: 4, lineStyle: 2, visible: false, title: "<b>hi</b>" });
    expect(chart.service.userConfig("c", 0, "sma", "line")).toEqual({ lineWidth: 4, lineStyle: 2, visible: false, title: "<b>hi</b>" });
  });

  it("refuses a number out of range, marks it invalid and restores it on leaving", () => {
    dialog.open("sma", gear);
    const width = $<HTMLInputElement>("[data-option=lineWidth]")!;
    width.value = "9";
    fire(width, "input");
    expect(width.getAttribute("aria-invalid")).toBe("true");
    expect(sma.options()["lineWidth"]).toBe(2);
    expect(chart.service.getStats().series).toBe(0);
    fire(width, "change");
    expect(width.value).toBe("2");
    expect(width.hasAttribute("aria-invalid")).toBe(false);
  });

  it("shows options that follow a change (precision → minimum move)", () => {
    dialog.open("sma", gear);
    const precision = $<HTMLInputElement>("[data-option=precision]")!;
    precision.value = "4";
    fire(precision, "input");
    expect($<HTMLInputElement>("[data-option=minMove]")!.value).toBe("0.0001");
    expect(sma.options()["priceFormat"]).toEqual({ type: "price", precision: 4, minMove: 0.0001 });
  });

  it("resets the series to the code's options and sends the reset", () => {
    dialog.open("sma", gear);
    const color = $<HTMLInputElement>("[data-option=color]")!;
    color.value = "#ff0000";
    fire(color, "input");
    $<HTMLButtonElement>("[data-testid=lwcharts-reset]")!.click();
    expect(sma.options()["color"]).toBe("#f5a623");
    expect(color.value).toBe("#f5a623");
    expect(chart.service.getCompleteState()["c"]["0"]["sma"].config).toEqual({});
    dialog.close();
    expect(chart.sent[chart.sent.length - 1].changes).toMatchObject([{ seriesId: "sma", config: {} }]);
  });
});

describe("keyboard and focus", () => {
  it("focuses the selected tab on open, closes on Esc, sends pending changes and returns focus", () => {
    vi.useFakeTimers();
    dialog.open("sma", gear);
    expect(document.activeElement).toBe($("[data-testid=tab-style]"));
    const color = $<HTMLInputElement>("[data-option=color]")!;
    color.value = "#00ff00";
    fire(color, "input");
    expect(chart.sent).toHaveLength(0);
    key(color, "Escape");
    expect($("[data-testid=lwcharts-settings]")).toBeNull();
    expect(chart.sent).toHaveLength(1); // flushed on close, not 300 ms later
    expect(document.activeElement).toBe(gear);
  });

  it("closes from the close button and the backdrop", () => {
    dialog.open("sma", gear);
    $<HTMLButtonElement>("[data-testid=lwcharts-close]")!.click();
    expect(dialog.isOpen).toBe(false);
    dialog.open("sma", gear);
    $<HTMLElement>(".lwc-settings-backdrop")!.click();
    expect(dialog.isOpen).toBe(false);
  });

  it("keeps Tab and Shift+Tab inside the dialog", () => {
    dialog.open("sma", gear);
    const close = $<HTMLButtonElement>("[data-testid=lwcharts-close]")!;
    const reset = $<HTMLButtonElement>("[data-testid=lwcharts-reset]")!;
    reset.focus();
    expect(key(reset, "Tab")).toBe(false); // default prevented: we moved focus ourselves
    expect(document.activeElement).toBe(close);
    expect(key(close, "Tab", true)).toBe(false);
    expect(document.activeElement).toBe(reset);
  });

  it("moves between tabs with the arrow keys", () => {
    dialog.open("sma", gear);
    key($("[data-testid=tab-style]")!, "ArrowRight");
    expect(document.activeElement).toBe($("[data-testid=tab-visibility]"));
    key($("[data-testid=tab-visibility]")!, "ArrowLeft");
    key($("[data-testid=tab-style]")!, "ArrowLeft");
    expect($("[data-testid=tab-inputs]")!.getAttribute("aria-selected")).toBe("true");
  });
});

describe("opening from a pane gear", () => {
  it("offers a picker of the pane's series and switches to the one picked", () => {
    dialog.open("price", gear, 0);
    const picker = $<HTMLSelectElement>("[data-testid=lwcharts-series-picker]")!;
    expect([...picker.options].map((o) => o.textContent)).toEqual(["BTC", NAME]);
    expect(root.querySelector(`label[for="${picker.id}"]`)!.textContent).toBe("Series");
    picker.value = "sma";
    fire(picker, "change");
    expect($("[data-testid=lwcharts-settings]")!.getAttribute("data-series-id")).toBe("sma");
    expect($("[data-option=color]")).not.toBeNull();
    expect(root.querySelectorAll("[data-testid=lwcharts-settings]")).toHaveLength(1);
    dialog.close();
    expect(document.activeElement).toBe(gear);
  });

  it("shows no picker from a legend gear", () => {
    dialog.open("sma", gear);
    expect($("[data-testid=lwcharts-series-picker]")).toBeNull();
  });
});

describe("the page's service", () => {
  it("is one instance per page, under the lwcharts and the seed's names, shared by later bundle copies", () => {
    const service = SeriesConfigService.getInstance();
    expect(window.lwchartsSeriesConfigService).toBe(service);
    expect(window.streamlitSeriesConfigService).toBe(service);
    expect(SeriesConfigService.getInstance()).toBe(service);
    expect(typeof service.getStats().sent).toBe("number");
  });

  it("flushes when the page is hidden", () => {
    const service = SeriesConfigService.getInstance();
    const sent: ConfigPayload[] = [];
    service.register("hide-test", { scope: "", send: (p) => sent.push(p), onChange: () => {} });
    service.recordConfigChange(0, "s", "line", { visible: false }, "hide-test");
    window.dispatchEvent(new Event("pagehide"));
    expect(sent).toHaveLength(1);
  });
});
