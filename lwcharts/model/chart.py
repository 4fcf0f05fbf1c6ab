"""The chart model: a host-free description of panes, series, markers and price lines.

A ``Chart`` knows nothing of Jupyter or Streamlit. It validates everything at the call that
added it (so the traceback points at the user's line) and encodes itself into the binary
envelope (``to_envelope``) that both hosts hand to the one front end. A host that shows the chart
live subscribes as a ``ChartListener``: it is told when event kinds change and when live rows are
added, and asked for screenshots.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Generator, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, Protocol

import pandas as pd

from lwcharts.model.chart_drawings import ChartDrawingsApi
from lwcharts.model.data import SeriesData, as_pandas, to_columns
from lwcharts.model.drawings import CodeDrawings
from lwcharts.model.events import EventHandlers, Handler
from lwcharts.model.ids import check_id, slug
from lwcharts.model.indicators import Applied, Computed, declare
from lwcharts.model.price_format import inferred_format
from lwcharts.model.series import Series, camel, check_text
from lwcharts.model.time_zone import check_time_zone
from lwcharts.settings.drawings import ITEM_PREFIX
from lwcharts.settings.schema import (
    MAX_PANE,
    OHLC_COLUMNS,
    SCALE_MODES,
    SERIES_TYPES,
    EventKind,
    ScaleMode,
    SeriesType,
    check_option,
    series_columns,
)
from lwcharts.wire.envelope import EnvelopeWriter
from lwcharts.wire.held import Held
from lwcharts.wire.live import LiveColumns

if TYPE_CHECKING:
    from os import PathLike

    from typing_extensions import Unpack

    from lwcharts.model.series_params import (
        AreaParams,
        BarParams,
        BaselineParams,
        CandlestickParams,
        HistogramParams,
        LineParams,
    )

Theme = Literal["light", "dark", "auto"]
THEMES = ("light", "dark", "auto")

__all__ = ["Chart", "ChartListener", "PendingPng", "Series"]


class PendingPng(Protocol):
    """A screenshot on its way: ``result()`` blocks for the PNG, ``await`` waits for it."""

    def result(self, timeout: float | None = None) -> bytes: ...

    def __await__(self) -> Generator[Any, None, bytes]: ...


class ChartListener(Protocol):
    """What a host that shows a chart live is told (``Chart.subscribe``).

    The Jupyter widget is one; the chart calls its listeners in the order they subscribed.
    """

    def event_kinds_changed(self, kinds: Sequence[EventKind]) -> None:
        """The event kinds with callbacks changed: send only these from the browser."""

    def rows_added(self, series_id: str, message: bytes) -> None:
        """Live rows for one series (``lwcharts.wire.live.encode_rows``): only new rows."""

    def rows_waiting(self) -> None:
        """Live rows wait in the chart: call ``Chart.flush`` within a frame interval."""

    def screenshot_asked(self, *, timeout: float, blocking: bool) -> PendingPng | None:
        """Ask the browser for a PNG; None when this listener shows no chart to capture.
        ``blocking``: the caller will block on ``result()``."""


class Chart(ChartDrawingsApi):
    """A Lightweight Charts chart: panes of series, built from pandas, polars or Arrow data.

    ``Chart(df)`` draws a candlestick series when ``df`` has open/high/low/close columns, a line
    otherwise; add more with ``candlestick``, ``bar``, ``line``, ``area``, ``baseline`` and
    ``histogram``. In a notebook the chart displays itself; in Streamlit pass it to
    ``lwcharts.streamlit.chart``.

    ``sync_group``: charts shown on one page with the same group share the crosshair and the
    visible time range (see also ``lwcharts.sync``). ``pane_collapse``: a button on each pane
    folds it to a strip; the user's choice is kept in the browser per chart id.

    ``time_zone``: an IANA name (``"America/New_York"``) in which the time axis, the crosshair
    label and the legend show times; the data stays UTC. Default: UTC. Daily bars (all at
    midnight UTC) show their dates in any zone (docs/real-data.md).
    """

    def __init__(
        self,
        data: SeriesData | None = None,
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
        time_zone: str | None = None,
        drawing_tools: bool = True,
    ) -> None:
        if isinstance(height, bool) or not isinstance(height, int) or not 50 <= height <= 5000:
            raise ValueError(f"height must be a whole number of pixels 50-5000, got {height!r}")
        if theme not in THEMES:
            raise ValueError(f"theme must be one of {THEMES}, got {theme!r}")
        self.height = height
        self.theme: Theme = theme
        self.legend = bool(legend)
        self.attribution = bool(attribution)
        self.watermark = None if watermark is None else check_text(watermark, "watermark")
        self.options = dict(options or {})
        self.pane_stretch = [float(s) for s in pane_stretch]
        if any(not s > 0 for s in self.pane_stretch):
            raise ValueError(f"pane_stretch factors must be > 0, got {self.pane_stretch}")
        self._chart_id = None if chart_id is None else check_id(chart_id, "chart_id")
        self.series: list[Series] = []
        self._listeners: list[ChartListener] = []
        self._events = EventHandlers()
        # Charts of one page with the same group share crosshair and visible time range.
        self.sync_group = None if sync_group is None else check_id(sync_group, "sync_group")
        self.sync_crosshair = True
        self.sync_time_range = True
        self.pane_collapse = bool(pane_collapse)
        self.pane_collapse_tooltip = True
        # The drawing toolbar; the user's drawings are drawn (and kept) either way.
        self.drawing_tools = bool(drawing_tools)
        self._code_drawings = CodeDrawings()
        self._drawings_handlers = []
        self._drawings_link = None
        self.time_zone = None if time_zone is None else check_time_zone(time_zone)
        if data is None:
            return
        data = as_pandas(data, "chart data")
        if isinstance(data, pd.DataFrame) and _is_ohlc(data):
            self.candlestick(data)
        else:
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

    def add_series(
        self,
        series_type: SeriesType,
        data: Any,
        *,
        column: str | None = None,
        name: str | None = None,
        id: str | None = None,
        pane: int = 0,
        price_scale: str = "right",
        scale_mode: ScaleMode = "normal",
        **options: Any,
    ) -> Series:
        """Add a series of ``series_type`` (candlestick, bar, line, area, baseline, histogram).

        ``data``: a DataFrame with open/high/low/close columns for candlestick and bar; for the
        one-value types a Series, a DataFrame's ``value`` column, or the column named by
        ``column``; pandas, polars, pyarrow or any Arrow PyCapsule object (docs/real-data.md).
        The time is a DatetimeIndex or a time/date column. ``name`` shows in the
        legend (default: the column or Series name); ``id`` keys saved settings (default: derived
        from the name). ``pane``: 0 is the main pane, higher numbers stack below it.
        ``price_scale``: "right", "left" or an id of an overlay scale; ``scale_mode``: normal,
        log, percent or indexed. Further keyword arguments are the type's options in snake_case
        (docs/options.md), e.g. ``color="#2196f3"``, ``line_width=2``.
        """
        if series_type not in SERIES_TYPES:
            raise ValueError(f"series_type must be one of {SERIES_TYPES}, got {series_type!r}")
        if isinstance(pane, bool) or not isinstance(pane, int) or not 0 <= pane <= MAX_PANE:
            raise ValueError(f"pane must be a whole number 0-{MAX_PANE}, got {pane!r}")
        if scale_mode not in SCALE_MODES:
            raise ValueError(f"scale_mode must be one of {SCALE_MODES}, got {scale_mode!r}")
        check_id(price_scale, "price_scale")
        if name is None:
            default = data.name if isinstance(data, pd.Series) and data.name is not None else None
            name = str(column or default or series_type)
        check_text(name, "series name")
        series_id = self._new_id(id, name)
        columns = to_columns(data, series_columns(series_type), series=series_id, column=column)
        checked = {camel(k): check_option(series_type, camel(k), v) for k, v in options.items()}
        checked |= inferred_format(series_type, (name, column), columns, checked)
        for other in self.series:
            same_scale = other.pane == pane and other.price_scale == price_scale
            if same_scale and other.scale_mode != scale_mode:
                raise ValueError(
                    f"series {series_id!r}: price scale {price_scale!r} on pane {pane} is "
                    f"already {other.scale_mode!r} (series {other.id!r}); got {scale_mode!r}"
                )
        series = Series(
            series_id,
            name,
            series_type,
            pane,
            LiveColumns(columns),
            checked,
            price_scale,
            scale_mode,
        )
        series.sink = self._rows_added
        series.waiting = self._rows_waiting
        self.series.append(series)
        return series

    def _new_id(self, given: str | None, name: str) -> str:
        taken = {s.id for s in self.series}
        if given is not None:
            if check_id(given, "series id") in taken:
                raise ValueError(f"series id {given!r} is already used in this chart")
            if given.startswith(ITEM_PREFIX):
                # The store keys a saved drawing as "drawing:<id>" beside the series' settings.
                raise ValueError(
                    f"series id {given!r} must not start with {ITEM_PREFIX!r}: the settings store "
                    "keeps saved drawings under such ids"
                )
            return given
        base = slug(name) or "series"
        candidate, number = base, 2
        while candidate in taken:
            candidate, number = f"{base}-{number}", number + 1
        return candidate

    # One wrapper per type. Its keywords (lwcharts/model/series_params.py, generated from the
    # option schema) are add_series' shared ones and the type's options, so an IDE lists them.
    def candlestick(self, data: SeriesData, **params: Unpack[CandlestickParams]) -> Series:
        """Candlesticks from open/high/low/close columns. Keywords: see ``add_series``;
        options: docs/options.md."""
        return self.add_series("candlestick", data, **params)

    def bar(self, data: SeriesData, **params: Unpack[BarParams]) -> Series:
        """OHLC bars from open/high/low/close columns. Keywords: see ``add_series``."""
        return self.add_series("bar", data, **params)

    def line(self, data: SeriesData, **params: Unpack[LineParams]) -> Series:
        """A line from a Series, a ``value`` column, or the column named by ``column``.
        Keywords: see ``add_series``."""
        return self.add_series("line", data, **params)

    def area(self, data: SeriesData, **params: Unpack[AreaParams]) -> Series:
        """A filled area under a line. Keywords: see ``add_series``."""
        return self.add_series("area", data, **params)

    def baseline(self, data: SeriesData, **params: Unpack[BaselineParams]) -> Series:
        """A line filled above and below ``base_value`` in two colours. Keywords: see
        ``add_series``."""
        return self.add_series("baseline", data, **params)

    def histogram(self, data: SeriesData, **params: Unpack[HistogramParams]) -> Series:
        """Columns from a base (e.g. volume), often on its own pane. Keywords: see
        ``add_series``."""
        return self.add_series("histogram", data, **params)

    def indicator(
        self,
        series_type: SeriesType,
        function: Callable[..., Any],
        source: Any = None,
        *,
        inputs: Mapping[str, Any] | None = None,
        **params: Any,
    ) -> Series:
        """A series computed in Python: ``function(source, **inputs)`` returns its data (what
        ``line``, ``candlestick``... take). ``inputs`` maps names to defaults (int, float, bool,
        str) or ``lwcharts.Input(...)``; the Inputs tab of the settings dialog edits them, and a
        change re-runs ``function`` in Python and redraws. Saved like the series' styles.

        ``params`` are ``add_series``'s (``column``, ``name``, ``id``, ``pane``, ``price_scale``,
        ``scale_mode`` and style options); the name defaults to the column or the function's."""
        if series_type not in SERIES_TYPES:
            raise ValueError(f"series_type must be one of {SERIES_TYPES}, got {series_type!r}")
        if not callable(function):
            raise ValueError(f"function must be callable, got {function!r}")
        column = params.get("column")
        specs = declare(inputs)
        computed = Computed(function, source, specs, column)
        data = function(source, **computed.values)
        if params.get("name") is None:
            params["name"] = str(column or getattr(function, "__name__", None) or series_type)
        series = self.add_series(series_type, data, **params)
        series.computed = computed
        return series

    @property
    def computed_series(self) -> list[Series]:
        """The series computed from a function and inputs (``indicator``)."""
        return [s for s in self.series if s.computed is not None]

    def apply_saved_inputs(self, saved: Mapping[str, Any]) -> Applied:
        """Re-run computed series whose saved inputs (``saved``: ``{paneId: {seriesId:
        entry}}``) differ from those drawn; see ``lwcharts.model.indicators.Computed``.

        A saved value a series cannot take is dropped with an ``InputWarning``; the result lists
        the saved config to write back for it."""
        applied = Applied()
        for series in self.computed_series:
            assert series.computed is not None
            entry = (saved.get(str(series.pane)) or {}).get(series.id)
            outcome = series.computed.apply_saved(series.type, series.id, entry)
            if outcome.columns is not None:
                series.columns = outcome.columns
                applied.changed = True
            if outcome.correction is not None:
                applied.corrections[(str(series.pane), series.id)] = (
                    series.type,
                    outcome.correction,
                )
        return applied

    def to_envelope(
        self,
        *,
        saved: Mapping[str, Any] | None = None,
        scope_key: str = "",
        held: Mapping[str, Held] | None = None,
        drawings: Sequence[Mapping[str, Any]] = (),
    ) -> bytes:
        """Encode the chart for the browser: one binary envelope (docs/wire-format.md).

        ``saved`` is the user's saved settings for this chart (``{paneId: {seriesId: entry}}``,
        the seed's completeState below the chart id); the front end applies them over the code's
        options. ``scope_key`` namespaces the browser's localStorage per user. ``held`` is the
        data the browser already holds per series id (Streamlit reruns): those series go
        without columns, or with only the rows appended since. ``drawings`` are the drawing
        records to draw (``drawing_records()``: the code's and the user's saved ones).
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
            "timeZone": self.time_zone,
            "options": self.options,
            "watermark": None if self.watermark is None else {"text": self.watermark},
            "legend": self.legend,
            "attribution": self.attribution,
            "panes": [{"stretchFactor": s} for s in stretch],
            "series": [s.header(writer, (held or {}).get(s.id)) for s in self.series],
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
            "seriesConfigBackendData": {
                "completeState": {self.chart_id: dict(saved or {})},
                "drawings": {self.chart_id: list(drawings)},
            },
            "drawingTools": self.drawing_tools,
        }
        return writer.finish(header)

    # Events, live data and export. Callbacks and rows are host-free; listeners (a displayed
    # Jupyter widget) are told which events to send and get the rows.
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
        for listener in self._listeners:
            listener.event_kinds_changed(self._events.kinds())
        return handler

    @property
    def events(self) -> EventHandlers:
        """The chart's event callbacks; hosts hand front-end events to ``events.dispatch``."""
        return self._events

    def subscribe(self, listener: ChartListener) -> None:
        """Tell ``listener`` of event kinds, live rows and screenshot requests from now on."""
        if listener not in self._listeners:
            self._listeners.append(listener)

    def unsubscribe(self, listener: ChartListener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    @property
    def listeners(self) -> tuple[ChartListener, ...]:
        """The hosts that show this chart live (the Jupyter host finds its widget here)."""
        return tuple(self._listeners)

    def flush(self) -> Chart:
        """Send every series' live rows not sent yet now (``Series.flush``)."""
        for series in self.series:
            series.flush()
        return self

    def _rows_added(self, series_id: str, message: bytes) -> None:
        for listener in self._listeners:
            listener.rows_added(series_id, message)

    def _rows_waiting(self, _series_id: str) -> None:
        for listener in self._listeners:
            listener.rows_waiting()

    def screenshot(self, *, timeout: float = 10.0) -> bytes:
        """A PNG of the displayed chart (device pixels). Blocks until the browser replies, at
        most ``timeout`` seconds (``TimeoutError``); ``RuntimeError`` when the chart is not
        displayed. Needs ipykernel 7.4+ (the kernel takes the reply on a thread of its own
        while the cell waits); elsewhere use ``await chart.screenshot_async()``."""
        return self._screenshot(timeout, blocking=True).result()

    def screenshot_async(self, *, timeout: float = 10.0) -> PendingPng:
        """``png = await chart.screenshot_async()``: the same PNG, awaited in a notebook cell,
        for kernels that take widget replies while a cell awaits but cannot while it blocks."""
        return self._screenshot(timeout, blocking=False)

    def _screenshot(self, timeout: float, *, blocking: bool) -> PendingPng:
        for listener in self._listeners:
            pending = listener.screenshot_asked(timeout=timeout, blocking=blocking)
            if pending is not None:
                return pending
        raise RuntimeError(
            "chart.screenshot() needs the chart displayed in a notebook: show it "
            "(chart.show(), or the chart as a cell's last expression) first"
        )

    def save_html(
        self,
        path: str | PathLike[str],
        *,
        title: str | None = None,
        saved: Mapping[str, Any] | None = None,
        scope_key: str = "",
    ) -> None:
        """Write the chart as one self-contained HTML file (the front end, the data and the
        user's saved settings inline) that opens from disk with no network.

        ``saved``: the settings to draw with, ``{paneId: {seriesId: entry}}`` as in
        ``to_envelope``, and ``scope_key`` the page's localStorage namespace; by default the OS
        user's saved settings (as in a notebook) are read from the settings file."""
        from lwcharts.export import save_html  # the page and the store are not the model's

        save_html(self, path, title=title, saved=saved, scope_key=scope_key)

    # Jupyter display: the one lazy hook into a host, so ``import lwcharts`` loads no host.
    # ``lwcharts.jupyter`` keeps the widget (one per chart, among the chart's listeners).
    def widget(self) -> Any:
        """The anywidget widget showing this chart (``lwcharts.jupyter.ChartWidget``, created
        once, refreshed on each call)."""
        return _jupyter().widget_for(self)

    def show(self) -> None:
        """Display the chart in the current notebook cell."""
        _jupyter().show(self)

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return _jupyter().widget_for(self)._repr_mimebundle_(**kwargs)


def _is_ohlc(data: pd.DataFrame) -> bool:
    """Whether ``Chart(data)`` draws candles: all of open/high/low/close. A frame with some of
    them looks like OHLC with a column missing, which is an error naming it, not a line."""
    names = {str(n).lower() for n in data.columns}
    present = [c for c in OHLC_COLUMNS if c in names]
    if len(present) == len(OHLC_COLUMNS):
        return True
    if len(present) >= 2:
        missing = [c for c in OHLC_COLUMNS if c not in names]
        raise ValueError(
            f"chart data has {', '.join(present)} but no {' / '.join(missing)} column; "
            f"candlesticks need {', '.join(OHLC_COLUMNS)} (column names are case-insensitive). "
            "For a line of one column use Chart().line(df, column=...)"
        )
    return False


def _jupyter() -> Any:
    import lwcharts.jupyter

    return lwcharts.jupyter
