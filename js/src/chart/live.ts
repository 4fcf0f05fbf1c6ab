/**
 * Live rows: Python's `Series.update` / `Series.append` send only the new rows of one series
 * (wire/envelope.ts `decodeRows`); they are queued and applied with `series.update(row)` at most once per
 * animation frame, so a burst of messages costs one redraw. History is never re-sent or re-set.
 *
 * Rows of the same bar time queued within one frame (a bar updated tick by tick) are applied as
 * the last of them only: lightweight-charts' `update` costs time proportional to the series
 * length (about 1–2 ms at 100k bars), so every call saved is what keeps 60 frames a second.
 */
import type { ISeriesApi, SeriesType as LwSeriesType } from "lightweight-charts";
import { buildRows, lastDrawnRow, type Row } from "./rows";
import type { SeriesSpec } from "../wire/spec";
import { asBytes, decodeRows, type Payload } from "../wire/envelope";

export interface LiveSeries {
  spec: SeriesSpec;
  api: ISeriesApi<LwSeriesType>;
  /** Set for a resampled series (chart/resampled.ts): it takes a frame's rows at once instead of `update`. */
  applyRows?: (rows: readonly Row[]) => void;
}

/** What live rows cost: messages, bytes and rows received; `update` calls made; frames used. */
export interface LiveStats {
  messages: number;
  bytes: number;
  rows: number;
  applied: number;
  frames: number;
}

export class LiveUpdates {
  readonly stats: LiveStats = { messages: 0, bytes: 0, rows: 0, applied: 0, frames: 0 };
  private queue = new Map<string, Row[]>();
  private frame = 0;

  /**
   * @param lookup the series drawn now, by id
   * @param applied called after a flush with each series' last drawn row (for the legend)
   */
  constructor(
    private readonly lookup: (seriesId: string) => LiveSeries | undefined,
    private readonly applied: (lastRows: Map<string, Row>) => void,
    private readonly win: Pick<Window, "requestAnimationFrame" | "cancelAnimationFrame"> = window,
  ) {}

  /** Queue one message's rows; throws naming the fault when it cannot be decoded. */
  push(payload: Payload): void {
    const bytes = asBytes(payload);
    const message = decodeRows(bytes);
    this.stats.messages += 1;
    this.stats.bytes += bytes.byteLength;
    const target = this.lookup(message.seriesId);
    if (target === undefined) throw new Error(`lwcharts: live rows for unknown series ${JSON.stringify(message.seriesId)}`);
    const rows = buildRows({ ...target.spec, length: message.length, columns: message.columns });
    this.stats.rows += rows.length;
    const queued = this.queue.get(message.seriesId);
    if (queued === undefined) this.queue.set(message.seriesId, rows);
    else for (const row of rows) queued.push(row);
    if (this.frame === 0) this.frame = this.win.requestAnimationFrame(() => this.flush());
  }

  /** Apply everything queued now (the frame callback; also for tests). */
  flush(): void {
    this.frame = 0;
    const queue = this.queue;
    this.queue = new Map();
    const lastRows = new Map<string, Row>();
    for (const [seriesId, rows] of queue) {
      const target = this.lookup(seriesId);
      if (target === undefined) continue;
      if (target.applyRows !== undefined) {
        target.applyRows(rows);
        this.stats.applied += 1;
      } else {
        for (let i = 0; i < rows.length; i++) {
          const row = rows[i]!;
          if (i + 1 < rows.length && rows[i + 1]!.time === row.time) continue; // a later row redraws this bar
          try {
            target.api.update(row);
            this.stats.applied += 1;
          } catch (error) {
            // Python checks the order; a row refused here (e.g. after a full redraw with newer data)
            // must not stop the rows after it.
            console.error(`lwcharts: live row of series ${JSON.stringify(seriesId)} refused: ${String(error)}`);
          }
        }
      }
      const last = lastDrawnRow(rows);
      if (last !== undefined) lastRows.set(seriesId, last);
    }
    if (queue.size > 0) this.stats.frames += 1;
    this.applied(lastRows);
  }

  /** Drop what is queued: a full redraw carries those rows already. */
  clear(): void {
    this.queue.clear();
    if (this.frame !== 0) this.win.cancelAnimationFrame(this.frame);
    this.frame = 0;
  }
}
