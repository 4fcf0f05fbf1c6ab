"""Whose settings a Streamlit session sees (the policy is explained in docs/deploying.md).

Identities, in order: an id the app passes (``app:``); the logged-in ``st.user`` (``st:``); a
trusted identity header that an authenticating proxy sets, only when the operator names it
(``header:``); the OS user (``os:``, shared with the user's notebooks), only when the operator
opts in *and* the request looks local. Everyone else keeps their settings in their browser and
in this session only (``st.session_state``), never in the shared file.

Why the OS user needs an opt-in: a reverse proxy or a TCP tunnel on the same machine makes a
remote browser arrive from 127.0.0.1 with a loopback ``Host``, so no check of the request can
tell "my own browser" from "anyone who reaches the tunnel". The checks below refuse everything a
proxy is known to add, but only the operator knows that nothing else forwards to the port.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from functools import cache
from typing import Any
from urllib.parse import urlsplit

import streamlit as st
from streamlit.logger import get_logger

from lwcharts._report import short, warn
from lwcharts.settings.link import SettingsLink, os_user_scope
from lwcharts.settings.rules import MAX_SCOPE_LENGTH
from lwcharts.settings.session_store import SessionStore

OS_USER_ENV = "LWCHARTS_STREAMLIT_OS_USER"
IDENTITY_HEADER_ENV = "LWCHARTS_IDENTITY_HEADER"
_SESSION_SETTINGS = "_lwcharts_session_settings"
_LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})
# Headers a proxy adds: a request carrying any of them did not come straight from a browser.
FORWARDING_HEADERS = (
    "X-Forwarded-For",
    "Forwarded",
    "X-Real-IP",
    "X-Forwarded-Host",
    "X-Forwarded-Proto",
    "X-Forwarded-Port",
    "X-Forwarded-Server",
    "X-Original-Forwarded-For",
    "Via",
    "True-Client-IP",
    "CF-Connecting-IP",
)
_HEADER_NAME = re.compile(r"[A-Za-z0-9-]{1,100}")
_LOGGER = get_logger("lwcharts")


def os_user_opted_in(os_user: bool | None) -> bool:
    """The parameter when given, else ``LWCHARTS_STREAMLIT_OS_USER=1``."""
    if os_user is not None:
        return os_user
    return os.environ.get(OS_USER_ENV, "").strip().lower() in {"1", "true", "yes", "on"}


def configured_identity_header(identity_header: str | None) -> str | None:
    """The header name the operator trusts: the parameter when given, else the env var."""
    name = identity_header if identity_header is not None else os.environ.get(IDENTITY_HEADER_ENV)
    if not name:
        return None
    name = name.strip()
    if not _HEADER_NAME.fullmatch(name):
        raise ValueError(
            f"identity header must be an HTTP header name (letters, digits, '-'), got {short(name)}"
        )
    return name


def looks_local(ip_address: str | None, headers: Mapping[str, str]) -> bool:
    """True only for a request straight from a browser on this machine: peer on loopback
    (Streamlit reports ``None`` for it), a loopback ``Host``, an ``Origin`` naming that same
    host and port (a proxy that rewrites ``Host`` leaves the browser's ``Origin``), and none of
    the headers a proxy adds."""
    if ip_address is not None:
        return False
    lower = {name.lower(): value for name, value in headers.items()}
    if any(name.lower() in lower for name in FORWARDING_HEADERS):
        return False
    host = lower.get("host", "")
    origin = urlsplit(lower.get("origin", ""))
    try:
        origin_port = origin.port or {"http": 80, "https": 443}.get(origin.scheme)
        host_part = urlsplit(f"//{host}")
        host_port = host_part.port or origin_port
    except ValueError:  # a port that is not a number
        return False
    return (
        host_part.hostname in _LOOPBACK_HOSTS
        and origin.hostname == host_part.hostname
        and origin_port is not None
        and origin_port == host_port
    )


def _logged_in_identity() -> str | None:
    try:
        if not st.user.is_logged_in:
            return None
    except (AttributeError, KeyError):  # auth not configured
        return None
    user: Any = st.user
    identity = user.get("email") or user.get("sub")
    return str(identity) if identity else None


def _header_identity(name: str, headers: Mapping[str, str]) -> str | None:
    value = next((v for k, v in headers.items() if k.lower() == name.lower()), "").strip()
    if not value:
        return None
    if len(value) > MAX_SCOPE_LENGTH - len("header:") or not value.isprintable():
        warn(f"ignored the identity header {name}: not a short printable value, got {short(value)}")
        return None
    return value


@cache
def _log_policy(identity_header: str | None, os_user: bool) -> None:
    """One line per process and policy, so the operator sees what is in force."""
    steps = ["user_id= from the app", "st.user"]
    if identity_header:
        steps.append(f"trusted header {identity_header}")
    if os_user:
        steps.append("the OS user for a browser on this machine (opt-in)")
    _LOGGER.info(
        "lwcharts: settings scope policy: %s; otherwise the browser session only",
        ", then ".join(steps),
    )


def settings_for_session(
    user_id: str | None = None,
    *,
    identity_header: str | None = None,
    os_user: bool | None = None,
) -> SettingsLink:
    """The settings link of the user of the current Streamlit session."""
    header_name = configured_identity_header(identity_header)
    opted_in = os_user_opted_in(os_user)
    _log_policy(header_name, opted_in)
    if user_id is not None:
        return SettingsLink(f"app:{user_id}")
    identity = _logged_in_identity()
    if identity is not None:
        return SettingsLink(f"st:{identity}")
    headers: Mapping[str, str] = st.context.headers
    if header_name is not None:
        from_header = _header_identity(header_name, headers)
        if from_header is not None:
            return SettingsLink(f"header:{from_header}")
    if opted_in and looks_local(st.context.ip_address, headers):
        return SettingsLink(os_user_scope())
    holder = st.session_state.setdefault(_SESSION_SETTINGS, {})
    return SettingsLink("session", store=SessionStore(holder))
