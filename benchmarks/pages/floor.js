// The first-paint floor: the bars (JSON rows) fetched, parsed and handed to lightweight-charts'
// own setData, timed to the next animation frame. With the `manual` query parameter it starts
// when `window.startFloor()` is called (benchmarks/browser.py first measures the empty page's
// memory).
window.floorResult = (async () => {
  if (pageParams.has('manual')) await new Promise((resolve) => { window.startFloor = resolve; });
  const t0 = performance.now();
  const bars = await fetchBars();
  const t1 = performance.now();
  // Where the page was if it crashes or is stopped (browser.py reports the last such line).
  console.log(`floor: ${bars.length} bars fetched and parsed in ${Math.round(t1 - t0)} ms; setData`);
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
// What browser.py waits for (a wait with a timeout, unlike awaiting the promise itself).
window.floorResult.then(
  (result) => { window.floorPainted = result; },
  (error) => { window.floorError = String(error); },
);
