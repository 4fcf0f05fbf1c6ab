"""One user's styles follow a chart between hosts: JupyterLab and a local `streamlit run` share the
per-user store, so a style set in the notebook shows in the app, and one set in the app shows in
the notebook. Each page is a new browser context, so no style can come from localStorage.

Both draw the quickstart chart: chart "quickstart" with `price`, `sma-20` (pane 0) and `volume`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.browser import fresh_page
from tests.support.chart_page import assert_is_quickstart_chart
from tests.support.jupyterlab import (
    error_outputs,
    notebook_chart,
    open_and_run,
    open_notebook,
    run_all_cells,
)
from tests.support.settings_dialog import (
    close_settings,
    drawn_style,
    lwcharts_storage_keys,
    open_settings,
    rgba,
    set_color,
    set_number,
    stored_config,
    wait_for_stored,
    wait_for_style,
)
from tests.support.streamlit import QUICKSTART_APP, SHARE_OS_USER, open_app

pytestmark = pytest.mark.browser

CHART_ID = "quickstart"
CODE_COLOR, CODE_LINE_WIDTH = "#f5a623", 2
NOTEBOOK_COLOR = "#ff0000"
APP_LINE_WIDTH = 4
STORE_WRITE_TIMEOUT_S = 1.0


@pytest.fixture
def tmp_path(jupyterlab) -> Path:
    """Overrides pytest's `tmp_path` in this module: the JupyterLab server's base directory.

    `start_app` runs its app in `tmp_path`, with `LWCHARTS_CONFIG_DIR` set to
    `tmp_path/lwcharts-config`: exactly the JupyterLab server's (and so its kernels') store
    directory. So both hosts share one store, emptied before each test by `jupyterlab`.
    """
    base = jupyterlab.config_dir.parent
    assert jupyterlab.config_dir == base / "lwcharts-config"
    return base


def test_a_style_set_in_one_host_shows_in_the_other(
    jupyterlab, start_app, browser, artifacts
) -> None:
    app = start_app("quickstart_app.py", QUICKSTART_APP, env=SHARE_OS_USER)
    config_dir = jupyterlab.config_dir

    # 1. JupyterLab: colour the SMA line.
    with fresh_page(browser, artifacts, "test_persistence_cross_host__1_jupyterlab") as page:
        chart = open_and_run(page, jupyterlab.url, "quickstart.ipynb")
        dialog = open_settings(chart, "sma-20")
        set_color(dialog, "color", NOTEBOOK_COLOR)
        close_settings(dialog)
        wait_for_stored(
            config_dir,
            CHART_ID,
            "0",
            "sma-20",
            {"color": NOTEBOOK_COLOR},
            timeout_s=STORE_WRITE_TIMEOUT_S,
        )

    # 2. Streamlit, new browser context: the notebook's colour is there; widen the line.
    with fresh_page(browser, artifacts, "test_persistence_cross_host__2_streamlit") as page:
        chart = open_app(page, app.url)
        assert_is_quickstart_chart(chart)
        assert drawn_style(chart, "sma-20") == (rgba(NOTEBOOK_COLOR), CODE_LINE_WIDTH)

        dialog = open_settings(chart, "sma-20")
        set_number(dialog, "lineWidth", APP_LINE_WIDTH)
        wait_for_style(chart, "sma-20", NOTEBOOK_COLOR, APP_LINE_WIDTH, timeout_s=2)
        close_settings(dialog)
        # The app's rerun stores the change; the notebook's colour stays beside it.
        config = wait_for_stored(
            config_dir,
            CHART_ID,
            "0",
            "sma-20",
            {"color": NOTEBOOK_COLOR, "lineWidth": APP_LINE_WIDTH},
            timeout_s=STORE_WRITE_TIMEOUT_S,
        )
        assert set(config) == {"color", "lineWidth"}

    # 3. JupyterLab, new browser context: running the notebook again shows both.
    with fresh_page(browser, artifacts, "test_persistence_cross_host__3_jupyterlab") as page:
        open_notebook(page, jupyterlab.url, "quickstart.ipynb")
        assert lwcharts_storage_keys(page) == []
        assert run_all_cells(page)
        assert error_outputs(page) == []
        chart = notebook_chart(page)
        assert_is_quickstart_chart(chart)
        assert drawn_style(chart, "sma-20") == (rgba(NOTEBOOK_COLOR), APP_LINE_WIDTH)

    # Nothing else was saved: the other series keep the code's styles everywhere.
    assert stored_config(config_dir, CHART_ID, "0", "price") is None
    assert stored_config(config_dir, CHART_ID, "1", "volume") is None
