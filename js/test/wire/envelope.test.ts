import { describe, expect, it } from "vitest";
import { decodeEnvelope, sameBytes, sameDrawing } from "../../src/wire/envelope";
import { encodeEnvelope, ohlcColumns, valueColumns } from "./encode";

const DAY = 86_400;
const T0 = 1_700_000_000 - (1_700_000_000 % DAY);

describe("decodeEnvelope", () => {
  it("reads the header and fills documented defaults for what Python left out", () => {
    const spec = decodeEnvelope(encodeEnvelope({ chartId: "btc" }, [{ type: "line", columns: valueColumns([]) }]));
    expect(spec).toMatchObject({
      version: 1,
      chartId: "btc",
      height: 400,
      theme: "auto",
      options: {},
      watermark: null,
      legend: true,
      attribution: true,
      panes: [],
    });
    expect(spec.series[0]).toMatchObject({
      id: "series-0",
      name: "series-0",
      type: "line",
      pane: 0,
      options: {},
      priceScale: { id: "right", mode: "normal" },
      length: 0,
      markers: [],
      priceLines: [],
    });
  });

  it("keeps what Python gave", () => {
    const header = {
      chartId: "c",
      height: 300,
      theme: "dark",
      options: { timeScale: { rightOffset: 3 } },
      watermark: { text: "BTC" },
      legend: false,
      attribution: false,
      panes: [{ stretchFactor: 3 }, { stretchFactor: 1 }],
    };
    const series = {
      id: "vol",
      name: "<b>Volume</b>",
      type: "histogram",
      pane: 1,
      options: { color: "#123456" },
      priceScale: { id: "vol", mode: "log" },
      markers: [{ time: T0, position: "aboveBar", shape: "circle" }],
      priceLines: [{ price: 1 }],
      columns: valueColumns([[T0, 5]]),
    };
    const spec = decodeEnvelope(encodeEnvelope(header, [series]));
    expect(spec).toMatchObject({ ...header, version: 1 });
    expect(spec.series[0]).toMatchObject({
      id: "vol",
      name: "<b>Volume</b>",
      pane: 1,
      options: { color: "#123456" },
      priceScale: { id: "vol", mode: "log" },
      markers: series.markers,
      priceLines: series.priceLines,
    });
  });

  it("gives each dtype its typed array, as views over the received buffer", () => {
    const bytes = encodeEnvelope({}, [
      {
        type: "candlestick",
        columns: {
          time: { dtype: "u32", values: [T0, T0 + DAY, T0 + 2 * DAY] },
          open: { dtype: "f64", values: [1.1, 2.2, 3.3] },
          high: { dtype: "f32", values: [2, 3, 4.5] },
          low: { dtype: "f64", values: [0.5, NaN, 1] },
          close: { dtype: "f32", values: [1.5, 2.5, 3.5] },
        },
      },
    ]);
    const { columns, length } = decodeEnvelope(bytes).series[0];
    expect(length).toBe(3);
    expect(columns["time"]).toBeInstanceOf(Uint32Array);
    expect(columns["open"]).toBeInstanceOf(Float64Array);
    expect(columns["high"]).toBeInstanceOf(Float32Array);
    expect([...columns["time"]]).toEqual([T0, T0 + DAY, T0 + 2 * DAY]);
    expect([...columns["open"]]).toEqual([1.1, 2.2, 3.3]);
    expect([...columns["high"]]).toEqual([2, 3, 4.5]);
    expect(Number.isNaN(columns["low"][1])).toBe(true);
    for (const column of Object.values(columns)) {
      expect(column.buffer).toBe(bytes.buffer);
      expect(column.byteOffset % 8).toBe(0);
    }
  });

  it("accepts a DataView (anywidget), an ArrayBuffer and a Uint8Array (Streamlit) alike", () => {
    const bytes = encodeEnvelope({ chartId: "x" }, [{ type: "line", columns: valueColumns([[T0, 42]]) }]);
    for (const payload of [bytes, new DataView(bytes.buffer), bytes.buffer]) {
      expect([...decodeEnvelope(payload).series[0].columns["value"]]).toEqual([42]);
    }
  });

  it("decodes an envelope sitting at an unaligned offset inside a larger message buffer", () => {
    const bytes = encodeEnvelope({}, [{ type: "line", columns: valueColumns([[T0, 1.25], [T0 + DAY, -3]]) }]);
    const message = new Uint8Array(bytes.byteLength + 3);
    message.set(bytes, 3);
    const spec = decodeEnvelope(message.subarray(3));
    expect([...spec.series[0].columns["value"]]).toEqual([1.25, -3]);
    expect([...spec.series[0].columns["time"]]).toEqual([T0, T0 + DAY]);
  });

  it("rejects bytes that are not an envelope", () => {
    expect(() => decodeEnvelope(new TextEncoder().encode("PK\u0003\u0004 zip file"))).toThrow(
      /magic is "PK\\u0003\\u0004", expected "LWC1"/,
    );
    expect(() => decodeEnvelope(new Uint8Array(3))).toThrow(/shorter than the 8-byte preamble/);
  });

  it("rejects another wire version", () => {
    expect(() => decodeEnvelope(encodeEnvelope({ version: 2 }))).toThrow(/version is 2, this bundle reads version 1/);
  });

  it("rejects a header length past the end", () => {
    const bytes = encodeEnvelope({});
    new DataView(bytes.buffer).setUint32(4, bytes.byteLength, true);
    expect(() => decodeEnvelope(bytes)).toThrow(/header length \d+ runs past the end/);
  });

  it("rejects a column that runs past the body, naming series and column", () => {
    const bytes = encodeEnvelope({}, [{ id: "sma", type: "line", columns: valueColumns([[T0, 1]]) }]);
    const truncated = bytes.subarray(0, bytes.byteLength - 4);
    expect(() => decodeEnvelope(truncated)).toThrow(/series "sma" column "value" ends at body byte \d+, past the/);
  });

  it("rejects a missing column, a length mismatch, a bad dtype and an unknown type", () => {
    const { value: _value, ...noValue } = valueColumns([[T0, 1]]);
    expect(() => decodeEnvelope(encodeEnvelope({}, [{ id: "a", type: "line", columns: noValue }]))).toThrow(
      /series "a" column "value" is missing/,
    );
    expect(() =>
      decodeEnvelope(encodeEnvelope({}, [{ id: "b", type: "line", length: 2, columns: valueColumns([[T0, 1]]) }])),
    ).toThrow(/series "b" column "time" has 1 values, expected length 2/);
    const candles = ohlcColumns([[T0, 1, 2, 0, 1]]);
    expect(() =>
      decodeEnvelope(
        encodeEnvelope({}, [{ id: "c", type: "candlestick", columns: { ...candles, close: { dtype: "u32", headerDtype: "i8", values: [1] } } }]),
      ),
    ).toThrow(/series "c" column "close" has dtype "i8", expected one of f64, f32, u32/);
    expect(() => decodeEnvelope(encodeEnvelope({}, [{ id: "d", type: "pie", columns: valueColumns([]) }]))).toThrow(
      /series "d" has type "pie", expected one of candlestick/,
    );
  });
});

describe("sameBytes", () => {
  it("compares content, not identity", () => {
    const a = encodeEnvelope({ chartId: "a" });
    expect(sameBytes(a, a.slice())).toBe(true);
    expect(sameBytes(a, encodeEnvelope({ chartId: "b" }))).toBe(false);
  });
});

describe("saved settings in the envelope", () => {
  const line = { id: "sma", type: "line", pane: 1, columns: valueColumns([[T0, 1]]) };

  it("reads the scope, the pane id and this chart's saved settings", () => {
    const saved = { 1: { sma: { config: { color: "#ff0000" }, seriesType: "line", lastModified: 5 } } };
    const spec = decodeEnvelope(
      encodeEnvelope({ chartId: "btc", scope: "u1", seriesConfigBackendData: { completeState: { btc: saved, other: {} } } }, [line]),
    );
    expect(spec.scope).toBe("u1");
    expect(spec.savedSettings).toEqual(saved);
    expect(spec.series[0]).toMatchObject({ pane: 1 });
    expect(spec.series[0]).not.toHaveProperty("paneId");
  });

  it("defaults them, and never fails a chart over malformed saved settings", () => {
    const spec = decodeEnvelope(encodeEnvelope({ chartId: "btc", seriesConfigBackendData: "junk" }, [line]));
    expect([spec.scope, spec.savedSettings]).toEqual(["", {}]);
  });

  it("tells an envelope that only brings new saved settings from one that draws something else", () => {
    const make = (header: Record<string, unknown>, value = 1) =>
      encodeEnvelope({ chartId: "btc", ...header }, [{ ...line, columns: valueColumns([[T0, value]]) }]);
    const base = make({ scope: "u1", seriesConfigBackendData: { completeState: {} } });
    const newSettings = make({ scope: "u1", seriesConfigBackendData: { completeState: { btc: { 0: {} } } } });
    expect(sameDrawing(base, newSettings)).toBe(true);
    expect(sameDrawing(base, make({ scope: "u1", height: 300, seriesConfigBackendData: { completeState: {} } }))).toBe(false);
    expect(sameDrawing(base, make({ scope: "u1", seriesConfigBackendData: { completeState: {} } }, 2))).toBe(false);
    expect(sameDrawing(base, new Uint8Array(4))).toBe(false);
  });
});
