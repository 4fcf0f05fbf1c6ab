/**
 * Live rows: Python's `Series.update` / `Series.append` send only the new rows of one series
 * (wire/envelope.ts `decodeRows`), at most one message per series per frame interval. They wait
 * here per series and are applied at animation frames: at most ONE lightweight-charts data call
 * per series per frame. History is never re-sent.
 *
 * Why one call, and which: lightweight-charts 5.2 has no call that adds several rows, and each
 * `update` re-indexes the whole series (measured in Chromium at 100k bars: 3.5–8 ms per call,
 * appending or replacing), while `setData` of all rows costs 300–550 ms, about 60–100 updates.
 * So:
 * - rows of one bar time that wait together are kept as the last of them only (a bar updated
 *   tick by tick costs one call a frame, whatever the tick rate);
 * - each frame applies the oldest waiting bar with one `update`; the others wait for the next
 *   frames (a new bar after the last tick of the previous one: one frame later);
 * - when more bars wait than draining them one per frame would take longer than one `setData`
 *   (`SET_DATA_AFTER`), they are applied with one `setData` of the series' rows and all of them.
 * No row is dropped: a refused row (after a full redraw with newer data) is reported and skipped.
 *
 * `RowsStrategy` is the one place rows of a series become data calls: a series that hands
 * lightweight-charts fewer rows than it holds (resampled long series, js/src/resample) brings its
 * own through `LiveSeries.strategy`.
 */
import type { ISeriesApi, SeriesType as LwSeriesType } from "lightweight-charts";
import { buildRows, isDrawn, type Row } from "./rows";
import type { SeriesSpec } from "../wire/spec";
import { asBytes, decodeRows, type Payload } from "../wire/envelope";

/**
 * Bars waiting beyond which one `setData` replaces one-`update`-per-frame: `setData` at 100k bars
 * costs what about 60–100 updates do, i.e. about 25–35 frames of 16 ms; waiting bars above this
 * would take longer to drain one per frame than one `setData` takes.
 */
export const SET_DATA_AFTER = 32;

/** What one frame did with a series' waiting rows. */
export interface Applied {
  /** Rows taken from the front of the waiting rows (the rest wait for the next frame). */
  consumed: number;
  /** lightweight-charts data calls made (`update` / `setData`): at most one. */
  calls: number;
  /** `setData` calls among them. */
  rebuilds: number;
}

/** Applies the waiting rows of one series at one frame (whole bars, ascending times, each once). */
export interface RowsStrategy {
  apply(target: LiveSeries, waiting: readonly Row[]): Applied;
}

export interface LiveSeries {
  spec: SeriesSpec;
  api: ISeriesApi<LwSeriesType>;
  /** How this series' live rows are drawn; `directRows` when absent. */
  strategy?: RowsStrategy;
}

/** The series lightweight-charts holds in full: one `update`, or one `setData` past `SET_DATA_AFTER`. */
export const directRows: RowsStrategy = {
  apply(target, waiting) {
    if (waiting.length > SET_DATA_AFTER) {
      const held = target.api.data() as readonly Row[];
      const first = waiting[0]!.time;
      let keep = held.length;
      while (keep > 0 && held[keep - 1]!.time >= first) keep -= 1;
      target.api.setData([...held.slice(0, keep), ...waiting]);
      return { consumed: waiting.length, calls: 1, rebuilds: 1 };
    }
    target.api.update(waiting[0]!);
    return { consumed: 1, calls: 1, rebuilds: 0 };
  },
};

/** What live rows cost: messages, bytes and rows received; data calls made; frames used. */
export interface LiveStats {
  messages: number;
  bytes: number;
  rows: number;
  /** lightweight-charts data calls (`update` and `setData`). */
  applied: number;
  /** `setData` calls among them. */
  rebuilds: number;
  /** Frames that made data calls. */
  frames: number;
  /** The most data calls one series got in one frame (1 by design). */
  maxCallsPerFrame: number;
}

export class LiveUpdates {
  readonly stats: LiveStats = { messages: 0, bytes: 0, rows: 0, applied: 0, rebuilds: 0, frames: 0, maxCallsPerFrame: 0 };
  private waiting = new Map<string, Row[]>();
  private frame = 0;

  /**
   * @param lookup the series drawn now, by id
   * @param applied called after a frame with each series' last drawn row applied (for the legend)
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
    let queue = this.waiting.get(message.seriesId);
    if (queue === undefined) this.waiting.set(message.seriesId, (queue = []));
    for (const row of rows) {
      // A later row of the same bar redraws it: only the last one waits.
      if (queue.length > 0 && queue[queue.length - 1]!.time === row.time) queue[queue.length - 1] = row;
      else queue.push(row);
    }
    this.schedule();
  }

  /** Rows waiting to be drawn, all series together. */
  get backlog(): number {
    let count = 0;
    for (const rows of this.waiting.values()) count += rows.length;
    return count;
  }

  /** One frame: each series' waiting rows go to its strategy, once (the frame callback; also for tests). */
  flush(): void {
    this.frame = 0;
    const lastRows = new Map<string, Row>();
    let calls = 0;
    for (const [seriesId, rows] of this.waiting) {
      const target = this.lookup(seriesId);
      if (target === undefined || rows.length === 0) {
        this.waiting.delete(seriesId);
        continue;
      }
      let done: Applied;
      try {
        done = (target.strategy ?? directRows).apply(target, rows);
      } catch (error) {
        // Python checks the order; a row refused here (e.g. after a full redraw with newer data)
        // must not stop the rows after it.
        console.error(`lwcharts: live row of series ${JSON.stringify(seriesId)} refused: ${String(error)}`);
        done = { consumed: 1, calls: 1, rebuilds: 0 };
      }
      const taken = rows.splice(0, Math.max(1, done.consumed));
      calls += done.calls;
      this.stats.applied += done.calls;
      this.stats.rebuilds += done.rebuilds;
      this.stats.maxCallsPerFrame = Math.max(this.stats.maxCallsPerFrame, done.calls);
      for (let i = taken.length - 1; i >= 0; i--) {
        if (isDrawn(taken[i]!)) {
          lastRows.set(seriesId, taken[i]!);
          break;
        }
      }
      if (rows.length === 0) this.waiting.delete(seriesId);
    }
    if (calls > 0) this.stats.frames += 1;
    this.applied(lastRows);
    this.schedule();
  }

  /** Drop what is waiting: a full redraw carries those rows already. */
  clear(): void {
    this.waiting.clear();
    if (this.frame !== 0) this.win.cancelAnimationFrame(this.frame);
    this.frame = 0;
  }

  private schedule(): void {
    if (this.frame === 0 && this.waiting.size > 0) this.frame = this.win.requestAnimationFrame(() => this.flush());
  }
}
