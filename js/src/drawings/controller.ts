/**
 * The drawing tools of one chart as a state machine, independent of DOM events: the chart view
 * feeds it pane-local pointer positions and key names, it edits the chart's drawings, keeps the
 * undo history, shows previews and selection on the surfaces (one `DrawingsPrimitive` per
 * pane/series) and reports every committed change for persistence.
 *
 * Gestures:
 * - One-click tools (horizontal line/ray, vertical line, text): pointer down places the drawing.
 * - Two-point tools (trend line, ray, extended line, rectangle, fib, measure): press, drag, release
 *   (a drag longer than `dragThreshold`), or click, move, click.
 * - Cursor: pointer down on a drawing selects it; dragging its body moves it, dragging a handle
 *   of the selected drawing reshapes it. Locked drawings can be selected but not changed. Down on
 *   nothing clears the selection.
 * - Keys: Escape cancels a drawing in progress or a drag (else clears the selection);
 *   Delete/Backspace remove the selected drawing; Ctrl/⌘+Z undoes, Ctrl/⌘+Shift+Z and Ctrl+Y redo.
 * After a drawing is made the tool goes back to the cursor (unless `keepTool`) and the new drawing
 * is selected. The magnet snaps created points and dragged handles (not whole-body moves).
 *
 * Drawings go to the surface of their (pane, seriesId); when that series is missing, to the first
 * surface of the pane (so they stay visible and deletable); with no surface in the pane they are
 * kept but not shown.
 */
import {
  moveAnchor,
  moveDrawing,
  pointerPoint,
  type Converter,
  type Hit,
} from "./geometry";
import { DrawingHistory, applyChanges, type DrawingChange, type HistoryLabel } from "./history";
import {
  DRAWING_RULES,
  checkStyleValue,
  cloneDrawing,
  createDrawing,
  isTombstone,
  liveDrawings,
  newDrawingId,
  pointCount,
  sanitizeLevels,
  type Drawing,
  type DrawingKind,
  type DrawingPoint,
  type DrawingRecord,
  type DrawingStyle,
} from "./model";

export type Tool = "cursor" | DrawingKind;

export interface Modifiers {
  ctrl?: boolean;
  meta?: boolean;
  shift?: boolean;
  alt?: boolean;
}

/** What the controller needs of a pane's primitive (`DrawingsPrimitive` is one). */
export interface DrawingSurface {
  readonly pane: number;
  readonly seriesId: string;
  converter(): Converter | null;
  hit(x: number, y: number): Hit | null;
  setDrawings(drawings: readonly Drawing[]): void;
  setPreview(drawing: Drawing | null): void;
  setSelected(id: string | null): void;
  magnetValues?(time: number): readonly number[] | null;
}

export interface DrawingsChange {
  /** Every record of the chart, tombstones included: what to store. */
  drawings: DrawingRecord[];
  /** The ids this change touched. */
  changed: string[];
}

export interface ControllerOptions {
  /** The surfaces of the chart now (one per pane/series that can hold drawings). */
  surfaces: () => readonly DrawingSurface[];
  /** Called after every committed change (not for `load`). */
  onChange?: (change: DrawingsChange) => void;
  /** Called on double-click of a drawing: open its settings. */
  onOpenSettings?: (id: string) => void;
  /** Clock in ms. Default Date.now. */
  now?: () => number;
  /** Id factory. Default `newDrawingId`. */
  newId?: () => string;
  /** Style of new drawings, over the kind's defaults. */
  newStyle?: (kind: DrawingKind) => Partial<DrawingStyle>;
  /** Text of a new note. Default "Text". */
  newText?: string;
  /** Pixels a press must move to count as a drag. Default 3. */
  dragThreshold?: number;
  /** Stay in the tool after making a drawing. Default false. */
  keepTool?: boolean;
  /** Undo steps kept. Default 100. */
  historyCap?: number;
}

type State =
  | { mode: "idle" }
  | {
      mode: "creating";
      surface: DrawingSurface;
      draft: Drawing;
      downX: number;
      downY: number;
      /** The pointer is still down after the first press. */
      pressed: boolean;
    }
  | {
      mode: "dragging";
      surface: DrawingSurface;
      original: Drawing;
      anchor: number | null;
      downX: number;
      downY: number;
      current: Drawing;
      moved: boolean;
    };

export class DrawingController {
  private records: DrawingRecord[] = [];
  private readonly history: DrawingHistory;
  private state: State = { mode: "idle" };
  private toolValue: Tool = "cursor";
  private selectedId: string | null = null;
  /** Snap created points and dragged handles to O/H/L/C. */
  magnet = false;

  constructor(private readonly options: ControllerOptions) {
    this.history = new DrawingHistory(options.historyCap);
  }

  get tool(): Tool {
    return this.toolValue;
  }

  /** Choose a tool; cancels a drawing in progress. */
  setTool(tool: Tool): void {
    this.cancel();
    this.toolValue = tool;
  }

  get selected(): string | null {
    return this.selectedId;
  }

  /** Every record, tombstones included (a copy). */
  get drawings(): DrawingRecord[] {
    return this.records.map((r) => (isTombstone(r) ? { ...r } : cloneDrawing(r)));
  }

  get canUndo(): boolean {
    return this.history.canUndo;
  }

  get canRedo(): boolean {
    return this.history.canRedo;
  }

  /** Whether a drawing is being made or dragged (the view should keep the chart from scrolling). */
  get busy(): boolean {
    return this.state.mode !== "idle";
  }

  /**
   * Replace the records (after loading and merging saved drawings, or drawings from Python):
   * no history entry, no change event. A selected drawing that is gone is deselected.
   */
  load(records: readonly DrawingRecord[]): void {
    this.records = records.map((r) => (isTombstone(r) ? { ...r } : cloneDrawing(r)));
    if (this.selectedId !== null && this.live(this.selectedId) === undefined) this.selectedId = null;
    this.refresh();
  }

  /** Push the drawings and the selection to the surfaces again (e.g. after the surfaces changed). */
  refresh(): void {
    const surfaces = this.options.surfaces();
    const byPane = new Map<string, Drawing[]>();
    const key = (s: DrawingSurface) => `${s.pane}\u0000${s.seriesId}`;
    for (const surface of surfaces) byPane.set(key(surface), []);
    for (const drawing of liveDrawings(this.records)) {
      const exact = byPane.get(`${drawing.pane}\u0000${drawing.seriesId}`);
      const fallback = surfaces.find((s) => s.pane === drawing.pane);
      (exact ?? (fallback === undefined ? undefined : byPane.get(key(fallback))))?.push(drawing);
    }
    for (const surface of surfaces) {
      surface.setDrawings(byPane.get(key(surface)) ?? []);
      surface.setSelected(this.selectedId);
    }
  }

  pointerDown(x: number, y: number, modifiers: Modifiers = {}, pane = 0): void {
    void modifiers;
    const state = this.state;
    if (state.mode === "creating") {
      if (!state.pressed) this.finishCreating(x, y);
      return;
    }
    if (state.mode === "dragging") return; // a second pointer while dragging
    const surface = this.surfaceAt(pane);
    if (surface === undefined) return;
    if (this.toolValue !== "cursor") {
      this.startCreating(surface, this.toolValue, x, y);
      return;
    }
    const hit = this.hitAt(pane, x, y);
    this.select(hit?.id ?? null);
    if (hit === null) return;
    const drawing = this.live(hit.id);
    if (drawing === undefined || drawing.locked) return;
    this.state = {
      mode: "dragging",
      surface: this.surfaceFor(drawing) ?? surface,
      original: cloneDrawing(drawing),
      anchor: hit.part === "anchor" ? (hit.anchor ?? 0) : null,
      downX: x,
      downY: y,
      current: drawing,
      moved: false,
    };
  }

  pointerMove(x: number, y: number, modifiers: Modifiers = {}): void {
    void modifiers;
    const state = this.state;
    if (state.mode === "creating") {
      const point = this.pointAt(state.surface, x, y);
      if (point === null) return;
      const points = state.draft.points.slice(0, -1).concat(point);
      state.draft = { ...state.draft, points };
      state.surface.setPreview(state.draft);
    } else if (state.mode === "dragging") {
      if (!state.moved && !this.beyondThreshold(state.downX, state.downY, x, y)) return;
      const conv = state.surface.converter();
      if (conv === null) return;
      let next: Drawing | null;
      if (state.anchor === null) {
        next = moveDrawing(state.original, x - state.downX, y - state.downY, conv);
      } else {
        const point = this.pointAt(state.surface, x, y);
        next = point === null ? null : moveAnchorTo(state.original, state.anchor, x, y, point, conv);
      }
      if (next === null) return;
      state.moved = true;
      state.current = next;
      state.surface.setPreview(next);
    }
  }

  pointerUp(x: number, y: number, modifiers: Modifiers = {}): void {
    void modifiers;
    const state = this.state;
    if (state.mode === "creating") {
      if (!state.pressed) return;
      state.pressed = false;
      // A press that dragged makes the drawing at once; a click waits for the second click.
      if (this.beyondThreshold(state.downX, state.downY, x, y)) this.finishCreating(x, y);
    } else if (state.mode === "dragging") {
      this.state = { mode: "idle" };
      state.surface.setPreview(null);
      if (state.moved) this.commit("change", [{ id: state.original.id, before: state.original, after: state.current }]);
    }
  }

  /** Double-click: open the settings of the drawing under the pointer. Returns its id. */
  doubleClick(x: number, y: number, pane = 0): string | null {
    if (this.state.mode !== "idle") return null;
    const hit = this.hitAt(pane, x, y);
    if (hit === null) return null;
    this.select(hit.id);
    this.options.onOpenSettings?.(hit.id);
    return hit.id;
  }

  /** A key press (`KeyboardEvent.key`); true when handled (the view then prevents the default). */
  key(name: string, modifiers: Modifiers = {}): boolean {
    const command = modifiers.ctrl === true || modifiers.meta === true;
    if (name === "Escape") {
      if (this.state.mode !== "idle") this.cancel();
      else if (this.selectedId !== null) this.select(null);
      else if (this.toolValue !== "cursor") this.toolValue = "cursor";
      else return false;
      return true;
    }
    if (this.state.mode !== "idle") return false;
    if ((name === "Delete" || name === "Backspace") && !command) {
      if (this.selectedId === null) return false;
      return this.remove(this.selectedId);
    }
    const lower = name.toLowerCase();
    if (command && lower === "z") return modifiers.shift === true ? this.redo() : this.undo();
    if (command && lower === "y" && modifiers.ctrl === true) return this.redo();
    return false;
  }

  /** Cancel a drawing in progress or a drag (the drawing goes back where it was). */
  cancel(): void {
    const state = this.state;
    if (state.mode === "idle") return;
    this.state = { mode: "idle" };
    state.surface.setPreview(null);
  }

  undo(): boolean {
    if (this.state.mode !== "idle") return false;
    const entry = this.history.undo();
    if (entry === null) return false;
    this.applyEntry(entry.changes);
    return true;
  }

  redo(): boolean {
    if (this.state.mode !== "idle") return false;
    const entry = this.history.redo();
    if (entry === null) return false;
    this.applyEntry(entry.changes);
    return true;
  }

  /** Remove one drawing (not a locked one). */
  remove(id: string): boolean {
    const drawing = this.live(id);
    if (drawing === undefined || drawing.locked) return false;
    if (this.selectedId === id) this.selectedId = null;
    this.commit("delete", [{ id, before: drawing, after: null }]);
    return true;
  }

  /** Remove every drawing, locked ones too; one undo step brings them all back. */
  removeAll(): boolean {
    this.cancel();
    const all = liveDrawings(this.records);
    if (all.length === 0) return false;
    this.selectedId = null;
    this.commit("remove_all", all.map((d) => ({ id: d.id, before: d, after: null })));
    return true;
  }

  /** Lock or unlock every drawing (one undo step). */
  lockAll(locked: boolean): boolean {
    return this.setFlagOnAll("lock_all", "locked", locked);
  }

  /** Hide or show every drawing (one undo step). Hiding clears the selection. */
  hideAll(hidden: boolean): boolean {
    if (hidden) this.select(null);
    return this.setFlagOnAll("hide_all", "hidden", hidden);
  }

  /**
   * Change one drawing's settings (the dialog): style keys, text, levels, locked, hidden. Values
   * are held to the model's rules, so what is stored always passes `sanitizeDrawings`: invalid
   * style values and text longer than `maxTextLength` are ignored, levels are cleaned like saved
   * ones. One undo step; false when nothing changed.
   */
  update(id: string, patch: { style?: Partial<DrawingStyle>; text?: string; levels?: readonly unknown[]; locked?: boolean; hidden?: boolean }): boolean {
    const drawing = this.live(id);
    if (drawing === undefined) return false;
    const after = cloneDrawing(drawing);
    const style = after.style as unknown as Record<string, unknown>;
    for (const [key, value] of Object.entries(patch.style ?? {})) {
      if (Object.prototype.hasOwnProperty.call(DRAWING_RULES.style, key) && checkStyleValue(key as keyof DrawingStyle, value)) style[key] = value;
    }
    if (typeof patch.text === "string" && patch.text.length <= DRAWING_RULES.maxTextLength) after.text = patch.text;
    if (patch.levels !== undefined && drawing.kind === "fib_retracement") after.levels = sanitizeLevels(patch.levels);
    for (const flag of ["locked", "hidden"] as const) {
      if (patch[flag] === true) after[flag] = true;
      else if (patch[flag] === false) delete after[flag];
    }
    if (JSON.stringify(after) === JSON.stringify(drawing)) return false;
    this.commit("change", [{ id, before: drawing, after }]);
    return true;
  }

  /** Add a drawing made elsewhere (e.g. by code); one undo step. Replaces a drawing with its id. */
  add(drawing: Drawing): void {
    this.commit("add", [{ id: drawing.id, before: this.live(drawing.id) ?? null, after: drawing }]);
  }

  private setFlagOnAll(label: HistoryLabel, flag: "locked" | "hidden", value: boolean): boolean {
    this.cancel();
    const changes: DrawingChange[] = [];
    for (const drawing of liveDrawings(this.records)) {
      if ((drawing[flag] === true) === value) continue;
      const after = cloneDrawing(drawing);
      if (value) after[flag] = true;
      else delete after[flag];
      changes.push({ id: drawing.id, before: drawing, after });
    }
    if (changes.length === 0) return false;
    this.commit(label, changes);
    return true;
  }

  private startCreating(surface: DrawingSurface, kind: DrawingKind, x: number, y: number): void {
    const point = this.pointAt(surface, x, y);
    if (point === null) return;
    const draft = createDrawing({
      id: (this.options.newId ?? newDrawingId)(),
      kind,
      points: Array.from({ length: pointCount(kind) }, () => ({ ...point })),
      pane: surface.pane,
      seriesId: surface.seriesId,
      style: this.options.newStyle?.(kind),
      text: kind === "text" ? (this.options.newText ?? "Text") : undefined,
      lastModified: this.now(),
    });
    if (pointCount(kind) === 1) {
      this.created(draft);
      return;
    }
    this.state = { mode: "creating", surface, draft, downX: x, downY: y, pressed: true };
    surface.setPreview(draft);
  }

  private finishCreating(x: number, y: number): void {
    const state = this.state;
    if (state.mode !== "creating") return;
    const point = this.pointAt(state.surface, x, y);
    const draft = point === null ? state.draft : { ...state.draft, points: state.draft.points.slice(0, -1).concat(point) };
    this.state = { mode: "idle" };
    state.surface.setPreview(null);
    this.created(draft);
  }

  private created(drawing: Drawing): void {
    this.selectedId = drawing.id;
    if (this.options.keepTool !== true) this.toolValue = "cursor";
    this.commit("add", [{ id: drawing.id, before: null, after: drawing }]);
  }

  private commit(label: HistoryLabel, changes: DrawingChange[]): void {
    this.history.push({ label, changes });
    this.applyEntry(changes);
  }

  private applyEntry(changes: DrawingChange[]): void {
    this.records = applyChanges(this.records, changes, this.now());
    if (this.selectedId !== null && this.live(this.selectedId) === undefined) this.selectedId = null;
    this.refresh();
    this.options.onChange?.({ drawings: this.drawings, changed: changes.map((c) => c.id) });
  }

  private select(id: string | null): void {
    if (id === this.selectedId) return;
    this.selectedId = id;
    for (const surface of this.options.surfaces()) surface.setSelected(id);
  }

  private hitAt(pane: number, x: number, y: number): Hit | null {
    let best: Hit | null = null;
    for (const surface of this.options.surfaces()) {
      if (surface.pane !== pane) continue;
      const hit = surface.hit(x, y);
      if (hit === null) continue;
      // A handle beats a body; otherwise the nearer wins.
      const rank = (h: Hit) => (h.part === "anchor" ? 0 : 1);
      if (best === null || rank(hit) < rank(best) || (rank(hit) === rank(best) && hit.distance < best.distance)) best = hit;
    }
    return best;
  }

  private pointAt(surface: DrawingSurface, x: number, y: number): DrawingPoint | null {
    const conv = surface.converter();
    if (conv === null) return null;
    const values = surface.magnetValues?.bind(surface);
    return pointerPoint(x, y, conv, this.magnet && values !== undefined ? { values } : undefined);
  }

  private surfaceAt(pane: number): DrawingSurface | undefined {
    return this.options.surfaces().find((s) => s.pane === pane);
  }

  private surfaceFor(drawing: Drawing): DrawingSurface | undefined {
    const surfaces = this.options.surfaces();
    return surfaces.find((s) => s.pane === drawing.pane && s.seriesId === drawing.seriesId) ?? surfaces.find((s) => s.pane === drawing.pane);
  }

  private live(id: string): Drawing | undefined {
    const record = this.records.find((r) => r.id === id);
    return record === undefined || isTombstone(record) ? undefined : record;
  }

  private beyondThreshold(x0: number, y0: number, x: number, y: number): boolean {
    return Math.hypot(x - x0, y - y0) > (this.options.dragThreshold ?? 3);
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}

/** `moveAnchor`, but with the (possibly magnet-snapped) point instead of the raw pointer price. */
function moveAnchorTo(drawing: Drawing, anchor: number, x: number, y: number, point: DrawingPoint, conv: Converter): Drawing | null {
  const moved = moveAnchor(drawing, anchor, x, y, conv);
  if (moved === null) return null;
  if (anchor < moved.points.length) moved.points[anchor] = { ...point };
  else if (anchor === 2) moved.points[1].price = point.price;
  else if (anchor === 3) moved.points[0].price = point.price;
  return moved;
}
