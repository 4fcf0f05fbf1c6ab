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
from lwcharts.settings import SettingsLink
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
    payload = result.get(CONFIG_TRIGGER) if hasattr(result, "get") else None
    if payload:
        settings.receive(payload)
    return result


def chart(chart: Chart, *, key: str | None = None, user_id: str | None = None) -> Any:
    """Render ``chart`` in the app and keep the user's series settings.

    ``key`` also serves as the chart id when the chart was given none. Settings are saved per
    user: the logged-in ``st.user``; the OS user when the browser runs on the server's machine;
    otherwise this browser session only, unless the app passes ``user_id``.
    """
    if key is not None and chart._chart_id is None:
        chart._chart_id = key
    return render(chart, key=key, settings=settings_for_session(user_id))
