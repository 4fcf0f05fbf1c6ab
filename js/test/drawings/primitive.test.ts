import { describe, expect, it, vi } from "vitest";
import type { SeriesAttachedParameter, Time } from "lightweight-charts";
import { DrawingsPrimitive, dashPattern, type RenderTarget } from "../../src/drawings/primitive";
import type { SeriesLike } from "../../src/drawings/converter";
import type { Drawing } from "../../src/drawings/model";
import { bar, dailyGrid, drawing, fakeTimeScale, linearSeries, recordingContext, renderTarget } from "./helpers";

function attach(primitive: DrawingsPrimitive, series: SeriesLike = linearSeries, visible = { from: 0, to: 75 }) {
  const requestUpdate = vi.fn();
  const timeScale = fakeTimeScale(visible);
  primitive.attached({ chart: { timeScale: () => timeScale }, series, requestUpdate } as unknown as SeriesAttachedParameter<Time>);
  return requestUpdate;
}

function frame(primitive: DrawingsPrimitive, ratio = 1) {
  const { ctx, calls } = recordingContext();
  primitive.updateAllViews();
  const renderer = primitive.paneViews()[0].renderer();
  renderer!.draw(renderTarget(ctx, ratio) as unknown as RenderTarget);
  return calls;
}

const grid = dailyGrid(1000);
const line = (id: string, from: number, to: number, extra: Partial<Drawing> = {}) =>
  drawing("trend_line", [{ time: bar(from), price: 100 }, { time: bar(to), price: 110 }], { id, ...extra });

describe("DrawingsPrimitive", () => {
  it("draws the visible drawings: one stroke per segment, in their colour and width", () => {
    const primitive = new DrawingsPrimitive({ pane: 0, seriesId: "main", grid: () => grid });
    const update = attach(primitive);
    primitive.setDrawings([line("a", 10, 20, { style: { ...line("", 0, 0).style, color: "#ff0000", width: 3, lineStyle: 2 } })]);
    expect(update).toHaveBeenCalled();
    const calls = frame(primitive);
    const strokes = calls.filter((c) => c.name === "stroke");
    expect(strokes).toHaveLength(1);
    expect(strokes[0].state).toMatchObject({ strokeStyle: "#ff0000", lineWidth: 3, lineDash: [6, 6] });
    expect(calls.filter((c) => c.name === "moveTo")[0].args).toEqual([150, 200]);
    expect(calls.filter((c) => c.name === "lineTo")[0].args).toEqual([250, 180]);
    expect(primitive.layouts().map((l) => l.drawing.id)).toEqual(["a"]);
  });

  it("scales to the bitmap at a device pixel ratio", () => {
    const primitive = new DrawingsPrimitive({ pane: 0, seriesId: "main", grid: () => grid });
    attach(primitive);
    primitive.setDrawings([line("a", 10, 20)]);
    const calls = frame(primitive, 2);
    expect(calls.find((c) => c.name === "moveTo")!.args).toEqual([300, 400]);
    expect(calls.find((c) => c.name === "stroke")!.state.lineWidth).toBe(4);
  });

  it("lays out only drawings in the visible time range (plus those that extend into it)", () => {
    let conversions = 0;
    const counting: SeriesLike = {
      priceToCoordinate: (p) => (conversions++, linearSeries.priceToCoordinate(p)),
      coordinateToPrice: linearSeries.coordinateToPrice,
    };
    const primitive = new DrawingsPrimitive({ pane: 0, seriesId: "main", grid: () => grid });
    attach(primitive, counting, { from: 100, to: 150 });
    const far = Array.from({ length: 1000 }, (_, i) => line(`far${i}`, 500 + (i % 400), 501 + (i % 400)));
    const visible = line("in", 120, 130);
    const ray = drawing("ray", [{ time: bar(10), price: 1 }, { time: bar(20), price: 2 }], { id: "ray" });
    const h = drawing("horizontal_line", [{ time: bar(900), price: 100 }], { id: "h" });
    primitive.setDrawings([...far, visible, ray, h]);
    frame(primitive);
    expect(primitive.layouts().map((l) => l.drawing.id)).toEqual(["in", "ray", "h"]);
    expect(conversions).toBeLessThanOrEqual(5);
  });

  it("keeps frames cheap with 500 drawings on 100k bars", () => {
    const big = dailyGrid(100_000);
    const primitive = new DrawingsPrimitive({ pane: 0, seriesId: "main", grid: () => big });
    attach(primitive, linearSeries, { from: 50_000, to: 50_150 });
    const many = Array.from({ length: 500 }, (_, i) => line(`d${i}`, i * 200, i * 200 + 30));
    primitive.setDrawings(many);
    const start = performance.now();
    for (let i = 0; i < 100; i++) frame(primitive);
    const perFrame = (performance.now() - start) / 100;
    expect(primitive.layouts().map((l) => l.drawing.id)).toEqual(["d250"]);
    expect(perFrame).toBeLessThan(5);
  });

  it("keeps z-order, skips hidden drawings, and draws a preview instead of its original", () => {
    const primitive = new DrawingsPrimitive({ pane: 0, seriesId: "main", grid: () => grid });
    attach(primitive);
    primitive.setDrawings([line("b", 30, 40), line("a", 10, 20), line("hid", 10, 20, { hidden: true })]);
    frame(primitive);
    expect(primitive.layouts().map((l) => l.drawing.id)).toEqual(["b", "a"]);
    primitive.setPreview(line("b", 50, 60));
    frame(primitive);
    expect(primitive.layouts().map((l) => [l.drawing.id, l.anchors[0].x])).toEqual([["a", 150], ["b", 550]]);
  });

  it("draws note text with fillText, HTML and all, as plain text", () => {
    const html = "<b>bold</b><script>x()</script>";
    const primitive = new DrawingsPrimitive({ pane: 0, seriesId: "main", grid: () => grid });
    attach(primitive);
    primitive.setDrawings([drawing("text", [{ time: bar(10), price: 100 }], { id: "t", text: html })]);
    const calls = frame(primitive);
    const texts = calls.filter((c) => c.name === "fillText");
    expect(texts.map((c) => c.args.slice(0, 3))).toEqual([[html, 150, 200]]);
    expect(texts[0].state).toMatchObject({ font: "14px sans-serif", fillStyle: "#2962ff" });
    // The measured width is used for hit-testing from then on (7 px per character here).
    frame(primitive);
    expect(primitive.layouts()[0].textBox!.w).toBe(html.length * 7);
  });

  it("draws multi-line notes upwards from the anchor", () => {
    const primitive = new DrawingsPrimitive({ pane: 0, seriesId: "main", grid: () => grid });
    attach(primitive);
    primitive.setDrawings([drawing("text", [{ time: bar(10), price: 100 }], { id: "t", text: "one\ntwo" })]);
    const texts = frame(primitive).filter((c) => c.name === "fillText");
    expect(texts.map((c) => c.args)).toEqual([["one", 150, 200 - 14 * 1.2], ["two", 150, 200]]);
  });

  it("fills rectangles at their opacity and draws handles of the selected drawing only", () => {
    const primitive = new DrawingsPrimitive({ pane: 0, seriesId: "main", grid: () => grid });
    attach(primitive);
    const rect = drawing("rectangle", [{ time: bar(10), price: 100 }, { time: bar(20), price: 110 }], { id: "r" });
    primitive.setDrawings([rect, line("a", 30, 40)]);
    let calls = frame(primitive);
    expect(calls.filter((c) => c.name === "fillRect")[0]).toMatchObject({ args: [150, 180, 100, 20], state: { globalAlpha: 0.2 } });
    expect(calls.filter((c) => c.name === "arc")).toHaveLength(0);
    primitive.setSelected("r");
    calls = frame(primitive);
    expect(calls.filter((c) => c.name === "arc").map((c) => c.args.slice(0, 2))).toEqual([[150, 200], [250, 180], [150, 180], [250, 200]]);
  });

  it("answers hit tests from the last frame, with the drawing id", () => {
    const primitive = new DrawingsPrimitive({ pane: 0, seriesId: "main", grid: () => grid });
    attach(primitive);
    primitive.setDrawings([line("a", 10, 20), line("locked", 30, 40, { locked: true })]);
    frame(primitive);
    expect(primitive.hitTest(200, 190)).toMatchObject({ externalId: "a", zOrder: "top", cursorStyle: "move", hitTestPriority: 1 });
    expect(primitive.hitTest(400, 190)).toMatchObject({ externalId: "locked", cursorStyle: "default" });
    expect(primitive.hitTest(10, 10)).toBeNull();
    primitive.setSelected("a");
    expect(primitive.hit(150, 200)).toMatchObject({ part: "anchor", anchor: 0 });
  });

  it("draws nothing before it is attached or without bars", () => {
    const primitive = new DrawingsPrimitive({ pane: 0, seriesId: "main", grid: () => grid });
    primitive.setDrawings([line("a", 10, 20)]);
    expect(frame(primitive).filter((c) => c.name === "stroke")).toHaveLength(0);
    expect(primitive.converter()).toBeNull();
    const empty = new DrawingsPrimitive({ pane: 0, seriesId: "main", grid: () => dailyGrid(0) });
    attach(empty);
    empty.setDrawings([line("a", 10, 20)]);
    expect(frame(empty).filter((c) => c.name === "stroke")).toHaveLength(0);
    primitive.detached();
  });

  it("maps line styles to dash patterns", () => {
    expect([0, 1, 2, 3, 4].map((s) => dashPattern(s as 0, 2))).toEqual([[], [2, 2], [4, 4], [12, 12], [2, 8]]);
  });
});
