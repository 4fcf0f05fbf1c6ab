/**
 * Spec → lightweight-charts options, as pure functions: everything here can be checked in a unit
 * test without a canvas. Our defaults sit underneath; what Python gave (chart `options`, series
 * `options`) is deep-merged on top and wins, and the user's saved settings win over that.
 */
import {
  ColorType,
  PriceScaleMode,
  type ChartOptions,
  type CreatePriceLineOptions,
  type DeepPartial,
  type LineStyle,
  type LineWidth,
  type PriceScaleOptions,
  type SeriesMarker,
  type SeriesMarkerPosition,
  type SeriesMarkerShape,
  type TextWatermarkOptions,
  type UTCTimestamp,
} from "lightweight-charts";
import { withAlpha } from "./color";
import { DEFAULT_BAR_SPACING_PX, needsResampling } from "./resampled";
import { timeZoneFormatters } from "./time-zone";
import { deepMerge, type PlainObject } from "./deep-merge";
import { toSeriesOptions, withPercentScale } from "../settings/flat-options";
import { schemaDefaults, type FlatConfig } from "../settings/schema";
import type {
  ChartSpec,
  MarkerSpec,
  PriceLineSpec,
  SeriesSpec,
  WatermarkSpec,
} from "../wire/spec";
import type { PriceScaleModeName } from "../shared";
import type { Palette, Theme } from "./theme";

/** Watermark defaults: big, centred, faint. */
export const WATERMARK_FONT_SIZE = 48;

const SECONDS_PER_DAY = 86_400;

/**
 * From this many bars in one series on, lightweight-charts' data conflation is turned on: when
 * zoomed out it draws one merged bar per pixel instead of thousands, which keeps pans and zooms
 * of 1M-bar series smooth. Below it every bar is drawn as is. A chart `options.timeScale`
 * setting from Python overrides this.
 */
export const CONFLATION_MIN_BARS = 20_000;

/**
 * Room right of the last bar, in font sizes: half the widest time label lightweight-charts draws
 * ("00:00:00", 8 characters, about 4 font sizes wide). lightweight-charts centres a time label
 * on its bar and cuts it at the axis' end, so with the last bar at the right edge (its default)
 * a tick there showed "Ma" for "May". Kept in pixels, so it holds at every zoom.
 */
export const TIME_LABEL_ROOM_EM = 2;
const DEFAULT_FONT_SIZE = 12;

/** Pixels kept free right of the last bar, unless Python set an offset of its own. */
export function rightOffsetPixels(spec: ChartSpec): number | undefined {
  const timeScale = spec.options["timeScale"] as Record<string, unknown> | undefined;
  if (timeScale?.["rightOffset"] !== undefined || timeScale?.["rightOffsetPixels"] !== undefined) return undefined;
  const layout = spec.options["layout"] as Record<string, unknown> | undefined;
  const fontSize = typeof layout?.["fontSize"] === "number" ? layout["fontSize"] : DEFAULT_FONT_SIZE;
  return Math.ceil(TIME_LABEL_ROOM_EM * fontSize);
}

/**
 * The room right of the last bar as time-scale options: in pixels, except on a resampled chart,
 * whose re-plans set the view in bars (chart/resampled.ts); lightweight-charts lets a pixel offset
 * win over `rightOffset`, so there the room is in bars at the default bar spacing.
 */
function rightRoom(spec: ChartSpec): { rightOffsetPixels?: number; rightOffset?: number } {
  const pixels = rightOffsetPixels(spec);
  if (pixels === undefined) return {};
  if (needsResampling(spec.series)) return { rightOffset: Math.ceil(pixels / DEFAULT_BAR_SPACING_PX) };
  return { rightOffsetPixels: pixels };
}

export function chartOptions(spec: ChartSpec, theme: Theme): DeepPartial<ChartOptions> {
  const p = theme.palette;
  const usesLeft = spec.series.some((s) => s.priceScale.id === "left");
  const usesRight = spec.series.some((s) => s.priceScale.id === "right");
  const intraday = hasIntradayTimes(spec);
  const zoned = spec.timeZone === null ? undefined : timeZoneFormatters(spec.timeZone, intraday);
  const base: DeepPartial<ChartOptions> = {
    // The container's CSS size drives the chart (autoSize); height is also set on the container.
    autoSize: true,
    height: spec.height,
    layout: {
      background: { type: ColorType.Solid, color: p.background },
      textColor: p.text,
      attributionLogo: spec.attribution,
      panes: { separatorColor: p.border, separatorHoverColor: withAlpha(p.text, 0.15) },
    },
    grid: { vertLines: { color: p.grid }, horzLines: { color: p.grid } },
    // Right is lightweight-charts' home scale: keep it unless every series moved left.
    // entireTextOnly: a tick whose label would be cut at the top or bottom of the pane gets none.
    rightPriceScale: { visible: usesRight || !usesLeft, borderColor: p.border, entireTextOnly: true },
    leftPriceScale: { visible: usesLeft, borderColor: p.border, entireTextOnly: true },
    timeScale: {
      borderColor: p.border,
      ...rightRoom(spec),
      timeVisible: intraday,
      enableConflation: spec.series.some((s) => s.length >= CONFLATION_MIN_BARS),
      ...(zoned === undefined ? {} : { tickMarkFormatter: zoned.tickMarkFormatter }),
    },
    ...(zoned === undefined ? {} : { localization: { timeFormatter: zoned.timeFormatter } }),
  };
  return deepMerge(base, spec.options);
}

/** Whether any bar falls off midnight UTC: then the time axis must show hours, not just dates. */
export function hasIntradayTimes(spec: ChartSpec): boolean {
  return spec.series.some((series) => {
    const time = series.columns["time"];
    if (time === undefined) return false;
    for (let i = 0; i < time.length; i++) if (time[i] % SECONDS_PER_DAY !== 0) return true;
    return false;
  });
}

/** Stretch factor per pane; as many panes as declared or used by a series, at least one. */
export function paneStretchFactors(spec: ChartSpec): number[] {
  const count = Math.max(1, spec.panes.length, ...spec.series.map((s) => s.pane + 1));
  return Array.from({ length: count }, (_, i) => spec.panes[i]?.stretchFactor ?? 1);
}

/**
 * Which palette colour each series takes: line, area and histogram series take the next colour in
 * turn; OHLC and baseline series use the up/down colours and take none.
 */
export function colorSlots(series: readonly SeriesSpec[]): number[] {
  let next = 0;
  return series.map((s) => (s.type === "line" || s.type === "area" || s.type === "histogram" ? next++ : -1));
}

/**
 * A series' lightweight-charts options, in layers from the bottom: the schema defaults (so a key
 * the user resets goes back to its default rather than keeping the last applied value), theme
 * defaults per type, the price scale, the options given in code, and on top the user's saved
 * settings. Code and user options use the flat schema names and are translated here, once.
 */
export function seriesOptions(
  series: SeriesSpec,
  colorSlot: number,
  palette: Palette,
  userConfig: FlatConfig = {},
): PlainObject {
  const flat: FlatConfig = { ...series.options, ...userConfig };
  const slotColor = palette.series[Math.max(colorSlot, 0) % palette.series.length];
  const { up, down } = palette;
  let defaults: PlainObject;
  switch (series.type) {
    case "candlestick":
      defaults = {
        upColor: up,
        downColor: down,
        borderUpColor: up,
        borderDownColor: down,
        wickUpColor: up,
        wickDownColor: down,
      };
      break;
    case "bar":
      defaults = { upColor: up, downColor: down };
      break;
    case "line":
      defaults = { color: slotColor, lineWidth: 2 };
      break;
    case "area": {
      // Fills follow the line colour chosen in code or in the dialog, not only ours.
      const line = typeof flat["lineColor"] === "string" ? flat["lineColor"] : slotColor;
      defaults = { lineColor: line, topColor: withAlpha(line, 0.4), bottomColor: withAlpha(line, 0), lineWidth: 2 };
      break;
    }
    case "baseline":
      defaults = {
        topLineColor: up,
        topFillColor1: withAlpha(up, 0.28),
        topFillColor2: withAlpha(up, 0.05),
        bottomLineColor: down,
        bottomFillColor1: withAlpha(down, 0.05),
        bottomFillColor2: withAlpha(down, 0.28),
      };
      break;
    case "histogram":
      defaults = { color: slotColor };
      break;
  }
  const base = deepMerge(toSeriesOptions(schemaDefaults(series.type)), { ...defaults, priceScaleId: series.priceScale.id });
  return withPercentScale(deepMerge(base, toSeriesOptions(flat)));
}

const SCALE_MODES: Record<PriceScaleModeName, PriceScaleMode> = {
  normal: PriceScaleMode.Normal,
  log: PriceScaleMode.Logarithmic,
  percent: PriceScaleMode.Percentage,
  indexed: PriceScaleMode.IndexedTo100,
};

/** Options for the price scale a series sits on (applied through `series.priceScale()`). */
export function priceScaleOptions(series: SeriesSpec): DeepPartial<PriceScaleOptions> {
  return { mode: SCALE_MODES[series.priceScale.mode] };
}

export function watermarkOptions(watermark: WatermarkSpec, palette: Palette): DeepPartial<TextWatermarkOptions> {
  return {
    visible: true,
    horzAlign: watermark.horzAlign ?? "center",
    vertAlign: watermark.vertAlign ?? "center",
    lines: [
      {
        text: watermark.text,
        color: watermark.color ?? palette.watermark,
        fontSize: watermark.fontSize ?? WATERMARK_FONT_SIZE,
      },
    ],
  };
}

/** Markers in time order (the markers plugin expects them sorted); colour defaults to the text colour. */
export function seriesMarkers(markers: readonly MarkerSpec[], palette: Palette): SeriesMarker<UTCTimestamp>[] {
  return markers
    .map(
      (m) =>
        dropUndefined({
          time: m.time as UTCTimestamp,
          position: m.position as SeriesMarkerPosition,
          shape: m.shape as SeriesMarkerShape,
          color: m.color ?? palette.text,
          text: m.text,
          size: m.size,
          price: m.price,
        }) as SeriesMarker<UTCTimestamp>,
    )
    .sort((a, b) => a.time - b.time);
}

/** Only the keys Python gave; lightweight-charts' own defaults fill the rest. */
export function priceLineOptions(line: PriceLineSpec): CreatePriceLineOptions {
  return dropUndefined({
    price: line.price,
    title: line.title,
    color: line.color,
    lineWidth: line.lineWidth as LineWidth | undefined,
    lineStyle: line.lineStyle as LineStyle | undefined,
    axisLabelVisible: line.axisLabelVisible,
  });
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
