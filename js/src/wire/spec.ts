/**
 * The decoded chart: what Python described, with each series' columns as typed-array views over
 * the received bytes. Field meanings are those of docs/wire-format.md; optional header fields are
 * filled with the defaults listed there by the decoder, so the rest of the front end never has to
 * guess.
 */
import type { PriceScaleModeName, SeriesType } from "../shared";

export type ThemeName = "light" | "dark";
export type RequestedTheme = ThemeName | "auto";

/** One column: a view over the envelope's body, in the smallest dtype Python found exact. */
export type Column = Float64Array | Float32Array | Uint32Array;

export interface PriceScaleSpec {
  /** "right", "left", or any other id for an overlay scale. Default "right". */
  id: string;
  /** Default "normal". */
  mode: PriceScaleModeName;
}

export interface MarkerSpec {
  time: number;
  position: string;
  shape: string;
  color?: string;
  text?: string;
  size?: number;
  price?: number;
}

export interface PriceLineSpec {
  price: number;
  title?: string;
  color?: string;
  lineWidth?: number;
  lineStyle?: number;
  axisLabelVisible?: boolean;
}

export type InputValue = number | boolean | string;

/** An input a Python-computed series declares (`lwcharts/indicators.py`); the Inputs tab edits it. */
export interface InputSpec {
  kind: "int" | "float" | "bool" | "text" | "choice";
  default: InputValue;
  /** The value the series' data was computed with. */
  value: InputValue;
  /** Inclusive range of int/float inputs; null when unbounded. */
  minimum: number | null;
  maximum: number | null;
  /** Untrusted user text: only ever rendered as text. */
  label: string;
  /** For "choice": the values offered. */
  choices: InputValue[];
  /** Why Python did not take the user's last value (e.g. the function raised on it), or null. */
  problem: string | null;
}

export interface SeriesSpec {
  id: string;
  /** Untrusted user text: only ever rendered as text. */
  name: string;
  type: SeriesType;
  /**
   * Default 0. Also the pane id saved settings key the series by (an older writer's `paneId`
   * header key, always equal to it, is not read).
   */
  pane: number;
  /**
   * Options given in code, by flat schema name (`color`, `lineWidth`, `precision`...), as Python
   * validated them; settings/flat-options.ts turns them into lightweight-charts options.
   */
  options: Record<string, unknown>;
  priceScale: PriceScaleSpec;
  length: number;
  /** `time` plus the value fields of the type, each `length` long. */
  columns: Readonly<Record<string, Column>>;
  markers: MarkerSpec[];
  priceLines: PriceLineSpec[];
  /** Inputs of a series computed in Python, by name; absent (or {}) for plain data. */
  inputs?: Readonly<Record<string, InputSpec>>;
  /** Hash of the whole data (Python `_delta.py`); absent from envelopes of older writers. */
  dataHash?: string;
  /**
   * Set when the envelope carries only rows `appendFrom..length` of the data (none when it equals
   * `length`): they extend the data with hash `baseHash` the browser already holds (a Streamlit
   * rerun). `wire/held.ts` resolves such a series to full columns before anything draws it.
   */
  appendFrom?: number;
  baseHash?: string;
}

/** Charts of one page in the same group share crosshair and/or visible time range (`chart/sync.ts`). */
export interface SyncSpec {
  group: string;
  crosshair: boolean;
  timeRange: boolean;
}

/** The seed's `paneCollapse` (`chart/pane-collapse.ts`). */
export interface PaneCollapseSpec {
  enabled: boolean;
  showTooltip: boolean;
}

export interface PaneSpec {
  /** Relative height among the panes. Default 1. */
  stretchFactor: number;
}

export interface WatermarkSpec {
  text: string;
  color?: string;
  fontSize?: number;
  horzAlign?: "left" | "center" | "right";
  vertAlign?: "top" | "center" | "bottom";
}

export interface ChartSpec {
  version: 1;
  chartId: string;
  /** Pixels. Default 400. */
  height: number;
  /** Default "auto": follow the host page. */
  theme: RequestedTheme;
  /** Extra lightweight-charts chart options, deep-merged over ours. Default {}. */
  options: Record<string, unknown>;
  /** Default null. */
  watermark: WatermarkSpec | null;
  /** Default true. */
  legend: boolean;
  /** TradingView attribution logo (licence). Default true. */
  attribution: boolean;
  /** Default []: as many panes as the series use, each with stretch factor 1. */
  panes: PaneSpec[];
  series: SeriesSpec[];
  /** Namespaces the browser's copy of saved settings per user (opaque, from Python). Default "". */
  scope: string;
  /**
   * This chart's saved settings as Python holds them (`seriesConfigBackendData.completeState
   * [chartId]`: `{paneId: {seriesId: {config, seriesType, lastModified}}}`). Untrusted: the
   * settings service validates it. Default {}.
   */
  savedSettings: unknown;
  /**
   * This chart's saved drawings as Python holds them (`seriesConfigBackendData.drawings[chartId]`,
   * a DrawingRecord list). Untrusted: `sanitizeDrawings` validates it. Default [].
   */
  savedDrawings: unknown;
  /** Show the drawing toolbar (Python `Chart(drawing_tools=...)`). Default true. */
  drawingTools: boolean;
  /** Default null: not synced. */
  sync: SyncSpec | null;
  /** Default {enabled: false, showTooltip: true}. */
  paneCollapse: PaneCollapseSpec;
  /**
   * IANA zone the time axis and crosshair label show times in (`chart/time-zone.ts`); the data
   * stays UTC seconds. Default null: lightweight-charts' own UTC labels.
   */
  timeZone: string | null;
}
