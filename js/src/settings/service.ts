/**
 * The page's SeriesConfigService (seed: shared/seed/series-config-persistence.md). It holds the
 * user's series settings of every chart on the page, writes each change to localStorage at once,
 * and sends the changes to Python debounced: one `series_config_changes` payload per chart.
 *
 * Charts register with their chartId, the user scope Python gave and a sender (the host
 * adapter's way to reach Python); they are told when their settings change, from their own dialog,
 * another view of the same chart, or the debug console.
 */
import { PAYLOAD_TYPE, isSeriesType, type SeriesType } from "../shared";
import { validateConfig, type FlatConfig } from "./schema";
import {
  entries,
  getEntry,
  mergeChartStates,
  own,
  sanitizeChartState,
  setEntry,
  type ChartState,
  type CompleteState,
  type SeriesEntry,
} from "./state";
import { pageStorage, readStored, storageKey, writeStored, type StorageLike } from "./storage";

/** Changes are sent to Python this long after the last one (ms), or sooner on flush(). */
export const DEBOUNCE_MS = 300;
/** Bumped when the service's public shape changes; bundles only share a service of their version. */
export const SERVICE_VERSION = 1;

export interface ConfigChange {
  paneId: number;
  seriesId: string;
  seriesType: SeriesType;
  /** The series' whole user config after the change (`{}` after a reset). */
  config: FlatConfig;
  timestamp: number;
  chartId: string;
}

/** What Python receives, exactly the seed's payload. completeState holds the sending chart only. */
export interface ConfigPayload {
  type: typeof PAYLOAD_TYPE;
  changes: ConfigChange[];
  completeState: CompleteState;
  /**
   * The sending chart's drawings (chart/drawings.ts), `{chartId: DrawingRecord[]}`, beside the
   * seed's keys: an app written for the seed ignores it.
   */
  drawings?: Record<string, unknown[]>;
  timestamp: number;
}

export type Sender = (payload: ConfigPayload) => void;

export interface ChartRegistration {
  scope: string;
  /** Undefined on a page with no Python behind it (the exported HTML): localStorage is the store. */
  send: Sender | undefined;
  /** The chart's settings changed; re-read them and re-apply. */
  onChange: () => void;
}

export interface ServiceStats {
  /** Charts with a registered view. */
  charts: number;
  /** Series entries in the state, tombstones included. */
  series: number;
  /** Changes recorded and not yet sent to Python. */
  pendingChanges: number;
  /** Payloads handed to a host sender. */
  sent: number;
  /** Date.now() of the last send, or null. */
  lastSentAt: number | null;
  /** localStorage reads/writes that failed (the chart went on without them). */
  storageErrors: number;
  /** Saved values dropped as unknown or invalid. */
  droppedValues: number;
}

export interface ServiceOptions {
  /** Default: the page's localStorage (null: keep settings in memory only). */
  storage?: StorageLike | null;
  /** Default DEBOUNCE_MS. */
  debounceMs?: number;
  /** Where problems with saved data are reported. Default console.warn. */
  warn?: (message: string) => void;
}

declare global {
  interface Window {
    lwchartsSeriesConfigService?: SeriesConfigService;
    /** The seed's name, kept so its debugging instructions work unchanged. */
    streamlitSeriesConfigService?: SeriesConfigService;
  }
}

export class SeriesConfigService {
  readonly serviceVersion = SERVICE_VERSION;
  private state: CompleteState = {};
  private readonly registrations = new Map<string, ChartRegistration[]>();
  private readonly scopes = new Map<string, string>();
  /** chartId → series key → the latest unsent change of that series. */
  private readonly pending = new Map<string, Map<string, ConfigChange>>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly storage: StorageLike | null;
  private readonly debounceMs: number;
  private readonly warn: (message: string) => void;
  private sent = 0;
  private lastSentAt: number | null = null;
  private storageErrors = 0;
  private droppedValues = 0;

  constructor(options: ServiceOptions = {}) {
    this.storage = options.storage === undefined ? pageStorage() : options.storage;
    this.debounceMs = options.debounceMs ?? DEBOUNCE_MS;
    this.warn = options.warn ?? ((message) => console.warn(message));
  }

  /**
   * The one service of the page. Each anywidget view may load its own copy of the bundle, so the
   * instance lives on `window` and later copies reuse it.
   */
  static getInstance(): SeriesConfigService {
    if (typeof window === "undefined") return (fallbackInstance ??= new SeriesConfigService());
    const existing = window.lwchartsSeriesConfigService;
    if (existing !== undefined && existing.serviceVersion === SERVICE_VERSION) return existing;
    const service = new SeriesConfigService();
    window.lwchartsSeriesConfigService = service;
    window.streamlitSeriesConfigService = service;
    // The page may be gone before the debounce fires: hand Python what is pending now.
    window.addEventListener("pagehide", () => service.flush());
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden") service.flush();
    });
    return service;
  }

  /** A chart view joins; the returned function leaves (sending its chart's pending changes first). */
  register(chartId: string, registration: ChartRegistration): () => void {
    const list = this.registrations.get(chartId) ?? [];
    list.push(registration);
    this.registrations.set(chartId, list);
    this.scopes.set(chartId, registration.scope);
    if (this.pending.has(chartId)) this.schedule();
    return () => {
      this.flushChart(chartId);
      const remaining = (this.registrations.get(chartId) ?? []).filter((r) => r !== registration);
      if (remaining.length > 0) this.registrations.set(chartId, remaining);
      else this.registrations.delete(chartId);
    };
  }

  /**
   * A chart (re)loads: merge, per series, the newest of what this page already holds, the
   * browser's copy and what Python sent (`backend`, untrusted), keep the result and return it.
   */
  loadChart(chartId: string, scope: string, backend: unknown): ChartState {
    this.scopes.set(chartId, scope);
    const fromBackend = this.sanitize(backend, `settings from Python for chart ${JSON.stringify(chartId)}`);
    const stored = readStored(this.storage, storageKey(scope, chartId));
    let fromStorage: ChartState = {};
    if (stored !== undefined && "error" in stored) this.storageProblem(stored.error);
    else if (stored !== undefined) fromStorage = this.sanitize(stored.value, `settings in localStorage for chart ${JSON.stringify(chartId)}`);
    const merged = mergeChartStates(own(this.state, chartId) ?? {}, fromStorage, fromBackend);
    this.state[chartId] = merged;
    if (entries(merged).length > 0) this.persist(chartId);
    return merged;
  }

  /** The user's settings for one series (validated for its type); `{}` when none. */
  userConfig(chartId: string, paneId: number, seriesId: string, seriesType: SeriesType): FlatConfig {
    const entry = getEntry(own(this.state, chartId) ?? {}, paneId, seriesId);
    return entry === undefined ? {} : validateConfig(seriesType, entry.config).config;
  }

  /** The seed's API: merge the user's keys into the series' settings, save, notify, send later. */
  recordConfigChange(paneId: number, seriesId: string, seriesType: SeriesType, config: FlatConfig, chartId: string): void {
    if (!isSeriesType(seriesType)) throw new Error(`lwcharts: unknown series type ${JSON.stringify(seriesType)}`);
    const { config: valid, dropped } = validateConfig(seriesType, config);
    if (dropped.length > 0) this.dropped(dropped, `change of series ${JSON.stringify(seriesId)}`);
    if (Object.keys(valid).length === 0) return;
    const previous = getEntry(own(this.state, chartId) ?? {}, paneId, seriesId);
    const base = previous?.seriesType === seriesType ? previous.config : {};
    this.commit(chartId, paneId, seriesId, seriesType, { ...base, ...valid });
  }

  /** "Reset to defaults": the series shows the code's options again; the reset itself is saved. */
  resetSeries(paneId: number, seriesId: string, seriesType: SeriesType, chartId: string): void {
    this.commit(chartId, paneId, seriesId, seriesType, {});
  }

  /** Send every pending change now (dialog closed, page hidden). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const chartId of [...this.pending.keys()]) this.flushChart(chartId);
  }

  getStats(): ServiceStats {
    let pendingChanges = 0;
    for (const changes of this.pending.values()) pendingChanges += changes.size;
    return {
      charts: this.registrations.size,
      series: Object.values(this.state).reduce((n, chart) => n + entries(chart).length, 0),
      pendingChanges,
      sent: this.sent,
      lastSentAt: this.lastSentAt,
      storageErrors: this.storageErrors,
      droppedValues: this.droppedValues,
    };
  }

  /** A copy of every chart's settings, in the seed's completeState shape. */
  getCompleteState(): CompleteState {
    return JSON.parse(JSON.stringify(this.state)) as CompleteState;
  }

  private commit(chartId: string, paneId: number, seriesId: string, seriesType: SeriesType, config: FlatConfig): void {
    if (chartId === "__proto__") return;
    const chart = own(this.state, chartId) ?? (this.state[chartId] = {});
    const previous = getEntry(chart, paneId, seriesId);
    // Never behind the entry it replaces, even if that one came from a machine whose clock runs ahead.
    const lastModified = Math.max(Date.now(), (previous?.lastModified ?? 0) + 1);
    const entry: SeriesEntry = { config, seriesType, lastModified };
    setEntry(chart, paneId, seriesId, entry);
    this.persist(chartId);
    const changes = this.pending.get(chartId) ?? new Map<string, ConfigChange>();
    changes.set(JSON.stringify([paneId, seriesId]), {
      paneId,
      seriesId,
      seriesType,
      config: { ...config },
      timestamp: lastModified,
      chartId,
    });
    this.pending.set(chartId, changes);
    this.schedule();
    for (const registration of this.registrations.get(chartId) ?? []) {
      try {
        registration.onChange();
      } catch (error) {
        this.warn(`lwcharts: applying settings to chart ${JSON.stringify(chartId)} failed: ${String(error)}`);
      }
    }
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), this.debounceMs);
  }

  /** One payload with the chart's pending changes, through its newest view; kept if no view has a sender. */
  private flushChart(chartId: string): void {
    const changes = this.pending.get(chartId);
    const views = this.registrations.get(chartId);
    if (changes === undefined || views === undefined || views.length === 0) return;
    this.pending.delete(chartId);
    const send = views[views.length - 1].send;
    if (send === undefined) return; // persist() already put the changes in localStorage
    const payload: ConfigPayload = {
      type: PAYLOAD_TYPE,
      changes: [...changes.values()],
      completeState: { [chartId]: JSON.parse(JSON.stringify(own(this.state, chartId) ?? {})) as ChartState },
      timestamp: Date.now(),
    };
    try {
      send(payload);
      this.sent += 1;
      this.lastSentAt = payload.timestamp;
    } catch (error) {
      // The host went away (widget closed). localStorage keeps the change, and the chart's next
      // payload carries it in completeState.
      this.warn(`lwcharts: sending settings of chart ${JSON.stringify(chartId)} to Python failed: ${String(error)}`);
    }
  }

  private persist(chartId: string): void {
    const error = writeStored(this.storage, storageKey(this.scopes.get(chartId) ?? "", chartId), own(this.state, chartId) ?? {});
    if (error !== undefined) this.storageProblem(error);
  }

  private sanitize(raw: unknown, where: string): ChartState {
    const { state, problems } = sanitizeChartState(raw);
    if (problems.length > 0) this.dropped(problems, where);
    return state;
  }

  private dropped(problems: string[], where: string): void {
    this.droppedValues += problems.length;
    this.warn(`lwcharts: ignored ${problems.length} invalid value(s) in ${where}: ${problems.join("; ")}`);
  }

  private storageProblem(error: string): void {
    // Warn once: a full or disabled storage would otherwise warn on every keystroke.
    if (this.storageErrors === 0) this.warn(`lwcharts: ${error}; settings are kept in memory and sent to Python only`);
    this.storageErrors += 1;
  }
}

let fallbackInstance: SeriesConfigService | undefined;
