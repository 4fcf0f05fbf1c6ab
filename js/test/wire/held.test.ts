import { describe, expect, it } from "vitest";
import { dataKey, layoutKey } from "../../src/chart/intake";
import { HeldData } from "../../src/wire/held";
import { decodeEnvelope } from "../../src/wire/envelope";
import { encodeEnvelope, lineSeries as line, type TestSeries } from "./encode";

const T0 = 1_700_000_000;
const decode = (...series: TestSeries[]) => decodeEnvelope(encodeEnvelope({ chartId: "c" }, series));
const values = (spec: ReturnType<typeof decode>) => Array.from(spec.series[0].columns["value"]);

describe("HeldData", () => {
  it("keeps full data it was sent, by series id and hash", () => {
    const cache = new HeldData();
    expect(cache.resolve(decode(line([1, 2, 3], { dataHash: "h1" })))).toEqual([]);
    expect(cache.hashes()).toEqual({ sma: "h1" });
  });

  it("fills in a series sent as its hash only", () => {
    const cache = new HeldData();
    cache.resolve(decode(line([1, 2, 3], { dataHash: "h1" })));
    const again = decode({ ...line([], { dataHash: "h1", omitColumns: true }), length: 3 });
    expect(again.series[0].appendFrom).toBe(3);

    expect(cache.resolve(again)).toEqual([]);

    expect(values(again)).toEqual([1, 2, 3]);
    expect(again.series[0].appendFrom).toBeUndefined();
  });

  it("appends the rows sent after the held ones", () => {
    const cache = new HeldData();
    cache.resolve(decode(line([1, 2, 3], { dataHash: "h1" })));
    const tail = line([4, 5], { dataHash: "h2", appendFrom: 3, baseHash: "h1", length: 5 });
    tail.columns["time"].values = [T0 + 180, T0 + 240];
    const spec = decode(tail);

    expect(cache.resolve(spec)).toEqual([]);

    expect(values(spec)).toEqual([1, 2, 3, 4, 5]);
    expect(Array.from(spec.series[0].columns["time"])).toEqual([0, 1, 2, 3, 4].map((i) => T0 + i * 60));
    expect(cache.hashes()).toEqual({ sma: "h2" });
  });

  it("names series whose base data it lacks and changes nothing", () => {
    const cache = new HeldData();
    cache.resolve(decode(line([1, 2, 3], { dataHash: "h1" })));
    const spec = decode({ ...line([], { dataHash: "other", omitColumns: true }), length: 3 });

    expect(cache.resolve(spec)).toEqual(["sma"]);
    expect(cache.hashes()).toEqual({ sma: "h1" });
  });

  it("forgets series that are no longer drawn", () => {
    const cache = new HeldData();
    cache.resolve(decode(line([1], { dataHash: "h1" }), line([2], { id: "b", dataHash: "h2" })));
    cache.resolve(decode(line([1], { dataHash: "h1" })));
    expect(cache.hashes()).toEqual({ sma: "h1" });
  });
});

describe("layout and data keys", () => {
  it("a data change leaves the layout key alone", () => {
    const a = decode(line([1, 2], { dataHash: "h1" }));
    const b = decode(line([1, 2, 3], { dataHash: "h2" }));
    expect(layoutKey(a)).toBe(layoutKey(b));
    expect(dataKey(a)).not.toBe(dataKey(b));
  });

  it("an option change alters the layout key", () => {
    const a = decode(line([1], { dataHash: "h1" }));
    const b = decode(line([1], { dataHash: "h1", options: { color: "#ff0000" } }));
    expect(layoutKey(a)).not.toBe(layoutKey(b));
  });

  it("envelopes without hashes have no data key", () => {
    expect(dataKey(decode(line([1])))).toBeUndefined();
  });
});

describe("decoding what a rerun leaves out", () => {
  it("rejects a delta whose columns do not match appendFrom", () => {
    expect(() => decode(line([4, 5], { dataHash: "h2", appendFrom: 2, baseHash: "h1", length: 5 }))).toThrow(
      /has 2 values, expected 3 \(rows 2-5\)/,
    );
  });

  it("rejects appendFrom without baseHash", () => {
    expect(() => decode(line([4], { dataHash: "h2", appendFrom: 1, length: 2 }))).toThrow(/no baseHash/);
  });

  it("reads sync and paneCollapse with their defaults", () => {
    const plain = decode(line([1]));
    expect(plain.sync).toBeNull();
    expect(plain.paneCollapse).toEqual({ enabled: false, showTooltip: true });
    const synced = decodeEnvelope(
      encodeEnvelope({ sync: { group: "g", crosshair: false }, paneCollapse: { enabled: true } }, [line([1])]),
    );
    expect(synced.sync).toEqual({ group: "g", crosshair: false, timeRange: true });
    expect(synced.paneCollapse).toEqual({ enabled: true, showTooltip: true });
  });
});
