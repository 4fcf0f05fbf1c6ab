/**
 * The integration recipe played by a fake view (no DOM): plan, set rows, pan and zoom in logical
 * units as lightweight-charts reports them, re-plan when told, restore the visible range, and
 * check what the user would see stays right.
 */
import { describe, expect, it } from "vitest";
import * as resample from "../../src/resample";
import {
  Pyramid,
  buildPlanRows,
  indexRangeOfRow,
  logicalRangeToIndexRange,
  planRows,
  remapLogicalRange,
  replanReason,
  rowOfTime,
  type IndexRange,
  type OhlcColumns,
  type Plan,
  type PlanRow,
} from "../../src/resample";

function candles(n: number): OhlcColumns {
  const time = new Float64Array(n);
  const open = new Float64Array(n);
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  const close = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    time[i] = 1_600_000_000 + 60 * i;
    open[i] = i;
    close[i] = i + 0.5;
    high[i] = i + 1;
    low[i] = i - 1;
  }
  return { time, open, high, low, close };
}

describe("a view driving the engine", () => {
  it("exports the whole engine from one module", () => {
    for (const name of ["aggregate", "Pyramid", "planRows", "replanReason", "extendPlan", "remapLogicalRange", "rowOfTime", "snapMarkers", "buildPlanRows", "unionTimes"]) {
      expect(resample).toHaveProperty(name);
    }
  });

  it("keeps the visible time range across re-plans, at most one row per pixel, re-planning rarely", () => {
    const n = 2_000_000;
    const columns = candles(n);
    const pyramid = new Pyramid(columns, "ohlc");
    const width = 800;
    // First paint: the last 500 bars, as lightweight-charts shows a new series.
    let plan: Plan = planRows(n, { from: n - 500, to: n }, width);
    let rows: PlanRow[] = buildPlanRows(plan, columns.time, pyramid);
    let logical: IndexRange = resample.indexRangeToLogicalRange(plan, { from: n - 500, to: n });
    let replans = 0;
    const frames = 400;
    for (let frame = 0; frame < frames; frame++) {
      // The user: pan left a little each frame, and zoom out in bursts, then in again.
      const span = logical.to - logical.from;
      const zoom = frame % 100 < 20 ? 1.08 : frame % 100 > 80 ? 1 / 1.08 : 1;
      const centre = (logical.from + logical.to) / 2 - span * 0.02;
      logical = { from: centre - (span * zoom) / 2, to: centre + (span * zoom) / 2 };
      const visible = logicalRangeToIndexRange(plan, logical);
      if (replanReason(plan, visible, width) !== null) {
        const next = planRows(n, visible, width);
        const restored = remapLogicalRange(plan, next, logical);
        // setData(rows) then setVisibleLogicalRange(restored): the same bars are in view.
        const again = logicalRangeToIndexRange(next, restored);
        expect(again.from).toBeCloseTo(visible.from, 6);
        expect(again.to).toBeCloseTo(visible.to, 6);
        plan = next;
        rows = buildPlanRows(plan, columns.time, pyramid);
        logical = restored;
        replans++;
        expect(replanReason(plan, visible, width)).toBeNull();
      }
      // What is on screen: at most one row per pixel, rows that are exact buckets.
      expect(logical.to - logical.from).toBeLessThanOrEqual(width + 1);
      expect(rows).toHaveLength(plan.rows);
      const middle = Math.round((logical.from + logical.to) / 2);
      const range = indexRangeOfRow(plan, middle);
      if (range !== undefined) {
        expect(rows[middle]).toEqual({
          time: columns.time[range.start],
          open: range.start,
          high: range.end,
          low: range.start - 1,
          close: range.end - 0.5,
        });
        // The crosshair at that row's time finds that row.
        expect(rowOfTime(plan, columns.time, columns.time[range.start] + 30)).toBe(middle);
      }
    }
    expect(replans).toBeGreaterThan(2);
    expect(replans).toBeLessThan(frames / 5);
  });
});
