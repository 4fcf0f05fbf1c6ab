import { ColorType, PriceScaleMode } from "lightweight-charts";
import { describe, expect, it } from "vitest";
import { deepMerge } from "../../src/chart/deep-merge";
import type { ChartSpec } from "../../src/wire/spec";
import { DARK, LIGHT, resolveTheme } from "../../src/chart/theme";
import {
  CONFLATION_MIN_BARS,
  chartOptions,
  colorSlots,
  paneStretchFactors,
  priceLineOptions,
  priceScaleOptions,
  seriesMarkers,
  seriesOptions,
  watermarkOptions,
} from "../../src/chart/options";
import { decodeEnvelope } from "../../src/wire/envelope";
import { encodeEnvelope, ohlcColumns, valueColumns, type TestSeries } from "../wire/encode";

const DAY = 86_400;
const T0 = 1_704_067_200; // 2024-01-01 00:00 UTC
const light = resolveTheme("light", { dark: false });
const dark = resolveTheme("dark", { dark: false });

function spec(header: Record<string, unknown>, series: TestSeries[] = []): ChartSpec {
  return decodeEnvelope(encodeEnvelope(header, series));
}
const candles = (extra: Partial<TestSeries> = {}): TestSeries => ({
  id: "price",
  type: "candlestick",
  columns: ohlcColumns([[T0, 1, 2, 0.5, 1.5]]),
  ...extra,
});
const line = (extra: Partial<TestSeries> = {}): TestSeries => ({
  id: "sma",
  type: "line",
  columns: valueColumns([[T0, 1]]),
  ...extra,
});

describe("chartOptions", () => {
  it("turns data conflation on only for long series", () => {
    const rows = (n: number): [number, number][] =>
      Array.from({ length: n }, (_, i) => [T0 + i * 60, i] as [number, number]);
    const short = chartOptions(spec({}, [line({ columns: valueColumns(rows(CONFLATION_MIN_BARS - 1)) })]), light);
    const long = chartOptions(spec({}, [line({ columns: valueColumns(rows(CONFLATION_MIN_BARS)) })]), light);
    expect(short.timeScale?.enableConflation).toBe(false);
    expect(long.timeScale?.enableConflation).toBe(true);
  });

  it("sizes to the container and paints the palette", () => {
    const options = chartOptions(spec({ height: 320 }, [candles()]), dark);
    expect(options).toMatchObject({
      autoSize: true,
      height: 320,
      layout: { background: { type: ColorType.Solid, color: DARK.background }, textColor: DARK.text },
      grid: { vertLines: { color: DARK.grid }, horzLines: { color: DARK.grid } },
    });
  });

  it("keeps the TradingView attribution logo unless the spec turns it off", () => {
    expect(chartOptions(spec({}), light).layout?.attributionLogo).toBe(true);
    expect(chartOptions(spec({ attribution: false }), light).layout?.attributionLogo).toBe(false);
  });

  it("deep-merges the user's chart options over ours, key by key", () => {
    const options = chartOptions(spec({ options: { layout: { fontSize: 14 }, timeScale: { rightOffset: 5 } } }), light);
    expect(options.layout).toMatchObject({ fontSize: 14, textColor: LIGHT.text, attributionLogo: true });
    expect(options.timeScale).toMatchObject({ rightOffset: 5, borderColor: LIGHT.border });
  });

  it("keeps axis labels whole: no cut price tick labels, room for the last bar's time label", () => {
    const options = chartOptions(spec({}, [candles()]), light);
    expect(options.rightPriceScale?.entireTextOnly).toBe(true);
    expect(options.leftPriceScale?.entireTextOnly).toBe(true);
    expect(options.timeScale?.rightOffsetPixels).toBe(24);
    const bigger = chartOptions(spec({ options: { layout: { fontSize: 14 } } }), light);
    expect(bigger.timeScale?.rightOffsetPixels).toBe(28);
    // Python's own offset wins (rightOffsetPixels would take priority over rightOffset).
    const own = chartOptions(spec({ options: { timeScale: { rightOffset: 5 } } }), light);
    expect(own.timeScale?.rightOffsetPixels).toBeUndefined();
  });

  it("shows the left scale only when a series uses it, and the right one unless all moved left", () => {
    const both = chartOptions(spec({}, [candles(), line({ priceScale: { id: "left" } })]), light);
    expect([both.leftPriceScale?.visible, both.rightPriceScale?.visible]).toEqual([true, true]);
    const leftOnly = chartOptions(spec({}, [line({ priceScale: { id: "left" } })]), light);
    expect([leftOnly.leftPriceScale?.visible, leftOnly.rightPriceScale?.visible]).toEqual([true, false]);
    const overlay = chartOptions(spec({}, [line({ priceScale: { id: "volume" } })]), light);
    expect([overlay.leftPriceScale?.visible, overlay.rightPriceScale?.visible]).toEqual([false, true]);
  });

  it("shows hours on the time axis only for intraday data", () => {
    expect(chartOptions(spec({}, [line({ columns: valueColumns([[T0, 1], [T0 + DAY, 2]]) })]), light).timeScale?.timeVisible).toBe(false);
    expect(chartOptions(spec({}, [line({ columns: valueColumns([[T0, 1], [T0 + 3600, 2]]) })]), light).timeScale?.timeVisible).toBe(true);
  });
});

describe("panes", () => {
  it("takes declared stretch factors and adds panes a series asks for", () => {
    expect(paneStretchFactors(spec({}))).toEqual([1]);
    expect(paneStretchFactors(spec({ panes: [{ stretchFactor: 3 }, { stretchFactor: 1 }] }))).toEqual([3, 1]);
    expect(paneStretchFactors(spec({ panes: [{ stretchFactor: 2 }] }, [line({ pane: 2 })]))).toEqual([2, 1, 1]);
  });
});

describe("seriesOptions", () => {
  it("colours candles with the palette's up/down colours", () => {
    expect(seriesOptions(spec({}, [candles()]).series[0], -1, DARK)).toMatchObject({
      upColor: DARK.up,
      downColor: DARK.down,
      wickUpColor: DARK.up,
      borderDownColor: DARK.down,
      priceScaleId: "right",
    });
  });

  it("gives line, area and histogram series the palette colours in turn, skipping OHLC series", () => {
    const { series } = spec({}, [candles(), line(), line({ id: "b", type: "histogram" }), line({ id: "c", type: "area" })]);
    const slots = colorSlots(series);
    expect(slots).toEqual([-1, 0, 1, 2]);
    expect(seriesOptions(series[1], slots[1], LIGHT)["color"]).toBe(LIGHT.series[0]);
    expect(seriesOptions(series[2], slots[2], LIGHT)["color"]).toBe(LIGHT.series[1]);
    expect(seriesOptions(series[3], slots[3], LIGHT)["lineColor"]).toBe(LIGHT.series[2]);
    expect(seriesOptions(series[1], LIGHT.series.length, LIGHT)["color"]).toBe(LIGHT.series[0]);
  });

  it("lets the user's series options win", () => {
    const s = spec({}, [line({ options: { color: "#f5a623", lineWidth: 1, visible: false } })]).series[0];
    expect(seriesOptions(s, 0, LIGHT)).toMatchObject({ color: "#f5a623", lineWidth: 1, visible: false });
  });

  it("derives area fills from the line colour the user chose", () => {
    const s = spec({}, [line({ type: "area", options: { lineColor: "#ff0000" } })]).series[0];
    expect(seriesOptions(s, 0, LIGHT)).toMatchObject({
      lineColor: "#ff0000",
      topColor: "rgba(255, 0, 0, 0.4)",
      bottomColor: "rgba(255, 0, 0, 0)",
    });
  });

  it("puts the series on its price scale: right, left or an overlay id", () => {
    const { series } = spec({}, [line({ priceScale: { id: "left" } }), line({ id: "v", priceScale: { id: "volume" } })]);
    expect(seriesOptions(series[0], 0, LIGHT)["priceScaleId"]).toBe("left");
    expect(seriesOptions(series[1], 1, LIGHT)["priceScaleId"]).toBe("volume");
  });
});

describe("priceScaleOptions", () => {
  it("maps each mode name to lightweight-charts' PriceScaleMode", () => {
    const modes = { normal: PriceScaleMode.Normal, log: PriceScaleMode.Logarithmic, percent: PriceScaleMode.Percentage, indexed: PriceScaleMode.IndexedTo100 };
    for (const [mode, expected] of Object.entries(modes)) {
      const s = spec({}, [line({ priceScale: { id: "right", mode } })]).series[0];
      expect(priceScaleOptions(s)).toEqual({ mode: expected });
    }
  });

  it("rejects an unknown mode when decoding", () => {
    expect(() => spec({}, [line({ priceScale: { mode: "logarithmic" } })])).toThrow(/price scale mode is "logarithmic"/);
  });
});

describe("watermark, markers, price lines", () => {
  it("centres a faint watermark unless told otherwise", () => {
    expect(watermarkOptions({ text: "BTC" }, DARK)).toEqual({
      visible: true,
      horzAlign: "center",
      vertAlign: "center",
      lines: [{ text: "BTC", color: DARK.watermark, fontSize: 48 }],
    });
    expect(watermarkOptions({ text: "X", color: "#f00", fontSize: 12, horzAlign: "left", vertAlign: "top" }, DARK)).toEqual({
      visible: true,
      horzAlign: "left",
      vertAlign: "top",
      lines: [{ text: "X", color: "#f00", fontSize: 12 }],
    });
  });

  it("sorts markers by time and colours uncoloured ones with the text colour", () => {
    const markers = seriesMarkers(
      [
        { time: T0 + DAY, position: "aboveBar", shape: "arrowDown", color: "#e91e63", text: "Sell" },
        { time: T0, position: "belowBar", shape: "arrowUp" },
      ],
      LIGHT,
    );
    expect(markers).toEqual([
      { time: T0, position: "belowBar", shape: "arrowUp", color: LIGHT.text },
      { time: T0 + DAY, position: "aboveBar", shape: "arrowDown", color: "#e91e63", text: "Sell" },
    ]);
  });

  it("passes price lines through without inventing keys", () => {
    expect(priceLineOptions({ price: 100, title: "Entry", lineStyle: 2 })).toEqual({ price: 100, title: "Entry", lineStyle: 2 });
  });
});

describe("deepMerge", () => {
  it("merges nested objects, replaces arrays and leaves both inputs alone", () => {
    const base = { layout: { textColor: "#000", panes: { enableResize: true } }, list: [1, 2] };
    const merged = deepMerge(base, { layout: { panes: { enableResize: false } }, list: [3] });
    expect(merged).toEqual({ layout: { textColor: "#000", panes: { enableResize: false } }, list: [3] });
    expect(base.layout.panes.enableResize).toBe(true);
  });

  it("ignores __proto__ keys from JSON", () => {
    const merged = deepMerge({}, JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    expect(Object.keys(merged)).toEqual([]);
  });
});
