"""The link between a chart shown in a host and its user's saved series settings.

Both hosts use it the same way: ``saved_for(chart_id)`` goes into the envelope (the seed's
``seriesConfigBackendData``), and the ``series_config_changes`` payloads the front end sends
go to ``receive``. Host-free: which scope a session belongs to is the host's decision.
"""

from __future__ import annotations

import getpass
import hashlib
from typing import Any

from lwcharts.store import CompleteState, ConfigStore, SessionStore


def os_user_scope() -> str:
    """The scope of the OS user running this process (a Jupyter kernel, a local Streamlit)."""
    return f"os:{getpass.getuser()}"


class SettingsLink:
    """One user's saved settings, as a host reads and writes them."""

    def __init__(self, scope: str, *, store: ConfigStore | SessionStore | None = None) -> None:
        self.scope = scope
        self.store = store if store is not None else ConfigStore()
        # Namespaces the browser's localStorage per user without putting the scope (which can
        # be an e-mail address) into the page.
        self.key = hashlib.sha256(scope.encode("utf-8")).hexdigest()[:16]

    def saved_for(self, chart_id: str) -> dict[str, Any]:
        """The user's settings of one chart: ``{paneId: {seriesId: entry}}``."""
        return dict(self.store.load(self.scope).get(chart_id, {}))

    def receive(self, payload: object) -> CompleteState:
        """Store a ``series_config_changes`` payload from the browser (validated, never raises
        on bad data: what fails is dropped with a ``SettingsWarning``)."""
        return self.store.apply_payload(self.scope, payload)
