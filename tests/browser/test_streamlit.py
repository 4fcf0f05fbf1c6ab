"""The demo app, under a real `streamlit run`, draws the documented chart in Streamlit's theme."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.support.chart_page import assert_is_quickstart_chart, snapshot
from tests.support.streamlit import open_app

pytestmark = pytest.mark.browser

DEMO_APP = Path(__file__).resolve().parents[2] / "lwcharts" / "demo_app.py"


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
