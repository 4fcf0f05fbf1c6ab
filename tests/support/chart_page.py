"""The quickstart chart as every host must show it, and how a test reads it from the page.

The chart root is `div.lwcharts[data-testid=lwcharts-chart]`; it sets `data-ready="true"` once
drawn and exposes `el.lwcharts.snapshot()`. CSS locators pierce open shadow roots, so the same
locator finds it in a JupyterLab output area and inside a Streamlit component's shadow root.
"""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Locator, Page, expect

CHART_READY_TIMEOUT_MS = 90_000

# The chart built by notebooks/quickstart.ipynb and lwcharts/demo_app.py: id -> (type, pane).
QUICKSTART_SERIES = {
    "price": ("candlestick", 0),
    "sma-20": ("line", 0),
    "volume": ("histogram", 1),
}
QUICKSTART_PANES = 2
# Bars lightweight-charts holds per series. The 500 demo rows reach every series, but the
# 20-bar SMA starts with 19 NaN warm-up rows, and NaN must become a gap, never a bar (nor 0).
QUICKSTART_BARS = {"price": 500, "sma-20": 500 - 19, "volume": 500}


def wait_for_chart(scope: Page | Locator, timeout_ms: int = CHART_READY_TIMEOUT_MS) -> Locator:
    """The first chart under `scope`, once it has drawn."""
    chart = scope.locator('.lwcharts[data-ready="true"]').first
    chart.wait_for(state="visible", timeout=timeout_ms)
    return chart


def snapshot(chart: Locator) -> dict[str, Any]:
    snap: dict[str, Any] = chart.evaluate("el => el.lwcharts.snapshot()")
    return snap


def assert_is_quickstart_chart(chart: Locator) -> dict[str, Any]:
    """Check the drawn chart against the quickstart contract; returns its snapshot."""
    expect(chart).to_have_attribute("data-testid", "lwcharts-chart")
    snap = snapshot(chart)
    series = snap["series"]

    assert snap["chartId"], snap
    assert chart.get_attribute("data-chart-id") == snap["chartId"]
    assert len(series) == len(QUICKSTART_SERIES), series
    assert {s["id"]: (s["type"], s["pane"]) for s in series} == QUICKSTART_SERIES
    assert snap["paneCount"] == QUICKSTART_PANES
    assert {s["id"]: s["barCount"] for s in series} == QUICKSTART_BARS
    assert all(s["visible"] for s in series), series

    legend = snap["legend"]
    assert len(legend) == len(series), legend
    for s in series:
        assert any(s["name"] in entry for entry in legend), (
            f"series {s['name']!r} missing from legend {legend}"
        )
    return snap
