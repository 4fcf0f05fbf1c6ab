import { describe, expect, it } from "vitest";
import { DrawingHistory, applyChanges } from "../../src/drawings/history";
import { mergeDrawings } from "../../src/drawings/merge";
import type { Drawing, DrawingRecord } from "../../src/drawings/model";
import { T0, drawing } from "./helpers";

const line = (id: string, price: number): Drawing =>
  drawing("trend_line", [{ time: T0, price }, { time: T0 + 60, price }], { id, lastModified: 1 });

describe("DrawingHistory", () => {
  it("undoes and redoes add, change and delete, stamping the time", () => {
    const history = new DrawingHistory();
    let records: DrawingRecord[] = [];
    const apply = (changes: Parameters<typeof applyChanges>[1], now: number) => (records = applyChanges(records, changes, now));

    const add = [{ id: "a", before: null, after: line("a", 1) }];
    apply(add, 10);
    history.push({ label: "add", changes: add });
    const change = [{ id: "a", before: line("a", 1), after: line("a", 2) }];
    apply(change, 20);
    history.push({ label: "change", changes: change });
    const del = [{ id: "a", before: line("a", 2), after: null }];
    apply(del, 30);
    history.push({ label: "delete", changes: del });
    expect(records).toEqual([{ id: "a", lastModified: 30, deleted: true }]);

    apply(history.undo()!.changes, 40); // the delete
    expect(records).toEqual([{ ...line("a", 2), lastModified: 40 }]);
    apply(history.undo()!.changes, 50); // the change
    expect((records[0] as Drawing).points[0].price).toBe(1);
    apply(history.undo()!.changes, 60); // the add → a tombstone, newer than any copy of the drawing
    expect(records).toEqual([{ id: "a", lastModified: 60, deleted: true }]);
    expect(history.undo()).toBeNull();
    expect(history.canRedo).toBe(true);

    apply(history.redo()!.changes, 70);
    apply(history.redo()!.changes, 80);
    expect(records).toEqual([{ ...line("a", 2), lastModified: 80 }]);
  });

  it("stamps a change after the held record, so two edits in one millisecond both win the merge", () => {
    let records: DrawingRecord[] = [];
    records = applyChanges(records, [{ id: "a", before: null, after: line("a", 1) }], 100);
    const moved = applyChanges(records, [{ id: "a", before: line("a", 1), after: line("a", 2) }], 100);
    expect(moved[0]!.lastModified).toBe(101);
    expect(mergeDrawings(records, moved)).toEqual(moved);
    // A copy from a device whose clock is ahead: the next local edit still lands after it.
    const ahead: DrawingRecord[] = [{ ...line("a", 3), lastModified: 5_000 }];
    const edited = applyChanges(ahead, [{ id: "a", before: line("a", 3), after: null }], 200);
    expect(edited).toEqual([{ id: "a", lastModified: 5_001, deleted: true }]);
  });

  it("undoes remove-all in one step", () => {
    const history = new DrawingHistory();
    const all = [line("a", 1), line("b", 2)];
    let records: DrawingRecord[] = all;
    const removeAll = all.map((d) => ({ id: d.id, before: d, after: null }));
    records = applyChanges(records, removeAll, 5);
    history.push({ label: "remove_all", changes: removeAll });
    expect(records.every((r) => "deleted" in r)).toBe(true);
    const undo = history.undo()!;
    expect(undo.label).toBe("remove_all");
    records = applyChanges(records, undo.changes, 6);
    expect(records).toEqual(all.map((d) => ({ ...d, lastModified: 6 })));
  });

  it("drops the redo side on a new change, and the oldest entries beyond its cap", () => {
    const history = new DrawingHistory(3);
    for (let i = 0; i < 5; i++) history.push({ label: "add", changes: [{ id: `d${i}`, before: null, after: line(`d${i}`, i) }] });
    const undone = [history.undo(), history.undo(), history.undo(), history.undo()];
    expect(undone.map((e) => e?.changes[0].id ?? null)).toEqual(["d4", "d3", "d2", null]);
    history.push({ label: "add", changes: [{ id: "x", before: null, after: line("x", 0) }] });
    expect(history.canRedo).toBe(false);
    history.push({ label: "change", changes: [] });
    expect(history.undo()?.changes[0].id).toBe("x");
  });

  it("keeps its own copies of the drawings it was given", () => {
    const history = new DrawingHistory();
    const d = line("a", 1);
    history.push({ label: "add", changes: [{ id: "a", before: null, after: d }] });
    d.points[0].price = 99;
    expect(history.undo()!.changes[0].before!.points[0].price).toBe(1);
  });
});
