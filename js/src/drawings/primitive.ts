/**
 * One lightweight-charts series primitive that draws every drawing of one (pane, series): attach
 * it with `series.attachPrimitive(primitive)` and give it the drawings with `setDrawings`.
 *
 * Cost grows with the visible drawings only: `setDrawings` builds an interval index of the
 * drawings' time extents once; each frame (`updateAllViews`) queries it with the visible time
 * range, and only those drawings are laid out, drawn and hit-tested.
 *
 * Text is drawn with `fillText` only, never as HTML.
 */
import type {
  IPrimitivePaneRenderer,
  IPrimitivePaneView,
  ISeriesPrimitive,
  PrimitiveHoveredItem,
  SeriesAttachedParameter,
  Time,
} from "lightweight-charts";
import { chartConverter, visibleTimeRange, type SeriesLike, type TimeScaleLike } from "./converter";
import { IntervalIndex } from "./cull";
import {
  estimateLinesWidth,
  hitTest,
  layoutDrawing,
  timeExtent,
  type Converter,
  type DrawingLayout,
  type Hit,
  type LayoutOptions,
} from "./geometry";
import type { Drawing, LineStyleValue } from "./model";
import { TimeGrid } from "./time-grid";

/** What `IPrimitivePaneRenderer.draw` receives (fancy-canvas' CanvasRenderingTarget2D). */
export type RenderTarget = Parameters<IPrimitivePaneRenderer["draw"]>[0];

export interface DrawingsPrimitiveOptions {
  /** The pane (index) and series this primitive draws for. */
  pane: number;
  seriesId: string;
  /** The chart's bar grid now; asked once per frame (rebuild it when the data changes). */
  grid: () => TimeGrid;
  /** The series' values at a bar time for the magnet (O, H, L, C; one value for line series). */
  magnetValues?: (time: number) => readonly number[] | null;
  /** Handle fill. Default "#ffffff". */
  handleFill?: string;
  /** Handle radius in CSS px. Default 5. */
  handleRadius?: number;
  /** Label font family. Default "sans-serif". */
  fontFamily?: string;
  /** Text colour of boxed labels (measure). Default "#ffffff". */
  boxedLabelColor?: string;
  /** Price formatting in labels (e.g. the series' precision). Default `formatPrice`. */
  formatPrice?: (price: number) => string;
  /** Hit tolerance beyond half a line's width, CSS px. Default 4. */
  hitTolerance?: number;
}

interface Frame {
  converter: Converter | null;
  visible: Drawing[];
}

export class DrawingsPrimitive implements ISeriesPrimitive<Time> {
  private timeScale: TimeScaleLike | null = null;
  private series: SeriesLike | null = null;
  private requestUpdate: (() => void) | null = null;
  private drawings: Drawing[] = [];
  private index = new IntervalIndex<number>([]);
  private preview: Drawing | null = null;
  private selectedId: string | null = null;
  private frame: Frame = { converter: null, visible: [] };
  private lastLayouts: DrawingLayout[] = [];
  private readonly textWidths = new Map<string, number>();
  private readonly views: readonly IPrimitivePaneView[];

  readonly pane: number;
  readonly seriesId: string;

  constructor(private readonly options: DrawingsPrimitiveOptions) {
    this.pane = options.pane;
    this.seriesId = options.seriesId;
    const renderer: IPrimitivePaneRenderer = { draw: (target) => this.draw(target) };
    this.views = [{ zOrder: () => "top", renderer: () => renderer }];
  }

  attached(param: SeriesAttachedParameter<Time>): void {
    this.timeScale = param.chart.timeScale() as unknown as TimeScaleLike;
    this.series = param.series;
    this.requestUpdate = param.requestUpdate;
  }

  detached(): void {
    this.timeScale = null;
    this.series = null;
    this.requestUpdate = null;
  }

  /** The drawings of this pane and series, in z-order (last on top). Hidden ones are skipped. */
  setDrawings(drawings: readonly Drawing[]): void {
    this.drawings = drawings.filter((d) => !d.hidden);
    this.index = new IntervalIndex(
      this.drawings.map((d, i) => {
        const [start, end] = timeExtent(d);
        return { start, end, item: i };
      }),
    );
    this.requestUpdate?.();
  }

  /** A drawing being created or dragged: drawn on top, instead of a drawing with the same id. */
  setPreview(drawing: Drawing | null): void {
    this.preview = drawing;
    this.requestUpdate?.();
  }

  setSelected(id: string | null): void {
    this.selectedId = id;
    this.requestUpdate?.();
  }

  /** A converter for the chart as it is now (for a controller turning pointer positions into points). */
  converter(): Converter | null {
    return this.makeConverter();
  }

  /** The magnet's values at a time (see the options). */
  magnetValues(time: number): readonly number[] | null {
    return this.options.magnetValues?.(time) ?? null;
  }

  /** The drawings laid out in the last frame (what the user sees). */
  layouts(): readonly DrawingLayout[] {
    return this.lastLayouts;
  }

  /** What is under (x, y) in the last frame. */
  hit(x: number, y: number): Hit | null {
    return hitTest(this.lastLayouts, x, y, { selectedId: this.selectedId, tolerance: this.options.hitTolerance });
  }

  hitTest(x: number, y: number): PrimitiveHoveredItem | null {
    const hit = this.hit(x, y);
    if (hit === null) return null;
    const locked = this.lastLayouts.find((l) => l.drawing.id === hit.id)?.drawing.locked === true;
    return {
      externalId: hit.id,
      zOrder: "top",
      distance: hit.distance,
      hitTestPriority: hit.part === "anchor" ? 2 : 1,
      cursorStyle: locked ? "default" : hit.part === "anchor" ? "grab" : "move",
      itemType: "primitive",
    };
  }

  updateAllViews(): void {
    // Each paint calls this (every frame while rows stream in): with nothing to draw, the
    // chart's bar grid is not rebuilt.
    if (this.drawings.length === 0 && this.preview === null) {
      this.frame = { converter: null, visible: [] };
      return;
    }
    const converter = this.makeConverter();
    const visible: Drawing[] = [];
    if (converter !== null && this.timeScale !== null) {
      const range = visibleTimeRange(this.timeScale, this.options.grid());
      if (range !== null) {
        const order = this.index.query(range.from, range.to).sort((a, b) => a - b);
        const previewId = this.preview?.id;
        for (const i of order) if (this.drawings[i].id !== previewId) visible.push(this.drawings[i]);
      }
    }
    if (this.preview !== null && !this.preview.hidden) visible.push(this.preview);
    this.frame = { converter, visible };
  }

  paneViews(): readonly IPrimitivePaneView[] {
    return this.views;
  }

  private makeConverter(): Converter | null {
    if (this.timeScale === null || this.series === null) return null;
    return chartConverter(this.timeScale, this.series, this.options.grid());
  }

  private layoutOptions(): LayoutOptions {
    return {
      textWidth: (text, size) => this.textWidths.get(`${size}:${text}`) ?? estimateLinesWidth(text, size),
      barsBetween: (t1, t2) => this.options.grid().barsBetween(t1, t2),
      formatPrice: this.options.formatPrice,
    };
  }

  /** Lays out the frame's drawings at the target's size, draws them, keeps the layouts for hits. */
  draw(target: RenderTarget): void {
    const { converter, visible } = this.frame;
    if (converter === null) {
      this.lastLayouts = [];
      return;
    }
    target.useBitmapCoordinateSpace((scope) => {
      const view = scope.mediaSize;
      const options = this.layoutOptions();
      const layouts: DrawingLayout[] = [];
      for (const drawing of visible) {
        const layout = layoutDrawing(drawing, converter, view, options);
        if (layout !== null) layouts.push(layout);
      }
      this.lastLayouts = layouts;
      const ctx = scope.context;
      const hr = scope.horizontalPixelRatio;
      const vr = scope.verticalPixelRatio;
      ctx.save();
      for (const layout of layouts) this.drawLayout(ctx, layout, hr, vr);
      const selected = layouts.find((l) => l.drawing.id === this.selectedId);
      if (selected !== undefined) this.drawHandles(ctx, selected, hr, vr);
      ctx.restore();
    });
  }

  private drawLayout(ctx: CanvasRenderingContext2D, layout: DrawingLayout, hr: number, vr: number): void {
    const { style, kind } = layout.drawing;
    if (layout.fills.length > 0 && style.fillOpacity > 0) {
      ctx.globalAlpha = style.fillOpacity / 100;
      ctx.fillStyle = style.fillColor;
      for (const r of layout.fills) ctx.fillRect(Math.round(r.x * hr), Math.round(r.y * vr), Math.round(r.w * hr), Math.round(r.h * vr));
      ctx.globalAlpha = 1;
    }
    ctx.strokeStyle = style.color;
    ctx.lineCap = "butt";
    for (const s of layout.segments) {
      const width = s.auxiliary ? 1 : style.width;
      const bitmapWidth = Math.max(1, Math.round(width * hr));
      ctx.lineWidth = bitmapWidth;
      ctx.setLineDash(dashPattern(s.auxiliary ? 2 : style.lineStyle, bitmapWidth));
      ctx.beginPath();
      ctx.moveTo(s.x1 * hr, s.y1 * vr);
      ctx.lineTo(s.x2 * hr, s.y2 * vr);
      ctx.stroke();
    }
    ctx.setLineDash([]);
    const family = this.options.fontFamily ?? "sans-serif";
    for (const label of layout.labels) {
      const size = style.fontSize;
      ctx.font = `${Math.round(size * vr)}px ${family}`;
      ctx.textAlign = label.align;
      ctx.textBaseline = label.baseline;
      const lines = kind === "text" ? label.text.split("\n") : [label.text];
      if (kind === "text") {
        const width = Math.max(...lines.map((line) => ctx.measureText(line).width)) / hr;
        if (this.textWidths.size > 1000) this.textWidths.clear();
        this.textWidths.set(`${size}:${label.text}`, width);
      }
      if (label.boxed) {
        const width = ctx.measureText(label.text).width;
        const pad = 4 * hr;
        const h = size * 1.4 * vr;
        const y = label.baseline === "bottom" ? label.y * vr - h : label.y * vr;
        ctx.fillStyle = style.color;
        ctx.fillRect(label.x * hr - width / 2 - pad, y, width + 2 * pad, h);
        ctx.fillStyle = this.options.boxedLabelColor ?? "#ffffff";
        ctx.textBaseline = "middle";
        ctx.fillText(label.text, label.x * hr, y + h / 2);
        continue;
      }
      ctx.fillStyle = style.color;
      const lineHeight = size * 1.2 * vr;
      // Multi-line notes grow upwards from the anchor (the anchor is the bottom-left corner).
      lines.forEach((line, i) => ctx.fillText(line, label.x * hr, label.y * vr - (lines.length - 1 - i) * lineHeight));
    }
  }

  private drawHandles(ctx: CanvasRenderingContext2D, layout: DrawingLayout, hr: number, vr: number): void {
    const radius = (this.options.handleRadius ?? 5) * hr;
    ctx.lineWidth = Math.max(1, Math.round(hr));
    ctx.strokeStyle = layout.drawing.style.color;
    ctx.fillStyle = this.options.handleFill ?? "#ffffff";
    for (const a of layout.anchors) {
      ctx.beginPath();
      ctx.arc(a.x * hr, a.y * vr, radius, 0, 2 * Math.PI);
      ctx.fill();
      ctx.stroke();
    }
  }
}

/** Canvas dash pattern of a lightweight-charts line style at a line width (bitmap px). */
export function dashPattern(style: LineStyleValue, width: number): number[] {
  switch (style) {
    case 1:
      return [width, width];
    case 2:
      return [2 * width, 2 * width];
    case 3:
      return [6 * width, 6 * width];
    case 4:
      return [width, 4 * width];
    default:
      return [];
  }
}
