/** Rows ↔ full-resolution indices ↔ times, for plans with segments of several factors. */
import { describe, expect, it } from "vitest";
import {
  indexRangeOfRow,
  indexRangeToLogicalRange,
  indexToLogical,
  logicalRangeToIndexRange,
  logicalToIndex,
  lowerBound,
  remapLogicalRange,
  rowOfIndex,
  rowOfTime,
  snapMarkers,
  snapTime,
  timeOfRow,
  upperBound,
  visibleBars,
} from "../../src/resample/mapping";
import { fullResolutionPlan, planRows, type Plan } from "../../src/resample/plan";
import { seededRandom } from "../seeded-random";

/** Weekday-only daily times: irregular spacing, as real data has. */
function weekdays(n: number): Float64Array {
  const time = new Float64Array(n);
  let t = 1_704_153_600; // Tue 2024-01-02
  for (let i = 0; i < n; i++) {
    time[i] = t;
    t += 86_400;
    const day = new Date(t * 1000).getUTCDay();
    if (day === 6) t += 2 * 86_400;
  }
  return time;
}

const N = 123_457; // not a multiple of anything: the last bucket of every coarse segment is partial
const PLANS: [string, Plan][] = [
  ["zoomed in, middle", planRows(N, { from: 60_000, to: 60_300 }, 700)],
  ["zoomed in, end", planRows(N, { from: N - 300, to: N + 5 }, 700)],
  ["zoomed out", planRows(N, { from: 0, to: N }, 700)],
  ["middle, factor 16", planRows(N, { from: 30_000, to: 40_000 }, 700)],
  ["full resolution", fullResolutionPlan(5000)],
];

describe("rows and indices", () => {
  it("maps every index to the row whose range holds it, and every row to its range", () => {
    for (const [name, plan] of PLANS) {
      // Plain comparisons in the loop (one expect per plan keeps the run light).
      const faults: string[] = [];
      let next = 0;
      for (let row = 0; row < plan.rows; row++) {
        const range = indexRangeOfRow(plan, row);
        if (range === undefined) {
          faults.push(`row ${row}: no range`);
          continue;
        }
        if (range.start !== next) faults.push(`row ${row} starts at ${range.start}, not ${next}`);
        if (range.end <= range.start) faults.push(`row ${row} is empty`);
        if (rowOfIndex(plan, range.start) !== row || rowOfIndex(plan, range.end - 1) !== row) faults.push(`row ${row}: indices map elsewhere`);
        next = range.end;
      }
      expect(faults, name).toEqual([]);
      expect(next).toBe(plan.length);
      expect(rowOfIndex(plan, -1)).toBe(-1);
      expect(rowOfIndex(plan, plan.length)).toBe(-1);
      expect(indexRangeOfRow(plan, -1)).toBeUndefined();
      expect(indexRangeOfRow(plan, plan.rows)).toBeUndefined();
      expect(indexRangeOfRow(plan, 0.5)).toBeUndefined();
    }
  });

  it("round-trips logical ↔ index positions, monotonically, beyond the data too", () => {
    const r = seededRandom(4);
    for (const [name, plan] of PLANS) {
      let previous = -Infinity;
      for (let k = 0; k <= 2000; k++) {
        const x = -20 + (k / 2000) * (plan.rows + 40);
        const index = logicalToIndex(plan, x);
        expect(index, name).toBeGreaterThan(previous);
        previous = index;
        expect(indexToLogical(plan, index)).toBeCloseTo(x, 6);
      }
      for (let k = 0; k < 500; k++) {
        const i = -100 + r() * (plan.length + 200);
        expect(logicalToIndex(plan, indexToLogical(plan, i))).toBeCloseTo(i, 6);
      }
    }
  });

  it("puts row edges on bucket edges and row centres inside their buckets", () => {
    const [, plan] = PLANS[3];
    for (let row = 0; row < plan.rows; row += 7) {
      const range = indexRangeOfRow(plan, row);
      if (range === undefined) throw new Error("row out of range");
      expect(logicalToIndex(plan, row - 0.5)).toBeCloseTo(range.start - 0.5, 9);
      expect(logicalToIndex(plan, row + 0.5)).toBeCloseTo(range.end - 0.5, 9);
      expect(indexToLogical(plan, range.start - 0.5)).toBeCloseTo(row - 0.5, 9);
      const centre = logicalToIndex(plan, row);
      expect(centre).toBeGreaterThanOrEqual(range.start - 0.5);
      expect(centre).toBeLessThan(range.end - 0.5);
    }
  });

  it("is the identity at full resolution", () => {
    const plan = fullResolutionPlan(5000);
    for (const x of [-10.5, 0, 17.25, 4999, 5003.5]) {
      expect(logicalToIndex(plan, x)).toBeCloseTo(x, 12);
      expect(indexToLogical(plan, x)).toBeCloseTo(x, 12);
    }
    expect(logicalToIndex(fullResolutionPlan(0), 3)).toBe(3);
  });

  it("restores the same visible index range after a re-plan", () => {
    const before = planRows(N, { from: 60_000, to: 60_300 }, 700);
    const logical = indexRangeToLogicalRange(before, { from: 59_800, to: 60_900 }); // the user panned and zoomed out
    const seen = logicalRangeToIndexRange(before, logical);
    expect(seen.from).toBeCloseTo(59_800, 6);
    expect(seen.to).toBeCloseTo(60_900, 6);
    for (const after of [planRows(N, seen, 700), planRows(N, { from: 0, to: N }, 700), fullResolutionPlan(N)]) {
      const remapped = remapLogicalRange(before, after, logical);
      const restored = logicalRangeToIndexRange(after, remapped);
      expect(restored.from).toBeCloseTo(seen.from, 6);
      expect(restored.to).toBeCloseTo(seen.to, 6);
    }
    // Blank space right of the last bar (lightweight-charts' right offset) survives a re-plan too.
    const end = planRows(N, { from: N - 300, to: N + 5 }, 700);
    const right = indexRangeToLogicalRange(end, { from: N - 400, to: N + 12 });
    const next = planRows(N, { from: N - 400, to: N + 12 }, 700);
    const restored = logicalRangeToIndexRange(next, remapLogicalRange(end, next, right));
    expect(restored.to).toBeCloseTo(N + 12, 6);
    expect(remapLogicalRange(end, next, right).to - (next.rows - 1)).toBeCloseTo(right.to - (end.rows - 1), 6);
  });
});

describe("bars in view", () => {
  it("runs from the first bar of the first row in view to the last bar of the last, for every plan", () => {
    for (const [name, plan] of PLANS) {
      const mid = Math.floor(plan.rows / 2);
      for (const [from, to] of [
        [mid - 10.3, mid + 20.4],
        [mid - 7, mid + 7],
        [-40, 30.2],
        [plan.rows - 30.6, plan.rows + 12],
      ]) {
        const bars = visibleBars(plan, { from, to });
        const firstRow = Math.min(plan.rows - 1, Math.max(0, Math.floor(from)));
        const lastRow = Math.min(plan.rows - 1, Math.max(0, Math.ceil(to)));
        // The reference: walk the segments bar by bar and keep the bars whose row is in view.
        let first = -1;
        let last = -1;
        for (let i = 0; i < plan.length; i++) {
          const row = rowOfIndex(plan, i);
          if (row >= firstRow && row <= lastRow) {
            if (first < 0) first = i;
            last = i;
          }
        }
        expect(bars, `${name} [${from}, ${to}]`).toEqual({ from: first, to: last });
      }
    }
  });

  it("is lightweight-charts' own floor/ceil of the logical range at full resolution", () => {
    const plan = fullResolutionPlan(5000);
    expect(visibleBars(plan, { from: 100.4, to: 200.2 })).toEqual({ from: 100, to: 201 });
    expect(visibleBars(plan, { from: -5, to: 6000 })).toEqual({ from: 0, to: 4999 });
    expect(visibleBars(fullResolutionPlan(0), { from: 0, to: 10 })).toBeNull();
  });
});

describe("times", () => {
  const time = weekdays(N);

  it("binary-searches sorted times", () => {
    const t = [10, 20, 30];
    expect([5, 10, 15, 30, 35].map((x) => lowerBound(t, x))).toEqual([0, 0, 1, 2, 3]);
    expect([5, 10, 15, 30, 35].map((x) => upperBound(t, x))).toEqual([0, 1, 1, 3, 3]);
    expect(lowerBound(t, 25, 2)).toBe(2);
    expect(upperBound(t, 100, 0, 2)).toBe(2);
  });

  it("finds the bucket holding a time: from its first bar's time up to the next bucket's", () => {
    const r = seededRandom(8);
    for (const [name, plan] of PLANS.slice(0, 4)) {
      for (let k = 0; k < 2000; k++) {
        const t = time[0] - 86_400 + r() * (time[N - 1] - time[0] + 10 * 86_400);
        const row = rowOfTime(plan, time, t);
        if (t < time[0]) {
          expect(row).toBe(-1);
          expect(snapTime(plan, time, t)).toBeUndefined();
          continue;
        }
        const start = timeOfRow(plan, time, row) as number;
        expect(start, name).toBeLessThanOrEqual(t);
        if (row + 1 < plan.rows) expect(timeOfRow(plan, time, row + 1) as number).toBeGreaterThan(t);
        else expect(row).toBe(plan.rows - 1);
        expect(snapTime(plan, time, t)).toBe(start);
      }
      // Exactly on a bucket's time: that bucket; on the bar just before it: the bucket before.
      for (let row = 1; row < plan.rows; row += 97) {
        const range = indexRangeOfRow(plan, row);
        if (range === undefined) throw new Error("row out of range");
        expect(rowOfTime(plan, time, time[range.start])).toBe(row);
        expect(rowOfTime(plan, time, time[range.start - 1])).toBe(row - 1);
        expect(rowOfTime(plan, time, time[range.end - 1])).toBe(row);
      }
      expect(timeOfRow(plan, time, plan.rows)).toBeUndefined();
    }
  });

  it("moves markers to the time of the bucket holding them", () => {
    const [, plan] = PLANS[2]; // zoomed out: factor 256
    expect(plan.segments[0].factor).toBe(256);
    const markers = [
      { time: time[0] - 1, text: "before the data" },
      { time: time[0], text: "first bar" },
      { time: time[300], text: "inside bucket 1" },
      { time: time[300] + 60, text: "between bars" },
      { time: time[512], text: "on bucket 2" },
      { time: time[N - 1] + 86_400, text: "after the data" },
      { time: "2024-01-01", text: "not UTC seconds" },
    ];
    const snapped = snapMarkers(markers, plan, time);
    expect(snapped.map((m) => [m.text, m.time])).toEqual([
      ["first bar", time[0]],
      ["inside bucket 1", time[256]],
      ["between bars", time[256]],
      ["on bucket 2", time[512]],
      ["after the data", time[Math.floor((N - 1) / 256) * 256]],
    ]);
    expect(snapped[0]).toBe(markers[1]); // unchanged markers are not copied
  });
});
