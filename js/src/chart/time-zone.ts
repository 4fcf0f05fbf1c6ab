/**
 * Times shown in a display time zone: the crosshair's time label (`localization.timeFormatter`)
 * and the time axis' tick marks (`timeScale.tickMarkFormatter`). lightweight-charts shows UTC and
 * leaves zones to wrappers; the data stays UTC seconds, only the text changes.
 *
 * Daily data (every bar at midnight UTC) is formatted in UTC whatever the zone: its bars stand for
 * dates, and New York's evening of the day before would put every bar on the wrong day.
 */
import { TickMarkType, type Time } from "lightweight-charts";

export interface TimeZoneFormatters {
  /** The crosshair label: "15 Mar '24 15:00", or "15 Mar '24" for daily bars. */
  timeFormatter: (time: Time) => string;
  /** Tick marks: "2024", "Mar", "5", "15:00" or "15:00:30", by the mark's weight. */
  tickMarkFormatter: (time: Time, type: TickMarkType) => string;
}

type Parts = Record<"year" | "month" | "day" | "hour" | "minute" | "second", string>;

/** Formatters for `timeZone` (an IANA name; Intl throws a RangeError naming a bad one). */
export function timeZoneFormatters(timeZone: string, intraday: boolean): TimeZoneFormatters {
  const format = new Intl.DateTimeFormat("en-US", {
    timeZone: intraday ? timeZone : "UTC",
    year: "numeric",
    month: "short",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  });
  const partsOf = (time: Time): Parts => {
    const parts: Record<string, string> = {};
    for (const part of format.formatToParts(secondsOf(time) * 1000)) parts[part.type] = part.value;
    return parts as Parts;
  };
  return {
    timeFormatter: (time) => {
      const p = partsOf(time);
      const date = `${p.day} ${p.month} '${p.year.slice(-2)}`;
      return intraday ? `${date} ${p.hour}:${p.minute}` : date;
    },
    tickMarkFormatter: (time, type) => {
      const p = partsOf(time);
      switch (type) {
        case TickMarkType.Year:
          return p.year;
        case TickMarkType.Month:
          return p.month;
        case TickMarkType.DayOfMonth:
          return String(Number(p.day)); // "5", as lightweight-charts writes days
        case TickMarkType.Time:
          return `${p.hour}:${p.minute}`;
        case TickMarkType.TimeWithSeconds:
          return `${p.hour}:${p.minute}:${p.second}`;
      }
    },
  };
}

/** lightweight-charts hands back the times it was given: our UTC seconds. */
function secondsOf(time: Time): number {
  if (typeof time === "number") return time;
  if (typeof time === "string") return Date.parse(`${time}T00:00:00Z`) / 1000;
  return Date.UTC(time.year, time.month - 1, time.day) / 1000;
}
