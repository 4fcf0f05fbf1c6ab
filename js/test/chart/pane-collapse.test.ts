// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { collapsedFactors, collapseKey, PaneCollapse } from "../../src/chart/pane-collapse";
import type { StorageLike } from "../../src/settings/storage";

function memoryStorage(): StorageLike & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return { items, getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v) };
}

const places = [
  { paneId: 0, seriesId: "price", top: 6, right: 60 },
  { paneId: 1, seriesId: "volume", top: 300, right: 60 },
];

describe("collapsedFactors", () => {
  it("shrinks collapsed panes to a thin strip and keeps the others' shares", () => {
    const factors = collapsedFactors([3, 1], new Set([1]), 426);
    expect(factors[0]).toBe(3);
    // 26 px of 426: the strip's share of the total.
    expect(factors[1] / (factors[0] + factors[1])).toBeCloseTo(26 / 426, 5);
  });

  it("leaves the factors alone when nothing or everything is collapsed", () => {
    expect(collapsedFactors([3, 1], new Set(), 400)).toEqual([3, 1]);
    expect(collapsedFactors([3, 1], new Set([0, 1]), 400)).toEqual([3, 1]);
  });
});

describe("PaneCollapse", () => {
  it("toggles a pane, stores it beside the settings and reads it back in a new chart view", () => {
    const storage = memoryStorage();
    let toggles = 0;
    const first = new PaneCollapse(document, () => (toggles += 1), storage);
    first.configure(true, true, "scope", "chart");
    first.place(places);
    const buttons = first.element.querySelectorAll<HTMLButtonElement>("[data-testid=lwcharts-pane-collapse]");
    expect(buttons).toHaveLength(2);
    expect(buttons[1].getAttribute("aria-label")).toBe("Collapse pane 2");

    buttons[1].click();

    expect(toggles).toBe(1);
    expect(first.isCollapsed(1)).toBe(true);
    expect(storage.items.get(collapseKey("scope", "chart"))).toBe("[1]");
    first.place(places);
    expect(buttons[1].getAttribute("aria-label")).toBe("Expand pane 2");
    expect(buttons[1].title).toBe("Expand pane 2");

    const second = new PaneCollapse(document, () => {}, storage);
    second.configure(true, true, "scope", "chart");
    expect([...second.collapsedPanes()]).toEqual([1]);
    second.configure(true, true, "scope", "other-chart");
    expect([...second.collapsedPanes()]).toEqual([]);
  });

  it("shows no buttons when disabled or with one pane, and no tooltip when asked not to", () => {
    const collapse = new PaneCollapse(document, () => {}, memoryStorage());
    collapse.configure(false, true, "s", "c");
    collapse.place(places);
    expect(collapse.element.children).toHaveLength(0);
    collapse.configure(true, false, "s", "c");
    collapse.place(places.slice(0, 1));
    expect(collapse.element.children).toHaveLength(0);
    collapse.place(places);
    expect((collapse.element.children[0] as HTMLElement).title).toBe("");
  });

  it("ignores a stored value that is not a list of pane ids", () => {
    const storage = memoryStorage();
    storage.items.set(collapseKey("s", "c"), '{"x": 1}');
    const collapse = new PaneCollapse(document, () => {}, storage);
    collapse.configure(true, true, "s", "c");
    expect(collapse.collapsedPanes().size).toBe(0);
  });
});
