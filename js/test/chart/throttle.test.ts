import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Throttled } from "../../src/chart/throttle";

describe("a throttle (the legend while rows stream in, crosshair events)", () => {
  let shown: number[] = [];
  const refresh = () => new Throttled(() => shown.push(performance.now()), 100);
  const advance = (ms: number) => vi.advanceTimersByTime(ms);

  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
    advance(1000);
    shown = [];
  });
  afterEach(() => vi.useRealTimers());

  it("shows the first frame at once and then at most every interval, the newest always last", () => {
    const legend = refresh();
    for (let frame = 0; frame < 30; frame++) {
      legend.request();
      advance(16);
    }
    // 30 frames of 16 ms (480 ms): at once, then every 100 ms (1000, 1100, ..., 1400).
    expect(shown).toEqual([1000, 1100, 1200, 1300, 1400]);
    advance(100); // the last frame's request (at 1464) is shown at the interval's end
    expect(shown).toEqual([1000, 1100, 1200, 1300, 1400, 1500]);
    advance(1000);
    expect(shown).toHaveLength(6);
  });

  it("a crosshair move shows the legend itself and covers the pending refresh", () => {
    const legend = refresh();
    legend.request();
    advance(10);
    legend.request(); // pending until 1100
    advance(40);
    legend.done(); // the crosshair wrote the legend at 1050
    advance(200);
    expect(shown).toEqual([1000]);
    legend.request(); // 1250: more than an interval after the crosshair: at once
    expect(shown).toEqual([1000, 1250]);
  });

  it("cancelled with its chart, it shows nothing more", () => {
    const legend = refresh();
    legend.request();
    legend.request();
    legend.cancel();
    advance(500);
    expect(shown).toEqual([1000]);
  });
});
