"""Page scripts that drive JupyterLab (its app is exposed as `window.jupyterapp`), shared by the
browser tests and the browser benchmarks (a plain module: no pytest)."""

# Idle status bars and toolbars show "idle" before a kernel exists (then Shift+Enter runs
# nothing), so wait on the session's own kernel: connected and idle. Argument: notebook path.
KERNEL_IDLE = """(path) => {
  const panel = window.jupyterapp?.shell.currentWidget;
  const session = panel?.context?.sessionContext;
  const kernel = session?.session?.kernel;
  return panel?.context.path === path && session.isReady && kernel?.status === 'idle'
    && kernel.connectionStatus === 'connected';
}"""

# Run cell `index` of the current notebook; resolves once it has run (false if it failed).
RUN_CELL = """async ([index, timeoutMs]) => {
  const app = window.jupyterapp;
  app.shell.currentWidget.content.activeCellIndex = index;
  return Promise.race([
    app.commands.execute('notebook:run-cell'),
    new Promise((_, reject) => setTimeout(
      () => reject(new Error(`cell ${index} still running after ${timeoutMs} ms`)), timeoutMs)),
  ]);
}"""
