import { describe, expect, it } from "vitest";
import { TimeGrid } from "../../src/drawings/time-grid";
import { DAY, T0 } from "./helpers";

// Mon..Fri, Mon..Fri: a weekend gap in the middle.
const weekdays = [0, 1, 2, 3, 4, 7, 8, 9, 10, 11].map((d) => T0 + d * DAY);

describe("TimeGrid", () => {
  it("maps bar times to their index and times between bars in proportion", () => {
    const grid = new TimeGrid(weekdays);
    expect(grid.logicalOf(weekdays[3])).toBe(3);
    expect(grid.logicalOf(T0 + 5.5 * DAY)).toBeCloseTo(4.5); // Saturday noon: half way Fri → Mon
    expect(grid.timeAt(4.5)).toBe(T0 + 5.5 * DAY);
  });

  it("extrapolates outside the data with the smallest edge gap, not a weekend", () => {
    const grid = new TimeGrid([...weekdays, T0 + 14 * DAY]); // ends Fri → Mon
    expect(grid.intervalAfter).toBe(DAY);
    expect(grid.logicalOf(T0 + 16 * DAY)).toBe(12);
    expect(grid.timeAt(12)).toBe(T0 + 16 * DAY);
    expect(grid.logicalOf(T0 - 2 * DAY)).toBe(-2);
    expect(grid.timeAt(-2)).toBe(T0 - 2 * DAY);
  });

  it("snaps to the nearest bar slot, inside and outside the data", () => {
    const grid = new TimeGrid(weekdays);
    expect(grid.snapTime(T0 + 3.4 * DAY)).toBe(T0 + 3 * DAY);
    expect(grid.snapTime(T0 + 5.4 * DAY)).toBe(T0 + 4 * DAY); // Saturday morning → Friday
    expect(grid.snapTime(T0 + 6 * DAY)).toBe(T0 + 7 * DAY); // Sunday → Monday
    expect(grid.snapTime(T0 + 20.3 * DAY)).toBe(T0 + 20 * DAY); // the future, by 1-day slots
  });

  it("counts bars between times", () => {
    const grid = new TimeGrid(weekdays);
    expect(grid.barsBetween(weekdays[1], weekdays[8])).toBe(7);
    expect(grid.barsBetween(weekdays[8], weekdays[1])).toBe(-7);
  });

  it("sorts and dedupes its input, uses the fallback with one bar, and places nothing without bars", () => {
    const grid = new TimeGrid([T0 + 2 * DAY, T0, T0 + DAY, T0, NaN]);
    expect(grid.length).toBe(3);
    expect(grid.barTime(0)).toBe(T0);
    const one = new TimeGrid([T0], { fallbackInterval: 60 });
    expect(one.logicalOf(T0 + 120)).toBe(2);
    expect(new TimeGrid([T0]).timeAt(1)).toBe(T0 + DAY);
    const none = new TimeGrid([]);
    expect([none.logicalOf(T0), none.timeAt(0), none.snapTime(T0), none.barsBetween(T0, T0)]).toEqual([null, null, null, null]);
  });
});
