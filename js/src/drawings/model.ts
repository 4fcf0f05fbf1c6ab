/**
 * The drawing data model: what one user drew on one chart, as plain JSON-able data, and the
 * validation of drawings that come from outside the code (localStorage, Python, a pasted JSON
 * export). Every rule lives in `DRAWING_RULES` (one constant a Python twin can mirror key by
 * key) and in `sanitizeDrawings`, whose steps are numbered in its comment.
 *
 * Points are (time, price): `time` in UTC seconds (what the chart's time scale holds), `price` in
 * the series' own units, whatever the price scale's mode (log and percent scales only change
 * pixels, never the stored price). `lastModified` is in milliseconds (Date.now()), like the
 * series settings' `lastModified`.
 *
 * Text is data: it is only ever drawn with canvas `fillText`, never put into HTML.
 */
import { isCssColor } from "../settings/schema";

/** The tools, by the name stored and sent to Python. */
export type DrawingKind =
  | "trend_line"
  | "ray"
  | "extended_line"
  | "horizontal_line"
  | "horizontal_ray"
  | "vertical_line"
  | "rectangle"
  | "fib_retracement"
  | "text"
  | "measure";

/** lightweight-charts' `LineStyle`: 0 solid, 1 dotted, 2 dashed, 3 large dashed, 4 sparse dotted. */
export type LineStyleValue = 0 | 1 | 2 | 3 | 4;

/** Every style key of every kind (a kind ignores the keys it does not draw). */
export interface DrawingStyle {
  /** Line and text colour, any CSS colour the series settings accept. Default "#2962ff". */
  color: string;
  /** Line width in CSS pixels, whole number 1..10. Default 2. */
  width: number;
  /** Default 0 (solid). */
  lineStyle: LineStyleValue;
  /** Extend beyond the first point (lines, rectangle, fib levels). Default per kind. */
  extendLeft: boolean;
  /** Extend beyond the second point. Default per kind (true for ray and extended line). */
  extendRight: boolean;
  /** Fill colour of rectangle and measure. Default "#2962ff". */
  fillColor: string;
  /** Fill opacity in percent, whole number 0..100. Default 20 (rectangle), 15 (measure), else 0. */
  fillOpacity: number;
  /** Text size in CSS pixels, whole number 8..72. Default 14 (text note), else 12. */
  fontSize: number;
  /** Price labels on fib levels, stats on measure. Default true. */
  showLabels: boolean;
}

export interface DrawingPoint {
  /** UTC seconds. */
  time: number;
  price: number;
}

/** A live drawing. */
export interface Drawing {
  /** 1..64 characters of [A-Za-z0-9_-]; unique within a chart. */
  id: string;
  kind: DrawingKind;
  /** Exactly `DRAWING_RULES.kinds[kind].points` points. */
  points: DrawingPoint[];
  /** Pane index (0 = main pane). */
  pane: number;
  /** The series whose price scale the prices belong to. */
  seriesId: string;
  style: DrawingStyle;
  /** Note text (kind "text"), or a label of other kinds. Plain text. */
  text?: string;
  /** Fib retracement levels (kind "fib_retracement" only). */
  levels?: number[];
  /** A locked drawing cannot be moved, reshaped or deleted by the pointer or keys. */
  locked?: boolean;
  /** A hidden drawing is neither drawn nor hit. */
  hidden?: boolean;
  /** Milliseconds since the epoch of the last change. */
  lastModified: number;
}

/** What stays of a deleted drawing, so an older copy elsewhere cannot bring it back. */
export interface Tombstone {
  id: string;
  lastModified: number;
  deleted: true;
}

/** One entry of a chart's saved drawings. */
export type DrawingRecord = Drawing | Tombstone;

export function isTombstone(record: DrawingRecord): record is Tombstone {
  return (record as Tombstone).deleted === true;
}

/** The drawings that are not tombstones. */
export function liveDrawings(records: readonly DrawingRecord[]): Drawing[] {
  return records.filter((r): r is Drawing => !isTombstone(r));
}

/**
 * Every rule of the model in one place. A Python twin mirrors these values; the TypeScript test
 * checks the shared ones against `generated/option-schema.json`'s `shared` block.
 */
export const DRAWING_RULES = {
  /** Kind → number of points it needs. */
  kinds: {
    trend_line: { points: 2 },
    ray: { points: 2 },
    extended_line: { points: 2 },
    horizontal_line: { points: 1 },
    horizontal_ray: { points: 1 },
    vertical_line: { points: 1 },
    rectangle: { points: 2 },
    fib_retracement: { points: 2 },
    text: { points: 1 },
    measure: { points: 2 },
  },
  /** At most this many entries of an input list are looked at; the rest are dropped unread. */
  maxRecords: 2000,
  /** Live drawings kept per chart (the first ones in input order). */
  maxDrawings: 1000,
  /** Tombstones kept per chart (the newest ones by lastModified; ties: input order). */
  maxTombstones: 1000,
  /** `id`: this pattern (1..64 characters). */
  idPattern: "^[A-Za-z0-9_-]{1,64}$",
  /** `seriesId`: a string of 1..maxSeriesIdLength characters. */
  maxSeriesIdLength: 200,
  /** `pane`: a whole number 0..maxPane (the same cap as the chart's panes). */
  maxPane: 20,
  /** `text`: at most this many characters (UTF-16 code units, JavaScript's `length`). */
  maxTextLength: 200,
  /** `levels`: at most this many, each finite and within fibLevelRange (inclusive). */
  maxFibLevels: 20,
  fibLevelRange: [-100, 100],
  defaultFibLevels: [0, 0.236, 0.382, 0.5, 0.618, 0.786, 1],
  /** `lastModified`: finite, >= 0 and at most now + maxClockSkewMs. */
  maxClockSkewMs: 86_400_000,
  /** Point `time` and `price`: JSON numbers (never strings), finite, |value| <= maxAbsCoordinate. */
  maxAbsCoordinate: 1e15,
  /** Style: key → [kind of value, inclusive range or allowed values]. */
  style: {
    color: { kind: "color" },
    width: { kind: "int", minimum: 1, maximum: 10 },
    lineStyle: { kind: "choice", choices: [0, 1, 2, 3, 4] },
    extendLeft: { kind: "bool" },
    extendRight: { kind: "bool" },
    fillColor: { kind: "color" },
    fillOpacity: { kind: "int", minimum: 0, maximum: 100 },
    fontSize: { kind: "int", minimum: 8, maximum: 72 },
    showLabels: { kind: "bool" },
  },
} as const;

export const DRAWING_KINDS = Object.keys(DRAWING_RULES.kinds) as DrawingKind[];

const ID_PATTERN = new RegExp(DRAWING_RULES.idPattern);

export function isDrawingKind(value: unknown): value is DrawingKind {
  return typeof value === "string" && Object.prototype.hasOwnProperty.call(DRAWING_RULES.kinds, value);
}

export function pointCount(kind: DrawingKind): number {
  return DRAWING_RULES.kinds[kind].points;
}

export function isDrawingId(value: unknown): value is string {
  return typeof value === "string" && ID_PATTERN.test(value);
}

/** The style a new drawing of this kind gets. */
export function defaultStyle(kind: DrawingKind): DrawingStyle {
  return {
    color: "#2962ff",
    width: 2,
    lineStyle: 0,
    extendLeft: kind === "extended_line",
    extendRight: kind === "ray" || kind === "extended_line",
    fillColor: "#2962ff",
    fillOpacity: kind === "rectangle" ? 20 : kind === "measure" ? 15 : 0,
    fontSize: kind === "text" ? 14 : 12,
    showLabels: true,
  };
}

export interface NewDrawing {
  id: string;
  kind: DrawingKind;
  points: DrawingPoint[];
  pane?: number;
  seriesId: string;
  style?: Partial<DrawingStyle>;
  text?: string;
  levels?: number[];
  lastModified: number;
}

/** A drawing with the kind's defaults filled in (fib levels, text ""). Not validated. */
export function createDrawing(init: NewDrawing): Drawing {
  const drawing: Drawing = {
    id: init.id,
    kind: init.kind,
    points: init.points.map((p) => ({ time: p.time, price: p.price })),
    pane: init.pane ?? 0,
    seriesId: init.seriesId,
    style: { ...defaultStyle(init.kind), ...definedOnly(init.style ?? {}) },
    lastModified: init.lastModified,
  };
  if (init.kind === "fib_retracement") drawing.levels = [...(init.levels ?? DRAWING_RULES.defaultFibLevels)];
  if (init.text !== undefined || init.kind === "text") drawing.text = init.text ?? "";
  return drawing;
}

function definedOnly<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** A fresh id: 16 characters of [A-Za-z0-9]; `random` is injectable for tests. */
export function newDrawingId(random: () => number = Math.random): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  let id = "";
  for (let i = 0; i < 16; i++) id += alphabet[Math.floor(random() * alphabet.length) % alphabet.length];
  return id;
}

/** A deep copy (drawings are plain data). */
export function cloneDrawing(drawing: Drawing): Drawing {
  const copy: Drawing = { ...drawing, points: drawing.points.map((p) => ({ ...p })), style: { ...drawing.style } };
  if (drawing.levels !== undefined) copy.levels = [...drawing.levels];
  return copy;
}

export function cloneRecord(record: DrawingRecord): DrawingRecord {
  return isTombstone(record) ? { ...record } : cloneDrawing(record);
}

export interface Sanitized {
  records: DrawingRecord[];
  /** One line per thing dropped or replaced, for one console warning. */
  problems: string[];
}

const TOP_LEVEL_KEYS: ReadonlySet<string> = new Set([
  "id", "kind", "points", "pane", "seriesId", "style", "text", "levels", "locked", "hidden", "lastModified", "deleted",
]);

/**
 * Drawings from an untrusted source. `now` is Date.now() of the reader. The rules, in order
 * (a Python twin applies the same ones):
 *
 * 1. `raw` null/undefined → nothing; not an array → nothing and one problem. Only the first
 *    `maxRecords` entries are read.
 * 2. An entry that is not a plain object (arrays, null, numbers...) is dropped.
 * 3. `id` must match `idPattern`, else the entry is dropped.
 * 4. `lastModified` must be a JSON number, finite, >= 0 and <= now + maxClockSkewMs, else dropped.
 * 5. `deleted === true` makes the entry a tombstone `{id, lastModified, deleted: true}`; its other
 *    keys are ignored. Any other value of `deleted` is a problem and the key is ignored.
 * 6. Live drawings: `kind` must be a known kind; `points` an array of exactly the kind's count of
 *    objects `{time, price}` whose values are JSON numbers (strings such as "1" are refused),
 *    finite, |v| <= maxAbsCoordinate; `seriesId` a string of 1..maxSeriesIdLength characters;
 *    `pane` absent or null (→ 0) or a whole number 0..maxPane. Any failure drops the drawing.
 * 7. Optional fields are repaired, never fatal: `style` keys are read only if known (unknown keys
 *    dropped), invalid values replaced by the kind's default; `text` must be a string of at most
 *    maxTextLength characters, else removed (kind "text" then gets ""); `levels` (fib only) must be
 *    an array of at most maxFibLevels entries, else the default levels; entries that are not
 *    finite numbers within fibLevelRange, or repeat an earlier entry, are dropped; `levels` on
 *    other kinds is dropped; `locked`/`hidden` must be booleans, else dropped (false is left out);
 *    unknown top-level keys are dropped.
 * 8. Duplicate ids: the entry with the larger lastModified is kept; on a tie, the earlier one.
 * 9. Caps: the first `maxDrawings` live drawings (input order) and the `maxTombstones` newest
 *    tombstones are kept.
 *
 * Only known keys are ever copied into new objects, so `__proto__` and friends cannot get
 * through. The output is in input order.
 */
export function sanitizeDrawings(raw: unknown, now: number): Sanitized {
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { records: [], problems };
  if (!Array.isArray(raw)) return { records: [], problems: ["drawings: expected a list"] };
  const R = DRAWING_RULES;
  if (raw.length > R.maxRecords) problems.push(`drawings: only the first ${R.maxRecords} of ${raw.length} entries are read`);
  const byId = new Map<string, { record: DrawingRecord; order: number }>();
  const count = Math.min(raw.length, R.maxRecords);
  for (let i = 0; i < count; i++) {
    const result = sanitizeOne(raw[i], now, `drawing #${i}`);
    problems.push(...result.problems);
    if (result.record === undefined) continue;
    const held = byId.get(result.record.id);
    if (held !== undefined) {
      problems.push(`drawing #${i}: id ${JSON.stringify(result.record.id)} repeats an earlier entry`);
      if (result.record.lastModified > held.record.lastModified) byId.set(result.record.id, { record: result.record, order: held.order });
      continue;
    }
    byId.set(result.record.id, { record: result.record, order: i });
  }
  const ordered = [...byId.values()].sort((a, b) => a.order - b.order);
  const live = ordered.filter((e) => !isTombstone(e.record));
  const dead = ordered.filter((e) => isTombstone(e.record));
  if (live.length > R.maxDrawings) problems.push(`drawings: only the first ${R.maxDrawings} of ${live.length} drawings are kept`);
  let keptDead = dead;
  if (dead.length > R.maxTombstones) {
    problems.push(`drawings: only the newest ${R.maxTombstones} of ${dead.length} tombstones are kept`);
    keptDead = [...dead].sort((a, b) => b.record.lastModified - a.record.lastModified || a.order - b.order).slice(0, R.maxTombstones);
  }
  const kept = [...live.slice(0, R.maxDrawings), ...keptDead].sort((a, b) => a.order - b.order);
  return { records: kept.map((e) => e.record), problems };
}

function sanitizeOne(raw: unknown, now: number, where: string): { record?: DrawingRecord; problems: string[] } {
  const R = DRAWING_RULES;
  if (!isPlainRecord(raw)) return { problems: [`${where}: expected an object`] };
  const id = own(raw, "id");
  if (!isDrawingId(id)) return { problems: [`${where}: id must be 1..64 characters of A-Z a-z 0-9 _ -`] };
  where = `drawing ${JSON.stringify(id)}`;
  const lastModified = own(raw, "lastModified");
  if (typeof lastModified !== "number" || !Number.isFinite(lastModified) || lastModified < 0 || lastModified > now + R.maxClockSkewMs) {
    return { problems: [`${where}: lastModified must be a time in milliseconds, not in the future`] };
  }
  const problems: string[] = [];
  const deleted = own(raw, "deleted");
  if (deleted === true) return { record: { id, lastModified, deleted: true }, problems };
  if (deleted !== undefined) problems.push(`${where}: deleted must be true or absent`);

  const kind = own(raw, "kind");
  if (!isDrawingKind(kind)) return { problems: [...problems, `${where}: unknown kind ${describe(kind)}`] };
  const points = own(raw, "points");
  const needed = pointCount(kind);
  if (!Array.isArray(points) || points.length !== needed) {
    return { problems: [...problems, `${where}: ${kind} needs exactly ${needed} point(s)`] };
  }
  const cleanPoints: DrawingPoint[] = [];
  for (const point of points) {
    const time = isPlainRecord(point) ? own(point, "time") : undefined;
    const price = isPlainRecord(point) ? own(point, "price") : undefined;
    if (!isCoordinate(time) || !isCoordinate(price)) {
      return { problems: [...problems, `${where}: points must be {time, price} with finite numbers`] };
    }
    cleanPoints.push({ time, price });
  }
  const seriesId = own(raw, "seriesId");
  if (typeof seriesId !== "string" || seriesId.length < 1 || seriesId.length > R.maxSeriesIdLength) {
    return { problems: [...problems, `${where}: seriesId must be a string of 1..${R.maxSeriesIdLength} characters`] };
  }
  const pane = own(raw, "pane") ?? 0;
  if (typeof pane !== "number" || !Number.isInteger(pane) || pane < 0 || pane > R.maxPane) {
    return { problems: [...problems, `${where}: pane must be a whole number 0..${R.maxPane}`] };
  }

  const style = sanitizeStyle(kind, own(raw, "style"), where, problems);
  const drawing: Drawing = { id, kind, points: cleanPoints, pane, seriesId, style, lastModified };

  const text = own(raw, "text");
  if (text !== undefined) {
    if (typeof text === "string" && text.length <= R.maxTextLength) drawing.text = text;
    else problems.push(`${where}: text must be a string of at most ${R.maxTextLength} characters`);
  }
  if (kind === "text" && drawing.text === undefined) drawing.text = "";

  const levels = own(raw, "levels");
  if (kind === "fib_retracement") drawing.levels = sanitizeLevels(levels, where, problems);
  else if (levels !== undefined) problems.push(`${where}: levels only belong to fib_retracement`);

  for (const flag of ["locked", "hidden"] as const) {
    const value = own(raw, flag);
    if (value === undefined) continue;
    if (typeof value !== "boolean") problems.push(`${where}: ${flag} must be true or false`);
    else if (value) drawing[flag] = true;
  }
  for (const key of Object.keys(raw)) {
    if (!TOP_LEVEL_KEYS.has(key)) problems.push(`${where}: unknown key ${describe(key)}`);
  }
  return { record: drawing, problems };
}

function sanitizeStyle(kind: DrawingKind, raw: unknown, where: string, problems: string[]): DrawingStyle {
  const style = defaultStyle(kind);
  if (raw === undefined) return style;
  if (!isPlainRecord(raw)) {
    problems.push(`${where}: style must be an object`);
    return style;
  }
  const target = style as unknown as Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    if (!Object.prototype.hasOwnProperty.call(DRAWING_RULES.style, key)) {
      problems.push(`${where}: unknown style key ${describe(key)}`);
      continue;
    }
    const value = raw[key];
    if (checkStyleValue(key as keyof DrawingStyle, value)) target[key] = value;
    else problems.push(`${where}: style ${key}=${describe(value)} is not valid; the default is used`);
  }
  return style;
}

/** Whether `value` is valid for the style key (the rule of `DRAWING_RULES.style[key]`). */
export function checkStyleValue(key: keyof DrawingStyle, value: unknown): boolean {
  const rule = DRAWING_RULES.style[key] as { kind: string; minimum?: number; maximum?: number; choices?: readonly number[] };
  switch (rule.kind) {
    case "color":
      return isCssColor(value);
    case "bool":
      return typeof value === "boolean";
    case "choice":
      return typeof value === "number" && (rule.choices ?? []).includes(value);
    default:
      return (
        typeof value === "number" &&
        Number.isInteger(value) &&
        value >= (rule.minimum ?? -Infinity) &&
        value <= (rule.maximum ?? Infinity)
      );
  }
}

/** Fib levels from outside (rule 7): the default levels for a bad list, bad entries dropped. */
export function sanitizeLevels(raw: unknown, where = "levels", problems: string[] = []): number[] {
  const R = DRAWING_RULES;
  if (raw === undefined) return [...R.defaultFibLevels];
  if (!Array.isArray(raw) || raw.length > R.maxFibLevels) {
    problems.push(`${where}: levels must be a list of at most ${R.maxFibLevels} numbers; the default levels are used`);
    return [...R.defaultFibLevels];
  }
  const levels: number[] = [];
  for (const level of raw) {
    const [low, high] = R.fibLevelRange;
    if (typeof level !== "number" || !Number.isFinite(level) || level < low || level > high) {
      problems.push(`${where}: level ${describe(level)} is not a number from ${low} to ${high}`);
    } else if (levels.includes(level)) {
      problems.push(`${where}: level ${level} repeats`);
    } else {
      levels.push(level);
    }
  }
  return levels;
}

function isCoordinate(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value) && Math.abs(value) <= DRAWING_RULES.maxAbsCoordinate;
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function own(record: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

function describe(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
