/**
 * The modal frame the series settings dialog and the drawing dialog share: a backdrop and a box
 * over the chart with a title and a close button, whose content the dialog appends. While it is
 * open, Tab and Shift+Tab cycle inside the box; Esc, the close button and a click on the backdrop
 * ask the dialog to close; on close, focus goes back to the element that opened it.
 *
 * It lives inside the chart root, so it works in a Streamlit shadow root as in a notebook page.
 * The title is untrusted user text (a series name) and is set through textContent only.
 */

const FOCUSABLE = "button, input, select, textarea, [tabindex]:not([tabindex='-1'])";

/** The focused element of `node`'s tree: its shadow root's in Streamlit, where the document sees only the host. */
export function focusedElement(node: Node): Element | null {
  return (node.getRootNode() as Document | ShadowRoot).activeElement;
}

/** What the dialog tells the frame. */
export interface ModalDialog {
  /** Esc, the close button or the backdrop: the dialog closes (and calls `ModalFrame.close`). */
  dismiss(): void;
  /**
   * The element that stands for a lost opener (removed from the page while the dialog was open,
   * e.g. a gear of a legend built again), to take focus on close instead.
   */
  replacement?(opener: HTMLElement): HTMLElement | undefined;
}

export class ModalFrame {
  private backdrop: HTMLDivElement | undefined;
  private box: HTMLDivElement | undefined;
  private opener: HTMLElement | null = null;

  constructor(
    private readonly root: HTMLElement,
    private readonly dialog: ModalDialog,
  ) {}

  /** The open box, undefined while closed. */
  get element(): HTMLDivElement | undefined {
    return this.box;
  }

  /**
   * Show an empty frame titled `title` (as text), replacing the open one: opened again while
   * open (another series, the picker), focus still goes back to the first opener on close.
   * Returns the box; the dialog appends its content after the head and sets the focus.
   */
  open(testId: string, titleId: string, title: string, opener: HTMLElement | null): HTMLDivElement {
    if (this.box === undefined) this.opener = opener;
    this.remove();
    const doc = this.root.ownerDocument;
    const backdrop = doc.createElement("div");
    backdrop.className = "lwc-settings-backdrop";
    backdrop.addEventListener("click", () => this.dialog.dismiss());
    const box = doc.createElement("div");
    box.className = "lwc-settings";
    box.setAttribute("role", "dialog");
    box.setAttribute("aria-modal", "true");
    box.setAttribute("aria-labelledby", titleId);
    box.dataset["testid"] = testId;
    // JupyterLab would otherwise take keys typed here (Esc, arrows) as notebook shortcuts.
    box.setAttribute("data-lm-suppress-shortcuts", "true");
    box.setAttribute("data-p-suppress-shortcuts", "true");
    box.addEventListener("keydown", this.onKeydown);

    const head = doc.createElement("div");
    head.className = "lwc-settings-head";
    const heading = doc.createElement("h2");
    heading.id = titleId;
    heading.className = "lwc-settings-title";
    heading.textContent = title;
    const close = doc.createElement("button");
    close.type = "button";
    close.textContent = "×";
    close.dataset["testid"] = "lwcharts-close";
    close.className = "lwc-settings-x";
    close.setAttribute("aria-label", "Close settings");
    close.addEventListener("click", () => this.dialog.dismiss());
    head.append(heading, close);
    box.append(head);
    this.root.append(backdrop, box);
    this.backdrop = backdrop;
    this.box = box;
    return box;
  }

  /** Remove the frame; `returnFocus` puts focus back on the element that opened it. */
  close(returnFocus: boolean): void {
    if (this.box === undefined) return;
    this.remove();
    const opener = this.opener;
    this.opener = null;
    if (!returnFocus || opener === null) return;
    (opener.isConnected ? opener : this.dialog.replacement?.(opener))?.focus();
  }

  private remove(): void {
    this.backdrop?.remove();
    this.box?.remove();
    this.backdrop = undefined;
    this.box = undefined;
  }

  /** Esc closes; Tab and Shift+Tab cycle inside the box. */
  private readonly onKeydown = (event: KeyboardEvent): void => {
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      this.dialog.dismiss();
      return;
    }
    if (event.key !== "Tab" || this.box === undefined) return;
    const focusable = [...this.box.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
      (el) => !el.hidden && el.closest("[hidden]") === null && !(el as HTMLButtonElement).disabled && el.tabIndex >= 0,
    );
    if (focusable.length === 0) return;
    const active = focusedElement(this.box);
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    const inside = active instanceof Node && this.box.contains(active);
    if (event.shiftKey && (active === first || !inside)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (active === last || !inside)) {
      event.preventDefault();
      first.focus();
    }
  };
}
