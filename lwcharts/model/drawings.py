"""Drawings as Python sees them: typed, validated, host-free.

A :class:`Drawing` is one record of ``lwcharts.settings.drawings`` with its times as UTC
``pandas.Timestamp``. :class:`CodeDrawings` holds the drawings a chart's code adds
(``chart.trend_line(...)``): they get an id derived from their content (``code-<hash>``) and
``lastModified`` 0, so they are re-created on every render under the same id, and any change the
user makes (a move, a new colour, a delete: a tombstone) is newer and wins for good.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from lwcharts.settings.drawings import (
    KINDS,
    STYLE_RULES,
    DrawingRecord,
    check_style_value,
    default_style,
    is_tombstone,
    sanitize_drawings,
)
from lwcharts.settings.schema import SHARED

PointLike = tuple[Any, float]
CODE_ID_PREFIX = "code-"
_MAX_CODE_DRAWINGS: int = SHARED["drawings"]["maxDrawings"]


@dataclass(frozen=True)
class Drawing:
    """One drawing: ``kind``, ``points`` as (UTC ``Timestamp``, price), ``style`` (every style
    key, defaults filled in), ``pane`` and ``series_id`` (whose price scale the prices use)."""

    id: str
    kind: str
    points: tuple[tuple[pd.Timestamp, float], ...]
    pane: int
    series_id: str
    style: Mapping[str, Any]
    text: str | None = None
    levels: tuple[float, ...] | None = None
    locked: bool = False
    hidden: bool = False
    last_modified: float = 0
    user_made: bool = field(default=True)

    @classmethod
    def from_record(cls, record: DrawingRecord) -> Drawing:
        """A validated live record (``sanitize_drawings`` output)."""
        levels = record.get("levels")
        return cls(
            id=record["id"],
            kind=record["kind"],
            points=tuple((_stamp(p["time"]), float(p["price"])) for p in record["points"]),
            pane=record["pane"],
            series_id=record["seriesId"],
            style=dict(record["style"]),
            text=record.get("text"),
            levels=None if levels is None else tuple(levels),
            locked=bool(record.get("locked", False)),
            hidden=bool(record.get("hidden", False)),
            last_modified=record["lastModified"],
            user_made=not is_untouched_code(record),
        )

    def to_record(self) -> DrawingRecord:
        """The wire/store form (UTC seconds, ms stamps)."""
        record: DrawingRecord = {
            "id": self.id,
            "kind": self.kind,
            "points": [{"time": _seconds(t), "price": p} for t, p in self.points],
            "pane": self.pane,
            "seriesId": self.series_id,
            "style": dict(self.style),
            "lastModified": self.last_modified,
        }
        if self.text is not None:
            record["text"] = self.text
        if self.levels is not None:
            record["levels"] = list(self.levels)
        if self.locked:
            record["locked"] = True
        if self.hidden:
            record["hidden"] = True
        return record


def is_untouched_code(record: Mapping[str, Any]) -> bool:
    """A code-made drawing the user never changed (the browser sends it back as it got it)."""
    return bool(record["id"].startswith(CODE_ID_PREFIX) and record["lastModified"] == 0)


def live_drawings(records: Iterable[DrawingRecord]) -> list[Drawing]:
    """The typed drawings of validated records (tombstones left out)."""
    return [Drawing.from_record(r) for r in records if not is_tombstone(r)]


def make_record(
    kind: str,
    points: Sequence[PointLike],
    *,
    series_id: str,
    pane: int = 0,
    text: str | None = None,
    levels: Sequence[float] | None = None,
    **style: Any,
) -> DrawingRecord:
    """A code-made drawing record, every input checked; raises ``ValueError`` naming the value.

    Its id is derived from its content and its ``lastModified`` is 0 (see the module doc)."""
    if kind not in KINDS:
        raise ValueError(f"drawing kind {kind!r} is not one of {', '.join(KINDS)}")
    if not isinstance(points, Sequence) or len(points) != KINDS[kind]:
        raise ValueError(
            f"a {kind} needs exactly {KINDS[kind]} (time, price) point(s), got {points!r}"
        )
    clean_style = default_style(kind)
    for key, value in style.items():
        if key not in STYLE_RULES:
            allowed = ", ".join(STYLE_RULES)
            raise ValueError(f"unknown drawing style {key!r}; allowed: {allowed}")
        if not check_style_value(key, value):
            raise ValueError(f"drawing style {key}={value!r} is not valid ({_rule_text(key)})")
        clean_style[key] = value
    record: DrawingRecord = {
        "id": "",
        "kind": kind,
        "points": [_point(point, n) for n, point in enumerate(points)],
        "pane": pane,
        "seriesId": series_id,
        "style": clean_style,
        "lastModified": 0,
    }
    if text is not None:
        record["text"] = text
    elif kind == "text":
        raise ValueError("a text drawing needs text=...")
    if levels is not None:
        if kind != "fib_retracement":
            raise ValueError(f"levels only belong to fib_retracement, not {kind}")
        record["levels"] = list(levels)
    content = json.dumps(record, sort_keys=True).encode()
    record["id"] = CODE_ID_PREFIX + hashlib.sha256(content).hexdigest()[:20]
    valid, problems = sanitize_drawings([record], now_ms=0)
    if problems or not valid:
        raise ValueError(f"invalid {kind}: {'; '.join(problems)}")
    return valid[0]


class CodeDrawings:
    """The drawings a chart's code adds, in the order added (at most ``maxDrawings``)."""

    def __init__(self) -> None:
        self.records: list[DrawingRecord] = []

    def add(self, record: DrawingRecord) -> Drawing:
        if len(self.records) >= _MAX_CODE_DRAWINGS:
            raise ValueError(f"a chart holds at most {_MAX_CODE_DRAWINGS} drawings")
        self.records = [r for r in self.records if r["id"] != record["id"]] + [record]
        return Drawing.from_record(record)

    def clear(self) -> None:
        self.records = []


def parse_json(text: str | bytes) -> list[DrawingRecord]:
    """Drawing records from an export (``export_json``); raises ``ValueError`` listing every
    record that is not valid, so nothing is dropped silently."""
    try:
        raw = json.loads(text)
    except ValueError as exc:
        raise ValueError(f"drawings JSON does not parse: {exc}") from None
    if isinstance(raw, dict):
        raw = raw.get("drawings")
    valid, problems = sanitize_drawings(raw, now_ms=_now_ms())
    if problems:
        raise ValueError("drawings JSON has invalid records: " + "; ".join(problems[:20]))
    return valid


def export_json(records: Iterable[DrawingRecord]) -> str:
    """The live records as JSON (``{"version": 1, "drawings": [...]}``)."""
    live = [r for r in records if not is_tombstone(r)]
    return json.dumps({"version": 1, "drawings": live}, indent=1)


def _point(point: object, number: int) -> dict[str, float]:
    if not isinstance(point, (tuple, list)) or len(point) != 2:
        raise ValueError(f"point {number} must be a (time, price) pair, got {point!r}")
    time, price = point
    if isinstance(price, bool) or not isinstance(price, (int, float, np.number)):
        raise ValueError(f"point {number} price must be a number, got {price!r}")
    return {"time": _seconds(time), "price": float(price)}


def _seconds(time: object) -> float:
    """UTC seconds of a time: a Timestamp, datetime, date string or numpy datetime (naive means
    UTC), or a number of UTC seconds."""
    if isinstance(time, bool):
        raise ValueError(f"time must be a timestamp, got {time!r}")
    if isinstance(time, (int, float, np.number)):
        return float(time)
    if not isinstance(time, (pd.Timestamp, dt.datetime, dt.date, str, np.datetime64)):
        raise ValueError(f"time must be a timestamp, datetime or date string, got {time!r}")
    try:
        stamp = pd.Timestamp(time)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"time {time!r} is not a time: {exc}") from None
    if pd.isna(stamp):
        raise ValueError(f"time {time!r} is not a time")
    stamp = stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")
    return stamp.value / 1e9


def _stamp(seconds: float) -> pd.Timestamp:
    return pd.Timestamp(seconds, unit="s", tz="UTC")


def _rule_text(key: str) -> str:
    rule = STYLE_RULES[key]
    if rule["kind"] == "color":
        return "a CSS colour"
    if rule["kind"] == "bool":
        return "True or False"
    if rule["kind"] == "choice":
        return f"one of {rule['choices']}"
    return f"a whole number {rule['minimum']}..{rule['maximum']}"


def _now_ms() -> float:
    return dt.datetime.now(dt.timezone.utc).timestamp() * 1000
