"""The quickstart notebook, run in a real JupyterLab 4, draws the documented chart."""

from __future__ import annotations

import pytest
from chart_page import assert_is_quickstart_chart, wait_for_chart
from lab_scripts import KERNEL_IDLE
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

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


def open_notebook(page: Page, base_url: str, path: str) -> None:
    """Open `path` in a fresh layout and wait until its kernel can run cells."""
    page.goto(f"{base_url}/lab/tree/{path}?reset")
    page.wait_for_function(KERNEL_IDLE, arg=path, timeout=KERNEL_READY_TIMEOUT_MS)


def run_all_cells(page: Page) -> bool:
    return page.evaluate(_RUN_ALL_CELLS, RUN_ALL_TIMEOUT_MS)


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
    return page.evaluate(_ERROR_OUTPUTS) + shown


def test_quickstart_notebook_draws_price_sma_and_volume(jupyterlab, page: Page, artifacts) -> None:
    open_notebook(page, jupyterlab.url, "quickstart.ipynb")

    all_cells_succeeded = run_all_cells(page)

    assert error_outputs(page) == []
    assert all_cells_succeeded
    chart = wait_for_chart(page.locator(".jp-NotebookPanel:visible .jp-OutputArea-output"))
    assert_is_quickstart_chart(chart)
    chart.screenshot(path=artifacts / "jupyterlab-chart.png")
