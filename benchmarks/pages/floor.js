// The first-paint floor: the bars (JSON rows) fetched, parsed and handed to lightweight-charts'
// own setData, timed to the next animation frame.
window.floorResult = (async () => {
  const t0 = performance.now();
  const bars = await fetchBars();
  const t1 = performance.now();
  const series = candlestickChart(bars);
  await nextFrame();
  const t2 = performance.now();
  const drawn = series.data();
  return {
    ms: t2 - t0,
    deliverMs: t1 - t0,
    drawMs: t2 - t1,
    bars: drawn.length,
    first: Number(drawn[0].time),
    last: Number(drawn[drawn.length - 1].time),
  };
})();
