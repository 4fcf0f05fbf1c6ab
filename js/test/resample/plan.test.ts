/**
 * Plans over synthetic lengths (no arrays): coverage, alignment, the row bound, the visible
 * resolution, and the hysteresis.
 */
import { describe, expect, it } from "vitest";
import {
  DEFAULT_PLAN_OPTIONS,
  extendPlan,
  fullResolutionPlan,
  planFits,
  planRows,
  replanReason,
  visibleFactorFor,
  type IndexRange,
  type Plan,
} from "../../src/resample/plan";

/** The invariants every plan keeps. */
function checkPlan(plan: Plan): void {
  const base = plan.options.base;
  let next = 0;
  let row = 0;
  for (const s of plan.segments) {
    expect(s.start, "segments cover [0, n) in order, once").toBe(next);
    expect(s.end).toBeGreaterThan(s.start);
    expect(s.start % s.factor, "a segment starts on its bucket boundary").toBe(0);
    if (s.end !== plan.length) expect(s.end % s.factor, "only the series' last bucket may be partial").toBe(0);
    expect(s.row).toBe(row);
    expect(s.rows).toBe(Math.ceil((s.end - s.start) / s.factor));
    expect(Math.log(s.factor) / Math.log(base)).toBeCloseTo(Math.round(Math.log(s.factor) / Math.log(base)), 9);
    next = s.end;
    row += s.rows;
  }
  expect(next).toBe(plan.length);
  expect(plan.rows).toBe(row);
  // Factors grow away from the window, never shrink.
  const w = plan.windowSegment;
  expect(plan.segments[w].factor).toBe(plan.visibleFactor);
  for (let i = w; i > 0; i--) expect(plan.segments[i - 1].factor).toBeGreaterThanOrEqual(plan.segments[i].factor);
  for (let i = w; i + 1 < plan.segments.length; i++) expect(plan.segments[i + 1].factor).toBeGreaterThanOrEqual(plan.segments[i].factor);
}

/** The visible part (clamped to the data) lies inside the window and has ≤ maxRowsPerPixel rows per pixel. */
function checkVisible(plan: Plan, visible: IndexRange, width: number): void {
  const window = plan.segments[plan.windowSegment];
  const from = Math.max(0, Math.floor(visible.from));
  const to = Math.min(plan.length, Math.ceil(visible.to));
  if (from < to) {
    expect(window.start).toBeLessThanOrEqual(from);
    expect(window.end).toBeGreaterThanOrEqual(to);
  }
  const span = Math.max(1, visible.to - visible.from);
  expect(span / plan.visibleFactor).toBeLessThanOrEqual(width * plan.options.maxRowsPerPixel);
  // And it is the finest level that does.
  if (plan.visibleFactor > 1) expect(span / (plan.visibleFactor / plan.options.base)).toBeGreaterThan(width);
}

const LENGTHS = [1_000, 19_999, 20_000, 100_000, 1_000_000, 3_333_333, 10_000_000, 100_000_000];
const WIDTHS = [300, 1000, 2500];

function views(n: number): IndexRange[] {
  return [
    { from: 0, to: 100 }, // zoomed in at the start
    { from: n - 100, to: n + 5 }, // zoomed in at the end, with right offset
    { from: n / 2 - 40, to: n / 2 + 40.5 }, // zoomed far in, in the middle
    { from: n / 3, to: n / 3 + 5000.25 },
    { from: n / 4, to: (3 * n) / 4 },
    { from: -10, to: n + 10 }, // all of it
    { from: n + 50, to: n + 150 }, // scrolled past the end
    { from: -500, to: -10 }, // scrolled before the start
  ];
}

describe("planRows", () => {
  it("does not resample short series", () => {
    for (const n of [0, 1, 1000, 19_999]) {
      const plan = planRows(n, { from: 0, to: n }, 800);
      expect(plan.resampled).toBe(false);
      expect(plan.segments).toEqual(n === 0 ? [] : [{ start: 0, end: n, factor: 1, row: 0, rows: n }]);
      expect(plan.rows).toBe(n);
    }
    expect(planRows(5000, { from: 0, to: 5000 }, 100, { minRowsForResampling: 1000 }).resampled).toBe(true);
  });

  it("covers every index once, aligned, with at most one row per visible pixel, for n = 1e3..1e8", () => {
    for (const n of LENGTHS) {
      for (const width of WIDTHS) {
        for (const visible of views(n)) {
          const plan = planRows(n, visible, width);
          expect(plan.length).toBe(n);
          if (!plan.resampled) continue;
          checkPlan(plan);
          checkVisible(plan, visible, width);
        }
      }
    }
  });

  it("bounds the total rows whatever the length", () => {
    const o = DEFAULT_PLAN_OPTIONS;
    for (const n of LENGTHS) {
      for (const width of WIDTHS) {
        for (const visible of views(n)) {
          const plan = planRows(n, visible, width);
          if (!plan.resampled) {
            expect(plan.rows).toBeLessThan(o.minRowsForResampling);
            continue;
          }
          const window = (1 + 2 * o.windowFactor) * width * o.maxRowsPerPixel + 4 * o.base;
          const rings = 2 * (o.ringRows + o.base) * Math.ceil(Math.log(n) / Math.log(o.base) + 1);
          expect(plan.rows, `n=${n} width=${width} ${JSON.stringify(visible)}`).toBeLessThanOrEqual(window + rings);
          expect(plan.rows).toBeLessThanOrEqual(width <= 1000 ? 10_000 : 20_000);
        }
      }
    }
  });

  it("keeps a screen of rows on each side of the visible range at the visible factor", () => {
    const plan = planRows(1_000_000, { from: 500_000, to: 500_800 }, 800);
    const window = plan.segments[plan.windowSegment];
    expect(plan.visibleFactor).toBe(1);
    expect(window.start).toBeLessThanOrEqual(500_000 - 800);
    expect(window.end).toBeGreaterThanOrEqual(500_800 + 800);
    expect(plan.segments[plan.windowSegment - 1].factor).toBe(4);
    expect(plan.segments[plan.windowSegment + 1].factor).toBe(4);

    const zoomedOut = planRows(1_000_000, { from: 0, to: 1_000_000 }, 1000);
    expect(zoomedOut.visibleFactor).toBe(1024);
    expect(zoomedOut.segments).toHaveLength(1);
    expect(zoomedOut.rows).toBe(Math.ceil(1_000_000 / 1024));
  });

  it("finds the visible factor", () => {
    expect(visibleFactorFor(1000, 1000)).toBe(1);
    expect(visibleFactorFor(1001, 1000)).toBe(4);
    expect(visibleFactorFor(4000, 1000)).toBe(4);
    expect(visibleFactorFor(4001, 1000)).toBe(16);
    expect(visibleFactorFor(4001, 1000, { maxRowsPerPixel: 2 })).toBe(4);
    expect(visibleFactorFor(3000, 1000, { base: 2 })).toBe(4);
    expect(() => planRows(30_000, { from: 0, to: 10 }, 10, { base: 1.5 })).toThrow(/base/);
  });

  it("takes undefined options as the defaults", () => {
    const plan = planRows(50_000, { from: 0, to: 100 }, 500, { ringRows: undefined });
    expect(plan.options).toEqual(DEFAULT_PLAN_OPTIONS);
  });
});

describe("replanReason", () => {
  const n = 1_000_000;
  const width = 1000;

  it("keeps the plan right after planning, wherever and however zoomed", () => {
    for (const visible of views(n)) {
      for (const w of WIDTHS) expect(replanReason(planRows(n, visible, w), visible, w)).toBeNull();
    }
  });

  it("keeps the plan for small pans and replans near a window edge", () => {
    const visible = { from: 500_000, to: 500_500 };
    const plan = planRows(n, visible, width);
    const window = plan.segments[plan.windowSegment];
    for (const shift of [-300, -50, 0, 1, 50, 300]) {
      expect(replanReason(plan, { from: visible.from + shift, to: visible.to + shift }, width)).toBeNull();
    }
    const toRight = window.end - 500 - 10;
    expect(replanReason(plan, { from: toRight, to: toRight + 500 }, width)).toBe("edge");
    expect(replanReason(plan, { from: window.start + 10, to: window.start + 510 }, width)).toBe("edge");
    // Planned again there, it fits.
    const there = { from: toRight, to: toRight + 500 };
    expect(replanReason(planRows(n, there, width), there, width)).toBeNull();
  });

  it("never replans for the edges that are data ends", () => {
    const visible = { from: n - 600, to: n + 20 };
    const plan = planRows(n, visible, width);
    expect(plan.segments[plan.windowSegment].end).toBe(n);
    expect(replanReason(plan, { from: n - 500, to: n + 100 }, width)).toBeNull();
    const start = { from: -30, to: 600 };
    expect(replanReason(planRows(n, start, width), { from: -100, to: 500 }, width)).toBeNull();
  });

  it("replans on zoom out past one row per pixel, and on zoom in once a finer level fits with room", () => {
    const visible = { from: 400_000, to: 402_000 }; // 2000 bars on 1000 px: factor 4, 0.5 rows per pixel
    const plan = planRows(n, visible, width);
    expect(plan.visibleFactor).toBe(4);
    const zoom = (k: number) => ({ from: 401_000 - 1000 * k, to: 401_000 + 1000 * k });
    expect(replanReason(plan, zoom(1.2), width)).toBeNull();
    expect(replanReason(plan, zoom(1.9), width)).toBeNull();
    expect(replanReason(plan, zoom(2.1), width)).toBe("zoom-out");
    expect(replanReason(plan, zoom(0.8), width)).toBeNull();
    expect(replanReason(plan, zoom(0.4), width)).toBeNull();
    expect(replanReason(plan, zoom(0.3), width)).toBe("zoom-in");
    expect([planFits(plan, zoom(0.4), width), planFits(plan, zoom(0.3), width)]).toEqual([true, false]);
    // A narrower plot is a zoom out too.
    expect(replanReason(plan, visible, 400)).toBe("zoom-out");
    // Re-planned for the new zoom, it fits: no flapping.
    for (const k of [0.3, 2.1]) expect(replanReason(planRows(n, zoom(k), width), zoom(k), width)).toBeNull();
  });

  it("extends the last segment for live rows and replans once the window has grown", () => {
    const visible = { from: n - 800, to: n + 10 };
    const plan = planRows(n, visible, width);
    expect(replanReason(plan, visible, width, n + 1)).toBe("length");
    const grown = extendPlan(plan, n + 1);
    checkPlan(grown);
    expect(grown.rows).toBe(plan.rows + 1);
    expect(grown.segments.slice(0, -1)).toEqual(plan.segments.slice(0, -1));
    expect(replanReason(grown, { from: visible.from + 1, to: visible.to + 1 }, width)).toBeNull();
    let live = grown;
    let length = n + 1;
    while (replanReason(live, { from: length - 800, to: length + 10 }, width) === null) {
      length += 100;
      live = extendPlan(live, length);
      expect(length).toBeLessThan(n + 10 * plan.plannedWindowRows);
    }
    expect(replanReason(live, { from: length - 800, to: length + 10 }, width)).toBe("grown");
    expect(live.segments[live.windowSegment].rows).toBeGreaterThan(2 * plan.plannedWindowRows);
    expect(() => extendPlan(plan, n - 1)).toThrow(/only grows/);
    expect(extendPlan(plan, n)).toBe(plan);
  });

  it("extends a coarse last segment by buckets, and a short series until it is long enough", () => {
    const plan = planRows(n, { from: 0, to: 500 }, width);
    const last = plan.segments[plan.segments.length - 1];
    expect(last.factor).toBeGreaterThan(1);
    const grown = extendPlan(plan, n + 3 * last.factor + 1);
    checkPlan(grown);
    expect(grown.rows).toBe(plan.rows - last.rows + Math.ceil((n + 3 * last.factor + 1 - last.start) / last.factor));

    const short = fullResolutionPlan(19_990);
    expect(replanReason(short, { from: 0, to: 100 }, width)).toBeNull();
    const longer = extendPlan(short, 20_010);
    expect(longer.rows).toBe(20_010);
    expect(replanReason(longer, { from: 0, to: 100 }, width)).toBe("grown");
  });
});
