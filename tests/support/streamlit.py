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
