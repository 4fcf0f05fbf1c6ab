/**
 * One chart on the page: owns a lightweight-charts `IChartApi` inside a `div.lwcharts` root and
 * turns each decoded spec into panes, series, markers, price lines, watermark and legend, with the
 * user's saved settings (settings/service.ts) applied over the code's options and a settings
 * dialog behind the gears. Hosts only create it, feed it payloads, host themes and a sender for
 * settings changes, and destroy it.
 */
import {
  createChart,
  createTextWatermark,
  type IChartApi,
  type ISeriesApi,
  type ITextWatermarkPluginApi,
  type MouseEventParams,
  type SeriesType as LwSeriesType,
  type Time,
  type UTCTimestamp,
} from "lightweight-charts";
import type { EventKind } from "../shared";
import { SettingsDialog } from "../settings/ui/dialog";
import { PaneGears } from "../settings/ui/gear";
import { SeriesConfigService, type Sender } from "../settings/service";
import type { ChartSpec } from "../wire/spec";
import type { Payload } from "../wire/envelope";
import { pageStorage } from "../settings/storage";
import { anchorPrice } from "./anchor";
import { ChartDrawings } from "./drawings";
import { DEFAULT_TIMING, subscribeEvents, type ChartEvent } from "./events";
import { EnvelopeIntake, type Intake } from "./intake";
import { LIVE_LEGEND_INTERVAL_MS, Legend } from "./legend";
import { legendEntry, type LegendRow } from "./legend-values";
import { LiveUpdates } from "./live";
import { Throttled } from "./throttle";
import { legendLeft, paneGearPlaces } from "./overlays";
import { chartOptions, colorSlots, paneStretchFactors, seriesMarkers, seriesOptions, watermarkOptions } from "./options";
import { collapsedFactors, PaneCollapse } from "./pane-collapse";
import { needsResampling, Resampler } from "./resampled";
import { buildRows, lastDrawnRow } from "./rows";
import { addSeries, layoutPanes, removeSeries, seriesVisible, type SeriesView } from "./series";
import { SettingsBinding } from "./settings-binding";
import { createStyle, themeProperties } from "./styles";
import { ChartSync } from "./sync";
import { installTestHook, seriesSnapshot, type ChartSnapshot } from "./test-hook";
import { resolveTheme, type HostTheme, type Theme } from "./theme";

/**
 * Narrower than this, lightweight-charts cannot keep the default room right of the last bar
 * (it keeps at least two bars in view) and clamps it (see `resized`).
 */
const NARROW_PX = 100;

export interface ChartViewOptions {
  /** How settings changes reach Python (the host's channel). Default: none, kept in the browser. */
  send?: Sender;
  /** Default: the page's SeriesConfigService.getInstance(). */
  service?: SeriesConfigService;
  /** Where click / crosshair / range events go (chart/events.ts), for the kinds given to setEvents. */
  emit?: (event: ChartEvent) => void;
  /**
   * An envelope referred to data this chart does not hold (`wire/held.ts`); nothing was drawn
   * from it. Hosts that send data once (Streamlit) ask Python for a full envelope here.
   */
  onMissingData?: (seriesIds: string[]) => void;
  /** No Python behind the page (`Chart.save_html`): settings stay in localStorage, unsent and unwarned. */
  localOnly?: boolean;
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
  private legendFrame = 0;
  /** The time under this chart's crosshair (its own or a synced peer's), if any. */
  private crosshairTime: number | undefined;
  /** Live frames refresh the legend through this, at most every LIVE_LEGEND_INTERVAL_MS. */
  private readonly liveLegend = new Throttled(() => this.showLegendAt(this.crosshairTime ?? null), LIVE_LEGEND_INTERVAL_MS);
  /** Drawn or laid out narrower than `NARROW_PX` (or before any layout), and not wider since. */
  private narrow = false;
  private readonly settings: SettingsBinding;
  private readonly paneGears: PaneGears;
  private dialog: SettingsDialog | undefined;
  private readonly resizeObserver: ResizeObserver | undefined;
  private readonly emit: ((event: ChartEvent) => void) | undefined;
  private stopEvents: (() => void) | undefined;
  private readonly live: LiveUpdates;
  private readonly intake = new EnvelopeIntake();
  private readonly onMissingData: ((seriesIds: string[]) => void) | undefined;
  private readonly sync: ChartSync;
  private readonly paneCollapse: PaneCollapse;
  private readonly resampler: Resampler;
  private readonly drawings: ChartDrawings;

  constructor(parent: HTMLElement | ShadowRoot, hostTheme: HostTheme, options: ChartViewOptions = {}) {
    const doc = parent.ownerDocument ?? document;
    this.settings = new SettingsBinding(
      options.service ?? SeriesConfigService.getInstance(),
      options.send,
      () => this.applySettings(),
      options.localOnly,
    );
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
    this.drawings = new ChartDrawings(this.root, this.container, this.chart, {
      send: (records) => this.settings.sendDrawings(records),
      storage: pageStorage(),
      warn: (message) => console.warn(message),
    });
    this.root.append(this.drawings.toolbar.element);
    this.emit = options.emit;
    // Swapped rows are a new bar grid: markers move to their buckets, drawings re-place their points.
    this.resampler = new Resampler(this.chart, this.container, () => {
      this.setMarkers();
      this.drawings.dataChanged();
    });
    this.live = new LiveUpdates(
      (seriesId) => {
        const view = this.series.find((v) => v.spec.id === seriesId);
        if (view === undefined || !this.resampler.active) return view;
        return { ...view, strategy: this.resampler.liveRows };
      },
      (lastRows) => {
        this.drawings.dataChanged();
        for (const view of this.series) view.last = lastRows.get(view.spec.id) ?? view.last;
        this.liveLegend.request();
      },
      doc.defaultView ?? window,
    );
    this.sync = new ChartSync(
      this.chart,
      {
        anchor: (time) => this.anchorAt(time),
        crosshairMovedByPeer: (time) => {
          this.crosshairTime = time ?? undefined;
          this.showLegendAt(time);
        },
        visibleTimeRange: () => this.resampler.visibleTimeRange(),
      },
      this.root,
    );
    // Pane gears follow the panes when the chart is resized.
    const Observer = doc.defaultView?.ResizeObserver;
    this.resizeObserver = Observer === undefined ? undefined : new Observer(() => this.resized());
    this.resizeObserver?.observe(this.container);
    installTestHook(
      this.root,
      () => this.snapshot(),
      (time) => {
        const timeScale = this.chart.timeScale();
        const x = timeScale.timeToCoordinate(time as Time);
        // lightweight-charts gives coordinates off the plot too: those rows are not on screen.
        if (x === null || x < 0 || x > timeScale.width()) return null;
        return x + this.chart.priceScale("left").width();
      },
    );
  }

  /** Hosts whose channel to Python changes between renders (Streamlit) hand the newest one here. */
  setSender(send: Sender | undefined): void {
    this.settings.setSender(send);
  }

  /**
   * Decode and draw, unless these exact bytes are already drawn (hosts call again on reruns and
   * theme changes; skipping keeps the user's zoom). A bad payload is shown in place of the chart
   * rather than lost in a console.
   */
  render(payload: Payload): void {
    let intake: Intake;
    try {
      intake = this.intake.take(payload, this.spec);
    } catch (error) {
      this.showError(error instanceof Error ? error.message : String(error));
      throw error;
    }
    if (intake.kind === "same") return;
    this.error.hidden = true;
    if (intake.kind === "missing") {
      this.onMissingData?.(intake.seriesIds);
      return;
    }
    if (intake.kind === "settings") this.updateSettings(intake.spec);
    else if (intake.kind === "data") this.updateData(intake.spec);
    else this.update(intake.spec);
    this.intake.drawn(intake.bytes);
  }

  /** Show `message` in place of the chart (a payload that cannot be drawn). */
  showError(message: string): void {
    this.error.textContent = message;
    this.error.hidden = false;
  }

  /** Re-apply a whole spec to the same chart: series are replaced, the chart instance stays. */
  update(spec: ChartSpec): void {
    this.intake.forget();
    this.live.clear();
    this.spec = spec;
    this.root.dataset["chartId"] = spec.chartId;
    this.container.style.height = `${spec.height}px`;
    this.clear();
    layoutPanes(this.chart, paneStretchFactors(spec));
    this.settings.connect(spec);
    const slots = colorSlots(spec.series);
    this.theme = resolveTheme(spec.theme, this.hostTheme);
    const resampled = needsResampling(spec.series);
    this.series = spec.series.map((s, i) =>
      addSeries(this.chart, s, slots[i], this.theme.palette, this.settings.options(s), !resampled),
    );
    this.resample(resampled);
    if (spec.watermark !== null) this.watermark = createTextWatermark(this.chart.panes()[0], {});
    this.legend.setVisible(spec.legend);
    this.restyle();
    this.drawings.attach(this.series);
    this.connectExtras(spec);
    this.root.dataset["ready"] = "true";
    this.narrow = this.chart.timeScale().width() < NARROW_PX;
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
    this.settings.connect(spec);
    this.applySettings();
    this.connectExtras(spec);
    // Python may have answered an input change (recomputed, or refused the value).
    this.dialog?.refresh();
  }

  /**
   * Same layout, other data (e.g. rows appended before a Streamlit rerun): new rows go into the
   * existing series, so the chart keeps the user's zoom and scroll.
   */
  private updateData(spec: ChartSpec): void {
    if (this.resampler.active || needsResampling(spec.series)) {
      this.series.forEach((view, i) => (view.spec = spec.series[i]));
      this.resample(true);
      this.updateSettings(spec);
      return;
    }
    spec.series.forEach((next, i) => {
      const view = this.series[i];
      if (view.spec.dataHash === next.dataHash) return;
      const rows = buildRows(next);
      view.api.setData(rows);
      view.last = lastDrawnRow(rows);
    });
    this.drawings.dataChanged();
    this.updateSettings(spec);
  }

  /** Long series get their rows from the resampler; the legend's last values come from it too. */
  private resample(resampled: boolean): void {
    this.resampler.attach(resampled ? this.series : []);
    if (!resampled) return;
    for (const view of this.series) view.last = this.resampler.lastDrawnRow(view.spec.id);
  }

  /** Markers on their bars, or on the bucket holding them when resampled. */
  private setMarkers(): void {
    const palette = this.theme.palette;
    for (const view of this.series) view.markers?.setMarkers(this.resampler.snapMarkers(seriesMarkers(view.spec.markers, palette)));
  }

  /** Sync group and pane collapse: both follow the spec without a rebuild. */
  private connectExtras(spec: ChartSpec): void {
    this.drawings.setVisible(spec.drawingTools);
    this.drawings.receive(spec.scope, spec.chartId, spec.savedDrawings);
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
    for (const view of this.series) view.api.applyOptions({ visible: seriesVisible(view.spec, view.user, collapsed) });
    cancelAnimationFrame(this.legendFrame);
    this.legendFrame = requestAnimationFrame(() => this.placeOverlays());
  }

  /**
   * Where a synced peer's crosshair lands on this chart: the row showing `time` (when resampled,
   * the bucket holding it) and the first series' value there.
   */
  private anchorAt(time: number): { series: ISeriesApi<LwSeriesType>; price: number; time: number } | undefined {
    const view = this.series[0];
    const at = this.resampler.snapTime(time);
    const price = view === undefined || at === undefined ? undefined : anchorPrice(view.spec, at);
    return view === undefined || at === undefined || price === undefined ? undefined : { series: view.api, price, time: at };
  }

  /** Saved settings changed (dialog, another view of this chart, the console): apply them at once. */
  private applySettings(): void {
    const palette = this.theme.palette;
    for (const view of this.series) {
      view.user = this.settings.options(view.spec);
      view.api.applyOptions(seriesOptions(view.spec, view.colorSlot, palette, view.user));
    }
    this.applyCollapse();
    this.showLegend(undefined);
  }

  private openSettings(seriesId: string, gear: HTMLButtonElement, paneId?: number): void {
    this.dialog ??= new SettingsDialog(this.root, this.settings.host(() => this.series));
    this.dialog.open(seriesId, gear, paneId);
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
      series: this.series.map((view) => seriesSnapshot(view, this.resampler.drawnBars(view.spec.id), this.resampler.lastBar(view.spec.id))),
      legend: this.legend.texts(),
      crosshairTime: this.sync.crosshairTime(),
      crosshairLabel: this.crosshairLabel(),
      visibleRange: this.chart.timeScale().getVisibleLogicalRange(),
      collapsedPanes: [...this.paneCollapse.collapsedPanes()].sort((a, b) => a - b),
      received: { ...this.intake.received },
      live: { ...this.live.stats },
      markers: Object.fromEntries(
        this.series.flatMap((v) => (v.markers === undefined ? [] : [[v.spec.id, v.markers.markers().map((m) => Number(m.time))]])),
      ),
      resampling: this.resampler.state(),
      drawings: this.drawings.snapshot(),
    };
  }

  private crosshairLabel(): string | null {
    const time = this.sync.crosshairTime();
    const format = this.chart.options().localization.timeFormatter;
    return time === null || format === undefined ? null : format(time as UTCTimestamp);
  }

  /** `{seriesId: dataHash}` of the data this chart holds (hosts report it to Python). */
  heldData(): Record<string, string> {
    return this.intake.heldData();
  }

  /** Send events of these kinds to the `emit` option (none by default: Python asks for them). */
  setEvents(kinds: readonly EventKind[]): void {
    this.stopEvents?.();
    this.stopEvents = undefined;
    const emit = this.emit;
    if (emit === undefined || kinds.length === 0) return;
    this.stopEvents = subscribeEvents(
      this.chart,
      () => this.series.map(({ spec, api }) => ({ id: spec.id, api })),
      emit,
      kinds,
      DEFAULT_TIMING,
      () => this.resampler.visibleTimeRange(),
    );
  }

  /** Live rows of one series (chart/live.ts): drawn at the next animation frame, history untouched. */
  appendRows(payload: Payload): void {
    this.live.push(payload);
  }

  /** The chart as drawn now, as a canvas in device pixels (chart/export.ts makes a PNG of it). */
  screenshot(): HTMLCanvasElement {
    return this.chart.takeScreenshot();
  }

  destroy(): void {
    this.stopEvents?.();
    this.live.clear();
    this.dialog?.close(false);
    // Sends this chart's pending drawings while the host's channel still exists.
    this.drawings.destroy();
    // Sends this chart's pending changes while the host's channel still exists.
    this.settings.leave();
    this.resizeObserver?.disconnect();
    cancelAnimationFrame(this.legendFrame);
    this.liveLegend.cancel();
    this.sync.destroy();
    this.resampler.destroy();
    this.chart.unsubscribeCrosshairMove(this.onCrosshairMove);
    this.chart.remove();
    this.root.remove();
  }

  private clear(): void {
    for (const view of this.series) removeSeries(this.chart, view);
    this.series = [];
    this.watermark?.detach();
    this.watermark = undefined;
  }

  /** Everything that depends on the theme, so a host theme change needs no rebuild. */
  private restyle(): void {
    const spec = this.spec;
    if (spec === undefined) return;
    this.theme = resolveTheme(spec.theme, this.hostTheme);
    const palette = this.theme.palette;
    this.chart.applyOptions(chartOptions(spec, this.theme));
    for (const view of this.series) view.api.applyOptions(seriesOptions(view.spec, view.colorSlot, palette, view.user));
    this.setMarkers();
    if (spec.watermark !== null) this.watermark?.applyOptions(watermarkOptions(spec.watermark, palette));
    this.root.dataset["theme"] = this.theme.name;
    for (const [name, value] of Object.entries(themeProperties(this.theme))) this.root.style.setProperty(name, value);
    this.applyCollapse();
    this.showLegend(undefined);
  }

  private readonly onCrosshairMove = (param: MouseEventParams<Time>): void => {
    this.placeOverlays();
    this.crosshairTime = param.time === undefined ? undefined : (param.time as number);
    this.showLegend(param.time === undefined ? undefined : param.seriesData);
  };

  /**
   * Overlays follow the new size. A chart drawn before its host laid it out (anywidget renders
   * into an element not in the page yet; JupyterLab under load) has no width or a few pixels:
   * lightweight-charts then clamps its room right of the last bar below zero (it keeps two bars
   * in view), and once wide the last bar stays out of view, so live rows would not scroll in.
   * When the chart grows from such a width, that room is set again from the chart's options.
   * (lightweight-charts' own resize observer, created first, has applied the width by now.)
   */
  private resized(): void {
    this.placeOverlays();
    const spec = this.spec;
    if (spec === undefined) return;
    const wasNarrow = this.narrow;
    this.narrow = this.chart.timeScale().width() < NARROW_PX;
    if (wasNarrow && !this.narrow) this.chart.applyOptions({ timeScale: chartOptions(spec, this.theme).timeScale });
  }

  /** Legend and pane buttons follow the price scales' widths and the panes' boxes. */
  private placeOverlays(): void {
    this.legend.element.style.left = `${legendLeft(this.chart.priceScale("left").width())}px`;
    const panes = this.chart.panes().map((pane, index) => {
      const first = this.series.find((view) => view.spec.pane === index);
      return {
        box: pane.getHTMLElement()?.getBoundingClientRect() ?? null,
        first: first === undefined ? undefined : { paneId: first.spec.pane, seriesId: first.spec.id },
      };
    });
    const places = paneGearPlaces(this.root.getBoundingClientRect(), panes, this.chart.priceScale("right").width());
    this.paneGears.place(places);
    this.paneCollapse.place(places);
  }

  /** The legend at the row of `time` (a synced peer put the crosshair there), or the last values. */
  private showLegendAt(time: number | null): void {
    const index = time === null ? null : this.chart.timeScale().timeToIndex(time as Time, false);
    if (index === null) return this.showLegend(undefined);
    const rows: MouseEventParams<Time>["seriesData"] = new Map();
    for (const view of this.series) {
      const row = view.api.dataByIndex(index);
      if (row !== null && row.time === time) rows.set(view.api, row);
    }
    this.showLegend(rows);
  }

  private showLegend(atCrosshair: MouseEventParams<Time>["seriesData"] | undefined): void {
    this.liveLegend.done();
    if (this.spec?.legend !== true) return;
    this.legend.render(
      this.series.map((view) => {
        const row: LegendRow | undefined = atCrosshair === undefined ? view.last : atCrosshair.get(view.api);
        const formatter = view.api.priceFormatter();
        return legendEntry(view.spec, view.api.options(), row, (price) => formatter.format(price));
      }),
    );
  }
}
