import { describe, expect, it, vi } from "vitest";
import { DrawingController, type DrawingSurface, type DrawingsChange } from "../../src/drawings/controller";
import { hitTest, layoutDrawing, type Converter } from "../../src/drawings/geometry";
import { isTombstone, liveDrawings, type Drawing } from "../../src/drawings/model";
import { DrawingsPrimitive, type RenderTarget } from "../../src/drawings/primitive";
import type { SeriesAttachedParameter, Time } from "lightweight-charts";
import { VIEW, bar, converter, dailyGrid, drawing, fakeTimeScale, linearSeries, recordingContext, renderTarget } from "./helpers";

// Linear: bar i at x = 50 + 10 i, price p at y = (200 − p) × 2.
const X = (i: number) => 50 + 10 * i;
const Y = (price: number) => (200 - price) * 2;

/** A surface that lays out on demand (as if every change were drawn at once). */
class TestSurface implements DrawingSurface {
  drawings: Drawing[] = [];
  preview: Drawing | null = null;
  selected: string | null = null;
  constructor(
    readonly pane: number,
    readonly seriesId: string,
    private readonly conv: Converter = converter(),
    private readonly values?: (time: number) => readonly number[] | null,
  ) {}
  converter() {
    return this.conv;
  }
  hit(x: number, y: number) {
    const layouts = this.drawings.flatMap((d) => layoutDrawing(d, this.conv, VIEW) ?? []);
    return hitTest(layouts, x, y, { selectedId: this.selected });
  }
  setDrawings(drawings: readonly Drawing[]) {
    this.drawings = [...drawings];
  }
  setPreview(drawing: Drawing | null) {
    this.preview = drawing;
  }
  setSelected(id: string | null) {
    this.selected = id;
  }
  magnetValues(time: number) {
    return this.values?.(time) ?? null;
  }
}

function setup(surfaces: DrawingSurface[] = [new TestSurface(0, "main")]) {
  let clock = 1000;
  let ids = 0;
  const changes: DrawingsChange[] = [];
  const controller = new DrawingController({
    surfaces: () => surfaces,
    onChange: (c) => changes.push(c),
    now: () => (clock += 10),
    newId: () => `d${++ids}`,
  });
  const live = () => liveDrawings(controller.drawings);
  return { controller, changes, live, surface: surfaces[0] as TestSurface };
}

function click(c: DrawingController, x: number, y: number, pane = 0) {
  c.pointerDown(x, y, {}, pane);
  c.pointerUp(x, y);
}

describe("creating", () => {
  it("makes a trend line with two clicks, previewing the second point", () => {
    const { controller, changes, live, surface } = setup();
    controller.setTool("trend_line");
    click(controller, X(10), Y(100));
    expect(live()).toEqual([]);
    controller.pointerMove(X(15), Y(105));
    expect(surface.preview?.points).toEqual([{ time: bar(10), price: 100 }, { time: bar(15), price: 105 }]);
    click(controller, X(20), Y(110));
    expect(surface.preview).toBeNull();
    expect(live()).toHaveLength(1);
    expect(live()[0]).toMatchObject({ id: "d1", kind: "trend_line", pane: 0, seriesId: "main", points: [{ time: bar(10), price: 100 }, { time: bar(20), price: 110 }] });
    expect(changes).toHaveLength(1);
    expect(changes[0].changed).toEqual(["d1"]);
    expect(controller.tool).toBe("cursor");
    expect(controller.selected).toBe("d1");
    expect(surface.drawings.map((d) => d.id)).toEqual(["d1"]);
  });

  it("makes a rectangle by dragging", () => {
    const { controller, live } = setup();
    controller.setTool("rectangle");
    controller.pointerDown(X(10), Y(100));
    controller.pointerMove(X(12), Y(102));
    controller.pointerMove(X(20), Y(120));
    controller.pointerUp(X(20), Y(120));
    expect(live()[0]).toMatchObject({ kind: "rectangle", points: [{ time: bar(10), price: 100 }, { time: bar(20), price: 120 }] });
  });

  it("makes one-point drawings with one click, and a text note with its text", () => {
    const { controller, live } = setup();
    for (const kind of ["horizontal_line", "vertical_line", "horizontal_ray", "text"] as const) {
      controller.setTool(kind);
      controller.pointerDown(X(5), Y(150));
      controller.pointerUp(X(5), Y(150));
    }
    expect(live().map((d) => d.kind)).toEqual(["horizontal_line", "vertical_line", "horizontal_ray", "text"]);
    expect(live()[3].text).toBe("Text");
    expect(live()[0].points).toEqual([{ time: bar(5), price: 150 }]);
  });

  it("cancels with Escape, leaving nothing", () => {
    const { controller, live, changes, surface } = setup();
    controller.setTool("fib_retracement");
    click(controller, X(10), Y(100));
    controller.pointerMove(X(20), Y(120));
    expect(controller.key("Escape")).toBe(true);
    expect(surface.preview).toBeNull();
    expect(live()).toEqual([]);
    expect(changes).toEqual([]);
    click(controller, X(30), Y(100)); // the tool is still chosen: a new fib starts
    expect(controller.busy).toBe(true);
    controller.key("Escape");
    expect(controller.key("Escape")).toBe(true); // back to the cursor
    expect(controller.tool).toBe("cursor");
  });

  it("snaps created points to O/H/L/C with the magnet", () => {
    const surface = new TestSurface(0, "main", converter(), () => [101, 108, 99, 104]);
    const { controller, live } = setup([surface]);
    controller.magnet = true;
    controller.setTool("horizontal_line");
    click(controller, X(10) + 2, Y(107));
    expect(live()[0].points).toEqual([{ time: bar(10), price: 108 }]);
  });

  it("creates on the pane the pointer is in", () => {
    const surfaces = [new TestSurface(0, "main"), new TestSurface(1, "volume")];
    const { controller, live } = setup(surfaces);
    controller.setTool("vertical_line");
    click(controller, X(3), Y(50), 1);
    expect(live()[0]).toMatchObject({ pane: 1, seriesId: "volume" });
    expect(surfaces[1].drawings).toHaveLength(1);
    expect(surfaces[0].drawings).toHaveLength(0);
  });
});

describe("editing", () => {
  function withLine() {
    const ctx = setup();
    ctx.controller.load([drawing("trend_line", [{ time: bar(10), price: 100 }, { time: bar(20), price: 110 }], { id: "L", lastModified: 1 })]);
    return ctx;
  }

  it("selects on click and clears the selection on empty space or Escape", () => {
    const { controller, surface } = withLine();
    click(controller, X(15), Y(105));
    expect(controller.selected).toBe("L");
    expect(surface.selected).toBe("L");
    click(controller, 700, 20);
    expect(controller.selected).toBeNull();
    click(controller, X(15), Y(105));
    expect(controller.key("Escape")).toBe(true);
    expect(controller.selected).toBeNull();
    expect(controller.key("Escape")).toBe(false);
  });

  it("moves the body by whole bars, previewing during the drag", () => {
    const { controller, live, surface, changes } = withLine();
    controller.pointerDown(X(15), Y(105));
    controller.pointerMove(X(15) + 31, Y(105) - 20);
    expect(surface.preview?.points[0]).toEqual({ time: bar(13), price: 110 });
    expect(live()[0].points[0].time).toBe(bar(10));
    controller.pointerUp(X(15) + 31, Y(105) - 20);
    expect(live()[0].points).toEqual([{ time: bar(13), price: 110 }, { time: bar(23), price: 120 }]);
    expect(live()[0].lastModified).toBeGreaterThan(1);
    expect(changes.map((c) => c.changed)).toEqual([["L"]]);
  });

  it("reshapes with the selected drawing's handle", () => {
    const { controller, live } = withLine();
    click(controller, X(15), Y(105));
    controller.pointerDown(X(20), Y(110));
    controller.pointerMove(X(40), Y(130));
    controller.pointerUp(X(40), Y(130));
    expect(live()[0].points).toEqual([{ time: bar(10), price: 100 }, { time: bar(40), price: 130 }]);
  });

  it("ignores a second pointer while dragging", () => {
    const { controller, live } = withLine();
    controller.pointerDown(X(15), Y(105));
    controller.pointerMove(X(25), Y(105));
    controller.pointerDown(700, 20);
    controller.pointerUp(X(25), Y(105));
    expect(live()[0].points[0].time).toBe(bar(20));
    expect(controller.selected).toBe("L");
  });

  it("does not treat a click as a move, and Escape puts a dragged drawing back", () => {
    const { controller, changes, live } = withLine();
    controller.pointerDown(X(15), Y(105));
    controller.pointerMove(X(15) + 1, Y(105));
    controller.pointerUp(X(15) + 1, Y(105));
    expect(changes).toEqual([]);
    controller.pointerDown(X(15), Y(105));
    controller.pointerMove(X(30), Y(105));
    controller.key("Escape");
    controller.pointerUp(X(30), Y(105));
    expect(changes).toEqual([]);
    expect(live()[0].points[0].time).toBe(bar(10));
  });

  it("deletes the selected drawing with Delete or Backspace, keeping a tombstone", () => {
    const { controller, changes } = withLine();
    expect(controller.key("Delete")).toBe(false);
    click(controller, X(15), Y(105));
    expect(controller.key("Backspace")).toBe(true);
    expect(controller.drawings).toEqual([{ id: "L", lastModified: changes[0].drawings[0].lastModified, deleted: true }]);
    expect(changes[0].changed).toEqual(["L"]);
    expect(controller.selected).toBeNull();
  });

  it("never moves or deletes a locked drawing", () => {
    const { controller, live, changes } = withLine();
    controller.update("L", { locked: true });
    controller.pointerDown(X(15), Y(105));
    controller.pointerMove(X(30), Y(90));
    controller.pointerUp(X(30), Y(90));
    expect(controller.selected).toBe("L");
    expect(controller.key("Delete")).toBe(false);
    expect(live()[0].points[0].time).toBe(bar(10));
    expect(changes).toHaveLength(1);
  });

  it("opens settings on double-click and applies style changes", () => {
    const open = vi.fn();
    const surface = new TestSurface(0, "main");
    const controller = new DrawingController({ surfaces: () => [surface], onOpenSettings: open });
    controller.load([drawing("trend_line", [{ time: bar(10), price: 100 }, { time: bar(20), price: 110 }], { id: "L" })]);
    expect(controller.doubleClick(X(15), Y(105))).toBe("L");
    expect(open).toHaveBeenCalledWith("L");
    expect(controller.update("L", { style: { color: "#ff0000" } })).toBe(true);
    expect(controller.update("L", { style: { color: "#ff0000" } })).toBe(false);
    expect((controller.drawings[0] as Drawing).style.color).toBe("#ff0000");
  });
});

describe("update", () => {
  it("keeps only values the model accepts, so stored drawings always pass validation", () => {
    const { controller } = setup();
    controller.load([
      drawing("fib_retracement", [{ time: bar(1), price: 1 }, { time: bar(2), price: 2 }], { id: "f" }),
      drawing("text", [{ time: bar(1), price: 1 }], { id: "t", text: "a" }),
    ]);
    expect(controller.update("f", { style: { width: 50, color: "url(x)", lineStyle: 2 } as never, levels: [0, 0.5, "1", 0.5, 1000] })).toBe(true);
    const fib = controller.drawings[0] as Drawing;
    expect(fib.style).toMatchObject({ width: 2, color: "#2962ff", lineStyle: 2 });
    expect(fib.levels).toEqual([0, 0.5]);
    expect(controller.update("t", { text: "x".repeat(201) })).toBe(false);
    expect(controller.update("t", { text: "<b>hi</b>" })).toBe(true);
    expect((controller.drawings[1] as Drawing).text).toBe("<b>hi</b>");
    expect(controller.update("nope", { text: "x" })).toBe(false);
  });
});

describe("undo and redo", () => {
  it("undoes and redoes create, move, style and delete with Ctrl/⌘+Z and Ctrl/⌘+Shift+Z", () => {
    const { controller, live, changes } = setup();
    controller.setTool("trend_line");
    click(controller, X(10), Y(100));
    click(controller, X(20), Y(110));
    controller.pointerDown(X(15), Y(105));
    controller.pointerMove(X(25), Y(105));
    controller.pointerUp(X(25), Y(105));
    controller.update("d1", { style: { width: 4 } });
    controller.key("Delete");
    expect(live()).toEqual([]);

    expect(controller.key("z", { ctrl: true })).toBe(true); // delete
    expect(live()[0].style.width).toBe(4);
    expect(controller.key("z", { meta: true })).toBe(true); // style
    expect(live()[0].style.width).toBe(2);
    controller.key("z", { ctrl: true }); // move
    expect(live()[0].points[0].time).toBe(bar(10));
    controller.key("z", { ctrl: true }); // create
    expect(live()).toEqual([]);
    expect(controller.drawings.every(isTombstone)).toBe(true);
    expect(controller.key("z", { ctrl: true })).toBe(false);

    expect(controller.key("Z", { ctrl: true, shift: true })).toBe(true);
    expect(controller.key("y", { ctrl: true })).toBe(true);
    expect(live()[0].points[0].time).toBe(bar(20));
    // Every undo/redo is a change with a newer time, so stores take it.
    const times = changes.map((c) => c.drawings[0].lastModified);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it("undoes remove-all in one step, and lock/hide all", () => {
    const { controller, live, surface } = setup();
    controller.load([
      drawing("horizontal_line", [{ time: bar(1), price: 100 }], { id: "a", locked: true }),
      drawing("vertical_line", [{ time: bar(2), price: 100 }], { id: "b" }),
    ]);
    expect(controller.removeAll()).toBe(true);
    expect(live()).toEqual([]);
    expect(controller.removeAll()).toBe(false);
    controller.undo();
    expect(live().map((d) => d.id)).toEqual(["a", "b"]);
    expect(live()[0].locked).toBe(true);

    controller.lockAll(true);
    expect(live().every((d) => d.locked)).toBe(true);
    controller.undo();
    expect(live().map((d) => d.locked === true)).toEqual([true, false]);

    controller.hideAll(true);
    expect(live().every((d) => d.hidden)).toBe(true);
    controller.hideAll(false);
    expect(live().some((d) => d.hidden)).toBe(false);
    controller.undo();
    expect(live().every((d) => d.hidden)).toBe(true);
    expect(surface.drawings).toHaveLength(2); // the primitive skips hidden ones
  });
});

describe("surfaces", () => {
  it("puts a drawing whose series is missing on the first surface of its pane", () => {
    const surfaces = [new TestSurface(0, "main"), new TestSurface(1, "rsi")];
    const { controller } = setup(surfaces);
    controller.load([drawing("horizontal_line", [{ time: bar(1), price: 50 }], { id: "x", pane: 1, seriesId: "gone" })]);
    expect(surfaces[1].drawings.map((d) => d.id)).toEqual(["x"]);
    controller.load([drawing("horizontal_line", [{ time: bar(1), price: 50 }], { id: "x", pane: 5, seriesId: "gone" })]);
    expect(surfaces.every((s) => s.drawings.length === 0)).toBe(true);
  });

  it("works with the real primitive, hit-testing what was drawn", () => {
    const grid = dailyGrid();
    const primitive = new DrawingsPrimitive({ pane: 0, seriesId: "main", grid: () => grid });
    const timeScale = fakeTimeScale();
    primitive.attached({ chart: { timeScale: () => timeScale }, series: linearSeries, requestUpdate: () => {} } as unknown as SeriesAttachedParameter<Time>);
    const paint = () => {
      primitive.updateAllViews();
      primitive.paneViews()[0].renderer()!.draw(renderTarget(recordingContext().ctx) as unknown as RenderTarget);
    };
    const controller = new DrawingController({ surfaces: () => [primitive], newId: () => "p1" });
    controller.setTool("trend_line");
    click(controller, X(10), Y(100));
    paint();
    click(controller, X(20), Y(110));
    paint();
    controller.pointerDown(X(15), Y(105));
    paint();
    controller.pointerMove(X(25), Y(105));
    paint();
    expect(primitive.layouts()[0].anchors[0].x).toBe(X(20));
    controller.pointerUp(X(25), Y(105));
    paint();
    expect((controller.drawings[0] as Drawing).points[0].time).toBe(bar(20));
    expect(primitive.layouts().map((l) => l.drawing.id)).toEqual(["p1"]);
  });
});
