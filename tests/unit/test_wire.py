"""The binary envelope: exact round trip, smallest lossless dtype, far smaller than row JSON."""

import json

import numpy as np
import pandas as pd

from lwcharts import Chart
from lwcharts._wire import decode_column, decode_header
from lwcharts.demo import ohlcv


def test_envelope_round_trips_every_value_exactly() -> None:
    df = ohlcv(300)
    df.iloc[5, df.columns.get_loc("close")] = np.nan
    chart = Chart(df)
    envelope = chart.to_envelope()
    series = decode_header(envelope)["series"][0]
    assert series["type"] == "candlestick"
    assert series["length"] == 300
    for name in ("open", "high", "low", "close"):
        decoded = decode_column(envelope, series["columns"][name])
        np.testing.assert_array_equal(decoded, df[name].to_numpy())
    times = decode_column(envelope, series["columns"]["time"])
    assert times[0] == df.index[0].timestamp()


def test_smallest_exact_dtypes_are_chosen() -> None:
    index = pd.date_range("2024-01-01", periods=3, freq="D")
    chart = Chart()
    chart.line(pd.Series([1.5, 2.25, np.nan], index=index), name="halves")
    chart.line(pd.Series([0.1, 0.2, 0.3], index=index), name="tenths")
    chart.line(pd.Series([1.0, 2.0, 3.0], index=index + pd.Timedelta("500ms")), name="subsec")
    columns = [s["columns"] for s in decode_header(chart.to_envelope())["series"]]
    assert columns[0]["time"]["dtype"] == "u32"
    assert columns[0]["value"]["dtype"] == "f32"  # exact in float32, NaN included
    assert columns[1]["value"]["dtype"] == "f64"  # 0.1 is not exact in float32
    assert columns[2]["time"]["dtype"] == "f64"  # fractional seconds kept


def test_columns_are_8_byte_aligned() -> None:
    chart = Chart()
    chart.line(pd.Series([0.1] * 3, index=pd.date_range("2024", periods=3)), name="odd")
    chart.line(pd.Series([0.1] * 5, index=pd.date_range("2024", periods=5)), name="odd2")
    for series in decode_header(chart.to_envelope())["series"]:
        assert all(c["offset"] % 8 == 0 for c in series["columns"].values())


def test_envelope_is_under_half_of_row_json() -> None:
    df = ohlcv(10_000)
    envelope = Chart(df).to_envelope()
    rows = [
        {"time": int(t.timestamp()), "open": o, "high": h, "low": lo, "close": c}
        for t, o, h, lo, c in zip(df.index, df.open, df.high, df.low, df.close, strict=True)
    ]
    assert len(envelope) < 0.5 * len(json.dumps(rows))
