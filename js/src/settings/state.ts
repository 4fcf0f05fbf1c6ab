/**
 * The saved-settings state of the seed (shared/seed/series-config-persistence.md) as pure data:
 * `{chartId: {paneId: {seriesId: {config, seriesType, lastModified}}}}`, its validation and its
 * merge. A reset is an entry with `config: {}` (a tombstone): it stays in the state so that an
 * older copy elsewhere cannot bring the old settings back. The rules are those of
 * tests/cases/saved-state-rules.json, which vitest and pytest both run, so Python's store agrees.
 */
import { MAX_CLOCK_SKEW_MS, MAX_PANE, isSeriesType, type SeriesType } from "../shared";
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
 * The pane key of a pane id as received (a number, or a JSON object key): a whole number from 0 to
 * MAX_PANE, written as decimal digits; undefined when it is not one.
 */
function paneKey(paneId: unknown): string | undefined {
  const number = typeof paneId === "string" && /^\d{1,9}$/.test(paneId) ? Number(paneId) : paneId;
  return typeof number === "number" && Number.isInteger(number) && number >= 0 && number <= MAX_PANE ? String(number) : undefined;
}

/**
 * One entry from an untrusted source, or why it is refused. Its config keeps only valid values of
 * its series type (`dropped` names the others); a config that had options and kept none is refused
 * rather than read as a reset, and so is a stamp more than MAX_CLOCK_SKEW_MS ahead of `now`.
 */
function sanitizeEntry(raw: unknown, now: number): { entry: SeriesEntry; dropped: string[] } | { problem: string } {
  if (!isRecord(raw) || !isSeriesType(raw["seriesType"]) || !isRecord(raw["config"])) {
    return { problem: "expected {config, seriesType, lastModified} with a known seriesType" };
  }
  const lastModified = raw["lastModified"];
  if (typeof lastModified !== "number" || !Number.isFinite(lastModified) || lastModified < 0) {
    return { problem: "lastModified must be a non-negative number" };
  }
  if (lastModified > now + MAX_CLOCK_SKEW_MS) {
    return { problem: `lastModified ${lastModified} is more than ${MAX_CLOCK_SKEW_MS} ms ahead of this clock` };
  }
  const seriesType = raw["seriesType"];
  const { config, dropped } = validateConfig(seriesType, raw["config"]);
  if (Object.keys(config).length === 0 && Object.keys(raw["config"]).length > 0) {
    return { problem: `no valid option left in config (${dropped.join("; ")})` };
  }
  return { entry: { config, seriesType, lastModified }, dropped };
}

/**
 * A chart's state from an untrusted source (localStorage, Python): malformed entries are left out
 * and each entry's config keeps only valid values of its series type. `problems` says what was
 * dropped, for one warning. `now` is this clock (ms), for refusing far-future stamps.
 */
export function sanitizeChartState(raw: unknown, now: number = Date.now()): { state: ChartState; problems: string[] } {
  const state: ChartState = {};
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { state, problems };
  if (!isRecord(raw)) return { state, problems: ["saved settings are not an object"] };
  for (const [paneId, pane] of Object.entries(raw)) {
    const key = paneKey(paneId);
    if (key === undefined || !isRecord(pane)) {
      problems.push(`pane ${JSON.stringify(paneId)}: expected a pane number from 0 to ${MAX_PANE} holding an object`);
      continue;
    }
    for (const [seriesId, entry] of Object.entries(pane)) {
      const where = `series ${JSON.stringify(seriesId)} (pane ${key})`;
      const checked = sanitizeEntry(entry, now);
      if ("problem" in checked) {
        problems.push(`${where}: ${checked.problem}`);
        continue;
      }
      problems.push(...checked.dropped.map((d) => `${where}: ${d}`));
      setEntry(state, key, seriesId, checked.entry);
    }
  }
  return { state, problems };
}

/**
 * Whether `incoming` replaces `held`: the newer lastModified wins; on a tie a reset (`config: {}`)
 * beats a change, otherwise the held entry stays (tests/cases/saved-state-rules.json).
 */
function replaces(incoming: SeriesEntry, held: SeriesEntry | undefined): boolean {
  if (held === undefined || incoming.lastModified > held.lastModified) return true;
  return incoming.lastModified === held.lastModified && isReset(incoming) && !isReset(held);
}

function isReset(entry: SeriesEntry): boolean {
  return Object.keys(entry.config).length === 0;
}

/**
 * Per series, the entry `replaces` keeps; the order of the arguments matters only for a tie
 * between two changes (the earlier argument is held, so pass the most trusted source first). The
 * inputs are not modified.
 */
export function mergeChartStates(...states: ChartState[]): ChartState {
  const merged: ChartState = {};
  for (const state of states) {
    for (const { paneId, seriesId, entry } of entries(state)) {
      if (replaces(entry, getEntry(merged, paneId, seriesId))) {
        setEntry(merged, paneId, seriesId, { ...entry, config: { ...entry.config } });
      }
    }
  }
  return merged;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
