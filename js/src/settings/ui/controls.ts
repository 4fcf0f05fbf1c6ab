/**
 * One labelled form control per schema option kind. A control shows a value (`show`) and reports
 * what the user entered (`onInput`); whether that is a valid setting is the dialog's call (the
 * schema check), and a control told "no" marks itself invalid and returns to the last good value
 * when the user leaves it.
 */
import { colorAtOpacity, parseColor, toHex, type Rgba } from "../../chart/color";
import { MAX_TEXT_LENGTH } from "../../shared";
import { choiceLabel, type OptionSpec } from "../schema";

export interface Control {
  /** The row: label(s) and input(s). */
  element: HTMLElement;
  /** Show the chart's current value; reports nothing. */
  show(value: unknown): void;
}

/** Returns whether the value was taken. */
export type InputHandler = (value: unknown) => boolean;

export function buildControl(doc: Document, id: string, name: string, spec: OptionSpec, onInput: InputHandler): Control {
  switch (spec.kind) {
    case "color":
      return colorControl(doc, id, name, spec, onInput);
    case "int":
    case "float":
      return numberControl(doc, id, name, spec, onInput);
    case "bool":
      return boolControl(doc, id, name, spec, onInput);
    case "choice":
      return choiceControl(doc, id, name, spec, onInput);
    case "text":
      return textControl(doc, id, name, spec, onInput);
  }
}

function row(doc: Document, id: string, text: string, ...inputs: HTMLElement[]): HTMLElement {
  const element = doc.createElement("div");
  element.className = "lwc-field";
  const label = doc.createElement("label");
  label.htmlFor = id;
  label.textContent = text;
  element.append(label, ...inputs);
  return element;
}

function input(doc: Document, id: string, name: string, type: string): HTMLInputElement {
  const el = doc.createElement("input");
  el.type = type;
  el.id = id;
  el.dataset["option"] = name;
  return el;
}

/**
 * Colour picker plus opacity slider: `<input type=color>` has no alpha, and fills are usually
 * translucent. Together they produce "#rrggbb" (opaque) or "rgba(r, g, b, a)".
 */
function colorControl(doc: Document, id: string, name: string, spec: OptionSpec, onInput: InputHandler): Control {
  const picker = input(doc, id, name, "color");
  const opacity = input(doc, `${id}-opacity`, `${name}-opacity`, "range");
  opacity.min = "0";
  opacity.max = "100";
  opacity.step = "1";
  // Visible readout only: the slider itself tells assistive technology the percentage.
  const percent = doc.createElement("span");
  percent.className = "lwc-percent";
  percent.setAttribute("aria-hidden", "true");
  const opacityLabel = doc.createElement("label");
  opacityLabel.htmlFor = opacity.id;
  opacityLabel.className = "lwc-sr-only";
  opacityLabel.textContent = `${spec.label} opacity`;
  const showOpacity = () => {
    percent.textContent = `${opacity.value}%`;
    opacity.setAttribute("aria-valuetext", `${opacity.value}%`);
  };
  const report = () => {
    showOpacity();
    onInput(colorAtOpacity(picker.value, Number(opacity.value)));
  };
  picker.addEventListener("input", report);
  opacity.addEventListener("input", report);
  const wrap = doc.createElement("span");
  wrap.className = "lwc-color";
  wrap.append(picker, opacityLabel, opacity, percent);
  return {
    element: row(doc, id, spec.label, wrap),
    show(value) {
      const rgba = readColor(doc, value);
      picker.value = toHex(rgba);
      opacity.value = String(Math.round(rgba.a * 100));
      showOpacity();
    },
  };
}

/**
 * Any CSS colour as RGBA. Names and hsl() are resolved by the browser's canvas (which normalises
 * any colour it accepts to hex or rgba); an empty value (lightweight-charts' "use the series
 * colour") shows as opaque black.
 */
function readColor(doc: Document, value: unknown): Rgba {
  const black: Rgba = { r: 0, g: 0, b: 0, a: 1 };
  if (typeof value !== "string" || value.trim() === "") return black;
  const direct = parseColor(value);
  if (direct !== undefined) return direct;
  try {
    const context = doc.createElement("canvas").getContext("2d");
    if (context === null) return black;
    context.fillStyle = "#000000";
    context.fillStyle = value;
    return parseColor(String(context.fillStyle)) ?? black;
  } catch {
    return black;
  }
}

/** A number box bounded by the schema; int steps by 1, float by anything. */
function numberControl(doc: Document, id: string, name: string, spec: OptionSpec, onInput: InputHandler): Control {
  const box = input(doc, id, name, "number");
  if (spec.minimum !== null) box.min = String(spec.minimum);
  if (spec.maximum !== null) box.max = String(spec.maximum);
  box.step = spec.kind === "int" ? "1" : "any";
  let shown = "";
  const setInvalid = (invalid: boolean) => {
    if (invalid) box.setAttribute("aria-invalid", "true");
    else box.removeAttribute("aria-invalid");
  };
  box.addEventListener("input", () => {
    const text = box.value.trim();
    // An empty box mid-edit is not a setting; the box is judged when the user leaves it.
    const taken = text !== "" && onInput(Number(text));
    setInvalid(!taken);
    if (taken) shown = box.value;
  });
  box.addEventListener("change", () => {
    if (box.getAttribute("aria-invalid") === "true") {
      box.value = shown;
      setInvalid(false);
    }
  });
  return {
    element: row(doc, id, spec.label, box),
    show(value) {
      shown = typeof value === "number" ? String(value) : "";
      box.value = shown;
      setInvalid(false);
    },
  };
}

function boolControl(doc: Document, id: string, name: string, spec: OptionSpec, onInput: InputHandler): Control {
  const box = input(doc, id, name, "checkbox");
  box.addEventListener("change", () => {
    if (!onInput(box.checked)) box.checked = !box.checked;
  });
  const element = row(doc, id, spec.label, box);
  element.classList.add("lwc-field-bool");
  return {
    element,
    show(value) {
      box.checked = value === true;
    },
  };
}

/** A select whose entries read "Solid", "Large dashed"...; the value sent is the schema's. */
function choiceControl(doc: Document, id: string, name: string, spec: OptionSpec, onInput: InputHandler): Control {
  const select = doc.createElement("select");
  select.id = id;
  select.dataset["option"] = name;
  const choices = Object.entries(spec.choices).sort(([, a], [, b]) => Number(a) - Number(b));
  for (const [index, [choice]] of choices.entries()) {
    const option = doc.createElement("option");
    option.value = String(index);
    option.textContent = choiceLabel(choice);
    select.append(option);
  }
  let shown = select.value;
  select.addEventListener("change", () => {
    const picked = choices[Number(select.value)];
    if (picked !== undefined && onInput(picked[1])) shown = select.value;
    else select.value = shown;
  });
  return {
    element: row(doc, id, spec.label, select),
    show(value) {
      const index = choices.findIndex(([, v]) => v === value);
      select.value = index < 0 ? "" : String(index);
      shown = select.value;
    },
  };
}

function textControl(doc: Document, id: string, name: string, spec: OptionSpec, onInput: InputHandler): Control {
  const box = input(doc, id, name, "text");
  box.maxLength = MAX_TEXT_LENGTH;
  box.autocomplete = "off";
  box.spellcheck = false;
  box.addEventListener("input", () => {
    onInput(box.value);
  });
  return {
    element: row(doc, id, spec.label, box),
    show(value) {
      box.value = typeof value === "string" ? value : "";
    },
  };
}
