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
 * The page's bars: the JSON rows named by its `bars` query parameter, fetched and parsed.
 * @returns {Promise<Bar[]>}
 */
async function fetchBars() {
  const response = await fetch(pageParams.get('bars') ?? 'bars.json');
  return response.json();
}

/**
 * lightweight-charts alone: a candlestick series in `#chart` holding `bars` (its own setData).
 * @param {Bar[]} bars
 */
function candlestickChart(bars) {
  const container = /** @type {HTMLElement} */ (document.getElementById('chart'));
  const chart = LightweightCharts.createChart(container, { autoSize: true });
  const series = chart.addSeries(LightweightCharts.CandlestickSeries);
  series.setData(bars);
  return series;
}

/** @returns {Promise<number>} */
function nextFrame() {
  return new Promise((resolve) => requestAnimationFrame(resolve));
}
