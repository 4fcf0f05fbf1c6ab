/**
 * One chart on the page: owns a lightweight-charts `IChartApi` inside a `div.lwcharts` root and
 * turns each decoded spec into panes, series, markers, price lines, watermark and legend. Hosts
 * only create it, feed it payloads and host themes, and destroy it.
 */
import {
  AreaSeries,
  BarSeries,
  BaselineSeries,
  CandlestickSeries,
  createChart,
  createSeriesMarkers,
  createTextWatermark,
  HistogramSeries,
  LineSeries,
  type IChartApi,
  type ISeriesApi,
  type ISeriesMarkersPluginApi,
  type ITextWatermarkPluginApi,
  type MouseEventParams,
  type SeriesDefinition,
  type SeriesPartialOptionsMap,
  type SeriesType as LwSeriesType,
  type Time,
} from "lightweight-charts";
import { Legend } from "./legend";
import { legendColor, legendValueText, type LegendRow } from "./legend-values";
import { buildRows, lastDrawnRow } from "./rows";
import type { ChartSpec, SeriesSpec, SeriesType } from "./spec";
import { createStyle, paletteProperties } from "./styles";
import { installTestHook, type ChartSnapshot } from "./test-hook";
import { resolveTheme, type HostTheme, type Theme } from "./theme";
import {
  chartOptions,
  colorSlots,
  paneStretchFactors,
  priceLineOptions,
  priceScaleOptions,
  seriesMarkers,
  seriesOptions,
  watermarkOptions,
} from "./translate";
import { asBytes, decodeEnvelope, sameBytes, type Payload } from "./wire";

const DEFINITIONS: Record<SeriesType, SeriesDefinition<LwSeriesType>> = {
  candlestick: CandlestickSeries,
  bar: BarSeries,
  line: LineSeries,
  area: AreaSeries,
  baseline: BaselineSeries,
  histogram: HistogramSeries,
};

/** Legend distance from the plot area's top-left corner, px. */
const LEGEND_INSET = 8;

interface SeriesView {
  spec: SeriesSpec;
  api: ISeriesApi<LwSeriesType>;
  colorSlot: number;
  markers: ISeriesMarkersPluginApi<Time> | undefined;
  /** What the legend shows while the crosshair is away. */
  last: LegendRow | undefined;
}

export class ChartView {
  readonly root: HTMLDivElement;
  private readonly container: HTMLDivElement;
  private readonly error: HTMLDivElement;
  private readonly legend: Legend;
  private readonly chart: IChartApi;
  private hostTheme: HostTheme;
  private theme: Theme;
  private spec: ChartSpec | undefined;
  private series: SeriesView[] = [];
  private watermark: ITextWatermarkPluginApi<Time> | undefined;
  private drawn: Uint8Array | undefined;
  private legendFrame = 0;

  constructor(parent: HTMLElement | ShadowRoot, hostTheme: HostTheme) {
    const doc = parent.ownerDocument ?? document;
    this.hostTheme = hostTheme;
    this.theme = resolveTheme("auto", hostTheme);
    this.root = doc.createElement("div");
    this.root.className = "lwcharts";
    this.container = doc.createElement("div");
    this.container.className = "lwc-chart";
    this.error = doc.createElement("div");
    this.error.className = "lwc-error";
    this.error.hidden = true;
    this.legend = new Legend(doc);
    this.root.append(createStyle(doc), this.error, this.container, this.legend.element);
    parent.append(this.root);
    this.chart = createChart(this.container, { autoSize: true });
    this.chart.subscribeCrosshairMove(this.onCrosshairMove);
    installTestHook(this.root, () => this.snapshot());
  }

  /**
   * Decode and draw, unless these exact bytes are already drawn (hosts call again on reruns and
   * theme changes; skipping keeps the user's zoom). A bad payload is shown in place of the chart
   * rather than lost in a console.
   */
  render(payload: Payload): void {
    const bytes = asBytes(payload);
    if (this.drawn !== undefined && sameBytes(bytes, this.drawn)) return;
    let spec: ChartSpec;
    try {
      spec = decodeEnvelope(bytes);
    } catch (error) {
      this.error.textContent = error instanceof Error ? error.message : String(error);
      this.error.hidden = false;
      throw error;
    }
    this.error.hidden = true;
    this.update(spec);
    this.drawn = bytes;
  }

  /** Re-apply a whole spec to the same chart: series are replaced, the chart instance stays. */
  update(spec: ChartSpec): void {
    this.drawn = undefined;
    this.spec = spec;
    this.root.dataset["chartId"] = spec.chartId;
    this.container.style.height = `${spec.height}px`;
    this.clear();
    this.layoutPanes(spec);
    const slots = colorSlots(spec.series);
    this.theme = resolveTheme(spec.theme, this.hostTheme);
    this.series = spec.series.map((s, i) => this.addSeries(s, slots[i]));
    if (spec.watermark !== null) this.watermark = createTextWatermark(this.chart.panes()[0], {});
    this.legend.setVisible(spec.legend);
    this.restyle();
    this.root.dataset["ready"] = "true";
    // The left scale's width is known only once lightweight-charts has laid the chart out.
    cancelAnimationFrame(this.legendFrame);
    this.legendFrame = requestAnimationFrame(() => this.placeLegend());
  }

  /** The host page changed light/dark; only charts that follow the host ("auto") react. */
  setHostTheme(hostTheme: HostTheme): void {
    this.hostTheme = hostTheme;
    if (this.spec?.theme === "auto") this.restyle();
  }

  snapshot(): ChartSnapshot {
    return {
      chartId: this.spec?.chartId ?? "",
      theme: this.theme.name,
      paneCount: this.chart.panes().length,
      series: this.series.map(({ spec, api }) => ({
        id: spec.id,
        name: spec.name,
        type: spec.type,
        pane: api.getPane().paneIndex(),
        barCount: api.data().length,
        visible: api.options().visible,
      })),
      legend: this.legend.texts(),
    };
  }

  destroy(): void {
    cancelAnimationFrame(this.legendFrame);
    this.chart.unsubscribeCrosshairMove(this.onCrosshairMove);
    this.chart.remove();
    this.root.remove();
  }

  private clear(): void {
    for (const view of this.series) {
      view.markers?.detach();
      this.chart.removeSeries(view.api);
    }
    this.series = [];
    this.watermark?.detach();
    this.watermark = undefined;
  }

  /**
   * Panes are made up front and kept even while empty: lightweight-charts would otherwise fold a
   * series asked for pane 2 into pane 1 when pane 1 is empty, and drop panes between updates.
   */
  private layoutPanes(spec: ChartSpec): void {
    const factors = paneStretchFactors(spec);
    while (this.chart.panes().length < factors.length) this.chart.addPane(true);
    while (this.chart.panes().length > factors.length) this.chart.removePane(this.chart.panes().length - 1);
    this.chart.panes().forEach((pane, i) => {
      pane.setPreserveEmptyPane(true);
      pane.setStretchFactor(factors[i]);
    });
  }

  private addSeries(spec: SeriesSpec, colorSlot: number): SeriesView {
    const options = seriesOptions(spec, colorSlot, this.theme.palette) as SeriesPartialOptionsMap[LwSeriesType];
    const api = this.chart.addSeries(DEFINITIONS[spec.type], options, spec.pane);
    const rows = buildRows(spec);
    api.setData(rows);
    api.priceScale().applyOptions(priceScaleOptions(spec));
    for (const line of spec.priceLines) api.createPriceLine(priceLineOptions(line));
    const markers = spec.markers.length > 0 ? createSeriesMarkers(api) : undefined;
    return { spec, api, colorSlot, markers, last: lastDrawnRow(rows) };
  }

  /** Everything that depends on the theme, so a host theme change needs no rebuild. */
  private restyle(): void {
    const spec = this.spec;
    if (spec === undefined) return;
    this.theme = resolveTheme(spec.theme, this.hostTheme);
    const palette = this.theme.palette;
    this.chart.applyOptions(chartOptions(spec, this.theme));
    for (const view of this.series) {
      view.api.applyOptions(seriesOptions(view.spec, view.colorSlot, palette));
      view.markers?.setMarkers(seriesMarkers(view.spec.markers, palette));
    }
    if (spec.watermark !== null) this.watermark?.applyOptions(watermarkOptions(spec.watermark, palette));
    this.root.dataset["theme"] = this.theme.name;
    for (const [name, value] of Object.entries(paletteProperties(palette))) this.root.style.setProperty(name, value);
    this.showLegend(undefined);
  }

  private readonly onCrosshairMove = (param: MouseEventParams<Time>): void => {
    this.placeLegend();
    this.showLegend(param.time === undefined ? undefined : param.seriesData);
  };

  /** Inside the plot area, clear of a left price scale's labels. */
  private placeLegend(): void {
    this.legend.element.style.left = `${this.chart.priceScale("left").width() + LEGEND_INSET}px`;
  }

  /** Values under the crosshair, or each series' last value when there is no crosshair. */
  private showLegend(atCrosshair: MouseEventParams<Time>["seriesData"] | undefined): void {
    if (this.spec?.legend !== true) return;
    this.legend.render(
      this.series.map((view) => {
        const row: LegendRow | undefined = atCrosshair === undefined ? view.last : atCrosshair.get(view.api);
        const formatter = view.api.priceFormatter();
        return {
          id: view.spec.id,
          name: view.spec.name,
          color: legendColor(view.spec.type, view.api.options(), row),
          value: legendValueText(row, (price) => formatter.format(price)),
        };
      }),
    );
  }
}
