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
    /** floorResult once it resolved, or why it rejected. */
    floorPainted?: FloorResult;
    floorError?: string;
    /** The floor page's chart (common.js), for the probes. */
    floorChart: Lwc.IChartApi;
    /** The bars the floor page's chart holds. */
    floorBars: number;
    /** Starts floor.js when the page was opened with `manual`. */
    startFloor: (value?: unknown) => void;
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
    visibleRange: { from: number; to: number } | null;
    resampling: { length: number; rows: number; visibleFactor: number; replans: number } | null;
  }

  /** Where a chart's view is (probes/view-state.js), in rows and in full-resolution bars. */
  interface ViewState {
    /** The visible logical range, in the rows lightweight-charts holds. */
    from: number;
    to: number;
    /** Full-resolution bars with data in view (empty space beyond either end not counted). */
    barsInView: number;
    /** Bars per row in view (1 on the floor and for charts that are not resampled). */
    factor: number;
    /** lwcharts' re-plans so far (0 on the floor). */
    replans: number;
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
