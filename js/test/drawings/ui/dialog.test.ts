// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { DrawingDialog, fieldsOf, parseLevels } from "../../../src/drawings/ui/dialog";
import { createDrawing, type Drawing } from "../../../src/drawings/model";
import { DrawingController } from "../../../src/drawings/controller";

function setup(drawing: Drawing) {
  const controller = new DrawingController({ surfaces: () => [] });
  controller.load([drawing]);
  const root = document.createElement("div");
  document.body.append(root);
  const dialog = new DrawingDialog(root, {
    drawing: (id) => controller.drawings.find((d): d is Drawing => d.id === id && !("deleted" in d)),
    update: (id, patch) => controller.update(id, patch),
    remove: (id) => void controller.remove(id),
  });
  dialog.open(drawing.id);
  const field = (name: string) => root.querySelector<HTMLInputElement>(`[data-option="${name}"]`)!;
  const current = () => controller.drawings[0] as Drawing;
  return { controller, dialog, root, field, current };
}

const fib = createDrawing({ id: "f1", kind: "fib_retracement", points: [{ time: 1, price: 1 }, { time: 2, price: 2 }], seriesId: "price", lastModified: 1 });
const note = createDrawing({ id: "t1", kind: "text", points: [{ time: 1, price: 1 }], seriesId: "price", text: "<b>hi</b>", lastModified: 1 });

describe("DrawingDialog", () => {
  it("shows the fields of the kind", () => {
    expect(fieldsOf("text")).toEqual(["color", "fontSize", "text"]);
    expect(fieldsOf("horizontal_line")).toEqual(["color", "width", "lineStyle", "fontSize", "text"]);
    expect(fieldsOf("fib_retracement")).toContain("levels");
    expect(fieldsOf("rectangle")).toEqual(expect.arrayContaining(["fillColor", "fillOpacity", "extendRight"]));
  });

  it("changes the colour with opacity, the width and the levels, one undo step each", () => {
    const { field, current, controller } = setup(fib);
    const picker = field("color");
    picker.value = "#ff0000";
    picker.dispatchEvent(new Event("input"));
    expect(current().style.color).toBe("#ff0000");
    const width = field("width");
    width.value = "5";
    width.dispatchEvent(new Event("input"));
    expect(current().style.width).toBe(5);
    width.value = "50"; // beyond 1..10: refused, marked invalid
    width.dispatchEvent(new Event("input"));
    expect(current().style.width).toBe(5);
    const levels = field("levels");
    levels.value = "0, 0.5, 1, 1.618";
    levels.dispatchEvent(new Event("input"));
    expect(current().levels).toEqual([0, 0.5, 1, 1.618]);
    controller.undo();
    expect(current().levels).toEqual([0, 0.236, 0.382, 0.5, 0.618, 0.786, 1]);
  });

  it("shows and edits note text as text, never as HTML", () => {
    const { field, root, current } = setup(note);
    expect(field("text").value).toBe("<b>hi</b>");
    expect(root.querySelector("b")).toBeNull();
    field("text").value = "<img src=x onerror=alert(1)>";
    field("text").dispatchEvent(new Event("input"));
    expect(current().text).toBe("<img src=x onerror=alert(1)>");
    expect(root.querySelector("img")).toBeNull();
  });

  it("deletes the drawing and closes", () => {
    const { root, controller, dialog } = setup(note);
    [...root.querySelectorAll("button")].find((b) => b.textContent === "Delete drawing")!.click();
    expect(controller.drawings[0]).toMatchObject({ id: "t1", deleted: true });
    expect(dialog.openId).toBeUndefined();
  });

  it("closes on Esc, keeps the form's keys from the chart and gives focus back to the chart", () => {
    const controller = new DrawingController({ surfaces: () => [] });
    controller.load([note]);
    const root = document.createElement("div");
    root.tabIndex = -1; // as ChartDrawings: a press on the chart focuses it
    document.body.append(root);
    const reached: string[] = [];
    root.addEventListener("keydown", (event) => reached.push(event.key));
    const dialog = new DrawingDialog(root, { drawing: () => controller.drawings[0] as Drawing, update: () => true, remove: () => {} });
    root.focus();
    dialog.open("t1");
    const field = root.querySelector<HTMLInputElement>("[data-option=color]")!;
    expect(document.activeElement).toBe(field);
    const key = (k: string) => field.dispatchEvent(new KeyboardEvent("keydown", { key: k, bubbles: true, cancelable: true }));
    key("Delete");
    key("Escape");
    expect(reached).toEqual([]);
    expect(dialog.openId).toBeUndefined();
    expect(root.querySelector("[data-testid=lwcharts-drawing-settings]")).toBeNull();
    expect(document.activeElement).toBe(root);
  });

  it("is a modal dialog named by its title", () => {
    const { root } = setup(note);
    const box = root.querySelector<HTMLElement>("[data-testid=lwcharts-drawing-settings]")!;
    expect(box.getAttribute("role")).toBe("dialog");
    expect(root.querySelector(`[id="${box.getAttribute("aria-labelledby")}"]`)!.textContent).toBe("Text note settings");
  });

  it("in a shadow root (Streamlit), a redraw leaves alone the field the user is typing in", () => {
    const controller = new DrawingController({ surfaces: () => [] });
    controller.load([note]);
    const host = document.createElement("div");
    document.body.append(host);
    const root = document.createElement("div");
    host.attachShadow({ mode: "open" }).append(root);
    const dialog = new DrawingDialog(root, {
      drawing: (id) => controller.drawings.find((d): d is Drawing => d.id === id && !("deleted" in d)),
      update: (id, patch) => controller.update(id, patch),
      remove: () => {},
    });
    dialog.open("t1");
    const text = root.querySelector<HTMLInputElement>("[data-option=text]")!;
    text.focus();
    text.value = "half-typed";
    controller.update("t1", { style: { ...note.style, color: "#00ff00" } }); // a change from elsewhere
    dialog.refresh();
    expect(text.value).toBe("half-typed");
    expect(root.querySelector<HTMLInputElement>("[data-option=color]")!.value).toBe("#00ff00");
  });

  it("parses levels", () => {
    expect(parseLevels(" 0, 0.5 ,1")).toEqual([0, 0.5, 1]);
    expect(parseLevels("0, x")).toBeUndefined();
  });
});
