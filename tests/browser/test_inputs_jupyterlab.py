"""An input of a Python-computed series, edited in the dialog in JupyterLab, re-runs the series'
function in the kernel: the chart redraws and the store keeps the value.

notebooks/indicators.ipynb draws chart "indicators": candles "price" and the 20-bar SMA "sma"
(`inputs={"length": Input(20, minimum=1, maximum=200)}`) on pane 0, over 500 bars.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.support.chart_page import snapshot
from tests.support.jupyterlab import error_outputs, notebook_chart, open_notebook, run_all_cells
from tests.support.settings_dialog import blur, open_settings, poll, select_tab, wait_for_stored

pytestmark = pytest.mark.browser

NOTEBOOK = "indicators.ipynb"
CHART_ID = "indicators"
BARS = 500
# The kernel answers a change 300 ms after the last keystroke, plus the function and a redraw.
RECOMPUTE_TIMEOUT_S = 10.0


def bar_count(chart: Locator, series_id: str) -> int:
    (series,) = [s for s in snapshot(chart)["series"] if s["id"] == series_id]
    return series["barCount"]


def test_changing_an_input_recomputes_the_series_in_the_kernel_and_saves_it(
    jupyterlab, page: Page, artifacts
) -> None:
    open_notebook(page, jupyterlab.url, NOTEBOOK)
    assert run_all_cells(page)
    assert error_outputs(page) == []
    chart = notebook_chart(page)
    # A 20-bar SMA has 19 warm-up NaNs: gaps, not bars.
    assert bar_count(chart, "sma") == BARS - 19

    dialog = open_settings(chart, "sma")
    select_tab(dialog, "inputs")
    length = dialog.locator("input[type=number][data-option='input:length']")
    expect(length).to_have_value("20")
    expect(dialog.locator(f"label[for='{length.get_attribute('id')}']")).to_have_text("Length")
    # Out of the declared range (1-200): refused in the browser, the box returns to 20.
    length.fill("0")
    expect(length).to_have_attribute("aria-invalid", "true")
    length.press("Tab")
    expect(length).to_have_value("20")

    length.fill("5")
    length.press("Tab")
    expect(length).not_to_have_attribute("aria-invalid", "true")

    poll(
        lambda: bar_count(chart, "sma"),
        lambda count: count == BARS - 4,
        RECOMPUTE_TIMEOUT_S,
        "the SMA recomputed with length 5",
    )
    wait_for_stored(jupyterlab.config_dir, CHART_ID, "0", "sma", {"input:length": 5}, 5.0)
    # The redraw kept the dialog open, showing the value the series is now computed with.
    expect(dialog).to_be_visible()
    expect(length).to_have_value("5")
    assert bar_count(chart, "price") == BARS
    blur(dialog)
    chart.screenshot(path=artifacts / "inputs-dialog.png")
