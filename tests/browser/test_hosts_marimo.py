"""marimo: a notebook showing the demo chart (`chart.widget()` as the cell's last expression)
draws it under `marimo run`, a style set with the gear is saved by the marimo kernel in the
per-user store under the OS user's scope, and a screenshot asked in one cell run is read in a
later one."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from lwcharts.jupyter.screenshot import PNG_SIGNATURE
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


# The documented way to a screenshot in marimo: ask in one cell run, read in a later one (here
# two run buttons, so `marimo run` can do it; in `marimo edit`, running the two cells by hand).
SCREENSHOT_NOTEBOOK = """\
import marimo

app = marimo.App()


@app.cell
def _():
    import marimo as mo
    from lwcharts.demo import demo_chart

    chart = demo_chart(200, chart_id="shot")
    chart.widget()
    return chart, mo


@app.cell
def _(mo):
    ask = mo.ui.run_button(label="Ask")
    read = mo.ui.run_button(label="Read")
    mo.hstack([ask, read])
    return ask, read


@app.cell
def _(ask, chart, mo):
    mo.stop(not ask.value)
    pending = chart.screenshot_async()
    return (pending,)


@app.cell
def _(mo, pending, read):
    mo.stop(not read.value)
    png = pending.result()
    mo.md(f"PNG_BYTES={len(png)} SIGNATURE={png[:8].hex()}")
    return


if __name__ == "__main__":
    app.run()
"""


def test_marimo_screenshot_asked_in_one_cell_is_read_in_a_later_one(
    page: Page, tmp_path: Path
) -> None:
    notebook = tmp_path / "screenshot_notebook.py"
    notebook.write_text(SCREENSHOT_NOTEBOOK)
    log = artifact_path("marimo-screenshot.server.log")
    with marimo_run(notebook, tmp_path, log) as (server, _config):
        page.goto(server.url)
        wait_for_chart(page)
        page.get_by_role("button", name="Ask").click()
        # The reply reaches Python once the asking cell has finished.
        page.wait_for_timeout(2000)
        page.get_by_role("button", name="Read").click()
        result = page.get_by_text("PNG_BYTES=")
        expect(result).to_contain_text(f"SIGNATURE={PNG_SIGNATURE.hex()}", timeout=30_000)
        assert int(result.inner_text().split("PNG_BYTES=")[1].split()[0]) > 1000
