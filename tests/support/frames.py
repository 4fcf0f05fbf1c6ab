"""Frames the browser tests build twice: in the notebook's kernel, from code, and in the test,
from the same code, to compute what the chart must show."""

from __future__ import annotations

import pandas as pd


def cent_candles_code(bars: int, *, seed: int, start: str) -> str:
    """Code that defines ``df``: ``bars`` minute candles from ``start`` (UTC) with prices in whole
    cents (the legend shows two decimals exactly), and ``index``, its DatetimeIndex."""
    return f"""\
import numpy as np, pandas as pd
rng = np.random.default_rng({seed})
close = np.round(100 + np.cumsum(rng.normal(0, 0.05, {bars})), 2)
open_ = np.round(np.r_[close[0], close[:-1]], 2)
spread = np.round(np.abs(rng.normal(0, 0.1, {bars})), 2)
high = np.round(np.maximum(open_, close) + spread, 2)
low = np.round(np.minimum(open_, close) - spread, 2)
index = pd.date_range("{start}", periods={bars}, freq="min", tz="UTC")
df = pd.DataFrame({{"open": open_, "high": high, "low": low, "close": close}}, index=index)
"""


def frame_of(code: str) -> pd.DataFrame:
    """The ``df`` that ``code`` defines."""
    namespace: dict[str, object] = {}
    exec(code, namespace)
    df = namespace["df"]
    assert isinstance(df, pd.DataFrame)
    return df
