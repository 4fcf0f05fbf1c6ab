"""A chart too large for one message, in real JupyterLab: its envelope travels in parts.

The notebook lowers ``ChartWidget.part_bytes`` to 1 MB so that 200,000 candles in cents (4 MB:
int32 columns) go as 4 parts, where 10M bars go as 11 parts of 32 MB: the same path, at a size a
test can afford. Every
bar arrives (the count, the last bar, the first bucket under the crosshair), and the chart still
draws when it is displayed a second time, after the page reloads and after a kernel restart.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from playwright.sync_api import Locator, Page

from tests.support.chart_page import snapshot, wait_for_chart
from tests.support.frames import cent_candles_code, frame_of
from tests.support.jupyterlab import (
    error_outputs,
    open_notebook,
    restart_kernel_and_run_all,
    run_all_cells,
    write_notebook,
)

pytestmark = [pytest.mark.browser, pytest.mark.long]

NOTEBOOK = "envelope_parts.ipynb"
BARS = 200_000
PART_BYTES = 1 << 20

FRAME = cent_candles_code(BARS, seed=7, start="2021-01-01")

CELLS = (
    f"""\
{FRAME}
from lwcharts import Chart
from lwcharts.jupyter import ChartWidget, displayed_widget
ChartWidget.part_bytes = {PART_BYTES}
chart = Chart(chart_id="parts", height=400)
chart.candlestick(df, name="Price", id="price")
chart
""",
    "reference = displayed_widget(chart)._parts\n"
    "print(f\"PARTS={reference['count']} BYTES={reference['bytes']}\")",
    "display(displayed_widget(chart))  # a second view of the same widget",
)


def frame() -> pd.DataFrame:
    return frame_of(FRAME)


def chart_of_cell(page: Page, index: int) -> Locator:
    """The chart cell `index` displays, once drawn."""
    cell = page.locator(".jp-NotebookPanel:visible .jp-Cell").nth(index)
    return wait_for_chart(cell.locator(".jp-OutputArea-output"))


def parts_printed(page: Page) -> tuple[int, int]:
    text = page.locator(".jp-NotebookPanel:visible .jp-OutputArea-output", has_text="PARTS=")
    match = re.search(r"PARTS=(\d+) BYTES=(\d+)", text.inner_text())
    assert match is not None
    return int(match.group(1)), int(match.group(2))


def assert_every_bar(chart: Locator, envelope_bytes: int) -> None:
    df = frame()
    snap = snapshot(chart)
    series = snap["series"][0]
    assert series["barCount"] == BARS
    last = df.iloc[-1]
    assert series["lastRow"] == {
        "time": df.index[-1].timestamp(),
        "open": last["open"],
        "high": last["high"],
        "low": last["low"],
        "close": last["close"],
    }
    assert snap["received"]["lastBytes"] == envelope_bytes


def first_bucket_legend(page: Page, chart: Locator) -> tuple[str, int]:
    """Wheel out until the first bar's row is on screen, point at it; the legend and the bars per
    row there."""
    first = float(frame().index[0].timestamp())
    box = chart.locator(".lwc-chart").bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)

    def on_screen() -> float | None:
        x = chart.evaluate("(el, t) => el.lwcharts.timeToX(t)", first)
        return x if x is not None and x < box["width"] / 2 else None

    for _ in range(200):
        if on_screen() is not None:
            break
        page.mouse.wheel(0, 300)
        page.wait_for_timeout(30)
    page.wait_for_timeout(200)  # a re-plan settles within two frames
    x = on_screen()
    assert x is not None, snapshot(chart)["resampling"]
    y = box["y"] + box["height"] / 2
    seen = []
    for dx in (0, 1, 2, 3):  # the first row sits at the plot's edge: a pixel in may be needed
        page.mouse.move(box["x"] + x + 40, y + 40)
        page.mouse.move(box["x"] + x + dx, y)
        snap = snapshot(chart)
        if snap["crosshairTime"] == first:
            return snap["legend"][0], snap["resampling"]["visibleFactor"]
        seen.append(snap["crosshairTime"])
    raise AssertionError(f"the crosshair near the first row (x={x}) shows {seen}, not {first}")


@pytest.fixture
def notebook(jupyterlab, page: Page) -> Page:
    write_notebook(jupyterlab.root_dir / NOTEBOOK, CELLS)
    open_notebook(page, jupyterlab.url, NOTEBOOK)
    assert run_all_cells(page)
    assert error_outputs(page) == []
    return page


def test_every_bar_arrives_in_parts_and_a_second_view_draws_them_too(notebook: Page) -> None:
    page = notebook
    count, envelope_bytes = parts_printed(page)
    assert count == -(-envelope_bytes // PART_BYTES) >= 4
    first_view = chart_of_cell(page, 0)
    second_view = chart_of_cell(page, 2)
    assert_every_bar(first_view, envelope_bytes)
    assert_every_bar(second_view, envelope_bytes)

    legend, factor = first_bucket_legend(page, first_view)
    bucket = frame().iloc[:factor]
    expected = (
        f"O {bucket['open'].iloc[0]:.2f} H {bucket['high'].max():.2f} "
        f"L {bucket['low'].min():.2f} C {bucket['close'].iloc[-1]:.2f}"
    )
    assert expected in legend


def test_the_chart_draws_again_after_a_page_reload_and_a_kernel_restart(
    notebook: Page, jupyterlab
) -> None:
    page = notebook
    _, envelope_bytes = parts_printed(page)
    page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")
    page.wait_for_timeout(500)
    # A reload: the page's models come back from the kernel, and ask it for the parts again.
    open_notebook(page, jupyterlab.url, NOTEBOOK)
    assert_every_bar(chart_of_cell(page, 0), envelope_bytes)

    assert restart_kernel_and_run_all(page)
    assert error_outputs(page) == []
    _, envelope_bytes = parts_printed(page)
    assert_every_bar(chart_of_cell(page, 0), envelope_bytes)
    assert_every_bar(chart_of_cell(page, 2), envelope_bytes)
