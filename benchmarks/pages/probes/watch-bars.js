// Probe (chart.evaluate) in Streamlit: on every animation frame, notes the page time at which
// the chart's bar count changed, until `window.__barsBench.running` is set false. With
// ws-arrivals.js (an init script) it gives the latency from a websocket message to the paint
// of the bars it carried.
(/** @type {LwchartsElement} */ el) => {
  /** @type {BarsBench} */
  const state = { changes: [], running: true };
  window.__barsBench = state;
  let bars = el.lwcharts.snapshot().series[0].barCount;
  /** @param {number} t */
  const frame = (t) => {
    const now = el.lwcharts.snapshot().series[0].barCount;
    if (now !== bars) { state.changes.push([t, now]); bars = now; }
    if (state.running) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}
