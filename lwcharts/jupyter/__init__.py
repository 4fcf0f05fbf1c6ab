"""Jupyter host: the chart as an anywidget widget (JupyterLab, Notebook 7, VS Code, marimo).

Thin on purpose: the chart travels as one binary envelope in a ``Bytes`` trait (anywidget sends
it as a binary buffer, never JSON); everything else lives in the host-free core and ``js/``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import anywidget
import traitlets

if TYPE_CHECKING:
    from lwcharts.chart import Chart

_STATIC = Path(__file__).parent.parent / "static"


class ChartWidget(anywidget.AnyWidget):
    """The widget behind ``Chart`` in a notebook. Get it with ``chart.widget()``."""

    _esm = _STATIC / "widget.js"
    _payload = traitlets.Bytes().tag(sync=True)
    chart_id = traitlets.Unicode().tag(sync=True)

    def __init__(self, chart: Chart) -> None:
        self._chart = chart
        super().__init__(_payload=chart.to_envelope(), chart_id=chart.chart_id)

    def refresh(self) -> None:
        """Send the chart again after series were added or changed in Python."""
        self.chart_id = self._chart.chart_id
        self._payload = self._chart.to_envelope()
