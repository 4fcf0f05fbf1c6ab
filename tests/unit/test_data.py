"""Data in: pandas → UTC seconds and float64 columns, with errors that name the column."""

import numpy as np
import pandas as pd
import pytest

from lwcharts.model.data import to_columns

OHLC = ("open", "high", "low", "close")


def frame(n: int = 3, **overrides: object) -> pd.DataFrame:
    data = {"open": [1.0, 2, 3], "high": [2.0, 3, 4], "low": [0.5, 1, 2], "close": [1.5, 2.5, 3.5]}
    data.update(overrides)  # type: ignore[arg-type]
    return pd.DataFrame(data, index=pd.date_range("2024-01-01", periods=n, freq="D"))


def test_datetime_index_becomes_utc_seconds() -> None:
    cols = to_columns(frame(), OHLC, series="s")
    assert cols.time.tolist() == [1704067200.0, 1704153600.0, 1704240000.0]
    assert cols.fields["close"].tolist() == [1.5, 2.5, 3.5]


def test_time_column_and_case_insensitive_names() -> None:
    df = frame().reset_index(names="Time").rename(columns={"open": "Open", "close": "CLOSE"})
    cols = to_columns(df, OHLC, series="s")
    assert cols.time[0] == 1704067200.0
    assert cols.fields["open"].tolist() == [1.0, 2.0, 3.0]


def test_tz_aware_times_are_converted_to_utc() -> None:
    index = pd.date_range("2024-01-01 09:30", periods=2, freq="h", tz="America/New_York")
    cols = to_columns(pd.Series([1.0, 2.0], index=index), ("value",), series="s")
    assert cols.time[0] == pd.Timestamp("2024-01-01 14:30", tz="UTC").timestamp()


def test_nan_stays_a_gap_not_zero() -> None:
    cols = to_columns(pd.Series([1.0, np.nan, 3.0], index=frame().index), ("value",), series="s")
    assert np.isnan(cols.fields["value"][1])


def test_unsorted_input_is_sorted_with_its_values() -> None:
    df = frame().iloc[[2, 0, 1]]
    cols = to_columns(df, OHLC, series="s")
    assert list(cols.time) == sorted(cols.time)
    assert cols.fields["close"].tolist() == [1.5, 2.5, 3.5]


def test_duplicate_times_name_the_times() -> None:
    df = frame()
    df.index = pd.DatetimeIndex(["2024-01-01", "2024-01-02", "2024-01-02"])
    with pytest.raises(ValueError, match=r"duplicate times 2024-01-02T00:00:00\+00:00"):
        to_columns(df, OHLC, series="s")


def test_empty_frame_is_refused() -> None:
    with pytest.raises(ValueError, match=r"series 'px': the data is empty"):
        to_columns(frame().iloc[:0], OHLC, series="px")


def test_missing_column_is_named_with_what_is_available() -> None:
    with pytest.raises(ValueError, match=r"missing column 'close'.*available: open, high, low"):
        to_columns(frame().drop(columns="close"), OHLC, series="s")


def test_non_numeric_column_names_column_and_dtype() -> None:
    with pytest.raises(ValueError, match=r"column 'high' must be numeric .* got dtype"):
        to_columns(frame(high=["a", "b", "c"]), OHLC, series="s")


def test_missing_time_axis_says_what_is_expected() -> None:
    df = frame().reset_index(drop=True)
    with pytest.raises(ValueError, match=r"no time axis; expected a DatetimeIndex or a column"):
        to_columns(df, OHLC, series="s")


def test_unreadable_time_column_is_named() -> None:
    df = frame().reset_index(drop=True).assign(time=["x", "y", "z"])
    with pytest.raises(ValueError, match=r"column 'time': cannot read as datetimes"):
        to_columns(df, OHLC, series="s")


def test_missing_time_is_refused_with_its_row() -> None:
    df = frame().reset_index(drop=True).assign(time=["2024-01-01", None, "2024-01-03"])
    with pytest.raises(ValueError, match=r"missing time \(NaT\) at row 1"):
        to_columns(df, OHLC, series="s")


def test_value_column_chosen_by_name() -> None:
    cols = to_columns(frame(), ("value",), series="s", column="Close")
    assert cols.fields["value"].tolist() == [1.5, 2.5, 3.5]


def test_series_cannot_feed_ohlc() -> None:
    with pytest.raises(ValueError, match=r"needs a DataFrame with columns open, high, low, close"):
        to_columns(frame()["close"], OHLC, series="s")


def test_wrong_type_is_a_type_error() -> None:
    with pytest.raises(TypeError, match=r"expected a pandas DataFrame or Series, .*; got list"):
        to_columns([1, 2, 3], ("value",), series="s")


def test_columns_differing_only_by_case_are_refused() -> None:
    df = frame().assign(Close=[1.0, 2, 3])
    with pytest.raises(ValueError, match=r"differ only by case"):
        to_columns(df, OHLC, series="s")
