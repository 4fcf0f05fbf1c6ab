// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from "vitest";
import { SettingsDialog, type SettingsHost } from "../../src/settings/ui/dialog";
import { checkInput, decodeInputs, inputValues, withoutInputs } from "../../src/settings/inputs";
import { validateConfig } from "../../src/settings/schema";
import { SeriesConfigService, type ConfigPayload } from "../../src/settings/service";
import { sanitizeChartState } from "../../src/settings/state";
import type { InputSpec } from "../../src/wire/spec";

const LENGTH: InputSpec = {
  kind: "int",
  default: 20,
  value: 20,
  minimum: 1,
  maximum: 500,
  label: "Length",
  choices: [],
  problem: null,
};
const SOURCE: InputSpec = { ...LENGTH, kind: "choice", default: "close", value: "close", minimum: null, maximum: null, label: "Source", choices: ["open", "close"] };
const ADJUSTED: InputSpec = { ...LENGTH, kind: "bool", default: false, value: false, minimum: null, maximum: null, label: "Adjusted" };

describe("input keys in saved settings", () => {
  it("keeps input:<name> keys with primitive values beside the schema's options", () => {
    const raw = { color: "#ff0000", "input:length": 5, "input:source": "open", "input:adjusted": true, "input:factor": 2.5 };
    expect(validateConfig("line", raw)).toEqual({ config: raw, dropped: [] });
  });

  it("drops input values that are not a finite number, a boolean or short text, and bad names", () => {
    const { config, dropped } = validateConfig("line", {
      "input:length": { nested: 1 },
      "input:list": [5],
      "input:nan": Number.NaN,
      "input:long": "x".repeat(201),
      "input:": 5,
      "input:not a name": 5,
      "input:ok": 3,
    });
    expect(config).toEqual({ "input:ok": 3 });
    expect(dropped).toHaveLength(6);
  });

  it("are recorded, saved and sent like styles", () => {
    const sent: ConfigPayload[] = [];
    const service = new SeriesConfigService({ storage: null, warn: () => {} });
    service.register("c", { scope: "", send: (p) => sent.push(p), onChange: () => {} });
    service.loadChart("c", "", {});
    service.recordConfigChange(0, "sma", "line", { color: "#ff0000" }, "c");
    service.recordConfigChange(0, "sma", "line", { "input:length": 5, "input:bad": {} }, "c");
    service.flush();
    expect(sent[0].changes[0].config).toEqual({ color: "#ff0000", "input:length": 5 });
    expect(service.userConfig("c", 0, "sma", "line")).toEqual({ color: "#ff0000", "input:length": 5 });
  });

  it("survive loading from Python or localStorage, and bad ones are dropped", () => {
    const { state, problems } = sanitizeChartState({
      "0": { sma: { config: { "input:length": 5, "input:x": null }, seriesType: "line", lastModified: 1 } },
    });
    expect(state["0"]["sma"].config).toEqual({ "input:length": 5 });
    expect(problems).toHaveLength(1);
  });

  it("never reach lightweight-charts", () => {
    expect(withoutInputs({ color: "#ff0000", "input:length": 5 })).toEqual({ color: "#ff0000" });
  });
});

describe("an input's declaration", () => {
  it("checks values like Python's InputSpec.check", () => {
    expect(checkInput(LENGTH, 5)).toEqual({ value: 5 });
    expect(checkInput(LENGTH, 0)).toHaveProperty("problem");
    expect(checkInput(LENGTH, 2.5)).toHaveProperty("problem");
    expect(checkInput(SOURCE, "open")).toEqual({ value: "open" });
    expect(checkInput(SOURCE, "hl2")).toHaveProperty("problem");
    expect(checkInput(ADJUSTED, 1)).toHaveProperty("problem");
  });

  it("shows the user's saved value when it fits, else the value Python computed with", () => {
    const inputs = { length: LENGTH, source: SOURCE };
    expect(inputValues(inputs, { "input:length": 5 })).toEqual({ "input:length": 5, "input:source": "close" });
    expect(inputValues(inputs, { "input:length": 900, "input:source": "hl2" })).toEqual({
      "input:length": 20,
      "input:source": "close",
    });
  });

  it("is decoded from the series header, leaving out malformed entries", () => {
    const decoded = decodeInputs({
      length: { ...LENGTH },
      bad: { kind: "int", value: { nested: 1 }, default: 1 },
      __proto__x: "not an object",
      "not a name": { ...LENGTH },
    });
    expect(decoded).toEqual({ length: LENGTH });
    expect(decodeInputs(undefined)).toEqual({});
  });
});

describe("the Inputs tab", () => {
  let root: HTMLElement;
  let changes: { seriesId: string; config: Record<string, unknown> }[];
  let inputs: Record<string, InputSpec>;
  let dialog: SettingsDialog;

  beforeEach(() => {
    document.body.replaceChildren();
    root = document.createElement("div");
    document.body.append(root);
    changes = [];
    inputs = { length: { ...LENGTH }, source: SOURCE, adjusted: ADJUSTED };
    const saved: Record<string, unknown> = {};
    const host: SettingsHost = {
      series: () => [{ id: "sma", name: "SMA", type: "line", paneId: 0, inputs }],
      values: () => ({ precision: 2, ...inputValues(inputs, saved) }),
      change: (seriesId, config) => {
        changes.push({ seriesId, config });
        Object.assign(saved, config);
      },
      reset: () => {},
      closed: () => {},
    };
    dialog = new SettingsDialog(root, host);
    dialog.open("sma", null);
    root.querySelector<HTMLElement>("[data-testid=tab-inputs]")!.click();
  });

  const $ = <T extends Element = HTMLInputElement>(selector: string) => root.querySelector<T>(selector)!;
  const fire = (el: Element, type: string) => el.dispatchEvent(new Event(type, { bubbles: true }));

  it("shows each declared input, labelled, below the schema's options", () => {
    const panel = $<HTMLElement>("[role=tabpanel][data-tab=inputs]");
    const names = [...panel.querySelectorAll("[data-option]")].map((el) => el.getAttribute("data-option"));
    expect(names).toEqual(["minMove", "precision", "priceFormat", "input:length", "input:source", "input:adjusted"]);
    const length = $("[data-option='input:length']");
    expect(length.type).toBe("number");
    expect([length.min, length.max, length.step, length.value]).toEqual(["1", "500", "1", "20"]);
    expect(root.querySelector(`label[for="${length.id}"]`)!.textContent).toBe("Length");
    expect($<HTMLSelectElement>("[data-option='input:source']").tagName).toBe("SELECT");
    expect($("[data-option='input:adjusted']").type).toBe("checkbox");
  });

  it("records a value the declaration takes under input:<name>", () => {
    const length = $("[data-option='input:length']");
    length.value = "5";
    fire(length, "input");
    const source = $<HTMLSelectElement>("[data-option='input:source']");
    source.value = [...source.options].find((o) => o.textContent === "Open")!.value;
    fire(source, "change");
    const adjusted = $("[data-option='input:adjusted']");
    adjusted.checked = true;
    fire(adjusted, "change");
    expect(changes).toEqual([
      { seriesId: "sma", config: { "input:length": 5 } },
      { seriesId: "sma", config: { "input:source": "open" } },
      { seriesId: "sma", config: { "input:adjusted": true } },
    ]);
  });

  it("refuses a value out of the declared range", () => {
    const length = $("[data-option='input:length']");
    length.value = "0";
    fire(length, "input");
    expect(changes).toEqual([]);
    expect(length.getAttribute("aria-invalid")).toBe("true");
  });

  it("shows the value Python redraws with, but not in the box the user is typing in", () => {
    const length = $("[data-option='input:length']");
    inputs.length = { ...LENGTH, value: 7 };
    dialog.refresh();
    expect(length.value).toBe("7");
    length.focus();
    length.value = "1";
    inputs.length = { ...LENGTH, value: 9 };
    dialog.refresh();
    expect(length.value).toBe("1");
  });

  it("shows, as text, why Python did not take the user's last value", () => {
    const problem = $<HTMLElement>("[data-testid=lwcharts-input-problem]");
    expect(problem.hidden).toBe(true);
    inputs.length = { ...LENGTH, problem: "<b>sma(length=13)</b> raised ValueError" };
    dialog.refresh();
    expect(problem.hidden).toBe(false);
    expect(problem.textContent).toBe("<b>sma(length=13)</b> raised ValueError");
    expect(problem.querySelector("b")).toBeNull();
  });
});
