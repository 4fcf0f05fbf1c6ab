"""Streamlit reruns keep the chart: zoom survives, unchanged data is not re-sent, events reach
Python, and a collapsed pane stays collapsed."""

from __future__ import annotations

import json
import textwrap

import pytest
from playwright.sync_api import Locator, Page, expect

from lwcharts import Chart
from lwcharts.demo import ohlcv
from lwcharts.wire.envelope import decode_header
from lwcharts.wire.held import sent_data
from tests.support.chart_page import snapshot, wait_for_chart
from tests.support.streamlit import SCRIPT_IDLE, SCRIPT_IDLE_TIMEOUT_MS

pytestmark = pytest.mark.browser

# No-change reruns must carry at most this much chart data (the envelope's header only).
NO_CHANGE_BUDGET_BYTES = 2048

APP = textwrap.dedent(
    """
    import json

    import numpy as np
    import pandas as pd
    import streamlit as st

    import lwcharts
    import lwcharts.streamlit as lst

    n = 400
    index = pd.date_range("2024-01-01", periods=n, freq="D")
    close = 100 + np.cumsum(np.sin(np.arange(n) / 9.0))
    frame = pd.DataFrame(
        {"open": close, "high": close + 1, "low": close - 1, "close": close}, index=index
    )
    chart = lwcharts.Chart(frame, chart_id="reruns", height=420, pane_collapse=True)
    chart.histogram(pd.Series(np.arange(n) % 11 * 1.0, index=index), pane=1, name="Volume")


    def count_event():
        st.session_state["callbacks"] = st.session_state.get("callbacks", 0) + 1


    result = lst.chart(chart, key="reruns", on_change=count_event)
    if result.event is not None:
        st.session_state["last_event"] = result.event
    st.write("LAST_EVENT=" + json.dumps(st.session_state.get("last_event")))
    st.write(f"CALLBACKS={st.session_state.get('callbacks', 0)}")
    st.button("Other widget")
    """
)


@pytest.fixture
def app_url(start_app) -> str:
    return start_app("reruns_app.py", APP).url


def settle(page: Page) -> None:
    """Wait until the script is idle and stays idle (the chart's own reruns have run)."""
    for _ in range(3):
        page.wait_for_timeout(400)
        page.locator(SCRIPT_IDLE).wait_for(timeout=SCRIPT_IDLE_TIMEOUT_MS)


def open_chart(page: Page, url: str) -> Locator:
    page.goto(url)
    page.locator(SCRIPT_IDLE).wait_for(timeout=SCRIPT_IDLE_TIMEOUT_MS)
    chart = wait_for_chart(page.locator("[data-testid=stBidiComponentIsolated]"))
    settle(page)
    assert page.get_by_test_id("stException").all_inner_texts() == []
    return chart


def zoom_in(page: Page, chart: Locator) -> None:
    box = chart.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + 120)
    page.mouse.wheel(0, -400)
    settle(page)


def test_a_rerun_keeps_zoom_and_sends_no_series_data(page: Page, app_url: str) -> None:
    frames: list[int] = []
    page.on(
        "websocket",
        lambda ws: ws.on("framereceived", lambda payload: frames.append(len(payload))),
    )
    chart = open_chart(page, app_url)
    first = snapshot(chart)
    full_envelope = first["received"]["totalBytes"] / max(first["received"]["envelopes"], 1)
    zoom_in(page, chart)
    zoomed = snapshot(chart)
    assert zoomed["visibleRange"] != first["visibleRange"], "the wheel did not zoom"

    frames.clear()
    page.get_by_role("button", name="Other widget").click()
    settle(page)

    after = snapshot(chart)
    assert after["visibleRange"] == zoomed["visibleRange"]
    assert [s["barCount"] for s in after["series"]] == [400, 400]
    # What reached the chart: at most header-only envelopes, never the columns again.
    new_envelopes = after["received"]["envelopes"] - zoomed["received"]["envelopes"]
    if new_envelopes:
        assert after["received"]["lastBytes"] <= NO_CHANGE_BUDGET_BYTES, after["received"]
    # And on the wire: the whole rerun's traffic is far below one copy of the series data.
    assert frames, "the button click caused no rerun traffic"
    assert max(frames) <= NO_CHANGE_BUDGET_BYTES, frames
    assert sum(frames) < full_envelope / 2, (frames, full_envelope)
    print(
        f"no-change rerun: {new_envelopes} envelope(s), last {after['received']['lastBytes']} B;"
        f" websocket frames {frames} (sum {sum(frames)} B); full envelope ~{full_envelope:.0f} B"
    )


def test_a_click_on_the_chart_reaches_python(page: Page, app_url: str) -> None:
    chart = open_chart(page, app_url)
    box = chart.bounding_box()
    assert box is not None

    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + 120)
    settle(page)

    text = page.get_by_text("LAST_EVENT=").inner_text()
    event = json.loads(text.removeprefix("LAST_EVENT="))
    assert event["type"] == "click", event
    assert isinstance(event["time"], (int, float))
    assert set(event["seriesValues"]) == {"candlestick", "volume"}
    expect(page.get_by_text("CALLBACKS=0")).to_have_count(0)


def test_a_collapsed_pane_stays_collapsed_across_reruns_and_reloads(
    page: Page, app_url: str
) -> None:
    chart = open_chart(page, app_url)
    collapse = chart.locator('[data-testid=lwcharts-pane-collapse][data-pane-id="1"]')
    expect(collapse).to_have_attribute("aria-expanded", "true")

    collapse.click()

    expect(collapse).to_have_attribute("aria-expanded", "false")
    collapsed = snapshot(chart)
    assert collapsed["collapsedPanes"] == [1]
    assert {s["id"]: s["visible"] for s in collapsed["series"]} == {
        "candlestick": True,
        "volume": False,
    }

    page.get_by_role("button", name="Other widget").click()
    settle(page)
    assert snapshot(chart)["collapsedPanes"] == [1]

    chart = open_chart(page, app_url)  # a reload: a new session, full data again
    reloaded = snapshot(chart)
    assert reloaded["collapsedPanes"] == [1]
    assert [s["barCount"] for s in reloaded["series"]] == [400, 400]
    assert [s["visible"] for s in reloaded["series"]] == [True, False]

    chart.locator('[data-testid=lwcharts-pane-collapse][data-pane-id="1"]').click()
    assert snapshot(chart)["collapsedPanes"] == []
    assert [s["visible"] for s in snapshot(chart)["series"]] == [True, True]


# The component's own module, called as Streamlit calls it, with a parent of our own and spies
# for the setters: an envelope that refers to data the chart does not hold must not draw
# nothing silently but ask Python for full data (a new `held.request`).
_RENDER_WITH_SPIES = """async ([url, full, hashOnly]) => {
  const { default: render } = await import(url);
  const parent = document.createElement('div');
  parent.style.width = '600px';
  document.body.append(parent);
  const states = [];
  const call = (bytes) => render({
    data: new Uint8Array(bytes), parentElement: parent, key: 'probe', name: 'lwcharts.chart',
    setStateValue: (name, value) => states.push([name, value]),
    setTriggerValue: () => {},
  });
  call(hashOnly);
  const chart = parent.querySelector('.lwcharts');
  const beforeFull = { states: structuredClone(states), ready: chart.dataset.ready ?? null };
  call(full);
  const after = chart.lwcharts.snapshot();
  return { beforeFull, states, barCount: after.series.map((s) => s.barCount) };
}"""


def test_an_envelope_referring_to_unknown_data_asks_for_full_data(page: Page, app_url: str) -> None:
    chart = Chart(ohlcv(50), chart_id="probe")
    full = chart.to_envelope()
    hash_only = chart.to_envelope(held=sent_data(decode_header(full)))
    open_chart(page, app_url)

    result = page.evaluate(
        _RENDER_WITH_SPIES,
        [
            f"{app_url}/_stcore/bidi-components/lwcharts.chart/streamlit.js",
            list(full),
            list(hash_only),
        ],
    )

    # The hash-only envelope drew nothing and asked for a resend, reporting that it holds nothing.
    assert result["beforeFull"]["ready"] is None
    assert result["beforeFull"]["states"] == [["held", {"series": {}, "request": 1}]]
    # The full envelope then drew, and the chart reported the data it now holds.
    digest = decode_header(full)["series"][0]["dataHash"]
    assert result["states"][-1] == ["held", {"series": {"candlestick": digest}, "request": 1}]
    assert result["barCount"] == [50]
