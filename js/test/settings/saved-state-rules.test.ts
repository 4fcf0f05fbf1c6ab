// The saved-state rules as one table of cases (tests/cases/saved-state-rules.json), run through the
// real sanitize and merge; pytest runs the same table against Python's store.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { getEntry, mergeChartStates, sanitizeChartState, type ChartState, type SeriesEntry } from "../../src/settings/state";

interface Case {
  name: string;
  held: SeriesEntry | null;
  paneId: number | string;
  incoming: Record<string, unknown>;
  expect: "incoming" | "held" | "rejected";
}

const table = JSON.parse(readFileSync(new URL("../../../tests/cases/saved-state-rules.json", import.meta.url), "utf8")) as {
  now: number;
  cases: Case[];
};

const SERIES = "s1";

describe("saved-state rules (tests/cases/saved-state-rules.json)", () => {
  it("has cases", () => expect(table.cases.length).toBeGreaterThan(0));

  it.each(table.cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const pane = String(c.paneId);
    const held: ChartState = c.held === null ? {} : { [pane]: { [SERIES]: c.held } };
    const incoming = sanitizeChartState({ [pane]: { [SERIES]: c.incoming } }, table.now);
    const arrived = getEntry(incoming.state, pane, SERIES);
    const kept = getEntry(mergeChartStates(held, incoming.state), pane, SERIES);
    if (c.expect === "rejected") {
      expect(arrived).toBeUndefined();
      expect(incoming.problems).not.toEqual([]);
      expect(kept).toEqual(c.held ?? undefined);
      return;
    }
    expect(arrived).toBeDefined();
    expect(kept).toEqual(c.expect === "incoming" ? arrived : (c.held ?? undefined));
    // Only a tie between two changes may depend on which side is held.
    const twoChangesTie =
      c.held !== null &&
      arrived !== undefined &&
      c.held.lastModified === arrived.lastModified &&
      Object.keys(c.held.config).length > 0 &&
      Object.keys(arrived.config).length > 0;
    if (!twoChangesTie) expect(getEntry(mergeChartStates(incoming.state, held), pane, SERIES)).toEqual(kept);
  });

  it("refuses far-future stamps against the clock it is given, Date.now() by default", () => {
    const entry = { config: {}, seriesType: "line", lastModified: Date.now() + 2 * 86_400_000 };
    expect(sanitizeChartState({ "0": { s: entry } }).state).toEqual({});
    expect(sanitizeChartState({ "0": { s: entry } }, entry.lastModified).state).toEqual({ "0": { s: entry } });
  });
});
