/**
 * The legend overlay: one line per series, name and value, top-left over the chart. Names are
 * untrusted user text and are only ever set through textContent.
 */

export interface LegendEntry {
  id: string;
  name: string;
  color: string;
  value: string;
}

export class Legend {
  readonly element: HTMLDivElement;
  private ids: string[] = [];

  constructor(doc: Document) {
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
      const [swatch, name, value] = [...line.children] as HTMLElement[];
      swatch.style.background = entry.color;
      value.style.color = entry.color;
      name.textContent = entry.name;
      value.textContent = entry.value;
    });
  }

  /** The text of each entry as a reader sees it: "name value". */
  texts(): string[] {
    return this.element.hidden ? [] : [...this.element.children].map((line) => line.textContent ?? "");
  }

  private rebuild(entries: readonly LegendEntry[]): void {
    const doc = this.element.ownerDocument;
    this.ids = entries.map((e) => e.id);
    this.element.replaceChildren(
      ...entries.map(() => {
        const line = doc.createElement("div");
        line.className = "lwc-legend-entry";
        const span = (className: string) => {
          const el = doc.createElement("span");
          el.className = className;
          return el;
        };
        // The space text node keeps "name value" readable in textContent, not "namevalue".
        line.append(span("lwc-legend-swatch"), span("lwc-legend-name"), doc.createTextNode(" "), span("lwc-legend-value"));
        return line;
      }),
    );
  }
}
