"""The link between a chart shown in a host and its user's saved series settings.

Both hosts use it the same way: ``saved_for(chart_id)`` goes into the envelope (the seed's
``seriesConfigBackendData``), and the ``series_config_changes`` payloads the front end sends
go to ``receive``. Host-free: which scope a session belongs to is the host's decision.
"""

from __future__ import annotations

import getpass
import hashlib
import time
from typing import TYPE_CHECKING, Any

from lwcharts.settings.drawings import DrawingRecord
from lwcharts.settings.rules import (
    CompleteState,
    drawings_only,
    now_ms,
    series_only,
)
from lwcharts.settings.schema import PAYLOAD_TYPE
from lwcharts.settings.store_choice import Store, chosen_store, process_scope

if TYPE_CHECKING:
    from lwcharts.model.chart import Chart


def os_user_scope() -> str:
    """The scope of the OS user running this process (a Jupyter kernel, a local Streamlit)."""
    return f"os:{getpass.getuser()}"


def notebook_scope() -> str:
    """Whose settings a notebook's charts show: ``use_store(..., scope=...)``'s, else the OS
    user's."""
    return process_scope() or os_user_scope()


class SettingsLink:
    """One user's saved settings, as a host reads and writes them."""

    def __init__(self, scope: str, *, store: Store | None = None) -> None:
        self.scope = scope
        # None: the configured store (lwcharts.settings.store_choice), by default the JSON file.
        self.store = store if store is not None else chosen_store()
        # Namespaces the browser's localStorage per user without putting the scope (which can
        # be an e-mail address) into the page.
        self.key = hashlib.sha256(scope.encode("utf-8")).hexdigest()[:16]

    def saved_for(self, chart_id: str) -> dict[str, Any]:
        """The user's settings of one chart: ``{paneId: {seriesId: entry}}`` (no drawings)."""
        return series_only(self.store.load(self.scope).get(chart_id, {}))

    def drawings_for(self, chart_id: str) -> list[DrawingRecord]:
        """The user's drawing records of one chart, tombstones included (what the envelope's
        ``seriesConfigBackendData.drawings`` carries), oldest change first."""
        return drawings_only(self.store.load(self.scope).get(chart_id, {}))

    def save_drawings(self, chart_id: str, records: list[DrawingRecord]) -> list[DrawingRecord]:
        """Merge drawing records (validated like the browser's) into the user's store; return
        the chart's records after the merge."""
        payload = {"type": PAYLOAD_TYPE, "changes": [], "drawings": {chart_id: records}}
        return drawings_only(self.store.apply_payload(self.scope, payload).get(chart_id, {}))

    def clear_drawings(self, chart_id: str) -> list[DrawingRecord]:
        """Delete every drawing of the chart: each becomes a tombstone stamped now."""
        stamp = now_ms()
        held = self.drawings_for(chart_id)
        tombstones: list[DrawingRecord] = [
            {"id": r["id"], "lastModified": max(stamp, r["lastModified"] + 1), "deleted": True}
            for r in held
            if not r.get("deleted")
        ]
        return self.save_drawings(chart_id, tombstones) if tombstones else held

    def apply_inputs(self, chart: Chart) -> bool:
        """Re-run the chart's computed series with the user's saved inputs before it is encoded.

        A saved input the series cannot take (out of range, or its function raised on it) is
        written back as the value drawn, so the dialog shows what the chart shows. True when the
        chart must be sent again: data changed or saved settings were corrected.
        """
        if not chart.computed_series:
            return False  # no file read for charts of plain data
        saved = self.saved_for(chart.chart_id)
        applied = chart.apply_saved_inputs(saved)
        if applied.corrections:
            changes = []
            for (pane_id, series_id), (series_type, config) in applied.corrections.items():
                held = saved.get(pane_id, {}).get(series_id, {})
                # After the entry it corrects, even when that came from a clock running ahead.
                stamp = max(int(time.time() * 1000), held.get("lastModified", 0) + 1)
                changes.append(
                    {
                        "chartId": chart.chart_id,
                        "paneId": pane_id,
                        "seriesId": series_id,
                        "seriesType": series_type,
                        "config": config,
                        "timestamp": stamp,
                    }
                )
            self.store.apply_payload(self.scope, {"type": PAYLOAD_TYPE, "changes": changes})
        return applied.changed or bool(applied.corrections)

    def receive(self, payload: object) -> CompleteState:
        """Store a ``series_config_changes`` payload from the browser (validated, never raises
        on bad data: what fails is dropped with a ``SettingsWarning``)."""
        return self.store.apply_payload(self.scope, payload)
