import { describe, expect, it } from "vitest";
import { fromSeriesOptions, toSeriesOptions, withPercentScale } from "../../src/settings/flat-options";
import { LIGHT } from "../../src/chart/theme";
import { seriesOptions } from "../../src/chart/options";
import { decodeEnvelope } from "../../src/wire/envelope";
import { encodeEnvelope, valueColumns, type TestSeries } from "../wire/encode";

const T0 = 1_704_067_200;
const series = (extra: Partial<TestSeries>) =>
  decodeEnvelope(encodeEnvelope({}, [{ id: "s", type: "line", columns: valueColumns([[T0, 1]]), ...extra }])).series[0];

describe("toSeriesOptions (flat schema names → lightweight-charts)", () => {
  it("folds precision and minimum move into a price format", () => {
    expect(toSeriesOptions({ precision: 3, minMove: 0.005 })).toEqual({ priceFormat: { type: "price", precision: 3, minMove: 0.005 } });
  });

  it("gives a precision without a minimum move the step that precision shows", () => {
    expect(toSeriesOptions({ precision: 4 })).toEqual({ priceFormat: { type: "price", precision: 4, minMove: 0.0001 } });
    expect(toSeriesOptions({ precision: 0 })).toEqual({ priceFormat: { type: "price", precision: 0, minMove: 1 } });
    expect(toSeriesOptions({ minMove: 0.5 })).toEqual({ priceFormat: { type: "price", minMove: 0.5 } });
  });

  it("makes the price format's type from priceFormat, keeping precision and minimum move", () => {
    expect(toSeriesOptions({ priceFormat: "volume" })).toEqual({ priceFormat: { type: "volume" } });
    expect(toSeriesOptions({ priceFormat: "percent", precision: 1 })).toEqual({ priceFormat: { type: "percent", precision: 1, minMove: 0.1 } });
  });

  it("turns a number base value into a price base value", () => {
    expect(toSeriesOptions({ baseValue: 101.5 })).toEqual({ baseValue: { type: "price", price: 101.5 } });
  });

  it("passes every other option through unchanged", () => {
    const flat = { color: "#ff0000", lineWidth: 3, lineStyle: 2, visible: false, title: "t", base: 5 };
    expect(toSeriesOptions(flat)).toEqual(flat);
  });
});

describe("fromSeriesOptions (lightweight-charts → flat)", () => {
  it("reads back the schema options of the type, and only those", () => {
    const flat = fromSeriesOptions("baseline", {
      priceFormat: { type: "price", precision: 3, minMove: 0.001 },
      baseValue: { type: "price", price: 42 },
      topLineColor: "#00ff00",
      lastValueVisible: false,
      priceScaleId: "right",
      autoscaleInfoProvider: undefined,
    });
    expect(flat).toEqual({ priceFormat: "price", precision: 3, minMove: 0.001, baseValue: 42, topLineColor: "#00ff00", lastValueVisible: false });
  });

  it("round-trips through toSeriesOptions", () => {
    const flat = { color: "#123456", priceFormat: "percent", precision: 5, minMove: 0.00001, lineStyle: 1 };
    expect(fromSeriesOptions("line", withPercentScale(toSeriesOptions(flat)))).toEqual(flat);
  });
});

describe("seriesOptions layering", () => {
  it("translates the flat options given in code", () => {
    const options = seriesOptions(series({ options: { color: "#f5a623", precision: 4 } }), 0, LIGHT);
    expect(options).toMatchObject({ color: "#f5a623", priceFormat: { type: "price", precision: 4, minMove: 0.0001 } });
  });

  it("puts the user's settings over the code's, key by key", () => {
    const options = seriesOptions(series({ options: { color: "#f5a623", lineWidth: 1 } }), 0, LIGHT, { color: "#ff0000" });
    expect(options).toMatchObject({ color: "#ff0000", lineWidth: 1 });
  });

  it("keeps the code's precision when the user only changes the minimum move", () => {
    const options = seriesOptions(series({ options: { precision: 4 } }), 0, LIGHT, { minMove: 0.5 });
    expect(options["priceFormat"]).toEqual({ type: "price", precision: 4, minMove: 0.5 });
  });

  it("keeps the decimals read from the data when the user picks another price format", () => {
    const fx = series({ options: { precision: 5, minMove: 0.00001 } });
    expect(seriesOptions(fx, 0, LIGHT)["priceFormat"]).toEqual({ type: "price", precision: 5, minMove: 0.00001 });
    // lightweight-charts takes a percent format's precision as its price scale: 10^5.
    const percent = seriesOptions(fx, 0, LIGHT, { priceFormat: "percent" });
    expect(percent["priceFormat"]).toEqual({ type: "percent", precision: 100_000, minMove: 0.00001 });
    expect(fromSeriesOptions("line", percent)).toMatchObject({ priceFormat: "percent", precision: 5, minMove: 0.00001 });
    const defaultPercent = seriesOptions(series({}), 0, LIGHT, { priceFormat: "percent" });
    expect(defaultPercent["priceFormat"]).toEqual({ type: "percent", precision: 100, minMove: 0.01 });
  });

  it("gives a volume series lightweight-charts' volume format, which its axis and legend use", () => {
    const volume = seriesOptions(series({ type: "histogram", options: { priceFormat: "volume" } }), 0, LIGHT);
    expect((volume["priceFormat"] as Record<string, unknown>)["type"]).toBe("volume");
  });

  it("sets every schema option, so a key the user no longer sets goes back to its default", () => {
    // After a reset nothing names lineStyle; applying these options must still undo a dashed line.
    const options = seriesOptions(series({}), 0, LIGHT);
    expect(options).toMatchObject({ lineStyle: 0, visible: true, title: "", priceFormat: { type: "price", precision: 2, minMove: 0.01 } });
    expect(options["lineWidth"]).toBe(2); // the theme's width sits over the schema's 3
  });

  it("lets area fills follow a line colour chosen in the dialog", () => {
    const options = seriesOptions(series({ type: "area" }), 0, LIGHT, { lineColor: "#0000ff" });
    expect(options).toMatchObject({ lineColor: "#0000ff", topColor: "rgba(0, 0, 255, 0.4)" });
  });
});
