"""Jupyter host: the chart as an anywidget widget (JupyterLab, Notebook 7, VS Code, marimo).

Thin on purpose: the chart travels as one binary envelope in a ``Bytes`` trait (anywidget sends
it as a binary buffer, never JSON); settings the user changes in the dialog come back as the
seed's ``series_config_changes`` message and go to the per-user store. Everything else lives in
the host-free core and ``js/``.

The widget subscribes to its chart as a ``ChartListener`` (``lwcharts.model.chart``): the chart
tells it of new event callbacks and live rows, and asks it for screenshots. ``widget_for`` and
``show`` are what ``Chart.widget()``, ``Chart.show()`` and a cell's display of a chart call.

Custom messages, besides settings (js/src/hosts/anywidget.ts is the other side):

- Python → browser ``{type: "part", id, nonce, index}`` + one buffer: one part of an envelope
  larger than ``ChartWidget.part_bytes``, sent when a browser asks for them (below) and checked
  against the synced ``_parts`` reference (``lwcharts.wire.parts``, docs/wire-format.md "Parts").
- Python → browser ``{type: "append", seriesId}`` + one buffer: live rows (``Series.update``),
  at most one message per series per frame interval (``lwcharts.jupyter.live``);
  ``{type: "screenshot", id}``: asks each view for a PNG.
- browser → Python ``{type: "event", event}``: a click / crosshair / range event, sent only for
  the kinds in the synced ``_events`` trait; ``{type: "screenshot", id, width, height}`` + the
  PNG as one buffer (or ``error``); ``{type: "view", attached}`` as views come and go;
  ``{type: "refresh"}`` from a view that rendered too late to replay the live rows it missed;
  ``{type: "parts", id, nonce}`` asks for the parts of the envelope ``id`` (the browser pulls
  them once its model listens: parts pushed earlier could reach no listener yet).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import anywidget
import traitlets

from lwcharts.jupyter.live import FLUSHER, flush_at_cell_end
from lwcharts.jupyter.screenshot import (
    MARIMO_SCREENSHOTS,
    PendingScreenshot,
    ScreenshotRequests,
    in_marimo,
    reply_subshell,
    route_reply,
)
from lwcharts.model.chart import Chart
from lwcharts.settings.link import SettingsLink, notebook_scope
from lwcharts.settings.schema import MESSAGES, PAYLOAD_TYPE
from lwcharts.wire.parts import PART_BYTES, PartsReference, needs_parts, reference_for, split

_STATIC = Path(__file__).parent.parent / "static"

__all__ = ["ChartWidget", "PendingScreenshot", "displayed_widget", "show", "widget_for"]


class ChartWidget(anywidget.AnyWidget):
    """The widget behind ``Chart`` in a notebook. Get it with ``chart.widget()``."""

    _esm = _STATIC / "widget.js"
    _payload = traitlets.Bytes().tag(sync=True)
    # The reference of an envelope sent in parts (then ``_payload`` is empty), else ``{}``.
    _parts = traitlets.Dict().tag(sync=True)
    part_bytes = PART_BYTES
    """Envelopes above this many bytes travel as parts of this size (``lwcharts.wire.parts``)."""
    chart_id = traitlets.Unicode().tag(sync=True)
    # Event kinds Python has callbacks for: the front end sends no other events.
    _events = traitlets.List(traitlets.Unicode()).tag(sync=True)
    # Keys the front end's log of live rows, which views rendered after the rows replay.
    _uid = traitlets.Unicode().tag(sync=True)

    def __init__(self, chart: Chart, settings: SettingsLink | None = None) -> None:
        self._chart = chart
        # In Jupyter the kernel runs as the user: their saved settings are the OS user's, unless
        # lwcharts.settings.use_store(..., scope=...) named another.
        self._settings = settings or SettingsLink(notebook_scope())
        chart.drawings_link = self._settings
        self._screenshots = ScreenshotRequests()
        self.views = 0
        # What live rows cost on the wire, for tests and the curious: messages, rows, bytes.
        self.live_stats = {"messages": 0, "bytes": 0}
        # Rows sent before any view said it was there may have reached no model listener yet
        # (the front end loads the module first): the first view then gets the chart again.
        self._rows_before_view = False
        # The envelope sent in parts and its reference, kept for the browser's `parts` requests.
        self._in_parts: tuple[PartsReference, bytes] | None = None
        super().__init__(
            **self._delivery(self._envelope()),
            chart_id=chart.chart_id,
            _events=list(chart.events.kinds()),
            _uid=uuid.uuid4().hex,
        )
        self.on_msg(self._on_message)
        chart.subscribe(self)
        flush_at_cell_end()

    @property
    def settings(self) -> SettingsLink:
        """Where this widget's user settings are read and saved."""
        return self._settings

    def _envelope(self) -> bytes:
        # Waiting live rows go first: the full envelope after them redraws with them anyway.
        self._chart.flush()
        chart_id = self._chart.chart_id
        self._settings.apply_inputs(self._chart)
        return self._chart.to_envelope(
            saved=self._settings.saved_for(chart_id),
            scope_key=self._settings.key,
            drawings=self._chart.drawing_records(),
        )

    def _delivery(self, envelope: bytes) -> dict[str, Any]:
        """The traits that carry ``envelope``: itself, or a parts reference (the bytes are kept
        for the browser's ``parts`` request, as the ``_payload`` trait would have kept them)."""
        if not needs_parts(envelope, self.part_bytes):
            self._in_parts = None
            return {"_payload": envelope, "_parts": {}}
        kept = self._in_parts
        # The same bytes keep their reference: the browser holds them already, nothing is re-sent.
        if kept is not None and kept[0].part_bytes == self.part_bytes and kept[1] == envelope:
            reference = kept[0]
        else:
            reference = reference_for(envelope, self.part_bytes)
        self._in_parts = (reference, envelope)
        return {"_payload": b"", "_parts": reference.to_json()}

    def refresh(self) -> None:
        """Send the chart again after series were added or changed in Python."""
        delivery = self._delivery(self._envelope())
        with self.hold_sync():
            self.chart_id = self._chart.chart_id
            self._events = list(self._chart.events.kinds())
            self._parts = delivery["_parts"]
            self._payload = delivery["_payload"]

    def _send_parts(self, content: dict[str, Any]) -> None:
        """Answer a browser's ``parts`` request for the current envelope; one for an earlier
        envelope is left unanswered (the browser asks again for the one it now has)."""
        nonce = content.get("nonce")
        if self._in_parts is None or not isinstance(nonce, str) or len(nonce) > 64:
            return
        reference, envelope = self._in_parts
        if content.get("id") != reference.id:
            return
        message = {"type": MESSAGES["part"], "id": reference.id, "nonce": nonce}
        for index, part in enumerate(split(envelope, reference)):
            self.send({**message, "index": index}, buffers=[part])

    # ChartListener: what the chart tells its displayed widget.
    def event_kinds_changed(self, kinds: Sequence[str]) -> None:
        """Tell the views which events to send (the kinds that have callbacks)."""
        self._events = list(kinds)

    def rows_added(self, series_id: str, message: bytes) -> None:
        """Live rows for one series (``lwcharts.wire.live.encode_rows``): only new rows travel."""
        self.send({"type": MESSAGES["append"], "seriesId": series_id}, buffers=[message])
        self._rows_before_view = self._rows_before_view or self.views == 0
        self.live_stats["messages"] += 1
        self.live_stats["bytes"] += len(message)

    def rows_waiting(self) -> None:
        """Live rows wait in the chart: sent within a frame interval (``lwcharts.jupyter.live``)."""
        FLUSHER.ask(self._chart)

    def screenshot_asked(self, *, timeout: float, blocking: bool) -> PendingScreenshot:
        """Ask the views for a PNG. ``blocking``: the caller will block on ``result()``, so the
        reply must go to a kernel thread that is not the caller's (``RuntimeError`` where the
        kernel cannot do that)."""
        marimo = in_marimo()
        if blocking and marimo:
            raise RuntimeError(f"chart.screenshot() cannot block in marimo; {MARIMO_SCREENSHOTS}")
        subshell_id = reply_subshell(self.comm) if blocking else None
        if blocking and subshell_id is None:
            raise RuntimeError(
                "chart.screenshot() cannot block in this kernel (it needs ipykernel 7.4+ to "
                "take the browser's reply while the cell waits); write "
                "`png = await chart.screenshot_async()` instead"
            )
        request_id, pending = self._screenshots.start(
            timeout=timeout, views=self.views, marimo=marimo
        )
        self.send({"type": MESSAGES["screenshot"], "id": request_id})
        if subshell_id is not None:
            route_reply(self.comm, request_id, subshell_id)
        return pending

    def _on_message(self, _widget: Any, content: Any, buffers: Any) -> None:
        if not isinstance(content, dict):
            return
        kind = content.get("type")
        if kind == PAYLOAD_TYPE:
            self._settings.receive(content)
            if content.get("drawings") is not None:
                self._chart.drawings_changed()
            # An edited input of a computed series re-runs its function here, in the kernel.
            if self._settings.apply_inputs(self._chart):
                self.refresh()
        elif kind == MESSAGES["event"]:
            self._chart.events.dispatch(content.get("event"))
        elif kind == MESSAGES["screenshot"]:
            self._screenshots.reply(content, list(buffers or []))
        elif kind == MESSAGES["refresh"]:  # a view rendered too late to replay missed rows
            self.refresh()
        elif kind == MESSAGES["parts"]:
            self._send_parts(content)
        elif kind == MESSAGES["view"]:
            self.views = max(0, self.views + (1 if content.get("attached") else -1))
            if self.views > 0 and self._rows_before_view:
                self._rows_before_view = False
                self.refresh()


def displayed_widget(chart: Chart) -> ChartWidget | None:
    """The widget of ``chart`` if one was made: it subscribed to the chart, so it is found there."""
    return next((w for w in chart.listeners if isinstance(w, ChartWidget)), None)


def widget_for(chart: Chart) -> ChartWidget:
    """The widget showing ``chart``: created once, refreshed on each later call."""
    widget = displayed_widget(chart)
    if widget is None:
        return ChartWidget(chart)
    widget.refresh()
    return widget


def show(chart: Chart) -> None:
    """Display ``chart`` in the current notebook cell."""
    from IPython.display import display

    display(widget_for(chart))  # type: ignore[no-untyped-call]
