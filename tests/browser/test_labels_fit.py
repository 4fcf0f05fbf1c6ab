"""Every axis label is drawn whole, in JupyterLab and in Streamlit, at the default sizes.

The chart is made to hit both ways lightweight-charts cuts a label: its last bar is the first
trading day of May (a "May" tick on the bar at the right end of the time axis, cut to "Ma"),
and its high puts a price tick a few pixels under the top of the pane (cut "910.00"). Its 60
bars fit in both hosts' default widths, so both show the same price range. The labels are read
from the canvases' pixels (tests/support/labels.py); before the fix in js/src/chart/options.ts
both tests failed, each reporting the price label cut at the top and the time label at the right.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from playwright.sync_api import Page

from tests.support.chart_page import snapshot
from tests.support.jupyterlab import error_outputs, notebook_chart, open_notebook, run_all_cells
from tests.support.labels import clipped_labels
from tests.support.streamlit import open_app

pytestmark = pytest.mark.browser

CHART_CODE = """\
import numpy as np
import pandas as pd
from lwcharts import Chart

index = pd.bdate_range(end="2025-05-01", periods=60)
close = np.linspace(820, 887, 60)
frame = pd.DataFrame(
    {"open": close - 1, "high": close + 3, "low": close - 4, "close": close}, index=index
)
chart = Chart(chart_id="edge-labels")
chart.candlestick(frame, name="Price", id="price")
"""
STREAMLIT_SHOW = "import lwcharts.streamlit as lst\n\nlst.chart(chart, key='edge')\n"


def assert_labels_whole(chart, artifacts: Path, name: str) -> None:
    assert [s["barCount"] for s in snapshot(chart)["series"]] == [60]
    # The chart has settled (autoSize, the host's layout) before the pixels are read.
    chart.page.wait_for_timeout(500)
    chart.screenshot(path=artifacts / f"{name}.png")
    assert clipped_labels(chart) == []


def test_no_label_is_cut_in_jupyterlab(jupyterlab, page: Page, artifacts: Path) -> None:
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    notebook.cells = [nbformat.v4.new_code_cell(CHART_CODE + "chart")]
    nbformat.write(notebook, jupyterlab.root_dir / "edge_labels.ipynb")

    open_notebook(page, jupyterlab.url, "edge_labels.ipynb")
    assert run_all_cells(page)
    assert error_outputs(page) == []
    chart = notebook_chart(page)
    assert_labels_whole(chart, artifacts, "labels-fit-jupyterlab")


def test_no_label_is_cut_in_streamlit(start_app, page: Page, artifacts: Path) -> None:
    # Streamlit's default (centred) layout, as a new app has it.
    app = start_app("edge_labels_app.py", CHART_CODE + STREAMLIT_SHOW)

    chart = open_app(page, app.url)
    assert_labels_whole(chart, artifacts, "labels-fit-streamlit")
