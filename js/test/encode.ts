/**
 * A tiny envelope writer for tests, following docs/wire-format.md the way lwcharts/_wire.py does:
 * header JSON, zero padding to 8, then each column on an 8-byte boundary of the body.
 */
type Dtype = "f64" | "f32" | "u32";

export interface TestColumn {
  dtype: Dtype;
  values: number[];
  /** Written in the header instead of `dtype` (to test a bad dtype). */
  headerDtype?: string;
}

export interface TestSeries {
  id?: string;
  name?: string;
  type: string;
  pane?: number;
  /** Overrides the length taken from the columns (to test a mismatch). */
  length?: number;
  options?: Record<string, unknown>;
  priceScale?: { id?: string; mode?: string };
  markers?: unknown[];
  priceLines?: unknown[];
  columns: Record<string, TestColumn>;
  /** Data the browser may already hold (docs/wire-format.md): hash, delta start and base. */
  dataHash?: string;
  appendFrom?: number;
  baseHash?: string;
  /** Leave `columns` out of the header (a series sent as its dataHash only). */
  omitColumns?: boolean;
}

const ARRAYS = { f64: Float64Array, f32: Float32Array, u32: Uint32Array } as const;

const align8 = (n: number) => Math.ceil(n / 8) * 8;

export function encodeEnvelope(header: Record<string, unknown>, series: TestSeries[] = []): Uint8Array<ArrayBuffer> {
  const chunks: Uint8Array[] = [];
  let bodyLength = 0;
  const headerSeries = series.map(({ columns, omitColumns, ...rest }) => {
    const described: Record<string, unknown> = {};
    let length = 0;
    for (const [name, column] of Object.entries(columns)) {
      const data = new Uint8Array(ARRAYS[column.dtype].from(column.values).buffer);
      const offset = align8(bodyLength);
      chunks.push(new Uint8Array(offset - bodyLength), data);
      bodyLength = offset + data.byteLength;
      described[name] = { dtype: column.headerDtype ?? column.dtype, offset, length: column.values.length };
      length = column.values.length;
    }
    return omitColumns === true ? { length, ...rest } : { length, ...rest, columns: described };
  });
  const json = new TextEncoder().encode(JSON.stringify({ version: 1, ...header, series: headerSeries }));
  const bodyStart = align8(8 + json.byteLength);
  const out = new Uint8Array(bodyStart + bodyLength);
  out.set(new TextEncoder().encode("LWC1"), 0);
  new DataView(out.buffer).setUint32(4, json.byteLength, true);
  out.set(json, 8);
  let at = bodyStart;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

/** Columns of a candlestick/bar series, all in one dtype unless given per field. */
export function ohlcColumns(
  rows: [number, number, number, number, number][],
  dtype: Dtype = "f64",
): Record<string, TestColumn> {
  const field = (i: number): TestColumn => ({ dtype, values: rows.map((r) => r[i]) });
  return { time: { dtype: "u32", values: rows.map((r) => r[0]) }, open: field(1), high: field(2), low: field(3), close: field(4) };
}

export function valueColumns(rows: [number, number][], dtype: Dtype = "f64"): Record<string, TestColumn> {
  return { time: { dtype: "u32", values: rows.map((r) => r[0]) }, value: { dtype, values: rows.map((r) => r[1]) } };
}
