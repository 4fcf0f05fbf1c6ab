/**
 * Flat schema names ↔ lightweight-charts series options, in one place. Python, the store and the
 * dialog speak the flat names (`precision`, `minMove`, `baseValue: 100`); lightweight-charts wants
 * `priceFormat: {type, precision, minMove}` and `baseValue: {type: "price", price}`. Every other
 * name is the same on both sides and passes through.
 */
import type { SeriesType } from "../shared";
import { optionsOf, type FlatConfig } from "./schema";

type PlainObject = Record<string, unknown>;

/**
 * Flat → lightweight-charts. A precision without a minimum move gets the move that precision can
 * show (precision 4 → 0.0001), as lightweight-charts would otherwise keep stepping by 0.01.
 * `priceFormat` ("price", "volume", "percent") is the format's type.
 */
export function toSeriesOptions(flat: FlatConfig): PlainObject {
  const { precision, minMove, baseValue, priceFormat, ...rest } = flat;
  const out: PlainObject = { ...rest };
  if (precision !== undefined || minMove !== undefined || priceFormat !== undefined) {
    const format: PlainObject = { type: typeof priceFormat === "string" ? priceFormat : "price" };
    if (typeof precision === "number") format["precision"] = precision;
    if (typeof minMove === "number") format["minMove"] = minMove;
    else if (typeof precision === "number") format["minMove"] = Number((10 ** -precision).toFixed(precision));
    out["priceFormat"] = format;
  }
  if (typeof baseValue === "number") out["baseValue"] = { type: "price", price: baseValue };
  else if (baseValue !== undefined) out["baseValue"] = baseValue;
  return out;
}

/**
 * lightweight-charts 5.2 builds a percent format's formatter with `precision` as its price scale
 * (`new PercentageFormatter(precision)`, where 100 means 2 decimals), so 5 decimals showed as
 * "1.0%". Applied to the merged options: a percent format's precision travels as 10^precision;
 * `fromSeriesOptions` reads it back.
 */
export function withPercentScale(options: PlainObject): PlainObject {
  const format = asObject(options["priceFormat"]);
  const precision = format["precision"];
  if (format["type"] !== "percent" || typeof precision !== "number") return options;
  return { ...options, priceFormat: { ...format, precision: 10 ** precision } };
}

/**
 * lightweight-charts → flat: the schema options of the type as the series holds them now
 * (`series.options()`), for the dialog's controls and the browser tests' snapshot.
 */
export function fromSeriesOptions(type: SeriesType, options: Readonly<PlainObject>): FlatConfig {
  const format = asObject(options["priceFormat"]);
  const base = asObject(options["baseValue"]);
  const flat: FlatConfig = {};
  for (const [name] of optionsOf(type)) {
    let value: unknown;
    if (name === "precision" && format["type"] === "percent" && typeof format["precision"] === "number") {
      value = Math.round(Math.log10(format["precision"]));
    } else if (name === "precision" || name === "minMove") value = format[name];
    else if (name === "priceFormat") value = format["type"];
    else if (name === "baseValue") value = base["price"];
    else value = options[name];
    if (value !== undefined) flat[name] = value;
  }
  return flat;
}

function asObject(value: unknown): PlainObject {
  return typeof value === "object" && value !== null ? (value as PlainObject) : {};
}
