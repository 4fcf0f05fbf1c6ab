"""Demo data and the demo chart of ``python -m lwcharts demo`` and the quick-start notebook."""

from __future__ import annotations

import numpy as np
import pandas as pd

from lwcharts.model.chart import Chart


def ohlcv(n: int = 500, *, seed: int = 7, start: str = "2024-01-01") -> pd.DataFrame:
    """``n`` daily OHLCV bars of a geometric random walk (reproducible with ``seed``)."""
    rng = np.random.default_rng(seed)
    close = 100 * np.exp(np.cumsum(rng.normal(0, 0.02, n)))
    open_ = np.concatenate([[100.0], close[:-1]])
    spread = np.abs(rng.normal(0, 0.01, n)) * close
    return pd.DataFrame(
        {
            "open": open_,
            "high": np.maximum(open_, close) + spread,
            "low": np.minimum(open_, close) - spread,
            "close": close,
            "volume": rng.integers(1_000, 10_000, n).astype("float64"),
        },
        index=pd.date_range(start, periods=n, freq="D", name="time"),
    )


def demo_chart(n: int = 500, *, chart_id: str = "demo", theme: str = "auto") -> Chart:
    """Candles with a 20-bar SMA, an entry line, a few markers, and volume on a second pane."""
    df = ohlcv(n)
    chart = Chart(
        height=480,
        chart_id=chart_id,
        theme=theme,  # type: ignore[arg-type]
        watermark="lwcharts demo",
        pane_stretch=[3, 1],
    )
    price = chart.candlestick(df, name="Price", id="price")
    chart.line(
        df["close"].rolling(20).mean(), name="SMA 20", id="sma-20", color="#f5a623", line_width=2
    )
    chart.histogram(df["volume"], name="Volume", id="volume", pane=1, color="#7e57c2")
    highest, lowest = df["high"].idxmax(), df["low"].idxmin()
    price.markers(
        [
            {
                "time": lowest,
                "position": "belowBar",
                "shape": "arrowUp",
                "color": "#26a69a",
                "text": "Low",
            },
            {
                "time": highest,
                "position": "aboveBar",
                "shape": "arrowDown",
                "color": "#ef5350",
                "text": "High",
            },
        ]
    )
    price.price_line(float(df["close"].iloc[-1]), title="Last close", color="#2196f3")
    return chart
