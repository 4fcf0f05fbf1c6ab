/**
 * Decoder of the binary envelope Python sends (docs/wire-format.md). Columns become typed-array
 * views over the received buffer, so a million bars cost no parsing and no copy; only scaled
 * int32 columns (`i32` + `scale`, e.g. prices in cents) are turned into doubles, in one pass.
 */
import { SCALE_MODES, SERIES_COLUMNS, SERIES_TYPES, isSeriesType, type PriceScaleModeName } from "../shared";
import type { ChartSpec, Column, SeriesSpec } from "./spec";

import { decodeInputs } from "../settings/inputs";

export const WIRE_MAGIC = "LWC1";
export const WIRE_VERSION = 1;
/** Magic (4 bytes) + header length (uint32). */
const PREAMBLE = 8;
/** Body and every column start on this boundary, so Float64Array views are legal. */
const ALIGN = 8;

/** What the two hosts hand us: anywidget gives a DataView, Streamlit a Uint8Array. */
export type Payload = Uint8Array | DataView | ArrayBuffer;

const DTYPES = {
  f64: Float64Array,
  f32: Float32Array,
  u32: Uint32Array,
  i32: Int32Array,
} as const;
type Dtype = keyof typeof DTYPES;

/** The int32 that stands for NaN (a gap) in an `i32` column (lwcharts/wire/envelope.py `I32_NAN`). */
export const I32_NAN = -(2 ** 31);
/**
 * 10**scale for the scales an `i32` column may have, as literals: every one is an exact double,
 * so `int / POW10[scale]` is the correctly rounded quotient, i.e. the double nearest the decimal,
 * which is the very double Python held (it checked the same division before choosing i32).
 */
const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8] as const;

export function asBytes(payload: Payload): Uint8Array {
  if (payload instanceof Uint8Array) return payload;
  if (payload instanceof ArrayBuffer) return new Uint8Array(payload);
  return new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength);
}

/** Byte equality: far cheaper than redrawing, so a rerun with the same chart costs nearly nothing. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a === b) return true;
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Header keys that carry the user's saved settings, not the drawing. */
const SETTINGS_KEYS = ["seriesConfigBackendData", "scope"];

/**
 * Whether two well-formed envelopes draw the same chart and differ at most in the saved settings
 * they carry. A Streamlit rerun caused by a settings change sends exactly such an envelope; it
 * must not rebuild the series (and lose the user's zoom) under the open dialog.
 */
export function sameDrawing(a: Uint8Array, b: Uint8Array): boolean {
  const drawing = (bytes: Uint8Array) => {
    const { header, body } = openEnvelope(bytes, "envelope");
    for (const key of SETTINGS_KEYS) delete header[key];
    return { header: JSON.stringify(header), body };
  };
  try {
    const [x, y] = [drawing(a), drawing(b)];
    return x.header === y.header && sameBytes(x.body, y.body);
  } catch {
    return false;
  }
}

/** The raw header of a well-formed envelope, for a host's own keys (e.g. Streamlit's `events`). */
export function envelopeHeader(payload: Payload): Record<string, unknown> {
  return openEnvelope(asBytes(payload), "envelope").header;
}

export function alignUp(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN;
}

function fail(message: string): never {
  throw new Error(`lwcharts: bad chart envelope: ${message}`);
}

/** Decode one envelope into a ChartSpec; throws an Error naming what was wrong. */
export function decodeEnvelope(payload: Payload): ChartSpec {
  const { header, body } = openEnvelope(asBytes(payload), "envelope");
  return decodeHeader(header, body);
}

/**
 * The preamble every message starts with (magic, header length), its JSON header of our version,
 * and its body; `what` names the message in errors ("envelope", "live rows").
 */
function openEnvelope(bytes: Uint8Array, what: string): { header: Record<string, unknown>; body: Uint8Array } {
  if (bytes.byteLength < PREAMBLE) {
    fail(`${what} of ${bytes.byteLength} bytes is shorter than the ${PREAMBLE}-byte preamble (magic and header length)`);
  }
  const magic = String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]);
  if (magic !== WIRE_MAGIC) fail(`${what} magic is ${JSON.stringify(magic)}, expected ${JSON.stringify(WIRE_MAGIC)}`);
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, PREAMBLE).getUint32(4, true);
  if (PREAMBLE + headerLength > bytes.byteLength) {
    fail(`${what} header length ${headerLength} runs past the end of the ${bytes.byteLength}-byte ${what}`);
  }
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(PREAMBLE, PREAMBLE + headerLength)));
  } catch (error) {
    fail(`${what} header is not JSON (${String(error)})`);
  }
  if (!isRecord(header)) fail(`${what} header is not a JSON object`);
  if (header["version"] !== WIRE_VERSION) {
    fail(`version is ${JSON.stringify(header["version"])}, this bundle reads version ${WIRE_VERSION}`);
  }
  return { header, body: bodyOf(bytes, alignUp(PREAMBLE + headerLength)) };
}

/**
 * The body as a Uint8Array whose absolute position in its ArrayBuffer is 8-aligned. Hosts may hand
 * us a view at any offset inside a larger message buffer (typed arrays need aligned offsets); only
 * then is the body copied, once.
 */
function bodyOf(bytes: Uint8Array, start: number): Uint8Array {
  if (start > bytes.byteLength) fail(`body starts at ${start}, past the end (${bytes.byteLength})`);
  const body = bytes.subarray(start);
  return body.byteOffset % ALIGN === 0 ? body : body.slice();
}

function decodeHeader(header: Record<string, unknown>, body: Uint8Array): ChartSpec {
  const series = arrayOr(header["series"], "series").map((raw, index) => decodeSeries(raw, index, body));
  const theme = header["theme"] ?? "auto";
  if (theme !== "light" && theme !== "dark" && theme !== "auto") {
    fail(`theme is ${JSON.stringify(theme)}, expected "light", "dark" or "auto"`);
  }
  const watermark = header["watermark"] ?? null;
  if (watermark !== null && !(isRecord(watermark) && typeof watermark["text"] === "string")) {
    fail("watermark must be null or an object with a text string");
  }
  const chartId = String(header["chartId"] ?? "");
  return {
    version: WIRE_VERSION,
    chartId,
    height: numberOr(header["height"], 400, "height"),
    theme,
    options: recordOr(header["options"], "options"),
    watermark: watermark as ChartSpec["watermark"],
    legend: header["legend"] !== false,
    attribution: header["attribution"] !== false,
    panes: arrayOr(header["panes"], "panes").map((pane, i) => ({
      stretchFactor: numberOr(isRecord(pane) ? pane["stretchFactor"] : undefined, 1, `panes[${i}].stretchFactor`),
    })),
    series,
    scope: typeof header["scope"] === "string" ? header["scope"] : "",
    savedSettings: savedSettingsOf(header, chartId),
    savedDrawings: savedDrawingsOf(header, chartId),
    drawingTools: header["drawingTools"] !== false,
    sync: syncOf(header["sync"]),
    paneCollapse: paneCollapseOf(header["paneCollapse"]),
    timeZone: timeZoneOf(header["timeZone"]),
  };
}

/** Python checked the name against the IANA list; here only its shape is checked. */
function timeZoneOf(raw: unknown): string | null {
  if (raw === undefined || raw === null) return null;
  if (typeof raw !== "string" || raw === "" || raw.length > 64) fail("timeZone must be null or an IANA time zone name");
  return raw;
}

function syncOf(raw: unknown): ChartSpec["sync"] {
  if (raw === undefined || raw === null) return null;
  if (!isRecord(raw) || typeof raw["group"] !== "string" || raw["group"] === "") {
    fail("sync must be null or an object with a non-empty group string");
  }
  return { group: raw["group"], crosshair: raw["crosshair"] !== false, timeRange: raw["timeRange"] !== false };
}

function paneCollapseOf(raw: unknown): ChartSpec["paneCollapse"] {
  const given = recordOr(raw, "paneCollapse");
  return { enabled: given["enabled"] === true, showTooltip: given["showTooltip"] !== false };
}

/**
 * Saved settings never stop a chart from drawing: whatever shape they have is passed on as is and
 * validated, entry by entry, by the settings service.
 */
function savedSettingsOf(header: Record<string, unknown>, chartId: string): unknown {
  const backend = header["seriesConfigBackendData"];
  const complete = isRecord(backend) ? backend["completeState"] : undefined;
  return isRecord(complete) && Object.prototype.hasOwnProperty.call(complete, chartId) ? complete[chartId] : {};
}

/** Like saved settings, saved drawings never stop a chart from drawing (sanitizeDrawings checks them). */
function savedDrawingsOf(header: Record<string, unknown>, chartId: string): unknown {
  const backend = header["seriesConfigBackendData"];
  const drawings = isRecord(backend) ? backend["drawings"] : undefined;
  return isRecord(drawings) && Object.prototype.hasOwnProperty.call(drawings, chartId) ? drawings[chartId] : [];
}

function decodeSeries(raw: unknown, index: number, body: Uint8Array): SeriesSpec {
  if (!isRecord(raw)) fail(`series[${index}] is not an object`);
  const id = String(raw["id"] ?? `series-${index}`);
  const where = `series ${JSON.stringify(id)}`;
  const type = raw["type"];
  if (!isSeriesType(type)) {
    fail(`${where} has type ${JSON.stringify(type)}, expected one of ${SERIES_TYPES.join(", ")}`);
  }
  const length = nonNegativeInteger(raw["length"], `${where} length`);
  const data = dataOf(raw, length, where);
  const rawColumns = recordOr(raw["columns"], `${where} columns`);
  const columns: Record<string, Column> = {};
  // Rows the envelope carries: all of them, or those after the data the browser already holds.
  const sent = length - (data.appendFrom ?? 0);
  for (const field of sent === 0 && data.appendFrom !== undefined ? [] : ["time", ...SERIES_COLUMNS[type]]) {
    const column = decodeColumn(rawColumns[field], body, `${where} column ${JSON.stringify(field)}`);
    if (column.length !== sent) {
      const expected = data.appendFrom === undefined ? `length ${length}` : `${sent} (rows ${data.appendFrom}-${length})`;
      fail(`${where} column ${JSON.stringify(field)} has ${column.length} values, expected ${expected}`);
    }
    columns[field] = column;
  }
  const pane = raw["pane"] == null ? 0 : nonNegativeInteger(raw["pane"], `${where} pane`);
  const scale = recordOr(raw["priceScale"], `${where} priceScale`);
  const mode = scale["mode"] ?? "normal";
  if (!SCALE_MODES.includes(mode as PriceScaleModeName)) {
    fail(`${where} price scale mode is ${JSON.stringify(mode)}, expected one of ${SCALE_MODES.join(", ")}`);
  }
  return {
    id,
    name: String(raw["name"] ?? id),
    type,
    pane,
    options: recordOr(raw["options"], `${where} options`),
    priceScale: { id: String(scale["id"] ?? "right"), mode: mode as PriceScaleModeName },
    length,
    columns,
    markers: arrayOr(raw["markers"], `${where} markers`) as SeriesSpec["markers"],
    priceLines: arrayOr(raw["priceLines"], `${where} priceLines`) as SeriesSpec["priceLines"],
    inputs: decodeInputs(raw["inputs"]),
    ...data,
  };
}

/**
 * `dataHash`, and what part of the data the envelope leaves out: none; all of it (no `columns`:
 * the browser holds data with this very hash); or rows before `appendFrom` (held as `baseHash`).
 */
function dataOf(raw: Record<string, unknown>, length: number, where: string): Pick<SeriesSpec, "dataHash" | "appendFrom" | "baseHash"> {
  const hash = raw["dataHash"];
  if (hash === undefined) return {};
  if (typeof hash !== "string" || hash === "") fail(`${where} dataHash must be a non-empty string`);
  if (raw["columns"] === undefined) return { dataHash: hash, appendFrom: length, baseHash: hash };
  if (raw["appendFrom"] === undefined) return { dataHash: hash };
  const from = nonNegativeInteger(raw["appendFrom"], `${where} appendFrom`);
  if (from > length) fail(`${where} appendFrom ${from} is past its length ${length}`);
  const base = raw["baseHash"];
  if (typeof base !== "string" || base === "") fail(`${where} has appendFrom but no baseHash`);
  return { dataHash: hash, appendFrom: from, baseHash: base };
}

function decodeColumn(raw: unknown, body: Uint8Array, where: string): Column {
  if (!isRecord(raw)) fail(`${where} is missing`);
  const dtype = raw["dtype"];
  if (typeof dtype !== "string" || !(dtype in DTYPES)) {
    fail(`${where} has dtype ${JSON.stringify(dtype)}, expected one of ${Object.keys(DTYPES).join(", ")}`);
  }
  const View = DTYPES[dtype as Dtype];
  const offset = nonNegativeInteger(raw["offset"], `${where} offset`);
  const length = nonNegativeInteger(raw["length"], `${where} length`);
  if (offset % ALIGN !== 0) fail(`${where} offset ${offset} is not a multiple of ${ALIGN}`);
  const end = offset + length * View.BYTES_PER_ELEMENT;
  if (end > body.byteLength) {
    fail(`${where} ends at body byte ${end}, past the ${body.byteLength}-byte body`);
  }
  // Hosts never hand over a SharedArrayBuffer; the cast only satisfies the typed-array overloads.
  const buffer = body.buffer as ArrayBuffer;
  if (View !== Int32Array) return new View(buffer, body.byteOffset + offset, length) as Column;
  const scale = raw["scale"];
  if (typeof scale !== "number" || !Number.isInteger(scale) || scale < 0 || scale >= POW10.length) {
    fail(`${where} has scale ${JSON.stringify(scale)}, expected an integer from 0 to ${POW10.length - 1}`);
  }
  return scaledInts(new Int32Array(buffer, body.byteOffset + offset, length), POW10[scale]);
}

/** An `i32` column as the doubles it stands for: one pass, `I32_NAN` becoming NaN. */
function scaledInts(ints: Int32Array, power: number): Float64Array {
  const out = new Float64Array(ints.length);
  for (let i = 0; i < ints.length; i++) {
    const int = ints[i];
    out[i] = int === I32_NAN ? NaN : int / power;
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function recordOr(value: unknown, where: string): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) fail(`${where} must be an object`);
  return value;
}

function arrayOr(value: unknown, where: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) fail(`${where} must be an array`);
  return value;
}

function numberOr(value: unknown, fallback: number, where: string): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value)) fail(`${where} must be a finite number`);
  return value;
}

function nonNegativeInteger(value: unknown, where: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    fail(`${where} is ${JSON.stringify(value)}, expected a non-negative integer`);
  }
  return value;
}

/** Live rows for one drawn series (docs/wire-format.md, "Live rows"): only the new rows. */
export interface RowsMessage {
  seriesId: string;
  length: number;
  /** `time` and the value fields Python sent, `length` long each. */
  columns: Record<string, Column>;
}

/** Decode a live-rows message: an envelope whose header is `{seriesId, length, columns}`. */
export function decodeRows(payload: Payload): RowsMessage {
  const { header, body } = openEnvelope(asBytes(payload), "live rows");
  const seriesId = header["seriesId"];
  if (typeof seriesId !== "string") fail("live rows have no seriesId");
  const where = `live rows of series ${JSON.stringify(seriesId)}`;
  const length = nonNegativeInteger(header["length"], `${where} length`);
  const columns: Record<string, Column> = {};
  for (const [field, raw] of Object.entries(recordOr(header["columns"], `${where} columns`))) {
    const column = decodeColumn(raw, body, `${where} column ${JSON.stringify(field)}`);
    if (column.length !== length) fail(`${where} column ${JSON.stringify(field)} has ${column.length} values, expected ${length}`);
    columns[field] = column;
  }
  return { seriesId, length, columns };
}
