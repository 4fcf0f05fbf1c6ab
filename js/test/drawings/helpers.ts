// Shared fakes of the drawings tests: a bar grid, linear/log/percent price scales, a fake chart
// and a 2D context that records calls.
import { chartConverter, type SeriesLike, type TimeScaleLike } from "../../src/drawings/converter";
import type { Converter } from "../../src/drawings/geometry";
import { createDrawing, type DrawingKind, type DrawingPoint, type Drawing } from "../../src/drawings/model";
import { TimeGrid } from "../../src/drawings/time-grid";

export const T0 = 1_704_067_200; // 2024-01-01 00:00 UTC
export const DAY = 86_400;
/** x of logical 0, and pixels per bar. */
export const X0 = 50;
export const SPACING = 10;
export const VIEW = { width: 800, height: 400 };

/** 100 daily bars from T0. */
export function dailyGrid(bars = 100): TimeGrid {
  return new TimeGrid(Array.from({ length: bars }, (_, i) => T0 + i * DAY));
}

export function fakeTimeScale(visible: { from: number; to: number } | null = { from: 0, to: 75 }): TimeScaleLike {
  return { logicalToCoordinate: (l) => X0 + l * SPACING, getVisibleLogicalRange: () => visible };
}

/** Linear: 2 px per price unit, price 200 at y = 0. */
export const linearSeries: SeriesLike = {
  priceToCoordinate: (p) => (200 - p) * 2,
  coordinateToPrice: (y) => 200 - y / 2,
};

/** Log: prices 1..10_000 over 400 px (100 px per decade), 10_000 at y = 0. */
export const logSeries: SeriesLike = {
  priceToCoordinate: (p) => (p > 0 ? (4 - Math.log10(p)) * 100 : null),
  coordinateToPrice: (y) => 10 ** (4 - y / 100),
};

/** Percent against a base price of 50: +100 % at y = 0, 4 px per percent. */
export const percentSeries: SeriesLike = {
  priceToCoordinate: (p) => (100 - ((p - 50) / 50) * 100) * 2,
  coordinateToPrice: (y) => 50 + ((100 - y / 2) / 100) * 50,
};

export function converter(series: SeriesLike = linearSeries, grid = dailyGrid()): Converter {
  const conv = chartConverter(fakeTimeScale(), series, grid);
  if (conv === null) throw new Error("no converter");
  return conv;
}

/** Time of bar i. */
export const bar = (i: number) => T0 + i * DAY;

export function drawing(kind: DrawingKind, points: DrawingPoint[], extra: Partial<Drawing> = {}): Drawing {
  return { ...createDrawing({ id: extra.id ?? kind, kind, points, seriesId: "main", lastModified: 1 }), ...extra };
}

export interface Call {
  name: string;
  args: unknown[];
  /** Canvas state when called (fill/stroke style, font, line dash...). */
  state: Record<string, unknown>;
}

/** A CanvasRenderingContext2D that records method calls; measureText is 7 px per character. */
export function recordingContext(): { ctx: CanvasRenderingContext2D; calls: Call[] } {
  const calls: Call[] = [];
  const state: Record<string, unknown> = { globalAlpha: 1 };
  let dash: number[] = [];
  const stack: Record<string, unknown>[] = [];
  const methods: Record<string, (...args: unknown[]) => unknown> = {
    setLineDash: (d) => (dash = [...(d as number[])]),
    getLineDash: () => dash,
    measureText: (text) => ({ width: String(text).length * 7 }),
    save: () => stack.push({ ...state }),
    restore: () => Object.assign(state, stack.pop()),
  };
  const ctx = new Proxy(
    {},
    {
      get(_, name: string) {
        if (name in state) return state[name];
        return (...args: unknown[]) => {
          calls.push({ name, args, state: { ...state, lineDash: dash } });
          return methods[name]?.(...args);
        };
      },
      set(_, name: string, value) {
        state[name] = value;
        return true;
      },
    },
  );
  return { ctx: ctx as unknown as CanvasRenderingContext2D, calls };
}

/** A render target like fancy-canvas' CanvasRenderingTarget2D at a pixel ratio. */
export function renderTarget(ctx: CanvasRenderingContext2D, ratio = 1, size = VIEW) {
  const bitmapSize = { width: size.width * ratio, height: size.height * ratio };
  return {
    useBitmapCoordinateSpace: <T>(f: (scope: never) => T): T =>
      f({ context: ctx, mediaSize: size, bitmapSize, horizontalPixelRatio: ratio, verticalPixelRatio: ratio } as never),
    useMediaCoordinateSpace: <T>(f: (scope: never) => T): T => f({ context: ctx, mediaSize: size } as never),
  };
}
