"""JupyterLab as the browser tests and benchmarks drive it: page scripts (its app is exposed as
`window.jupyterapp`), opening a notebook, running cells, reading their errors, and a running
server's REST API (a plain module: no pytest)."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
from playwright.sync_api import Locator, Page

from tests.support.chart_page import wait_for_chart
from tests.support.servers import Server

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

KERNEL_READY_TIMEOUT_MS = 90_000
RUN_ALL_TIMEOUT_MS = 120_000


# `notebook:run-all-cells` resolves once every cell has run (false if one failed).
_RUN_ALL_CELLS = """(timeoutMs) => Promise.race([
  window.jupyterapp.commands.execute('notebook:run-all-cells'),
  new Promise((_, reject) => setTimeout(
    () => reject(new Error(`run-all-cells still running after ${timeoutMs} ms`)), timeoutMs)),
])"""

# Error outputs as the notebook model holds them: "ename: evalue" per failing cell.
_ERROR_OUTPUTS = """() => {
  const notebook = window.jupyterapp.shell.currentWidget.content;
  const errors = [];
  notebook.widgets.forEach((cell, index) => {
    const outputs = cell.model.type === 'code' ? cell.model.outputs.toJSON() : [];
    for (const out of outputs) {
      if (out.output_type === 'error') errors.push(`cell ${index}: ${out.ename}: ${out.evalue}`);
    }
  });
  return errors;
}"""


def write_notebook(path: Path, cells: Sequence[str]) -> None:
    """A Python 3 notebook of code `cells` at `path` (the kernelspec set: no kernel picker)."""
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    notebook.cells = [nbformat.v4.new_code_cell(code) for code in cells]
    nbformat.write(notebook, path)


def open_notebook(
    page: Page, base_url: str, path: str, timeout_ms: float = KERNEL_READY_TIMEOUT_MS
) -> None:
    """Open `path` in a fresh layout and wait until its kernel can run cells."""
    page.goto(f"{base_url}/lab/tree/{path}?reset")
    page.wait_for_function(KERNEL_IDLE, arg=path, timeout=timeout_ms)


def run_cell(page: Page, index: int, timeout_ms: float = RUN_ALL_TIMEOUT_MS) -> None:
    """Run cell `index` of the open notebook; fails naming the cell and the errors it showed."""
    succeeded = page.evaluate(RUN_CELL, [index, timeout_ms])
    errors = error_outputs(page)
    assert errors == [], f"cell {index} failed: {errors}"
    assert succeeded, f"cell {index} failed"


def run_all_cells(page: Page) -> bool:
    done: bool = page.evaluate(_RUN_ALL_CELLS, RUN_ALL_TIMEOUT_MS)
    return done


def error_outputs(page: Page) -> list[str]:
    notebook = page.locator(".jp-NotebookPanel:visible")
    tracebacks = notebook.locator(
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]',
        has_text="Traceback",
    )
    rendered_errors = notebook.locator(".jp-RenderedText[data-mime-type*=error]")
    shown = [
        text[:2000] for text in tracebacks.all_inner_texts() + rendered_errors.all_inner_texts()
    ]
    errors: list[str] = page.evaluate(_ERROR_OUTPUTS)
    return errors + shown


_XSRF = "lwcharts-browser-tests"


@dataclass
class JupyterLab:
    server: Server
    root_dir: Path
    config_dir: Path

    @property
    def url(self) -> str:
        return self.server.url

    def _request(self, method: str, path: str) -> Any:
        # Tornado refuses a DELETE without an XSRF token whose header matches its cookie.
        headers = {"X-XSRFToken": _XSRF, "Cookie": f"_xsrf={_XSRF}"}
        request = urllib.request.Request(self.url + path, method=method, headers=headers)
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shut_down_sessions(self) -> None:
        """End every notebook session, so the next test opens its notebook with a fresh kernel."""
        for session in self._request("GET", "/api/sessions"):
            self._request("DELETE", f"/api/sessions/{session['id']}")


# `notebook:restart-run-all` asks "Restart Kernel?" first; the promise settles once every cell ran.
_START_RESTART_RUN_ALL = """() => {
  window.__restartRunAll = window.jupyterapp.commands.execute('notebook:restart-run-all');
}"""
_RESTART_RUN_ALL_DONE = """(timeoutMs) => Promise.race([
  window.__restartRunAll,
  new Promise((_, reject) => setTimeout(
    () => reject(new Error(`restart-run-all still running after ${timeoutMs} ms`)), timeoutMs)),
])"""
# The id of the visible notebook's kernel (the same id survives a restart).
KERNEL_ID = "() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.id"


def notebook_chart(page: Page) -> Locator:
    """The chart in the visible notebook's outputs, once drawn."""
    return wait_for_chart(page.locator(".jp-NotebookPanel:visible .jp-OutputArea-output"))


def restart_kernel_and_run_all(page: Page) -> bool:
    """Kernel ▸ Restart Kernel and Run All Cells…, confirming the dialog as a user does."""
    page.evaluate(_START_RESTART_RUN_ALL)
    confirm = page.locator(".jp-Dialog .jp-Dialog-button.jp-mod-accept")
    confirm.click()
    done: bool = page.evaluate(_RESTART_RUN_ALL_DONE, RUN_ALL_TIMEOUT_MS)
    return done


def open_and_run(page: Page, base_url: str, notebook: str) -> Locator:
    """Open ``notebook``, run every cell, check none failed; return its chart once drawn."""
    open_notebook(page, base_url, notebook)
    assert run_all_cells(page)
    assert error_outputs(page) == []
    return notebook_chart(page)
