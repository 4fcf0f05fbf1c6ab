"""Whose settings a Streamlit session sees.

Order: an id the app passes; the logged-in ``st.user``; the OS user when the browser is on the
server's own machine (Streamlit reports no IP address for localhost); otherwise this browser
session only, kept in ``st.session_state`` and never written to the shared file — so one
visitor's settings can never reach another.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from lwcharts.settings.link import SettingsLink, os_user_scope
from lwcharts.settings.session_store import SessionStore

_SESSION_SETTINGS = "_lwcharts_session_settings"
_LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})


def _logged_in_identity() -> str | None:
    try:
        if not st.user.is_logged_in:
            return None
    except (AttributeError, KeyError):  # auth not configured
        return None
    user: Any = st.user
    identity = user.get("email") or user.get("sub")
    return str(identity) if identity else None


def settings_for_session(user_id: str | None = None) -> SettingsLink:
    """The settings link of the user of the current Streamlit session."""
    if user_id is not None:
        return SettingsLink(f"app:{user_id}")
    identity = _logged_in_identity()
    if identity is not None:
        return SettingsLink(f"st:{identity}")
    ip_address = st.context.ip_address
    if ip_address is None or ip_address in _LOOPBACK:
        return SettingsLink(os_user_scope())
    holder = st.session_state.setdefault(_SESSION_SETTINGS, {})
    return SettingsLink("session", store=SessionStore(holder))
