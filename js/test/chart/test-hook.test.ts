import { describe, expect, it } from "vitest";
import { installTestHook, seriesSnapshot, TEST_ID, type ChartSnapshot, type TestHook } from "../../src/chart/test-hook";

describe("test hook", () => {
  it("reports a series as lightweight-charts holds it, options by flat schema name", () => {
    const snapshot = seriesSnapshot({
      spec: { id: "sma", name: "SMA 20", type: "line" },
      api: {
        getPane: () => ({ paneIndex: () => 1 }),
        data: () => [{}, {}, {}],
        options: () => ({ visible: true, color: "#ff0000", priceFormat: { type: "price", precision: 4, minMove: 0.0001 } }),
      },
    });
    expect(snapshot).toMatchObject({ id: "sma", name: "SMA 20", type: "line", pane: 1, barCount: 3, visible: true });
    expect(snapshot.options).toMatchObject({ color: "#ff0000", precision: 4, minMove: 0.0001, visible: true });
  });

  it("is a frozen, non-enumerable property of the root with the test id", () => {
    const attributes = new Map<string, string>();
    const root = { setAttribute: (name: string, value: string) => attributes.set(name, value) } as unknown as HTMLElement;
    const snapshot = { chartId: "c" } as ChartSnapshot;
    installTestHook(root, () => snapshot, () => null);
    const hook = (root as unknown as { lwcharts: TestHook }).lwcharts;
    expect(attributes.get("data-testid")).toBe(TEST_ID);
    expect(hook.snapshot()).toBe(snapshot);
    expect(Object.isFrozen(hook)).toBe(true);
    expect(Object.keys(root)).not.toContain("lwcharts");
  });
});
