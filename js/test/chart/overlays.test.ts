import { describe, expect, it } from "vitest";
import { GEAR_INSET, LEGEND_INSET, legendLeft, paneGearPlaces } from "../../src/chart/overlays";

describe("overlay geometry", () => {
  it("puts the legend clear of the left price scale", () => {
    expect(legendLeft(0)).toBe(LEGEND_INSET);
    expect(legendLeft(52)).toBe(52 + LEGEND_INSET);
  });

  it("puts a gear at the top right of each pane with series, clear of the right price scale", () => {
    const root = { top: 100, right: 900 };
    const places = paneGearPlaces(
      root,
      [
        { box: { top: 100, right: 880 }, first: { paneId: 0, seriesId: "price" } },
        { box: { top: 400, right: 880 }, first: undefined },
        { box: { top: 500, right: 880 }, first: { paneId: 2, seriesId: "volume" } },
        { box: null, first: { paneId: 3, seriesId: "late" } },
      ],
      60,
    );
    expect(places).toEqual([
      { paneId: 0, seriesId: "price", top: GEAR_INSET, right: 20 + 60 + GEAR_INSET },
      { paneId: 2, seriesId: "volume", top: 400 + GEAR_INSET, right: 20 + 60 + GEAR_INSET },
    ]);
  });
});
