import { describe, expect, it } from "vitest";
import { buildRows, lastDrawnRow } from "../../src/chart/rows";
import { decodeEnvelope } from "../../src/wire/envelope";
import { encodeEnvelope, ohlcColumns, valueColumns, type TestSeries } from "../wire/encode";

const DAY = 86_400;
const T0 = 1_704_067_200; // 2024-01-01 UTC

function decoded(series: TestSeries) {
  return decodeEnvelope(encodeEnvelope({}, [series])).series[0];
}

describe("buildRows", () => {
  it("turns candlestick and bar columns into OHLC rows", () => {
    for (const type of ["candlestick", "bar"]) {
      const rows = buildRows(decoded({ type, columns: ohlcColumns([[T0, 1, 3, 0.5, 2], [T0 + DAY, 2, 4, 1, 3.5]]) }));
      expect(rows).toEqual([
        { time: T0, open: 1, high: 3, low: 0.5, close: 2 },
        { time: T0 + DAY, open: 2, high: 4, low: 1, close: 3.5 },
      ]);
    }
  });

  it("turns line, area, baseline and histogram columns into value rows", () => {
    for (const type of ["line", "area", "baseline", "histogram"]) {
      expect(buildRows(decoded({ type, columns: valueColumns([[T0, 10], [T0 + DAY, -2.5]]) }))).toEqual([
        { time: T0, value: 10 },
        { time: T0 + DAY, value: -2.5 },
      ]);
    }
  });

  it("makes a bar with a NaN in any price a gap, never a zero", () => {
    const rows = buildRows(
      decoded({
        type: "candlestick",
        columns: ohlcColumns([
          [T0, NaN, 3, 1, 2],
          [T0 + DAY, 1, NaN, 1, 2],
          [T0 + 2 * DAY, 1, 3, NaN, 2],
          [T0 + 3 * DAY, 1, 3, 1, NaN],
          [T0 + 4 * DAY, 1, 3, 1, 2],
        ]),
      }),
    );
    expect(rows.slice(0, 4)).toEqual([{ time: T0 }, { time: T0 + DAY }, { time: T0 + 2 * DAY }, { time: T0 + 3 * DAY }]);
    expect(rows[4]).toEqual({ time: T0 + 4 * DAY, open: 1, high: 3, low: 1, close: 2 });
  });

  it("makes a NaN value a gap in value series", () => {
    const rows = buildRows(decoded({ type: "line", columns: valueColumns([[T0, 1], [T0 + DAY, NaN], [T0 + 2 * DAY, 0]]) }));
    expect(rows).toEqual([{ time: T0, value: 1 }, { time: T0 + DAY }, { time: T0 + 2 * DAY, value: 0 }]);
  });

  it("reads float32 and float64 columns to the same numbers Python held", () => {
    const rows = buildRows(decoded({ type: "line", columns: valueColumns([[T0, 0.5], [T0 + DAY, 1e6 + 0.25]], "f32") }));
    expect(rows.map((r) => ("value" in r ? r.value : null))).toEqual([0.5, 1e6 + 0.25]);
  });

  it("returns no rows for an empty series", () => {
    expect(buildRows(decoded({ type: "area", columns: valueColumns([]) }))).toEqual([]);
  });
});

describe("lastDrawnRow", () => {
  it("skips trailing gaps, so the legend shows the last real value", () => {
    const rows = buildRows(decoded({ type: "line", columns: valueColumns([[T0, 7], [T0 + DAY, NaN]]) }));
    expect(lastDrawnRow(rows)).toEqual({ time: T0, value: 7 });
  });

  it("is undefined when every row is a gap", () => {
    expect(lastDrawnRow(buildRows(decoded({ type: "line", columns: valueColumns([[T0, NaN]]) })))).toBeUndefined();
  });
});
