"""A Streamlit app in the page, as the browser tests and benchmarks see it (no pytest)."""

from __future__ import annotations

from playwright.sync_api import Locator, Page

from lwcharts.streamlit._scope import OS_USER_ENV
from tests.support.chart_page import wait_for_chart

SCRIPT_IDLE_TIMEOUT_MS = 60_000
# The documented opt-in of a local app: a browser on this machine shares the OS user's settings
# (and so the notebooks') instead of keeping them in its session (docs/deploying.md).
SHARE_OS_USER = {OS_USER_ENV: "1"}

# The whole app: connected, its script not running.
SCRIPT_IDLE = (
    "[data-testid=stApp][data-test-connection-state=CONNECTED][data-test-script-state=notRunning]"
)


def open_app(page: Page, url: str) -> Locator:
    """Load the app, wait for its script run to finish with no exception, and return the chart."""
    page.goto(url)
    page.locator(SCRIPT_IDLE).wait_for(timeout=SCRIPT_IDLE_TIMEOUT_MS)
    assert page.get_by_test_id("stException").all_inner_texts() == []
    return wait_for_chart(page.locator("[data-testid=stBidiComponentIsolated]"))


# The quickstart notebook's chart as a Streamlit app (same chart id and series ids).
QUICKSTART_APP = """\
import streamlit as st

import lwcharts.streamlit as lst
from lwcharts import Chart
from lwcharts.demo import ohlcv

df = ohlcv(500)
chart = Chart(height=480, chart_id="quickstart", pane_stretch=[3, 1], watermark="lwcharts")
chart.candlestick(df, name="Price", id="price")
chart.line(
    df["close"].rolling(20).mean(), name="SMA 20", id="sma-20", color="#f5a623", line_width=2
)
chart.histogram(df["volume"], name="Volume", id="volume", pane=1, color="#7e57c2")
lst.chart(chart, key="quickstart")
"""
