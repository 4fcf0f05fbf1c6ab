"""The chart model: a host-free description of panes, series, markers and price lines.

A ``Chart`` knows nothing of Jupyter or Streamlit. It validates everything at the call that
added it (so the traceback points at the user's line) and encodes itself into the binary
envelope (``to_envelope``) that both hosts hand to the one front end.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd

from lwcharts._data import OHLC_COLUMNS, Columns, to_columns, to_utc_seconds
from lwcharts._delta import Held, encode_data
from lwcharts._ids import check_id, slug
from lwcharts._live import encode_rows, merge, new_columns, row_columns, row_frame
from lwcharts._schema import (
    MAX_TEXT_LENGTH,
    OHLC_TYPES,
    SERIES_TYPES,
    SeriesType,
    check_option,
    is_css_color,
)
from lwcharts._wire import EnvelopeWriter
from lwcharts.events import EventHandlers, EventKind, Handler
from lwcharts.indicators import Applied, Computed, apply_saved, declare

if TYPE_CHECKING:
    from os import PathLike

    from lwcharts.jupyter import ChartWidget, PendingScreenshot

Theme = Literal["light", "dark", "auto"]
ScaleMode = Literal["normal", "log", "percent", "indexed"]
THEMES = ("light", "dark", "auto")
SCALE_MODES = ("normal", "log", "percent", "indexed")
MARKER_POSITIONS = ("aboveBar", "belowBar", "inBar")
MARKER_SHAPES = ("circle", "square", "arrowUp", "arrowDown")


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def _check_text(value: object, what: str) -> str:
    if not isinstance(value, str) or len(value) > MAX_TEXT_LENGTH:
        raise ValueError(f"{what} must be text of at most {MAX_TEXT_LENGTH} characters")
    return value


@dataclass
class Series:
    """One series of a chart. Returned by ``Chart.candlestick``, ``Chart.line``, ..."""

    id: str
    name: str
    type: SeriesType
    pane: int
    columns: Columns
    options: dict[str, Any]
    price_scale: str
    scale_mode: ScaleMode
    _markers: list[dict[str, Any]] = field(default_factory=list)
    _price_lines: list[dict[str, Any]] = field(default_factory=list)
    # Where live rows go once the series is on a chart: Chart._rows_added (host-free).
    _sink: Any = field(default=None, repr=False, compare=False)
    # Set on a series computed from a function and inputs (``Chart.indicator``).
    _computed: Computed | None = field(default=None, repr=False, compare=False)

    def update(self, row: Any) -> Series:
        """Live data: one row (a dict such as ``{"time": t, "value": v}`` or with open/high/
        low/close, a pandas Series such as ``df.iloc[-1]``, or a one-row DataFrame). A row at the
        last time replaces the last bar, a later one is appended; an earlier one is a
        ``ValueError``. A displayed chart receives only this row."""
        rows = row_columns(row, self._fields, self.id) if isinstance(row, dict) else None
        if rows is None:
            rows = new_columns(row_frame(row, self.id), self._fields, self.id, None)
        return self._add_rows(rows, True)

    def append(self, data: Any, *, column: str | None = None) -> Series:
        """Live data: rows after the last time, in the shape the series was built from (a
        DataFrame, or a Series for one-value types; ``column`` picks the value column). Checked
        like construction data; a displayed chart receives only these rows."""
        return self._add_rows(new_columns(data, self._fields, self.id, column), False)

    @property
    def _fields(self) -> tuple[str, ...]:
        return OHLC_COLUMNS if self.type in OHLC_TYPES else ("value",)

    def _add_rows(self, rows: Columns, replace_last: bool) -> Series:
        self.columns, _ = merge(self.columns, rows, self.id, replace_last=replace_last)
        if self._sink is not None:
            self._sink(self, encode_rows(self.id, rows))
        return self

    def __len__(self) -> int:
        return len(self.columns)

    def markers(self, markers: Iterable[Mapping[str, Any]]) -> Series:
        """Set the series' markers: dicts with ``time`` and optional ``position`` (aboveBar,
        belowBar, inBar), ``shape`` (circle, square, arrowUp, arrowDown), ``color``, ``text``."""
        checked = []
        for number, marker in enumerate(markers):
            where = f"series {self.id!r} marker {number}"
            unknown = set(marker) - {"time", "position", "shape", "color", "text", "size"}
            if unknown:
                raise ValueError(
                    f"{where}: unknown keys {sorted(unknown)}; allowed: time, "
                    "position, shape, color, text, size"
                )
            if "time" not in marker:
                raise ValueError(f"{where}: needs a 'time'")
            position = _camel(str(marker.get("position", "aboveBar")))
            shape = _camel(str(marker.get("shape", "circle")))
            if position not in MARKER_POSITIONS:
                raise ValueError(
                    f"{where}: position must be one of {MARKER_POSITIONS}, "
                    f"got {marker.get('position')!r}"
                )
            if shape not in MARKER_SHAPES:
                raise ValueError(
                    f"{where}: shape must be one of {MARKER_SHAPES}, got {marker.get('shape')!r}"
                )
            color = marker.get("color", "#2196f3")
            if not is_css_color(color):
                raise ValueError(f"{where}: color must be a CSS colour, got {color!r}")
            entry: dict[str, Any] = {
                "time": float(to_utc_seconds([marker["time"]], f"{where}: time")[0]),
                "position": position,
                "shape": shape,
                "color": color,
                "text": _check_text(marker.get("text", ""), f"{where}: text"),
            }
            if "size" in marker:
                entry["size"] = float(marker["size"])
            checked.append(entry)
        self._markers = sorted(checked, key=lambda m: m["time"])
        return self

    def price_line(
        self,
        price: float,
        *,
        title: str = "",
        color: str = "#2196f3",
        line_width: int = 1,
        line_style: str = "dashed",
        axis_label_visible: bool = True,
    ) -> Series:
        """Add a horizontal line at ``price`` (e.g. an entry or a stop) with an axis label."""
        if isinstance(price, bool) or not isinstance(price, (int, float)):
            raise ValueError(f"price line price must be a number, got {price!r}")
        self._price_lines.append(
            {
                "price": float(price),
                "title": _check_text(title, "price line title"),
                "color": check_option("line", "color", color),
                "lineWidth": check_option("line", "lineWidth", line_width),
                "lineStyle": check_option("line", "lineStyle", line_style),
                "axisLabelVisible": bool(axis_label_visible),
            }
        )
        return self

    def _header(self, writer: EnvelopeWriter, held: Held | None = None) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "pane": self.pane,
            "paneId": self.pane,
            "options": self.options,
            "priceScale": {"id": self.price_scale, "mode": self.scale_mode},
            "length": len(self.columns),
            # dataHash, and the columns the browser does not hold yet (lwcharts/_delta.py)
            **encode_data(writer, self.columns, held),
            "markers": self._markers,
            "priceLines": self._price_lines,
            **({} if self._computed is None else {"inputs": self._computed.header()}),
        }


class Chart:
    """A Lightweight Charts chart: panes of series, built from pandas data.

    ``Chart(df)`` draws a candlestick series when ``df`` has open/high/low/close columns, a line
    otherwise; add more with ``candlestick``, ``bar``, ``line``, ``area``, ``baseline`` and
    ``histogram``. In a notebook the chart displays itself; in Streamlit pass it to
    ``lwcharts.streamlit.chart``.

    ``sync_group``: charts shown on one page with the same group share the crosshair and the
    visible time range (see also ``lwcharts.sync``). ``pane_collapse``: a button on each pane
    folds it to a strip; the user's choice is kept in the browser per chart id.
    """

    def __init__(
        self,
        data: pd.DataFrame | pd.Series | None = None,
        *,
        height: int = 420,
        chart_id: str | None = None,
        theme: Theme = "auto",
        legend: bool = True,
        watermark: str | None = None,
        pane_stretch: Iterable[float] = (),
        attribution: bool = True,
        options: Mapping[str, Any] | None = None,
        sync_group: str | None = None,
        pane_collapse: bool = False,
    ) -> None:
        if isinstance(height, bool) or not isinstance(height, int) or not 50 <= height <= 5000:
            raise ValueError(f"height must be a whole number of pixels 50-5000, got {height!r}")
        if theme not in THEMES:
            raise ValueError(f"theme must be one of {THEMES}, got {theme!r}")
        self.height = height
        self.theme: Theme = theme
        self.legend = bool(legend)
        self.attribution = bool(attribution)
        self.watermark = None if watermark is None else _check_text(watermark, "watermark")
        self.options = dict(options or {})
        self.pane_stretch = [float(s) for s in pane_stretch]
        if any(not s > 0 for s in self.pane_stretch):
            raise ValueError(f"pane_stretch factors must be > 0, got {self.pane_stretch}")
        self._chart_id = None if chart_id is None else check_id(chart_id, "chart_id")
        self.series: list[Series] = []
        self._widget: ChartWidget | None = None
        self._events = EventHandlers()
        # Charts of one page with the same group share crosshair and visible time range.
        self.sync_group = None if sync_group is None else check_id(sync_group, "sync_group")
        self.sync_crosshair = True
        self.sync_time_range = True
        self.pane_collapse = bool(pane_collapse)
        self.pane_collapse_tooltip = True
        if isinstance(data, pd.DataFrame) and set(OHLC_COLUMNS) <= {
            str(n).lower() for n in data.columns
        }:
            self.candlestick(data)
        elif data is not None:
            self.line(data)

    @property
    def chart_id(self) -> str:
        """The id that keys saved settings: given, or derived from the series ids and types."""
        if self._chart_id is not None:
            return self._chart_id
        signature = ",".join(f"{s.id}:{s.type}" for s in self.series)
        return "chart-" + hashlib.sha256(signature.encode()).hexdigest()[:10]

    def default_id(self, chart_id: str) -> None:
        """Use ``chart_id`` unless the chart was given one (Streamlit passes its widget key)."""
        if self._chart_id is None:
            self._chart_id = check_id(chart_id, "chart_id")

    @property
    def pane_count(self) -> int:
        return max([s.pane for s in self.series] + [len(self.pane_stretch) - 1, 0]) + 1

    def _add(
        self,
        series_type: SeriesType,
        data: Any,
        *,
        name: str | None,
        id: str | None,
        pane: int,
        price_scale: str,
        scale_mode: ScaleMode,
        column: str | None,
        options: Mapping[str, Any],
    ) -> Series:
        if isinstance(pane, bool) or not isinstance(pane, int) or not 0 <= pane <= 20:
            raise ValueError(f"pane must be a whole number 0-20, got {pane!r}")
        if scale_mode not in SCALE_MODES:
            raise ValueError(f"scale_mode must be one of {SCALE_MODES}, got {scale_mode!r}")
        check_id(price_scale, "price_scale")
        if name is None:
            default = data.name if isinstance(data, pd.Series) and data.name is not None else None
            name = str(column or default or series_type)
        _check_text(name, "series name")
        series_id = self._new_id(id, name)
        fields = OHLC_COLUMNS if series_type in OHLC_TYPES else ("value",)
        columns = to_columns(data, fields, series=series_id, column=column)
        checked = {_camel(k): check_option(series_type, _camel(k), v) for k, v in options.items()}
        for other in self.series:
            same_scale = other.pane == pane and other.price_scale == price_scale
            if same_scale and other.scale_mode != scale_mode:
                raise ValueError(
                    f"series {series_id!r}: price scale {price_scale!r} on pane {pane} is "
                    f"already {other.scale_mode!r} (series {other.id!r}); got {scale_mode!r}"
                )
        series = Series(
            series_id, name, series_type, pane, columns, checked, price_scale, scale_mode
        )
        series._sink = self._rows_added
        self.series.append(series)
        return series

    def _new_id(self, given: str | None, name: str) -> str:
        taken = {s.id for s in self.series}
        if given is not None:
            if check_id(given, "series id") in taken:
                raise ValueError(f"series id {given!r} is already used in this chart")
            return given
        base = slug(name) or "series"
        candidate, number = base, 2
        while candidate in taken:
            candidate, number = f"{base}-{number}", number + 1
        return candidate

    def candlestick(
        self,
        data: pd.DataFrame,
        *,
        name: str | None = None,
        id: str | None = None,
        pane: int = 0,
        price_scale: str = "right",
        scale_mode: ScaleMode = "normal",
        **options: Any,
    ) -> Series:
        """Candlesticks from open/high/low/close columns. Options: see docs/options.md."""
        return self._add(
            "candlestick",
            data,
            name=name,
            id=id,
            pane=pane,
            price_scale=price_scale,
            scale_mode=scale_mode,
            column=None,
            options=options,
        )

    def bar(
        self,
        data: pd.DataFrame,
        *,
        name: str | None = None,
        id: str | None = None,
        pane: int = 0,
        price_scale: str = "right",
        scale_mode: ScaleMode = "normal",
        **options: Any,
    ) -> Series:
        """OHLC bars from open/high/low/close columns."""
        return self._add(
            "bar",
            data,
            name=name,
            id=id,
            pane=pane,
            price_scale=price_scale,
            scale_mode=scale_mode,
            column=None,
            options=options,
        )

    def line(
        self,
        data: pd.DataFrame | pd.Series,
        *,
        column: str | None = None,
        name: str | None = None,
        id: str | None = None,
        pane: int = 0,
        price_scale: str = "right",
        scale_mode: ScaleMode = "normal",
        **options: Any,
    ) -> Series:
        """A line from a Series, a ``value`` column, or the column named by ``column``."""
        return self._add(
            "line",
            data,
            name=name,
            id=id,
            pane=pane,
            price_scale=price_scale,
            scale_mode=scale_mode,
            column=column,
            options=options,
        )

    def area(
        self,
        data: pd.DataFrame | pd.Series,
        *,
        column: str | None = None,
        name: str | None = None,
        id: str | None = None,
        pane: int = 0,
        price_scale: str = "right",
        scale_mode: ScaleMode = "normal",
        **options: Any,
    ) -> Series:
        """A filled area under a line."""
        return self._add(
            "area",
            data,
            name=name,
            id=id,
            pane=pane,
            price_scale=price_scale,
            scale_mode=scale_mode,
            column=column,
            options=options,
        )

    def baseline(
        self,
        data: pd.DataFrame | pd.Series,
        *,
        column: str | None = None,
        name: str | None = None,
        id: str | None = None,
        pane: int = 0,
        price_scale: str = "right",
        scale_mode: ScaleMode = "normal",
        **options: Any,
    ) -> Series:
        """A line filled above and below ``base_value`` in two colours."""
        return self._add(
            "baseline",
            data,
            name=name,
            id=id,
            pane=pane,
            price_scale=price_scale,
            scale_mode=scale_mode,
            column=column,
            options=options,
        )

    def histogram(
        self,
        data: pd.DataFrame | pd.Series,
        *,
        column: str | None = None,
        name: str | None = None,
        id: str | None = None,
        pane: int = 0,
        price_scale: str = "right",
        scale_mode: ScaleMode = "normal",
        **options: Any,
    ) -> Series:
        """Columns from a base (e.g. volume), often on its own pane."""
        return self._add(
            "histogram",
            data,
            name=name,
            id=id,
            pane=pane,
            price_scale=price_scale,
            scale_mode=scale_mode,
            column=column,
            options=options,
        )

    def indicator(
        self,
        series_type: SeriesType,
        function: Callable[..., Any],
        source: Any = None,
        *,
        inputs: Mapping[str, Any] | None = None,
        column: str | None = None,
        name: str | None = None,
        id: str | None = None,
        pane: int = 0,
        price_scale: str = "right",
        scale_mode: ScaleMode = "normal",
        **options: Any,
    ) -> Series:
        """A series computed in Python: ``function(source, **inputs)`` returns its data (what
        ``line``, ``candlestick``... take). ``inputs`` maps names to defaults (int, float, bool,
        str) or ``lwcharts.Input(...)``; the Inputs tab of the settings dialog edits them, and a
        change re-runs ``function`` in Python and redraws. Saved like the series' styles."""
        if series_type not in SERIES_TYPES:
            raise ValueError(f"series_type must be one of {SERIES_TYPES}, got {series_type!r}")
        if not callable(function):
            raise ValueError(f"function must be callable, got {function!r}")
        specs = declare(inputs)
        computed = Computed(function, source, specs, column)
        data = function(source, **computed.values)
        default_name = getattr(function, "__name__", None)
        series = self._add(
            series_type,
            data,
            name=name if name is not None else str(column or default_name or series_type),
            id=id,
            pane=pane,
            price_scale=price_scale,
            scale_mode=scale_mode,
            column=column,
            options=options,
        )
        series._computed = computed
        return series

    def apply_saved_inputs(self, saved: Mapping[str, Any]) -> Applied:
        """Re-run computed series whose saved inputs (``saved``: ``{paneId: {seriesId:
        entry}}``) differ from those drawn; see ``lwcharts.indicators.apply_saved``."""
        return apply_saved(self, saved)

    def to_envelope(
        self,
        *,
        saved: Mapping[str, Any] | None = None,
        scope_key: str = "",
        held: Mapping[str, Held] | None = None,
    ) -> bytes:
        """Encode the chart for the browser: one binary envelope (docs/wire-format.md).

        ``saved`` is the user's saved settings for this chart (``{paneId: {seriesId: entry}}``,
        the seed's completeState below the chart id); the front end applies them over the code's
        options. ``scope_key`` namespaces the browser's localStorage per user. ``held`` is the
        data the browser already holds per series id (Streamlit reruns): those series go
        without columns, or with only the rows appended since.
        """
        if not self.series:
            raise ValueError(
                "the chart has no series; add one with chart.candlestick(df), "
                "chart.line(series), ..."
            )
        writer = EnvelopeWriter()
        stretch = self.pane_stretch + [1.0] * (self.pane_count - len(self.pane_stretch))
        header = {
            "chartId": self.chart_id,
            "height": self.height,
            "theme": self.theme,
            "options": self.options,
            "watermark": None if self.watermark is None else {"text": self.watermark},
            "legend": self.legend,
            "attribution": self.attribution,
            "panes": [{"stretchFactor": s} for s in stretch],
            "series": [s._header(writer, (held or {}).get(s.id)) for s in self.series],
            "sync": None
            if self.sync_group is None
            else {
                "group": self.sync_group,
                "crosshair": self.sync_crosshair,
                "timeRange": self.sync_time_range,
            },
            "paneCollapse": {
                "enabled": self.pane_collapse,
                "showTooltip": self.pane_collapse_tooltip,
            },
            "scope": scope_key,
            "seriesConfigBackendData": {"completeState": {self.chart_id: dict(saved or {})}},
        }
        return writer.finish(header)

    # Events, live data and export. Callbacks and rows are host-free; a displayed widget (Jupyter)
    # is told which events to send and gets the rows.
    def on_click(self, handler: Handler) -> Handler:
        """Call ``handler(event)`` when the user clicks the chart (usable as a decorator).
        ``event`` is an ``lwcharts.events.PointEvent``: ``time`` (UTC Timestamp or None),
        ``seconds``, ``price``, ``pane``, ``series_values``."""
        return self._listen("click", handler)

    def on_crosshair_move(self, handler: Handler) -> Handler:
        """Call ``handler(event)`` as the crosshair moves (at most every 100 ms), with a
        ``PointEvent`` like ``on_click``'s; ``time`` is None once the pointer leaves."""
        return self._listen("crosshair", handler)

    def on_range_change(self, handler: Handler) -> Handler:
        """Call ``handler(event)`` when the visible time range settles after a scroll or zoom
        (250 ms debounce): an ``lwcharts.events.RangeEvent`` with ``start``/``end``."""
        return self._listen("range", handler)

    def _listen(self, kind: EventKind, handler: Handler) -> Handler:
        self._events.add(kind, handler)
        if self._widget is not None:
            self._widget.listen(self._events.kinds())
        return handler

    @property
    def events(self) -> EventHandlers:
        """The chart's event callbacks; hosts hand front-end events to ``events.dispatch``."""
        return self._events

    def _rows_added(self, series: Series, message: bytes) -> None:
        if self._widget is not None:
            self._widget.send_rows(series.id, message)

    def screenshot(self, *, timeout: float = 10.0) -> bytes:
        """A PNG of the displayed chart (device pixels). Blocks until the browser replies, at
        most ``timeout`` seconds (``TimeoutError``); ``RuntimeError`` when the chart is not
        displayed. Needs ipykernel 7.4+ (the kernel takes the reply on a thread of its own
        while the cell waits); elsewhere use ``await chart.screenshot_async()``."""
        return self._screenshot(timeout, blocking=True).result()

    def screenshot_async(self, *, timeout: float = 10.0) -> PendingScreenshot:
        """``png = await chart.screenshot_async()``: the same PNG, awaited in a notebook cell,
        for kernels that take widget replies while a cell awaits but cannot while it blocks."""
        return self._screenshot(timeout, blocking=False)

    def _screenshot(self, timeout: float, *, blocking: bool) -> PendingScreenshot:
        if self._widget is None:
            raise RuntimeError(
                "chart.screenshot() needs the chart displayed in a notebook: show it "
                "(chart.show(), or the chart as a cell's last expression) first"
            )
        return self._widget.screenshot(timeout=timeout, blocking=blocking)

    def save_html(self, path: str | PathLike[str], *, title: str | None = None) -> None:
        """Write the chart as one self-contained HTML file (the front end, the data and the
        user's saved settings inline) that opens from disk with no network."""
        from lwcharts.export import standalone_html
        from lwcharts.settings import SettingsLink, os_user_scope

        link = self._widget.settings if self._widget is not None else SettingsLink(os_user_scope())
        link.apply_inputs(self)
        envelope = self.to_envelope(saved=link.saved_for(self.chart_id), scope_key=link.key)
        html = standalone_html(envelope, title=title or self.chart_id)
        with open(path, "w", encoding="utf-8") as file:
            file.write(html)

    # Jupyter display. The import is lazy so the core stays host-free.
    def widget(self) -> ChartWidget:
        """The anywidget widget showing this chart (created once, refreshed on each call)."""
        from lwcharts.jupyter import ChartWidget

        if self._widget is None:
            self._widget = ChartWidget(self)
        else:
            self._widget.refresh()
        return self._widget

    def show(self) -> None:
        """Display the chart in the current notebook cell."""
        from IPython.display import display

        display(self.widget())  # type: ignore[no-untyped-call]

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget()._repr_mimebundle_(**kwargs)
