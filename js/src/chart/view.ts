/**
 * One chart on the page: owns a lightweight-charts `IChartApi` inside a `div.lwcharts` root and
 * turns each decoded spec into panes, series, markers, price lines, watermark and legend, with the
 * user's saved settings (settings/service.ts) applied over the code's options and a settings
 * dialog behind the gears. Hosts only create it, feed it payloads, host themes and a sender for
 * settings changes, and destroy it.
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
import { SeriesDataCache, dataKey, layoutKey } from "../wire/held";
import { subscribeEvents, type ChartEvent } from "./events";
import type { EventKind, SeriesType } from "../shared";
import { Legend } from "./legend";
import { legendColor, legendValueText, type LegendRow } from "./legend-values";
import { LiveUpdates } from "./live";
import { buildRows, lastDrawnRow } from "./rows";
import { SettingsDialog, type SettingsHost } from "../settings/ui/dialog";
import { PaneGears, type PaneGearPlace } from "../settings/ui/gear";
import { inputValues, withoutInputs } from "../settings/inputs";
import { fromSeriesOptions } from "../settings/flat-options";
import type { FlatConfig } from "../settings/schema";
import { SeriesConfigService, type Sender } from "../settings/service";
import type { ChartSpec, SeriesSpec } from "../wire/spec";
import { collapsedFactors, PaneCollapse } from "./pane-collapse";
import { createStyle, themeProperties } from "./styles";
import { ChartSync } from "./sync";
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
} from "./options";
import { asBytes, decodeEnvelope, sameBytes, sameDrawing, type Payload } from "../wire/envelope";

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
/** Pane gear distance from the pane's top-right corner (inside the price scale), px. */
const GEAR_INSET = 6;

export interface ChartViewOptions {
  /** How settings changes reach Python (the host's channel). Default: none, kept in the browser. */
  send?: Sender;
  /** Default: the page's SeriesConfigService.getInstance(). */
  service?: SeriesConfigService;
  /** Where click / crosshair / range events go (events.ts), for the kinds given to setEvents. */
  emit?: (event: ChartEvent) => void;
  /**
   * An envelope referred to data this chart does not hold (`data-cache.ts`); nothing was drawn
   * from it. Hosts that send data once (Streamlit) ask Python for a full envelope here.
   */
  onMissingData?: (seriesIds: string[]) => void;
}

interface SeriesView {
  spec: SeriesSpec;
  api: ISeriesApi<LwSeriesType>;
  colorSlot: number;
  markers: ISeriesMarkersPluginApi<Time> | undefined;
  /** What the legend shows while the crosshair is away. */
  last: LegendRow | undefined;
  /** The user's saved settings of the series, by schema name. */
  user: FlatConfig;
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
  private readonly service: SeriesConfigService;
  private sender: Sender | undefined;
  private registeredChartId: string | undefined;
  private unregister: (() => void) | undefined;
  private readonly paneGears: PaneGears;
  private dialog: SettingsDialog | undefined;
  private readonly resizeObserver: ResizeObserver | undefined;
  private readonly emit: ((event: ChartEvent) => void) | undefined;
  private stopEvents: (() => void) | undefined;
  private readonly live: LiveUpdates;
  private readonly data = new SeriesDataCache();
  private readonly onMissingData: ((seriesIds: string[]) => void) | undefined;
  private readonly sync: ChartSync;
  private readonly paneCollapse: PaneCollapse;
  /** Envelopes handed to render() and their sizes (test hook: proves what a rerun carried). */
  private received = { envelopes: 0, lastBytes: 0, totalBytes: 0 };

  constructor(parent: HTMLElement | ShadowRoot, hostTheme: HostTheme, options: ChartViewOptions = {}) {
    const doc = parent.ownerDocument ?? document;
    this.service = options.service ?? SeriesConfigService.getInstance();
    this.sender = options.send;
    this.hostTheme = hostTheme;
    this.theme = resolveTheme("auto", hostTheme);
    this.root = doc.createElement("div");
    this.root.className = "lwcharts";
    this.container = doc.createElement("div");
    this.container.className = "lwc-chart";
    this.error = doc.createElement("div");
    this.error.className = "lwc-error";
    this.error.hidden = true;
    this.legend = new Legend(doc, (seriesId, gear) => this.openSettings(seriesId, gear));
    this.paneGears = new PaneGears(doc, (paneId, seriesId, gear) => this.openSettings(seriesId, gear, paneId));
    this.paneCollapse = new PaneCollapse(doc, () => this.applyCollapse());
    this.onMissingData = options.onMissingData;
    this.root.append(
      createStyle(doc),
      this.error,
      this.container,
      this.legend.element,
      this.paneGears.element,
      this.paneCollapse.element,
    );
    parent.append(this.root);
    this.chart = createChart(this.container, { autoSize: true });
    this.chart.subscribeCrosshairMove(this.onCrosshairMove);
    this.emit = options.emit;
    this.live = new LiveUpdates(
      (seriesId) => this.series.find((view) => view.spec.id === seriesId),
      (lastRows) => {
        for (const view of this.series) view.last = lastRows.get(view.spec.id) ?? view.last;
        this.showLegend(undefined);
      },
      doc.defaultView ?? window,
    );
    this.sync = new ChartSync(this.chart, { anchor: (time) => this.anchorAt(time) }, this.root);
    // Pane gears follow the panes when the chart is resized.
    const Observer = doc.defaultView?.ResizeObserver;
    this.resizeObserver = Observer === undefined ? undefined : new Observer(() => this.placeOverlays());
    this.resizeObserver?.observe(this.container);
    installTestHook(this.root, () => this.snapshot());
  }

  /** Hosts whose channel to Python changes between renders (Streamlit) hand the newest one here. */
  setSender(send: Sender | undefined): void {
    this.sender = send;
  }

  /**
   * Decode and draw, unless these exact bytes are already drawn (hosts call again on reruns and
   * theme changes; skipping keeps the user's zoom). A bad payload is shown in place of the chart
   * rather than lost in a console.
   */
  render(payload: Payload): void {
    const bytes = asBytes(payload);
    this.received.envelopes += 1;
    this.received.lastBytes = bytes.byteLength;
    this.received.totalBytes += bytes.byteLength;
    if (this.drawn !== undefined && sameBytes(bytes, this.drawn)) return;
    const onlySettingsChanged = this.drawn !== undefined && sameDrawing(bytes, this.drawn);
    let spec: ChartSpec;
    try {
      spec = decodeEnvelope(bytes);
    } catch (error) {
      this.error.textContent = error instanceof Error ? error.message : String(error);
      this.error.hidden = false;
      throw error;
    }
    this.error.hidden = true;
    const missing = this.data.resolve(spec);
    if (missing.length > 0) {
      this.onMissingData?.(missing);
      return;
    }
    if (onlySettingsChanged) this.updateSettings(spec);
    else if (!this.updateData(spec)) this.update(spec);
    this.drawn = bytes;
  }

  /** Re-apply a whole spec to the same chart: series are replaced, the chart instance stays. */
  update(spec: ChartSpec): void {
    this.drawn = undefined;
    this.live.clear();
    this.spec = spec;
    this.root.dataset["chartId"] = spec.chartId;
    this.container.style.height = `${spec.height}px`;
    this.clear();
    this.layoutPanes(spec);
    this.connectSettings(spec);
    const slots = colorSlots(spec.series);
    this.theme = resolveTheme(spec.theme, this.hostTheme);
    this.series = spec.series.map((s, i) => this.addSeries(s, slots[i]));
    if (spec.watermark !== null) this.watermark = createTextWatermark(this.chart.panes()[0], {});
    this.legend.setVisible(spec.legend);
    this.restyle();
    this.connectExtras(spec);
    this.root.dataset["ready"] = "true";
    // Scale widths and pane heights are known only once lightweight-charts has laid the chart out.
    cancelAnimationFrame(this.legendFrame);
    this.legendFrame = requestAnimationFrame(() => this.placeOverlays());
    this.dialog?.refresh();
  }

  /**
   * Same drawing, new saved settings (e.g. the Streamlit rerun that follows a change): merge them
   * and re-apply options without rebuilding the series, which would reset the user's zoom.
   */
  private updateSettings(spec: ChartSpec): void {
    this.spec = spec;
    this.series.forEach((view, i) => (view.spec = spec.series[i]));
    this.connectSettings(spec);
    this.applySettings();
    this.connectExtras(spec);
    // Python may have answered an input change (recomputed, or refused the value).
    this.dialog?.refresh();
  }

  /**
   * Same layout, other data (e.g. rows appended before a Streamlit rerun): new rows go into the
   * existing series, so the chart keeps the user's zoom and scroll. False when the layout changed
   * and the chart has to be rebuilt.
   */
  private updateData(spec: ChartSpec): boolean {
    const previous = this.spec;
    if (previous === undefined || dataKey(spec) === undefined || dataKey(previous) === undefined) return false;
    if (this.series.length !== spec.series.length || layoutKey(previous) !== layoutKey(spec)) return false;
    spec.series.forEach((next, i) => {
      const view = this.series[i];
      if (view.spec.dataHash === next.dataHash) return;
      const rows = buildRows(next);
      view.api.setData(rows);
      view.last = lastDrawnRow(rows);
    });
    this.updateSettings(spec);
    return true;
  }

  /** Sync group and pane collapse: both follow the spec without a rebuild. */
  private connectExtras(spec: ChartSpec): void {
    this.sync.join(spec.sync);
    this.paneCollapse.configure(spec.paneCollapse.enabled, spec.paneCollapse.showTooltip, spec.scope, spec.chartId);
    this.applyCollapse();
  }

  /** Collapsed panes get a thin strip and hidden series; the others what code and settings say. */
  private applyCollapse(): void {
    const spec = this.spec;
    if (spec === undefined) return;
    const collapsed = this.paneCollapse.collapsedPanes();
    const factors = collapsedFactors(paneStretchFactors(spec), collapsed, spec.height);
    this.chart.panes().forEach((pane, i) => pane.setStretchFactor(factors[i]));
    for (const view of this.series) {
      const hidden = collapsed.has(view.spec.pane);
      const visible = view.user["visible"] ?? view.spec.options["visible"] ?? true;
      view.api.applyOptions({ visible: hidden ? false : visible !== false });
    }
    cancelAnimationFrame(this.legendFrame);
    this.legendFrame = requestAnimationFrame(() => this.placeOverlays());
  }

  /** Where a synced peer's crosshair lands on this chart: the first series' value at `time`. */
  private anchorAt(time: number): { series: ISeriesApi<LwSeriesType>; price: number } | undefined {
    const view = this.series[0];
    if (view === undefined) return undefined;
    const times = view.spec.columns["time"];
    const values = view.spec.columns[view.spec.type === "candlestick" || view.spec.type === "bar" ? "close" : "value"];
    if (times === undefined || values === undefined || times.length === 0) return undefined;
    let low = 0;
    let high = times.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (times[middle] < time) low = middle + 1;
      else high = middle;
    }
    const price = values[low];
    return Number.isFinite(price) ? { series: view.api, price } : { series: view.api, price: values.find(Number.isFinite) ?? 0 };
  }

  /** Join the page's settings service under this chartId and load the merged saved settings. */
  private connectSettings(spec: ChartSpec): void {
    if (this.registeredChartId !== spec.chartId) {
      this.unregister?.();
      this.registeredChartId = spec.chartId;
      this.unregister = this.service.register(spec.chartId, {
        scope: spec.scope,
        send: (payload) => {
          if (this.sender === undefined) throw new Error("this chart has no channel to Python");
          this.sender(payload);
        },
        onChange: () => this.applySettings(),
      });
    }
    this.service.loadChart(spec.chartId, spec.scope, spec.savedSettings);
  }

  /** The user's saved options of a series (its inputs are Python's business, not the chart's). */
  private userConfig(spec: SeriesSpec): FlatConfig {
    return withoutInputs(this.savedConfig(spec));
  }

  private savedConfig(spec: SeriesSpec): FlatConfig {
    return this.service.userConfig(this.spec?.chartId ?? "", spec.paneId, spec.id, spec.type);
  }

  /** Saved settings changed (dialog, another view of this chart, the console): apply them at once. */
  private applySettings(): void {
    const palette = this.theme.palette;
    for (const view of this.series) {
      view.user = this.userConfig(view.spec);
      view.api.applyOptions(seriesOptions(view.spec, view.colorSlot, palette, view.user));
    }
    this.applyCollapse();
    this.showLegend(undefined);
  }

  private openSettings(seriesId: string, gear: HTMLButtonElement, paneId?: number): void {
    this.dialog ??= new SettingsDialog(this.root, this.settingsHost);
    this.dialog.open(seriesId, gear, paneId);
  }

  private readonly settingsHost: SettingsHost = {
    series: () =>
      this.series.map(({ spec }) => ({ id: spec.id, name: spec.name, type: spec.type, paneId: spec.paneId, inputs: spec.inputs })),
    values: (seriesId) => {
      const view = this.series.find((v) => v.spec.id === seriesId);
      if (view === undefined) return {};
      const inputs = inputValues(view.spec.inputs ?? {}, this.savedConfig(view.spec));
      return { ...fromSeriesOptions(view.spec.type, view.api.options()), ...inputs };
    },
    change: (seriesId, config) => {
      const spec = this.series.find((v) => v.spec.id === seriesId)?.spec;
      if (spec !== undefined) this.service.recordConfigChange(spec.paneId, spec.id, spec.type, config, this.spec?.chartId ?? "");
    },
    reset: (seriesId) => {
      const spec = this.series.find((v) => v.spec.id === seriesId)?.spec;
      if (spec !== undefined) this.service.resetSeries(spec.paneId, spec.id, spec.type, this.spec?.chartId ?? "");
    },
    closed: () => this.service.flush(),
  };

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
        options: fromSeriesOptions(spec.type, api.options()),
      })),
      legend: this.legend.texts(),
      crosshairTime: this.sync.crosshairTime(),
      visibleRange: this.chart.timeScale().getVisibleLogicalRange(),
      collapsedPanes: [...this.paneCollapse.collapsedPanes()].sort((a, b) => a - b),
      received: { ...this.received },
      live: { ...this.live.stats },
    };
  }

  /** `{seriesId: dataHash}` of the data this chart holds (hosts report it to Python). */
  heldData(): Record<string, string> {
    return this.data.hashes();
  }

  /** Send events of these kinds to the `emit` option (none by default: Python asks for them). */
  setEvents(kinds: readonly EventKind[]): void {
    this.stopEvents?.();
    this.stopEvents = undefined;
    const emit = this.emit;
    if (emit === undefined || kinds.length === 0) return;
    this.stopEvents = subscribeEvents(this.chart, () => this.series.map(({ spec, api }) => ({ id: spec.id, api })), emit, kinds);
  }

  /** Live rows of one series (live.ts): drawn at the next animation frame, history untouched. */
  appendRows(payload: Payload): void {
    this.live.push(payload);
  }

  /** The chart as drawn now, as a canvas in device pixels (export.ts makes a PNG of it). */
  screenshot(): HTMLCanvasElement {
    return this.chart.takeScreenshot();
  }

  destroy(): void {
    this.stopEvents?.();
    this.live.clear();
    this.dialog?.close(false);
    // Sends this chart's pending changes while the host's channel still exists.
    this.unregister?.();
    this.unregister = undefined;
    this.resizeObserver?.disconnect();
    cancelAnimationFrame(this.legendFrame);
    this.sync.destroy();
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
    const user = this.userConfig(spec);
    const options = seriesOptions(spec, colorSlot, this.theme.palette, user) as SeriesPartialOptionsMap[LwSeriesType];
    const api = this.chart.addSeries(DEFINITIONS[spec.type], options, spec.pane);
    const rows = buildRows(spec);
    api.setData(rows);
    api.priceScale().applyOptions(priceScaleOptions(spec));
    for (const line of spec.priceLines) api.createPriceLine(priceLineOptions(line));
    const markers = spec.markers.length > 0 ? createSeriesMarkers(api) : undefined;
    return { spec, api, colorSlot, markers, last: lastDrawnRow(rows), user };
  }

  /** Everything that depends on the theme, so a host theme change needs no rebuild. */
  private restyle(): void {
    const spec = this.spec;
    if (spec === undefined) return;
    this.theme = resolveTheme(spec.theme, this.hostTheme);
    const palette = this.theme.palette;
    this.chart.applyOptions(chartOptions(spec, this.theme));
    for (const view of this.series) {
      view.api.applyOptions(seriesOptions(view.spec, view.colorSlot, palette, view.user));
      view.markers?.setMarkers(seriesMarkers(view.spec.markers, palette));
    }
    if (spec.watermark !== null) this.watermark?.applyOptions(watermarkOptions(spec.watermark, palette));
    this.root.dataset["theme"] = this.theme.name;
    for (const [name, value] of Object.entries(themeProperties(this.theme))) this.root.style.setProperty(name, value);
    this.applyCollapse();
    this.showLegend(undefined);
  }

  private readonly onCrosshairMove = (param: MouseEventParams<Time>): void => {
    this.placeOverlays();
    this.showLegend(param.time === undefined ? undefined : param.seriesData);
  };

  /**
   * The legend inside the plot area, clear of a left price scale's labels; a gear at the top right
   * of each pane that holds series, clear of the right price scale.
   */
  private placeOverlays(): void {
    this.legend.element.style.left = `${this.chart.priceScale("left").width() + LEGEND_INSET}px`;
    const rootBox = this.root.getBoundingClientRect();
    const rightScale = this.chart.priceScale("right").width();
    const places: PaneGearPlace[] = [];
    this.chart.panes().forEach((pane, index) => {
      const first = this.series.find((view) => view.spec.pane === index);
      const row = pane.getHTMLElement();
      if (first === undefined || row === null) return;
      const box = row.getBoundingClientRect();
      places.push({
        paneId: first.spec.paneId,
        seriesId: first.spec.id,
        top: box.top - rootBox.top + GEAR_INSET,
        right: rootBox.right - box.right + rightScale + GEAR_INSET,
      });
    });
    this.paneGears.place(places);
    this.paneCollapse.place(places);
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
