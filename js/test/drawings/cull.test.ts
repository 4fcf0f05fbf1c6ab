import { describe, expect, it } from "vitest";
import { IntervalIndex } from "../../src/drawings/cull";

describe("IntervalIndex", () => {
  it("finds exactly the intervals that meet a range", () => {
    const index = new IntervalIndex([
      { start: 0, end: 10, item: "a" },
      { start: 5, end: 6, item: "b" },
      { start: 20, end: 30, item: "c" },
      { start: -Infinity, end: Infinity, item: "h" },
      { start: 25, end: Infinity, item: "ray" },
    ]);
    expect(index.query(6, 19).sort()).toEqual(["a", "b", "h"]);
    expect(index.query(11, 19)).toEqual(["h"]);
    expect(index.query(31, 40).sort()).toEqual(["h", "ray"]);
    expect(index.query(10, 10).sort()).toEqual(["a", "h"]);
    expect(new IntervalIndex<string>([]).query(0, 1)).toEqual([]);
  });

  it("agrees with a linear scan on random data", () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const extents = Array.from({ length: 500 }, (_, i) => {
      const start = random() * 1000;
      return { start, end: start + random() * 50, item: i };
    });
    const index = new IntervalIndex(extents);
    for (let q = 0; q < 50; q++) {
      const from = random() * 1000;
      const to = from + random() * 100;
      const expected = extents.filter((e) => e.start <= to && e.end >= from).map((e) => e.item).sort((a, b) => a - b);
      expect(index.query(from, to).sort((a, b) => a - b)).toEqual(expected);
    }
  });
});
