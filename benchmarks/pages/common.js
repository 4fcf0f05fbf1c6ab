// Shared by the floor pages: their bars, their chart, the next animation frame.

/** The page's query parameters (`bars`: the JSON rows to draw; more per page). */
const pageParams = new URLSearchParams(location.search);

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
