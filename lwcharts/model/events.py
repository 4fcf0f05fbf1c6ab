"""Events the chart reports back from the browser: a click, a crosshair move, a range change.

Host-free: a host hands the front end's plain JSON event (js/src/chart/events.ts) to
``EventHandlers.dispatch``; the callbacks registered with ``Chart.on_click``,
``Chart.on_crosshair_move`` and ``Chart.on_range_change`` get a typed event with times as UTC
``pandas.Timestamp`` and the raw UTC seconds beside them.
"""

from __future__ import annotations

import math
import sys
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeAlias

import pandas as pd

from lwcharts.settings.schema import EVENT_KINDS, OHLC_COLUMNS, EventKind

OhlcValue: TypeAlias = dict[str, float]


@dataclass(frozen=True)
class PointEvent:
    """A click or a crosshair move over the chart.

    ``time`` is the bar under the pointer (``None`` off the data, or when the crosshair left
    the chart); ``seconds`` is the same time in UTC seconds. ``price`` is the price at the
    pointer on ``pane``'s main price scale. ``series_values`` maps each series id with a bar at
    ``time`` to its value, or to ``{"open", "high", "low", "close"}`` for candles and bars.
    """

    type: Literal["click", "crosshair"]
    time: pd.Timestamp | None
    seconds: float | None
    price: float | None
    pane: int | None
    series_values: dict[str, float | OhlcValue] = field(default_factory=dict)


@dataclass(frozen=True)
class RangeEvent:
    """The visible time range changed (scroll, zoom, new data): ``start``..``end`` inclusive."""

    type: Literal["range"]
    start: pd.Timestamp
    end: pd.Timestamp
    start_seconds: float
    end_seconds: float


ChartEvent: TypeAlias = PointEvent | RangeEvent
Handler: TypeAlias = Callable[[Any], object]


def _stamp(seconds: float) -> pd.Timestamp:
    return pd.Timestamp(seconds, unit="s", tz="UTC")


def _number(value: object, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"event {where} must be a finite number, got {value!r}")
    return float(value)


def _optional_number(value: object, where: str) -> float | None:
    return None if value is None else _number(value, where)


def _series_values(raw: object) -> dict[str, float | OhlcValue]:
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise ValueError(f"event seriesValues must be an object, got {raw!r}")
    values: dict[str, float | OhlcValue] = {}
    for series_id, value in raw.items():
        where = f"seriesValues[{series_id!r}]"
        if isinstance(value, Mapping):
            values[str(series_id)] = {
                k: _number(value.get(k), f"{where}.{k}") for k in OHLC_COLUMNS
            }
        else:
            values[str(series_id)] = _number(value, where)
    return values


def parse_event(payload: object) -> ChartEvent:
    """Check a front-end event and turn it into a typed event; ``ValueError`` names the fault."""
    if not isinstance(payload, Mapping):
        raise ValueError(f"an event must be an object, got {payload!r}")
    kind = payload.get("type")
    if kind == "range":
        start = _number(payload.get("from"), "from")
        end = _number(payload.get("to"), "to")
        return RangeEvent("range", _stamp(start), _stamp(end), start, end)
    if kind in ("click", "crosshair"):
        seconds = _optional_number(payload.get("time"), "time")
        pane = payload.get("pane")
        if pane is not None and (isinstance(pane, bool) or not isinstance(pane, int)):
            raise ValueError(f"event pane must be a whole number or null, got {pane!r}")
        return PointEvent(
            kind,
            None if seconds is None else _stamp(seconds),
            seconds,
            _optional_number(payload.get("price"), "price"),
            pane,
            _series_values(payload.get("seriesValues")),
        )
    raise ValueError(f"event type must be one of {EVENT_KINDS}, got {kind!r}")


class EventHandlers:
    """The callbacks of one chart, by event kind."""

    def __init__(self) -> None:
        self._handlers: dict[EventKind, list[Handler]] = {kind: [] for kind in EVENT_KINDS}

    def add(self, kind: EventKind, handler: Handler) -> None:
        if not callable(handler):
            raise TypeError(f"the {kind} handler must be callable, got {handler!r}")
        self._handlers[kind].append(handler)

    def kinds(self) -> list[EventKind]:
        """The kinds someone listens to: the front end sends only these."""
        return [kind for kind in EVENT_KINDS if self._handlers[kind]]

    def dispatch(self, payload: object) -> ChartEvent | None:
        """Call the handlers of the event's kind. A handler that raises does not stop the
        others: its traceback goes to stderr (the host's log), as a widget callback's would."""
        try:
            event = parse_event(payload)
        except ValueError as error:
            print(f"lwcharts: dropped a malformed event: {error}", file=sys.stderr)
            return None
        for handler in list(self._handlers[event.type]):
            try:
                handler(event)
            except Exception:
                traceback.print_exc()
        return event
