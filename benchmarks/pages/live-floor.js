// The live floor: rows made at `rate` per second for `seconds` (query parameters), a new bar
// every `ticks` rows (the rows between replace it), each applied with lightweight-charts' own
// series.update at the next animation frame, on a chart holding the page's bars.
window.liveResult = (async () => {
  const rate = Number(pageParams.get('rate'));
  const seconds = Number(pageParams.get('seconds'));
  const ticks = Number(pageParams.get('ticks') ?? 4);
  const bars = await fetchBars();
  const series = candlestickChart(bars);
  await nextFrame();
  await nextFrame();
  const last = bars[bars.length - 1];
  const price = last.close;
  /** @param {number} t @param {number} i @returns {Bar} */
  const bar = (t, i) => ({
    time: /** @type {import('lightweight-charts').UTCTimestamp} */ (t),
    open: price,
    high: price + 0.05,
    low: price - 0.05,
    close: price + (i % 7) * 0.01,
  });
  /** @type {Bar[]} */
  let queue = [];
  let frames = 0, rows = 0, rafs = 0, made = 0, scheduled = false, running = true;
  const flush = () => {
    scheduled = false;
    const rowsNow = queue;
    queue = [];
    for (const row of rowsNow) { series.update(row); rows += 1; }
    if (rowsNow.length) frames += 1;
  };
  const count = () => { rafs += 1; if (running) requestAnimationFrame(count); };
  requestAnimationFrame(count);
  const t0 = performance.now();
  await new Promise((resolve) => {
    const timer = setInterval(() => {
      const elapsed = (performance.now() - t0) / 1000;
      if (elapsed >= seconds) { clearInterval(timer); resolve(undefined); return; }
      for (const due = Math.floor(rate * elapsed); made < due; made += 1) {
        queue.push({ ...bar(last.time + 60 * (1 + Math.floor(made / ticks)), 0),
                     close: price + (made % ticks) * 0.01 });
      }
      if (queue.length && !scheduled) { scheduled = true; requestAnimationFrame(flush); }
    }, 4);
  });
  const span = (performance.now() - t0) / 1000;
  running = false;
  await nextFrame();
  // Where a frame's time goes: one update that appends a bar, one that replaces the last bar.
  let time = last.time + 60 * (1 + Math.floor((made - 1) / ticks));
  let t1 = performance.now();
  for (let i = 0; i < 50; i += 1) { time += 60; series.update(bar(time, i)); }
  const appendMs = (performance.now() - t1) / 50;
  t1 = performance.now();
  for (let i = 0; i < 50; i += 1) series.update(bar(time, i));
  const replaceMs = (performance.now() - t1) / 50;
  return { paints: frames / span, raf: rafs / span, rows, made, seconds: span, appendMs,
           replaceMs };
})();
