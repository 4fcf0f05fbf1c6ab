"""Live rows streamed from a cell into a 30,000-bar series (resampled in the browser) in real
JupyterLab: every row arrives, and the chart follows the live edge.

The stream ticks the last bar and adds 2,000 new bars, more than the window of full-resolution
rows the chart was planned with, so the browser re-plans while the stream runs; afterwards the
full-resolution last bar is the last tick, the bar counts match, lightweight-charts' last row is
that bar (not a bucket holding it) and it is in view.
"""

from __future__ import annotations

import pandas as pd
import pytest
from playwright.sync_api import Locator, Page

from tests.support.chart_page import snapshot
from tests.support.jupyterlab import (
    JupyterLab,
    notebook_chart,
    open_notebook,
    run_cell,
    write_notebook,
)

pytestmark = [pytest.mark.browser, pytest.mark.long]

NOTEBOOK = "live_long_series.ipynb"
BARS = 30_000
NEW_BARS = 2_000
TICKS_PER_BAR = 2
CELL_TIMEOUT_MS = 120_000
WAIT_MS = 60_000
FIRST = pd.Timestamp("2020-01-01", tz="UTC")

SETUP = f"""\
import time
import numpy as np, pandas as pd
from lwcharts import Chart
close = np.round(100 + np.cumsum(np.random.default_rng(3).normal(0, 0.05, {BARS})), 2)
index = pd.date_range("{FIRST.isoformat()}", periods={BARS}, freq="min")
df = pd.DataFrame({{"open": close, "high": close + 0.5, "low": close - 0.5, "close": close}},
                  index=index)
chart = Chart(chart_id="live-long", height=400)
candles = chart.candlestick(df, name="Price", id="price")
chart
"""

# A tick, then the next bar: each row its own `update`, a little apart so the rows spread over
# many frames (ticks alone, new bars alone, and both).
STREAM = f"""\
for i in range({NEW_BARS * TICKS_PER_BAR}):
    bar = 1 + i // {TICKS_PER_BAR}
    price = round(100 + (i % 97) * 0.01, 2)
    candles.update({{"time": index[-1] + pd.Timedelta(minutes=bar), "open": 100.0,
                    "high": price + 1, "low": 99.0, "close": price}})
    time.sleep(0.001)
"""


def last_tick() -> dict[str, float]:
    """The row the stream ends with, as the chart's test hook reports a bar."""
    i = NEW_BARS * TICKS_PER_BAR - 1
    price = round(100 + (i % 97) * 0.01, 2)
    time = FIRST + pd.Timedelta(minutes=BARS - 1 + NEW_BARS)
    return {
        "time": time.timestamp(),
        "open": 100.0,
        "high": price + 1,
        "low": 99.0,
        "close": price,
    }


@pytest.fixture
def chart(jupyterlab: JupyterLab, page: Page) -> Locator:
    write_notebook(jupyterlab.root_dir / NOTEBOOK, (SETUP, STREAM))
    open_notebook(page, jupyterlab.url, NOTEBOOK)
    run_cell(page, 0, CELL_TIMEOUT_MS)
    return notebook_chart(page)


def test_streamed_rows_all_arrive_and_the_chart_follows_the_live_edge(
    chart: Locator, page: Page
) -> None:
    before = snapshot(chart)
    assert before["resampling"] is not None, "a 30,000-bar series is resampled"
    assert before["series"][0]["displayedRows"] < BARS
    # A fresh chart shows its last bar (with room right of it), wherever the host laid it out.
    first_rows = before["series"][0]["displayedRows"]
    assert before["visibleRange"]["to"] > first_rows - 1, before["visibleRange"]

    run_cell(page, 1, CELL_TIMEOUT_MS)
    page.wait_for_function(
        "([el, n]) => el.lwcharts.snapshot().series[0].barCount === n",
        arg=[chart.element_handle(), BARS + NEW_BARS],
        timeout=WAIT_MS,
    )
    page.wait_for_timeout(1000)  # nothing more to come: the waiting rows have drawn
    snap = snapshot(chart)
    series = snap["series"][0]
    shown = snap["visibleRange"]
    last_row = series["displayedRows"] - 1
    where = f"before {before['visibleRange']} of {before['series'][0]['displayedRows']} rows"
    where += f", after {shown} of {last_row + 1} rows, {snap['resampling']}"
    assert series["barCount"] == BARS + NEW_BARS
    assert series["lastBar"] == last_tick()
    # Shown at full resolution: lightweight-charts' last row is the bar itself...
    assert series["lastRow"] == last_tick(), where
    # ...and in view, though the stream added more bars than the planned window held.
    assert shown["from"] <= last_row <= shown["to"], where
    assert snap["resampling"]["replans"] >= 1
    assert snap["resampling"]["visibleFactor"] == 1
    # History stayed in the browser; at most one data call per series per frame, mostly updates.
    assert snap["received"] == before["received"]
    assert snap["live"]["maxCallsPerFrame"] == 1
    assert snap["live"]["rebuilds"] < snap["live"]["applied"]
