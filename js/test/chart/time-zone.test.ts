import { TickMarkType, type UTCTimestamp } from "lightweight-charts";
import { describe, expect, it } from "vitest";
import { chartOptions } from "../../src/chart/options";
import { resolveTheme } from "../../src/chart/theme";
import { timeZoneFormatters } from "../../src/chart/time-zone";
import { decodeEnvelope } from "../../src/wire/envelope";
import { encodeEnvelope, valueColumns } from "../wire/encode";

const utc = (iso: string) => (Date.parse(iso) / 1000) as UTCTimestamp;

describe("timeZoneFormatters", () => {
  const newYork = timeZoneFormatters("America/New_York", true);
  const london = timeZoneFormatters("Europe/London", true);

  it("shows a New York session bar at its local hour on both sides of the March DST change", () => {
    // 2024-03-10: clocks go from EST (UTC-5) to EDT (UTC-4).
    expect(newYork.timeFormatter(utc("2024-03-08T20:00:00Z"))).toBe("08 Mar '24 15:00");
    expect(newYork.timeFormatter(utc("2024-03-11T19:00:00Z"))).toBe("11 Mar '24 15:00");
    expect(newYork.tickMarkFormatter(utc("2024-03-11T13:30:00Z"), TickMarkType.Time)).toBe("09:30");
  });

  it("follows New York back to EST in November", () => {
    expect(newYork.timeFormatter(utc("2024-11-01T19:00:00Z"))).toBe("01 Nov '24 15:00");
    expect(newYork.timeFormatter(utc("2024-11-04T20:00:00Z"))).toBe("04 Nov '24 15:00");
  });

  it("shows London in GMT before and BST after the last Sunday of March", () => {
    expect(london.timeFormatter(utc("2024-03-30T12:00:00Z"))).toBe("30 Mar '24 12:00");
    expect(london.timeFormatter(utc("2024-04-01T12:00:00Z"))).toBe("01 Apr '24 13:00");
    expect(london.tickMarkFormatter(utc("2024-03-31T00:30:00Z"), TickMarkType.TimeWithSeconds)).toBe("00:30:00");
    expect(london.tickMarkFormatter(utc("2024-03-31T01:30:00Z"), TickMarkType.TimeWithSeconds)).toBe("02:30:00");
  });

  it("puts an intraday bar just after midnight UTC on the New York day before", () => {
    expect(newYork.timeFormatter(utc("2024-03-15T00:00:00Z"))).toBe("14 Mar '24 20:00");
    expect(newYork.tickMarkFormatter(utc("2024-03-15T00:00:00Z"), TickMarkType.DayOfMonth)).toBe("14");
  });

  it("shows a daily bar's own date in any zone, not the day before", () => {
    const daily = timeZoneFormatters("America/New_York", false);
    expect(daily.timeFormatter(utc("2024-03-15T00:00:00Z"))).toBe("15 Mar '24");
    expect(daily.tickMarkFormatter(utc("2024-03-15T00:00:00Z"), TickMarkType.DayOfMonth)).toBe("15");
    expect(daily.tickMarkFormatter(utc("2024-03-05T00:00:00Z"), TickMarkType.DayOfMonth)).toBe("5");
    expect(daily.tickMarkFormatter(utc("2024-03-01T00:00:00Z"), TickMarkType.Month)).toBe("Mar");
    expect(daily.tickMarkFormatter(utc("2024-01-01T00:00:00Z"), TickMarkType.Year)).toBe("2024");
  });

  it("refuses a name that is not a time zone", () => {
    expect(() => timeZoneFormatters("Mars/Olympus_Mons", true)).toThrow(RangeError);
  });
});

describe("chartOptions with a time zone", () => {
  const light = resolveTheme("light", { dark: false });
  const hourly = [[utc("2024-03-11T19:00:00Z"), 1] as [number, number]];

  it("installs the zone's formatters only when the chart has a time zone", () => {
    const zoned = chartOptions(decodeEnvelope(encodeEnvelope({ timeZone: "America/New_York" }, [{ id: "a", type: "line", columns: valueColumns(hourly) }])), light);
    const plain = chartOptions(decodeEnvelope(encodeEnvelope({}, [{ id: "a", type: "line", columns: valueColumns(hourly) }])), light);
    const formatter = zoned.localization?.timeFormatter as ((time: UTCTimestamp) => string) | undefined;
    expect(formatter?.(utc("2024-03-11T19:00:00Z"))).toBe("11 Mar '24 15:00");
    expect(plain.localization).toBeUndefined();
    expect(plain.timeScale?.tickMarkFormatter).toBeUndefined();
  });

  it("refuses a time zone that is not text", () => {
    expect(() => decodeEnvelope(encodeEnvelope({ timeZone: 5 }, [{ id: "a", type: "line", columns: valueColumns(hourly) }]))).toThrow(/timeZone/);
  });
});
