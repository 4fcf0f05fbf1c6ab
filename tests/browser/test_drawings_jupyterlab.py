"""Drawings made with the mouse in JupyterLab are saved by the kernel per user and drawn again,
at the same time and price, after a kernel restart with the browser's copy gone.

The quickstart notebook draws chart "quickstart": candlesticks "price" and "sma-20" on pane 0,
"volume" on pane 1.
"""

from __future__ import annotations

import json

import nbformat
import pandas as pd
import pytest
from playwright.sync_api import Page, expect

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
from tests.support.jupyterlab import (
    KERNEL_ID,
    RUN_CELL,
    notebook_chart,
    open_and_run,
    open_notebook,
    restart_kernel_and_run_all,
)
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
    chart = open_and_run(page, jupyterlab.url, NOTEBOOK)
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
    code_color = by_kind(drawn(chart))["trend_line"]["style"]["color"]
    dialog.locator("input[type=color][data-option=color]").fill(USER_COLOR)
    assert by_kind(drawn(chart))["trend_line"]["style"]["color"] == USER_COLOR
    dialog.press("Escape")
    expect(dialog).to_have_count(0)
    # Esc gave the keyboard back to the chart: its shortcuts work at once, no click needed.
    page.keyboard.press("Control+z")
    assert by_kind(drawn(chart))["trend_line"]["style"]["color"] == code_color
    page.keyboard.press("Control+Shift+z")
    assert by_kind(drawn(chart))["trend_line"]["style"]["color"] == USER_COLOR

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

    kernel_before = page.evaluate(KERNEL_ID)
    # The browser's copy must not be what brings the drawings back.
    page.evaluate("() => localStorage.clear()")
    with fresh_page(browser, artifacts, "test_drawings_jupyterlab__after_restart") as fresh:
        open_notebook(fresh, jupyterlab.url, NOTEBOOK)
        assert lwcharts_storage_keys(fresh) == []
        assert fresh.evaluate(KERNEL_ID) == kernel_before
        assert restart_kernel_and_run_all(fresh)
        chart = notebook_chart(fresh)
        again = {d["id"]: {**d, "pixels": None} for d in drawn(chart)}
        assert again == expected


SURVIVAL_NOTEBOOK = "drawings-survival.ipynb"
UPDATES = 500
SETUP = """\
import json, pathlib
import numpy as np, pandas as pd
from lwcharts import Chart

OUT = pathlib.Path("drawings-out")
OUT.mkdir(exist_ok=True)
index = pd.date_range("2024-01-01", periods=60, freq="D")
chart = Chart(chart_id="survival", height=480, pane_collapse=True, pane_stretch=[2, 1])
price = chart.line(pd.Series(100.0 + np.sin(np.arange(60) / 5) * 10, index=index), id="close")
rsi = chart.line(pd.Series(50.0 + np.cos(np.arange(60) / 4) * 20, index=index), id="rsi", pane=1)
code_line = chart.horizontal_line(105.0, color="#00aa00")
changes = []
chart.on_drawings_change(lambda drawings: changes.append(len(drawings)))
chart
"""
# Both series get 500 updates, each pair appending a day then replacing it.
LIVE = f"""\
for i in range({UPDATES}):
    day = index[-1] + pd.Timedelta(days=1 + i // 2)
    price.update({{"time": day, "value": 100.0 + i % 7}})
    rsi.update({{"time": day, "value": 40.0 + i % 20}})
"""
READ = """\
(OUT / "drawings.json").write_text(json.dumps({
    "changes": changes,
    "drawings": [
        {"id": d.id, "kind": d.kind, "pane": d.pane, "user_made": d.user_made,
         "points": [[t.isoformat(), p] for t, p in d.points], "color": d.style["color"]}
        for d in chart.drawings()
    ],
}))
"""


def test_drawings_survive_live_updates_and_pane_collapse_and_python_reads_them(
    jupyterlab, page: Page
) -> None:
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
    }
    notebook.cells = [nbformat.v4.new_code_cell(code) for code in (SETUP, LIVE, READ)]
    nbformat.write(notebook, jupyterlab.root_dir / SURVIVAL_NOTEBOOK)
    out = jupyterlab.root_dir / "drawings-out"
    open_notebook(page, jupyterlab.url, SURVIVAL_NOTEBOOK)
    page.evaluate(RUN_CELL, [0, 60_000])
    chart = notebook_chart(page)
    chart.scroll_into_view_if_needed()
    # The code's line, then a user's trend line in the lower pane, on the rsi series.
    assert [d["kind"] for d in drawn(chart)] == ["horizontal_line"]
    pick_tool(chart, "Trend line")
    drag(page, at(chart, 0.3, 0.3, pane=1), at(chart, 0.6, 0.7, pane=1))
    user_line = by_kind(drawn(chart))["trend_line"]
    assert (user_line["pane"], user_line["seriesId"]) == (1, "rsi")

    # 500 live updates: the drawings keep their time and price and are still drawn.
    page.evaluate(RUN_CELL, [1, 60_000])
    # Rows arrive batched (a bar ticked twice travels once): wait for the last tick of each.
    last_values = {"close": 100.0 + (UPDATES - 1) % 7, "rsi": 40.0 + (UPDATES - 1) % 20}
    page.wait_for_function(
        """([el, bars, last]) => el.lwcharts.snapshot().series.every(
            (s) => s.barCount === bars && s.lastRow !== null && s.lastRow.value === last[s.id])""",
        arg=[chart.element_handle(), 60 + UPDATES // 2, last_values],
    )
    after_live = {d["id"]: d for d in drawn(chart)}
    assert after_live[user_line["id"]]["points"] == user_line["points"]
    assert all(
        p["x"] is not None and p["y"] is not None for p in after_live[user_line["id"]]["pixels"]
    )

    # Collapse the lower pane and expand it again: the drawing is still there and drawn.
    collapse = chart.locator('[data-testid=lwcharts-pane-collapse][data-pane-id="1"]')
    collapse.click()
    expect(collapse).to_have_attribute("aria-expanded", "false")
    collapse.click()
    expect(collapse).to_have_attribute("aria-expanded", "true")
    expanded = {d["id"]: d for d in drawn(chart)}[user_line["id"]]
    assert expanded["points"] == user_line["points"]
    assert all(p["y"] is not None for p in expanded["pixels"])

    # Python reads both: the code's line and the user's, times as UTC timestamps.
    poll(
        lambda: (
            page.evaluate(RUN_CELL, [2, 60_000]) and json.loads((out / "drawings.json").read_text())
        ),
        lambda read: len(read["drawings"]) == 2,
        10,
        "the kernel reading the user's drawing",
    )
    read = json.loads((out / "drawings.json").read_text())
    by_id = {d["id"]: d for d in read["drawings"]}
    assert by_id[user_line["id"]]["kind"] == "trend_line"
    assert by_id[user_line["id"]]["user_made"] is True
    assert by_id[user_line["id"]]["points"][0] == [
        pd.Timestamp(user_line["points"][0]["time"], unit="s", tz="UTC").isoformat(),
        user_line["points"][0]["price"],
    ]
    code = next(d for d in read["drawings"] if d["id"] != user_line["id"])
    assert (code["kind"], code["user_made"], code["color"]) == ("horizontal_line", False, "#00aa00")
    assert read["changes"][-1] == 2  # on_drawings_change saw the user's drawing arrive
