// Probe (locator.evaluate) on a chart: where its view is. An lwcharts chart reads its test hook
// (visible range in resampled rows, the rows' factor, re-plans); the floor page's `#chart` has
// none: lightweight-charts' own visible range there, every bar its own row. Used to prove that
// a pan moved the view and that the wheel zoomed out to every bar (coarser rows) and back.
(/** @type {HTMLElement} */ el) => {
  /** @param {{ from: number; to: number } | null} range @param {number} rows @param {number} factor */
  const inView = (range, rows, factor) => range === null ? 0
    : Math.max(0, Math.min(range.to, rows - 1) - Math.max(range.from, 0) + 1) * factor;
  const hook = /** @type {Partial<LwchartsElement>} */ (el).lwcharts;
  if (hook === undefined) {
    const range = window.floorChart.timeScale().getVisibleLogicalRange();
    /** @type {ViewState} */
    const state = { from: range?.from ?? 0, to: range?.to ?? 0,
                    barsInView: inView(range, window.floorBars, 1),
                    factor: 1, replans: 0 };
    return state;
  }
  const snap = hook.snapshot();
  const resampling = snap.resampling;
  const rows = resampling?.rows ?? snap.series[0]?.barCount ?? 0;
  const factor = resampling?.visibleFactor ?? 1;
  /** @type {ViewState} */
  const state = { from: snap.visibleRange?.from ?? 0, to: snap.visibleRange?.to ?? 0,
                  barsInView: inView(snap.visibleRange, rows, factor), factor,
                  replans: resampling?.replans ?? 0 };
  return state;
}
