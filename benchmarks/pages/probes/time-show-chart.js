// Probe (page.evaluate) in Streamlit: mark, click "Show chart" (a rerun that mounts the chart:
// a new session holds no data, so the whole envelope goes), and resolve one animation frame
// after the chart in the component's shadow root says data-ready="true". The shadow root
// appears during the rerun: look for it at every frame, then watch it with a MutationObserver.
async (/** @type {number} */ timeoutMs) => {
  const button = /** @type {HTMLButtonElement} */ ([...document.querySelectorAll('button')]
    .find((b) => b.innerText.trim() === 'Show chart'));
  let t0 = 0;
  /** @type {Promise<TimedChart>} */
  const drawn = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
    let done = false;
    /** @param {LwchartsElement} el */
    const finish = (el) => {
      if (done) return;
      done = true;
      paintedAfter(el, t0).then((painted) => { clearTimeout(timer); resolve(painted); });
    };
    /** @type {WeakSet<ShadowRoot>} */
    const watched = new WeakSet();
    const ready = '.lwcharts[data-ready="true"]';
    const look = () => {
      if (done) return;
      for (const host of document.querySelectorAll('[data-testid=stBidiComponentIsolated]')) {
        const root = host.shadowRoot;
        if (root === null) continue;
        const el = /** @type {LwchartsElement | null} */ (root.querySelector(ready));
        if (el !== null) { finish(el); return; }
        if (!watched.has(root)) {
          watched.add(root);
          new MutationObserver(() => {
            const found = /** @type {LwchartsElement | null} */ (root.querySelector(ready));
            if (found !== null) finish(found);
          }).observe(root, { subtree: true, childList: true, attributes: true,
                             attributeFilter: ['data-ready'] });
        }
      }
      requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  });
  performance.mark('lwcharts-bench-rerun');
  t0 = performance.now();
  button.click();
  return await drawn;
}
