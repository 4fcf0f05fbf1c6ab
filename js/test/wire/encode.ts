/**
 * A tiny envelope writer for tests, following docs/wire-format.md the way lwcharts/wire/envelope.py does:
 * header JSON, zero padding to 8, then each column on an 8-byte boundary of the body.
 */
type Dtype = "f64" | "f32" | "u32" | "i32";

export interface TestColumn {
  dtype: Dtype;
  /** The doubles the column stands for (for i32: before scaling; NaN is a gap). */
  values: number[];
  /** i32 only: decimal places, 0..8. The encoder refuses values that would not come back exact. */
  scale?: number;
  /** i32 only: the int32s to write as they are (e.g. digits of a decimal text), instead of scaling `values`. */
  ints?: number[];
  /** Written in the header instead of `dtype` (to test a bad dtype). */
  headerDtype?: string;
  /** Written in the header instead of `scale` (to test a bad scale). */
  headerScale?: unknown;
  /** Written in the header instead of the column's own offset (entries sharing bytes). */
  headerOffset?: number;
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

const ARRAYS = { f64: Float64Array, f32: Float32Array, u32: Uint32Array, i32: Int32Array } as const;

/** The int32 that stands for NaN in an i32 column (docs/wire-format.md). */
export const I32_NAN = -(2 ** 31);

/**
 * An i32 column's int32s, the way lwcharts/wire/envelope.py makes them: `round(v * 10**scale)`, NaN as
 * I32_NAN; throws when dividing back would not give `v` bit for bit (Python sends f64 then).
 */
export function scaledInts(values: number[], scale: number): number[] {
  const power = 10 ** scale;
  return values.map((value) => {
    if (Number.isNaN(value)) return I32_NAN;
    const int = Math.round(value * power);
    if (!Object.is(int / power, value) || Math.abs(int) > 2 ** 31 - 1) {
      throw new Error(`${value} is not exact as an int32 with scale ${scale}`);
    }
    return int;
  });
}

function bytesOf(column: TestColumn): Uint8Array {
  if (column.dtype !== "i32") return new Uint8Array(ARRAYS[column.dtype].from(column.values).buffer);
  return new Uint8Array(Int32Array.from(column.ints ?? scaledInts(column.values, column.scale ?? 0)).buffer);
}

const align8 = (n: number) => Math.ceil(n / 8) * 8;

/** Column buffers on 8-byte boundaries of the body, and their header entries. */
class Body {
  readonly chunks: Uint8Array[] = [];
  length = 0;

  columns(columns: Record<string, TestColumn>): { described: Record<string, unknown>; length: number } {
    const described: Record<string, unknown> = {};
    let length = 0;
    for (const [name, column] of Object.entries(columns)) {
      const data = bytesOf(column);
      const offset = align8(this.length);
      this.chunks.push(new Uint8Array(offset - this.length), data);
      this.length = offset + data.byteLength;
      const scale = "headerScale" in column ? column.headerScale : column.scale;
      described[name] = {
        dtype: column.headerDtype ?? column.dtype,
        ...(scale === undefined ? {} : { scale }),
        offset: column.headerOffset ?? offset,
        length: column.values.length,
      };
      length = column.values.length;
    }
    return { described, length };
  }

  envelope(header: Record<string, unknown>): Uint8Array<ArrayBuffer> {
    const json = new TextEncoder().encode(JSON.stringify({ version: 1, ...header }));
    const bodyStart = align8(8 + json.byteLength);
    const out = new Uint8Array(bodyStart + this.length);
    out.set(new TextEncoder().encode("LWC1"), 0);
    new DataView(out.buffer).setUint32(4, json.byteLength, true);
    out.set(json, 8);
    let at = bodyStart;
    for (const chunk of this.chunks) {
      out.set(chunk, at);
      at += chunk.byteLength;
    }
    return out;
  }
}

export function encodeEnvelope(header: Record<string, unknown>, series: TestSeries[] = []): Uint8Array<ArrayBuffer> {
  const body = new Body();
  const headerSeries = series.map(({ columns, omitColumns, ...rest }) => {
    const { described, length } = body.columns(columns);
    return omitColumns === true ? { length, ...rest } : { length, ...rest, columns: described };
  });
  return body.envelope({ ...header, series: headerSeries });
}

/** A live-rows message (docs/wire-format.md, "Live rows") for one series. */
export function encodeRows(seriesId: string, columns: Record<string, TestColumn>): Uint8Array<ArrayBuffer> {
  const body = new Body();
  const { described, length } = body.columns(columns);
  return body.envelope({ seriesId, length, columns: described });
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

/** A line series `id: "sma"` with one value per minute from 2023-11-14 22:13:20 UTC. */
export function lineSeries(values: number[], extra: Partial<TestSeries> = {}): TestSeries {
  const t0 = 1_700_000_000;
  return {
    id: "sma",
    type: "line",
    columns: {
      time: { dtype: "u32", values: values.map((_, i) => t0 + i * 60) },
      value: { dtype: "f64", values },
    },
    ...extra,
  };
}
