import { describe, expect, it } from "vitest";
import { colorAtOpacity } from "../../src/chart/color";
import { checkValue, choiceLabel, isCssColor, optionSpec, optionsOf, SCHEMA, validateConfig } from "../../src/settings/schema";
import { SERIES_TYPES } from "../../src/shared";

describe("the generated schema", () => {
  it("describes every series type, each option on a known tab with a label", () => {
    for (const type of SERIES_TYPES) {
      expect(optionsOf(type).length).toBeGreaterThan(5);
      for (const [, spec] of optionsOf(type)) {
        expect(["style", "visibility", "inputs"]).toContain(spec.tab);
        expect(spec.label).not.toBe("");
      }
    }
    expect(SCHEMA.line.lineWidth).toMatchObject({ kind: "int", minimum: 1, maximum: 4 });
  });
});

describe("validateConfig", () => {
  it("keeps valid values and names each dropped one with what was expected", () => {
    const { config, dropped } = validateConfig("line", {
      color: "#ff0000",
      lineWidth: 9,
      lineStyle: "dashed",
      visible: "yes",
      precision: 2.5,
      title: "x".repeat(201),
      nonsense: 1,
    });
    expect(config).toEqual({ color: "#ff0000", lineStyle: 2 });
    expect(dropped).toHaveLength(5);
    expect(dropped.join("\n")).toMatch(/lineWidth=9: expected a number from 1 to 4/);
    expect(dropped.join("\n")).toMatch(/"nonsense": not a line option/);
  });

  it("never copies keys outside the schema, __proto__ included", () => {
    const { config } = validateConfig("line", JSON.parse('{"__proto__": {"polluted": true}, "constructor": 1}'));
    expect(Object.keys(config)).toEqual([]);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });

  it("rejects a value that is not an object", () => {
    expect(validateConfig("bar", [1, 2]).config).toEqual({});
    expect(validateConfig("bar", "red").dropped).toHaveLength(1);
  });

  it("does not treat a boolean as a choice value", () => {
    expect(checkValue(optionSpec("line", "lineStyle")!, true)).toHaveProperty("problem");
    expect(checkValue(optionSpec("line", "lineStyle")!, 4)).toEqual({ value: 4 });
  });
});

describe("colours", () => {
  it("accepts the forms Python accepts", () => {
    for (const ok of ["#fff", "#ffff", "#a1b2c3", "#a1b2c3d4", "rgba(1, 2, 3, 0.5)", "rgb(1,2,3)", "hsl(120, 50%, 50%)", "RebeccaPurple", " red "]) {
      expect(isCssColor(ok), ok).toBe(true);
    }
    for (const bad of ["", "#ff", "#gggggg", "rgb(1,2)", "url(x)", "red; background: url(x)", "notacolour", 5]) {
      expect(isCssColor(bad), String(bad)).toBe(false);
    }
  });

  it("writes a picker colour at an opacity as hex when opaque, rgba otherwise", () => {
    expect(colorAtOpacity("#ff8000", 100)).toBe("#ff8000");
    expect(colorAtOpacity("#ff8000", 40)).toBe("rgba(255, 128, 0, 0.4)");
    expect(colorAtOpacity("#ff8000", 0)).toBe("rgba(255, 128, 0, 0)");
  });

  it("labels choices the way people read them", () => {
    expect(choiceLabel("large_dashed")).toBe("Large dashed");
    expect(choiceLabel("solid")).toBe("Solid");
  });
});
