"""Public path of the chart's event classes (defined in ``lwcharts.model.events``)."""

from lwcharts.model.events import (
    ChartEvent,
    EventHandlers,
    Handler,
    PointEvent,
    RangeEvent,
    parse_event,
)
from lwcharts.settings.schema import EVENT_KINDS, EventKind

__all__ = [
    "EVENT_KINDS",
    "ChartEvent",
    "EventHandlers",
    "EventKind",
    "Handler",
    "PointEvent",
    "RangeEvent",
    "parse_event",
]
