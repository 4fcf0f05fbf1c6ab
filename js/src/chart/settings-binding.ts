/**
 * One chart's link to the page's settings service (settings/service.ts): it registers the chart
 * under its chartId, loads the saved settings the envelope carries, reads each series' saved
 * options, and is the settings dialog's way to record changes and resets.
 */
import { PAYLOAD_TYPE } from "../shared";
import { fromSeriesOptions } from "../settings/flat-options";
import { inputValues, withoutInputs } from "../settings/inputs";
import type { FlatConfig } from "../settings/schema";
import type { SeriesConfigService, Sender } from "../settings/service";
import type { SettingsHost } from "../settings/ui/dialog";
import type { ChartSpec, SeriesSpec } from "../wire/spec";

/** A drawn series as the dialog sees it: its spec and the options it is drawn with now. */
export interface BoundSeries {
  spec: SeriesSpec;
  api: { options(): Readonly<Record<string, unknown>> };
}

export class SettingsBinding {
  private chartId = "";
  private registered: string | undefined;
  private unregister: (() => void) | undefined;

  /**
   * `onChange`: the chart's saved settings changed (dialog, another view, the console).
   * `localOnly`: no Python behind the page (the exported HTML), so nothing is ever sent.
   */
  constructor(
    private readonly service: SeriesConfigService,
    private sender: Sender | undefined,
    private readonly onChange: () => void,
    private readonly localOnly = false,
  ) {}

  /** Hosts whose channel to Python changes between renders (Streamlit) hand the newest one here. */
  setSender(send: Sender | undefined): void {
    this.sender = send;
  }

  /** Join the service under the spec's chartId (once per chartId) and load its saved settings. */
  connect(spec: ChartSpec): void {
    this.chartId = spec.chartId;
    if (this.registered !== spec.chartId) {
      this.unregister?.();
      this.registered = spec.chartId;
      this.unregister = this.service.register(spec.chartId, {
        scope: spec.scope,
        send: this.localOnly
          ? undefined
          : (payload) => {
              if (this.sender === undefined) throw new Error("this chart has no channel to Python");
              this.sender(payload);
            },
        onChange: this.onChange,
      });
    }
    this.service.loadChart(spec.chartId, spec.scope, spec.savedSettings);
  }

  /**
   * The chart's drawings to Python, in the seed's payload beside its completeState (so an app
   * that keeps `completeState` as its saved settings keeps them). Throws without a channel.
   */
  sendDrawings(records: unknown[]): void {
    if (this.sender === undefined) throw new Error("this chart has no channel to Python");
    const chartId = this.chartId;
    const state = this.service.getCompleteState();
    this.sender({
      type: PAYLOAD_TYPE,
      changes: [],
      completeState: Object.prototype.hasOwnProperty.call(state, chartId) ? { [chartId]: state[chartId] } : {},
      drawings: { [chartId]: records },
      timestamp: Date.now(),
    });
  }

  /** The series' saved settings, inputs included. */
  saved(series: SeriesSpec): FlatConfig {
    return this.service.userConfig(this.chartId, series.pane, series.id, series.type);
  }

  /** The user's saved options of a series (its inputs are Python's business, not the chart's). */
  options(series: SeriesSpec): FlatConfig {
    return withoutInputs(this.saved(series));
  }

  /** What the settings dialog needs, over the chart's series as they are at each call. */
  host(series: () => readonly BoundSeries[]): SettingsHost {
    const find = (seriesId: string) => series().find((s) => s.spec.id === seriesId);
    return {
      series: () => series().map(({ spec }) => ({ id: spec.id, name: spec.name, type: spec.type, paneId: spec.pane, inputs: spec.inputs })),
      values: (seriesId) => {
        const found = find(seriesId);
        if (found === undefined) return {};
        const inputs = inputValues(found.spec.inputs ?? {}, this.saved(found.spec));
        return { ...fromSeriesOptions(found.spec.type, found.api.options()), ...inputs };
      },
      change: (seriesId, config) => {
        const spec = find(seriesId)?.spec;
        if (spec !== undefined) this.service.recordConfigChange(spec.pane, spec.id, spec.type, config, this.chartId);
      },
      reset: (seriesId) => {
        const spec = find(seriesId)?.spec;
        if (spec !== undefined) this.service.resetSeries(spec.pane, spec.id, spec.type, this.chartId);
      },
      closed: () => this.service.flush(),
    };
  }

  /** Leave the service; it sends this chart's pending changes while the host's channel exists. */
  leave(): void {
    this.unregister?.();
    this.unregister = undefined;
    this.registered = undefined;
  }
}
