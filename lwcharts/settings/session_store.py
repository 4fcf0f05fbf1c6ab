"""Series settings kept in a dict that one browser session owns (Streamlit visitors)."""

from __future__ import annotations

from typing import Any

from lwcharts.settings.rules import (
    CompleteState,
    Refusals,
    ScopeEntries,
    check_scope,
    now_ms,
    payload_entries,
)


class SessionStore:
    """The same rules as ``SettingsStore``, kept in a dict that one browser session owns.

    For visitors Streamlit cannot tell apart (no login, no trusted identity, not the opted-in
    local user): their settings live in their own ``st.session_state`` and never reach the shared
    file. The caps of ``ScopeEntries`` bound what one session holds (``MAX_SCOPE_BYTES``).
    """

    def __init__(self, holder: dict[str, Any]) -> None:
        self._holder = holder

    def _entries(self, scope: str) -> ScopeEntries:
        check_scope(scope)
        held = self._holder.get(scope)
        if not isinstance(held, ScopeEntries):
            held = self._holder[scope] = ScopeEntries(scope)
        return held

    def load(self, scope: str) -> CompleteState:
        return self._entries(scope).state

    def apply_payload(self, scope: str, payload: object) -> CompleteState:
        entries = self._entries(scope)
        refused = Refusals("settings payload")
        entries.merge(payload_entries(payload, now_ms(), refused))
        entries.enforce_caps(refused)
        refused.report()
        return entries.state
