import { describe, expect, it } from "vitest";
import { NO_VALUE, legendColor, legendEntry, legendValueText } from "../../src/chart/legend-values";

const format = (price: number) => price.toFixed(2);

describe("legendValueText", () => {
  it("shows open, high, low and close for a bar", () => {
    expect(legendValueText({ time: 1, open: 1, high: 2, low: 0.5, close: 1.5 }, format)).toBe("O 1.00 H 2.00 L 0.50 C 1.50");
  });

  it("shows the value of a line", () => {
    expect(legendValueText({ time: 1, value: 42 }, format)).toBe("42.00");
  });

  it("shows a dash, not 0, for a gap or no bar at the crosshair", () => {
    expect(legendValueText({ time: 1 }, format)).toBe(NO_VALUE);
    expect(legendValueText(undefined, format)).toBe(NO_VALUE);
  });
});

describe("legendColor", () => {
  const candle = { upColor: "#0f0", downColor: "#f00" };

  it("colours candles and bars by the direction of the bar shown", () => {
    expect(legendColor("candlestick", candle, { open: 1, close: 2 })).toBe("#0f0");
    expect(legendColor("bar", candle, { open: 2, close: 1 })).toBe("#f00");
    expect(legendColor("candlestick", candle, undefined)).toBe("#0f0");
  });

  it("uses the option that colours each series type", () => {
    expect(legendColor("line", { color: "#111" })).toBe("#111");
    expect(legendColor("histogram", { color: "#222" })).toBe("#222");
    expect(legendColor("area", { lineColor: "#333" })).toBe("#333");
    expect(legendColor("baseline", { topLineColor: "#444" })).toBe("#444");
  });
});

describe("legendEntry", () => {
  it("names the series and gives its value and colour", () => {
    const entry = legendEntry({ id: "sma", name: "SMA", type: "line" }, { color: "#ff0000" }, { value: 1.5 }, (p) => p.toFixed(2));
    expect(entry).toEqual({ id: "sma", name: "SMA", color: "#ff0000", value: "1.50" });
    expect(legendEntry({ id: "sma", name: "SMA", type: "line" }, {}, undefined, String).value).toBe(NO_VALUE);
  });
});
