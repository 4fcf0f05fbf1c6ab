"""``lwcharts.sync(chart_a, chart_b)``: charts of one page that share crosshair and time range."""

from __future__ import annotations

import secrets

from lwcharts.model.chart import Chart
from lwcharts.model.ids import check_id


def sync(
    *charts: Chart, group: str | None = None, crosshair: bool = True, time_range: bool = True
) -> str:
    """Link ``charts``: moving the crosshair or scrolling/zooming one moves the others.

    The link lives in the browser page (two tabs never drive each other); charts shown on one
    page with the same group id are linked, in a notebook or a Streamlit app alike. Returns the
    group id (``group``, or a new random one), which can also be given as
    ``Chart(sync_group=...)``.
    """
    if len(charts) < 2:
        raise ValueError(f"sync needs at least two charts, got {len(charts)}")
    group_id = check_id(group, "group") if group is not None else "sync-" + secrets.token_hex(4)
    for chart in charts:
        if not isinstance(chart, Chart):
            raise TypeError(f"sync links lwcharts.Chart objects, got {type(chart).__name__}")
        chart.sync_group = group_id
        chart.sync_crosshair = bool(crosshair)
        chart.sync_time_range = bool(time_range)
    return group_id
