"""The quickstart notebook, run in a real JupyterLab 4, draws the documented chart."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.support.chart_page import assert_is_quickstart_chart
from tests.support.jupyterlab import error_outputs, notebook_chart, open_notebook, run_all_cells

pytestmark = pytest.mark.browser


def test_quickstart_notebook_draws_price_sma_and_volume(jupyterlab, page: Page, artifacts) -> None:
    open_notebook(page, jupyterlab.url, "quickstart.ipynb")

    all_cells_succeeded = run_all_cells(page)

    assert error_outputs(page) == []
    assert all_cells_succeeded
    chart = notebook_chart(page)
    assert_is_quickstart_chart(chart)
    chart.screenshot(path=artifacts / "jupyterlab-chart.png")
