"""Reruns keep the chart: series data the browser already holds is not sent again.

The front end reports what it holds as the component state ``held`` (``{"series": {seriesId:
dataHash}, "request": n}``); this session remembers, per component key, which hashes it sent and
their lengths. A rerun then sends unchanged series as a hash only and grown ones as the new rows
(``lwcharts/wire/held.py``). Without a key there is nothing to remember by, and data goes in full.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from lwcharts.wire.envelope import decode_header
from lwcharts.wire.held import Held, SentLog, remember_sent, trusted_held

HELD_STATE = "held"
_SENT = "_lwcharts_sent_data"


def reported_by_browser(key: str | None) -> object:
    """The ``{seriesId: hash}`` the browser reported in the component state, before this run's
    mount (Streamlit applies the browser's state at the start of the run)."""
    if key is None:
        return None
    try:
        state: Any = st.session_state[key]
    except (KeyError, AttributeError):
        return None
    held = state.get(HELD_STATE) if isinstance(state, Mapping) else None
    return held.get("series") if isinstance(held, Mapping) else None


def held_for(key: str | None) -> dict[str, Held]:
    """What this rerun may leave out: data the browser reported and this session sent."""
    if key is None:
        return {}
    log: SentLog = st.session_state.get(_SENT, {}).get(key, {})
    return trusted_held(log, reported_by_browser(key))


def remember(key: str | None, envelope: bytes) -> None:
    if key is None:
        return
    logs: dict[str, SentLog] = st.session_state.setdefault(_SENT, {})
    logs[key] = remember_sent(logs.get(key, {}), decode_header(envelope))
