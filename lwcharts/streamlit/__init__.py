"""Streamlit host: ``lwcharts.streamlit.chart(chart, key=...)``.

A components-v2 component whose JavaScript ships as a package asset (``lwcharts/static``, declared
in ``lwcharts/pyproject.toml``): no iframe, no inline script. The chart travels as the binary
envelope in the component's ``data`` (Streamlit forwards ``bytes`` to the browser untouched);
settings changed in the dialog come back as a one-shot trigger value and go to the store.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import streamlit as st

from lwcharts.chart import Chart
from lwcharts.seed import backend_state, charts_from_config
from lwcharts.settings import SettingsLink
from lwcharts.store import PAYLOAD_TYPE, SessionStore
from lwcharts.streamlit._scope import settings_for_session

CONFIG_TRIGGER = "series_config_changes"


@cache
def _component() -> Any:
    # Created on first use, inside the Streamlit runtime: the runtime's manifest scan is what
    # finds the package's asset dir, so creating it at import time fails outside `streamlit run`.
    return st.components.v2.component("lwcharts.chart", js="streamlit.js")


def _ignore() -> None:
    """Streamlit only reports a trigger key that has an ``on_<key>_change`` callback."""


def render(chart: Chart, *, key: str | None, settings: SettingsLink) -> Any:
    """Draw ``chart`` with ``settings`` and store what the user changed; return the result."""
    envelope = chart.to_envelope(saved=settings.saved_for(chart.chart_id), scope_key=settings.key)
    result = _component()(
        data=envelope,
        key=key,
        height="content",
        **{f"on_{CONFIG_TRIGGER}_change": _ignore},
    )
    payload = result.get(CONFIG_TRIGGER)
    if payload:
        settings.receive(payload)
    return result


def chart(chart: Chart, *, key: str | None = None, user_id: str | None = None) -> Any:
    """Render ``chart`` in the app and keep the user's series settings.

    ``key`` also serves as the chart id when the chart was given none. Settings are saved per
    user: the logged-in ``st.user``; the OS user when the browser runs on the server's machine;
    otherwise this browser session only, unless the app passes ``user_id``.
    """
    if key is not None:
        chart.default_id(key)
    return render(chart, key=key, settings=settings_for_session(user_id))


def st_lightweight_charts(config: dict[str, Any], key: str | None = None) -> Any:
    """The older package's API: render the charts of the seed's ``config`` dict.

    Returns the seed's ``series_config_changes`` payload when the user changed a setting in
    this run, else ``None``. When ``config`` carries ``seriesConfigBackendData`` the app owns
    persistence (as in the seed) and those settings are drawn; otherwise the per-user store is.
    """
    charts = charts_from_config(config)
    app_state = backend_state(config)
    payload = None
    for chart in charts:
        chart_key = key if len(charts) == 1 or key is None else f"{key}-{chart.chart_id}"
        if app_state is None:
            settings = settings_for_session(None)
        else:
            settings = SettingsLink("app", store=SessionStore({}))
            settings.receive({"type": PAYLOAD_TYPE, "changes": [], "completeState": app_state})
        if chart_key is not None:
            chart.default_id(chart_key)
        result = render(chart, key=chart_key, settings=settings)
        payload = payload or result.get(CONFIG_TRIGGER)
    return payload
