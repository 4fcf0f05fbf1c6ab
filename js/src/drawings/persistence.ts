/**
 * One chart's drawings kept like its series settings: every change goes to localStorage at once
 * and to Python debounced (300 ms after the last change, or at once on `flush()`, which the page
 * calls when it is hidden). Whatever comes in (localStorage at start, Python's store, another
 * view) is validated with `sanitizeDrawings` and merged newest-wins per drawing, tombstones kept.
 *
 * localStorage key: `lwcharts:v1:<scope>:<chartId>:drawings`, value: the DrawingRecord list.
 */
import { mergeDrawings } from "./merge";
import { sanitizeDrawings, type DrawingRecord } from "./model";
import { readStored, storageKey, writeStored, type StorageLike } from "../settings/storage";

/** Changes reach Python this long after the last one (ms), as series settings do. */
export const DRAWINGS_DEBOUNCE_MS = 300;

export function drawingsStorageKey(scope: string, chartId: string): string {
  return `${storageKey(scope, chartId)}:drawings`;
}

export interface DrawingsStoreOptions {
  storage: StorageLike | null;
  scope: string;
  chartId: string;
  /** Sends the chart's whole record list to Python (the host wraps it into its payload). */
  send: (records: DrawingRecord[]) => void;
  /** Called once per read or write with what went wrong (for one console warning). */
  warn?: (problems: string[]) => void;
  now?: () => number;
  debounceMs?: number;
}

export class DrawingsStore {
  private records: DrawingRecord[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: DrawingsStoreOptions) {}

  get key(): string {
    return drawingsStorageKey(this.options.scope, this.options.chartId);
  }

  /** The records held (a copy is not made: treat as read-only). */
  get held(): readonly DrawingRecord[] {
    return this.records;
  }

  /** Read localStorage and merge it with what is held; returns the merged records. */
  loadLocal(): DrawingRecord[] {
    const stored = readStored(this.options.storage, this.key);
    if (stored === undefined) return this.records;
    if ("error" in stored) {
      this.options.warn?.([stored.error]);
      return this.records;
    }
    return this.receive(stored.value);
  }

  /**
   * Untrusted drawings from elsewhere (Python's store, localStorage): validated, merged with the
   * held ones, written back to localStorage. Returns the merged records (give them to
   * `DrawingController.load`).
   */
  receive(raw: unknown): DrawingRecord[] {
    const { records, problems } = sanitizeDrawings(raw, this.now());
    if (problems.length > 0) this.options.warn?.(problems);
    this.records = mergeDrawings(this.records, records);
    this.writeLocal();
    return this.records;
  }

  /** A change made here (the controller's onChange): stored at once, sent debounced. */
  change(records: readonly DrawingRecord[]): void {
    this.records = mergeDrawings(this.records, records);
    this.writeLocal();
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), this.options.debounceMs ?? DRAWINGS_DEBOUNCE_MS);
  }

  /** Send a pending change now (page hidden, chart destroyed). */
  flush(): void {
    if (this.timer === undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.options.send(this.records);
  }

  get pending(): boolean {
    return this.timer !== undefined;
  }

  private writeLocal(): void {
    const error = writeStored(this.options.storage, this.key, this.records);
    if (error !== undefined && this.options.storage !== null) this.options.warn?.([error]);
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}
