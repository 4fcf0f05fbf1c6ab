// Probe (page.evaluate) in JupyterLab: mark, run cell `index`, and resolve one animation frame
// after a *new* chart under the cell says data-ready="true" (a MutationObserver sees the
// attribute as it is set). Resolves to { ms, snap, cellOk }.
async (/** @type {[number, number]} */ [index, timeoutMs]) => {
  const app = window.jupyterapp;
  const notebook = app.shell.currentWidget.content;
  /** @type {HTMLElement} */
  const cellNode = notebook.widgets[index].node;
  const previous = cellNode.querySelector('.lwcharts');
  notebook.activeCellIndex = index;
  let t0 = 0;
  /** @type {Promise<TimedChart>} */
  const drawn = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
    const check = () => {
      const el = /** @type {LwchartsElement | null} */ (
        cellNode.querySelector('.lwcharts[data-ready="true"]'));
      if (el === null || el === previous) return false;
      observer.disconnect();
      paintedAfter(el, t0).then((painted) => { clearTimeout(timer); resolve(painted); });
      return true;
    };
    const observer = new MutationObserver(check);
    observer.observe(cellNode, { subtree: true, childList: true, attributes: true,
                                 attributeFilter: ['data-ready'] });
  });
  performance.mark('lwcharts-bench-cell');
  t0 = performance.now();
  const ran = app.commands.execute('notebook:run-cell');
  const result = await drawn;
  return { ...result, cellOk: await ran };
}
