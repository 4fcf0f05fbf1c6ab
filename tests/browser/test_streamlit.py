"""The demo app, under a real `streamlit run`, draws the documented chart in Streamlit's theme."""

from __future__ import annotations

from pathlib import Path

import pytest
from chart_page import assert_is_quickstart_chart, snapshot, wait_for_chart
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

DEMO_APP = Path(__file__).resolve().parents[2] / "lwcharts" / "demo_app.py"
SCRIPT_IDLE_TIMEOUT_MS = 60_000

_SCRIPT_IDLE = (
    "[data-testid=stApp][data-test-connection-state=CONNECTED][data-test-script-state=notRunning]"
)


def open_app(page: Page, url: str):
    """Load the app, wait for its script run to finish with no exception, and return the chart."""
    page.goto(url)
    page.locator(_SCRIPT_IDLE).wait_for(timeout=SCRIPT_IDLE_TIMEOUT_MS)
    assert page.get_by_test_id("stException").all_inner_texts() == []
    return wait_for_chart(page.locator("[data-testid=stBidiComponentIsolated]"))


def test_demo_app_draws_price_sma_and_volume(start_streamlit, page: Page, artifacts) -> None:
    app = start_streamlit(DEMO_APP)

    chart = open_app(page, app.url)

    assert_is_quickstart_chart(chart)
    chart.screenshot(path=artifacts / "streamlit-chart.png")


@pytest.mark.parametrize(
    ("theme_args", "expected_theme"),
    [((), "light"), (("--theme.base", "dark"), "dark")],
    ids=["default-light", "dark"],
)
def test_streamlit_theme_reaches_the_chart(
    start_streamlit, page: Page, theme_args, expected_theme
) -> None:
    app = start_streamlit(DEMO_APP, *theme_args)

    chart = open_app(page, app.url)

    assert snapshot(chart)["theme"] == expected_theme
