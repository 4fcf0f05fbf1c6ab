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
    /** JupyterLab's app (`--LabApp.expose_app_in_browser`); the probes use a few fields. */
    jupyterapp: any;
    __liveBench: LiveBench;
    __barsBench: BarsBench;
    /** [page ms, bytes] of each websocket message received (probes/ws-arrivals.js). */
    __wsArrivals: [number, number][];
  }

  /** What the probes read of a chart's snapshot (js/src: `el.lwcharts.snapshot()`). */
  interface ChartSnapshot {
    series: { id: string; barCount: number }[];
    received: Record<string, number>;
    live: { rows: number; frames: number };
  }

  /** The chart root with its test hook. */
  interface LwchartsElement extends HTMLElement {
    lwcharts: { snapshot(): ChartSnapshot };
  }

  /** A chart timed from a click or a cell run to its first painted frame. */
  interface TimedChart {
    ms: number;
    snap: Pick<ChartSnapshot, 'series' | 'received'>;
  }

  /** [page ms, bar count] each time the chart's bar count changed (probes/watch-bars.js). */
  interface BarsBench {
    changes: [number, number][];
    running: boolean;
  }

  interface LiveBench {
    samples: [number, ChartSnapshot['live']][];
    rafs: number[];
    running: boolean;
  }
}
