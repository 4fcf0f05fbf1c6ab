"""A 300,000-bar candlestick series in real JupyterLab: resampled in the browser.

Zoomed out, lightweight-charts holds a few thousand rows, not 300,000, and the legend under the
crosshair shows the OHLC of the bucket there (checked against the same bucket computed here from
the DataFrame); zoomed in fully, the same time shows the raw bar. A live row appended while
zoomed out shows up in the last bucket; a marker lands on its bucket.
"""

from __future__ import annotations

import json
import re
import time

import numpy as np
import pandas as pd
import pytest
from playwright.sync_api import Locator, Page

from tests.support.chart_page import snapshot
from tests.support.frames import cent_candles_code, frame_of
from tests.support.jupyterlab import notebook_chart, open_notebook, run_cell, write_notebook

pytestmark = [pytest.mark.browser, pytest.mark.long]

NOTEBOOK = "long_series.ipynb"
BARS = 300_000
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
    write_notebook(jupyterlab.root_dir / NOTEBOOK, (SETUP, LIVE))
    open_notebook(page, jupyterlab.url, NOTEBOOK)
    run_cell(page, 0)
    return notebook_chart(page)


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

    # Zoom in at that bucket until the bars are the raw ones: a time under the crosshair shows
    # its raw bar. (Not at the plot's centre: zoomed fully out, that may be right of the last bar.)
    x = x_of_time(chart, time)
    for _ in range(300):
        page.mouse.move(x, box["y"] + box["height"] / 2)
        page.mouse.wheel(0, -600)
        page.wait_for_timeout(30)
        if snapshot(chart)["resampling"]["visibleFactor"] == 1:
            break
    assert snapshot(chart)["resampling"]["visibleFactor"] == 1
    page.wait_for_timeout(200)  # a re-plan settles within two frames
    time, legend = crosshair_at(page, chart, x)
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


# Zoom levels: range events, a synced peer, the time under a wheel-zooming pointer, a drawing.
# The 300,000 candles again, with a range-event recorder, a trend line, and a crosshair-synced
# peer: 100,000 of the same bars starting at a bar that is no multiple of any factor, so the
# peer's buckets start at other times than the chart's.
ZOOM_NOTEBOOK = "long_series_zoom.ipynb"
ZOOM_OUT = "long-zoom-out"
PEER_FROM = 1_001
PEER_BARS = 100_000
TREND_FROM = 100_000
TREND_TO = 200_000

ZOOM_SETUP = f"""\
{FRAME}
import json, pathlib
import lwcharts
from lwcharts import Chart
OUT = pathlib.Path("{ZOOM_OUT}")
OUT.mkdir(exist_ok=True)
(OUT / "events.jsonl").write_text("")
chart = Chart(chart_id="long-zoom", height=300)
chart.candlestick(df, name="Price", id="price")
chart.trend_line((index[{TREND_FROM}], 100.0), (index[{TREND_TO}], 101.0))
peer = Chart(chart_id="long-peer", height=250)
peer.candlestick(df.iloc[{PEER_FROM}:{PEER_FROM + PEER_BARS}], name="Peer", id="peer")
lwcharts.sync(chart, peer, group="long", crosshair=True, time_range=False)

def record(event):
    with (OUT / "events.jsonl").open("a") as file:
        file.write(json.dumps({{"from": event.start_seconds, "to": event.end_seconds}}) + "\\n")

chart.on_range_change(record)
chart
"""
ZOOM_PEER = "peer\n"


@pytest.fixture
def zoom_lab(jupyterlab, page: Page):
    """The zoom notebook open; returns the kernel's folder (cells are run by each test)."""
    write_notebook(jupyterlab.root_dir / ZOOM_NOTEBOOK, (ZOOM_SETUP, ZOOM_PEER))
    open_notebook(page, jupyterlab.url, ZOOM_NOTEBOOK)
    return jupyterlab.root_dir


def zoom_charts(page: Page, cells: int) -> list[Locator]:
    for index in range(cells):
        run_cell(page, index)
    outputs = page.locator(".jp-NotebookPanel:visible .jp-OutputArea-output")
    charts = outputs.locator('.lwcharts[data-ready="true"]')
    charts.nth(cells - 1).wait_for(state="visible", timeout=WAIT_MS)
    return [charts.nth(i) for i in range(cells)]


def row_spacing(chart: Locator) -> float:
    """Pixels per displayed row now."""
    visible = snapshot(chart)["visibleRange"]
    return plot_box(chart)["width"] / (visible["to"] - visible["from"] + 1)


def bucket_time(times: np.ndarray, bar: int, factor: int, offset: int = 0) -> float:
    """The time of the window row holding `bar` (rows there are buckets of `factor` bars,
    aligned to the series' own index, which starts at bar `offset` of `times`)."""
    return float(times[offset + ((bar - offset) // factor) * factor])


def range_events(folder) -> list[dict]:
    path = folder / ZOOM_OUT / "events.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines() if line]


def settled_range(folder) -> dict:
    """The last range event, once none came for a second (the debounce is 250 ms)."""
    deadline = time.monotonic() + WAIT_MS / 1000
    seen = -1
    while time.monotonic() < deadline:
        events = range_events(folder)
        if events and len(events) == seen:
            return events[-1]
        seen = len(events)
        time.sleep(1.0)
    raise AssertionError(f"no settled range event: {range_events(folder)[-3:]}")


def test_range_event_runs_from_the_first_to_the_last_bar_in_view(zoom_lab, page: Page) -> None:
    (chart,) = zoom_charts(page, 1)
    times = seconds(frame())
    assert zoom_out_fully(page, chart)["resampling"]["visibleFactor"] > 1
    # The last row is a partial bucket: its first bar is not the last bar in view.
    last = settled_range(zoom_lab)
    assert last == {"from": float(times[0]), "to": float(times[-1])}


def test_synced_crosshair_lands_on_the_peer_bucket_holding_the_time(zoom_lab, page: Page) -> None:
    chart, peer = zoom_charts(page, 2)
    df = frame()
    times = seconds(df)
    peer.scroll_into_view_if_needed()
    peer_factor = zoom_out_fully(page, peer)["resampling"]["visibleFactor"]
    chart.scroll_into_view_if_needed()
    factor = zoom_out_fully(page, chart)["resampling"]["visibleFactor"]
    assert factor > 1
    assert peer_factor > 1

    # A bucket of the chart whose first bar is inside a bucket of the peer, not at its start.
    bar = next(
        b
        for b in range((60_000 // factor) * factor, 90_000, factor)
        if (b - PEER_FROM) % peer_factor != 0
    )
    time_at = bucket_time(times, bar, factor)
    point_at(page, chart, time_at)
    page.wait_for_timeout(200)

    peer_start = bucket_time(times, bar, peer_factor, PEER_FROM)
    snap = snapshot(peer)
    assert snap["crosshairTime"] == peer_start
    start = int(np.searchsorted(times, peer_start))
    assert legend_ohlc(snap["legend"][0]) == ohlc_text(df.iloc[start : start + peer_factor])


def test_wheel_zoom_keeps_the_time_under_the_pointer_across_replans(zoom_lab, page: Page) -> None:
    (chart,) = zoom_charts(page, 1)
    times = seconds(frame())
    box = plot_box(chart)
    x0 = box["x"] + box["width"] * 0.3
    y = box["y"] + box["height"] / 2
    page.wait_for_timeout(300)
    assert snapshot(chart)["resampling"]["visibleFactor"] == 1
    at, _ = crosshair_at(page, chart, x0)  # full resolution: the bar under the pointer
    assert at is not None
    bar = int(np.searchsorted(times, at))

    drift: list[tuple[int, float, float]] = []
    replans = snapshot(chart)["resampling"]["replans"]
    for direction, until in ((1, lambda f: f >= 256), (-1, lambda f: f <= 4)):
        for _ in range(120):
            page.mouse.move(x0, y)
            for _ in range(3):  # a quick flick: several wheel events between paints
                page.mouse.wheel(0, 100 * direction)
            page.wait_for_timeout(250)  # a re-plan settles within two frames
            factor = snapshot(chart)["resampling"]["visibleFactor"]
            x = x_of_time(chart, bucket_time(times, bar, factor))
            drift.append((factor, x - x0, row_spacing(chart)))
            if until(factor):
                break
    assert snapshot(chart)["resampling"]["replans"] >= replans + 4, drift
    # The bar stays under the pointer: within a row or two at the visible factor (its bucket is
    # drawn at the bucket's centre), plus the few pixels of the first bar's own width.
    assert all(abs(dx) <= 2 * spacing + 4 for _, dx, spacing in drift), drift


def test_trend_line_stays_on_its_times_when_zooming_out_and_back_in(zoom_lab, page: Page) -> None:
    (chart,) = zoom_charts(page, 1)
    times = seconds(frame())
    drawn = snapshot(chart)["drawings"]
    assert [d["kind"] for d in drawn] == ["trend_line"]
    points = drawn[0]["points"]

    def assert_on_its_bucket() -> None:
        page.wait_for_timeout(300)
        snap = snapshot(chart)
        factor = snap["resampling"]["visibleFactor"]
        (drawing,) = snap["drawings"]
        assert drawing["points"] == points
        x = drawing["pixels"][0]["x"]
        expected = chart.evaluate(
            "(el, t) => el.lwcharts.timeToX(t)", bucket_time(times, TREND_FROM, factor)
        )
        assert x is not None
        assert expected is not None
        assert abs(x - expected) <= row_spacing(chart) + 1, (factor, x, expected)

    zoom_out_fully(page, chart)
    assert snapshot(chart)["resampling"]["visibleFactor"] >= 64
    assert_on_its_bucket()
    # Back in around the line's first point, through several finer levels.
    for _ in range(200):
        x = x_of_time(
            chart,
            bucket_time(times, TREND_FROM, snapshot(chart)["resampling"]["visibleFactor"]),
        )
        page.mouse.move(x, plot_box(chart)["y"] + 100)
        page.mouse.wheel(0, -300)
        page.wait_for_timeout(60)
        if snapshot(chart)["resampling"]["visibleFactor"] <= 4:
            break
    assert snapshot(chart)["resampling"]["visibleFactor"] <= 4
    assert_on_its_bucket()
