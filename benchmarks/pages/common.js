// The floor pages' page: floor.html runs the script its `run` query parameter names (floor.js,
// live-floor.js) after this one, which gives them their bars, their chart and animation frames.

/** The page's query parameters: `run`, `bars` (the JSON rows to draw), more per script. */
const pageParams = new URLSearchParams(location.search);

{
  const script = document.createElement('script');
  script.src = `${pageParams.get('run') ?? 'floor'}.js`;
  document.body.append(script);
}

/**
 * The page's bars: the JSON rows of the files its `bars` query parameter names (comma-separated
 * parts of at most 1M rows: a 10M-row text would exceed V8's longest string), fetched and parsed
 * one after the other, and joined.
 * @returns {Promise<Bar[]>}
 */
async function fetchBars() {
  /** @type {Bar[][]} */
  const parts = [];
  for (const name of (pageParams.get('bars') ?? 'bars.json').split(',')) {
    const response = await fetch(name);
    parts.push(await response.json());
  }
  return parts.length === 1 ? parts[0] : parts.flat();
}

/**
 * lightweight-charts alone: a candlestick series in `#chart` holding `bars` (its own setData),
 * also kept in `window.floorChart` (and its bar count in `window.floorBars`) for the probes. `minBarSpacing` lets the mouse wheel zoom out
 * until every bar is in view, as lwcharts' resampled charts can (lightweight-charts' default,
 * 0.5 px, stops at about 2,500 bars).
 * @param {Bar[]} bars
 */
function candlestickChart(bars) {
  const container = /** @type {HTMLElement} */ (document.getElementById('chart'));
  const chart = LightweightCharts.createChart(container, {
    autoSize: true,
    timeScale: { minBarSpacing: container.clientWidth / bars.length / 4 },
  });
  window.floorChart = chart;
  window.floorBars = bars.length;
  const series = chart.addSeries(LightweightCharts.CandlestickSeries);
  series.setData(bars);
  return series;
}

/** @returns {Promise<number>} */
function nextFrame() {
  return new Promise((resolve) => requestAnimationFrame(resolve));
}
