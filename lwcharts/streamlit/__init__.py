"""Streamlit host: ``lwcharts.streamlit.chart(chart, key=...)``.

A components-v2 component whose JavaScript ships as a package asset (``lwcharts/static``, declared
in ``lwcharts/pyproject.toml``): no iframe, no inline script. The chart travels as the binary
envelope in the component's ``data`` (Streamlit forwards ``bytes`` to the browser untouched);
settings changed in the dialog come back as a one-shot trigger value and go to the store.

Reruns keep the chart in the browser, with its zoom: with a ``key``, series data the browser
already holds is not sent again (``held.py``), so a rerun caused by another widget carries only
the envelope's header.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import streamlit as st

from lwcharts.compat.dict_api import backend_state, charts_from_config
from lwcharts.model.chart import Chart
from lwcharts.settings.link import SettingsLink
from lwcharts.settings.schema import EVENT_TRIGGER, PAYLOAD_TYPE, SETTINGS_TRIGGER
from lwcharts.settings.session_store import SessionStore
from lwcharts.settings.store_choice import chosen_store
from lwcharts.streamlit._scope import settings_for_session
from lwcharts.streamlit.held import HELD_STATE, held_for, remember
from lwcharts.streamlit.message_size import check_message_size
from lwcharts.wire.envelope import with_header


@cache
def _component() -> Any:
    # Created on first use, inside the Streamlit runtime: the runtime's manifest scan is what
    # finds the package's asset dir, so creating it at import time fails outside `streamlit run`.
    return st.components.v2.component("lwcharts.chart", js="streamlit.js")


def _ignore() -> None:
    """Streamlit only reports a trigger key that has an ``on_<key>_change`` callback."""


def _on_settings_change(
    key: str | None, on_change: Callable[[], None] | None
) -> Callable[[], None]:
    """The settings trigger's callback: the app's ``on_change`` when the user's drawings changed
    (the payload carries ``drawings``); series settings alone are stored without a callback."""
    if on_change is None or key is None:
        return _ignore

    def changed() -> None:
        result: Any = st.session_state.get(key)
        payload = result.get(SETTINGS_TRIGGER) if hasattr(result, "get") else None
        if isinstance(payload, dict) and payload.get("drawings") is not None:
            on_change()

    return changed


def render(
    chart: Chart,
    *,
    key: str | None,
    settings: SettingsLink,
    on_change: Callable[[], None] | None = None,
    events: tuple[str, ...] = ("click", "range"),
) -> Any:
    """Draw ``chart`` with ``settings`` and store what the user changed; return the result."""
    settings.apply_inputs(chart)
    chart.drawings_link = settings
    envelope = chart.to_envelope(
        saved=settings.saved_for(chart.chart_id),
        scope_key=settings.key,
        held=held_for(key),
        drawings=chart.drawing_records(),
    )
    # Before `remember`: an envelope refused here was never sent, so the browser holds none of it.
    check_message_size(envelope)
    remember(key, envelope)
    # The event kinds the front end reports (js/src/hosts/streamlit.ts reads this header key).
    envelope = with_header(envelope, {"events": list(events)})
    result = _component()(
        data=envelope,
        key=key,
        height="content",
        default={HELD_STATE: None},
        **{
            f"on_{SETTINGS_TRIGGER}_change": _on_settings_change(key, on_change),
            f"on_{HELD_STATE}_change": _ignore,
            f"on_{EVENT_TRIGGER}_change": on_change or _ignore,
        },
    )
    payload = result.get(SETTINGS_TRIGGER)
    if payload:
        settings.receive(payload)
        if isinstance(payload, dict) and payload.get("drawings") is not None:
            chart.drawings_changed()
        # An edited input of a computed series: run the script again to draw it recomputed.
        if settings.apply_inputs(chart):
            st.rerun()
    return result


def chart(
    chart: Chart,
    *,
    key: str | None = None,
    user_id: str | None = None,
    on_change: Callable[[], None] | None = None,
    crosshair_events: bool = False,
    identity_header: str | None = None,
    os_user: bool | None = None,
    store: object = None,
) -> Any:
    """Render ``chart`` in the app and keep the user's series settings.

    ``key`` also serves as the chart id when the chart was given none, and lets reruns skip
    re-sending data the browser already has (zoom and scroll survive them). Settings are saved
    per user (docs/deploying.md): ``user_id`` when the app passes one; the logged-in
    ``st.user``; the value of ``identity_header`` (or ``$LWCHARTS_IDENTITY_HEADER``) when an
    authenticating proxy sets it; the OS user, shared with the notebooks, only with
    ``os_user=True`` (or ``LWCHARTS_STREAMLIT_OS_USER=1``) and a browser on this machine;
    otherwise this browser session only.

    Returns Streamlit's component result. ``result.event`` is the user's last chart event, set
    in the one rerun it causes and ``None`` otherwise (a trigger): a click ``{"type": "click",
    ...}`` or a visible-range change ``{"type": "range", ...}``. ``on_change`` is called (before
    the script reruns) when such an event arrives; read ``st.session_state[key].event`` there.
    It is also called when the user's drawings change (needs a ``key``): then
    ``st.session_state[key].series_config_changes["drawings"]`` holds them, by chart id.
    ``crosshair_events=True`` also reports crosshair moves (throttled; each one reruns the
    script, so leave it off unless the app needs them).

    ``store`` is where the settings are kept: a database URL, an SQLAlchemy ``Engine`` or
    ``st.connection(..., type="sql")`` (docs/deploying.md); by default ``$LWCHARTS_STORE_URL``,
    else the per-user JSON file. Settings of an anonymous remote session stay in the session.
    """
    if key is not None:
        chart.default_id(key)
    kinds = ("click", "range", "crosshair") if crosshair_events else ("click", "range")
    settings = _user_settings(user_id, identity_header, os_user, store)
    return render(
        chart,
        key=key,
        settings=settings,
        on_change=on_change,
        events=kinds,
    )


def _user_settings(
    user_id: str | None, identity_header: str | None, os_user: bool | None, store: object
) -> SettingsLink:
    """The session user's settings link (docs/deploying.md), in ``store`` when one is given."""
    settings = settings_for_session(user_id, identity_header=identity_header, os_user=os_user)
    if store is not None and not isinstance(settings.store, SessionStore):
        settings.store = chosen_store(store)
    return settings


def st_lightweight_charts(
    config: dict[str, Any],
    key: str | None = None,
    *,
    user_id: str | None = None,
    identity_header: str | None = None,
    os_user: bool | None = None,
    store: object = None,
) -> Any:
    """The older package's API: render the charts of the seed's ``config`` dict.

    Returns the seed's ``series_config_changes`` payload when the user changed a setting in
    this run, else ``None``. When ``config`` carries ``seriesConfigBackendData`` the app owns
    persistence (as in the seed) and those settings are drawn; otherwise the user's store is,
    chosen as in ``chart`` (``user_id``, ``identity_header``, ``os_user``, ``store``).
    """
    charts = charts_from_config(config, sync_group=f"seed-{key or 'charts'}")
    app_state = backend_state(config)
    payload = None
    for chart in charts:
        chart_key = key if len(charts) == 1 or key is None else f"{key}-{chart.chart_id}"
        if app_state is None:
            settings = _user_settings(user_id, identity_header, os_user, store)
        else:
            settings = SettingsLink("app", store=SessionStore({}))
            settings.receive({"type": PAYLOAD_TYPE, "changes": [], "completeState": app_state})
        if chart_key is not None:
            chart.default_id(chart_key)
        # The seed's API returns no events: subscribing would only cost the app reruns.
        result = render(chart, key=chart_key, settings=settings, events=())
        payload = payload or result.get(SETTINGS_TRIGGER)
    return payload
