"""On a chart shorter than the drawing toolbar, the toolbar stays inside the chart's box and every
tool can still be reached and used, with the mouse and with the keyboard; at a normal height it
shows every tool at once, as before. A real `streamlit run`, whose next element (a button)
follows the chart in the page.
"""

from __future__ import annotations

import json
import textwrap
import time
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.support.drawings import at, drag, drawn
from tests.support.settings_dialog import poll
from tests.support.streamlit import SCRIPT_IDLE, open_app

pytestmark = [pytest.mark.browser, pytest.mark.drawings]

SHORT = 200
NORMAL = 480
# The app's height choice, then the chart, then an element that follows it in the page.
APP = f"""\
import streamlit as st

import lwcharts.streamlit as lst
from lwcharts import Chart
from lwcharts.demo import ohlcv

height = st.radio("Chart height", [{SHORT}, {NORMAL}], horizontal=True)
chart = Chart(height=height, chart_id="short")
chart.candlestick(ohlcv(120), name="Price", id="price")
lst.chart(chart, key="short")
st.button("Below the chart")
"""
TOOLBAR = "[data-testid=lwcharts-drawing-toolbar]"
FIRST_TOOL = "Trend line"
LAST_TOOL = "Measure price and time range"
LAST_BUTTON = "Redo (Ctrl+Shift+Z)"
# The arrows scroll a page of tools a click: 17 tools need at most this many on a 200 px chart.
MAX_PAGES = 5
# Wheel scrolling is animated: how long it may take to bring a tool into view, a notch at a time.
SCROLL_TIMEOUT_S = 10
WHEEL_NOTCH_PX = 40
# The chart's first layouts may move its visible range by a bar: it is settled when unchanged
# over this long.
SETTLE_S = 0.5
CHART_SETTLE_TIMEOUT_S = 10

# Where a user can click a button: its centre is inside the chart's box and the button (not
# something covering it, nor whatever a clipping box lets through) is what a click there hits.
REACHABLE = """(button) => {
  const chart = button.closest('.lwcharts').getBoundingClientRect();
  const r = button.getBoundingClientRect();
  const x = r.left + r.width / 2, y = r.top + r.height / 2;
  if (x < chart.left || x > chart.right || y < chart.top || y > chart.bottom) return false;
  const hit = button.getRootNode().elementFromPoint(x, y);
  return hit !== null && button.contains(hit);
}"""


def box(locator: Locator) -> dict[str, float]:
    found = locator.bounding_box()
    assert found is not None, locator
    return found


def assert_inside(inner: dict[str, float], outer: dict[str, float]) -> None:
    assert inner["y"] >= outer["y"] - 0.5, (inner, outer)
    assert inner["y"] + inner["height"] <= outer["y"] + outer["height"] + 0.5, (inner, outer)
    assert inner["x"] >= outer["x"] - 0.5, (inner, outer)
    assert inner["x"] + inner["width"] <= outer["x"] + outer["width"] + 0.5, (inner, outer)


def reachable(chart: Locator, label: str) -> bool:
    result: bool = chart.get_by_role("button", name=label, exact=True).evaluate(REACHABLE)
    return result


def toolbar_buttons(chart: Locator) -> list[str]:
    labels: list[str] = (
        chart.locator(TOOLBAR)
        .get_by_role("button")
        .evaluate_all("buttons => buttons.map((b) => b.getAttribute('aria-label'))")
    )
    return labels


def choose_height(page: Page, chart: Locator, height: int) -> None:
    """Pick the app's chart height and wait for the rerun to draw the chart at that height."""
    page.get_by_text(str(height), exact=True).click()
    page.locator(SCRIPT_IDLE).wait_for()
    expect(chart.locator(".lwc-chart")).to_have_css("height", f"{height}px")


def settled_visible_range(chart: Locator) -> object:
    """The chart's visible range once the first layout is over (it no longer changes)."""
    read = "el => JSON.stringify(el.lwcharts.snapshot().visibleRange)"
    last: list[str] = [chart.evaluate(read)]

    def unchanged() -> bool:
        time.sleep(SETTLE_S)
        now: str = chart.evaluate(read)
        same = now == last[0]
        last[0] = now
        return same

    poll(unchanged, bool, CHART_SETTLE_TIMEOUT_S, "the chart's visible range settling")
    return json.loads(last[0])


def wheel_until_reachable(page: Page, chart: Locator, label: str) -> None:
    """Turn the mouse wheel a notch at a time (the pointer over the toolbar) until `label` shows."""

    def notch() -> bool:
        if reachable(chart, label):
            return True
        page.mouse.wheel(0, WHEEL_NOTCH_PX)
        return False

    poll(notch, bool, SCROLL_TIMEOUT_S, f"the wheel bringing {label!r} into reach")


def click_until_disabled(arrow: Locator) -> None:
    """Click a scroll arrow until it shows there is nothing more that way (a few pages at most)."""
    for _ in range(MAX_PAGES):
        if arrow.get_attribute("data-disabled") == "true":
            return
        arrow.click()
    expect(arrow).to_have_attribute("data-disabled", "true")


def draw_measure(page: Page, chart: Locator) -> None:
    drag(page, at(chart, 0.3, 0.3), at(chart, 0.7, 0.7))
    assert [d["kind"] for d in drawn(chart)] == ["measure"]


@pytest.fixture
def short_chart(start_streamlit, tmp_path: Path, page: Page) -> Locator:
    app_path = tmp_path / "short_app.py"
    app_path.write_text(textwrap.dedent(APP))
    chart = open_app(page, start_streamlit(app_path).url)
    chart.scroll_into_view_if_needed()
    expect(chart.locator(".lwc-chart")).to_have_css("height", f"{SHORT}px")
    return chart


def test_on_a_short_chart_the_toolbar_stays_inside_and_the_wheel_brings_the_last_tool(
    short_chart: Locator, page: Page
) -> None:
    chart = short_chart
    toolbar = chart.locator(TOOLBAR)
    # Inside the chart's box, above what follows the chart in the page.
    assert_inside(box(toolbar), box(chart))
    below = box(page.get_by_role("button", name="Below the chart"))
    assert box(toolbar)["y"] + box(toolbar)["height"] <= below["y"]
    assert len(toolbar_buttons(chart)) == 17
    assert reachable(chart, FIRST_TOOL)
    assert not reachable(chart, LAST_TOOL)

    # The wheel over the toolbar scrolls its tools, and does not zoom the chart.
    visible_range = settled_visible_range(chart)
    page.mouse.move(box(toolbar)["x"] + 14, box(toolbar)["y"] + SHORT / 2)
    wheel_until_reachable(page, chart, LAST_TOOL)
    assert not reachable(chart, FIRST_TOOL)
    assert chart.evaluate("el => el.lwcharts.snapshot().visibleRange") == visible_range
    assert_inside(box(toolbar), box(chart))

    # A click on the last tool, then a drag in the plot, draws a measure.
    measure = chart.get_by_role("button", name=LAST_TOOL, exact=True)
    centre = box(measure)
    page.mouse.click(centre["x"] + centre["width"] / 2, centre["y"] + centre["height"] / 2)
    expect(measure).to_have_attribute("aria-pressed", "true")
    draw_measure(page, chart)


def test_on_a_short_chart_tab_reaches_every_tool_and_enter_picks_the_last(
    short_chart: Locator, page: Page
) -> None:
    chart = short_chart
    labels = toolbar_buttons(chart)
    chart.get_by_role("button", name=FIRST_TOOL, exact=True).focus()
    # Tab goes through the enabled buttons in order; each one is scrolled into reach on focus.
    enabled = [label for label in labels if label != "Settings of the selected drawing"]
    for label in enabled[1:]:
        page.keyboard.press("Tab")
        focused = chart.get_by_role("button", name=label, exact=True)
        expect(focused).to_be_focused()
        assert reachable(chart, label), label
    assert not reachable(chart, FIRST_TOOL)

    # Back to the last tool with Shift+Tab; Enter picks it, and the mouse draws with it.
    back = enabled[enabled.index(LAST_TOOL) + 1 :]
    for _ in back:
        page.keyboard.press("Shift+Tab")
    expect(chart.get_by_role("button", name=LAST_TOOL, exact=True)).to_be_focused()
    assert reachable(chart, LAST_TOOL)
    page.keyboard.press("Enter")
    expect(chart.get_by_role("button", name=LAST_TOOL, exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    draw_measure(page, chart)


def test_at_a_normal_height_every_tool_shows_at_once_and_a_shorter_chart_folds_again(
    short_chart: Locator, page: Page
) -> None:
    chart = short_chart
    toolbar = chart.locator(TOOLBAR)
    choose_height(page, chart, NORMAL)
    # Every button is where a click reaches it, with nothing to scroll.
    assert all(reachable(chart, label) for label in toolbar_buttons(chart))
    assert_inside(box(toolbar), box(chart))
    assert toolbar.evaluate(
        "el => [el, ...el.querySelectorAll('*')].every((e) => e.scrollHeight <= e.clientHeight)"
    )
    expect(chart.locator("[data-scroll]:visible")).to_have_count(0)

    # Shorter again: the toolbar follows, and its down arrow brings the last button.
    choose_height(page, chart, SHORT)
    assert_inside(box(toolbar), box(chart))
    assert not reachable(chart, LAST_BUTTON)
    down = chart.locator("[data-scroll=down]")
    up = chart.locator("[data-scroll=up]")
    expect(up).to_have_attribute("data-disabled", "true")
    click_until_disabled(down)
    assert reachable(chart, LAST_BUTTON)
    expect(up).not_to_have_attribute("data-disabled", "true")
    click_until_disabled(up)
    assert reachable(chart, FIRST_TOOL)
