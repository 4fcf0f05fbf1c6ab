/**
 * Held data: the series data a chart holds, by series id and content hash (Python's word too:
 * the Streamlit state value `held`), so a host can send a series'
 * data once: a Streamlit rerun with unchanged data carries only `dataHash`, one with appended
 * rows only the new rows (docs/wire-format.md, "Data the browser holds"). `resolve` turns such a
 * spec back into full columns, or names the series whose data it lacks (then the host asks
 * Python for a full envelope instead of drawing nothing).
 */
import type { ChartSpec, Column, SeriesSpec } from "./spec";

interface HeldSeries {
  hash: string;
  length: number;
  columns: Readonly<Record<string, Column>>;
}

export class HeldData {
  private held = new Map<string, HeldSeries>();

  /** `{seriesId: dataHash}` of every series held: what the host reports to Python. */
  hashes(): Record<string, string> {
    return Object.fromEntries([...this.held].map(([id, data]) => [id, data.hash]));
  }

  /**
   * Fill in the columns the envelope left out, in place. Returns the ids of series whose base data
   * is not held (nothing was changed then); on success it holds exactly this spec's series.
   */
  resolve(spec: ChartSpec): string[] {
    const missing = spec.series.filter((s) => s.appendFrom !== undefined && this.held.get(s.id)?.hash !== s.baseHash);
    if (missing.length > 0) return missing.map((s) => s.id);
    const next = new Map<string, HeldSeries>();
    for (const series of spec.series) {
      if (series.appendFrom !== undefined) {
        const base = this.held.get(series.id);
        if (base === undefined || base.length !== series.appendFrom) return [series.id];
        series.columns = series.appendFrom === series.length ? base.columns : appendColumns(base.columns, series);
        delete series.appendFrom;
        delete series.baseHash;
      }
      if (series.dataHash !== undefined) {
        next.set(series.id, { hash: series.dataHash, length: series.length, columns: series.columns });
      }
    }
    this.held = next;
    return [];
  }
}

/** Held rows followed by the envelope's new rows; float64 holds every dtype Python sends exactly. */
function appendColumns(base: Readonly<Record<string, Column>>, series: SeriesSpec): Record<string, Column> {
  const joined: Record<string, Column> = {};
  for (const [field, tail] of Object.entries(series.columns)) {
    const head = base[field];
    const column = new Float64Array(head.length + tail.length);
    column.set(head);
    column.set(tail, head.length);
    joined[field] = column;
  }
  return joined;
}
