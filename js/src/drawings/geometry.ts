/**
 * Pixel geometry of drawings, given only a `Converter` between (time, price) and (x, y) — no chart,
 * no DOM. One layout per drawing (`layoutDrawing`) says what is drawn (segments, fills, labels,
 * anchors); the renderer strokes it and `hitTest` measures against the very same shapes.
 *
 * Log and percent price scales are the converter's business: prices stay prices, every shape is
 * straight in pixels between the converted points (as a trend line on a log chart is), and moves
 * happen in pixels (dragging on a log scale scales prices by a constant factor).
 *
 * Moving and reshaping go through `xToTime`, which answers times on the bar grid (see
 * `time-grid.ts`): a moved point lands on a bar slot, extrapolated outside the data.
 */
import { pointCount, type Drawing, type DrawingPoint } from "./model";

export interface Converter {
  /** x (CSS px) of a time in UTC seconds, any time (between bars, outside data); null when unplaceable. */
  timeToX(time: number): number | null;
  /** y (CSS px) of a price on the series' price scale (log/percent handled here). */
  priceToY(price: number): number | null;
  /** The time at x, snapped to the bar grid. */
  xToTime(x: number): number | null;
  yToPrice(y: number): number | null;
}

export interface Viewport {
  /** Pane size in CSS pixels. */
  width: number;
  height: number;
}

export interface Pt {
  x: number;
  y: number;
}

export interface Segment {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  /** An auxiliary line (the fib diagonal, measure arrows): drawn dashed and thin whatever the style. */
  auxiliary?: boolean;
}

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Label {
  x: number;
  y: number;
  text: string;
  align: "left" | "center" | "right";
  baseline: "top" | "middle" | "bottom";
  /** Draw a filled box behind the text (measure stats). */
  boxed?: boolean;
}

export interface DrawingLayout {
  drawing: Drawing;
  /** Pixel positions of the handles, by anchor index (see `moveAnchor`). */
  anchors: Pt[];
  /** Stroked lines, already extended and clipped to the pane. */
  segments: Segment[];
  /** Filled areas (rectangle, measure box); inside counts as the body for hit-testing. */
  fills: Rect[];
  labels: Label[];
  /** A text note's box (estimated width); inside counts as the body. */
  textBox?: Rect;
}

export interface LayoutOptions {
  /** Width of a text (its longest line) in CSS px at a font size; default 0.6 × fontSize per character. */
  textWidth?: (text: string, fontSize: number) => number;
  /** Bars between two times (measure); default: not shown. */
  barsBetween?: (t1: number, t2: number) => number | null;
  /** Price formatting of labels; default `formatPrice`. */
  formatPrice?: (price: number) => string;
}

/** Prices in labels: 2 decimals from 1 up, 4 significant digits below. */
export function formatPrice(price: number): string {
  return Math.abs(price) >= 1 || price === 0 ? price.toFixed(2) : price.toPrecision(4);
}

/** The layout of one drawing, or null when its points cannot be placed (no bars, no price scale). */
export function layoutDrawing(drawing: Drawing, conv: Converter, view: Viewport, options: LayoutOptions = {}): DrawingLayout | null {
  if (drawing.points.length !== pointCount(drawing.kind)) return null;
  const style = drawing.style;
  const layout: DrawingLayout = { drawing, anchors: [], segments: [], fills: [], labels: [] };
  const fmt = options.formatPrice ?? formatPrice;
  const [p0, p1] = drawing.points;
  switch (drawing.kind) {
    case "trend_line":
    case "ray":
    case "extended_line": {
      const a = toPixel(p0, conv);
      const b = toPixel(p1, conv);
      if (a === null || b === null) return null;
      layout.anchors.push(a, b);
      pushSegment(layout, clipLine(a, b, style.extendLeft ? -Infinity : 0, style.extendRight ? Infinity : 1, view));
      if (drawing.text) layout.labels.push({ x: b.x, y: b.y - 4, text: drawing.text, align: "left", baseline: "bottom" });
      break;
    }
    case "horizontal_line":
    case "horizontal_ray": {
      const y = conv.priceToY(p0.price);
      if (y === null) return null;
      const x = conv.timeToX(p0.time);
      if (drawing.kind === "horizontal_ray" && x === null) return null;
      const ax = x ?? view.width / 2;
      layout.anchors.push({ x: ax, y });
      const from = drawing.kind === "horizontal_ray" ? ax : 0;
      pushSegment(layout, clipLine({ x: from, y }, { x: view.width, y }, 0, 1, view));
      const text = drawing.text ? drawing.text : "";
      if (text) layout.labels.push({ x: Math.max(from, 0) + 4, y: y - 4, text, align: "left", baseline: "bottom" });
      break;
    }
    case "vertical_line": {
      const x = conv.timeToX(p0.time);
      if (x === null) return null;
      layout.anchors.push({ x, y: conv.priceToY(p0.price) ?? view.height / 2 });
      pushSegment(layout, clipLine({ x, y: 0 }, { x, y: view.height }, 0, 1, view));
      if (drawing.text) layout.labels.push({ x: x + 4, y: 4, text: drawing.text, align: "left", baseline: "top" });
      break;
    }
    case "rectangle": {
      const a = toPixel(p0, conv);
      const b = toPixel(p1, conv);
      if (a === null || b === null) return null;
      // Anchors: the two stored corners, then the other two (see moveAnchor).
      layout.anchors.push(a, b, { x: a.x, y: b.y }, { x: b.x, y: a.y });
      const left = style.extendLeft ? Math.min(0, a.x, b.x) : Math.min(a.x, b.x);
      const right = style.extendRight ? Math.max(view.width, a.x, b.x) : Math.max(a.x, b.x);
      const top = Math.min(a.y, b.y);
      const bottom = Math.max(a.y, b.y);
      layout.fills.push({ x: left, y: top, w: right - left, h: bottom - top });
      const corners: Pt[] = [{ x: left, y: top }, { x: right, y: top }, { x: right, y: bottom }, { x: left, y: bottom }];
      for (let i = 0; i < 4; i++) pushSegment(layout, clipLine(corners[i], corners[(i + 1) % 4], 0, 1, view));
      if (drawing.text) layout.labels.push({ x: left + 4, y: top + 4, text: drawing.text, align: "left", baseline: "top" });
      break;
    }
    case "fib_retracement": {
      const a = toPixel(p0, conv);
      const b = toPixel(p1, conv);
      if (a === null || b === null) return null;
      layout.anchors.push(a, b);
      pushSegment(layout, clipLine(a, b, 0, 1, view), true);
      const left = style.extendLeft ? 0 : Math.min(a.x, b.x);
      const right = style.extendRight ? view.width : Math.max(a.x, b.x);
      for (const { level, price } of fibLevels(drawing)) {
        const y = conv.priceToY(price);
        if (y === null) continue;
        pushSegment(layout, clipLine({ x: left, y }, { x: right, y }, 0, 1, view));
        if (style.showLabels) {
          layout.labels.push({ x: left + 2, y: y - 2, text: `${level} (${fmt(price)})`, align: "left", baseline: "bottom" });
        }
      }
      break;
    }
    case "text": {
      const a = toPixel(p0, conv);
      if (a === null) return null;
      layout.anchors.push(a);
      const text = drawing.text ?? "";
      const size = style.fontSize;
      // Lines stack upwards from the anchor, the bottom-left corner of the note.
      const lines = text.split("\n");
      const width = (options.textWidth ?? estimateLinesWidth)(text, size);
      const height = lines.length * size * 1.2;
      layout.labels.push({ x: a.x, y: a.y, text, align: "left", baseline: "bottom" });
      layout.textBox = { x: a.x, y: a.y - height, w: Math.max(width, size / 2), h: height };
      break;
    }
    case "measure": {
      const a = toPixel(p0, conv);
      const b = toPixel(p1, conv);
      if (a === null || b === null) return null;
      layout.anchors.push(a, b);
      const box = { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), w: Math.abs(b.x - a.x), h: Math.abs(b.y - a.y) };
      layout.fills.push(box);
      const midX = (a.x + b.x) / 2;
      const midY = (a.y + b.y) / 2;
      pushSegment(layout, clipLine({ x: midX, y: a.y }, { x: midX, y: b.y }, 0, 1, view), true);
      pushSegment(layout, clipLine({ x: a.x, y: midY }, { x: b.x, y: midY }, 0, 1, view), true);
      if (style.showLabels) {
        const stats = measureStats(drawing, options.barsBetween);
        const up = b.y <= a.y;
        layout.labels.push({
          x: midX,
          y: up ? box.y - 4 : box.y + box.h + 4,
          text: formatMeasure(stats, fmt),
          align: "center",
          baseline: up ? "bottom" : "top",
          boxed: true,
        });
      }
      break;
    }
  }
  return layout;
}

function toPixel(point: DrawingPoint, conv: Converter): Pt | null {
  const x = conv.timeToX(point.time);
  const y = conv.priceToY(point.price);
  return x === null || y === null ? null : { x, y };
}

function pushSegment(layout: DrawingLayout, segment: Segment | null, auxiliary = false): void {
  if (segment === null) return;
  if (auxiliary) segment.auxiliary = true;
  layout.segments.push(segment);
}

export function estimateTextWidth(text: string, fontSize: number): number {
  return text.length * fontSize * 0.6;
}

/** The estimated width of the longest line of a text. */
export function estimateLinesWidth(text: string, fontSize: number): number {
  return Math.max(...text.split("\n").map((line) => estimateTextWidth(line, fontSize)));
}

/**
 * The part of the line a + t·(b − a), tMin ≤ t ≤ tMax, inside the pane (Liang–Barsky); null when
 * none is. tMin = −∞ extends beyond a, tMax = +∞ beyond b. A degenerate line (a = b) is not
 * extended.
 */
export function clipLine(a: Pt, b: Pt, tMin: number, tMax: number, view: Viewport): Segment | null {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  if (dx === 0 && dy === 0) {
    tMin = 0;
    tMax = 1;
  }
  const p = [-dx, dx, -dy, dy];
  const q = [a.x, view.width - a.x, a.y, view.height - a.y];
  for (let i = 0; i < 4; i++) {
    if (p[i] === 0) {
      if (q[i] < 0) return null;
      continue;
    }
    const r = q[i] / p[i];
    if (p[i] < 0) {
      if (r > tMax) return null;
      if (r > tMin) tMin = r;
    } else {
      if (r < tMin) return null;
      if (r < tMax) tMax = r;
    }
  }
  if (!Number.isFinite(tMin) || !Number.isFinite(tMax)) return null;
  return { x1: a.x + tMin * dx, y1: a.y + tMin * dy, x2: a.x + tMax * dx, y2: a.y + tMax * dy };
}

/** Distance from (x, y) to a segment. */
export function distanceToSegment(x: number, y: number, s: Segment): number {
  const dx = s.x2 - s.x1;
  const dy = s.y2 - s.y1;
  const length2 = dx * dx + dy * dy;
  let t = length2 === 0 ? 0 : ((x - s.x1) * dx + (y - s.y1) * dy) / length2;
  t = Math.max(0, Math.min(1, t));
  return Math.hypot(x - (s.x1 + t * dx), y - (s.y1 + t * dy));
}

function inside(x: number, y: number, r: Rect): boolean {
  return x >= r.x && x <= r.x + r.w && y >= r.y && y <= r.y + r.h;
}

export interface HitOptions {
  /** Extra pixels around a line (beyond half its width) that still hit it. Default 4. */
  tolerance?: number;
  /** Radius of an anchor handle's hit area. Default 8. */
  anchorRadius?: number;
  /** Only this drawing's anchors can be hit (the handles shown). Default none. */
  selectedId?: string | null;
}

export interface Hit {
  id: string;
  /** "anchor": a handle of the selected drawing; "body": anything else of a drawing. */
  part: "anchor" | "body";
  /** The anchor's index (part "anchor"). */
  anchor?: number;
  /** Pixels from the pointer to what was hit (0 inside a fill). */
  distance: number;
}

/**
 * What is under (x, y): the selected drawing's anchors first, then the body nearest to the pointer
 * (lines within width/2 + tolerance, inside fills and text boxes); on equal distance the drawing
 * drawn last (on top) wins. Hidden drawings must not be in `layouts`.
 */
export function hitTest(layouts: readonly DrawingLayout[], x: number, y: number, options: HitOptions = {}): Hit | null {
  const tolerance = options.tolerance ?? 4;
  const radius = options.anchorRadius ?? 8;
  const selected = options.selectedId ?? null;
  if (selected !== null) {
    for (let i = layouts.length - 1; i >= 0; i--) {
      const layout = layouts[i];
      if (layout.drawing.id !== selected) continue;
      let best: Hit | null = null;
      layout.anchors.forEach((a, index) => {
        const distance = Math.hypot(a.x - x, a.y - y);
        if (distance <= radius && (best === null || distance < best.distance)) best = { id: selected, part: "anchor", anchor: index, distance };
      });
      if (best !== null) return best;
    }
  }
  let best: Hit | null = null;
  for (let i = layouts.length - 1; i >= 0; i--) {
    const distance = bodyDistance(layouts[i], x, y, tolerance);
    if (distance !== null && (best === null || distance < best.distance)) best = { id: layouts[i].drawing.id, part: "body", distance };
  }
  return best;
}

/** Distance from the pointer to a drawing's body, or null when it is not hit. */
export function bodyDistance(layout: DrawingLayout, x: number, y: number, tolerance = 4): number | null {
  const reach = layout.drawing.style.width / 2 + tolerance;
  let best: number | null = null;
  for (const segment of layout.segments) {
    const d = distanceToSegment(x, y, segment);
    if (d <= reach && (best === null || d < best)) best = d;
  }
  const filled = layout.drawing.kind === "measure" || layout.drawing.style.fillOpacity > 0;
  if (filled && layout.fills.some((r) => inside(x, y, r))) best = 0;
  if (layout.textBox !== undefined && inside(x, y, layout.textBox)) best = 0;
  return best;
}

/**
 * The drawing moved by a pixel delta: each point goes to x + dx, y + dy and back to (time,
 * price), the time on the bar grid. Only the price of horizontal lines/rays' price and the time of
 * vertical lines move along their free axis. Null when a point cannot be converted. The input is
 * not modified; `lastModified` is left to the caller.
 */
export function moveDrawing(drawing: Drawing, dx: number, dy: number, conv: Converter): Drawing | null {
  const points: DrawingPoint[] = [];
  const horizontal = drawing.kind === "horizontal_line";
  const vertical = drawing.kind === "vertical_line";
  for (const point of drawing.points) {
    let time = point.time;
    let price = point.price;
    if (!horizontal) {
      const x = conv.timeToX(point.time);
      const t = x === null ? null : conv.xToTime(x + dx);
      if (t === null) return null;
      time = t;
    }
    if (!vertical) {
      const y = conv.priceToY(point.price);
      const p = y === null ? null : conv.yToPrice(y + dy);
      if (p === null) return null;
      price = p;
    }
    points.push({ time, price });
  }
  return { ...drawing, points, style: { ...drawing.style } };
}

/**
 * The drawing with one anchor dragged to (x, y). Anchors are the points in order; a rectangle also
 * has anchor 2 = (time of point 0, price of point 1) and anchor 3 = (time of point 1, price of
 * point 0), its other two corners. Null when (x, y) cannot be converted or the anchor is unknown.
 */
export function moveAnchor(drawing: Drawing, anchor: number, x: number, y: number, conv: Converter): Drawing | null {
  const time = conv.xToTime(x);
  const price = conv.yToPrice(y);
  if (time === null || price === null) return null;
  const points = drawing.points.map((p) => ({ ...p }));
  if (anchor < points.length) {
    points[anchor] = { time, price };
  } else if (drawing.kind === "rectangle" && anchor === 2) {
    points[0].time = time;
    points[1].price = price;
  } else if (drawing.kind === "rectangle" && anchor === 3) {
    points[1].time = time;
    points[0].price = price;
  } else {
    return null;
  }
  return { ...drawing, points, style: { ...drawing.style } };
}

/** The price of a fib level: level 0 at the second point, 1 at the first (a retracement of the move). */
export function fibPrice(first: number, second: number, level: number): number {
  return second + (first - second) * level;
}

export function fibLevels(drawing: Drawing): { level: number; price: number }[] {
  const [a, b] = drawing.points;
  if (a === undefined || b === undefined) return [];
  return (drawing.levels ?? []).map((level) => ({ level, price: fibPrice(a.price, b.price, level) }));
}

export interface MeasureStats {
  /** Second price − first price. */
  change: number;
  /** change / |first price| × 100; null when the first price is 0. */
  percent: number | null;
  /** Bars from the first time to the second (signed, rounded); null when unknown. */
  bars: number | null;
  /** Seconds from the first time to the second (signed). */
  duration: number;
}

export function measureStats(drawing: Drawing, barsBetween?: (t1: number, t2: number) => number | null): MeasureStats {
  const [a, b] = drawing.points;
  const change = b.price - a.price;
  const bars = barsBetween?.(a.time, b.time) ?? null;
  return {
    change,
    percent: a.price === 0 ? null : (change / Math.abs(a.price)) * 100,
    bars: bars === null ? null : Math.round(bars),
    duration: b.time - a.time,
  };
}

/** "+12.50 (+5.00%), 42 bars, 3d 4h" (the bars part only when known). */
export function formatMeasure(stats: MeasureStats, fmt: (price: number) => string = formatPrice): string {
  const sign = (v: number) => (v > 0 ? "+" : v < 0 ? "−" : "");
  const parts = [`${sign(stats.change)}${fmt(Math.abs(stats.change))}`];
  if (stats.percent !== null) parts[0] += ` (${sign(stats.percent)}${Math.abs(stats.percent).toFixed(2)}%)`;
  if (stats.bars !== null) parts.push(`${stats.bars} bar${Math.abs(stats.bars) === 1 ? "" : "s"}`);
  parts.push(formatDuration(stats.duration));
  return parts.join(", ");
}

/** The two largest non-zero units of d/h/m/s: 93784 → "1d 2h"; 0 → "0s"; negative → "−1h". */
export function formatDuration(seconds: number): string {
  const sign = seconds < 0 ? "−" : "";
  let rest = Math.round(Math.abs(seconds));
  const units: [string, number][] = [["d", 86_400], ["h", 3_600], ["m", 60], ["s", 1]];
  const counts = units.map(([, size]) => {
    const count = Math.floor(rest / size);
    rest -= count * size;
    return count;
  });
  const first = counts.findIndex((c) => c > 0);
  const parts: string[] = [];
  if (first >= 0) parts.push(`${counts[first]}${units[first][0]}`);
  if (first >= 0 && first + 1 < units.length && counts[first + 1] > 0) parts.push(`${counts[first + 1]}${units[first + 1][0]}`);
  const text = parts.join(" ");
  return sign + (text === "" ? "0s" : text);
}

/**
 * Magnet: the point under the cursor with its price snapped to the nearest of the values of the
 * bar at that time (open/high/low/close; a single value for line series), nearest in pixels so
 * it is right on log scales. `values` answers the bar values at a (grid) time, or null where
 * there is no bar. Snaps only within `thresholdPx` (default Infinity: always, a "strong" magnet).
 */
export function pointerPoint(
  x: number,
  y: number,
  conv: Converter,
  magnet?: { values: (time: number) => readonly number[] | null; thresholdPx?: number },
): DrawingPoint | null {
  const time = conv.xToTime(x);
  const price = conv.yToPrice(y);
  if (time === null || price === null) return null;
  if (magnet === undefined) return { time, price };
  const values = magnet.values(time);
  const threshold = magnet.thresholdPx ?? Infinity;
  let best = price;
  let bestDistance = Infinity;
  // The first of equally near values wins (open before high, low, close).
  for (const value of values ?? []) {
    const vy = conv.priceToY(value);
    if (vy === null) continue;
    const distance = Math.abs(vy - y);
    if (distance <= threshold && distance < bestDistance) {
      best = value;
      bestDistance = distance;
    }
  }
  return { time, price: best };
}

/**
 * The time extent a drawing can be seen in, for culling: [min time, max time] of its points,
 * widened to ±Infinity where it extends (rays, extended lines, horizontal lines, extended
 * rectangles/fibs).
 */
export function timeExtent(drawing: Drawing): [number, number] {
  const times = drawing.points.map((p) => p.time);
  let low = Math.min(...times);
  let high = Math.max(...times);
  const s = drawing.style;
  switch (drawing.kind) {
    case "horizontal_line":
      return [-Infinity, Infinity];
    case "horizontal_ray":
      return [low, Infinity];
    case "trend_line":
    case "ray":
    case "extended_line": {
      const [a, b] = drawing.points;
      // Extending beyond a point goes away from the other point in time (nowhere when vertical).
      if (s.extendLeft && a.time < b.time) low = -Infinity;
      if (s.extendLeft && a.time > b.time) high = Infinity;
      if (s.extendRight && b.time > a.time) high = Infinity;
      if (s.extendRight && b.time < a.time) low = -Infinity;
      return [low, high];
    }
    case "rectangle":
    case "fib_retracement":
      return [s.extendLeft ? -Infinity : low, s.extendRight ? Infinity : high];
    default:
      return [low, high];
  }
}
