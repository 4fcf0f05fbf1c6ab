"""A style set with the gear in JupyterLab is saved by the kernel and survives a kernel restart.

The quickstart notebook draws chart "quickstart" with the line series "sma-20" on pane 0.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import fresh_page
from tests.support.chart_page import assert_is_quickstart_chart
from tests.support.jupyterlab import (
    KERNEL_ID,
    error_outputs,
    notebook_chart,
    open_and_run,
    open_notebook,
    restart_kernel_and_run_all,
    run_all_cells,
)
from tests.support.settings_dialog import (
    blur,
    close_settings,
    drawn_style,
    lwcharts_storage_keys,
    open_settings,
    poll,
    rgba,
    set_color,
    set_number,
    stored_config,
    wait_for_stored,
    wait_for_style,
)

pytestmark = pytest.mark.browser

NOTEBOOK = "quickstart.ipynb"
CHART_ID = "quickstart"
# The notebook's own style of the SMA line.
CODE_COLOR, CODE_LINE_WIDTH = "#f5a623", 2
USER_COLOR, USER_LINE_WIDTH = "#ff0000", 4
# Changes reach Python 300 ms after the last one or at once when the dialog closes; the kernel
# must have written them well within a second.
STORE_WRITE_TIMEOUT_S = 1.0

_FIRST_EXECUTION_COUNT = """() => window.jupyterapp.shell.currentWidget.content.widgets
  .find(cell => cell.model.type === 'code').model.executionCount"""


def test_style_set_in_the_dialog_is_saved_by_the_kernel_and_restored_after_restart(
    jupyterlab, page: Page, browser, artifacts
) -> None:
    chart = open_and_run(page, jupyterlab.url, NOTEBOOK)
    assert drawn_style(chart, "sma-20") == (rgba(CODE_COLOR), CODE_LINE_WIDTH)

    dialog = open_settings(chart, "sma-20")
    set_color(dialog, "color", USER_COLOR)
    set_number(dialog, "lineWidth", USER_LINE_WIDTH)
    # The chart takes each change at once, before anything reached Python.
    wait_for_style(chart, "sma-20", USER_COLOR, USER_LINE_WIDTH, timeout_s=2)
    blur(dialog)
    chart.screenshot(path=artifacts / "settings-dialog.png")
    close_settings(dialog)

    wait_for_stored(
        jupyterlab.config_dir,
        CHART_ID,
        "0",
        "sma-20",
        {"color": USER_COLOR, "lineWidth": USER_LINE_WIDTH},
        timeout_s=STORE_WRITE_TIMEOUT_S,
    )
    kernel_before = page.evaluate(KERNEL_ID)
    # The browser's copy must not be what brings the style back.
    page.evaluate("() => localStorage.clear()")

    with fresh_page(browser, artifacts, "test_persistence_jupyterlab__after_restart") as fresh:
        open_notebook(fresh, jupyterlab.url, NOTEBOOK)
        assert lwcharts_storage_keys(fresh) == []
        assert fresh.evaluate(KERNEL_ID) == kernel_before  # the same kernel, restarted below

        assert restart_kernel_and_run_all(fresh)
        assert fresh.evaluate(_FIRST_EXECUTION_COUNT) == 1  # a new kernel process ran the cells

        assert error_outputs(fresh) == []
        chart = notebook_chart(fresh)
        assert_is_quickstart_chart(chart)
        assert drawn_style(chart, "sma-20") == (rgba(USER_COLOR), USER_LINE_WIDTH)
        # The other series keep the notebook's styles.
        assert drawn_style(chart, "volume")[0] == rgba("#7e57c2")


def test_escape_closes_and_saves_and_a_reset_is_saved_too(
    jupyterlab, page: Page, browser, artifacts
) -> None:
    open_notebook(page, jupyterlab.url, NOTEBOOK)
    assert run_all_cells(page)
    chart = notebook_chart(page)

    dialog = open_settings(chart, "sma-20")
    set_color(dialog, "color", USER_COLOR)
    dialog.locator("[data-testid=tab-style]").press("Escape")
    expect(dialog).to_have_count(0)
    wait_for_stored(
        jupyterlab.config_dir,
        CHART_ID,
        "0",
        "sma-20",
        {"color": USER_COLOR},
        timeout_s=STORE_WRITE_TIMEOUT_S,
    )

    dialog = open_settings(chart, "sma-20")
    dialog.locator("[data-testid=lwcharts-reset]").click()
    # The notebook's own style is back at once, and the dialog shows it.
    wait_for_style(chart, "sma-20", CODE_COLOR, CODE_LINE_WIDTH, timeout_s=2)
    expect(dialog.locator("input[type=color][data-option=color]")).to_have_value(CODE_COLOR)
    close_settings(dialog)
    # A reset is stored as an entry with an empty config, so no older copy can win it back.
    poll(
        lambda: stored_config(jupyterlab.config_dir, CHART_ID, "0", "sma-20"),
        lambda config: config == {},
        STORE_WRITE_TIMEOUT_S,
        "the store holding the reset of sma-20",
    )

    with fresh_page(browser, artifacts, "test_persistence_jupyterlab__after_reset") as fresh:
        open_notebook(fresh, jupyterlab.url, NOTEBOOK)
        assert run_all_cells(fresh)
        chart = notebook_chart(fresh)
        assert drawn_style(chart, "sma-20") == (rgba(CODE_COLOR), CODE_LINE_WIDTH)
