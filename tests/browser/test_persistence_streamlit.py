"""The seed's persistence example app under a real `streamlit run`: a style set with the gear
comes back to the app, which saves it to `series_configs.json` in its working directory and draws
it again in a new browser session.

The app (examples/seed_persistence_app.py) is the seed's example as written: chart
"persistent-chart" with one line series, "Main Line Series" (id `main-line-series`, pane 0).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.support.browser import fresh_page
from tests.support.settings_dialog import (
    close_settings,
    drawn_style,
    open_settings,
    poll,
    rgba,
    set_color,
    wait_for_style,
)
from tests.support.streamlit import SCRIPT_IDLE, SCRIPT_IDLE_TIMEOUT_MS, open_app

pytestmark = pytest.mark.browser

SEED_APP = Path(__file__).resolve().parents[2] / "examples" / "seed_persistence_app.py"
SERIES_ID = "main-line-series"
CODE_COLOR, CODE_LINE_WIDTH = "#2196F3", 2
USER_COLOR = "#ff0000"
FILE_WRITE_TIMEOUT_S = 10


def saved_configs(cwd: Path) -> dict | None:
    """What the app wrote to `series_configs.json` (its session state's completeState)."""
    try:
        return json.loads((cwd / "series_configs.json").read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        return None


def saved_color(cwd: Path) -> str | None:
    saved = saved_configs(cwd) or {}
    entry = saved.get("persistent-chart", {}).get("0", {}).get(SERIES_ID, {})
    return entry.get("config", {}).get("color")


def wait_until_idle(page: Page) -> None:
    page.locator(SCRIPT_IDLE).wait_for(timeout=SCRIPT_IDLE_TIMEOUT_MS)
    assert page.get_by_test_id("stException").all_inner_texts() == []


def set_color_and_wait_for_the_file(page: Page, chart: Locator, cwd: Path) -> None:
    """Pick the user colour in the dialog; wait until the app has written it to its file."""
    dialog = open_settings(chart, SERIES_ID)
    set_color(dialog, "color", USER_COLOR)
    # The chart takes the change at once, before the app has seen it.
    wait_for_style(chart, SERIES_ID, USER_COLOR, CODE_LINE_WIDTH, timeout_s=2)
    close_settings(dialog)
    color = poll(
        lambda: saved_color(cwd),
        lambda value: value is not None,
        FILE_WRITE_TIMEOUT_S,
        "series_configs.json holding persistent-chart/0/main-line-series config.color",
    )
    assert rgba(color) == rgba(USER_COLOR)
    # Only the app's rerun after the change shows the new session state.
    expect(page.get_by_text("1 chart(s) configured")).to_be_visible()
    wait_until_idle(page)


def test_seed_app_saves_a_style_to_its_file_and_draws_it_in_a_new_session(
    start_streamlit, tmp_path: Path, page: Page, browser, artifacts
) -> None:
    # start_streamlit runs the app with tmp_path as its working directory: the file lands there.
    app = start_streamlit(SEED_APP)
    chart = open_app(page, app.url)
    assert drawn_style(chart, SERIES_ID) == (rgba(CODE_COLOR), CODE_LINE_WIDTH)
    expect(page.get_by_text("No configurations saved yet")).to_be_visible()

    set_color_and_wait_for_the_file(page, chart, tmp_path)

    # The rerun that followed the change keeps the style on the chart.
    assert drawn_style(chart, SERIES_ID) == (rgba(USER_COLOR), CODE_LINE_WIDTH)
    entry = saved_configs(tmp_path)["persistent-chart"]["0"][SERIES_ID]
    assert entry["seriesType"] == "line"
    assert set(entry["config"]) == {"color"}

    # A new session (empty localStorage, empty session state): the app loads its file.
    with fresh_page(browser, artifacts, "test_persistence_streamlit__new_session") as fresh:
        chart = open_app(fresh, app.url)
        assert drawn_style(chart, SERIES_ID) == (rgba(USER_COLOR), CODE_LINE_WIDTH)
        expect(fresh.get_by_text("1 chart(s) configured")).to_be_visible()


def test_seed_app_save_load_and_clear_buttons_work(
    start_streamlit, tmp_path: Path, page: Page
) -> None:
    app = start_streamlit(SEED_APP)
    chart = open_app(page, app.url)
    set_color_and_wait_for_the_file(page, chart, tmp_path)
    (tmp_path / "series_configs.json").unlink()

    page.get_by_role("button", name="Save to File").click()
    expect(page.get_by_text("Configurations saved!")).to_be_visible()
    assert rgba(saved_color(tmp_path)) == rgba(USER_COLOR)

    page.get_by_role("button", name="Load from File").click()
    wait_until_idle(page)
    expect(page.get_by_text("1 chart(s) configured")).to_be_visible()

    # The seed's Clear All empties the session and reruns; its first lines then reload the
    # file, so the file goes first (as the seed's code is written, kept verbatim here).
    (tmp_path / "series_configs.json").unlink()
    page.get_by_role("button", name="Clear All").click()
    wait_until_idle(page)
    expect(page.get_by_text("No configurations saved yet")).to_be_visible()
