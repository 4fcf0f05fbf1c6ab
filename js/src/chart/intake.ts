/**
 * Envelope intake: what one `render(payload)` has to do to the chart drawn now. Hosts hand in
 * every envelope they get (Streamlit on each rerun and theme change), so most of them are the
 * drawing already on screen, or it with other saved settings or more rows: those must not rebuild
 * the series, which would lose the user's zoom and an open settings dialog.
 */
import { asBytes, decodeEnvelope, sameBytes, sameDrawing, type Payload } from "../wire/envelope";
import { HeldData } from "../wire/held";
import type { ChartSpec } from "../wire/spec";

/**
 * - `same`: these exact bytes are drawn; nothing to do.
 * - `missing`: the envelope refers to data this chart does not hold (`wire/held.ts`); nothing can
 *   be drawn from it.
 * - `settings`: the same drawing with other saved settings: re-apply options only.
 * - `data`: the same layout with other data: set the new rows into the existing series.
 * - `rebuild`: anything else.
 */
export type Intake =
  | { kind: "same" }
  | { kind: "missing"; seriesIds: string[] }
  | { kind: "settings" | "data" | "rebuild"; spec: ChartSpec; bytes: Uint8Array };

export type UpdateKind = "settings" | "data" | "rebuild";

/** Series ids with their data hashes: equal keys mean the same data everywhere. */
export function dataKey(spec: ChartSpec): string | undefined {
  if (spec.series.some((s) => s.dataHash === undefined)) return undefined;
  return JSON.stringify(spec.series.map((s) => [s.id, s.dataHash]));
}

/** Everything a spec draws except the data itself and the saved settings and drawings. */
export function layoutKey(spec: ChartSpec): string {
  const { series, scope: _scope, savedSettings: _saved, savedDrawings: _drawings, ...chart } = spec;
  return JSON.stringify({
    chart,
    // A computed series' inputs change with its data (Python re-ran it): not a new layout.
    series: series.map(({ columns: _c, dataHash: _h, appendFrom: _a, baseHash: _b, length: _l, inputs: _i, ...rest }) => rest),
  });
}

/**
 * How to go from the drawn spec to the next one. Only data with hashes can be compared without
 * reading it; data without (older writers) always rebuilds.
 */
export function updateKind(drawn: ChartSpec | undefined, next: ChartSpec, onlySettingsChanged: boolean): UpdateKind {
  if (drawn === undefined) return "rebuild";
  if (onlySettingsChanged) return "settings";
  if (dataKey(drawn) === undefined || dataKey(next) === undefined || layoutKey(drawn) !== layoutKey(next)) return "rebuild";
  return "data";
}

/** One chart's intake: the bytes drawn, the data held, and counts for the test hook. */
export class EnvelopeIntake {
  /** Envelopes handed in and their sizes (test hook: proves what a rerun carried). */
  readonly received = { envelopes: 0, lastBytes: 0, totalBytes: 0 };
  private drawnBytes: Uint8Array | undefined;
  private readonly held = new HeldData();

  /**
   * Decide what `payload` asks of a chart that draws `drawn` now; throws the decoder's error for a
   * bad envelope. Call `drawn(bytes)` once it is drawn.
   */
  take(payload: Payload, drawn: ChartSpec | undefined): Intake {
    const bytes = asBytes(payload);
    this.received.envelopes += 1;
    this.received.lastBytes = bytes.byteLength;
    this.received.totalBytes += bytes.byteLength;
    const previous = this.drawnBytes;
    if (previous !== undefined && sameBytes(bytes, previous)) return { kind: "same" };
    const onlySettingsChanged = previous !== undefined && sameDrawing(bytes, previous);
    const spec = decodeEnvelope(bytes);
    const missing = this.held.resolve(spec);
    if (missing.length > 0) return { kind: "missing", seriesIds: missing };
    return { kind: updateKind(drawn, spec, onlySettingsChanged), spec, bytes };
  }

  /** These bytes are on screen now. */
  drawn(bytes: Uint8Array): void {
    this.drawnBytes = bytes;
  }

  /** The chart was redrawn from a spec, not from bytes: the next envelope is news whatever it is. */
  forget(): void {
    this.drawnBytes = undefined;
  }

  /** `{seriesId: dataHash}` of the data held (hosts report it to Python). */
  heldData(): Record<string, string> {
    return this.held.hashes();
  }
}
