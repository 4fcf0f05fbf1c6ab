// The literal types of src/shared.ts are the only hand-written copies of the shared facts; these
// records must name exactly what Python wrote into the generated JSON.
import { describe, expect, it } from "vitest";
import generated from "../src/generated/option-schema.json";
import {
  INPUT_NAME,
  MESSAGES,
  PAYLOAD_TYPE,
  TRIGGERS,
  isOhlcType,
  type EventKind,
  type PriceScaleModeName,
  type SeriesType,
} from "../src/shared";

// A key missing from or added to one of these records is a type error: they list each union once.
const seriesTypes: Record<SeriesType, true> = { candlestick: true, bar: true, line: true, area: true, baseline: true, histogram: true };
const scaleModes: Record<PriceScaleModeName, true> = { normal: true, log: true, percent: true, indexed: true };
const eventKinds: Record<EventKind, true> = { click: true, crosshair: true, range: true };
const sorted = (list: readonly string[]) => [...list].sort();

describe("shared facts", () => {
  const shared = generated.shared;

  it("declares the same series types, scale modes and event kinds as the JSON", () => {
    expect(sorted(Object.keys(seriesTypes))).toEqual(sorted(shared.seriesTypes));
    expect(sorted(Object.keys(scaleModes))).toEqual(sorted(shared.scaleModes));
    expect(sorted(Object.keys(eventKinds))).toEqual(sorted(shared.eventKinds));
    expect(sorted(Object.keys(shared.seriesColumns))).toEqual(sorted(shared.seriesTypes));
  });

  it("types the payload, trigger and message names as the JSON spells them", () => {
    expect(PAYLOAD_TYPE).toBe("series_config_changes");
    expect(TRIGGERS).toEqual({ settings: "series_config_changes", event: "event" });
    expect(MESSAGES).toEqual({
      append: "append",
      screenshot: "screenshot",
      event: "event",
      view: "view",
      refresh: "refresh",
      parts: "parts",
      part: "part",
    });
  });

  it("matches input names whole", () => {
    expect(INPUT_NAME.test("length")).toBe(true);
    expect(INPUT_NAME.test("_x9")).toBe(true);
    expect(INPUT_NAME.test("9x")).toBe(false);
    expect(INPUT_NAME.test("a-b")).toBe(false);
    expect(INPUT_NAME.test("a".repeat(65))).toBe(false);
  });

  it("knows which types carry OHLC rows", () => {
    expect(shared.seriesTypes.filter((t) => isOhlcType(t as SeriesType))).toEqual(["candlestick", "bar"]);
  });
});
