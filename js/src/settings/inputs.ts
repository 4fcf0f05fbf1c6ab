/**
 * Inputs of Python-computed series (`lwcharts/indicators.py`): a series built from a function and
 * declared inputs (e.g. an SMA's `length`) carries their specs in its header; the Inputs tab
 * edits them, and Python re-runs the function with the new value and redraws.
 *
 * The user's values are saved in the series' config beside its styles, under `input:<name>`.
 * Where the declaration is not at hand (localStorage, the store), a saved value is only checked to
 * be a primitive (`schema.ts` `checkSavedInput`, Python's `_schema.check_saved_input`); against
 * the series' declaration it is checked by `checkInput` (Python's `InputSpec.check`).
 */
import type { InputSpec, InputValue } from "../wire/spec";
import { INPUT_NAME, INPUT_PREFIX } from "../shared";
import { checkScalar, type FlatConfig, type OptionSpec } from "./schema";

const KINDS: readonly InputSpec["kind"][] = ["int", "float", "bool", "text", "choice"];

export function isInputKey(key: string): boolean {
  return key.startsWith(INPUT_PREFIX);
}

export function inputKey(name: string): string {
  return INPUT_PREFIX + name;
}

/** The config without input keys: what lightweight-charts is given. */
export function withoutInputs(config: FlatConfig): FlatConfig {
  return Object.fromEntries(Object.entries(config).filter(([key]) => !isInputKey(key)));
}

/** The value in the form Python takes, or why the input's declaration refuses it. */
export function checkInput(spec: InputSpec, value: unknown): { value: InputValue } | { problem: string } {
  switch (spec.kind) {
    case "choice": {
      const match = spec.choices.find((choice) => choice === value);
      return match !== undefined ? { value: match } : { problem: `expected one of ${spec.choices.map((c) => JSON.stringify(c)).join(", ")}` };
    }
    default:
      return checkScalar(spec.kind, value, spec.minimum, spec.maximum);
  }
}

/**
 * What the dialog shows for each input, by config key: the user's saved value when the
 * declaration takes it, else the value the data was computed with.
 */
export function inputValues(inputs: Readonly<Record<string, InputSpec>>, user: FlatConfig): FlatConfig {
  const values: FlatConfig = {};
  for (const [name, spec] of Object.entries(inputs)) {
    const key = inputKey(name);
    const saved = Object.prototype.hasOwnProperty.call(user, key) ? checkInput(spec, user[key]) : undefined;
    values[key] = saved !== undefined && "value" in saved ? saved.value : spec.value;
  }
  return values;
}

/** The input as an option spec, so the dialog builds it with the same controls as options. */
export function asOptionSpec(spec: InputSpec): OptionSpec {
  return {
    kind: spec.kind,
    default: spec.default,
    tab: "inputs",
    label: spec.label,
    minimum: spec.minimum,
    maximum: spec.maximum,
    // Shown as given: a choice "ema" reads "Ema", 14 reads "14".
    choices: Object.fromEntries(spec.choices.map((choice) => [String(choice), choice])),
  };
}

/**
 * The `inputs` of a series header (Python wrote it, but it is still checked: a malformed entry is
 * left out rather than stopping the chart from drawing).
 */
export function decodeInputs(raw: unknown): Record<string, InputSpec> {
  const inputs: Record<string, InputSpec> = {};
  if (!isRecord(raw)) return inputs;
  for (const [name, entry] of Object.entries(raw)) {
    if (!INPUT_NAME.test(name) || name === "__proto__" || !isRecord(entry)) continue;
    const kind = entry["kind"] as InputSpec["kind"];
    const value = entry["value"];
    const fallback = entry["default"];
    if (!KINDS.includes(kind) || !isPrimitive(value) || !isPrimitive(fallback)) continue;
    const choices = Array.isArray(entry["choices"]) ? entry["choices"].filter(isPrimitive) : [];
    inputs[name] = {
      kind,
      default: fallback,
      value,
      minimum: finiteOrNull(entry["minimum"]),
      maximum: finiteOrNull(entry["maximum"]),
      label: typeof entry["label"] === "string" ? entry["label"] : name,
      choices,
      problem: typeof entry["problem"] === "string" ? entry["problem"] : null,
    };
  }
  return inputs;
}

function isPrimitive(value: unknown): value is InputValue {
  return typeof value === "boolean" || typeof value === "string" || (typeof value === "number" && Number.isFinite(value));
}

function finiteOrNull(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
