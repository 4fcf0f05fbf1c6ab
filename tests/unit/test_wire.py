"""The binary envelope: exact round trip, smallest lossless dtype, far smaller than row JSON."""

import json
from typing import Any

import numpy as np
import pandas as pd
import pytest

from lwcharts import Chart
from lwcharts.demo import ohlcv
from lwcharts.wire.envelope import I32_NAN, EnvelopeWriter, decode_column, decode_header


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
    chart.line(pd.Series([0.1, 0.2, 1 / 3], index=index), name="thirds")
    columns = [s["columns"] for s in decode_header(chart.to_envelope())["series"]]
    assert columns[0]["time"]["dtype"] == "u32"
    assert columns[0]["value"]["dtype"] == "f32"  # exact in float32, NaN included
    assert columns[1]["value"] == {**columns[1]["value"], "dtype": "i32", "scale": 1}
    assert columns[2]["time"]["dtype"] == "f64"  # fractional seconds kept (int32 overflows)
    assert columns[3]["value"]["dtype"] == "f64"  # 1/3 has no short decimal form


def _round_trip(values: Any) -> tuple[dict[str, Any], np.ndarray]:
    """Write one column, return its header entry and what decode_column reads back."""
    writer = EnvelopeWriter()
    entry = writer.column(np.asarray(values, dtype="float64"))
    envelope = writer.finish({"columns": {"x": entry}})
    return entry, decode_column(envelope, decode_header(envelope)["columns"]["x"])


def _same_bits(actual: np.ndarray, expected: np.ndarray) -> bool:
    """Bit for bit (so -0.0 differs from 0.0), any NaN equal to any NaN."""
    nan = np.isnan(expected)
    return bool(
        np.array_equal(np.isnan(actual), nan)
        and np.array_equal(actual[~nan].view("<i8"), expected[~nan].view("<i8"))
    )


@pytest.mark.parametrize(
    ("values", "dtype", "scale"),
    [
        ([1.5, 0.25, np.nan], "f32", None),  # f32 first when exact: same 4 bytes
        ([101.37, np.nan, -0.05, 0.0], "i32", 2),
        ([21_474_836.47, -21_474_836.47], "i32", 2),  # the int32 range, sentinel left out
        ([21_474_836.48], "f64", None),  # 2**31 hundredths: past int32
        ([-21_474_836.48], "f64", None),  # -2**31 is the NaN sentinel, not a value
        ([0.12345678, 1.0], "i32", 8),
        ([0.123456789], "f64", None),  # 9 decimals: past the largest scale
        ([123_456_789.0, 7.0], "i32", 0),  # whole numbers past float32's 2**24
        ([0.1, np.inf], "f64", None),  # ±inf has no int32 form
        ([0.1, -0.0], "f64", None),  # -0.0 would come back as +0.0
        ([np.nan, np.nan], "f32", None),
        ([], "f32", None),
    ],
)
def test_scaled_int32_is_chosen_only_when_exact(
    values: list[float], dtype: str, scale: int | None
) -> None:
    entry, decoded = _round_trip(values)
    assert (entry["dtype"], entry.get("scale")) == (dtype, scale)
    assert _same_bits(decoded, np.asarray(values, dtype="float64"))


def test_nan_travels_as_the_int32_sentinel() -> None:
    writer = EnvelopeWriter()
    entry = writer.column(np.array([np.nan, 1.01, np.nan]))
    envelope = writer.finish({})
    start = len(envelope) - 16  # the body is this one 12-byte column + 4 bytes padding
    ints = np.frombuffer(envelope, dtype="<i4", count=3, offset=start)
    assert entry == {"dtype": "i32", "scale": 2, "offset": 0, "length": 3}
    assert ints.tolist() == [I32_NAN, 101, I32_NAN]


@pytest.mark.parametrize("scale", range(9))
def test_random_decimal_prices_come_back_as_the_nearest_doubles(scale: int) -> None:
    """Prices with ``scale`` decimals of every magnitude: the envelope holds them in 4 bytes and
    decodes (like the browser: int / 10**scale) to the double nearest the decimal, the one
    Python parsed. Python's int / int is correctly rounded, so it gives the expected doubles
    independently of the encoder and decoder."""
    rng = np.random.default_rng(20_260_101 + scale)
    magnitude = 10.0 ** rng.integers(0, 10, 20_000)
    ints = (rng.random(20_000) * magnitude * 2.147).astype(np.int64)
    ints[rng.random(20_000) < 0.1] *= -1
    expected = np.array([int(i) / 10**scale for i in ints.tolist()])
    expected[::97] = np.nan
    entry, decoded = _round_trip(expected)
    assert entry["dtype"] == "i32"
    assert entry["scale"] <= scale  # smaller when every price happens to have fewer decimals
    assert _same_bits(decoded, expected)
    # The same doubles as Python's parse of the decimal text.
    for i in range(1, 97):
        sign, (whole, fraction) = "-" * bool(ints[i] < 0), divmod(abs(int(ints[i])), 10**scale)
        text = f"{sign}{whole}.{fraction:0{scale}d}" if scale else f"{sign}{whole}"
        assert decoded[i] == float(text), text


def test_columns_are_8_byte_aligned() -> None:
    chart = Chart()
    chart.line(pd.Series([0.1] * 3, index=pd.date_range("2024", periods=3)), name="odd")
    chart.line(pd.Series([0.1] * 5, index=pd.date_range("2024", periods=5)), name="odd2")
    for series in decode_header(chart.to_envelope())["series"]:
        assert all(c["offset"] % 8 == 0 for c in series["columns"].values())


def test_cent_prices_are_under_four_tenths_of_row_json() -> None:
    df = ohlcv(10_000).round(2)
    df["volume"] = df["volume"].round()
    chart = Chart(df[["open", "high", "low", "close"]])
    chart.histogram(df["volume"], name="Volume", pane=1)
    envelope = chart.to_envelope()
    series = decode_header(envelope)["series"]
    assert {c["dtype"] for c in series[0]["columns"].values()} == {"u32", "i32"}
    for name in ("open", "high", "low", "close"):
        np.testing.assert_array_equal(
            decode_column(envelope, series[0]["columns"][name]), df[name].to_numpy()
        )
    rows = [
        {"time": int(t.timestamp()), "open": o, "high": h, "low": lo, "close": c, "volume": v}
        for t, o, h, lo, c, v in zip(
            df.index, df.open, df.high, df.low, df.close, df.volume, strict=True
        )
    ]
    assert len(envelope) <= 0.4 * len(json.dumps(rows))


def test_envelope_is_under_half_of_row_json() -> None:
    df = ohlcv(10_000)
    envelope = Chart(df).to_envelope()
    rows = [
        {"time": int(t.timestamp()), "open": o, "high": h, "low": lo, "close": c}
        for t, o, h, lo, c in zip(df.index, df.open, df.high, df.low, df.close, strict=True)
    ]
    assert len(envelope) < 0.5 * len(json.dumps(rows))


def test_series_with_the_same_times_share_one_time_column() -> None:
    df = ohlcv(50)
    chart = Chart(df[["open", "high", "low", "close"]])
    chart.histogram(df["volume"], name="Volume", pane=1)
    chart.line(df["close"].iloc[10:], name="Later")  # other times: its own column
    envelope = chart.to_envelope()
    price, volume, later = (s["columns"] for s in decode_header(envelope)["series"])
    assert volume["time"] == price["time"]
    offsets = [c["offset"] for c in (*price.values(), *volume.values(), *later.values())]
    assert len(set(offsets)) == len(offsets) - 1  # only the shared time column
    times = np.array([t.timestamp() for t in df.index])
    np.testing.assert_array_equal(decode_column(envelope, volume["time"]), times)
    np.testing.assert_array_equal(decode_column(envelope, later["time"]), times[10:])
    np.testing.assert_array_equal(decode_column(envelope, volume["value"]), df["volume"])


def test_only_equal_time_columns_are_shared() -> None:
    writer = EnvelopeWriter()
    days = np.arange(5.0) * 86_400 + 1.7e9
    first = writer.column(days, is_time=True)
    assert writer.column(days.copy(), is_time=True) == first
    assert writer.column(days + 0.5, is_time=True)["offset"] != first["offset"]  # other values
    assert writer.column(days[:4], is_time=True)["offset"] != first["offset"]  # other length
    values = np.arange(5.0)
    assert writer.column(values)["offset"] != writer.column(values)["offset"]  # not time
