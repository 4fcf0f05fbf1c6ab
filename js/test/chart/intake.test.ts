import { describe, expect, it } from "vitest";
import { EnvelopeIntake, updateKind } from "../../src/chart/intake";
import { decodeEnvelope } from "../../src/wire/envelope";
import { encodeEnvelope, lineSeries as line, type TestSeries } from "../wire/encode";

const envelope = (header: Record<string, unknown>, ...series: TestSeries[]) => encodeEnvelope({ chartId: "c", ...header }, series);

describe("updateKind", () => {
  const spec = (header: Record<string, unknown>, ...series: TestSeries[]) => decodeEnvelope(envelope(header, ...series));

  it("rebuilds when nothing is drawn yet", () => {
    expect(updateKind(undefined, spec({}, line([1], { dataHash: "h1" })), false)).toBe("rebuild");
  });

  it("only re-applies settings when the drawing is the same", () => {
    const drawn = spec({}, line([1], { dataHash: "h1" }));
    expect(updateKind(drawn, spec({ scope: "u2" }, line([1], { dataHash: "h1" })), true)).toBe("settings");
  });

  it("sets new data into the same layout", () => {
    const drawn = spec({}, line([1], { dataHash: "h1" }));
    expect(updateKind(drawn, spec({}, line([1, 2], { dataHash: "h2" })), false)).toBe("data");
  });

  it("rebuilds for another layout, or data it cannot compare", () => {
    const drawn = spec({}, line([1], { dataHash: "h1" }));
    expect(updateKind(drawn, spec({ height: 300 }, line([1, 2], { dataHash: "h2" })), false)).toBe("rebuild");
    expect(updateKind(drawn, spec({}, line([1, 2], { dataHash: "h2" }), line([3], { id: "b", dataHash: "h3" })), false)).toBe(
      "rebuild",
    );
    expect(updateKind(drawn, spec({}, line([1, 2])), false)).toBe("rebuild");
    expect(updateKind(spec({}, line([1])), spec({}, line([1, 2], { dataHash: "h2" })), false)).toBe("rebuild");
  });
});

describe("EnvelopeIntake", () => {
  it("skips the bytes drawn, and counts every envelope handed in", () => {
    const intake = new EnvelopeIntake();
    const bytes = envelope({}, line([1, 2], { dataHash: "h1" }));
    const first = intake.take(bytes, undefined);
    expect(first.kind).toBe("rebuild");
    if (first.kind !== "rebuild") return;
    intake.drawn(first.bytes);

    expect(intake.take(bytes.slice(), first.spec)).toEqual({ kind: "same" });
    expect(intake.received).toEqual({ envelopes: 2, lastBytes: bytes.byteLength, totalBytes: 2 * bytes.byteLength });
  });

  it("tells new saved settings and new rows from a new drawing", () => {
    const intake = new EnvelopeIntake();
    const first = intake.take(envelope({ scope: "u1" }, line([1], { dataHash: "h1" })), undefined);
    if (first.kind !== "rebuild") throw new Error(first.kind);
    intake.drawn(first.bytes);

    const settings = intake.take(envelope({ scope: "u2" }, line([1], { dataHash: "h1" })), first.spec);
    expect(settings.kind).toBe("settings");
    const rows = intake.take(envelope({ scope: "u1" }, line([1, 2], { dataHash: "h2" })), first.spec);
    expect(rows.kind).toBe("data");
  });

  it("names series whose held data it lacks, and reports what it holds", () => {
    const intake = new EnvelopeIntake();
    const first = intake.take(envelope({}, line([1, 2, 3], { dataHash: "h1" })), undefined);
    if (first.kind !== "rebuild") throw new Error(first.kind);
    intake.drawn(first.bytes);
    expect(intake.heldData()).toEqual({ sma: "h1" });

    const lacking = envelope({}, { ...line([], { dataHash: "other", omitColumns: true }), length: 3 });
    expect(intake.take(lacking, first.spec)).toEqual({ kind: "missing", seriesIds: ["sma"] });
  });

  it("treats any envelope as news once the chart was redrawn from a spec", () => {
    const intake = new EnvelopeIntake();
    const bytes = envelope({}, line([1]));
    const first = intake.take(bytes, undefined);
    if (first.kind !== "rebuild") throw new Error(first.kind);
    intake.drawn(first.bytes);
    intake.forget();
    expect(intake.take(bytes, first.spec).kind).toBe("rebuild");
  });

  it("lets a bad envelope's error through", () => {
    expect(() => new EnvelopeIntake().take(new Uint8Array(3), undefined)).toThrow(/shorter than the 8-byte preamble/);
  });
});
