/**
 * Rows for lightweight-charts under a plan, checked against a naive per-bucket reference: series
 * on the axis (by index), series with their own times (by time range), the crosshair at a known
 * time, live appends while zoomed out.
 */
import { describe, expect, it } from "vitest";
import { Pyramid, type OhlcColumns, type Reducer, type SeriesColumns, type ValueColumns } from "../../src/resample/aggregate";
import { indexRangeOfRow, rowOfIndex, rowOfTime, timeOfRow } from "../../src/resample/mapping";
import { extendPlan, fullResolutionPlan, planRows, type Plan } from "../../src/resample/plan";
import { buildPlanRows, extendAxis, unionTimes, type PlanRow } from "../../src/resample/rows";
import { seededRandom } from "../seeded-random";

/** Candles on a minute grid with holes, a NaN here and there and runs of gaps; volume alongside. */
function market(n: number, seed: number): { candles: OhlcColumns; volume: ValueColumns } {
  const r = seededRandom(seed);
  const time = new Float64Array(n);
  const open = new Float64Array(n);
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  const close = new Float64Array(n);
  const volume = new Float64Array(n);
  let t = 1_704_067_200;
  let p = 100;
  let gapRun = 0;
  for (let i = 0; i < n; i++) {
    t += 60 * (r() < 0.1 ? 2 + Math.floor(r() * 30) : 1);
    time[i] = t;
    const o = p;
    p = Math.max(1, p + (r() - 0.5) * 2);
    open[i] = o;
    close[i] = p;
    high[i] = Math.max(o, p) + r();
    low[i] = Math.min(o, p) - r();
    volume[i] = Math.floor(r() * 1000);
    if (gapRun === 0 && r() < 0.002) gapRun = 1 + Math.floor(r() * 600);
    if (gapRun > 0) {
      gapRun--;
      open[i] = high[i] = low[i] = close[i] = volume[i] = NaN;
    } else if (r() < 0.02) {
      high[i] = NaN;
    }
  }
  return { candles: { time, open, high, low, close }, volume: { time, value: volume } };
}

/** The reference row for bars `[lo, hi)` of a series, shown at `time`. */
function naiveRow(columns: SeriesColumns, reducer: Reducer, lo: number, hi: number, time: number): PlanRow {
  if (reducer === "ohlc") {
    const c = columns as OhlcColumns;
    const good: number[] = [];
    for (let i = lo; i < hi; i++) if (![c.open[i], c.high[i], c.low[i], c.close[i]].some(Number.isNaN)) good.push(i);
    if (good.length === 0) return { time } as PlanRow;
    return {
      time,
      open: c.open[good[0]],
      high: Math.max(...good.map((i) => c.high[i])),
      low: Math.min(...good.map((i) => c.low[i])),
      close: c.close[good[good.length - 1]],
    } as PlanRow;
  }
  const v = (columns as ValueColumns).value;
  const good: number[] = [];
  for (let i = lo; i < hi; i++) if (!Number.isNaN(v[i])) good.push(v[i]);
  if (good.length === 0) return { time } as PlanRow;
  return { time, value: reducer === "last" ? good[good.length - 1] : good.reduce((s, x) => s + x, 0) } as PlanRow;
}

/** Reference rows of a series on the axis: bucket by index. */
function naiveByIndex(plan: Plan, columns: SeriesColumns, reducer: Reducer): PlanRow[] {
  const rows: PlanRow[] = [];
  for (let row = 0; row < plan.rows; row++) {
    const range = indexRangeOfRow(plan, row);
    if (range === undefined) throw new Error("row out of range");
    rows.push(naiveRow(columns, reducer, range.start, range.end, columns.time[range.start]));
  }
  return rows;
}

/**
 * Reference rows of a series with its own times: bucket by the axis' time ranges, empty buckets
 * skipped. A plain walk over the series' bars and the buckets together (no binary search).
 */
function naiveByTime(plan: Plan, axis: ArrayLike<number>, columns: SeriesColumns, reducer: Reducer): PlanRow[] {
  const rows: PlanRow[] = [];
  const times = columns.time;
  let j = 0;
  while (j < times.length && times[j] < axis[0]) j++; // bars before the axis belong to no bucket
  for (let row = 0; row < plan.rows; row++) {
    const range = indexRangeOfRow(plan, row);
    if (range === undefined) throw new Error("row out of range");
    const to = range.end < plan.length ? axis[range.end] : Infinity;
    const first = j;
    while (j < times.length && times[j] < to) j++;
    if (j > first) rows.push(naiveRow(columns, reducer, first, j, axis[range.start]));
  }
  return rows;
}

const N = 30_001;
const { candles, volume } = market(N, 1);
const axis = candles.time;
const PLANS: [string, Plan][] = [
  ["zoomed in, middle", planRows(N, { from: 15_000, to: 15_400 }, 600)],
  ["zoomed in, end", planRows(N, { from: N - 400, to: N + 3 }, 600)],
  ["zoomed out", planRows(N, { from: -5, to: N + 5 }, 600)],
  ["half", planRows(N, { from: 5000, to: 20_000 }, 600)],
];

describe("buildPlanRows on the axis", () => {
  it("gives one row per plan row with the reference OHLC and volume of its bucket", () => {
    const candlePyramid = new Pyramid(candles, "ohlc");
    const volumePyramid = new Pyramid(volume, "sum");
    for (const [name, plan] of PLANS) {
      expect(plan.resampled, name).toBe(true);
      const rows = buildPlanRows(plan, axis, candlePyramid);
      expect(rows, name).toHaveLength(plan.rows);
      expect(rows, name).toEqual(naiveByIndex(plan, candles, "ohlc"));
      expect(buildPlanRows(plan, axis, volumePyramid), name).toEqual(naiveByIndex(plan, volume, "sum"));
      expect(buildPlanRows(plan, axis, new Pyramid(volume, "last")), name).toEqual(naiveByIndex(plan, volume, "last"));
      // Columns holding both OHLC and a value give the reducer's kind of row, at full resolution too.
      const both = { ...candles, value: candles.close };
      expect(buildPlanRows(plan, axis, new Pyramid(both, "last")), name).toEqual(naiveByIndex(plan, both, "last"));
      for (let row = 0; row < plan.rows; row += 101) expect(rows[row].time).toBe(timeOfRow(plan, axis, row));
    }
  });

  it("gives the same rows whether segments are read from levels or aggregated directly", () => {
    for (const [name, plan] of PLANS) {
      const direct = new Pyramid(candles, "ohlc");
      const rows = buildPlanRows(plan, axis, direct, { levelShare: Infinity, levelMinFactor: Infinity });
      expect(direct.builtFactors, name).toEqual([]);
      const levels = new Pyramid(candles, "ohlc");
      expect(buildPlanRows(plan, axis, levels, { levelShare: 0 }), name).toEqual(rows);
      expect(levels.builtFactors, name).toEqual([...new Set(plan.segments.map((s) => s.factor).filter((f) => f > 1))].sort((a, b) => a - b));
      // The default builds the levels of the large segments only.
      const lazy = new Pyramid(candles, "ohlc");
      expect(buildPlanRows(plan, axis, lazy), name).toEqual(rows);
      for (const f of lazy.builtFactors) {
        const largest = Math.max(...plan.segments.filter((s) => s.factor === f).map((s) => s.end - s.start));
        expect(f >= 64 || largest >= N / 8, `${name}: level ${f}`).toBe(true);
      }
      const nearWindow = plan.segments.filter((s) => s.factor > 1 && s.factor < 64 && s.end - s.start < N / 8);
      for (const s of nearWindow) expect(lazy.hasLevel(s.factor), `${name}: ring of ${s.factor}`).toBe(false);
    }
  });

  it("writes gaps as time-only rows, never zeros", () => {
    const plan = fullResolutionPlan(N);
    const rows = buildPlanRows(plan, axis, new Pyramid(candles, "ohlc"));
    const gaps: number[] = [];
    for (let i = 0; i < N; i++) {
      if ([candles.open[i], candles.high[i], candles.low[i], candles.close[i]].some(Number.isNaN)) gaps.push(i);
    }
    expect(gaps.map((i) => rows[i])).toEqual(gaps.map((i) => ({ time: axis[i] })));
    expect(rows.filter((row) => !("close" in row)).length).toBeGreaterThan(0);
  });

  it("reports the bucket's values for the crosshair at a known time when zoomed out", () => {
    const [, plan] = PLANS[2];
    const rows = buildPlanRows(plan, axis, new Pyramid(candles, "ohlc"));
    const t = axis[12_345] + 30; // between two bars, deep inside a bucket
    const row = rowOfTime(plan, axis, t);
    const range = indexRangeOfRow(plan, row);
    if (range === undefined) throw new Error("row out of range");
    expect(range.start).toBeLessThanOrEqual(12_345);
    expect(range.end).toBeGreaterThan(12_345);
    expect(range.end - range.start).toBe(plan.visibleFactor);
    expect(rows[row]).toEqual(naiveRow(candles, "ohlc", range.start, range.end, axis[range.start]));
  });

  it("builds a suffix from any row", () => {
    const [, plan] = PLANS[0];
    const pyramid = new Pyramid(candles, "ohlc");
    const all = buildPlanRows(plan, axis, pyramid);
    for (const fromRow of [0, 1, plan.segments[2].row, plan.segments[2].row + 3, plan.rows - 1, plan.rows]) {
      expect(buildPlanRows(plan, axis, pyramid, { fromRow })).toEqual(all.slice(fromRow));
    }
  });
});

describe("buildPlanRows by time", () => {
  // A line on its own times: every third candle time, plus times between candles, plus a late start.
  function ownTimes(): ValueColumns {
    const r = seededRandom(3);
    const time: number[] = [];
    const value: number[] = [];
    for (let i = 200; i < N; i += 3) {
      time.push(r() < 0.2 ? axis[i] + 17 : axis[i]);
      value.push(r() < 0.03 ? NaN : Math.round(r() * 1e4) / 100);
    }
    return { time: Float64Array.from(time), value: Float64Array.from(value) };
  }
  const line = ownTimes();
  const union = unionTimes([{ time: candles.time }, { time: line.time }]);

  it("makes the union of time columns", () => {
    expect(Array.from(unionTimes([{ time: [1, 3, 5] }, { time: [2, 3, 6, 9, 10], length: 4 }, { time: [] }]))).toEqual([1, 2, 3, 5, 6, 9]);
    expect(Array.from(unionTimes([{ time: [4, 5] }]))).toEqual([4, 5]);
    expect(union.length).toBe(new Set([...candles.time, ...line.time]).size);
  });

  it("buckets a series with its own times by the axis' time ranges", () => {
    const n = union.length;
    const plans: [string, Plan][] = [
      ["zoomed in", planRows(n, { from: 15_000, to: 15_400 }, 600)],
      ["zoomed out", planRows(n, { from: 0, to: n }, 600)],
      ["full resolution", fullResolutionPlan(n)],
    ];
    for (const [name, plan] of plans) {
      const lineRows = buildPlanRows(plan, union, new Pyramid(line, "last"));
      expect(lineRows, name).toEqual(naiveByTime(plan, union, line, "last"));
      const candleRows = buildPlanRows(plan, union, new Pyramid(candles, "ohlc"));
      expect(candleRows, name).toEqual(naiveByTime(plan, union, candles, "ohlc"));
      // Every bucket time is some series' row time: the time scale has exactly the plan's rows.
      const times = new Set([...lineRows, ...candleRows].map((row) => row.time));
      expect(times.size, name).toBe(plan.rows);
      for (let row = 0; row < plan.rows; row += 37) expect(times.has(timeOfRow(plan, union, row) as never)).toBe(true);
      // With gaps for empty buckets, one row per plan row.
      const padded = buildPlanRows(plan, union, new Pyramid(line, "last"), { emptyBuckets: "gap" });
      expect(padded).toHaveLength(plan.rows);
      const suffix = buildPlanRows(plan, union, new Pyramid(line, "last"), { emptyBuckets: "gap", fromRow: plan.rows - 50 });
      expect(suffix).toEqual(padded.slice(-50));
    }
  });

  it("buckets by index when told the times are the axis, even as another array", () => {
    const plan = PLANS[3][1];
    const copy = Float64Array.from(axis);
    const pyramid = new Pyramid(candles, "ohlc");
    expect(buildPlanRows(plan, copy, pyramid, { sameAxis: true })).toEqual(buildPlanRows(plan, axis, pyramid));
    expect(buildPlanRows(plan, copy, pyramid)).toEqual(buildPlanRows(plan, axis, pyramid));
  });
});

describe("live rows", () => {
  it("show up in the aggregate when appended while zoomed out, rebuilding only the last rows", () => {
    const start = 25_000;
    // Live columns: the first `length` rows of the full data, in buffers with room to grow.
    const live = market(N, 1).candles;
    const pyramid = new Pyramid(live, "ohlc", start);
    let length = start;
    let plan = planRows(length, { from: 0, to: length }, 600);
    expect(plan.visibleFactor).toBeGreaterThan(1);
    let rows = buildPlanRows(plan, live.time, pyramid);
    const r = seededRandom(12);
    while (length < N) {
      const previous = length;
      length = Math.min(N, length + 1 + Math.floor(r() * 200));
      // A tick on the last bar too: its close and high change in place.
      (live.open as Float64Array)[previous - 1] = 100;
      (live.low as Float64Array)[previous - 1] = 1;
      (live.close as Float64Array)[previous - 1] = 100 + r();
      (live.high as Float64Array)[previous - 1] = 500 + r();
      const firstChanged = previous - 1;
      pyramid.update(live, length, firstChanged);
      plan = extendPlan(plan, length);
      const fromRow = rowOfIndex(plan, firstChanged);
      const changed = buildPlanRows(plan, live.time, pyramid, { fromRow });
      // The view: series.update(row) for each changed row, in order (the first replaces the last bar).
      rows = [...rows.slice(0, fromRow), ...changed];
      expect(rows).toEqual(buildPlanRows(plan, live.time, new Pyramid(live, "ohlc", length)));
      const last = rows[rowOfIndex(plan, previous - 1)];
      expect(last).toHaveProperty("high");
      if ("high" in last) expect(last.high).toBeGreaterThanOrEqual(500);
    }
    expect(rows).toEqual(naiveByIndex(plan, { ...live }, "ohlc"));
  });

  it("extends a union axis with new times, and refuses times inside it", () => {
    const axis0 = new Float64Array([10, 20, 30, 0, 0]);
    const grown = extendAxis(axis0, 3, [20, 30, 40, 50, 60, 70], 1, 6);
    expect(grown).toBeDefined();
    if (grown === undefined) return;
    expect(Array.from(grown.axis.subarray(0, grown.length))).toEqual([10, 20, 30, 40, 50, 60, 70]);
    expect(grown.firstChanged).toBe(2); // the bar at 30 may have changed
    expect(extendAxis(axis0, 3, [25], 0, 1)).toBeUndefined();
    const same = extendAxis(axis0, 3, [30], 0, 1);
    expect(same && [same.length, same.firstChanged, same.axis === axis0]).toEqual([3, 2, true]);
  });
});
