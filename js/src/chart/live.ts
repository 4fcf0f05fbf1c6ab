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
 * Messages reach the page bunched: the kernel sends one every 16 ms, but Jupyter's server
 * delivers them in bunches (measured: up to three in one frame interval, then none for two).
 * Messages of a series after the first since the last frame are held, one for each following
 * frame, so the stream moves every frame instead of jumping every third one. At most
 * `MAX_HELD_MESSAGES` are held (one more releases the oldest into the waiting rows): a bunched
 * message is drawn at most that many frames later than it arrived.
 *
 * `RowsStrategy` is the one place rows of a series become data calls: a series that hands
 * lightweight-charts fewer rows than it holds (resampled long series, js/src/resample) brings its
 * own through `LiveSeries.strategy`. A strategy gets the rows of all its series of one frame at
 * once, so a chart that draws its series from one plan draws once per frame, not once per series.
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

/** Messages of one series held for the next frames (see above): at most this many frames late. */
export const MAX_HELD_MESSAGES = 2;

/** What one frame did with a series' waiting rows. */
export interface Applied {
  /** Rows taken from the front of the waiting rows (the rest wait for the next frame). */
  consumed: number;
  /** lightweight-charts data calls made (`update` / `setData`): at most one. */
  calls: number;
  /** `setData` calls among them. */
  rebuilds: number;
}

/** One series' rows waiting at a frame: whole bars, ascending times, each once. */
export interface Waiting {
  readonly target: LiveSeries;
  readonly rows: readonly Row[];
}

/**
 * Applies one frame's waiting rows of the series that share this strategy, all at once (a
 * resampled chart ingests every series' rows first and then draws once): what was done with
 * each, in the batch's order; at most one data call per series.
 */
export interface RowsStrategy {
  applyFrame(batch: readonly Waiting[]): Applied[];
}

export interface LiveSeries {
  spec: SeriesSpec;
  api: ISeriesApi<LwSeriesType>;
  /** How this series' live rows are drawn; `directRows` when absent. */
  strategy?: RowsStrategy;
}

/** One series lightweight-charts holds in full: one `update`, or one `setData` past `SET_DATA_AFTER`. */
function applyDirect(target: LiveSeries, waiting: readonly Row[]): Applied {
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
}

/** The series lightweight-charts holds in full, each on its own (lightweight-charts follows the live edge itself). */
export const directRows: RowsStrategy = {
  applyFrame: (batch) =>
    batch.map(({ target, rows }) => {
      try {
        return applyDirect(target, rows);
      } catch (error) {
        // Python checks the order; a row refused here (e.g. after a full redraw with newer data)
        // must not stop the rows after it.
        console.error(`lwcharts: live row of series ${JSON.stringify(target.spec.id)} refused: ${String(error)}`);
        return { consumed: 1, calls: 1, rebuilds: 0 };
      }
    }),
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
  /** Per series, the rows of later messages since the last frame, oldest first: one per frame. */
  private held = new Map<string, (readonly Row[])[]>();
  /** Series with a message since the last frame. */
  private arrived = new Set<string>();
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
    const seriesId = message.seriesId;
    if (this.arrived.has(seriesId)) {
      let held = this.held.get(seriesId);
      if (held === undefined) this.held.set(seriesId, (held = []));
      held.push(rows);
      if (held.length > MAX_HELD_MESSAGES) this.enqueue(seriesId, held.shift()!);
    } else {
      this.enqueue(seriesId, rows);
      this.arrived.add(seriesId);
    }
    this.schedule();
  }

  /** Rows waiting to be drawn (held ones included), all series together. */
  get backlog(): number {
    let count = 0;
    for (const rows of this.waiting.values()) count += rows.length;
    for (const held of this.held.values()) for (const rows of held) count += rows.length;
    return count;
  }

  private enqueue(seriesId: string, rows: readonly Row[]): void {
    let queue = this.waiting.get(seriesId);
    if (queue === undefined) this.waiting.set(seriesId, (queue = []));
    for (const row of rows) {
      // A later row of the same bar redraws it: only the last one waits.
      if (queue.length > 0 && queue[queue.length - 1]!.time === row.time) queue[queue.length - 1] = row;
      else queue.push(row);
    }
  }

  /**
   * One frame: the waiting rows go to their series' strategies, each strategy once with all of
   * its series (the frame callback; also for tests).
   */
  flush(): void {
    this.frame = 0;
    this.arrived.clear();
    const batches = new Map<RowsStrategy, Waiting[]>();
    for (const [seriesId, rows] of this.waiting) {
      const target = this.lookup(seriesId);
      if (target === undefined || rows.length === 0) {
        this.waiting.delete(seriesId);
        continue;
      }
      const strategy = target.strategy ?? directRows;
      const batch = batches.get(strategy);
      if (batch === undefined) batches.set(strategy, [{ target, rows }]);
      else batch.push({ target, rows });
    }
    const lastRows = new Map<string, Row>();
    let calls = 0;
    for (const [strategy, batch] of batches) {
      let done: Applied[];
      try {
        done = strategy.applyFrame(batch);
      } catch (error) {
        console.error(`lwcharts: live rows refused: ${String(error)}`);
        done = batch.map(() => ({ consumed: 1, calls: 1, rebuilds: 0 }));
      }
      batch.forEach(({ target }, i) => {
        const seriesId = target.spec.id;
        const rows = this.waiting.get(seriesId)!;
        const applied = done[i]!;
        const taken = rows.splice(0, Math.max(1, applied.consumed));
        calls += applied.calls;
        this.stats.applied += applied.calls;
        this.stats.rebuilds += applied.rebuilds;
        this.stats.maxCallsPerFrame = Math.max(this.stats.maxCallsPerFrame, applied.calls);
        for (let j = taken.length - 1; j >= 0; j--) {
          if (isDrawn(taken[j]!)) {
            lastRows.set(seriesId, taken[j]!);
            break;
          }
        }
        if (rows.length === 0) this.waiting.delete(seriesId);
      });
    }
    if (calls > 0) this.stats.frames += 1;
    this.applied(lastRows);
    // The oldest held message is the next frame's; one arriving before it is held behind the rest.
    for (const [seriesId, held] of this.held) {
      this.enqueue(seriesId, held.shift()!);
      this.arrived.add(seriesId);
      if (held.length === 0) this.held.delete(seriesId);
    }
    this.schedule();
  }

  /** Drop what is waiting: a full redraw carries those rows already. */
  clear(): void {
    this.waiting.clear();
    this.held.clear();
    this.arrived.clear();
    if (this.frame !== 0) this.win.cancelAnimationFrame(this.frame);
    this.frame = 0;
  }

  private schedule(): void {
    if (this.frame === 0 && this.waiting.size > 0) this.frame = this.win.requestAnimationFrame(() => this.flush());
  }
}
