"""The seed's JS → Python settings message, as the store tests send it (no pytest here)."""

from __future__ import annotations

from typing import Any


def series_change(
    config: Any,
    stamp: Any,
    *,
    chart: Any = "main-chart",
    pane: Any = 0,
    series: Any = "main-line-series",
    series_type: Any = "line",
) -> dict[str, Any]:
    """A ``series_config_changes`` payload for one changed series: in ``changes`` and in
    ``completeState``, as the front end sends both. Every field may be forged (``Any``)."""
    change = {
        "paneId": pane,
        "seriesId": series,
        "seriesType": series_type,
        "config": config,
        "timestamp": stamp,
        "chartId": chart,
    }
    entry = {"config": config, "seriesType": series_type, "lastModified": stamp}
    return {
        "type": "series_config_changes",
        "changes": [change],
        "completeState": {chart: {pane: {series: entry}}},
        "timestamp": stamp,
    }
