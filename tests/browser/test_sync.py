"""Synced charts on one page share the crosshair and the visible range; another tab does not."""

from __future__ import annotations

import textwrap

import pytest
from playwright.sync_api import Locator, Page

from tests.support.chart_page import snapshot
from tests.support.jupyterlab import error_outputs, open_notebook, run_all_cells
from tests.support.streamlit import SCRIPT_IDLE, SCRIPT_IDLE_TIMEOUT_MS

pytestmark = pytest.mark.browser

CHART_TIMEOUT_MS = 90_000

APP = textwrap.dedent(
    """
    import lwcharts
    import lwcharts.streamlit as lst
    from lwcharts.demo import ohlcv

    df = ohlcv(300)
    price = lwcharts.Chart(df[["open", "high", "low", "close"]], height=300, chart_id="price")
    volume = lwcharts.Chart(height=200, chart_id="volume")
    volume.histogram(df["volume"], name="Volume")
    lwcharts.sync(price, volume, group="prices")
    lst.chart(price, key="price")
    lst.chart(volume, key="volume")
    """
)


def two_charts(scope: Page | Locator) -> tuple[Locator, Locator]:
    charts = scope.locator('.lwcharts[data-ready="true"]')
    charts.nth(1).wait_for(state="visible", timeout=CHART_TIMEOUT_MS)
    assert charts.count() == 2
    return charts.nth(0), charts.nth(1)


def hover(page: Page, chart: Locator, fraction: float) -> None:
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] * fraction, box["y"] + box["height"] / 3, steps=4)
    page.wait_for_timeout(150)


def assert_crosshair_follows(page: Page, first: Locator, second: Locator) -> None:
    assert snapshot(second)["crosshairTime"] is None
    hover(page, first, 0.5)
    at_middle = snapshot(first)["crosshairTime"]
    assert at_middle is not None
    assert snapshot(second)["crosshairTime"] == at_middle

    hover(page, first, 0.3)
    moved = snapshot(first)["crosshairTime"]
    assert moved is not None
    assert moved < at_middle
    assert snapshot(second)["crosshairTime"] == moved


def assert_range_follows(page: Page, first: Locator, second: Locator) -> None:
    hover(page, first, 0.5)
    before = snapshot(second)["visibleRange"]
    page.mouse.wheel(0, -400)
    page.wait_for_timeout(500)
    zoomed = snapshot(first)["visibleRange"]
    after = snapshot(second)["visibleRange"]
    assert after != before
    assert after["from"] == pytest.approx(zoomed["from"], abs=1)
    assert after["to"] == pytest.approx(zoomed["to"], abs=1)


def test_two_streamlit_charts_share_crosshair_and_range_but_not_across_tabs(
    start_app, page: Page
) -> None:
    url = start_app("sync_app.py", APP).url
    other_tab = page.context.new_page()
    for tab in (page, other_tab):
        tab.goto(url)
        tab.locator(SCRIPT_IDLE).wait_for(timeout=SCRIPT_IDLE_TIMEOUT_MS)
    price, volume = two_charts(page.locator("[data-testid=stBidiComponentIsolated]"))
    other_price, other_volume = two_charts(
        other_tab.locator("[data-testid=stBidiComponentIsolated]")
    )
    page.bring_to_front()
    untouched = [snapshot(other_price)["visibleRange"], snapshot(other_volume)["visibleRange"]]

    assert_crosshair_follows(page, price, volume)
    assert_range_follows(page, price, volume)

    assert snapshot(other_price)["crosshairTime"] is None
    assert snapshot(other_volume)["crosshairTime"] is None
    assert [snapshot(other_price)["visibleRange"], snapshot(other_volume)["visibleRange"]] == (
        untouched
    )


def test_two_jupyterlab_outputs_share_the_crosshair(jupyterlab, page: Page) -> None:
    open_notebook(page, jupyterlab.url, "sync.ipynb")

    assert run_all_cells(page)
    assert error_outputs(page) == []
    price, volume = two_charts(page.locator(".jp-NotebookPanel:visible .jp-OutputArea-output"))

    assert_crosshair_follows(page, price, volume)
    # And back: the volume chart drives the price chart once the pointer is over it.
    hover(page, volume, 0.6)
    assert snapshot(price)["crosshairTime"] == snapshot(volume)["crosshairTime"] is not None
    assert_range_follows(page, volume, price)
