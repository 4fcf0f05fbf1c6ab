"""The drawing methods of ``Chart`` (a base class of it): read the user's drawings, add drawings
from code, clear, export/import and the change callback. Host-free: the user's store is reached
through ``drawings_link``, which the host that shows the chart sets (Jupyter: the widget's OS
user; Streamlit: the session's user); before any host has, it is the OS user's, as in a notebook.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from lwcharts.model.drawings import (
    CodeDrawings,
    Drawing,
    PointLike,
    export_json,
    is_untouched_code,
    live_drawings,
    make_record,
    parse_json,
)
from lwcharts.settings.drawings import DrawingRecord, newer_record
from lwcharts.settings.rules import now_ms

if TYPE_CHECKING:
    from lwcharts.model.series import Series
    from lwcharts.settings.link import SettingsLink

DrawingsHandler = Callable[[list[Drawing]], None]


class ChartDrawingsApi:
    """Mixed into ``Chart``; see the module doc."""

    series: list[Series]
    drawing_tools: bool
    _code_drawings: CodeDrawings
    _drawings_handlers: list[DrawingsHandler]
    _drawings_link: SettingsLink | None

    @property
    def chart_id(self) -> str:
        raise NotImplementedError

    @property
    def drawings_link(self) -> SettingsLink:
        """Where the user's drawings of this chart are stored (set by the host showing it)."""
        if self._drawings_link is None:
            from lwcharts.settings.link import SettingsLink, os_user_scope

            self._drawings_link = SettingsLink(os_user_scope())
        return self._drawings_link

    @drawings_link.setter
    def drawings_link(self, link: SettingsLink) -> None:
        self._drawings_link = link

    def drawing_records(self) -> list[DrawingRecord]:
        """What the browser gets: the code's drawings merged with the user's saved records
        (newest wins per id, tombstones included). A saved copy of a code drawing the user never
        changed is left out once the code no longer makes it."""
        merged: dict[str, DrawingRecord] = {}
        code_ids = {record["id"] for record in self._code_drawings.records}
        saved = [
            record
            for record in self.drawings_link.drawings_for(self.chart_id)
            if record["id"] in code_ids or not is_untouched_code(record)
        ]
        for record in [*self._code_drawings.records, *saved]:
            if newer_record(merged.get(record["id"]), record):
                merged[record["id"]] = record
        return list(merged.values())

    def drawings(self) -> list[Drawing]:
        """The drawings the user sees now: code-made ones (unless the user deleted them) and
        their own, with times as UTC ``pandas.Timestamp``."""
        return live_drawings(self.drawing_records())

    def add_drawing(
        self,
        kind: str,
        points: Sequence[PointLike],
        *,
        series: str | None = None,
        text: str | None = None,
        levels: Sequence[float] | None = None,
        **style: Any,
    ) -> Drawing:
        """Add a drawing from code: ``kind`` (trend_line, ray, extended_line, horizontal_line,
        horizontal_ray, vertical_line, rectangle, fib_retracement, text, measure), ``points``
        as (time, price) pairs, on ``series`` (an id; default the first series) and its pane.
        Style keys: color, width, lineStyle, extendLeft, extendRight, fillColor, fillOpacity,
        fontSize, showLabels. Raises ``ValueError`` naming a bad kind, point or style value."""
        target = self._drawing_series(series)
        record = make_record(
            kind,
            points,
            series_id=target.id,
            pane=target.pane,
            text=text,
            levels=levels,
            **style,
        )
        return self._code_drawings.add(record)

    def trend_line(self, start: PointLike, end: PointLike, **style: Any) -> Drawing:
        return self.add_drawing("trend_line", [start, end], **style)

    def ray(self, start: PointLike, through: PointLike, **style: Any) -> Drawing:
        return self.add_drawing("ray", [start, through], **style)

    def extended_line(self, first: PointLike, second: PointLike, **style: Any) -> Drawing:
        return self.add_drawing("extended_line", [first, second], **style)

    def horizontal_line(self, price: float, **style: Any) -> Drawing:
        """A line across the whole pane at ``price`` (its time does not matter: 0)."""
        return self.add_drawing("horizontal_line", [(0, price)], **style)

    def horizontal_ray(self, start: PointLike, **style: Any) -> Drawing:
        return self.add_drawing("horizontal_ray", [start], **style)

    def vertical_line(self, time: Any, **style: Any) -> Drawing:
        return self.add_drawing("vertical_line", [(time, 0.0)], **style)

    def rectangle(self, corner: PointLike, opposite: PointLike, **style: Any) -> Drawing:
        return self.add_drawing("rectangle", [corner, opposite], **style)

    def fib_retracement(
        self,
        start: PointLike,
        end: PointLike,
        *,
        levels: Sequence[float] | None = None,
        **style: Any,
    ) -> Drawing:
        return self.add_drawing("fib_retracement", [start, end], levels=levels, **style)

    def text(self, at: PointLike, text: str, **style: Any) -> Drawing:
        return self.add_drawing("text", [at], text=text, **style)

    def measure(self, start: PointLike, end: PointLike, **style: Any) -> Drawing:
        return self.add_drawing("measure", [start, end], **style)

    def clear_drawings(self) -> None:
        """Remove every drawing: the code's are forgotten and the user's saved ones become
        tombstones (a browser tab that still shows them cannot bring them back)."""
        self._code_drawings.clear()
        self.drawings_link.clear_drawings(self.chart_id)

    def export_drawings(self) -> str:
        """The drawings the user sees, as JSON (``import_drawings`` reads it back)."""
        return export_json(self.drawing_records())

    def import_drawings(self, text: str | bytes) -> list[Drawing]:
        """Save the drawings of an ``export_drawings`` JSON into the user's store, as the user's
        own changes made now (so they win over older copies, code-made ones included). Raises
        ``ValueError`` listing every invalid record; nothing is saved then."""
        stamp = now_ms()
        records = [{**r, "lastModified": max(stamp, r["lastModified"])} for r in parse_json(text)]
        self.drawings_link.save_drawings(self.chart_id, records)
        return live_drawings(records)

    def on_drawings_change(self, handler: DrawingsHandler) -> DrawingsHandler:
        """Call ``handler(drawings)`` with ``chart.drawings()`` after the user changed a drawing
        (Jupyter: when the change reaches the kernel; Streamlit: in the rerun it causes)."""
        self._drawings_handlers.append(handler)
        return handler

    def drawings_changed(self) -> None:
        """Hosts call this after storing drawings the browser sent."""
        if self._drawings_handlers:
            current = self.drawings()
            for handler in self._drawings_handlers:
                handler(current)

    def _drawing_series(self, series_id: str | None) -> Series:
        if not self.series:
            raise ValueError("add a series before drawings: they sit on a series' price scale")
        if series_id is None:
            return self.series[0]
        for series in self.series:
            if series.id == series_id:
                return series
        ids = ", ".join(s.id for s in self.series)
        raise ValueError(f"no series {series_id!r} in this chart; its series: {ids}")
