/**
 * Scaled int32 columns (`"dtype": "i32", "scale": d`): prices quoted in decimals travel as 4-byte
 * integers and come back as the very doubles Python held (docs/wire-format.md).
 */
import { describe, expect, it } from "vitest";
import { decodeEnvelope, decodeRows, I32_NAN } from "../../src/wire/envelope";
import { encodeEnvelope, encodeRows, scaledInts, valueColumns, type TestColumn } from "./encode";
import { seededRandom } from "../seeded-random";

const DAY = 86_400;
const T0 = 1_700_000_000 - (1_700_000_000 % DAY);

/** The decimal text of `int / 10**scale`, e.g. (10137, 2) → "101.37", (-5, 3) → "-0.005". */
function decimalText(int: number, scale: number): string {
  const digits = Math.abs(int).toString().padStart(scale + 1, "0");
  const whole = digits.slice(0, digits.length - scale);
  const text = scale === 0 ? whole : `${whole}.${digits.slice(digits.length - scale)}`;
  return int < 0 ? `-${text}` : text;
}

function line(columns: Record<string, TestColumn>, id = "px") {
  return decodeEnvelope(encodeEnvelope({}, [{ id, type: "line", columns }])).series[0];
}

/** Indices where `actual` is not bit for bit `expected` (Object.is: NaN equal, -0 ≠ +0). */
function mismatches(actual: ArrayLike<number>, expected: number[]): number[] {
  const bad: number[] = [];
  for (let i = 0; i < expected.length; i++) if (!Object.is(actual[i], expected[i])) bad.push(i);
  return bad;
}

describe("i32 columns with a decimal scale", () => {
  it("decode to doubles in a Float64Array, the sentinel to NaN", () => {
    const values = [101.37, NaN, -0.05, 0, 21_474_836.47, -21_474_836.47];
    const series = line({ time: { dtype: "u32", values: values.map((_, i) => T0 + i * DAY) }, value: { dtype: "i32", scale: 2, values } });
    expect(series.columns["value"]).toBeInstanceOf(Float64Array);
    expect(mismatches(series.columns["value"], values)).toEqual([]);
    expect(scaledInts([NaN], 2)).toEqual([I32_NAN]);
  });

  it("give back the double nearest the decimal, for many random cent, mill and finer prices", () => {
    const next = seededRandom(20_260_101);
    for (let scale = 0; scale <= 8; scale++) {
      // Integers from the decimal's digits; the expected doubles are what JS parses the text to
      // (correctly rounded, as Python's float(text) is).
      const ints: number[] = [];
      for (let i = 0; i < 20_000; i++) {
        const magnitude = 10 ** Math.floor(next() * 10); // 1 .. 1e9: prices of every size
        const int = Math.floor(next() * magnitude * 2.147) * (next() < 0.1 ? -1 : 1);
        ints.push(int === 0 ? 1 : int); // -0 is not an int32 value
      }
      const expected = ints.map((int) => Number(decimalText(int, scale)));
      const time = { dtype: "u32" as const, values: expected.map((_, i) => T0 + i) };
      // Written from the digits ...
      const fromDigits = line({ time, value: { dtype: "i32", scale, ints, values: expected } }).columns["value"];
      expect(mismatches(fromDigits, expected), `scale ${scale}`).toEqual([]);
      // ... and by scaling the doubles, as Python does: the same integers.
      expect(scaledInts(expected, scale)).toEqual(ints);
    }
  });

  it("decodes an i32 column of an envelope sitting at an unaligned offset", () => {
    const values = [101.37, 99.99, NaN];
    const bytes = encodeEnvelope({}, [{ type: "line", columns: { time: { dtype: "u32", values: [T0, T0 + DAY, T0 + 2 * DAY] }, value: { dtype: "i32", scale: 2, values } } }]);
    const message = new Uint8Array(bytes.byteLength + 5);
    message.set(bytes, 5);
    const series = decodeEnvelope(message.subarray(5)).series[0];
    expect(mismatches(series.columns["value"], values)).toEqual([]);
    expect([...series.columns["time"]]).toEqual([T0, T0 + DAY, T0 + 2 * DAY]);
  });

  it("decodes all five candlestick columns and live rows alike", () => {
    const time: TestColumn = { dtype: "i32", scale: 0, values: [T0, T0 + DAY] };
    const price = (values: number[]): TestColumn => ({ dtype: "i32", scale: 3, values });
    const spec = decodeEnvelope(
      encodeEnvelope({}, [
        { type: "candlestick", columns: { time, open: price([1.001, 2]), high: price([1.5, 2.125]), low: price([0.999, NaN]), close: price([1.234, 2.1]) } },
      ]),
    );
    const { columns } = spec.series[0];
    expect([...columns["time"]]).toEqual([T0, T0 + DAY]);
    expect(mismatches(columns["close"], [1.234, 2.1])).toEqual([]);
    expect(mismatches(columns["low"], [0.999, NaN])).toEqual([]);
    const rows = decodeRows(encodeRows("px", { time: { dtype: "u32", values: [T0] }, value: { dtype: "i32", scale: 2, values: [101.37] } }));
    expect([...rows.columns["value"]]).toEqual([101.37]);
  });

  it("rejects a missing or bad scale and a column past the body, naming series and column", () => {
    const time: TestColumn = { dtype: "u32", values: [T0] };
    const bad = (headerScale: unknown) => () => line({ time, value: { dtype: "i32", scale: 2, headerScale, values: [1.5] } }, "sma");
    expect(bad(undefined)).toThrow(/series "sma" column "value" has scale undefined, expected an integer from 0 to 8/);
    expect(bad(9)).toThrow(/series "sma" column "value" has scale 9, expected an integer from 0 to 8/);
    expect(bad(1.5)).toThrow(/has scale 1.5/);
    expect(bad("2")).toThrow(/has scale "2"/);
    const bytes = encodeEnvelope({}, [{ id: "sma", type: "line", columns: { time, value: { dtype: "i32", scale: 2, values: [1.5] } } }]);
    expect(() => decodeEnvelope(bytes.subarray(0, bytes.byteLength - 8))).toThrow(/series "sma" column "value" ends at body byte \d+, past the/);
    const rows = encodeRows("px", { time, value: { dtype: "i32", headerScale: -1, values: [1] } });
    expect(() => decodeRows(rows)).toThrow(/live rows of series "px" column "value" has scale -1/);
  });

  it("lists i32 among the dtypes a bad dtype is told about", () => {
    const columns = valueColumns([[T0, 1]]);
    expect(() => line({ ...columns, value: { dtype: "f64", headerDtype: "i64", values: [1] } }, "v")).toThrow(
      /series "v" column "value" has dtype "i64", expected one of f64, f32, u32, i32/,
    );
  });

  it("reads two column entries pointing at the same bytes (series sharing one time column)", () => {
    const times = [T0, T0 + DAY];
    const bytes = encodeEnvelope({}, [
      { id: "price", type: "line", columns: { time: { dtype: "u32", values: times }, value: { dtype: "i32", scale: 2, values: [1.01, 1.02] } } },
      // Body offset 0 is the price series' time column; 8 its i32 values.
      { id: "vol", type: "histogram", columns: { time: { dtype: "u32", values: times, headerOffset: 0 }, value: { dtype: "i32", scale: 2, values: [1.01, 1.02], headerOffset: 8 } } },
      { id: "ms", type: "line", columns: { time: { dtype: "i32", scale: 0, values: [0, 0], headerOffset: 0 }, value: { dtype: "f32", values: [1, 2] } } },
    ]);
    const [price, vol, ms] = decodeEnvelope(bytes).series;
    expect([...vol.columns["time"]]).toEqual(times);
    expect(vol.columns["time"].buffer).toBe(price.columns["time"].buffer);
    expect(mismatches(vol.columns["value"], [1.01, 1.02])).toEqual([]);
    expect([...ms.columns["time"]]).toEqual(times); // the same bytes read as int32, scale 0
  });
});
