"""Jupyter host: the chart as an anywidget widget (JupyterLab, Notebook 7, VS Code, marimo).

Thin on purpose: the chart travels as one binary envelope in a ``Bytes`` trait (anywidget sends
it as a binary buffer, never JSON); settings the user changes in the dialog come back as the
seed's ``series_config_changes`` message and go to the per-user store. Everything else lives in
the host-free core and ``js/``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import anywidget
import traitlets

from lwcharts.settings import SettingsLink, os_user_scope

if TYPE_CHECKING:
    from lwcharts.chart import Chart

_STATIC = Path(__file__).parent.parent / "static"


class ChartWidget(anywidget.AnyWidget):
    """The widget behind ``Chart`` in a notebook. Get it with ``chart.widget()``."""

    _esm = _STATIC / "widget.js"
    _payload = traitlets.Bytes().tag(sync=True)
    chart_id = traitlets.Unicode().tag(sync=True)

    def __init__(self, chart: Chart, settings: SettingsLink | None = None) -> None:
        self._chart = chart
        # In Jupyter the kernel runs as the user: their saved settings are the OS user's.
        self._settings = settings or SettingsLink(os_user_scope())
        super().__init__(_payload=self._envelope(), chart_id=chart.chart_id)
        self.on_msg(self._on_message)

    def _envelope(self) -> bytes:
        chart_id = self._chart.chart_id
        return self._chart.to_envelope(
            saved=self._settings.saved_for(chart_id), scope_key=self._settings.key
        )

    def refresh(self) -> None:
        """Send the chart again after series were added or changed in Python."""
        self.chart_id = self._chart.chart_id
        self._payload = self._envelope()

    def _on_message(self, _widget: Any, content: Any, _buffers: Any) -> None:
        if isinstance(content, dict) and content.get("type") == "series_config_changes":
            self._settings.receive(content)
