"""A 300,000-bar candlestick series in real JupyterLab: resampled in the browser.

Zoomed out, lightweight-charts holds a few thousand rows, not 300,000, and the legend under the
crosshair shows the OHLC of the bucket there (checked against the same bucket computed here from
the DataFrame); zoomed in fully, the same time shows the raw bar. A live row appended while
zoomed out shows up in the last bucket; a marker lands on its bucket.
"""

from __future__ import annotations

import re

import nbformat
import numpy as np
import pandas as pd
import pytest
from playwright.sync_api import Locator, Page

from tests.support.chart_page import snapshot, wait_for_chart
from tests.support.frames import cent_candles_code, frame_of
from tests.support.jupyterlab import RUN_CELL, error_outputs, open_notebook

pytestmark = [pytest.mark.browser, pytest.mark.long]

NOTEBOOK = "long_series.ipynb"
BARS = 300_000
CELL_TIMEOUT_MS = 120_000
WAIT_MS = 60_000
LIVE_HIGH = 9_999.0
MARKER_BAR = 150_001


# Minute candles with prices in whole cents; run by the notebook and by the test, which computes
# the expected buckets from the same DataFrame.
FRAME = cent_candles_code(BARS, seed=12, start="2020-01-01")

SETUP = f"""\
{FRAME}
from lwcharts import Chart
chart = Chart(chart_id="long", height=400)
candles = chart.candlestick(df, name="Price", id="price")
marker = {{"time": index[{MARKER_BAR}], "position": "aboveBar", "shape": "arrowDown", "text": "m"}}
candles.markers([marker])
chart
"""


def frame() -> pd.DataFrame:
    return frame_of(FRAME)


LIVE = f"""\
candles.update({{"time": index[-1] + pd.Timedelta(minutes=1), "open": 100.0, "high": {LIVE_HIGH},
                "low": 50.0, "close": 101.0}})
"""


@pytest.fixture
def chart(jupyterlab, page: Page) -> Locator:
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    notebook.cells = [nbformat.v4.new_code_cell(code) for code in (SETUP, LIVE)]
    nbformat.write(notebook, jupyterlab.root_dir / NOTEBOOK)
    open_notebook(page, jupyterlab.url, NOTEBOOK)
    run_cell(page, 0)
    return wait_for_chart(page.locator(".jp-NotebookPanel:visible .jp-OutputArea-output"))


def run_cell(page: Page, index: int) -> None:
    succeeded = page.evaluate(RUN_CELL, [index, CELL_TIMEOUT_MS])
    assert error_outputs(page) == []
    assert succeeded, f"cell {index} failed"


def plot_box(chart: Locator) -> dict[str, float]:
    box = chart.locator(".lwc-chart").bounding_box()
    assert box is not None
    return box


def zoom(page: Page, chart: Locator, steps: int, delta: int) -> None:
    box = plot_box(chart)
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    for _ in range(steps):
        page.mouse.wheel(0, delta)
        page.wait_for_timeout(30)


def zoom_out_fully(page: Page, chart: Locator) -> dict:
    """Wheel out until the whole series is in view; returns the snapshot."""
    for _ in range(200):
        zoom(page, chart, 1, 300)
        snap = snapshot(chart)
        visible = snap["visibleRange"]
        rows = snap["series"][0]["displayedRows"]
        if visible["from"] <= 0 and visible["to"] >= rows - 1:
            return snap
    raise AssertionError(f"could not zoom out: {snapshot(chart)['resampling']}")


def crosshair_at(page: Page, chart: Locator, x: float) -> tuple[float | None, str]:
    """Move the pointer to `x` (from elsewhere, so the move is an event); returns the crosshair's
    time and the legend."""
    box = plot_box(chart)
    y = box["y"] + box["height"] / 2
    page.mouse.move(x + 40, y + 40)
    page.mouse.move(x, y)
    snap = snapshot(chart)
    return snap["crosshairTime"], snap["legend"][0]


def point_at(page: Page, chart: Locator, time: float) -> str:
    """Point at the row of `time` (its x, nudged by a pixel or two where rows are narrower than a
    pixel's rounding); returns the legend there."""
    page.wait_for_timeout(200)  # a re-plan settles within two frames
    x = x_of_time(chart, time)
    seen = []
    for dx in (0, 1, -1, 2, -2):
        at, legend = crosshair_at(page, chart, x + dx)
        if at == time:
            return legend
        seen.append(at)
    raise AssertionError(f"the crosshair near x={x} shows {seen}, not {time}")


def x_of_time(chart: Locator, time: float) -> float:
    """The page x where the row at `time` is drawn (lightweight-charts' own time scale)."""
    x = chart.evaluate("(el, t) => el.lwcharts.timeToX(t)", time)
    assert x is not None, f"no row at time {time} on screen"
    return plot_box(chart)["x"] + x


def ohlc_text(rows: pd.DataFrame) -> str:
    first, last = rows["open"].iloc[0], rows["close"].iloc[-1]
    return f"O {first:.2f} H {rows['high'].max():.2f} L {rows['low'].min():.2f} C {last:.2f}"


def legend_ohlc(legend: str) -> str:
    match = re.search(r"O [\d.]+ H [\d.]+ L [\d.]+ C [\d.]+", legend)
    assert match is not None, legend
    return match.group(0)


def seconds(df: pd.DataFrame) -> np.ndarray:
    return np.asarray(df.index.as_unit("s").asi8)


def test_zoomed_out_legend_shows_the_bucket_and_zoomed_in_the_bar(
    chart: Locator, page: Page
) -> None:
    df = frame()
    times = seconds(df)
    first = snapshot(chart)
    assert first["series"][0]["barCount"] == BARS
    assert first["series"][0]["displayedRows"] < 20_000

    snap = zoom_out_fully(page, chart)
    state = snap["resampling"]
    factor = state["visibleFactor"]
    assert factor >= 64, state
    assert snap["series"][0]["barCount"] == BARS
    assert snap["series"][0]["displayedRows"] <= 20_000

    # The bucket of bar 123,456: it starts at the multiple of `factor` below, and the crosshair
    # there shows the OHLC of its `factor` bars.
    box = plot_box(chart)
    start = (123_456 // factor) * factor
    time = float(times[start])
    legend = point_at(page, chart, time)
    assert legend_ohlc(legend) == ohlc_text(df.iloc[start : start + factor])

    # Zoom in until the bars are the raw ones: a time under the crosshair shows its raw bar.
    for _ in range(300):
        zoom(page, chart, 1, -600)
        if snapshot(chart)["resampling"]["visibleFactor"] == 1:
            break
    assert snapshot(chart)["resampling"]["visibleFactor"] == 1
    page.wait_for_timeout(200)  # a re-plan settles within two frames
    time, legend = crosshair_at(page, chart, box["x"] + box["width"] / 2)
    assert time is not None
    bar = int(np.searchsorted(times, time))
    assert times[bar] == time
    assert legend_ohlc(legend) == ohlc_text(df.iloc[bar : bar + 1])
    assert snapshot(chart)["series"][0]["displayedRows"] <= 20_000


def test_live_row_while_zoomed_out_shows_in_the_last_bucket(chart: Locator, page: Page) -> None:
    df = frame()
    zoom_out_fully(page, chart)
    run_cell(page, 1)
    page.wait_for_function(
        "([el, n]) => el.lwcharts.snapshot().series[0].barCount === n",
        arg=[chart.element_handle(), BARS + 1],
        timeout=WAIT_MS,
    )
    snap = snapshot(chart)
    factor = snap["resampling"]["visibleFactor"]
    assert factor > 1
    # The last bucket starts at the last multiple of `factor`: its high is the live row's.
    last_start = (BARS // factor) * factor
    last_time = float(seconds(df)[last_start])
    legend = point_at(page, chart, last_time)
    high = float(re.search(r"H ([\d.]+)", legend).group(1))
    assert high == LIVE_HIGH
    expected_open = df["open"].iloc[last_start]
    assert legend_ohlc(legend).startswith(f"O {expected_open:.2f} H {LIVE_HIGH:.2f}")


def test_marker_lands_on_its_bucket(chart: Locator, page: Page) -> None:
    zoom_out_fully(page, chart)
    factor = snapshot(chart)["resampling"]["visibleFactor"]
    markers = chart.evaluate("el => el.lwcharts.snapshot().markers")
    times = seconds(frame())
    bucket_time = float(times[(MARKER_BAR // factor) * factor])
    assert markers == {"price": [bucket_time]}
