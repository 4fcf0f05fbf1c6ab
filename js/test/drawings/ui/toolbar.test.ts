// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { ACTION_BUTTONS, DrawingToolbar, TOOL_BUTTONS, type ToolbarAction } from "../../../src/drawings/ui/toolbar";
import { DRAWING_KINDS } from "../../../src/drawings/model";
import type { Tool } from "../../../src/drawings/controller";

function setup() {
  const picked: Tool[] = [];
  const actions: ToolbarAction[] = [];
  const toolbar = new DrawingToolbar(document, { tool: (t) => picked.push(t), action: (a) => actions.push(a) });
  document.body.append(toolbar.element);
  const button = (label: string) => toolbar.element.querySelector<HTMLButtonElement>(`[aria-label="${label}"]`)!;
  return { toolbar, picked, actions, button };
}

describe("DrawingToolbar", () => {
  it("has one labelled button with a tooltip per tool and action", () => {
    const { toolbar } = setup();
    expect(TOOL_BUTTONS.map((b) => b.tool).sort()).toEqual([...DRAWING_KINDS].sort());
    const buttons = [...toolbar.element.querySelectorAll("button")];
    expect(buttons).toHaveLength(TOOL_BUTTONS.length + ACTION_BUTTONS.length);
    for (const b of buttons) {
      expect(b.getAttribute("aria-label")).toBeTruthy();
      expect(b.title).toBe(b.getAttribute("aria-label"));
      expect(b.querySelector("svg")?.getAttribute("aria-hidden")).toBe("true");
    }
    expect(toolbar.element.getAttribute("role")).toBe("toolbar");
  });

  it("picks a tool, and a second click on the active tool goes back to the cursor", () => {
    const { toolbar, picked, button } = setup();
    button("Rectangle").click();
    toolbar.show({ tool: "rectangle", selected: false, magnet: false, lockAll: false, hideAll: false });
    expect(button("Rectangle").getAttribute("aria-pressed")).toBe("true");
    expect(button("Trend line").getAttribute("aria-pressed")).toBe("false");
    button("Rectangle").click();
    expect(picked).toEqual(["rectangle", "cursor"]);
  });

  it("reports actions, shows toggles pressed and enables settings only with a selection", () => {
    const { toolbar, actions, button } = setup();
    toolbar.show({ tool: "cursor", selected: false, magnet: true, lockAll: false, hideAll: true });
    expect(button("Magnet: snap to open, high, low, close").getAttribute("aria-pressed")).toBe("true");
    expect(button("Hide all drawings").getAttribute("aria-pressed")).toBe("true");
    expect(button("Lock all drawings").getAttribute("aria-pressed")).toBe("false");
    expect(button("Settings of the selected drawing").disabled).toBe(true);
    toolbar.show({ tool: "cursor", selected: true, magnet: false, lockAll: false, hideAll: false });
    expect(button("Settings of the selected drawing").disabled).toBe(false);
    button("Remove all drawings").click();
    button("Undo (Ctrl+Z)").click();
    expect(actions).toEqual(["remove_all", "undo"]);
  });

  it("keeps its scroll arrows out of the buttons and of assistive technology, hidden at first (the browser tests show them on a short chart)", () => {
    const { toolbar } = setup();
    const arrows = [...toolbar.element.querySelectorAll<HTMLElement>("[data-scroll]")];
    expect(arrows.map((a) => a.dataset["scroll"])).toEqual(["up", "down"]);
    for (const arrow of arrows) {
      expect(arrow.tagName).not.toBe("BUTTON");
      expect(arrow.getAttribute("aria-hidden")).toBe("true");
      expect(arrow.hidden).toBe(true);
    }
    toolbar.destroy();
    expect(toolbar.element.isConnected).toBe(false);
  });

  it("hides", () => {
    const { toolbar } = setup();
    toolbar.setVisible(false);
    expect(toolbar.element.hidden).toBe(true);
  });
});
