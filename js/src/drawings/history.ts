/**
 * Undo/redo of one chart's drawings, as commands: each entry holds, per drawing it touched, the
 * drawing before and after (null = absent). Add, change (move, reshape, style), delete and
 * remove-all are all such entries; lock-all/hide-all too. At most `cap` entries are kept (the
 * oldest fall off); a new entry clears the redo side.
 *
 * Undo/redo never resurrect stale data: `applyChanges` stamps every restored drawing and every
 * tombstone with the current time, so the newest-wins merge carries the undo to other copies.
 */
import { cloneDrawing, isTombstone, type Drawing, type DrawingRecord } from "./model";

export interface DrawingChange {
  id: string;
  before: Drawing | null;
  after: Drawing | null;
}

export type HistoryLabel = "add" | "change" | "delete" | "remove_all" | "lock_all" | "hide_all";

export interface HistoryEntry {
  label: HistoryLabel;
  changes: DrawingChange[];
}

/** Default number of undo steps per chart. */
export const HISTORY_CAP = 100;

export class DrawingHistory {
  private done: HistoryEntry[] = [];
  private undone: HistoryEntry[] = [];

  constructor(readonly cap: number = HISTORY_CAP) {}

  /** Record a change that has been applied. Entries without changes are ignored. */
  push(entry: HistoryEntry): void {
    const changes = entry.changes.filter((c) => c.before !== null || c.after !== null);
    if (changes.length === 0) return;
    this.done.push({ label: entry.label, changes: changes.map(copyChange) });
    if (this.done.length > this.cap) this.done.splice(0, this.done.length - this.cap);
    this.undone = [];
  }

  get canUndo(): boolean {
    return this.done.length > 0;
  }

  get canRedo(): boolean {
    return this.undone.length > 0;
  }

  /** The entry to apply to undo the last change (its changes inverted), or null. */
  undo(): HistoryEntry | null {
    const entry = this.done.pop();
    if (entry === undefined) return null;
    this.undone.push(entry);
    return { label: entry.label, changes: entry.changes.map((c) => ({ id: c.id, before: c.after, after: c.before })).map(copyChange) };
  }

  /** The entry to apply to redo the last undone change, or null. */
  redo(): HistoryEntry | null {
    const entry = this.undone.pop();
    if (entry === undefined) return null;
    this.done.push(entry);
    return { label: entry.label, changes: entry.changes.map(copyChange) };
  }

  clear(): void {
    this.done = [];
    this.undone = [];
  }
}

function copyChange(change: DrawingChange): DrawingChange {
  return {
    id: change.id,
    before: change.before === null ? null : cloneDrawing(change.before),
    after: change.after === null ? null : cloneDrawing(change.after),
  };
}

/**
 * The records with each change's `after` state applied: a drawing replaced or added, or a
 * tombstone `{id, lastModified, deleted: true}` for null, stamped `now` or, when the held record
 * is as new or newer, one millisecond after it. Pure; order kept, new ids appended.
 */
export function applyChanges(records: readonly DrawingRecord[], changes: readonly DrawingChange[], now: number): DrawingRecord[] {
  const result = records.map((r) => (isTombstone(r) ? { ...r } : cloneDrawing(r))) as DrawingRecord[];
  const index = new Map(result.map((r, i) => [r.id, i]));
  for (const change of changes) {
    const at = index.get(change.id);
    // Newer than what is held, even within one millisecond or after a copy stamped by a clock
    // ahead of ours: a stamp that ties with or trails the held one loses the merge (merge.ts).
    const stamp = at === undefined ? now : Math.max(now, result[at]!.lastModified + 1);
    const next: DrawingRecord =
      change.after === null ? { id: change.id, lastModified: stamp, deleted: true } : { ...cloneDrawing(change.after), lastModified: stamp };
    if (at === undefined) {
      index.set(change.id, result.length);
      result.push(next);
    } else {
      result[at] = next;
    }
  }
  return result;
}
