/**
 * The series data a chart holds, by series id and content hash, so a host can send a series'
 * data once: a Streamlit rerun with unchanged data carries only `dataHash`, one with appended
 * rows only the new rows (docs/wire-format.md, "Data the browser holds"). `resolve` turns such a
 * spec back into full columns, or names the series whose data it lacks (then the host asks
 * Python for a full envelope instead of drawing nothing).
 */
import type { ChartSpec, Column, SeriesSpec } from "./spec";

interface HeldData {
  hash: string;
  length: number;
  columns: Readonly<Record<string, Column>>;
}

export class SeriesDataCache {
  private held = new Map<string, HeldData>();

  /** `{seriesId: dataHash}` of every series held: what the host reports to Python. */
  hashes(): Record<string, string> {
    return Object.fromEntries([...this.held].map(([id, data]) => [id, data.hash]));
  }

  /**
   * Fill in the columns the envelope left out, in place. Returns the ids of series whose base data
   * is not held (nothing was changed then); on success the cache holds exactly this spec's series.
   */
  resolve(spec: ChartSpec): string[] {
    const missing = spec.series.filter((s) => s.appendFrom !== undefined && this.held.get(s.id)?.hash !== s.baseHash);
    if (missing.length > 0) return missing.map((s) => s.id);
    const next = new Map<string, HeldData>();
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

  clear(): void {
    this.held.clear();
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

/** Series ids with their data hashes: equal keys mean the same data everywhere. */
export function dataKey(spec: ChartSpec): string | undefined {
  if (spec.series.some((s) => s.dataHash === undefined)) return undefined;
  return JSON.stringify(spec.series.map((s) => [s.id, s.dataHash]));
}

/** Everything a spec draws except the data itself and the saved settings. */
export function layoutKey(spec: ChartSpec): string {
  const { series, scope: _scope, savedSettings: _saved, ...chart } = spec;
  return JSON.stringify({
    chart,
    // A computed series' inputs change with its data (Python re-ran it): not a new layout.
    series: series.map(({ columns: _c, dataHash: _h, appendFrom: _a, baseHash: _b, length: _l, inputs: _i, ...rest }) => rest),
  });
}
