/**
 * The saved-settings state of the seed (shared/seed/series-config-persistence.md) as pure data:
 * `{chartId: {paneId: {seriesId: {config, seriesType, lastModified}}}}`, its validation and its
 * merge. A reset is an entry with `config: {}` (a tombstone): it stays in the state so that an
 * older copy elsewhere cannot bring the old settings back.
 */
import { SERIES_TYPES, type SeriesType } from "../wire/spec";
import { validateConfig, type FlatConfig } from "./schema";

export interface SeriesEntry {
  /** Only the keys the user changed, by schema name. */
  config: FlatConfig;
  seriesType: SeriesType;
  /** Milliseconds since the epoch (Date.now()) of the last change. */
  lastModified: number;
}

/** One chart's settings: paneId (a decimal string, as JSON keys are) → seriesId → entry. */
export type ChartState = Record<string, Record<string, SeriesEntry>>;
/** Every chart's settings, by chartId. */
export type CompleteState = Record<string, ChartState>;

/** Own properties only: a series called "constructor" must not find Object.prototype's. */
export function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

/** Keys that would reach Object.prototype when assigned; no chart or series can be saved under them. */
function unsafeKey(key: string): boolean {
  return key === "__proto__";
}

export function getEntry(state: ChartState, paneId: number | string, seriesId: string): SeriesEntry | undefined {
  const pane = own(state, String(paneId));
  return pane === undefined ? undefined : own(pane, seriesId);
}

export function setEntry(state: ChartState, paneId: number | string, seriesId: string, entry: SeriesEntry): void {
  const paneKey = String(paneId);
  if (unsafeKey(paneKey) || unsafeKey(seriesId)) return;
  const pane = own(state, paneKey) ?? (state[paneKey] = {});
  pane[seriesId] = entry;
}

export function entries(state: ChartState): { paneId: string; seriesId: string; entry: SeriesEntry }[] {
  return Object.entries(state).flatMap(([paneId, pane]) =>
    Object.entries(pane).map(([seriesId, entry]) => ({ paneId, seriesId, entry })),
  );
}

/**
 * A chart's state from an untrusted source (localStorage, Python): malformed entries are left out
 * and each entry's config keeps only valid values of its series type. `problems` says what was
 * dropped, for one warning.
 */
export function sanitizeChartState(raw: unknown): { state: ChartState; problems: string[] } {
  const state: ChartState = {};
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { state, problems };
  if (!isRecord(raw)) return { state, problems: ["saved settings are not an object"] };
  for (const [paneId, pane] of Object.entries(raw)) {
    if (!/^\d+$/.test(paneId) || !isRecord(pane)) {
      problems.push(`pane ${JSON.stringify(paneId)}: expected a pane number holding an object`);
      continue;
    }
    for (const [seriesId, entry] of Object.entries(pane)) {
      const where = `series ${JSON.stringify(seriesId)} (pane ${paneId})`;
      if (!isRecord(entry) || !SERIES_TYPES.includes(entry["seriesType"] as SeriesType)) {
        problems.push(`${where}: expected {config, seriesType, lastModified} with a known seriesType`);
        continue;
      }
      const lastModified = entry["lastModified"];
      if (typeof lastModified !== "number" || !Number.isFinite(lastModified) || lastModified < 0) {
        problems.push(`${where}: lastModified must be a non-negative number`);
        continue;
      }
      const seriesType = entry["seriesType"] as SeriesType;
      const { config, dropped } = validateConfig(seriesType, entry["config"] ?? {});
      problems.push(...dropped.map((d) => `${where}: ${d}`));
      setEntry(state, paneId, seriesId, { config, seriesType, lastModified });
    }
  }
  return { state, problems };
}

/**
 * Per series, the entry with the newest lastModified wins; on a tie the earlier argument wins, so
 * pass the most trusted source first. The inputs are not modified.
 */
export function mergeChartStates(...states: ChartState[]): ChartState {
  const merged: ChartState = {};
  for (const state of states) {
    for (const { paneId, seriesId, entry } of entries(state)) {
      const current = getEntry(merged, paneId, seriesId);
      if (current === undefined || entry.lastModified > current.lastModified) {
        setEntry(merged, paneId, seriesId, { ...entry, config: { ...entry.config } });
      }
    }
  }
  return merged;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
