/**
 * The series of one chart as lightweight-charts holds them: panes made up front, one series per
 * spec with its rows, price scale, price lines and markers, and whether it shows.
 */
import {
  AreaSeries,
  BarSeries,
  BaselineSeries,
  CandlestickSeries,
  createSeriesMarkers,
  HistogramSeries,
  LineSeries,
  type IChartApi,
  type ISeriesApi,
  type ISeriesMarkersPluginApi,
  type SeriesDefinition,
  type SeriesPartialOptionsMap,
  type SeriesType as LwSeriesType,
  type Time,
} from "lightweight-charts";
import type { SeriesType } from "../shared";
import type { FlatConfig } from "../settings/schema";
import type { SeriesSpec } from "../wire/spec";
import type { LegendRow } from "./legend-values";
import { priceLineOptions, priceScaleOptions, seriesOptions } from "./options";
import { buildRows, lastDrawnRow } from "./rows";
import type { Palette } from "./theme";

const DEFINITIONS: Record<SeriesType, SeriesDefinition<LwSeriesType>> = {
  candlestick: CandlestickSeries,
  bar: BarSeries,
  line: LineSeries,
  area: AreaSeries,
  baseline: BaselineSeries,
  histogram: HistogramSeries,
};

/** One drawn series. */
export interface SeriesView {
  spec: SeriesSpec;
  api: ISeriesApi<LwSeriesType>;
  colorSlot: number;
  markers: ISeriesMarkersPluginApi<Time> | undefined;
  /** What the legend shows while the crosshair is away. */
  last: LegendRow | undefined;
  /** The user's saved settings of the series, by schema name. */
  user: FlatConfig;
}

/**
 * Panes are made up front and kept even while empty: lightweight-charts would otherwise fold a
 * series asked for pane 2 into pane 1 when pane 1 is empty, and drop panes between updates.
 */
export function layoutPanes(chart: IChartApi, stretchFactors: readonly number[]): void {
  while (chart.panes().length < stretchFactors.length) chart.addPane(true);
  while (chart.panes().length > stretchFactors.length) chart.removePane(chart.panes().length - 1);
  chart.panes().forEach((pane, i) => {
    pane.setPreserveEmptyPane(true);
    pane.setStretchFactor(stretchFactors[i]);
  });
}

/**
 * Draw one series with the user's saved settings over the code's options. With `withRows` false
 * the series starts empty: a long series gets its rows from the resampler (chart/resampled.ts),
 * never one row per bar.
 */
export function addSeries(
  chart: IChartApi,
  spec: SeriesSpec,
  colorSlot: number,
  palette: Palette,
  user: FlatConfig,
  withRows = true,
): SeriesView {
  const options = seriesOptions(spec, colorSlot, palette, user) as SeriesPartialOptionsMap[LwSeriesType];
  const api = chart.addSeries(DEFINITIONS[spec.type], options, spec.pane);
  const rows = withRows ? buildRows(spec) : [];
  api.setData(rows);
  api.priceScale().applyOptions(priceScaleOptions(spec));
  for (const line of spec.priceLines) api.createPriceLine(priceLineOptions(line));
  const markers = spec.markers.length > 0 ? createSeriesMarkers(api) : undefined;
  return { spec, api, colorSlot, markers, last: lastDrawnRow(rows), user };
}

export function removeSeries(chart: IChartApi, view: SeriesView): void {
  view.markers?.detach();
  chart.removeSeries(view.api);
}

/** A series in a collapsed pane is hidden; otherwise the user's setting wins over the code's. */
export function seriesVisible(spec: Pick<SeriesSpec, "pane" | "options">, user: FlatConfig, collapsed: ReadonlySet<number>): boolean {
  if (collapsed.has(spec.pane)) return false;
  return (user["visible"] ?? spec.options["visible"] ?? true) !== false;
}
