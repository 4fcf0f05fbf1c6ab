/**
 * The drawings of one chart view: the toolbar, one `DrawingsPrimitive` per pane (attached to the
 * pane's first series), one `DrawingController`, the `DrawingsStore`, and the DOM events that
 * drive them. The view creates it once, hands it its series after every rebuild (`attach`), the
 * saved drawings of every envelope (`receive`), marks the bar grid stale when data changes
 * (`dataChanged`: rebuilt lazily at the next frame) and destroys it.
 *
 * While a tool is active, or a drawing is pressed, the chart's own scroll and scale are switched
 * off so the drag shapes the drawing instead of panning. Keys are handled while the chart root
 * has focus (a press on the chart focuses it); handled keys do not reach the host page.
 */
import type { IChartApi, ISeriesApi, SeriesType as LwSeriesType } from "lightweight-charts";
import { DrawingController, type Modifiers, type Tool } from "../drawings/controller";
import type { Converter } from "../drawings/geometry";
import { liveDrawings, type Drawing, type DrawingRecord } from "../drawings/model";
import { DrawingsStore } from "../drawings/persistence";
import { DrawingsPrimitive } from "../drawings/primitive";
import { TimeGrid } from "../drawings/time-grid";
import { DrawingDialog } from "../drawings/ui/dialog";
import { DrawingToolbar, type ToolbarAction } from "../drawings/ui/toolbar";
import type { StorageLike } from "../settings/storage";

/** A series the drawings can sit on (the view's `SeriesView` is one). */
export interface DrawingSeries {
  spec: { id: string; pane: number };
  api: ISeriesApi<LwSeriesType>;
}

/** What the test hook reports of each live drawing. */
export interface DrawingSnapshot {
  id: string;
  kind: Drawing["kind"];
  pane: number;
  seriesId: string;
  points: Drawing["points"];
  style: Drawing["style"];
  text?: string;
  levels?: number[];
  locked: boolean;
  hidden: boolean;
  /** Where its points are drawn now, in pane pixels (null when its pane shows nothing). */
  pixels: { x: number | null; y: number | null }[] | null;
}

export interface ChartDrawingsOptions {
  /** Sends the chart's whole record list to Python (throws when there is no channel). */
  send: (records: DrawingRecord[]) => void;
  storage: StorageLike | null;
  warn?: (message: string) => void;
}

export class ChartDrawings {
  readonly toolbar: DrawingToolbar;
  private readonly dialog: DrawingDialog;
  private readonly controller: DrawingController;
  private store: DrawingsStore | undefined;
  private storeKey = "";
  private series: readonly DrawingSeries[] = [];
  private primitives: { primitive: DrawingsPrimitive; api: ISeriesApi<LwSeriesType> }[] = [];
  private gridValue: TimeGrid | undefined;
  private pressed = false;
  /** The pane a press started in: the drag stays in it. */
  private pressedPane = 0;
  private savedHandling: { handleScroll: unknown; handleScale: unknown } | undefined;
  private lockAll = false;
  private hideAll = false;
  private readonly win: Window;

  constructor(
    private readonly root: HTMLElement,
    private readonly container: HTMLElement,
    private readonly chart: IChartApi,
    private readonly options: ChartDrawingsOptions,
  ) {
    const doc = root.ownerDocument;
    this.win = doc.defaultView ?? window;
    this.controller = new DrawingController({
      surfaces: () => this.primitives.map(({ primitive }) => primitive),
      onChange: (change) => {
        this.store?.change(change.drawings);
        this.dialog.refresh();
        this.showToolbar();
      },
      onOpenSettings: (id) => this.dialog.open(id),
    });
    this.dialog = new DrawingDialog(root, {
      drawing: (id) => liveDrawings(this.controller.drawings).find((d) => d.id === id),
      update: (id, patch) => this.controller.update(id, patch),
      remove: (id) => {
        this.controller.remove(id);
        this.showToolbar();
      },
    });
    this.toolbar = new DrawingToolbar(doc, {
      tool: (tool) => this.setTool(tool),
      action: (action) => this.act(action),
    });
    // A press inside the chart gives it the keyboard; JupyterLab leaves such elements' keys alone.
    root.tabIndex = -1;
    root.dataset["lmSuppressShortcuts"] = "true";
    container.addEventListener("pointerdown", this.onPointerDown, true);
    container.addEventListener("pointermove", this.onPointerMove);
    container.addEventListener("dblclick", this.onDoubleClick);
    root.addEventListener("keydown", this.onKeyDown);
    this.win.addEventListener("pointermove", this.onWindowPointerMove);
    this.win.addEventListener("pointerup", this.onPointerUp);
    this.win.addEventListener("pagehide", this.flush);
    doc.addEventListener("visibilitychange", this.onVisibility);
  }

  /** The chart's series after a rebuild: primitives go to each pane's first series. */
  attach(series: readonly DrawingSeries[]): void {
    this.detach();
    this.series = series;
    this.gridValue = undefined;
    const byPane = new Map<number, DrawingSeries>();
    for (const view of series) if (!byPane.has(view.api.getPane().paneIndex())) byPane.set(view.api.getPane().paneIndex(), view);
    for (const [pane, view] of byPane) {
      const primitive = new DrawingsPrimitive({
        pane,
        seriesId: view.spec.id,
        grid: () => this.grid(),
        magnetValues: (time) => magnetValues(view.api, time),
        formatPrice: (price) => view.api.priceFormatter().format(price),
      });
      view.api.attachPrimitive(primitive);
      this.primitives.push({ primitive, api: view.api });
    }
    this.controller.refresh();
  }

  /**
   * The saved drawings an envelope carries (untrusted), for the chart `chartId` of user `scope`:
   * merged newest-wins with the browser's own copy and drawn.
   */
  receive(scope: string, chartId: string, saved: unknown): void {
    const key = `${scope}\u0000${chartId}`;
    if (this.store === undefined || this.storeKey !== key) {
      this.store?.flush();
      this.storeKey = key;
      this.store = new DrawingsStore({
        storage: this.options.storage,
        scope,
        chartId,
        send: (records) => this.send(records),
        warn: (problems) => this.options.warn?.(`lwcharts: drawings of chart ${JSON.stringify(chartId)}: ${problems.join("; ")}`),
      });
      this.store.loadLocal();
    }
    // A code-made drawing the user never changed (id "code-…", lastModified 0) is shown only
    // while the code still makes it, i.e. while the envelope carries it.
    const fromCode = new Set(Array.isArray(saved) ? saved.map((r: { id?: unknown } | null) => r?.id) : []);
    const records = this.store.receive(saved);
    this.controller.load(records.filter((r) => !(r.id.startsWith("code-") && r.lastModified === 0 && !fromCode.has(r.id))));
    this.dialog.refresh();
    this.lockAll = this.lockAll && liveDrawings(this.store.held).every((d) => d.locked === true);
    this.showToolbar();
  }

  /** Rows were added or replaced: the bar grid is rebuilt when next drawn. */
  dataChanged(): void {
    this.gridValue = undefined;
  }

  setVisible(visible: boolean): void {
    this.toolbar.setVisible(visible);
    this.root.dataset["drawingTools"] = String(visible);
    if (!visible) this.setTool("cursor");
  }

  snapshot(): DrawingSnapshot[] {
    const converters = new Map(this.primitives.map(({ primitive }) => [primitive.pane, primitive.converter()]));
    return liveDrawings(this.controller.drawings).map((d) => ({
      id: d.id,
      kind: d.kind,
      pane: d.pane,
      seriesId: d.seriesId,
      points: d.points,
      style: d.style,
      ...(d.text === undefined ? {} : { text: d.text }),
      ...(d.levels === undefined ? {} : { levels: d.levels }),
      locked: d.locked === true,
      hidden: d.hidden === true,
      pixels: pixelsOf(d, converters.get(d.pane) ?? null),
    }));
  }

  /** Send pending changes now (page hidden, view destroyed). */
  readonly flush = (): void => {
    this.store?.flush();
  };

  destroy(): void {
    this.flush();
    this.detach();
    this.dialog.close(false);
    this.container.removeEventListener("pointerdown", this.onPointerDown, true);
    this.container.removeEventListener("pointermove", this.onPointerMove);
    this.container.removeEventListener("dblclick", this.onDoubleClick);
    this.root.removeEventListener("keydown", this.onKeyDown);
    this.win.removeEventListener("pointermove", this.onWindowPointerMove);
    this.win.removeEventListener("pointerup", this.onPointerUp);
    this.win.removeEventListener("pagehide", this.flush);
    this.root.ownerDocument.removeEventListener("visibilitychange", this.onVisibility);
    this.toolbar.destroy();
  }

  private detach(): void {
    for (const { primitive, api } of this.primitives) {
      try {
        api.detachPrimitive(primitive);
      } catch {
        // The series was removed with its primitives already.
      }
    }
    this.primitives = [];
  }

  private send(records: DrawingRecord[]): void {
    try {
      this.options.send(records);
    } catch (error) {
      // localStorage keeps them; the next envelope's merge sends them again with the next change.
      this.options.warn?.(`lwcharts: sending drawings to Python failed: ${String(error)}`);
    }
  }

  /** The union of the series' bar times, built when first needed after a data change. */
  private grid(): TimeGrid {
    if (this.gridValue === undefined) {
      const times: number[] = [];
      for (const view of this.series) for (const row of view.api.data()) times.push(row.time as number);
      this.gridValue = new TimeGrid(times);
    }
    return this.gridValue;
  }

  private setTool(tool: Tool): void {
    this.controller.setTool(tool);
    this.showToolbar();
  }

  private act(action: ToolbarAction): void {
    const c = this.controller;
    if (action === "settings") {
      if (c.selected !== null) this.dialog.open(c.selected);
    } else if (action === "magnet") c.magnet = !c.magnet;
    else if (action === "lock_all") {
      this.lockAll = !this.lockAll;
      c.lockAll(this.lockAll);
    } else if (action === "hide_all") {
      this.hideAll = !this.hideAll;
      c.hideAll(this.hideAll);
    } else if (action === "remove_all") c.removeAll();
    else if (action === "undo") c.undo();
    else c.redo();
    this.showToolbar();
  }

  private showToolbar(): void {
    this.toolbar.show({ tool: this.controller.tool, selected: this.controller.selected !== null, magnet: this.controller.magnet, lockAll: this.lockAll, hideAll: this.hideAll });
  }

  /** Pane index and pane-local position of a pointer event, or undefined outside every pane. */
  private locate(event: MouseEvent): { pane: number; x: number; y: number } | undefined {
    const left = this.container.getBoundingClientRect().left + this.chart.priceScale("left").width();
    const panes = this.chart.panes();
    for (let i = 0; i < panes.length; i++) {
      const box = panes[i].getHTMLElement()?.getBoundingClientRect();
      if (box !== undefined && event.clientY >= box.top && event.clientY < box.bottom) {
        return { pane: i, x: event.clientX - left, y: event.clientY - box.top };
      }
    }
    return undefined;
  }

  private paneTop(pane: number): number {
    return this.chart.panes()[pane]?.getHTMLElement()?.getBoundingClientRect().top ?? 0;
  }

  private readonly onPointerDown = (event: PointerEvent): void => {
    if (event.button !== 0) return;
    const at = this.locate(event);
    if (at === undefined) return;
    this.root.focus({ preventScroll: true });
    const onDrawing = this.primitives.some(({ primitive }) => primitive.pane === at.pane && primitive.hit(at.x, at.y) !== null);
    if (this.controller.tool !== "cursor" || this.controller.busy || onDrawing) this.holdChart();
    this.pressed = true;
    this.pressedPane = at.pane;
    this.controller.pointerDown(at.x, at.y, modifiers(event), at.pane);
    this.showToolbar();
  };

  /** Moves over the chart while no button is down (the second click of a two-click drawing). */
  private readonly onPointerMove = (event: PointerEvent): void => {
    if (this.pressed || !this.controller.busy) return;
    this.move(event);
  };

  /** Moves anywhere while pressed, so a drag that leaves the chart still follows. */
  private readonly onWindowPointerMove = (event: PointerEvent): void => {
    if (this.pressed) this.move(event);
  };

  private move(event: PointerEvent): void {
    const pane = this.controller.busy ? this.pressedPane : (this.locate(event)?.pane ?? this.pressedPane);
    const left = this.container.getBoundingClientRect().left + this.chart.priceScale("left").width();
    this.controller.pointerMove(event.clientX - left, event.clientY - this.paneTop(pane), modifiers(event));
  }

  private readonly onPointerUp = (event: PointerEvent): void => {
    if (!this.pressed) return;
    this.pressed = false;
    // Again after the press: a host (JupyterLab's notebook) may have taken focus on mousedown.
    this.root.focus({ preventScroll: true });
    const left = this.container.getBoundingClientRect().left + this.chart.priceScale("left").width();
    this.controller.pointerUp(event.clientX - left, event.clientY - this.paneTop(this.pressedPane), modifiers(event));
    if (!this.controller.busy) this.releaseChart();
    this.showToolbar();
  };

  private readonly onDoubleClick = (event: MouseEvent): void => {
    const at = this.locate(event);
    if (at !== undefined) this.controller.doubleClick(at.x, at.y, at.pane);
  };

  private readonly onKeyDown = (event: KeyboardEvent): void => {
    if (!this.controller.key(event.key, modifiers(event))) return;
    event.preventDefault();
    event.stopPropagation();
    if (!this.controller.busy) this.releaseChart();
    this.showToolbar();
  };

  private readonly onVisibility = (): void => {
    if (this.root.ownerDocument.visibilityState === "hidden") this.flush();
  };

  /** The chart stops panning and zooming while a drawing is made or dragged. */
  private holdChart(): void {
    if (this.savedHandling !== undefined) return;
    const { handleScroll, handleScale } = this.chart.options();
    this.savedHandling = { handleScroll, handleScale };
    this.chart.applyOptions({ handleScroll: false, handleScale: false });
  }

  private releaseChart(): void {
    if (this.savedHandling === undefined) return;
    this.chart.applyOptions(this.savedHandling as Parameters<IChartApi["applyOptions"]>[0]);
    this.savedHandling = undefined;
  }
}

function pixelsOf(drawing: Drawing, converter: Converter | null): DrawingSnapshot["pixels"] {
  if (converter === null) return null;
  return drawing.points.map((p) => ({ x: converter.timeToX(p.time), y: converter.priceToY(p.price) }));
}

function modifiers(event: MouseEvent | KeyboardEvent): Modifiers {
  return { ctrl: event.ctrlKey, meta: event.metaKey, shift: event.shiftKey, alt: event.altKey };
}

/** O, H, L, C (or the one value) of the series' bar at `time`, for the magnet. */
function magnetValues(api: ISeriesApi<LwSeriesType>, time: number): readonly number[] | null {
  const rows = api.data();
  let lo = 0;
  let hi = rows.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const t = rows[mid].time as number;
    if (t === time) {
      const row = rows[mid] as unknown as Record<string, unknown>;
      const values = ["open", "high", "low", "close", "value"].map((k) => row[k]).filter((v): v is number => typeof v === "number");
      return values.length > 0 ? values : null;
    }
    if (t < time) lo = mid + 1;
    else hi = mid - 1;
  }
  return null;
}
