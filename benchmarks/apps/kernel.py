"""What the benchmark notebooks run in the JupyterLab kernel (see notebooks.py for the cells).

Parameters come from `bench.json` in the kernel's directory, next to the notebook; results go
to files there (`kernel.pid`, `live.json`) for benchmarks/browser.py to read.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import pandas as pd

from benchmarks.encode import OHLC, make_frame
from lwcharts import Chart

CONFIG = Path("bench.json")
KERNEL_PID = Path("kernel.pid")
LIVE_STATS = Path("live.json")


def config() -> dict[str, Any]:
    parameters: dict[str, Any] = json.loads(CONFIG.read_text())
    return parameters


def setup() -> pd.DataFrame:
    """The OHLC frame of `bars` bars; also writes the kernel's pid."""
    frame = make_frame(int(config()["bars"]))[list(OHLC)]
    KERNEL_PID.write_text(str(os.getpid()))
    return frame


def warm_up_chart() -> Chart:
    """A 50-bar chart: shown, it loads the widget before anything is timed."""
    return Chart(make_frame(50)[list(OHLC)], height=300)


def live(chart: Chart, frame: pd.DataFrame) -> None:
    """`series.update(row)` for `seconds`: a new bar every `ticks_per_bar` rows, the rows
    between replace it. At `rate` rows per second (each row waits for its due time), or as fast
    as the kernel can loop when `rate` is 0. Writes {updates, elapsed, bars, messages, bytes,
    last} to live.json (messages and bytes: what the widget sent)."""
    from lwcharts.jupyter import displayed_widget

    parameters = config()
    seconds = float(parameters["seconds"])
    rate = float(parameters.get("rate", 0))
    ticks_per_bar = int(parameters.get("ticks_per_bar", 4))
    series = chart.series[0]
    step = 60.0
    last, price = frame.index[-1].timestamp(), float(frame["close"].iloc[-1])
    n, t0 = 0, time.perf_counter()
    while (now := time.perf_counter()) - t0 < seconds:
        if rate > 0 and now - t0 < n / rate:
            time.sleep(min(0.001, n / rate - (now - t0)))
            continue
        series.update(
            {
                "time": last + step * (1 + n // ticks_per_bar),
                "open": price,
                "high": price + 0.05,
                "low": price - 0.05,
                "close": price + (n % ticks_per_bar) * 0.01,
            }
        )
        n += 1
    elapsed = time.perf_counter() - t0
    chart.flush()
    widget = displayed_widget(chart)
    stats = widget.live_stats if widget is not None else {"messages": 0, "bytes": 0}
    last_row = {k: float(v[-1]) for k, v in series.columns.fields.items()}
    last_row["time"] = float(series.columns.time[-1])
    LIVE_STATS.write_text(
        json.dumps(
            {"updates": n, "elapsed": elapsed, "bars": len(series), **stats, "last": last_row}
        )
    )


def drawings_chart(frame: pd.DataFrame, count: int, chart_id: str) -> Chart:
    """The frame's chart with `count` code-made drawings spread over its whole time range
    (trend lines, rectangles, fib retracements, horizontal lines in turn)."""
    chart = Chart(frame, chart_id=chart_id, height=480)
    times, closes = frame.index, frame["close"].to_numpy()
    step = max(1, len(frame) // max(1, count))
    makers = (chart.trend_line, chart.rectangle, chart.fib_retracement)
    for n in range(count):
        i = min(n * step, len(frame) - 30)
        first, second = (times[i], float(closes[i])), (times[i + 25], float(closes[i + 25]))
        if n % 4 == 3:
            chart.horizontal_line(float(closes[i]), color="#ff9800")
        else:
            makers[n % 4](first, second)
    return chart


def settings_chart() -> Chart:
    """500 bars with a 20-bar SMA (`sma`) on chart `bench`: the series the dialog changes."""
    frame = make_frame(500)
    chart = Chart(frame[list(OHLC)], chart_id="bench", height=420)
    chart.line(frame["close"].rolling(20).mean(), name="SMA 20", id="sma")
    return chart
