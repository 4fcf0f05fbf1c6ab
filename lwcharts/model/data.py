"""Turn tabular input into the columns a series draws: UTC seconds and float64 values.

pandas is read as is; polars, pyarrow and any object with the Arrow PyCapsule interface are
turned into pandas first (``as_pandas``), so the same rules apply to every kind of input.

Everything a user can get wrong is caught here with a ``ValueError`` that names the column and
what was expected: no silent fallbacks, NaN stays a gap (never 0), unsorted input is sorted and
duplicate times are refused.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeAlias

import numpy as np
import pandas as pd

from lwcharts.settings.schema import TIME_COLUMNS

_MAX_LISTED_DUPLICATES = 5


@dataclass(frozen=True)
class Columns:
    """A series' data: ``time`` in UTC seconds (float64) and one float64 array per field."""

    time: np.ndarray
    fields: Mapping[str, np.ndarray]

    def __len__(self) -> int:
        return len(self.time)


def to_columns(
    data: Any, fields: tuple[str, ...], *, series: str, column: str | None = None
) -> Columns:
    """Extract ``fields`` (e.g. open/high/low/close, or value) and the time axis from ``data``.

    ``data`` is a DataFrame (time from a DatetimeIndex or a ``time``/``date`` column, column
    names case-insensitive) or a Series (its index is the time, its values the ``value``).
    ``column`` picks the column that feeds ``value`` from a DataFrame.
    """
    where = f"series {series!r}"
    data = as_pandas(data, where)
    if isinstance(data, pd.Series):
        if fields != ("value",):
            raise ValueError(
                f"{where}: needs a DataFrame with columns {', '.join(fields)}; got a Series"
            )
        frame = data.to_frame(name="value")
        column = "value"
    else:
        frame = data
    if frame.empty:
        raise ValueError(f"{where}: the data is empty; expected at least one row")

    by_name = _columns_by_lower_name(frame, where)
    time = _time_axis(frame, by_name, where)
    values: dict[str, np.ndarray] = {}
    for name in fields:
        source = column if (name == "value" and column is not None) else name
        key = source.lower()
        if key not in by_name:
            available = ", ".join(map(str, frame.columns))
            hint = " (or pass column=...)" if name == "value" else ""
            raise ValueError(
                f"{where}: missing column {source!r}{hint}; expected columns "
                f"{', '.join(fields)}; available: {available}"
            )
        values[name] = _numeric(frame[by_name[key]], str(by_name[key]), where)

    if not np.all(time[1:] >= time[:-1]):  # sorted data (the usual case) skips the argsort
        order = np.argsort(time, kind="stable")
        time = time[order]
        values = {name: array[order] for name, array in values.items()}
    _refuse_duplicates(time, where)
    return Columns(time=time, fields=values)


SeriesData: TypeAlias = Any
"""What a series is built from: pandas, polars, pyarrow or an Arrow PyCapsule object (Any, so
that none of those libraries is needed to type-check a call)."""

ACCEPTED_INPUTS = (
    "a pandas DataFrame or Series, a polars DataFrame, a pyarrow Table or RecordBatch, an Arrow "
    "struct array (rows), or any object with __arrow_c_stream__ / __arrow_c_array__"
)


def as_pandas(data: Any, where: str) -> pd.DataFrame | pd.Series:
    """``data`` as pandas: pandas as is, Arrow-backed input (polars, pyarrow, PyCapsule objects)
    converted with at most one copy of each column (float64 columns without nulls are shared).
    Raises ``TypeError`` naming what is accepted."""
    if isinstance(data, (pd.DataFrame, pd.Series)):
        return data
    table = _arrow_table(data, where)
    # split_blocks: one array per column, no second copy to consolidate them into one block;
    # date_as_object=False: date columns become datetime64, read like any other time.
    converted: pd.DataFrame = table.to_pandas(split_blocks=True, date_as_object=False)
    return converted


def _arrow_table(data: Any, where: str) -> Any:
    import pyarrow as pa  # installed with streamlit; only needed for non-pandas input

    if isinstance(data, pa.Table):
        return data
    if isinstance(data, pa.RecordBatch):
        return pa.Table.from_batches([data])
    if isinstance(data, (pa.Array, pa.ChunkedArray)):
        array = data
    elif hasattr(data, "__arrow_c_stream__"):  # polars DataFrame and Series, DuckDB, ...
        array = pa.chunked_array(data)
    elif hasattr(data, "__arrow_c_array__"):
        array = pa.array(data)
    else:
        raise TypeError(f"{where}: expected {ACCEPTED_INPUTS}; got {type(data).__name__}")
    if not pa.types.is_struct(array.type):
        raise TypeError(
            f"{where}: got {type(data).__name__} of {array.type} values without times; pass "
            "a frame with a time column and the values, e.g. "
            'pl.DataFrame({"time": times, "value": values})'
        )
    return pa.Table.from_struct_array(array)


def _columns_by_lower_name(frame: pd.DataFrame, where: str) -> dict[str, Any]:
    by_name: dict[str, Any] = {}
    for name in frame.columns:
        key = str(name).lower()
        if key in by_name:
            raise ValueError(
                f"{where}: columns {by_name[key]!r} and {name!r} differ only by case; "
                "column names are case-insensitive, keep one"
            )
        by_name[key] = name
    return by_name


def _time_axis(frame: pd.DataFrame, by_name: dict[str, Any], where: str) -> np.ndarray:
    for key in TIME_COLUMNS:
        if key in by_name:
            return to_utc_seconds(frame[by_name[key]], f"{where}: column {by_name[key]!r}")
    if isinstance(frame.index, pd.DatetimeIndex):
        return to_utc_seconds(frame.index, f"{where}: index")
    raise ValueError(
        f"{where}: no time axis; expected a DatetimeIndex or a column named "
        f"{' / '.join(TIME_COLUMNS)}; got index {type(frame.index).__name__} and columns "
        f"{', '.join(map(str, frame.columns))}"
    )


def to_utc_seconds(values: Any, where: str) -> np.ndarray:
    """Datetimes (naive = UTC, tz-aware converted), date strings or epoch seconds → float64."""
    if isinstance(getattr(values, "dtype", None), (np.dtypes.DateTime64DType, pd.DatetimeTZDtype)):
        return _datetime_seconds(pd.DatetimeIndex(values), where)
    series = pd.Series(values)
    if pd.api.types.is_bool_dtype(series):
        raise ValueError(f"{where}: expected datetimes or epoch seconds, got booleans")
    if pd.api.types.is_numeric_dtype(series):
        seconds = series.to_numpy(dtype="float64")
    else:
        try:
            with warnings.catch_warnings():  # pandas warns before it fails on unreadable text
                warnings.simplefilter("ignore", UserWarning)
                stamps = pd.to_datetime(series, utc=True)
        except (ValueError, TypeError) as error:
            raise ValueError(f"{where}: cannot read as datetimes ({error})") from None
        if stamps.isna().any():
            first = int(np.flatnonzero(stamps.isna().to_numpy())[0])
            raise ValueError(f"{where}: missing time (NaT) at row {first}; every row needs a time")
        seconds = (stamps.dt.as_unit("ns").astype("int64").to_numpy() / 1e9).astype("float64")
    if not np.all(np.isfinite(seconds)):
        first = int(np.flatnonzero(~np.isfinite(seconds))[0])
        raise ValueError(f"{where}: missing or infinite time at row {first}")
    return seconds


_UNITS_PER_SECOND = {"s": 1, "ms": 1_000, "us": 1_000_000, "ns": 1_000_000_000}


def _datetime_seconds(index: pd.DatetimeIndex, where: str) -> np.ndarray:
    """The fast path for datetime64 data: its integers are already UTC (naive counts as UTC),
    so dividing by the unit is exact and skips parsing, in any unit pandas stores."""
    if index.hasnans:
        first = int(np.flatnonzero(index.isna())[0])
        raise ValueError(f"{where}: missing time (NaT) at row {first}; every row needs a time")
    seconds: np.ndarray = index.asi8 / _UNITS_PER_SECOND[index.unit]
    return seconds


def _numeric(column: pd.Series, name: str, where: str) -> np.ndarray:
    if not pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column):
        raise ValueError(
            f"{where}: column {name!r} must be numeric (int or float), got dtype {column.dtype}"
        )
    return column.to_numpy(dtype="float64", na_value=np.nan)


def _refuse_duplicates(time: np.ndarray, where: str) -> None:
    repeated = time[1:] == time[:-1]
    if not repeated.any():
        return
    stamps = np.unique(time[1:][repeated])
    shown = ", ".join(
        pd.Timestamp(t, unit="s", tz="UTC").isoformat() for t in stamps[:_MAX_LISTED_DUPLICATES]
    )
    more = f" and {len(stamps) - _MAX_LISTED_DUPLICATES} more" if len(stamps) > 5 else ""
    raise ValueError(
        f"{where}: duplicate times {shown}{more}; each time may appear once "
        "(aggregate or drop duplicates first, e.g. df[~df.index.duplicated()])"
    )
