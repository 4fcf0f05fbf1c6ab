"""Drawings made with the mouse in JupyterLab are saved by the kernel per user and drawn again,
at the same time and price, after a kernel restart with the browser's copy gone.

The quickstart notebook draws chart "quickstart": candlesticks "price" and "sma-20" on pane 0,
"volume" on pane 1.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_persistence_jupyterlab import (
    _KERNEL_ID,
    notebook_chart,
    restart_kernel_and_run_all,
)
from tests.support.browser import fresh_page
from tests.support.drawings import (
    at,
    click,
    drag,
    drawn,
    live_stored,
    pick_tool,
    stored_drawings,
)
from tests.support.jupyterlab import error_outputs, open_notebook, run_all_cells
from tests.support.settings_dialog import lwcharts_storage_keys, poll

pytestmark = [pytest.mark.browser, pytest.mark.drawings]

NOTEBOOK = "quickstart.ipynb"
CHART_ID = "quickstart"
# Changes reach Python 300 ms after the last one; the kernel must have written them within 1 s.
STORE_WRITE_TIMEOUT_S = 1.0
USER_COLOR = "#ff0000"


def by_kind(drawings: list[dict]) -> dict[str, dict]:
    return {d["kind"]: d for d in drawings}


def test_drawings_made_with_the_mouse_are_saved_and_come_back_after_a_kernel_restart(
    jupyterlab, page: Page, browser, artifacts
) -> None:
    open_notebook(page, jupyterlab.url, NOTEBOOK)
    assert run_all_cells(page)
    assert error_outputs(page) == []
    chart = notebook_chart(page)
    toolbar = chart.locator("[data-testid=lwcharts-drawing-toolbar]")
    expect(toolbar).to_be_visible()
    expect(toolbar.get_by_role("button")).to_have_count(17)
    chart.scroll_into_view_if_needed()

    # A trend line with two clicks.
    pick_tool(chart, "Trend line")
    click(page, at(chart, 0.30, 0.30))
    page.mouse.move(*at(chart, 0.45, 0.20), steps=4)
    click(page, at(chart, 0.45, 0.20))
    # A rectangle by dragging, a Fibonacci retracement by dragging.
    pick_tool(chart, "Rectangle")
    drag(page, at(chart, 0.55, 0.55), at(chart, 0.70, 0.75))
    pick_tool(chart, "Fibonacci retracement")
    drag(page, at(chart, 0.75, 0.15), at(chart, 0.90, 0.45))
    made = by_kind(drawn(chart))
    assert set(made) == {"trend_line", "rectangle", "fib_retracement"}, made
    assert all(d["pane"] == 0 and d["seriesId"] == "price" for d in made.values())
    assert made["fib_retracement"]["levels"] == [0, 0.236, 0.382, 0.5, 0.618, 0.786, 1]
    # Made in the order of the clicks: the trend line's first point is left of its second.
    trend = made["trend_line"]
    assert trend["points"][0]["time"] < trend["points"][1]["time"]
    assert trend["points"][0]["price"] < trend["points"][1]["price"]  # higher on screen

    # Move the trend line by its middle: both points shift by the same time and price.
    drag(page, at(chart, 0.375, 0.25), at(chart, 0.375, 0.40))
    moved = by_kind(drawn(chart))["trend_line"]
    assert moved["points"] != trend["points"]
    shift = [b["price"] - a["price"] for a, b in zip(trend["points"], moved["points"], strict=True)]
    assert shift[0] < 0
    assert abs(shift[0] - shift[1]) < 1e-6 * max(1, abs(shift[0]))

    # Undo puts it back, redo moves it again (Ctrl+Z, Ctrl+Shift+Z while the chart has focus).
    page.keyboard.press("Control+z")
    assert by_kind(drawn(chart))["trend_line"]["points"] == trend["points"]
    page.keyboard.press("Control+Shift+z")
    assert by_kind(drawn(chart))["trend_line"]["points"] == moved["points"]

    # A double-click on the trend line opens its settings; the colour set there is drawn.
    page.mouse.dblclick(*at(chart, 0.375, 0.40))
    dialog = chart.locator("[data-testid=lwcharts-drawing-settings]")
    expect(dialog).to_be_visible()
    dialog.locator("input[type=color][data-option=color]").fill(USER_COLOR)
    assert by_kind(drawn(chart))["trend_line"]["style"]["color"] == USER_COLOR
    dialog.press("Escape")
    expect(dialog).to_have_count(0)

    # Select the rectangle by its edge and delete it.
    click(page, at(chart, 0.55, 0.65))
    page.keyboard.press("Delete")
    remaining = by_kind(drawn(chart))
    assert set(remaining) == {"trend_line", "fib_retracement"}, remaining
    chart.screenshot(path=artifacts / "drawings.png")

    # Within a second the kernel's store holds exactly the remaining drawings, the deleted one
    # as a tombstone.
    expected = {d["id"]: {**d, "pixels": None} for d in remaining.values()}
    stored = poll(
        lambda: stored_drawings(jupyterlab.config_dir, CHART_ID),
        lambda records: set(live_stored(records)) == set(expected) and len(records or {}) == 3,
        STORE_WRITE_TIMEOUT_S,
        "the store holding the two remaining drawings and one tombstone",
    )
    assert stored is not None
    for drawing_id, drawing in expected.items():
        assert stored[drawing_id]["points"] == drawing["points"]
        assert stored[drawing_id]["kind"] == drawing["kind"]
        assert stored[drawing_id]["style"] == drawing["style"]
    assert stored[remaining["trend_line"]["id"]]["style"]["color"] == USER_COLOR
    assert next(r for r in stored.values() if r.get("deleted"))["id"] == made["rectangle"]["id"]

    kernel_before = page.evaluate(_KERNEL_ID)
    # The browser's copy must not be what brings the drawings back.
    page.evaluate("() => localStorage.clear()")
    with fresh_page(browser, artifacts, "test_drawings_jupyterlab__after_restart") as fresh:
        open_notebook(fresh, jupyterlab.url, NOTEBOOK)
        assert lwcharts_storage_keys(fresh) == []
        assert fresh.evaluate(_KERNEL_ID) == kernel_before
        assert restart_kernel_and_run_all(fresh)
        chart = notebook_chart(fresh)
        again = {d["id"]: {**d, "pixels": None} for d in drawn(chart)}
        assert again == expected
