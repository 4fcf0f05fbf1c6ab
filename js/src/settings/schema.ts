/**
 * The option schema of every series type, as Python wrote it (`lwcharts/settings/schema.py` →
 * `generated/option-schema.json`; never edited by hand). It drives the settings dialog's controls
 * and validates every setting that comes from outside the code: localStorage, the Python store,
 * the debug console. The checks mirror Python's `check_option`, so a value one side accepts the
 * other accepts too.
 */
import generated from "../generated/option-schema.json";
import { INPUT_NAME, INPUT_PREFIX, MAX_TEXT_LENGTH, type SeriesType } from "../shared";

export type OptionKind = "color" | "int" | "float" | "bool" | "choice" | "text";
export type OptionTab = "style" | "visibility" | "inputs";
export const TABS: readonly OptionTab[] = ["style", "visibility", "inputs"];

export interface OptionSpec {
  kind: OptionKind;
  /** lightweight-charts' own default for the option. */
  default: unknown;
  tab: OptionTab;
  /** What the dialog calls the option. */
  label: string;
  /** Inclusive range of int/float options; null when unbounded. */
  minimum: number | null;
  maximum: number | null;
  /** For "choice": Python name (e.g. "large_dashed") → value lightweight-charts takes. */
  choices: Readonly<Record<string, unknown>>;
}

/** Settings by schema name, e.g. `{color: "#ff0000", lineWidth: 2, precision: 4}`. */
export type FlatConfig = Record<string, unknown>;

export const SCHEMA = generated.series as unknown as Readonly<Record<SeriesType, Readonly<Record<string, OptionSpec>>>>;


/** The options of a series type, in schema order (alphabetical: Python sorts the keys). */
export function optionsOf(type: SeriesType): [string, OptionSpec][] {
  return Object.entries(SCHEMA[type] ?? {});
}

export function optionSpec(type: SeriesType, name: string): OptionSpec | undefined {
  const table = SCHEMA[type];
  return table !== undefined && Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
}

/** Every option at its schema (lightweight-charts) default. */
export function schemaDefaults(type: SeriesType): FlatConfig {
  return Object.fromEntries(optionsOf(type).map(([name, spec]) => [name, spec.default]));
}

/** "large_dashed" → "Large dashed": how a choice reads in the dialog. */
export function choiceLabel(name: string): string {
  const words = name.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * The value in the form lightweight-charts takes, or the reason it is not a valid value for this
 * option. Choices accept the value or the Python name ("dashed" → 2).
 */
export function checkValue(spec: OptionSpec, value: unknown): { value: unknown } | { problem: string } {
  switch (spec.kind) {
    case "color":
      return isCssColor(value) ? { value } : { problem: "expected a CSS colour" };
    case "choice": {
      const choices = spec.choices;
      if (typeof value === "string" && Object.prototype.hasOwnProperty.call(choices, value)) return { value: choices[value] };
      if (typeof value !== "boolean" && Object.values(choices).includes(value)) return { value };
      return { problem: `expected one of ${Object.keys(choices).join(", ")}` };
    }
    default:
      return checkScalar(spec.kind, value, spec.minimum, spec.maximum);
  }
}

/**
 * A bool, text, int or float value (a series option or a computed series' input), or why it is
 * refused — the same rules as Python's `_schema.check_scalar`.
 */
export function checkScalar(
  kind: "bool" | "text" | "int" | "float",
  value: unknown,
  minimum: number | null = null,
  maximum: number | null = null,
): { value: boolean | string | number } | { problem: string } {
  switch (kind) {
    case "bool":
      return typeof value === "boolean" ? { value } : { problem: "expected true or false" };
    case "text":
      return typeof value === "string" && value.length <= MAX_TEXT_LENGTH
        ? { value }
        : { problem: `expected text of at most ${MAX_TEXT_LENGTH} characters` };
    default: {
      if (typeof value !== "number" || !Number.isFinite(value)) return { problem: "expected a number" };
      if (kind === "int" && !Number.isInteger(value)) return { problem: "expected a whole number" };
      const low = minimum ?? -Infinity;
      const high = maximum ?? Infinity;
      if (value < low || value > high) return { problem: `expected a number from ${low} to ${high}` };
      return { value };
    }
  }
}


/**
 * A saved `input:<name>` value: a finite number, a boolean or short text. Only the series'
 * declaration (`inputs.ts` `checkInput`) can say more, and it is not at hand where settings are
 * loaded.
 */
export function checkSavedInput(key: string, value: unknown): { value: unknown } | { problem: string } {
  if (!INPUT_NAME.test(key.slice(INPUT_PREFIX.length))) return { problem: "not input:<name> with an identifier as name" };
  if (typeof value === "boolean") return { value };
  if (typeof value === "number" && Number.isFinite(value)) return { value };
  if (typeof value === "string" && value.length <= MAX_TEXT_LENGTH) return { value };
  return { problem: `expected a finite number, true/false or text of at most ${MAX_TEXT_LENGTH} characters` };
}

export interface Validated {
  config: FlatConfig;
  /** One line per dropped key: what it was and what was expected. */
  dropped: string[];
}

/**
 * Keep the known keys with valid values of an untrusted settings object; report the rest. Only
 * schema names and `input:<identifier>` keys are ever copied, so keys like `__proto__` cannot get
 * through.
 */
export function validateConfig(type: SeriesType, raw: unknown): Validated {
  const config: FlatConfig = {};
  const dropped: string[] = [];
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return { config, dropped: raw === undefined ? [] : [`settings ${describe(raw)}: expected an object`] };
  }
  const record = raw as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (key.startsWith(INPUT_PREFIX)) {
      const saved = checkSavedInput(key, record[key]);
      if ("problem" in saved) dropped.push(`${describe(key)}=${describe(record[key])}: ${saved.problem}`);
      else config[key] = saved.value;
      continue;
    }
    const spec = optionSpec(type, key);
    if (spec === undefined) {
      dropped.push(`${JSON.stringify(key)}: not a ${type} option`);
      continue;
    }
    const checked = checkValue(spec, record[key]);
    if ("problem" in checked) dropped.push(`${key}=${describe(record[key])}: ${checked.problem}`);
    else config[key] = checked.value;
  }
  return { config, dropped };
}

function describe(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

// The colour forms Python's is_css_color accepts (lwcharts/settings/schema.py), written the same way.
const HEX = /^#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/;
const NUM = String.raw`\s*-?(?:\d+\.?\d*|\.\d+)%?\s*`;
const FUNC = new RegExp(String.raw`^(?:rgb|rgba|hsl|hsla)\((?:${NUM},){2}${NUM}(?:,${NUM})?\)$`);
const NAMED: ReadonlySet<string> = new Set(generated.colorNames);

/** A colour lightweight-charts can draw: hex, rgb[a](), hsl[a]() or a CSS name. */
export function isCssColor(value: unknown): value is string {
  if (typeof value !== "string" || value.length > 64) return false;
  const text = value.trim().toLowerCase();
  return HEX.test(text) || FUNC.test(text) || NAMED.has(text);
}
