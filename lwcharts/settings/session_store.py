"""Series settings kept in a dict that one browser session owns (Streamlit visitors)."""

from __future__ import annotations

from typing import Any

from lwcharts.settings.rules import (
    CompleteState,
    check_scope,
    merged,
    nest,
    now_ms,
    payload_entries,
    trim,
)


class SessionStore:
    """The same rules as ``SettingsStore``, kept in a dict that one browser session owns.

    For visitors Streamlit cannot tell apart (no login, not on the server's machine): their
    settings live in their own ``st.session_state`` and never reach the shared file.
    """

    def __init__(self, holder: dict[str, Any]) -> None:
        self._holder = holder

    def load(self, scope: str) -> CompleteState:
        check_scope(scope)
        return nest(self._holder.get(scope, {}))

    def apply_payload(self, scope: str, payload: object) -> CompleteState:
        check_scope(scope)
        incoming = payload_entries(payload, now_ms())
        result = trim(merged(self._holder.get(scope, {}), incoming), scope)
        self._holder[scope] = result
        return nest(result)
