"""Every kind of input (pandas, polars, pyarrow, Arrow PyCapsule objects) follows the same data
rules: time column names case-insensitive, NaN a gap, unsorted rows sorted, and duplicates,
missing or non-numeric columns refused naming the column."""

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from lwcharts import Chart
from lwcharts.model.data import to_columns

polars = pytest.importorskip("polars")

OHLC = ("open", "high", "low", "close")


class StreamOnly:
    """An object that offers its data only through the Arrow PyCapsule stream interface."""

    def __init__(self, table: pa.Table) -> None:
        self._table = table

    def __arrow_c_stream__(self, requested_schema: Any = None) -> Any:
        return self._table.__arrow_c_stream__(requested_schema)


class ArrayOnly:
    """An object that offers one record batch through the Arrow PyCapsule array interface."""

    def __init__(self, table: pa.Table) -> None:
        self._batch = table.combine_chunks().to_batches()[0]

    def __arrow_c_array__(self, requested_schema: Any = None) -> Any:
        return self._batch.__arrow_c_array__(requested_schema)


def _arrow(df: pd.DataFrame) -> pa.Table:
    return pa.Table.from_pandas(df, preserve_index=False)


KINDS: dict[str, Callable[[pd.DataFrame], Any]] = {
    "pandas": lambda df: df,
    "polars": lambda df: polars.from_pandas(df),
    "pyarrow-table": _arrow,
    "pyarrow-record-batch": lambda df: _arrow(df).combine_chunks().to_batches()[0],
    "pyarrow-struct-array": lambda df: _arrow(df).combine_chunks().to_struct_array(),
    "polars-struct-series": lambda df: polars.from_pandas(df).to_struct("rows"),
    "arrow-c-stream": lambda df: StreamOnly(_arrow(df)),
    "arrow-c-array": lambda df: ArrayOnly(_arrow(df)),
}


@pytest.fixture(params=list(KINDS), ids=list(KINDS))
def kind(request: pytest.FixtureRequest) -> Callable[[pd.DataFrame], Any]:
    return KINDS[request.param]


def ohlc(times: list[str], closes: list[float] | None = None, **columns: Any) -> pd.DataFrame:
    n = len(times)
    close = closes if closes is not None else [1.5 + i for i in range(n)]
    data: dict[str, Any] = {
        "Date": pd.to_datetime(times),
        "Open": [1.0 + i for i in range(n)],
        "High": [2.0 + i for i in range(n)],
        "Low": [0.5 + i for i in range(n)],
        "Close": close,
        "Volume": [1000 * (i + 1) for i in range(n)],
    }
    data.update(columns)
    return pd.DataFrame(data)


def test_capitalised_ohlcv_columns_draw_candles(kind: Callable[[pd.DataFrame], Any]) -> None:
    chart = Chart(kind(ohlc(["2024-01-01", "2024-01-02"])))
    assert chart.series[0].type == "candlestick"
    assert chart.series[0].columns.time.tolist() == [1704067200.0, 1704153600.0]
    assert chart.series[0].columns.fields["close"].tolist() == [1.5, 2.5]


def test_volume_column_feeds_a_histogram(kind: Callable[[pd.DataFrame], Any]) -> None:
    series = Chart().histogram(kind(ohlc(["2024-01-01", "2024-01-02"])), column="Volume")
    assert series.columns.fields["value"].tolist() == [1000.0, 2000.0]
    assert series.options["priceFormat"] == "volume"


def test_nan_and_null_stay_gaps(kind: Callable[[pd.DataFrame], Any]) -> None:
    cols = to_columns(kind(ohlc(["2024-01-01", "2024-01-02"], [np.nan, 2.5])), OHLC, series="s")
    assert np.isnan(cols.fields["close"][0])
    assert cols.fields["close"][1] == 2.5


def test_unsorted_rows_are_sorted(kind: Callable[[pd.DataFrame], Any]) -> None:
    cols = to_columns(kind(ohlc(["2024-01-03", "2024-01-01"])), OHLC, series="s")
    assert cols.time.tolist() == [1704067200.0, 1704240000.0]
    assert cols.fields["open"].tolist() == [2.0, 1.0]


def test_tz_aware_times_are_utc(kind: Callable[[pd.DataFrame], Any]) -> None:
    df = ohlc(["2024-01-01", "2024-01-02"])
    df["Date"] = pd.DatetimeIndex(["2024-03-08 15:00", "2024-03-11 15:00"], tz="America/New_York")
    cols = to_columns(kind(df), OHLC, series="s")
    assert cols.time.tolist() == [
        pd.Timestamp("2024-03-08 20:00", tz="UTC").timestamp(),
        pd.Timestamp("2024-03-11 19:00", tz="UTC").timestamp(),
    ]


def test_duplicate_times_are_refused(kind: Callable[[pd.DataFrame], Any]) -> None:
    with pytest.raises(ValueError, match=r"duplicate times 2024-01-01T00:00:00\+00:00"):
        to_columns(kind(ohlc(["2024-01-01", "2024-01-01"])), OHLC, series="s")


def test_missing_column_is_named(kind: Callable[[pd.DataFrame], Any]) -> None:
    df = ohlc(["2024-01-01"]).drop(columns="Low")
    with pytest.raises(ValueError, match=r"series 's': missing column 'low'"):
        to_columns(kind(df), OHLC, series="s")


def test_non_numeric_column_is_named(kind: Callable[[pd.DataFrame], Any]) -> None:
    df = ohlc(["2024-01-01"], Close=["1.5"])
    with pytest.raises(ValueError, match=r"column 'Close' must be numeric"):
        to_columns(kind(df), OHLC, series="s")


def test_ohlc_frame_without_low_names_low(kind: Callable[[pd.DataFrame], Any]) -> None:
    with pytest.raises(ValueError, match=r"has open, high, close but no low column"):
        Chart(kind(ohlc(["2024-01-01"]).drop(columns="Low")))


def test_polars_date_column_reads_as_dates() -> None:
    import datetime as dt

    frame = polars.DataFrame({"date": [dt.date(2024, 1, 2)], "value": [1.25]})
    assert to_columns(frame, ("value",), series="s").time.tolist() == [1704153600.0]


def test_values_without_times_say_what_to_pass() -> None:
    for values in (polars.Series("close", [1.0, 2.0]), pa.array([1.0, 2.0])):
        with pytest.raises(TypeError, match=r"values without times; pass a frame with a time"):
            Chart().line(values)


def test_other_objects_list_what_is_accepted() -> None:
    with pytest.raises(TypeError, match=r"expected a pandas DataFrame or Series, a polars"):
        Chart().line([1.0, 2.0])
