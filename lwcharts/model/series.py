"""One series of a chart: its data columns, options, markers, price lines and live rows."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from numbers import Real
from typing import Any, Literal, TypeAlias

import numpy as np
import pandas as pd

from lwcharts.model.data import Columns, to_utc_seconds
from lwcharts.model.indicators import Computed
from lwcharts.settings.schema import (
    MAX_TEXT_LENGTH,
    ScaleMode,
    SeriesType,
    check_option,
    is_css_color,
    series_columns,
)
from lwcharts.wire.envelope import EnvelopeWriter
from lwcharts.wire.held import Held, encode_data
from lwcharts.wire.live import LiveColumns, encode_rows, new_columns, row_frame, row_values

# Receives a series' live rows: (series id, the encoded rows message).
RowSink: TypeAlias = Callable[[str, bytes], None]
# Told (series id) when live rows start waiting for a flush.
RowsWaiting: TypeAlias = Callable[[str], None]
MARKER_POSITIONS = ("aboveBar", "belowBar", "inBar")
MARKER_SHAPES = ("circle", "square", "arrowUp", "arrowDown")
# How a marker at a time that has no bar moves onto one: the closest bar, the bar before or after.
Snap = Literal["nearest", "previous", "next"]
SNAPS = ("nearest", "previous", "next")


def camel(name: str) -> str:
    """``line_width`` → ``lineWidth``: options are given in snake_case, sent in camelCase."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def check_text(value: object, what: str) -> str:
    if not isinstance(value, str) or len(value) > MAX_TEXT_LENGTH:
        raise ValueError(f"{what} must be text of at most {MAX_TEXT_LENGTH} characters")
    return value


@dataclass
class Series:
    """One series of a chart. Returned by ``Chart.candlestick``, ``Chart.line``, ..."""

    id: str
    name: str
    type: SeriesType
    pane: int
    rows: LiveColumns
    options: dict[str, Any]
    price_scale: str
    scale_mode: ScaleMode
    _markers: list[dict[str, Any]] = field(default_factory=list)
    _price_lines: list[dict[str, Any]] = field(default_factory=list)
    # Where live rows go once the series is on a chart (the chart tells its listeners).
    sink: RowSink | None = field(default=None, repr=False, compare=False)
    # Told when rows start waiting, so a host can flush within a frame interval.
    waiting: RowsWaiting | None = field(default=None, repr=False, compare=False)
    # Set on a series computed from a function and inputs (``Chart.indicator``).
    computed: Computed | None = field(default=None, repr=False, compare=False)

    @property
    def columns(self) -> Columns:
        """The series' data now: time in UTC seconds and one float64 array per field."""
        return self.rows.columns

    @columns.setter
    def columns(self, columns: Columns) -> None:
        self.rows = LiveColumns(columns)

    def update(self, row: Any) -> Series:
        """Live data: one row (a dict such as ``{"time": t, "value": v}`` or with open/high/
        low/close, a pandas Series such as ``df.iloc[-1]``, or a one-row DataFrame). A row at the
        last time replaces the last bar, a later one is appended; an earlier one is a
        ``ValueError``. A displayed chart receives only new rows, batched: see ``flush``."""
        parsed = row_values(row, self.rows.names) if isinstance(row, dict) else None
        if parsed is not None:
            return self._added(self.rows.add_row(parsed[0], parsed[1], self.id))
        rows = new_columns(row_frame(row, self.id), self._fields, self.id, None)
        return self._added(self.rows.add(rows, self.id, replace_last=True))

    def append(self, data: Any, *, column: str | None = None) -> Series:
        """Live data: rows after the last time, in the shape the series was built from (a
        DataFrame, or a Series for one-value types; ``column`` picks the value column). Checked
        like construction data; a displayed chart receives only these rows, batched: see
        ``flush``."""
        rows = new_columns(data, self._fields, self.id, column)
        return self._added(self.rows.add(rows, self.id, replace_last=False))

    def flush(self) -> Series:
        """Send the live rows not sent yet now, as one message. A notebook sends them by itself
        within a frame interval (~16 ms) and at the end of the cell; call this (or
        ``Chart.flush``) where the rows must be on their way at a given point."""
        sink = self.sink
        if sink is not None:
            self.rows.flush(lambda rows: sink(self.id, encode_rows(self.id, rows)))
        return self

    @property
    def _fields(self) -> tuple[str, ...]:
        return series_columns(self.type)

    def _added(self, started_waiting: bool) -> Series:
        if started_waiting and self.waiting is not None:
            self.waiting(self.id)
        return self

    def __len__(self) -> int:
        return len(self.rows)

    def markers(self, markers: Iterable[Mapping[str, Any]], *, snap: Snap | None = None) -> Series:
        """Set the series' markers: dicts with ``time`` and optional ``position`` (aboveBar,
        belowBar, inBar), ``shape`` (circle, square, arrowUp, arrowDown), ``color``, ``text``.

        Each marker's time must be the time of a bar of the series (``ValueError`` naming the
        marker otherwise), unless ``snap`` says where it goes instead: ``"nearest"`` bar,
        ``"previous"`` (the last bar at or before it) or ``"next"`` (the first at or after)."""
        if snap is not None and snap not in SNAPS:
            raise ValueError(f"snap must be one of {SNAPS} or None, got {snap!r}")
        checked = []
        for number, marker in enumerate(markers):
            where = f"series {self.id!r} marker {number}"
            unknown = set(marker) - {"time", "position", "shape", "color", "text", "size"}
            if unknown:
                raise ValueError(
                    f"{where}: unknown keys {sorted(unknown)}; allowed: time, "
                    "position, shape, color, text, size"
                )
            if "time" not in marker:
                raise ValueError(f"{where}: needs a 'time'")
            position = camel(str(marker.get("position", "aboveBar")))
            shape = camel(str(marker.get("shape", "circle")))
            if position not in MARKER_POSITIONS:
                raise ValueError(
                    f"{where}: position must be one of {MARKER_POSITIONS}, "
                    f"got {marker.get('position')!r}"
                )
            if shape not in MARKER_SHAPES:
                raise ValueError(
                    f"{where}: shape must be one of {MARKER_SHAPES}, got {marker.get('shape')!r}"
                )
            color = marker.get("color", "#2196f3")
            if not is_css_color(color):
                raise ValueError(f"{where}: color must be a CSS colour, got {color!r}")
            time = float(to_utc_seconds([marker["time"]], f"{where}: time")[0])
            entry: dict[str, Any] = {
                "time": self._bar_time(time, snap, where, marker.get("text", "")),
                "position": position,
                "shape": shape,
                "color": color,
                "text": check_text(marker.get("text", ""), f"{where}: text"),
            }
            if "size" in marker:
                entry["size"] = float(marker["size"])
            checked.append(entry)
        self._markers = sorted(checked, key=lambda m: m["time"])
        return self

    def _bar_time(self, time: float, snap: Snap | None, where: str, text: object) -> float:
        """The time of the bar a marker at ``time`` sits on (see ``markers``)."""
        times = self.columns.time
        at = int(np.searchsorted(times, time))
        if at < len(times) and times[at] == time:
            return time
        before = times[at - 1] if at > 0 else None
        after = times[at] if at < len(times) else None
        if snap == "previous" and before is not None:
            return float(before)
        if snap == "next" and after is not None:
            return float(after)
        if snap == "nearest":
            near = [t for t in (before, after) if t is not None]
            return float(min(near, key=lambda t: (abs(t - time), t)))
        stamp = pd.Timestamp(time, unit="s", tz="UTC").isoformat()
        label = f" ({text!r})" if text else ""
        first = pd.Timestamp(times[0], unit="s", tz="UTC").isoformat()
        last = pd.Timestamp(times[-1], unit="s", tz="UTC").isoformat()
        reason = (
            f"has no bar at or {'before' if snap == 'previous' else 'after'} it"
            if snap is not None
            else "is not the time of a bar"
        )
        raise ValueError(
            f"{where}{label}: time {stamp} {reason}; the data runs {first} to {last}. Put "
            'markers on bar times, or pass snap="nearest", "previous" or "next" to move them'
        )

    def price_line(
        self,
        price: float,
        *,
        title: str = "",
        color: str = "#2196f3",
        line_width: int = 1,
        line_style: str = "dashed",
        axis_label_visible: bool = True,
    ) -> Series:
        """Add a horizontal line at ``price`` (e.g. an entry or a stop) with an axis label."""
        if isinstance(price, (bool, np.bool_)) or not isinstance(price, Real):
            raise ValueError(f"price line price must be a number, got {price!r}")
        if not math.isfinite(price):
            raise ValueError(f"price line price must be a finite number, got {float(price)!r}")
        self._price_lines.append(
            {
                "price": float(price),
                "title": check_text(title, "price line title"),
                "color": check_option("line", "color", color),
                "lineWidth": check_option("line", "lineWidth", line_width),
                "lineStyle": check_option("line", "lineStyle", line_style),
                "axisLabelVisible": bool(axis_label_visible),
            }
        )
        return self

    def header(self, writer: EnvelopeWriter, held: Held | None = None) -> dict[str, Any]:
        """The series' entry in the envelope header; its columns go to ``writer``."""
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "pane": self.pane,
            "options": self.options,
            "priceScale": {"id": self.price_scale, "mode": self.scale_mode},
            "length": len(self.columns),
            # dataHash, and the columns the browser does not hold yet (lwcharts/wire/held.py)
            **encode_data(writer, self.columns, held),
            "markers": self._markers,
            "priceLines": self._price_lines,
            **({} if self.computed is None else {"inputs": self.computed.header()}),
        }
