/**
 * The settings dialog of one drawing (double-click on it, or the toolbar's gear with a drawing
 * selected): colour with opacity, line width and style, extend left/right, fill, text size,
 * labels, text and fib levels. Its fields come from the generated schema (`shared.drawingForm`:
 * label and kinds per field; the values' rules are `DRAWING_RULES.style`) and use the series
 * settings dialog's controls and modal frame. Every accepted value is one
 * `DrawingController.update` (one undo step, saved like any change). Text is shown in an input's
 * value, never as HTML.
 */
import generated from "../../generated/option-schema.json";
import { buildControl, type Control } from "../../settings/ui/controls";
import { focusedElement, ModalFrame } from "../../settings/ui/modal";
import type { OptionSpec } from "../../settings/schema";
import { DRAWING_RULES, checkStyleValue, type Drawing, type DrawingKind, type DrawingStyle } from "../model";
import { TOOL_BUTTONS } from "./toolbar";

export const DRAWING_DIALOG_TEST_ID = "lwcharts-drawing-settings";

type FieldName = keyof DrawingStyle | "text" | "levels";

const FORM = generated.shared.drawingForm as readonly { name: FieldName; label: string; kinds: string | readonly string[] }[];
const LINE_STYLE_NAMES = generated.shared.lineStyleNames;

/** What the dialog needs of the chart's drawings. */
export interface DrawingEditor {
  drawing(id: string): Drawing | undefined;
  /** Returns whether the value was taken (the controller's rules). */
  update(id: string, patch: { style?: Partial<DrawingStyle>; text?: string; levels?: readonly unknown[] }): boolean;
  remove(id: string): void;
}

/** The fields a kind's dialog shows, in form order. */
export function fieldsOf(kind: DrawingKind): FieldName[] {
  return FORM.filter(({ kinds }) => {
    if (kinds === "*") return true;
    if (kinds === "lines") return kind !== "text";
    return (kinds as readonly string[]).includes(kind);
  }).map(({ name }) => name);
}

/** The control spec of a field (controls.ts builds any schema option kind). */
export function fieldSpec(name: FieldName): OptionSpec {
  const base = { default: null, tab: "style" as const, label: FORM.find((field) => field.name === name)?.label ?? name, minimum: null, maximum: null, choices: {} };
  if (name === "text") return { ...base, kind: "text" };
  if (name === "levels") return { ...base, kind: "text" };
  const rule = DRAWING_RULES.style[name] as { kind: string; minimum?: number; maximum?: number };
  if (rule.kind === "color") return { ...base, kind: "color" };
  if (rule.kind === "bool") return { ...base, kind: "bool" };
  if (rule.kind === "choice") return { ...base, kind: "choice", choices: Object.fromEntries(LINE_STYLE_NAMES.map((n, i) => [n, i])) };
  return { ...base, kind: "int", minimum: rule.minimum ?? null, maximum: rule.maximum ?? null };
}

/** Fib levels typed as "0, 0.5, 1": the numbers, or undefined when one is not a number. */
export function parseLevels(text: string): number[] | undefined {
  const parts = text.split(",").map((p) => p.trim()).filter((p) => p !== "");
  const levels = parts.map(Number);
  return levels.every((n) => Number.isFinite(n)) ? levels : undefined;
}

export class DrawingDialog {
  private readonly frame: ModalFrame;
  private drawingId = "";
  private readonly controls = new Map<FieldName, Control>();

  constructor(
    private readonly root: HTMLElement,
    private readonly editor: DrawingEditor,
  ) {
    this.frame = new ModalFrame(root, { dismiss: () => this.close() });
  }

  get openId(): string | undefined {
    return this.frame.element === undefined ? undefined : this.drawingId;
  }

  /** Open for a drawing; focus goes back to what had it (the chart, the toolbar's gear) on close. */
  open(id: string): void {
    const drawing = this.editor.drawing(id);
    if (drawing === undefined) return;
    this.controls.clear();
    this.drawingId = id;
    const doc = this.root.ownerDocument;
    const opener = focusedElement(this.root);
    const title = `${TOOL_BUTTONS.find((b) => b.tool === drawing.kind)?.label ?? drawing.kind} settings`;
    const dialog = this.frame.open(DRAWING_DIALOG_TEST_ID, `lwc-drawing-${id}-title`, title, opener instanceof HTMLElement ? opener : null);
    dialog.dataset["drawingId"] = id;
    // Keys typed here are the form's, not the chart's drawing shortcuts (Delete, Ctrl+Z).
    dialog.addEventListener("keydown", (event) => event.stopPropagation());
    const body = doc.createElement("div");
    body.className = "lwc-settings-body";
    for (const name of fieldsOf(drawing.kind)) {
      const control = buildControl(doc, `lwc-drawing-${id}-${name}`, name, fieldSpec(name), (value) => this.take(name, value));
      this.controls.set(name, control);
      body.append(control.element);
    }
    const foot = doc.createElement("div");
    foot.className = "lwc-settings-foot";
    foot.append(
      this.button("Delete drawing", () => {
        this.editor.remove(id);
        this.close();
      }),
    );
    dialog.append(body, foot);
    this.refresh();
    (body.querySelector("input, select") as HTMLElement | null)?.focus();
  }

  /** Show the drawing's values again (after undo/redo or a change from elsewhere). */
  refresh(): void {
    const drawing = this.editor.drawing(this.drawingId);
    if (drawing === undefined) {
      this.close();
      return;
    }
    const active = focusedElement(this.root) as HTMLElement | null;
    for (const [name, control] of this.controls) {
      if (active?.dataset["option"] === name) continue;
      if (name === "text") control.show(drawing.text ?? "");
      else if (name === "levels") control.show((drawing.levels ?? []).join(", "));
      else control.show(drawing.style[name]);
    }
  }

  /** Close; `returnFocus` puts focus back where it was when the dialog opened. */
  close(returnFocus = true): void {
    this.controls.clear();
    this.frame.close(returnFocus);
  }

  private take(name: FieldName, value: unknown): boolean {
    const id = this.drawingId;
    // An unchanged value counts as taken: update() then stores nothing.
    if (name === "text") {
      if (typeof value !== "string" || value.length > DRAWING_RULES.maxTextLength) return false;
      this.editor.update(id, { text: value });
      return true;
    }
    if (name === "levels") {
      const levels = typeof value === "string" ? parseLevels(value) : undefined;
      if (levels === undefined || levels.length > DRAWING_RULES.maxFibLevels) return false;
      this.editor.update(id, { levels });
      return true;
    }
    if (!checkStyleValue(name, value)) return false;
    this.editor.update(id, { style: { [name]: value } });
    return true;
  }

  private button(text: string, onClick: () => void): HTMLButtonElement {
    const button = this.root.ownerDocument.createElement("button");
    button.type = "button";
    button.textContent = text;
    button.addEventListener("click", onClick);
    return button;
  }
}
