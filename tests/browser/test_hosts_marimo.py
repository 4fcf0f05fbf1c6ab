"""marimo: a notebook showing the demo chart (`chart.widget()` as the cell's last expression)
draws it under `marimo run`, and a style set with the gear is saved by the marimo kernel in the
per-user store under the OS user's scope."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import artifact_path
from tests.support.chart_page import assert_is_quickstart_chart, snapshot, wait_for_chart
from tests.support.marimo import marimo_run, write_notebook
from tests.support.settings_dialog import close_settings, open_settings, set_color, wait_for_stored

pytestmark = [pytest.mark.browser, pytest.mark.hosts]

CHART_ID = "marimo"
CELL = f"""\
from lwcharts.demo import demo_chart

chart = demo_chart(500, chart_id="{CHART_ID}")
chart.widget()
"""
USER_COLOR = "#ff0000"
STORE_WRITE_TIMEOUT_S = 5.0


def test_marimo_draws_the_chart_and_the_gear_saves_a_style(
    page: Page, tmp_path: Path, artifacts: Path
) -> None:
    notebook = write_notebook(tmp_path / "chart_notebook.py", CELL)
    with marimo_run(notebook, tmp_path, artifact_path("marimo.server.log")) as (server, config):
        # The OS prefers dark, marimo's own theme is light (its default): marimo's wins.
        page.emulate_media(color_scheme="dark")
        page.goto(server.url)
        chart = wait_for_chart(page)
        assert_is_quickstart_chart(chart)
        assert page.evaluate("() => document.body.classList.contains('light-theme')")
        assert snapshot(chart)["theme"] == "light"
        chart.screenshot(path=artifacts / "marimo-chart.png")

        dialog = open_settings(chart, "sma-20")
        set_color(dialog, "color", USER_COLOR)
        close_settings(dialog)
        wait_for_stored(
            config, CHART_ID, "0", "sma-20", {"color": USER_COLOR}, STORE_WRITE_TIMEOUT_S
        )
