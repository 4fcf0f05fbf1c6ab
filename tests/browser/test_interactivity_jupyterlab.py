"""Events, live rows and screenshots between a real JupyterLab page and the kernel.

The notebook is made in the test: a line of 30 daily bars whose value is 100 + the day number,
so the legend's value under the crosshair names the bar. Callbacks append what they got to
`interactivity-out/events.jsonl` in the kernel's folder, where the test reads it.
"""

from __future__ import annotations

import json
import re
import struct
import time
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from playwright.sync_api import Locator, Page

from tests.support.chart_page import snapshot
from tests.support.jupyterlab import notebook_chart, open_notebook, run_cell

pytestmark = pytest.mark.browser

NOTEBOOK = "interactivity.ipynb"
START = pd.Timestamp("2024-01-01", tz="UTC")
BARS = 30
DAY_S = 86_400
EVENT_TIMEOUT_S = 15.0
CELL_TIMEOUT_MS = 60_000
UPDATES = 500

SETUP = """\
import json, pathlib
import numpy as np, pandas as pd
from lwcharts import Chart

OUT = pathlib.Path("interactivity-out")
OUT.mkdir(exist_ok=True)
index = pd.date_range("2024-01-01", periods=30, freq="D")
chart = Chart(chart_id="interactive", height=360)
line = chart.line(pd.Series(100.0 + np.arange(30), index=index), name="Close", id="close")

def record(event):
    if event.type == "range":
        row = {"type": "range", "start": event.start.isoformat(), "end": event.end.isoformat(),
               "from": event.start_seconds, "to": event.end_seconds}
    else:
        row = {"type": event.type, "time": None if event.time is None else event.time.isoformat(),
               "seconds": event.seconds, "price": event.price, "pane": event.pane,
               "values": event.series_values}
    with (OUT / "events.jsonl").open("a") as file:
        file.write(json.dumps(row) + "\\n")

chart.on_click(record)
chart.on_range_change(record)
chart
"""

# 500 updates: each pair appends a day, then replaces that day's bar; short pauses let the
# kernel's frame-interval flush send some batches while the loop runs, the rest go at cell end.
LIVE = f"""\
import time
t0 = time.perf_counter()
for i in range({UPDATES}):
    line.update({{"time": index[-1] + pd.Timedelta(days=1 + i // 2), "value": 200.0 + i}})
    if i % 50 == 49:
        time.sleep(0.03)
elapsed = time.perf_counter() - t0
from lwcharts.jupyter import displayed_widget
stats = displayed_widget(chart).live_stats
last = {{"time": float(line.columns.time[-1]), "value": float(line.columns.fields["value"][-1])}}
(OUT / "live.json").write_text(
    json.dumps({{"elapsed": elapsed, **stats, "length": len(line), "last": last}})
)
"""

# Blocks: the kernel takes the browser's reply on a subshell thread while this cell waits.
SCREENSHOT = """\
import time
t0 = time.perf_counter()
png = chart.screenshot()
(OUT / "shot.png").write_bytes(png)
(OUT / "shot.json").write_text(json.dumps({"seconds": time.perf_counter() - t0}))
"""

ASYNC_SCREENSHOT = """\
(OUT / "awaited.png").write_bytes(await chart.screenshot_async())
"""

# Ticks on the last bar only (nothing scrolls), for about 3 s.
TICKS_COUNT = 150
TICKS = f"""\
import time
for i in range({TICKS_COUNT}):
    line.update({{"time": index[-1], "value": 300.0 + i}})
    time.sleep(0.02)
"""

CELLS = (SETUP, LIVE, SCREENSHOT, ASYNC_SCREENSHOT, TICKS)

# Runs a cell of the open notebook without waiting for it to finish.
START_CELL = """(index) => {
  const app = window.jupyterapp;
  app.shell.currentWidget.content.activeCellIndex = index;
  app.commands.execute('notebook:run-cell');
}"""


@pytest.fixture
def lab(jupyterlab, page: Page):
    """The interactivity notebook open with an idle kernel; returns the kernel's output folder."""
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
    }
    notebook.cells = [nbformat.v4.new_code_cell(code) for code in CELLS]
    nbformat.write(notebook, jupyterlab.root_dir / NOTEBOOK)
    out = jupyterlab.root_dir / "interactivity-out"
    if out.exists():
        for file in out.iterdir():
            file.unlink()
    open_notebook(page, jupyterlab.url, NOTEBOOK)
    return out


def show_chart(page: Page) -> Locator:
    run_cell(page, 0)
    return notebook_chart(page)


def wait_for_events(out: Path, accept, timeout: float = EVENT_TIMEOUT_S) -> list[dict]:
    """Events the kernel recorded, once one of them passes `accept`."""
    deadline = time.monotonic() + timeout
    events: list[dict] = []
    while time.monotonic() < deadline:
        path = out / "events.jsonl"
        if path.exists():
            events = [json.loads(line) for line in path.read_text().splitlines() if line]
            if any(accept(e) for e in events):
                return events
        time.sleep(0.1)
    raise AssertionError(f"no matching event reached Python in {timeout} s; got {events}")


def center_of(chart: Locator) -> tuple[float, float]:
    box = chart.locator(".lwc-chart").bounding_box()
    assert box is not None
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def legend_value(chart: Locator) -> float:
    legend = snapshot(chart)["legend"]
    return float(re.search(r"Close\s+([\d.]+)", legend[0]).group(1))


def wait_for_legend(chart: Locator, expected: list[str], timeout_ms: int = 5_000) -> None:
    chart.page.wait_for_function(
        "([el, texts]) => JSON.stringify(el.lwcharts.snapshot().legend) === JSON.stringify(texts)",
        arg=[chart.element_handle(), expected],
        timeout=timeout_ms,
    )


def pointer_on_a_bar(page: Page, chart: Locator) -> tuple[float, float]:
    """Hover leftwards from the right edge until the crosshair sits on a bar well inside the data
    (lightweight-charts draws 30 bars at the right, 6 px apart, not across the whole width)."""
    box = chart.locator(".lwc-chart").bounding_box()
    assert box is not None
    y = box["y"] + box["height"] / 2
    for dx in range(60, int(box["width"]), 6):
        x = box["x"] + box["width"] - dx
        page.mouse.move(x, y)
        if legend_value(chart) < 100 + BARS - 5:
            return x, y
    raise AssertionError("no bar found under the pointer")


def test_click_calls_python_with_the_bar_under_the_pointer(lab: Path, page: Page) -> None:
    chart = show_chart(page)
    x, y = pointer_on_a_bar(page, chart)

    page.mouse.click(x, y)

    # The legend shows the value under the crosshair: 100 + the day number of that bar.
    value = legend_value(chart)
    day = round(value) - 100
    assert 0 <= day < BARS, value
    expected = START + pd.Timedelta(days=day)
    events = wait_for_events(lab, lambda e: e["type"] == "click")
    click = next(e for e in events if e["type"] == "click")
    assert click["time"] == expected.isoformat()
    assert click["seconds"] == expected.timestamp()
    assert click["values"] == {"close": value}
    assert click["pane"] == 0
    assert 100 <= click["price"] <= 100 + BARS


def test_wheel_zoom_reaches_python_as_a_narrower_range(lab: Path, page: Page) -> None:
    chart = show_chart(page)
    full_span = (BARS - 1) * DAY_S
    wait_for_events(lab, lambda e: e["type"] == "range")  # the first drawing's range
    x, y = center_of(chart)

    page.mouse.move(x, y)
    for _ in range(4):
        page.mouse.wheel(0, -240)

    events = wait_for_events(
        lab, lambda e: e["type"] == "range" and e["to"] - e["from"] < full_span
    )
    zoomed = [e for e in events if e["type"] == "range"][-1]
    assert START.timestamp() <= zoomed["from"] < zoomed["to"] <= START.timestamp() + full_span
    assert zoomed["start"] == pd.Timestamp(zoomed["from"], unit="s", tz="UTC").isoformat()


def test_500_updates_arrive_batched_and_draw_the_last_tick_and_every_bar(
    lab: Path, page: Page, artifacts: Path
) -> None:
    chart = show_chart(page)
    before = snapshot(chart)

    started = time.monotonic()
    run_cell(page, 1)
    final_bars = BARS + UPDATES // 2
    page.wait_for_function(
        "([el, n]) => el.lwcharts.snapshot().series[0].barCount === n",
        arg=[chart.element_handle(), final_bars],
        timeout=CELL_TIMEOUT_MS,
    )
    drawn_after_s = time.monotonic() - started
    # The last bar is the last update: day 30 + 250 with value 200 + 499, as Python holds it;
    # the legend shows it too (it follows a stream at most every 100 ms).
    wait_for_legend(chart, ["Close 699.00"])
    after = snapshot(chart)
    kernel = json.loads((lab / "live.json").read_text())

    assert kernel["length"] == final_bars
    assert after["series"][0]["lastRow"] == kernel["last"]
    assert kernel["last"]["value"] == 200.0 + UPDATES - 1
    # No envelope (history) was sent again; the rows came batched (the loop paused 10 times, so
    # the frame-interval flush sent several batches), every message reached the browser.
    assert after["received"] == before["received"]
    messages = after["live"]["messages"] - before["live"]["messages"]
    # The cell wrote the kernel's count before its end, whose flush may send one batch more.
    assert kernel["messages"] <= messages <= kernel["messages"] + 1
    assert 2 <= messages < UPDATES // 10, messages
    # A batch carries each bar once: at most the 250 new bars plus one re-sent bar per batch.
    rows = after["live"]["rows"] - before["live"]["rows"]
    assert UPDATES // 2 <= rows <= UPDATES // 2 + messages
    assert after["live"]["maxCallsPerFrame"] == 1
    per_update = (after["live"]["bytes"] - before["live"]["bytes"]) / UPDATES
    assert per_update >= kernel["bytes"] / UPDATES
    # Each bar once, a u32 time and an f64 value, plus a header per message: far below the
    # ~150 bytes one message per update cost.
    assert per_update < 60, per_update
    (artifacts / "live-updates.json").write_text(
        json.dumps(
            {
                "bytes_per_update": per_update,
                "messages": messages,
                "kernel_loop_s": kernel["elapsed"],
                "drawn_after_s": drawn_after_s,
                "frames": after["live"]["frames"],
            }
        )
    )


def png_size(png: bytes) -> list[int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert png[12:16] == b"IHDR"
    return list(struct.unpack(">II", png[16:24]))


def chart_size(chart: Locator) -> list[int]:
    """The chart's drawing area in device pixels, as lightweight-charts' screenshot has it."""
    return chart.locator(".lwc-chart").evaluate(
        "el => [Math.round(el.clientWidth * devicePixelRatio),"
        " Math.round(el.clientHeight * devicePixelRatio)]"
    )


def test_screenshot_blocks_and_returns_a_png_of_the_chart_size(
    lab: Path, page: Page, artifacts: Path
) -> None:
    chart = show_chart(page)

    run_cell(page, 2)

    png = (lab / "shot.png").read_bytes()
    assert png_size(png) == chart_size(chart)
    assert png_size(png)[1] == 360
    (artifacts / "screenshot.json").write_text(
        json.dumps(
            {
                "bytes": len(png),
                "size": png_size(png),
                **json.loads((lab / "shot.json").read_text()),
            }
        )
    )


def test_screenshot_can_be_awaited(lab: Path, page: Page) -> None:
    chart = show_chart(page)

    run_cell(page, 3)

    assert png_size((lab / "awaited.png").read_bytes()) == chart_size(chart)


def test_while_rows_stream_in_the_legend_shows_the_bar_under_the_crosshair(
    lab: Path, page: Page
) -> None:
    chart = show_chart(page)
    # Started without waiting for it: making the cell active scrolls the notebook, which moves
    # the chart under the pointer, so the pointer goes onto a bar once the stream runs.
    page.evaluate(START_CELL, CELLS.index(TICKS))
    page.wait_for_function(
        "el => el.lwcharts.snapshot().legend[0] !== 'Close 129.00'",
        arg=chart.element_handle(),
        timeout=CELL_TIMEOUT_MS,
    )
    pointer_on_a_bar(page, chart)
    hovered = legend_value(chart)
    page.wait_for_function(
        "([el, bar]) => el.lwcharts.snapshot().series[0].lastBar?.value === bar",
        arg=[chart.element_handle(), 300.0 + TICKS_COUNT - 1],
        timeout=CELL_TIMEOUT_MS,
    )
    page.wait_for_timeout(500)  # a legend refresh still on its way lands
    # The hovered history bar (100 + day), never the ticking last bar's values (300 + i).
    assert legend_value(chart) == hovered < 100 + BARS, snapshot(chart)["legend"]
    # Off the chart, the legend shows the last bar as the stream left it.
    page.mouse.move(0, 0)
    wait_for_legend(chart, [f"Close {300.0 + TICKS_COUNT - 1:.2f}"])
