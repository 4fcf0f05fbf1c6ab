"""Jupyter Notebook 7: the quickstart notebook draws its chart, and a style set with the gear is
saved by the kernel in the per-user store under the OS user's scope."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import NOTEBOOKS_DIR, artifact_path
from tests.support.chart_page import assert_is_quickstart_chart, wait_for_chart
from tests.support.jupyterlab import error_outputs, run_all_cells
from tests.support.notebook7 import notebook7, open_notebook7
from tests.support.settings_dialog import close_settings, open_settings, set_color, wait_for_stored

pytestmark = [pytest.mark.browser, pytest.mark.hosts]

USER_COLOR = "#ff0000"
STORE_WRITE_TIMEOUT_S = 5.0


def test_notebook7_draws_the_chart_and_the_gear_saves_a_style(
    page: Page, tmp_path: Path, artifacts: Path
) -> None:
    with notebook7(tmp_path, artifact_path("notebook7.server.log")) as (server, root, config):
        shutil.copy(NOTEBOOKS_DIR / "quickstart.ipynb", root / "quickstart.ipynb")
        open_notebook7(page, server.url, "quickstart.ipynb")
        assert run_all_cells(page)
        assert error_outputs(page) == []
        chart = wait_for_chart(page.locator(".jp-NotebookPanel .jp-OutputArea-output"))
        assert_is_quickstart_chart(chart)
        chart.screenshot(path=artifacts / "notebook7-chart.png")

        dialog = open_settings(chart, "sma-20")
        set_color(dialog, "color", USER_COLOR)
        close_settings(dialog)
        wait_for_stored(
            config, "quickstart", "0", "sma-20", {"color": USER_COLOR}, STORE_WRITE_TIMEOUT_S
        )
