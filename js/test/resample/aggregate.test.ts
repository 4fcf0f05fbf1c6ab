/**
 * Aggregation and the pyramid against a naive reference written here: bucket by bucket, filter
 * the gaps, take first/max/min/last (or last / sum).
 */
import { describe, expect, it } from "vitest";
import {
  Pyramid,
  aggregate,
  reduceRange,
  reducerFor,
  type Buckets,
  type OhlcColumns,
  type Reducer,
  type SeriesColumns,
  type ValueColumns,
} from "../../src/resample/aggregate";
import { seededRandom } from "../seeded-random";

/** A random walk of OHLC bars with isolated NaNs (in any field) and runs of whole-gap bars. */
function walk(n: number, seed: number, capacity = n): OhlcColumns & ValueColumns {
  const r = seededRandom(seed);
  const time = new Float64Array(capacity);
  const open = new Float64Array(capacity);
  const high = new Float64Array(capacity);
  const low = new Float64Array(capacity);
  const close = new Float64Array(capacity);
  let t = 1_704_067_200;
  let p = 100;
  let gapRun = 0;
  for (let i = 0; i < n; i++) {
    t += 60 * (1 + Math.floor(r() * 3));
    time[i] = t;
    const o = p;
    p = Math.max(1, p + (r() - 0.5) * 4);
    open[i] = o;
    close[i] = p;
    high[i] = Math.max(o, p) + r();
    low[i] = Math.min(o, p) - r();
    if (gapRun === 0 && r() < 0.01) gapRun = 1 + Math.floor(r() * 40);
    if (gapRun > 0) {
      gapRun--;
      open[i] = high[i] = low[i] = close[i] = NaN;
    } else if (r() < 0.05) {
      [open, high, low, close][Math.floor(r() * 4)][i] = NaN;
    }
  }
  return { time, open, high, low, close, value: close };
}

interface Bar {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  value: number;
}

/** The reference: one bucket, the obvious way. */
function naive(columns: SeriesColumns, reducer: Reducer, lo: number, hi: number): Bar {
  const bar: Bar = { time: columns.time[lo], open: NaN, high: NaN, low: NaN, close: NaN, value: NaN };
  if (reducer === "ohlc") {
    const c = columns as OhlcColumns;
    const good: number[] = [];
    for (let i = lo; i < hi; i++) {
      if (![c.open[i], c.high[i], c.low[i], c.close[i]].some(Number.isNaN)) good.push(i);
    }
    if (good.length > 0) {
      bar.open = c.open[good[0]];
      bar.high = Math.max(...good.map((i) => c.high[i]));
      bar.low = Math.min(...good.map((i) => c.low[i]));
      bar.close = c.close[good[good.length - 1]];
    }
  } else {
    const v = (columns as ValueColumns).value;
    const good: number[] = [];
    for (let i = lo; i < hi; i++) if (!Number.isNaN(v[i])) good.push(v[i]);
    if (good.length > 0) bar.value = reducer === "last" ? good[good.length - 1] : good.reduce((s, x) => s + x, 0);
  }
  return bar;
}

function bucketAt(b: Buckets, j: number): Bar {
  const ohlc = b.reducer === "ohlc";
  return {
    time: b.time[j],
    open: ohlc ? b.open[j] : NaN,
    high: ohlc ? b.high[j] : NaN,
    low: ohlc ? b.low[j] : NaN,
    close: ohlc ? b.close[j] : NaN,
    value: ohlc ? NaN : b.value[j],
  };
}

function expectBucketsMatch(b: Buckets, columns: SeriesColumns, n: number, factor: number): void {
  expect(b.factor).toBe(factor);
  expect(b.length).toBe(Math.ceil(n / factor));
  for (let j = 0; j < b.length; j++) {
    const want = naive(columns, b.reducer, j * factor, Math.min(n, (j + 1) * factor));
    // toEqual treats NaN as equal to NaN, and sums are added in the same order.
    expect(bucketAt(b, j), `bucket ${j} of factor ${factor}`).toEqual(want);
  }
}

const REDUCERS: Reducer[] = ["ohlc", "last", "sum"];

describe("aggregate", () => {
  it("gives the reference OHLC, last and sum for every bucket, edge buckets included", () => {
    for (const n of [1, 5, 1000, 1003]) {
      const columns = walk(n, n);
      for (const reducer of REDUCERS) {
        for (const factor of [1, 2, 3, 4, 7, 16, 64, 1000, 5000]) {
          expectBucketsMatch(aggregate(columns, reducer, factor), columns, n, factor);
        }
      }
    }
  });

  it("makes a bucket of gaps only a gap, and skips gaps inside a bucket", () => {
    const columns: OhlcColumns = {
      time: [10, 20, 30, 40, 50, 60],
      open: [NaN, 2, NaN, NaN, 7, 1],
      high: [9, 5, NaN, NaN, 8, 3],
      low: [0, 1, NaN, NaN, 6, NaN],
      close: [1, 4, NaN, NaN, 7, 2],
    };
    const b = aggregate(columns, "ohlc", 2);
    expect([0, 1, 2].map((j) => bucketAt(b, j))).toEqual([
      { time: 10, open: 2, high: 5, low: 1, close: 4, value: NaN },
      { time: 30, open: NaN, high: NaN, low: NaN, close: NaN, value: NaN },
      { time: 50, open: 7, high: 8, low: 6, close: 7, value: NaN },
    ]);
    const values: ValueColumns = { time: [1, 2, 3, 4, 5], value: [3, NaN, NaN, NaN, 4] };
    expect(Array.from(aggregate(values, "last", 2).value)).toEqual([3, NaN, 4]);
    expect(Array.from(aggregate(values, "sum", 2).value)).toEqual([3, NaN, 4]);
    expect(Array.from(aggregate(values, "sum", 5).value)).toEqual([7]);
  });

  it("reads any numeric column type and only the first `length` rows", () => {
    const columns: ValueColumns = { time: new Uint32Array([1, 2, 3, 4, 5, 6]), value: new Int32Array([5, -1, 7, 2, 9, 100]) };
    const b = aggregate(columns, "sum", 2, 5);
    expect(b.length).toBe(3);
    expect(Array.from(b.value.subarray(0, 3))).toEqual([4, 9, 9]);
    expect(Array.from(b.time.subarray(0, 3))).toEqual([1, 3, 5]);
    const f32: OhlcColumns = {
      time: new Float32Array([1, 2]),
      open: new Float32Array([1.5, 2.5]),
      high: new Float32Array([3, 4]),
      low: new Float32Array([0.5, 1]),
      close: new Float32Array([2, 3.5]),
    };
    expect(bucketAt(aggregate(f32, "ohlc", 2), 0)).toEqual({ time: 1, open: 1.5, high: 4, low: 0.5, close: 3.5, value: NaN });
  });

  it("refuses columns that do not fit the reducer, and bad factors", () => {
    expect(() => aggregate({ time: [1], value: [1] }, "ohlc", 2)).toThrow(/open, high, low and close/);
    expect(() => aggregate({ time: [1], open: [1], high: [1], low: [1], close: [1] }, "last", 2)).toThrow(/value column/);
    expect(() => aggregate({ time: [1], value: [1] }, "sum", 0)).toThrow(/positive integer/);
    expect(() => aggregate({ time: [1], value: [1] }, "sum", 1.5)).toThrow(/positive integer/);
  });

  it("reduces any range like the reference", () => {
    const columns = walk(500, 7);
    const r = seededRandom(1);
    for (let trial = 0; trial < 200; trial++) {
      const lo = Math.floor(r() * 500);
      const hi = lo + Math.floor(r() * (500 - lo + 1));
      for (const reducer of REDUCERS) {
        const acc = reduceRange(columns, reducer, lo, hi);
        const want = naive(columns, reducer, lo, hi);
        if (reducer === "ohlc") expect([acc.open, acc.high, acc.low, acc.close]).toEqual([want.open, want.high, want.low, want.close]);
        else expect(acc.count === 0 ? NaN : acc.value).toEqual(want.value);
      }
    }
  });

  it("picks the reducer from the series type", () => {
    expect(reducerFor("candlestick")).toBe("ohlc");
    expect(reducerFor("bar")).toBe("ohlc");
    for (const type of ["line", "area", "baseline", "histogram"]) expect(reducerFor(type)).toBe("last");
  });

  it("aggregates 10M Float64 bars into ~2k buckets", { timeout: 60_000 }, () => {
    const n = 10_000_000;
    const time = new Float64Array(n);
    const value = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      time[i] = 1_000_000_000 + i;
      value[i] = i % 1000 === 999 ? NaN : i; // a gap every 1000 bars
    }
    // The same array for the four prices: 160 MB in all, not 400.
    const columns: OhlcColumns = { time, open: value, high: value, low: value, close: value };
    const factor = Math.ceil(n / 2000);
    const b = aggregate(columns, "ohlc", factor);
    expect(b.length).toBe(2000);
    for (const j of [0, 1, 999, 1999]) {
      const lo = j * factor;
      const hi = Math.min(n, lo + factor);
      const lastGood = (hi - 1) % 1000 === 999 ? hi - 2 : hi - 1;
      expect(bucketAt(b, j)).toEqual({ time: time[lo], open: lo, high: lastGood, low: lo, close: lastGood, value: NaN });
    }
    const sums = aggregate({ time, value }, "sum", factor);
    expect(sums.length).toBe(2000);
    expect(sums.value[0]).toBe(naive({ time, value }, "sum", 0, factor).value);
  });
});

describe("Pyramid", () => {
  it("builds only the levels asked for, each equal to a direct aggregation, in any order", () => {
    const n = 5000;
    const columns = walk(n, 3);
    for (const reducer of REDUCERS) {
      for (const base of [2, 4]) {
        const pyramid = new Pyramid(columns, reducer, undefined, { base });
        expect(pyramid.builtFactors).toEqual([]);
        const top = base === 4 ? 1024 : 512;
        expectBucketsMatch(pyramid.level(top), columns, n, top); // from the raw bars
        expect(pyramid.builtFactors).toEqual([top]);
        expect(pyramid.hasLevel(top) && pyramid.hasLevel(1) && !pyramid.hasLevel(base)).toBe(true);
        expectBucketsMatch(pyramid.level(base ** 2), columns, n, base ** 2); // finer, from the raw bars
        expectBucketsMatch(pyramid.level(base ** 4), columns, n, base ** 4); // from level base²
        expectBucketsMatch(pyramid.level(base ** 14), columns, n, base ** 14); // from the top: one bucket
        expect(pyramid.builtFactors).toEqual([base ** 2, base ** 4, top, base ** 14]);
        expect(pyramid.level(top)).toBe(pyramid.level(top));
      }
    }
  });

  it("refuses factors that are not levels", () => {
    const pyramid = new Pyramid(walk(10, 1), "ohlc");
    expect(() => pyramid.level(8)).toThrow(/power of the pyramid base 4/);
    expect(() => pyramid.level(1)).toThrow(/raw columns/);
    expect(() => new Pyramid(walk(10, 1), "ohlc", undefined, { base: 1 })).toThrow(/base/);
  });

  it("reduces any range like the reference, with and without levels built", () => {
    const n = 3000;
    const columns = walk(n, 11);
    const r = seededRandom(2);
    for (const reducer of REDUCERS) {
      const pyramid = new Pyramid(columns, reducer);
      for (const build of [0, 64, 4, 1024, 16]) {
        if (build > 0) pyramid.level(build);
        for (let trial = 0; trial < 150; trial++) {
          const lo = Math.floor(r() * n);
          const hi = trial % 10 === 0 ? n : lo + Math.floor(r() * (n - lo + 1));
          const acc = pyramid.reduceRange(lo, hi);
          const want = naive(columns, reducer, lo, hi);
          if (reducer === "ohlc") expect([acc.open, acc.high, acc.low, acc.close], `[${lo}, ${hi})`).toEqual([want.open, want.high, want.low, want.close]);
          else expect(acc.count === 0 ? NaN : acc.value, `[${lo}, ${hi})`).toEqual(want.value);
        }
      }
    }
  });

  it("updates only the last buckets on live appends, equal to a from-scratch aggregation", () => {
    const total = 2500;
    const full = walk(total, 5);
    for (const reducer of REDUCERS) {
      // The live columns: a growing buffer, re-allocated now and then like a real one.
      let capacity = 600;
      let live = walk(0, 0, capacity);
      const copy = (from: number, length: number) => {
        if (length > capacity) {
          capacity = Math.max(length, capacity * 2);
          const next = walk(0, 0, capacity);
          for (const key of ["time", "open", "high", "low", "close"] as const) (next[key] as Float64Array).set((live[key] as Float64Array).subarray(0, capacity));
          live = { ...next, value: next.close };
        }
        for (const key of ["time", "open", "high", "low", "close"] as const) {
          (live[key] as Float64Array).set((full[key] as Float64Array).subarray(from, length), from);
        }
      };
      let length = 577;
      copy(0, length);
      const pyramid = new Pyramid(live, reducer, length);
      pyramid.level(256);
      pyramid.level(16); // sparse: 16 and 256 built, 4 and 64 not
      const r = seededRandom(9);
      while (length < total) {
        const previous = length;
        length = Math.min(total, length + 1 + Math.floor(r() * (r() < 0.5 ? 3 : 300)));
        copy(previous, length);
        pyramid.update(live, length);
        expect(pyramid.length).toBe(length);
        for (const factor of pyramid.builtFactors) expectBucketsMatch(pyramid.level(factor), live, length, factor);
        // A tick changing the last bar in place.
        (live.close as Float64Array)[length - 1] = 50 + r();
        (live.high as Float64Array)[length - 1] = 1000;
        pyramid.update(live, length, length - 1);
        for (const factor of pyramid.builtFactors) expectBucketsMatch(pyramid.level(factor), live, length, factor);
        expect(previous).toBeLessThan(length);
      }
      // Levels asked for after the appends are right too.
      expectBucketsMatch(pyramid.level(1024), live, length, 1024);
      expect(() => pyramid.update(live, length - 1)).toThrow(/only grows/);
    }
  });
});
