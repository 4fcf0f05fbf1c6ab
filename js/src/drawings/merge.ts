/**
 * Merging two copies of one chart's drawings (e.g. localStorage and the Python store, or this
 * browser and another after a rerun), drawing by drawing:
 *
 * - the record with the larger `lastModified` wins;
 * - on a tie, a tombstone beats a live drawing (a delete is never undone by a tie);
 * - otherwise, on a tie, the held record (the first argument's) stays;
 * - tombstones are kept in the result, so an even older copy met later cannot revive a drawing.
 *
 * Pure: neither input is modified and the result shares no objects with them. Order: the held
 * records in their order (replaced in place when the incoming one wins), then the incoming records
 * that were not held, in their order.
 */
import { cloneRecord, isTombstone, type DrawingRecord } from "./model";

export function mergeDrawings(held: readonly DrawingRecord[], incoming: readonly DrawingRecord[]): DrawingRecord[] {
  const result: DrawingRecord[] = held.map(cloneRecord);
  const index = new Map<string, number>();
  result.forEach((record, i) => index.set(record.id, i));
  for (const record of incoming) {
    const at = index.get(record.id);
    if (at === undefined) {
      index.set(record.id, result.length);
      result.push(cloneRecord(record));
    } else if (incomingWins(result[at], record)) {
      result[at] = cloneRecord(record);
    }
  }
  return result;
}

/** Whether `incoming` replaces `held` (same id). */
export function incomingWins(held: DrawingRecord, incoming: DrawingRecord): boolean {
  if (incoming.lastModified !== held.lastModified) return incoming.lastModified > held.lastModified;
  return isTombstone(incoming) && !isTombstone(held);
}

/** The ids whose record differs between two sets (added, removed, or changed in any field). */
export function changedIds(before: readonly DrawingRecord[], after: readonly DrawingRecord[]): string[] {
  const old = new Map(before.map((r) => [r.id, JSON.stringify(r)]));
  const ids: string[] = [];
  const seen = new Set<string>();
  for (const record of after) {
    seen.add(record.id);
    if (old.get(record.id) !== JSON.stringify(record)) ids.push(record.id);
  }
  for (const record of before) if (!seen.has(record.id)) ids.push(record.id);
  return ids;
}
