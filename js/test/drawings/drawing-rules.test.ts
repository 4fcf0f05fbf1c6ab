// Drawing validation as one table of cases (tests/cases/drawing-rules.json), run through
// sanitizeDrawings; tests/unit/test_drawing_rules.py runs the same cases through the Python twin.
// The rules' numbers themselves are checked against the Python schema's shared block.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import generated from "../../src/generated/option-schema.json";
import { DRAWING_RULES, sanitizeDrawings } from "../../src/drawings/model";

const table = JSON.parse(readFileSync(new URL("../../../tests/cases/drawing-rules.json", import.meta.url), "utf8")) as {
  now: number;
  cases: { name: string; input: unknown; expect: unknown[] }[];
};

describe("drawing rules (tests/cases/drawing-rules.json)", () => {
  for (const c of table.cases) {
    it(c.name, () => {
      expect(sanitizeDrawings(c.input, table.now).records).toEqual(c.expect);
    });
  }

  it("are the rules of the Python schema (SHARED.drawings), key by key", () => {
    const { itemPrefix, ...shared } = generated.shared.drawings;
    expect(itemPrefix).toBe("drawing:");
    expect(JSON.parse(JSON.stringify(DRAWING_RULES))).toEqual(shared);
  });
});
