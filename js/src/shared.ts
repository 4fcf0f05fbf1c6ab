/**
 * The facts Python and the front end must agree on, read from the one place Python writes them
 * (`generated/option-schema.json`, key `shared`; `python -m lwcharts.settings`, never edited by
 * hand). Nothing here is a copy: a name or limit changed in Python reaches this bundle at the next
 * build.
 *
 * The literal types (`SeriesType`, `EventKind`, ...) are declared here because TypeScript reads
 * JSON strings as `string`; test/shared.test.ts fails when a type and its JSON list differ.
 */
import generated from "./generated/option-schema.json";

const shared = generated.shared;

export type SeriesType = "candlestick" | "bar" | "line" | "area" | "baseline" | "histogram";
export type PriceScaleModeName = "normal" | "log" | "percent" | "indexed";
export type EventKind = "click" | "crosshair" | "range";

/** Every series type, in the order Python lists them. */
export const SERIES_TYPES = shared.seriesTypes as readonly SeriesType[];
/** Types whose rows carry open/high/low/close rather than one value. */
export const OHLC_TYPES = shared.ohlcTypes as readonly SeriesType[];
/** The value columns of each type, besides `time`. */
export const SERIES_COLUMNS = shared.seriesColumns as Readonly<Record<SeriesType, readonly string[]>>;
export const SCALE_MODES = shared.scaleModes as readonly PriceScaleModeName[];
export const EVENT_KINDS = shared.eventKinds as readonly EventKind[];

/** Saved keys of a computed series' inputs are `<INPUT_PREFIX><name>`. */
export const INPUT_PREFIX: string = shared.inputPrefix;
/** What an input's name must look like (a whole-string match). */
export const INPUT_NAME = new RegExp(`^(?:${shared.inputNamePattern})$`);
/** Longest text a user may type (a title, a text input). */
export const MAX_TEXT_LENGTH: number = shared.maxTextLength;

/** `type` of the settings payload sent to Python. */
export const PAYLOAD_TYPE = shared.payloadType as "series_config_changes";
/** Streamlit trigger keys: settings payloads and user events. */
export const TRIGGERS = shared.triggers as Readonly<{ settings: "series_config_changes"; event: "event" }>;
/** `type` of the anywidget custom messages. */
export const MESSAGES = shared.messages as Readonly<{
  append: "append";
  screenshot: "screenshot";
  event: "event";
  view: "view";
  refresh: "refresh";
  parts: "parts";
  part: "part";
}>;
/** The largest part of an envelope sent in parts, and the largest envelope (bytes). */
export const MAX_PART_BYTES: number = shared.maxPartBytes;
export const MAX_ENVELOPE_BYTES: number = shared.maxEnvelopeBytes;

/** Highest pane id saved settings may name (pane ids are whole numbers from 0). */
export const MAX_PANE: number = shared.maxPane;
/** How far ahead of this clock a saved entry's lastModified may be before it is refused, ms. */
export const MAX_CLOCK_SKEW_MS: number = shared.maxClockSkewMs;

export function isSeriesType(value: unknown): value is SeriesType {
  return (SERIES_TYPES as readonly unknown[]).includes(value);
}

export function isOhlcType(type: SeriesType): boolean {
  return OHLC_TYPES.includes(type);
}
