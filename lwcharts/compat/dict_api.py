"""The older Streamlit package's config dict → ``Chart`` objects (``st_lightweight_charts``).

Host-free: ``lwcharts.streamlit.st_lightweight_charts`` renders what this builds. Keys follow the
seed: ``charts[].chartId / chart / series / paneCollapse``, ``syncConfig`` and
``seriesConfigBackendData``. Anything else is refused with an error naming the key, so a typo
never silently drops part of a chart.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from lwcharts.model.chart import Chart
from lwcharts.model.ids import check_id
from lwcharts.settings.schema import SERIES_TYPES

_CONFIG_KEYS = {"charts", "syncConfig", "seriesConfigBackendData"}
_CHART_KEYS = {"chartId", "chart", "series", "paneCollapse"}
_SERIES_KEYS = {"type", "data", "name", "options", "id", "seriesId", "pane", "paneId"}


def _refuse_unknown(given: Mapping[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(given) - allowed)
    if unknown:
        raise ValueError(f"{where}: unknown keys {unknown}; allowed: {sorted(allowed)}")


def _mapping(value: object, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ValueError(f"{where} must be a dict, got {type(value).__name__}")
    return value


def charts_from_config(config: Mapping[str, Any], *, sync_group: str = "seed") -> list[Chart]:
    """Build one ``Chart`` per entry of ``config["charts"]``.

    ``syncConfig: {enabled, crosshair, timeRange}`` links the config's charts in the sync group
    ``sync_group`` (the Streamlit host passes one per key, so two configs on a page stay apart).
    """
    _refuse_unknown(_mapping(config, "config"), _CONFIG_KEYS, "config")
    entries = config.get("charts")
    if not isinstance(entries, list) or not entries:
        raise ValueError("config['charts'] must be a non-empty list of chart dicts")
    charts = [_chart(_mapping(entry, f"charts[{n}]"), n) for n, entry in enumerate(entries)]
    sync = _mapping(config.get("syncConfig") or {}, "config['syncConfig']")
    _refuse_unknown(sync, {"enabled", "crosshair", "timeRange"}, "config['syncConfig']")
    if sync.get("enabled"):
        for chart in charts:
            chart.sync_group = check_id(sync_group, "sync group")
            chart.sync_crosshair = bool(sync.get("crosshair", True))
            chart.sync_time_range = bool(sync.get("timeRange", True))
    return charts


def backend_state(config: Mapping[str, Any]) -> dict[str, Any] | None:
    """The app's own saved settings (``seriesConfigBackendData.completeState``), if it passes
    them: then the app owns persistence, as in the seed."""
    backend = config.get("seriesConfigBackendData")
    if backend is None:
        return None
    state = _mapping(backend, "config['seriesConfigBackendData']").get("completeState", {})
    return dict(_mapping(state or {}, "seriesConfigBackendData['completeState']"))


def _chart(entry: Mapping[str, Any], number: int) -> Chart:
    where = f"charts[{number}]"
    _refuse_unknown(entry, _CHART_KEYS, where)
    options = dict(_mapping(entry.get("chart", {}), f"{where}['chart']"))
    height = options.pop("height", 400)
    collapse = _mapping(entry.get("paneCollapse") or {}, f"{where}['paneCollapse']")
    _refuse_unknown(collapse, {"enabled", "showTooltip"}, f"{where}['paneCollapse']")
    chart = Chart(
        height=height,
        chart_id=entry.get("chartId"),
        options=options,
        pane_collapse=bool(collapse.get("enabled", False)),
    )
    chart.pane_collapse_tooltip = bool(collapse.get("showTooltip", True))
    series = entry.get("series")
    if not isinstance(series, list) or not series:
        raise ValueError(f"{where}['series'] must be a non-empty list of series dicts")
    for index, spec in enumerate(series):
        _add_series(
            chart, _mapping(spec, f"{where}['series'][{index}]"), f"{where}.series[{index}]"
        )
    return chart


def _add_series(chart: Chart, spec: Mapping[str, Any], where: str) -> None:
    _refuse_unknown(spec, _SERIES_KEYS, where)
    series_type = str(spec.get("type", "")).lower()
    if series_type not in SERIES_TYPES:
        raise ValueError(
            f"{where}: type must be one of {list(SERIES_TYPES)}, got {spec.get('type')!r}"
        )
    data = spec.get("data")
    frame = data if isinstance(data, pd.DataFrame) else pd.DataFrame(data)
    options = dict(_mapping(spec.get("options", {}), f"{where}['options']"))
    price_scale = options.pop("priceScaleId", "right") or "right"
    price_format = options.pop("priceFormat", None)
    if price_format is not None:
        fmt = _mapping(price_format, f"{where}['options']['priceFormat']")
        options.update({k: fmt[k] for k in ("precision", "minMove") if k in fmt})
        if "type" in fmt:  # "price", "volume" or "percent", checked with the other options
            options["priceFormat"] = fmt["type"]
    base_value = options.get("baseValue")
    if isinstance(base_value, Mapping):
        options["baseValue"] = base_value.get("price", 0.0)
    chart.add_series(
        series_type,
        frame,
        name=spec.get("name"),
        id=spec.get("id", spec.get("seriesId")),
        pane=int(spec.get("paneId", spec.get("pane", 0))),
        price_scale=price_scale,
        **options,
    )
