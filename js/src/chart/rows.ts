/**
 * lightweight-charts data rows from decoded columns, in one pass over a pre-sized array: this is
 * the only per-bar work the front end does before `setData`.
 */
import type { OhlcData, SingleValueData, UTCTimestamp, WhitespaceData } from "lightweight-charts";
import { isOhlcType } from "../shared";
import type { Column, SeriesSpec } from "../wire/spec";

export type OhlcRow = OhlcData<UTCTimestamp>;
export type ValueRow = SingleValueData<UTCTimestamp>;
/** A gap: lightweight-charts draws nothing at this time, where a 0 would draw a false price. */
export type GapRow = WhitespaceData<UTCTimestamp>;
export type Row = OhlcRow | ValueRow | GapRow;

function column(series: SeriesSpec, field: string): Column {
  const values = series.columns[field];
  if (values === undefined) throw new Error(`lwcharts: series ${JSON.stringify(series.id)} has no ${field} column`);
  return values;
}

/** One row per bar; a NaN in any of a row's values makes the whole row a gap. */
export function buildRows(series: SeriesSpec): Row[] {
  const n = series.length;
  const time = column(series, "time");
  const rows: Row[] = new Array<Row>(n);
  if (isOhlcType(series.type)) {
    const open = column(series, "open");
    const high = column(series, "high");
    const low = column(series, "low");
    const close = column(series, "close");
    for (let i = 0; i < n; i++) {
      const t = time[i] as UTCTimestamp;
      const o = open[i];
      const h = high[i];
      const l = low[i];
      const c = close[i];
      // NaN is the only value not equal to itself: cheaper than four Number.isNaN calls.
      rows[i] =
        o !== o || h !== h || l !== l || c !== c ? { time: t } : { time: t, open: o, high: h, low: l, close: c };
    }
  } else {
    const value = column(series, "value");
    for (let i = 0; i < n; i++) {
      const t = time[i] as UTCTimestamp;
      const v = value[i];
      rows[i] = v !== v ? { time: t } : { time: t, value: v };
    }
  }
  return rows;
}

export function isDrawn(row: Row): row is OhlcRow | ValueRow {
  return "value" in row || "close" in row;
}

/** The row the legend shows when the crosshair is away: the last one that is not a gap. */
export function lastDrawnRow(rows: readonly Row[]): OhlcRow | ValueRow | undefined {
  for (let i = rows.length - 1; i >= 0; i--) {
    const row = rows[i];
    if (isDrawn(row)) return row;
  }
  return undefined;
}
