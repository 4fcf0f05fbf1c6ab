// What the benchmark pages' scripts share as globals: lightweight-charts' standalone build
// (`window.LightweightCharts`), the helpers of common.js, and the results the pages hand to
// benchmarks/browser.py through `window`.
import type * as Lwc from 'lightweight-charts';

declare global {
  const LightweightCharts: typeof Lwc;
  type Bar = Lwc.CandlestickData<Lwc.UTCTimestamp>;

  interface FloorResult {
    ms: number;
    deliverMs: number;
    drawMs: number;
    bars: number;
    first: number;
    last: number;
  }

  interface LiveFloorResult {
    paints: number;
    raf: number;
    rows: number;
    made: number;
    seconds: number;
    appendMs: number;
    replaceMs: number;
  }

  interface Window {
    floorResult: Promise<FloorResult>;
    liveResult: Promise<LiveFloorResult>;
  }
}
