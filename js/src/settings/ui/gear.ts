/**
 * The gear buttons that open the settings dialog: one on each legend entry, and one at the top
 * right of each pane that holds series (it opens the pane's first series, with a picker for the
 * others). Labels carry series names through setAttribute, which never parses HTML.
 */

export const GEAR_TEST_ID = "lwcharts-gear";
export type GearKind = "legend" | "pane";

const SVG = "http://www.w3.org/2000/svg";

export function gearButton(doc: Document, kind: GearKind, onClick: (button: HTMLButtonElement) => void): HTMLButtonElement {
  const button = doc.createElement("button");
  button.type = "button";
  button.className = `lwc-gear lwc-gear-${kind}`;
  button.dataset["testid"] = GEAR_TEST_ID;
  button.dataset["gear"] = kind;
  button.append(gearIcon(doc));
  button.addEventListener("click", (event) => {
    // The chart underneath must not take the click as a chart click.
    event.stopPropagation();
    onClick(button);
  });
  return button;
}

export function labelGear(button: HTMLButtonElement, seriesId: string, label: string): void {
  button.dataset["seriesId"] = seriesId;
  if (button.getAttribute("aria-label") !== label) button.setAttribute("aria-label", label);
  button.title = label;
}

/** Eight teeth drawn as a dashed ring around a ring: no path data to maintain. */
function gearIcon(doc: Document): SVGSVGElement {
  const svg = doc.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  const circle = (r: number, width: number, dash?: string) => {
    const c = doc.createElementNS(SVG, "circle");
    for (const [name, value] of Object.entries({ cx: "12", cy: "12", r: String(r), fill: "none", stroke: "currentColor" })) {
      c.setAttribute(name, value);
    }
    c.setAttribute("stroke-width", String(width));
    if (dash !== undefined) c.setAttribute("stroke-dasharray", dash);
    return c;
  };
  // Circumference 2π·8.5 ≈ 53.4 in 16 dashes: eight teeth.
  svg.append(circle(8.5, 3.5, "3.34 3.34"), circle(6, 3));
  return svg;
}

export interface PaneGearPlace {
  paneId: number;
  /** The pane's first series: what the gear opens. */
  seriesId: string;
  /** px from the chart root's top and right edges. */
  top: number;
  right: number;
}

/** The pane gears, kept in an overlay and moved when the panes move. */
export class PaneGears {
  readonly element: HTMLDivElement;
  private buttons: HTMLButtonElement[] = [];

  constructor(
    private readonly doc: Document,
    private readonly onOpen: (paneId: number, seriesId: string, button: HTMLButtonElement) => void,
  ) {
    this.element = doc.createElement("div");
    this.element.className = "lwc-pane-gears";
  }

  place(places: readonly PaneGearPlace[]): void {
    while (this.buttons.length > places.length) this.buttons.pop()?.remove();
    while (this.buttons.length < places.length) {
      const button = gearButton(this.doc, "pane", (b) => {
        const paneId = Number(b.dataset["paneId"]);
        this.onOpen(paneId, b.dataset["seriesId"] ?? "", b);
      });
      this.buttons.push(button);
      this.element.append(button);
    }
    places.forEach((place, i) => {
      const button = this.buttons[i];
      button.dataset["paneId"] = String(place.paneId);
      labelGear(button, place.seriesId, `Pane ${place.paneId + 1} settings`);
      button.style.top = `${place.top}px`;
      button.style.right = `${place.right}px`;
    });
  }
}
