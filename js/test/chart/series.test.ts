import type { IChartApi } from "lightweight-charts";
import { describe, expect, it } from "vitest";
import { layoutPanes, seriesVisible } from "../../src/chart/series";

describe("seriesVisible", () => {
  const spec = (visible?: boolean) => ({ pane: 1, options: visible === undefined ? {} : { visible } });

  it("shows a series unless the user or the code hides it, the user first", () => {
    expect(seriesVisible(spec(), {}, new Set())).toBe(true);
    expect(seriesVisible(spec(false), {}, new Set())).toBe(false);
    expect(seriesVisible(spec(false), { visible: true }, new Set())).toBe(true);
    expect(seriesVisible(spec(true), { visible: false }, new Set())).toBe(false);
  });

  it("hides every series of a collapsed pane", () => {
    expect(seriesVisible(spec(true), { visible: true }, new Set([1]))).toBe(false);
    expect(seriesVisible(spec(true), {}, new Set([0]))).toBe(true);
  });
});

describe("layoutPanes", () => {
  /** Enough of IChartApi's pane handling to count panes and read their settings. */
  function fakeChart(count: number) {
    const panes: { stretch: number; preserve: boolean }[] = [];
    const add = () => panes.push({ stretch: 1, preserve: false });
    for (let i = 0; i < count; i++) add();
    const chart = {
      panes: () =>
        panes.map((p) => ({
          setStretchFactor: (f: number) => (p.stretch = f),
          setPreserveEmptyPane: (keep: boolean) => (p.preserve = keep),
        })),
      addPane: () => add(),
      removePane: (i: number) => panes.splice(i, 1),
    };
    return { chart: chart as unknown as IChartApi, panes };
  }

  it("makes or removes panes to match, keeps them while empty and sets their heights", () => {
    const grow = fakeChart(1);
    layoutPanes(grow.chart, [3, 1, 1]);
    expect(grow.panes).toEqual([
      { stretch: 3, preserve: true },
      { stretch: 1, preserve: true },
      { stretch: 1, preserve: true },
    ]);
    const shrink = fakeChart(4);
    layoutPanes(shrink.chart, [2]);
    expect(shrink.panes).toEqual([{ stretch: 2, preserve: true }]);
  });
});
