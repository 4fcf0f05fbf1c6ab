/**
 * What a legend entry says and in which colour, given a series' row under the crosshair (or its
 * last row). Pure, so the wording is tested without a DOM.
 */
import type { SeriesType } from "../shared";

/** Shown for a series that has no value at the crosshair's time (a gap, or no bar there). */
export const NO_VALUE = "–";

/** The fields of any lightweight-charts row that the legend reads. */
export interface LegendRow {
  time?: unknown;
  open?: number;
  high?: number;
  low?: number;
  close?: number;
  value?: number;
}

export type PriceFormat = (price: number) => string;

/** One legend line as the legend draws it. */
export interface LegendEntry {
  id: string;
  name: string;
  color: string;
  value: string;
}

/** The legend line of a series showing `row` (undefined: no value there). */
export function legendEntry(
  series: { id: string; name: string; type: SeriesType },
  options: Readonly<Record<string, unknown>>,
  row: LegendRow | undefined,
  format: PriceFormat,
): LegendEntry {
  return { id: series.id, name: series.name, color: legendColor(series.type, options, row), value: legendValueText(row, format) };
}

export function legendValueText(row: LegendRow | undefined, format: PriceFormat): string {
  if (row === undefined) return NO_VALUE;
  const { open, high, low, close, value } = row;
  if (open !== undefined && high !== undefined && low !== undefined && close !== undefined) {
    return `O ${format(open)} H ${format(high)} L ${format(low)} C ${format(close)}`;
  }
  return value === undefined ? NO_VALUE : format(value);
}

/**
 * The colour that identifies a series: its line or bar colour; for candles and bars the colour of
 * the bar shown, so a falling bar reads red.
 */
export function legendColor(type: SeriesType, options: Readonly<Record<string, unknown>>, row?: LegendRow): string {
  const pick = (key: string) => (typeof options[key] === "string" ? (options[key] as string) : "");
  switch (type) {
    case "candlestick":
    case "bar": {
      const falling = row?.open !== undefined && row.close !== undefined && row.close < row.open;
      return pick(falling ? "downColor" : "upColor");
    }
    case "area":
      return pick("lineColor");
    case "baseline":
      return pick("topLineColor");
    case "line":
    case "histogram":
      return pick("color");
  }
}
