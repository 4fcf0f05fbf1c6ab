import { describe, expect, it } from "vitest";
import { changedIds, incomingWins, mergeDrawings } from "../../src/drawings/merge";
import type { Drawing, DrawingRecord, Tombstone } from "../../src/drawings/model";
import { T0, drawing } from "./helpers";

const line = (id: string, lastModified: number, price = 1): Drawing =>
  drawing("trend_line", [{ time: T0, price }, { time: T0 + 60, price }], { id, lastModified });
const dead = (id: string, lastModified: number): Tombstone => ({ id, lastModified, deleted: true });

describe("mergeDrawings", () => {
  it("takes the newer record per drawing", () => {
    const merged = mergeDrawings([line("a", 5, 1), line("b", 9, 1)], [line("a", 6, 2), line("b", 8, 2)]);
    expect(merged.map((r) => (r as Drawing).points[0].price)).toEqual([2, 1]);
  });

  it("lets a tombstone beat a change on a tie, but not a newer change", () => {
    expect(mergeDrawings([line("a", 5)], [dead("a", 5)])).toEqual([dead("a", 5)]);
    expect(mergeDrawings([dead("a", 5)], [line("a", 5)])).toEqual([dead("a", 5)]);
    expect(mergeDrawings([dead("a", 5)], [line("a", 6)])).toEqual([line("a", 6)]);
  });

  it("keeps the held record on any other tie", () => {
    expect(mergeDrawings([line("a", 5, 1)], [line("a", 5, 2)])).toEqual([line("a", 5, 1)]);
    expect(mergeDrawings([dead("a", 5)], [dead("a", 5)])).toEqual([dead("a", 5)]);
    expect(incomingWins(line("a", 5), line("a", 5))).toBe(false);
  });

  it("keeps tombstones, so an older copy met later cannot revive a drawing", () => {
    const afterDelete = mergeDrawings([line("a", 1)], [dead("a", 2)]);
    expect(mergeDrawings(afterDelete, [line("a", 1)])).toEqual([dead("a", 2)]);
  });

  it("appends drawings only the incoming side has, and is pure", () => {
    const held: DrawingRecord[] = [line("a", 1)];
    const incoming: DrawingRecord[] = [line("b", 1), line("a", 2)];
    const snapshot = JSON.stringify([held, incoming]);
    const merged = mergeDrawings(held, incoming);
    expect(merged.map((r) => r.id)).toEqual(["a", "b"]);
    expect(JSON.stringify([held, incoming])).toBe(snapshot);
    (merged[1] as Drawing).points[0].price = 99;
    expect((incoming[0] as Drawing).points[0].price).toBe(1);
  });

  it("is the same whichever side is held when timestamps differ", () => {
    const x = [line("a", 1), dead("b", 4), line("c", 3)];
    const y = [line("a", 2, 7), line("b", 3), dead("c", 5), line("d", 1)];
    const byId = (rs: DrawingRecord[]) => [...rs].sort((p, q) => p.id.localeCompare(q.id));
    expect(byId(mergeDrawings(x, y))).toEqual(byId(mergeDrawings(y, x)));
  });
});

describe("changedIds", () => {
  it("lists added, removed and changed ids", () => {
    expect(changedIds([line("a", 1), line("b", 1), line("c", 1)], [line("a", 1), line("b", 2), line("d", 1)])).toEqual(["b", "d", "c"]);
  });
});
