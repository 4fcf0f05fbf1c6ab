// Probe (chart.evaluate) in JupyterLab: samples (page time, frames that applied live rows)
// every 500 ms (a snapshot copies the series' data: sampling more often costs the page frames)
// and counts every animation frame, until `window.__liveBench.running` is set false. The
// snapshot's `live.frames` counts flushes that applied rows.
(/** @type {LwchartsElement} */ el) => {
  /** @type {LiveBench} */
  const state = { samples: [], rafs: [], running: true };
  window.__liveBench = state;
  const sample = () => {
    state.samples.push([performance.now(), el.lwcharts.snapshot().live]);
    if (state.running) setTimeout(sample, 500);
  };
  /** @param {number} t */
  const frame = (t) => { state.rafs.push(t); if (state.running) requestAnimationFrame(frame); };
  sample();
  requestAnimationFrame(frame);
}
