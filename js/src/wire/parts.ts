/**
 * An envelope that arrives as several messages ("parts"; docs/wire-format.md, "Parts"), put back
 * together. Python (`lwcharts/wire/parts.py`) syncs a small reference `{id, bytes, partBytes,
 * count}` and, when asked, sends the parts in order, each `partBytes` long except the last.
 *
 * Everything here comes from the wire and is untrusted: the reference is checked against fixed
 * bounds before its `bytes` are allocated, and each part against the reference before it is
 * copied in. The whole is allocated once and each part copied into its place as it arrives, so
 * the browser holds the envelope plus at most one part, never a list of parts and their
 * concatenation.
 */
import { MAX_ENVELOPE_BYTES, MAX_PART_BYTES } from "../shared";

export interface PartsReference {
  id: string;
  /** Size of the whole envelope. */
  bytes: number;
  /** Size of every part but the last. */
  partBytes: number;
  count: number;
}

const ID = /^[0-9a-f]{1,64}$/;

function fail(message: string): never {
  throw new Error(`lwcharts: bad envelope parts: ${message}`);
}

function boundedInteger(value: unknown, low: number, high: number, what: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < low || value > high) {
    fail(`${what} is ${JSON.stringify(value)}, expected an integer from ${low} to ${high}`);
  }
  return value;
}

/**
 * The reference synced in the `_parts` trait, checked; `null` for `{}` (the envelope travels whole
 * in `_payload`). Throws an Error naming the key and the allowed values.
 */
export function partsReference(raw: unknown): PartsReference | null {
  if (raw === null || raw === undefined) return null;
  if (typeof raw !== "object" || Array.isArray(raw)) fail("the reference is not an object");
  const given = raw as Record<string, unknown>;
  if (Object.keys(given).length === 0) return null;
  const id = given["id"];
  if (typeof id !== "string" || !ID.test(id)) fail(`id is ${JSON.stringify(id)}, expected 1 to 64 hex digits`);
  const bytes = boundedInteger(given["bytes"], 1, MAX_ENVELOPE_BYTES, "bytes");
  const partBytes = boundedInteger(given["partBytes"], 1, MAX_PART_BYTES, "partBytes");
  const count = Math.ceil(bytes / partBytes);
  if (given["count"] !== count) {
    fail(`count is ${JSON.stringify(given["count"])}, expected ${count} (${bytes} bytes in parts of ${partBytes})`);
  }
  return { id, bytes, partBytes, count };
}

/** One envelope being put back together from its parts, which must come in order. */
export class PartsAssembly {
  private readonly whole: Uint8Array;
  private received = 0;

  constructor(readonly reference: PartsReference) {
    this.whole = new Uint8Array(reference.bytes);
  }

  get complete(): boolean {
    return this.received === this.reference.count;
  }

  /**
   * Copy in part `index` of envelope `id`. Throws an Error, and keeps nothing of it, for a part of
   * another envelope, out of order (missing or repeated), or of the wrong size.
   */
  add(id: unknown, index: unknown, part: ArrayBufferView): void {
    const { reference } = this;
    if (id !== reference.id) fail(`a part of envelope ${JSON.stringify(id)} came while ${reference.id} is expected`);
    if (this.complete) fail(`part ${JSON.stringify(index)} came after all ${reference.count} parts of ${reference.id}`);
    if (index !== this.received) {
      fail(`part ${JSON.stringify(index)} of ${reference.id} came where part ${this.received} of ${reference.count} was expected (a part is missing or repeated)`);
    }
    const start = this.received * reference.partBytes;
    const expected = Math.min(reference.partBytes, reference.bytes - start);
    if (part.byteLength !== expected) {
      fail(`part ${this.received} of ${reference.id} has ${part.byteLength} bytes, expected ${expected}`);
    }
    this.whole.set(new Uint8Array(part.buffer, part.byteOffset, part.byteLength), start);
    this.received += 1;
  }

  /** The envelope; only once every part came. */
  bytes(): Uint8Array {
    if (!this.complete) fail(`${this.received} of ${this.reference.count} parts of ${this.reference.id} came`);
    return this.whole;
  }
}
