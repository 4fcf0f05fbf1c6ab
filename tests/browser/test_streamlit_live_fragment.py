"""Live data in a Streamlit fragment (examples/live_fragment_app.py and its dict-API twin):
each fragment run sends only the new rows, and the chart is not mounted again."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page

from tests.support.chart_page import snapshot
from tests.support.streamlit import SCRIPT_IDLE, SCRIPT_IDLE_TIMEOUT_MS, open_app

pytestmark = pytest.mark.browser

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
UPDATES = 4
UPDATE_TIMEOUT_S = 60.0


def bars_shown(page: Page) -> int:
    text = page.get_by_text(re.compile(r"BARS=\d+")).first.inner_text()
    return int(text.split("=")[1])


def watch_updates(page: Page, chart: Locator, frames: list[tuple[float, int]]) -> dict:
    """Wait for UPDATES fragment runs after the first, then stop the fragment; the websocket
    bytes received per run and what the chart drew."""
    chart.evaluate("el => { el.__sameMount = true; }")
    # The largest frame so far carried the first envelope: all the data.
    full_bytes = max(size for _, size in frames)
    start_bars = bars_shown(page)
    deadline = time.monotonic() + UPDATE_TIMEOUT_S
    while bars_shown(page) == start_bars:
        assert time.monotonic() < deadline, "the fragment did not run"
        page.wait_for_timeout(20)
    first = bars_shown(page)
    rows = first - start_bars
    frames.clear()
    before = snapshot(chart)
    while bars_shown(page) < first + UPDATES * rows:
        assert time.monotonic() < deadline, f"fragment stuck at {bars_shown(page)} bars"
        page.wait_for_timeout(20)
    received = sum(size for _, size in frames)
    largest = max(size for _, size in frames)
    runs = (bars_shown(page) - first) // rows
    same_mount = chart.evaluate("el => el.__sameMount === true")
    running = snapshot(chart)
    # Stop: the whole app reruns once, appending nothing. (Streamlit may mount the fragment's
    # component again on that full rerun; only fragment runs are checked for that.)
    page.get_by_text("Running").click()
    page.locator(SCRIPT_IDLE).wait_for(timeout=SCRIPT_IDLE_TIMEOUT_MS)
    page.wait_for_timeout(1500)  # a fragment run already on its way lands
    last = bars_shown(page)
    page.wait_for_function(
        "([el, n]) => el.lwcharts.snapshot().series[0].barCount === n",
        arg=[chart.element_handle(), last],
        timeout=UPDATE_TIMEOUT_S * 1000,
    )
    after = snapshot(chart)
    return {
        "runs": runs,
        "bytes_per_run": received / runs,
        "envelopes": running["received"]["envelopes"] - before["received"]["envelopes"],
        "envelope_bytes": running["received"]["lastBytes"],
        "largest_frame": largest,
        "full_bytes": full_bytes,
        "same_mount": same_mount,
        "bars": after["series"][0]["barCount"],
        "last_bars": last,
    }


def measure(page: Page, url: str, rows: int) -> dict:
    frames: list[tuple[float, int]] = []
    page.on(
        "websocket",
        lambda ws: ws.on(
            "framereceived", lambda payload: frames.append((time.monotonic(), len(payload)))
        ),
    )
    chart = open_app(page, f"{url}/?rows={rows}")
    return watch_updates(page, chart, frames)


def check_run(result: dict) -> None:
    assert result["same_mount"], "a fragment run mounted the chart again"
    assert result["bars"] == result["last_bars"]
    assert result["envelopes"] >= 1, result
    # History never travels again: no websocket frame of a run comes near the first envelope
    # (2,000 bars), nor does any envelope the chart is handed.
    assert result["largest_frame"] < result["full_bytes"] / 4, result
    assert result["envelope_bytes"] < result["full_bytes"] / 4, result


@pytest.mark.parametrize("rows", [1, 40])
def test_a_dict_api_fragment_appends_only_the_new_rows_without_remounting(
    start_streamlit, page: Page, rows: int
) -> None:
    url = start_streamlit(EXAMPLES / "live_fragment_dict_app.py").url
    result = measure(page, url, rows)
    print(f"live_fragment_dict_app.py ?rows={rows}", result)
    check_run(result)


def test_a_fragment_appends_only_the_new_rows_without_remounting(
    start_streamlit, page: Page, browser
) -> None:
    app = "live_fragment_app.py"
    url = start_streamlit(EXAMPLES / app).url
    one = measure(page, url, 1)
    print(app, one)
    page.goto("about:blank")  # ends that session's fragment runs
    other = browser.new_page()
    try:
        many = measure(other, url, 40)
        print(app, many)
    finally:
        other.close()
    check_run(one)
    check_run(many)
    # What a run sends grows with the new rows (40 vs 1 per run), by about a row's encoding
    # each (a u32 time and f64 values: 12 to 36 bytes, plus framing), not by the history.
    per_row = (many["largest_frame"] - one["largest_frame"]) / 39
    assert 4 <= per_row <= 120, (one, many)
    print(
        f"{app}: 1 row/run {one['bytes_per_run']:.0f} B, 40 rows/run {many['bytes_per_run']:.0f} B"
    )


def test_the_chart_stays_mounted_when_a_slow_page_lets_streamlit_supersede_renders(
    start_streamlit, page: Page
) -> None:
    """On a slow page Streamlit often starts a newer render before the previous one has run,
    and then calls that one's cleanup with the component still in the page (it did so about
    twice a second at 6× CPU throttling). The chart must stay the one mounted, keeping its data."""
    url = start_streamlit(EXAMPLES / "live_fragment_app.py").url
    chart = open_app(page, f"{url}/?rows=1")
    chart.evaluate("el => { el.__sameMount = true; }")
    start_bars = bars_shown(page)
    start_envelopes = snapshot(chart)["received"]["envelopes"]
    cdp = page.context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 6})
    try:
        page.wait_for_timeout(10_000)
    finally:
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})
    assert bars_shown(page) >= start_bars + 3, "the fragment did not run under throttling"
    assert chart.evaluate("el => el.__sameMount === true"), "the chart was mounted again"
    assert snapshot(chart)["received"]["envelopes"] > start_envelopes
