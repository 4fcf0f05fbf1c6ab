// Shared by the timing probes: benchmarks/browser.py's `probe` puts it in front of each one.

/**
 * One animation frame after the chart `el` is ready: the ms since `t0`, and what the chart
 * drew (series ids and bar counts) and received.
 * @param {LwchartsElement} el
 * @param {number} t0
 * @returns {Promise<TimedChart>}
 */
function paintedAfter(el, t0) {
  return new Promise((resolve) => requestAnimationFrame(() => {
    const ms = performance.now() - t0;
    const snap = el.lwcharts.snapshot();
    resolve({ ms, snap: { series: snap.series.map((s) => ({ id: s.id, barCount: s.barCount })),
                          received: snap.received } });
  }));
}
