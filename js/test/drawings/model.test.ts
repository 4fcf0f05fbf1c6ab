import { describe, expect, it } from "vitest";
import generated from "../../src/generated/option-schema.json";
import {
  DRAWING_KINDS,
  DRAWING_RULES,
  createDrawing,
  defaultStyle,
  isTombstone,
  liveDrawings,
  newDrawingId,
  sanitizeDrawings,
  type Drawing,
} from "../../src/drawings/model";

const NOW = 1_750_000_000_000;
const T = 1_704_067_200;

function valid(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: "d1",
    kind: "trend_line",
    points: [{ time: T, price: 100 }, { time: T + 86_400, price: 110 }],
    pane: 0,
    seriesId: "main",
    style: { color: "#ff0000", width: 3 },
    lastModified: NOW - 1000,
    ...extra,
  };
}

describe("defaults", () => {
  it("gives each kind its point count and style", () => {
    expect(DRAWING_KINDS).toHaveLength(10);
    expect(DRAWING_RULES.kinds.trend_line.points).toBe(2);
    expect(DRAWING_RULES.kinds.horizontal_line.points).toBe(1);
    expect(DRAWING_RULES.kinds.text.points).toBe(1);
    expect(defaultStyle("trend_line")).toMatchObject({ color: "#2962ff", width: 2, lineStyle: 0, extendLeft: false, extendRight: false });
    expect(defaultStyle("ray")).toMatchObject({ extendLeft: false, extendRight: true });
    expect(defaultStyle("extended_line")).toMatchObject({ extendLeft: true, extendRight: true });
    expect(defaultStyle("rectangle").fillOpacity).toBe(20);
    expect(defaultStyle("trend_line").fillOpacity).toBe(0);
  });

  it("gives fib retracements the default levels and text notes empty text", () => {
    const fib = createDrawing({ id: "f", kind: "fib_retracement", points: [], seriesId: "s", lastModified: 1 });
    expect(fib.levels).toEqual([0, 0.236, 0.382, 0.5, 0.618, 0.786, 1]);
    expect(fib.levels).not.toBe(DRAWING_RULES.defaultFibLevels);
    expect(createDrawing({ id: "t", kind: "text", points: [], seriesId: "s", lastModified: 1 }).text).toBe("");
  });

  it("ignores undefined style values of a new drawing", () => {
    const d = createDrawing({ id: "x", kind: "ray", points: [], seriesId: "s", style: { color: undefined, width: 4 }, lastModified: 1 });
    expect(d.style).toMatchObject({ color: "#2962ff", width: 4 });
  });

  it("shares its caps with the Python schema's shared block", () => {
    expect(DRAWING_RULES.maxClockSkewMs).toBe(generated.shared.maxClockSkewMs);
    expect(DRAWING_RULES.maxTextLength).toBe(generated.shared.maxTextLength);
    expect(DRAWING_RULES.maxPane).toBe(generated.shared.maxPane);
  });

  it("makes ids that pass its own rule", () => {
    const id = newDrawingId();
    expect(id).toMatch(new RegExp(DRAWING_RULES.idPattern));
    expect(newDrawingId(() => 0.9999999)).toBe("9".repeat(16));
  });
});

describe("sanitizeDrawings", () => {
  it("keeps a valid drawing, fills style defaults, and survives a JSON round trip", () => {
    const { records, problems } = sanitizeDrawings(JSON.parse(JSON.stringify([valid()])), NOW);
    expect(problems).toEqual([]);
    const d = records[0] as Drawing;
    expect(d.style).toEqual({ ...defaultStyle("trend_line"), color: "#ff0000", width: 3 });
    expect(sanitizeDrawings(JSON.parse(JSON.stringify(records)), NOW)).toEqual({ records, problems: [] });
  });

  it("treats null/undefined as nothing and a non-list as a problem", () => {
    expect(sanitizeDrawings(undefined, NOW)).toEqual({ records: [], problems: [] });
    expect(sanitizeDrawings(null, NOW)).toEqual({ records: [], problems: [] });
    expect(sanitizeDrawings({ 0: valid() }, NOW).records).toEqual([]);
    expect(sanitizeDrawings("[]", NOW).problems).toHaveLength(1);
  });

  it("drops entries with bad ids, kinds, points, series or panes", () => {
    const bad = [
      valid({ id: "" }),
      valid({ id: "x".repeat(65) }),
      valid({ id: "a b" }),
      valid({ id: "<img>" }),
      valid({ id: 5 }),
      valid({ kind: "circle" }),
      valid({ kind: "__proto__" }),
      valid({ kind: "toString" }),
      valid({ points: [{ time: T, price: 1 }] }),
      valid({ points: "[]" }),
      valid({ points: [{ time: T, price: NaN }, { time: T, price: 1 }] }),
      valid({ points: [{ time: "1704067200", price: 1 }, { time: T, price: 1 }] }),
      valid({ points: [{ time: T, price: "100" }, { time: T, price: 1 }] }),
      valid({ points: [{ time: T, price: Infinity }, { time: T, price: 1 }] }),
      valid({ points: [{ time: T, price: 1e300 }, { time: T, price: 1 }] }),
      valid({ points: [[T, 1], [T, 2]] }),
      valid({ points: [null, null] }),
      valid({ seriesId: "" }),
      valid({ seriesId: 3 }),
      valid({ pane: -1 }),
      valid({ pane: 1.5 }),
      valid({ pane: "0" }),
      valid({ pane: 21 }),
      valid({ lastModified: "1" }),
      valid({ lastModified: NaN }),
      valid({ lastModified: -1 }),
      valid({ lastModified: NOW + 86_400_001 }),
      null,
      5,
      "drawing",
      [valid()],
    ];
    const { records, problems } = sanitizeDrawings(bad, NOW);
    expect(records).toEqual([]);
    expect(problems.length).toBeGreaterThanOrEqual(bad.length);
    expect(sanitizeDrawings([valid({ lastModified: NOW + 86_400_000 })], NOW).records).toHaveLength(1);
  });

  it("reads an absent or null pane as the main pane", () => {
    const { pane: _, ...noPane } = valid();
    expect((sanitizeDrawings([noPane, valid({ id: "d2", pane: null })], NOW).records as Drawing[]).map((d) => d.pane)).toEqual([0, 0]);
  });

  it("never lets prototype keys through", () => {
    const raw = JSON.parse(
      `[{"id":"p","kind":"trend_line","seriesId":"m","lastModified":1,"points":[{"time":1,"price":1},{"time":2,"price":2}],` +
        `"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},` +
        `"style":{"__proto__":{"polluted":true},"color":"red"}}]`,
    );
    const { records, problems } = sanitizeDrawings(raw, NOW);
    const d = records[0] as Drawing;
    expect(Object.getPrototypeOf(d)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(d.style)).toBe(Object.prototype);
    expect(Object.keys(d)).not.toContain("__proto__");
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    expect(d.style.color).toBe("red");
    expect(problems.some((p) => p.includes("__proto__"))).toBe(true);
    expect(problems.some((p) => p.includes("constructor"))).toBe(true);
  });

  it("refuses objects that are not plain (class instances, arrays)", () => {
    class Fake {
      id = "c";
    }
    expect(sanitizeDrawings([new Fake(), new Date()], NOW).records).toEqual([]);
  });

  it("repairs style: unknown keys dropped, invalid values back to defaults", () => {
    const { records, problems } = sanitizeDrawings(
      [valid({ style: { color: "javascript:alert(1)", width: 0, lineStyle: 7, extendLeft: "yes", fillOpacity: 101, fontSize: 9.5, onclick: "x" } })],
      NOW,
    );
    expect((records[0] as Drawing).style).toEqual(defaultStyle("trend_line"));
    expect(problems).toHaveLength(7);
    expect(sanitizeDrawings([valid({ style: "red" })], NOW).problems).toEqual(['drawing "d1": style must be an object']);
  });

  it("keeps HTML in text as plain text, and drops text that is too long", () => {
    const html = '<img src=x onerror="alert(1)"><script>alert(2)</script>';
    const note = valid({ kind: "text", points: [{ time: T, price: 1 }], text: html });
    expect((sanitizeDrawings([note], NOW).records[0] as Drawing).text).toBe(html);
    const long = sanitizeDrawings([valid({ kind: "text", points: [{ time: T, price: 1 }], text: "x".repeat(201) })], NOW);
    expect((long.records[0] as Drawing).text).toBe("");
    expect(long.problems).toHaveLength(1);
    expect((sanitizeDrawings([valid({ text: "x".repeat(200) })], NOW).records[0] as Drawing).text).toHaveLength(200);
    expect((sanitizeDrawings([valid({ text: 5 })], NOW).records[0] as Drawing).text).toBeUndefined();
  });

  it("caps fib levels and drops bad ones", () => {
    const fib = (levels: unknown) => valid({ kind: "fib_retracement", levels });
    const ok = sanitizeDrawings([fib([0, 0.5, 1, 1.618, -0.27])], NOW);
    expect((ok.records[0] as Drawing).levels).toEqual([0, 0.5, 1, 1.618, -0.27]);
    const huge = sanitizeDrawings([fib(new Array(1_000_000).fill(0.5))], NOW);
    expect((huge.records[0] as Drawing).levels).toEqual(DRAWING_RULES.defaultFibLevels);
    expect(huge.problems).toHaveLength(1);
    const mixed = sanitizeDrawings([fib([0, "0.5", NaN, null, 101, 0, 1])], NOW);
    expect((mixed.records[0] as Drawing).levels).toEqual([0, 1]);
    expect(mixed.problems).toHaveLength(5);
    expect((sanitizeDrawings([fib(undefined)], NOW).records[0] as Drawing).levels).toEqual(DRAWING_RULES.defaultFibLevels);
    const other = sanitizeDrawings([valid({ levels: [0.5] })], NOW);
    expect((other.records[0] as Drawing).levels).toBeUndefined();
    expect(other.problems).toHaveLength(1);
  });

  it("reads locked/hidden only as booleans", () => {
    const d = sanitizeDrawings([valid({ locked: true, hidden: false })], NOW).records[0] as Drawing;
    expect(d.locked).toBe(true);
    expect("hidden" in d).toBe(false);
    const bad = sanitizeDrawings([valid({ locked: "true" })], NOW);
    expect((bad.records[0] as Drawing).locked).toBeUndefined();
    expect(bad.problems).toHaveLength(1);
  });

  it("keeps tombstones as {id, lastModified, deleted} only", () => {
    const { records } = sanitizeDrawings([{ id: "gone", lastModified: 5, deleted: true, kind: "nonsense", points: 7 }], NOW);
    expect(records).toEqual([{ id: "gone", lastModified: 5, deleted: true }]);
    expect(isTombstone(records[0])).toBe(true);
    const notDeleted = sanitizeDrawings([valid({ deleted: "yes" })], NOW);
    expect(isTombstone(notDeleted.records[0])).toBe(false);
    expect(notDeleted.problems).toHaveLength(1);
  });

  it("keeps the newest of repeated ids (the first on a tie), in first-seen order", () => {
    const { records } = sanitizeDrawings(
      [valid({ id: "a", lastModified: 1 }), valid({ id: "b" }), valid({ id: "a", lastModified: 2, text: "new" }), valid({ id: "a", lastModified: 2 })],
      NOW,
    );
    expect(records.map((r) => r.id)).toEqual(["a", "b"]);
    expect((records[0] as Drawing).text).toBe("new");
  });

  it("caps the number of entries read, drawings kept and tombstones kept", () => {
    const many = Array.from({ length: 3000 }, (_, i) => valid({ id: `d${i}` }));
    const { records, problems } = sanitizeDrawings(many, NOW);
    expect(records).toHaveLength(DRAWING_RULES.maxDrawings);
    expect(records[999].id).toBe("d999");
    expect(problems).toHaveLength(2);
    const dead = Array.from({ length: 1500 }, (_, i) => ({ id: `t${i}`, lastModified: i, deleted: true }));
    const kept = sanitizeDrawings([valid(), ...dead], NOW).records;
    expect(liveDrawings(kept)).toHaveLength(1);
    expect(kept).toHaveLength(1 + DRAWING_RULES.maxTombstones);
    expect(kept[1].id).toBe("t500");
  });

  it("is fast on a hostile maximum input", () => {
    const hostile = Array.from({ length: 2000 }, (_, i) =>
      valid({ id: `d${i}`, kind: "fib_retracement", levels: new Array(20).fill(0).map((_, j) => j / 10), text: "x".repeat(200) }),
    );
    const start = performance.now();
    expect(sanitizeDrawings(hostile, NOW).records).toHaveLength(1000);
    expect(performance.now() - start).toBeLessThan(1000);
  });
});
