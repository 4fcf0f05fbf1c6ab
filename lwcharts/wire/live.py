"""Live data: new rows for a series already drawn, and the small message that carries them.

``Series.update`` and ``Series.append`` check new rows with the construction rules
(``model.data.to_columns``), append them to the series' columns and hand the host one binary
message with only the new rows (docs/wire-format.md, "Live rows"): history is never re-sent.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Literal

import numpy as np
import pandas as pd

from lwcharts.model.data import Columns, to_columns
from lwcharts.settings.schema import TIME_COLUMNS
from lwcharts.wire.envelope import EnvelopeWriter


def _iso(seconds: float) -> str:
    return pd.Timestamp(seconds, unit="s", tz="UTC").isoformat()


def row_frame(row: Any, series: str) -> pd.DataFrame:
    """One row (a dict, a pandas Series such as ``df.iloc[-1]``, or a one-row DataFrame) as a
    one-row DataFrame that ``to_columns`` reads like any other data."""
    where = f"series {series!r}"
    if isinstance(row, pd.DataFrame):
        if len(row) != 1:
            raise ValueError(
                f"{where}: update takes one row, got a DataFrame of {len(row)} rows; "
                "use append(df) for several"
            )
        return row
    if isinstance(row, pd.Series):
        values = {str(k): v for k, v in row.items()}
        # df.iloc[-1] carries its time as the Series' name, not as a value.
        if not set(TIME_COLUMNS) & {k.lower() for k in values}:
            if row.name is None:
                raise ValueError(f"{where}: the row has no time (a 'time' entry or a name)")
            values["time"] = row.name
        return pd.DataFrame([values])
    if isinstance(row, Mapping):
        return pd.DataFrame([dict(row)])
    raise TypeError(
        f"{where}: update takes a dict, a pandas Series or a one-row DataFrame, "
        f"got {type(row).__name__}"
    )


def _row_seconds(value: Any) -> float | None:
    """One time as ``to_utc_seconds`` reads it (naive = UTC), or None to let it decide."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float, np.integer, np.floating)):
        return float(value) if np.isfinite(value) else None
    if isinstance(value, (pd.Timestamp, datetime, np.datetime64)):
        if pd.isna(value):
            return None
        stamp = pd.Timestamp(value)
        stamp = stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")
        return float(stamp.as_unit("ns").value / 1e9)
    return None


def row_columns(row: Mapping[Any, Any], fields: tuple[str, ...], series: str) -> Columns | None:
    """The common live case, a dict of a time and plain numbers, without building a DataFrame
    (about 20x faster per row). None when the row needs the general path (text times, missing
    columns, non-numbers...), which then reports the fault with the construction's wording."""
    by_name = {str(k).lower(): v for k, v in row.items()}
    if len(by_name) != len(row):
        return None
    time_key = next((k for k in TIME_COLUMNS if k in by_name), None)
    if time_key is None:
        return None
    seconds = _row_seconds(by_name[time_key])
    if seconds is None:
        return None
    values: dict[str, np.ndarray] = {}
    for name in fields:
        value = by_name.get(name)
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
            return None
        values[name] = np.array([value], dtype="float64")
    return Columns(time=np.array([seconds], dtype="float64"), fields=values)


def new_columns(data: Any, fields: tuple[str, ...], series: str, column: str | None) -> Columns:
    """Rows to add, checked like the data a series is built from."""
    return to_columns(data, fields, series=series, column=column)


def append_columns(
    held: Columns, new: Columns, series: str, *, replace_last: bool
) -> tuple[Columns, Literal["replace", "append"]]:
    """``held`` with ``new`` after it. With ``replace_last`` (``update``), a first new time equal
    to the last held time replaces that bar; otherwise every new time must be later."""
    last = float(held.time[-1])
    first = float(new.time[0])
    if replace_last and len(new) == 1 and first == last:
        time = held.time.copy()
        fields = {name: values.copy() for name, values in held.fields.items()}
        for name, values in fields.items():
            values[-1] = new.fields[name][0]
        return Columns(time=time, fields=fields), "replace"
    verb = "update" if replace_last else "append"
    if first < last:
        raise ValueError(
            f"series {series!r}: {verb} time {_iso(first)} is before the last time {_iso(last)}; "
            "new rows must come after the rows the series holds"
        )
    if first == last:
        raise ValueError(
            f"series {series!r}: {verb} time {_iso(first)} equals the last time {_iso(last)}; "
            "append needs later times (update(row) with one row replaces the last bar)"
        )
    time = np.concatenate([held.time, new.time])
    fields = {name: np.concatenate([v, new.fields[name]]) for name, v in held.fields.items()}
    return Columns(time=time, fields=fields), "append"


def encode_rows(series_id: str, rows: Columns) -> bytes:
    """The live message's one buffer: an envelope whose header is ``{seriesId, length,
    columns}``, columns encoded exactly as in a full envelope."""
    writer = EnvelopeWriter()
    columns = {"time": writer.column(rows.time, is_time=True)}
    columns.update({name: writer.column(v) for name, v in rows.fields.items()})
    return writer.finish({"seriesId": series_id, "length": len(rows), "columns": columns})
