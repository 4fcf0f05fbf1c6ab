import { describe, expect, it } from "vitest";
import { PartsAssembly, partsReference, type PartsReference } from "../../src/wire/parts";
import { MAX_ENVELOPE_BYTES, MAX_PART_BYTES } from "../../src/shared";

const ID = "ab12";

function envelopeOf(bytes: number): Uint8Array {
  return Uint8Array.from({ length: bytes }, (_, i) => (i * 7) % 251);
}

/** The parts Python sends (lwcharts/wire/parts.py split): views into one message buffer each. */
function partsOf(whole: Uint8Array, partBytes: number): DataView[] {
  const parts: DataView[] = [];
  for (let start = 0; start < whole.byteLength; start += partBytes) {
    const message = new Uint8Array(whole.byteLength + 16);
    const slice = whole.subarray(start, start + partBytes);
    message.set(slice, 8); // at an offset inside a larger buffer, as a websocket message hands it over
    parts.push(new DataView(message.buffer, 8, slice.byteLength));
  }
  return parts;
}

function reference(bytes: number, partBytes: number): PartsReference {
  const parsed = partsReference({ id: ID, bytes, partBytes, count: Math.ceil(bytes / partBytes) });
  if (parsed === null) throw new Error("no reference");
  return parsed;
}

describe("partsReference", () => {
  it("is null for the empty reference of an envelope that travels whole", () => {
    expect(partsReference({})).toBeNull();
    expect(partsReference(undefined)).toBeNull();
  });

  it.each([
    [{ id: "", bytes: 10, partBytes: 4, count: 3 }, "id is \"\", expected 1 to 64 hex digits"],
    [{ id: "<b>", bytes: 10, partBytes: 4, count: 3 }, "id is \"<b>\""],
    [{ id: ID, bytes: 0, partBytes: 4, count: 0 }, `bytes is 0, expected an integer from 1 to ${MAX_ENVELOPE_BYTES}`],
    [{ id: ID, bytes: MAX_ENVELOPE_BYTES + 1, partBytes: 4, count: 1 }, "bytes is"],
    [{ id: ID, bytes: 10, partBytes: MAX_PART_BYTES + 1, count: 1 }, `partBytes is ${MAX_PART_BYTES + 1}, expected an integer from 1 to ${MAX_PART_BYTES}`],
    [{ id: ID, bytes: 10, partBytes: 2.5, count: 4 }, "partBytes is 2.5"],
    [{ id: ID, bytes: 10, partBytes: 4, count: 2 }, "count is 2, expected 3 (10 bytes in parts of 4)"],
    [[1, 2], "the reference is not an object"],
  ])("refuses %j before allocating anything", (raw, message) => {
    expect(() => partsReference(raw)).toThrow(message);
  });
});

describe("PartsAssembly", () => {
  it("puts parts back together in order, the last one shorter", () => {
    const whole = envelopeOf(10_000);
    const assembly = new PartsAssembly(reference(10_000, 3000));
    const parts = partsOf(whole, 3000);
    expect(parts.map((p) => p.byteLength)).toEqual([3000, 3000, 3000, 1000]);
    parts.forEach((part, index) => {
      expect(assembly.complete).toBe(false);
      assembly.add(ID, index, part);
    });
    expect(assembly.complete).toBe(true);
    expect(assembly.bytes()).toEqual(whole);
    expect(assembly.bytes().byteOffset % 8).toBe(0); // the decoder's typed-array views need it
  });

  it.each([
    ["missing", [0, 2], "part 2 of ab12 came where part 1 of 4 was expected (a part is missing or repeated)"],
    ["repeated", [0, 0], "part 0 of ab12 came where part 1 of 4 was expected"],
    ["out of order", [1], "part 1 of ab12 came where part 0 of 4 was expected"],
  ])("refuses a %s part", (_what, indices, message) => {
    const parts = partsOf(envelopeOf(10_000), 3000);
    const assembly = new PartsAssembly(reference(10_000, 3000));
    const last = indices.pop() as number;
    for (const i of indices) assembly.add(ID, i, parts[i]);
    expect(() => assembly.add(ID, last, parts[last])).toThrow(message);
    expect(assembly.complete).toBe(false);
    expect(() => assembly.bytes()).toThrow(`${indices.length} of 4 parts of ab12 came`);
  });

  it("refuses a part larger or smaller than the reference says", () => {
    const assembly = new PartsAssembly(reference(10_000, 3000));
    expect(() => assembly.add(ID, 0, new Uint8Array(3001))).toThrow("part 0 of ab12 has 3001 bytes, expected 3000");
    assembly.add(ID, 0, new Uint8Array(3000));
    assembly.add(ID, 1, new Uint8Array(3000));
    assembly.add(ID, 2, new Uint8Array(3000));
    expect(() => assembly.add(ID, 3, new Uint8Array(3000))).toThrow("part 3 of ab12 has 3000 bytes, expected 1000");
  });

  it("refuses a part of another envelope, and any part after the last", () => {
    const assembly = new PartsAssembly(reference(4, 4));
    expect(() => assembly.add("ff", 0, new Uint8Array(4))).toThrow('a part of envelope "ff" came while ab12 is expected');
    assembly.add(ID, 0, new Uint8Array(4));
    expect(() => assembly.add(ID, 1, new Uint8Array(4))).toThrow("part 1 came after all 1 parts of ab12");
  });
});
