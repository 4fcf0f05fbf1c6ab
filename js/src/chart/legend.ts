/**
 * The legend overlay: one line per series, name, value and a settings gear, top-left over the
 * chart. Names are untrusted user text and are only ever set through textContent (and the gear's
 * label through setAttribute).
 */
import { gearButton, labelGear } from "../settings/ui/gear";
import type { LegendEntry } from "./legend-values";

/**
 * While rows stream in, the legend's values are rewritten at most this often (ms); crosshair
 * moves show at once. A text write lays out and repaints the page around the chart: at 60
 * writes a second in JupyterLab that was about 8 % of a core, for numbers nobody can read at
 * that pace. The newest values are always shown, at most this late (chart/throttle.ts).
 */
export const LIVE_LEGEND_INTERVAL_MS = 100;

export class Legend {
  readonly element: HTMLDivElement;
  private ids: string[] = [];
  /** Each line's colour as last written. */
  private colors: string[] = [];

  /** `onGear` opens the settings of a series; called with the gear, which gets focus back. */
  constructor(
    doc: Document,
    private readonly onGear: (seriesId: string, gear: HTMLButtonElement) => void,
  ) {
    this.element = doc.createElement("div");
    this.element.className = "lwc-legend";
  }

  setVisible(visible: boolean): void {
    this.element.hidden = !visible;
  }

  /** Updates in place while the series stay the same, since this runs on every crosshair move. */
  render(entries: readonly LegendEntry[]): void {
    const sameSeries = entries.length === this.ids.length && entries.every((e, i) => e.id === this.ids[i]);
    if (!sameSeries) this.rebuild(entries);
    entries.forEach((entry, i) => {
      const line = this.element.children[i] as HTMLElement;
      const [swatch, name, value, gear] = [...line.children] as HTMLElement[];
      // Live rows render the legend every frame: write only what changed (a text write
      // replaces the node and lays the legend out again).
      if (this.colors[i] !== entry.color) {
        swatch.style.background = entry.color;
        value.style.color = entry.color;
        this.colors[i] = entry.color;
      }
      if (name.textContent !== entry.name) {
        name.textContent = entry.name;
        labelGear(gear as HTMLButtonElement, entry.id, `Settings for ${entry.name}`);
      }
      if (value.textContent !== entry.value) value.textContent = entry.value;
    });
  }

  /** The text of each entry as a reader sees it: "name value". */
  texts(): string[] {
    return this.element.hidden ? [] : [...this.element.children].map((line) => line.textContent ?? "");
  }

  private rebuild(entries: readonly LegendEntry[]): void {
    const doc = this.element.ownerDocument;
    this.ids = entries.map((e) => e.id);
    this.colors = [];
    this.element.replaceChildren(
      ...entries.map((entry) => {
        const line = doc.createElement("div");
        line.className = "lwc-legend-entry";
        const span = (className: string) => {
          const el = doc.createElement("span");
          el.className = className;
          return el;
        };
        // The space text node keeps "name value" readable in textContent, not "namevalue".
        const gear = gearButton(doc, "legend", (button) => this.onGear(entry.id, button));
        labelGear(gear, entry.id, `Settings for ${entry.name}`);
        line.append(span("lwc-legend-swatch"), span("lwc-legend-name"), doc.createTextNode(" "), span("lwc-legend-value"), gear);
        return line;
      }),
    );
  }
}
