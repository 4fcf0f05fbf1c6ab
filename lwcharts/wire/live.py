"""Live data: new rows for a series already drawn, and the small message that carries them.

``Series.update`` and ``Series.append`` check new rows with the construction rules
(``model.data.to_columns``) and write them into the series' ``LiveColumns``: buffers that grow
in place, so a live loop copies no history per row. The rows the browser has not been sent yet
leave as one binary message per series per flush (docs/wire-format.md, "Live rows"; the host
flushes every frame interval and at the end of a cell, docs/performance.md "Live data"): ticks
on one bar within a flush travel as that bar's last state only, and history is never re-sent.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

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
    if isinstance(value, (float, int, np.floating, np.integer)):
        seconds = float(value)
        return seconds if math.isfinite(seconds) else None
    if isinstance(value, pd.Timestamp):  # .value: ns since the epoch, UTC when tz-aware
        return None if pd.isna(value) else float(value.value) / 1e9
    if isinstance(value, (datetime, np.datetime64)):
        if pd.isna(value):
            return None
        stamp = pd.Timestamp(value)
        stamp = stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")
        return float(stamp.as_unit("ns").value / 1e9)
    return None


# The keys of a row that needs no renaming: "time" and the fields, in lower case (by fields).
_PLAIN_KEYS: dict[tuple[str, ...], frozenset[str]] = {}


def row_values(
    row: Mapping[Any, Any], fields: tuple[str, ...]
) -> tuple[float, tuple[float, ...]] | None:
    """The common live case, a dict of a time and plain numbers, read without building a
    DataFrame or arrays: (UTC seconds, the values in ``fields`` order). None when the row needs
    the general path (text times, missing columns, non-numbers...), which then reports the
    fault with the construction's wording. A loop calls this per tick: keep it lean."""
    plain = _PLAIN_KEYS.get(fields)
    if plain is None:
        plain = _PLAIN_KEYS.setdefault(fields, frozenset(("time", *fields)))
    if row.keys() <= plain:
        by_name: Mapping[Any, Any] = row
        time_key: str | None = "time"
    else:
        by_name = {str(k).lower(): v for k, v in row.items()}
        if len(by_name) != len(row):
            return None
        time_key = next((k for k in TIME_COLUMNS if k in by_name), None)
    if time_key is None or time_key not in by_name:
        return None
    seconds = _row_seconds(by_name[time_key])
    if seconds is None:
        return None
    values = []
    for name in fields:
        value = by_name.get(name)
        if isinstance(value, bool) or not isinstance(value, (float, int, np.floating, np.integer)):
            return None
        values.append(float(value))
    return seconds, tuple(values)


def new_columns(data: Any, fields: tuple[str, ...], series: str, column: str | None) -> Columns:
    """Rows to add, checked like the data a series is built from."""
    return to_columns(data, fields, series=series, column=column)


def _check_later(first: float, last: float, series: str, verb: str) -> None:
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


class LiveColumns:
    """A series' columns, growing in place as live rows arrive, and how many of its rows the
    browser has been sent.

    Rows are written into spare capacity (the buffers grow by half when full, and are copied
    from the construction data on the first live row, so the user's arrays are never written),
    so a live loop costs no per-row copy of the history. ``flush`` takes the rows not sent
    yet: a bar replaced after it was sent is sent again, in its last state only. A lock makes
    adding (the user's thread) and flushing (the host's timer) safe together, and keeps the
    messages of one series in order.
    """

    def __init__(self, columns: Columns) -> None:
        self.names = tuple(columns.fields)
        self._time = columns.time
        self._fields = [columns.fields[name] for name in self.names]
        self._length = len(columns)
        self._sent = self._length
        self._owned = False
        self._lock = threading.Lock()
        self._view: Columns | None = columns

    def __len__(self) -> int:
        return self._length

    @property
    def columns(self) -> Columns:
        """The rows held now, as views (a later ``update`` of the last bar shows in them); the
        same object until rows are added."""
        if self._view is None:
            n = self._length
            self._view = Columns(
                time=self._time[:n],
                fields={k: v[:n] for k, v in zip(self.names, self._fields, strict=True)},
            )
        return self._view

    @property
    def unsent(self) -> int:
        """Rows (new, or sent and replaced since) the next ``flush`` sends."""
        return self._length - self._sent

    def add_row(self, time: float, values: Sequence[float], series: str) -> bool:
        """``update``: a row at the last time replaces the last bar, a later one is appended.
        True when this made rows wait that were not waiting (the host then arms its flush)."""
        with self._lock:
            was_waiting = self._sent < self._length
            index = self._length - 1
            if time != float(self._time[index]):
                _check_later(time, float(self._time[index]), series, "update")
                index = self._reserve(1)
            elif not self._owned:
                self._reserve(0)
            self._time[index] = time
            for buffer, value in zip(self._fields, values, strict=True):
                buffer[index] = value
            self._sent = min(self._sent, index)
            self._view = None
            return not was_waiting

    def add(self, rows: Columns, series: str, *, replace_last: bool) -> bool:
        """Rows checked by ``to_columns``; with ``replace_last`` (``update``) one row at the last
        time replaces that bar, otherwise every new time must be later. True as ``add_row``."""
        first = float(rows.time[0])
        if replace_last and len(rows) == 1:
            values = [float(rows.fields[name][0]) for name in self.names]
            return self.add_row(first, values, series)
        with self._lock:
            was_waiting = self._sent < self._length
            _check_later(first, float(self._time[self._length - 1]), series, "append")
            index = self._reserve(len(rows))
            self._time[index : self._length] = rows.time
            for name, buffer in zip(self.names, self._fields, strict=True):
                buffer[index : self._length] = rows.fields[name]
            self._view = None
            return not was_waiting

    def flush(self, send: Callable[[Columns], None]) -> None:
        """Hand the rows not sent yet (copies) to ``send``, if any, and count them sent."""
        with self._lock:
            if self._sent == self._length:
                return
            start, end = self._sent, self._length
            rows = Columns(
                time=self._time[start:end].copy(),
                fields={
                    k: v[start:end].copy() for k, v in zip(self.names, self._fields, strict=True)
                },
            )
            send(rows)
            self._sent = end

    def mark_sent(self) -> None:
        """Count every row sent: a full envelope about to go carries them."""
        with self._lock:
            self._sent = self._length

    def _reserve(self, count: int) -> int:
        """Room for ``count`` more rows in buffers this object owns; the index of the first."""
        start = self._length
        needed = start + count
        if not self._owned or needed > len(self._time):
            capacity = max(needed + needed // 2, 1024)
            self._time = _grown(self._time, start, capacity)
            self._fields = [_grown(buffer, start, capacity) for buffer in self._fields]
            self._owned = True
        self._length = needed
        return start


def _grown(buffer: np.ndarray, length: int, capacity: int) -> np.ndarray:
    grown = np.empty(capacity, dtype="float64")
    grown[:length] = buffer[:length]
    return grown


def encode_rows(series_id: str, rows: Columns) -> bytes:
    """The live message's one buffer: an envelope whose header is ``{seriesId, length,
    columns}``, columns encoded exactly as in a full envelope."""
    writer = EnvelopeWriter()
    columns = {"time": writer.column(rows.time, is_time=True)}
    columns.update({name: writer.column(v) for name, v in rows.fields.items()})
    return writer.finish({"seriesId": series_id, "length": len(rows), "columns": columns})
