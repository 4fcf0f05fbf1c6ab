/**
 * The drawing toolbar: a compact vertical bar of icon buttons at the chart's left edge. Tools are
 * toggles (the active one is pressed); the magnet, lock all and hide all are toggles too; remove
 * all, undo and redo are plain actions. Icons are inline SVG made with createElementNS, labels go
 * through setAttribute: nothing here parses HTML. Colours come from the chart's CSS custom
 * properties (chart/styles.ts), so the bar follows light and dark.
 *
 * The bar is never taller than the chart: on a short chart its buttons scroll inside it (the
 * wheel, and Tab, which brings the focused button into view), and two arrows appear above and
 * below them that page through the buttons with the mouse and show which way there is more.
 */
import type { Tool } from "../controller";
import type { DrawingKind } from "../model";

export const TOOLBAR_TEST_ID = "lwcharts-drawing-toolbar";

export type ToolbarAction = "settings" | "magnet" | "lock_all" | "hide_all" | "remove_all" | "undo" | "redo";

/** Each button: its label (aria-label and tooltip) and its icon as SVG path data in a 24×24 box. */
export const TOOL_BUTTONS: readonly { tool: DrawingKind; label: string; icon: string }[] = [
  { tool: "trend_line", label: "Trend line", icon: "M4 19L20 5M4 19m-2 0a2 2 0 1 0 4 0a2 2 0 1 0-4 0M20 5m-2 0a2 2 0 1 0 4 0a2 2 0 1 0-4 0" },
  { tool: "ray", label: "Ray", icon: "M5 18L22 6M5 18m-2 0a2 2 0 1 0 4 0a2 2 0 1 0-4 0" },
  { tool: "extended_line", label: "Extended line", icon: "M1 21L23 3M12 12m-2 0a2 2 0 1 0 4 0a2 2 0 1 0-4 0" },
  { tool: "horizontal_line", label: "Horizontal line", icon: "M1 12H23M12 12m-2 0a2 2 0 1 0 4 0a2 2 0 1 0-4 0" },
  { tool: "horizontal_ray", label: "Horizontal ray", icon: "M6 12H23M6 12m-2 0a2 2 0 1 0 4 0a2 2 0 1 0-4 0" },
  { tool: "vertical_line", label: "Vertical line", icon: "M12 1V23M12 12m-2 0a2 2 0 1 0 4 0a2 2 0 1 0-4 0" },
  { tool: "rectangle", label: "Rectangle", icon: "M4 6H20V18H4Z" },
  { tool: "fib_retracement", label: "Fibonacci retracement", icon: "M3 4H21M3 9H21M3 13H21M3 20H21" },
  { tool: "text", label: "Text note", icon: "M5 5H19M12 5V20M9 20H15" },
  { tool: "measure", label: "Measure price and time range", icon: "M4 20V4M4 20H20M8 16L18 6M14 6H18V10" },
];

export const ACTION_BUTTONS: readonly { action: ToolbarAction; label: string; icon: string; toggle: boolean }[] = [
  { action: "settings", label: "Settings of the selected drawing", icon: "M12 8.5A3.5 3.5 0 1 0 12 15.5A3.5 3.5 0 1 0 12 8.5M12 2V5M12 19V22M2 12H5M19 12H22M4.9 4.9L7 7M17 17L19.1 19.1M4.9 19.1L7 17M17 7L19.1 4.9", toggle: false },
  { action: "magnet", label: "Magnet: snap to open, high, low, close", icon: "M6 3V12A6 6 0 0 0 18 12V3M6 7H10M14 7H18", toggle: true },
  { action: "lock_all", label: "Lock all drawings", icon: "M6 11H18V21H6ZM8 11V7A4 4 0 0 1 16 7V11", toggle: true },
  { action: "hide_all", label: "Hide all drawings", icon: "M2 12C6 5 18 5 22 12C18 19 6 19 2 12ZM12 12m-3 0a3 3 0 1 0 6 0a3 3 0 1 0-6 0M4 20L20 4", toggle: true },
  { action: "remove_all", label: "Remove all drawings", icon: "M4 7H20M9 7V4H15V7M6 7L7 21H17L18 7", toggle: false },
  { action: "undo", label: "Undo (Ctrl+Z)", icon: "M9 5L4 10L9 15M4 10H15A5 5 0 0 1 15 20H11", toggle: false },
  { action: "redo", label: "Redo (Ctrl+Shift+Z)", icon: "M15 5L20 10L15 15M20 10H9A5 5 0 0 0 9 20H13", toggle: false },
];

const SVG = "http://www.w3.org/2000/svg";
const SCROLL_ARROWS = { up: "M6 15L12 9L18 15", down: "M6 9L12 15L18 9" } as const;
/** One arrow click scrolls the visible buttons but the last one, which stays in view. */
const KEPT_ON_PAGE_PX = 23;

export interface ToolbarHandlers {
  tool(tool: Tool): void;
  action(action: ToolbarAction): void;
}

export interface ToolbarState {
  tool: Tool;
  /** A drawing is selected: its settings button is enabled. */
  selected: boolean;
  magnet: boolean;
  lockAll: boolean;
  hideAll: boolean;
}

export class DrawingToolbar {
  readonly element: HTMLDivElement;
  /** The buttons' column: it scrolls when the chart is shorter than the buttons. */
  private readonly buttons: HTMLDivElement;
  private readonly scrollArrows: Record<keyof typeof SCROLL_ARROWS, HTMLDivElement>;
  private readonly resizeObserver: ResizeObserver | undefined;
  private readonly toolButtons = new Map<DrawingKind, HTMLButtonElement>();
  private readonly actionButtons = new Map<ToolbarAction, HTMLButtonElement>();

  constructor(doc: Document, handlers: ToolbarHandlers) {
    this.element = doc.createElement("div");
    this.element.className = "lwc-drawing-toolbar";
    this.element.dataset["testid"] = TOOLBAR_TEST_ID;
    this.element.setAttribute("role", "toolbar");
    this.element.setAttribute("aria-label", "Drawing tools");
    this.element.setAttribute("aria-orientation", "vertical");
    this.buttons = doc.createElement("div");
    this.buttons.className = "lwc-drawing-toolbar-buttons";
    for (const { tool, label, icon } of TOOL_BUTTONS) {
      // A second click on the active tool goes back to the cursor.
      const button = iconButton(doc, label, icon, () => handlers.tool(button.getAttribute("aria-pressed") === "true" ? "cursor" : tool));
      button.dataset["tool"] = tool;
      button.setAttribute("aria-pressed", "false");
      this.toolButtons.set(tool, button);
      this.buttons.append(button);
    }
    const separator = doc.createElement("div");
    separator.className = "lwc-drawing-toolbar-separator";
    this.buttons.append(separator);
    for (const { action, label, icon, toggle } of ACTION_BUTTONS) {
      const button = iconButton(doc, label, icon, () => handlers.action(action));
      button.dataset["action"] = action;
      if (toggle) button.setAttribute("aria-pressed", "false");
      this.actionButtons.set(action, button);
      this.buttons.append(button);
    }
    this.scrollArrows = { up: this.scrollArrow(doc, "up"), down: this.scrollArrow(doc, "down") };
    this.element.append(this.scrollArrows.up, this.buttons, this.scrollArrows.down);
    this.buttons.addEventListener("scroll", () => this.showOverflow());
    // The column's height follows the chart's (CSS max-height), on every resize and rerender.
    const Observer = doc.defaultView?.ResizeObserver;
    this.resizeObserver = Observer === undefined ? undefined : new Observer(() => this.showOverflow());
    this.resizeObserver?.observe(this.buttons);
  }

  setVisible(visible: boolean): void {
    this.element.hidden = !visible;
  }

  /** Show which tool is active and which toggles are on. */
  show(state: ToolbarState): void {
    for (const [tool, button] of this.toolButtons) button.setAttribute("aria-pressed", String(state.tool === tool));
    const settings = this.actionButtons.get("settings");
    if (settings !== undefined) settings.disabled = !state.selected;
    const toggles: Partial<Record<ToolbarAction, boolean>> = { magnet: state.magnet, lock_all: state.lockAll, hide_all: state.hideAll };
    for (const [action, on] of Object.entries(toggles)) this.actionButtons.get(action as ToolbarAction)?.setAttribute("aria-pressed", String(on));
  }

  destroy(): void {
    this.resizeObserver?.disconnect();
    this.element.remove();
  }

  /** The arrows show while the buttons overflow; each is dimmed once there is nothing more its way. */
  private showOverflow(): void {
    const { up, down } = this.scrollArrows;
    const column = this.buttons;
    // With the arrows shown, their room would go back to the column if they were hidden.
    const arrowsRoom = up.hidden ? 0 : up.offsetHeight + down.offsetHeight;
    const overflowing = column.scrollHeight > column.clientHeight + arrowsRoom;
    up.hidden = !overflowing;
    down.hidden = !overflowing;
    up.dataset["disabled"] = String(column.scrollTop <= 0);
    down.dataset["disabled"] = String(column.scrollTop + column.clientHeight >= column.scrollHeight - 1);
  }

  /** A mouse-only control, hidden from assistive technology: Tab already scrolls the buttons. */
  private scrollArrow(doc: Document, direction: keyof typeof SCROLL_ARROWS): HTMLDivElement {
    const arrow = doc.createElement("div");
    arrow.className = "lwc-drawing-toolbar-scroll";
    arrow.dataset["scroll"] = direction;
    arrow.setAttribute("aria-hidden", "true");
    arrow.hidden = true;
    arrow.append(icon(doc, SCROLL_ARROWS[direction]));
    arrow.addEventListener("click", (event) => {
      event.stopPropagation();
      const page = Math.max(this.buttons.clientHeight - KEPT_ON_PAGE_PX, KEPT_ON_PAGE_PX);
      this.buttons.scrollBy({ top: direction === "up" ? -page : page });
    });
    return arrow;
  }
}

function iconButton(doc: Document, label: string, path: string, onClick: () => void): HTMLButtonElement {
  const button = doc.createElement("button");
  button.type = "button";
  button.className = "lwc-drawing-button";
  button.setAttribute("aria-label", label);
  button.title = label;
  button.append(icon(doc, path));
  button.addEventListener("click", (event) => {
    // Not a chart click.
    event.stopPropagation();
    onClick();
  });
  return button;
}

/** An SVG icon from path data in a 24×24 box, stroked in the text colour. */
function icon(doc: Document, path: string): SVGSVGElement {
  const svg = doc.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  const shape = doc.createElementNS(SVG, "path");
  for (const [name, value] of Object.entries({ d: path, fill: "none", stroke: "currentColor", "stroke-width": "1.6", "stroke-linecap": "round", "stroke-linejoin": "round" })) {
    shape.setAttribute(name, value);
  }
  svg.append(shape);
  return svg;
}
