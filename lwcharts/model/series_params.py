"""The keyword arguments of ``Chart.add_series`` and its per-type wrappers, typed.

Generated from `lwcharts/settings/schema.py` by `python -m lwcharts.settings`; do not
edit. Options are snake_case; docs/options.md says what each allows.
"""

from __future__ import annotations

from typing import Literal, TypedDict


class SeriesParams(TypedDict, total=False):
    """What every series takes besides its data: see ``Chart.add_series``."""

    name: str | None
    id: str | None
    pane: int
    price_scale: str
    scale_mode: Literal["normal", "log", "percent", "indexed"]
    visible: bool
    last_value_visible: bool
    price_line_visible: bool
    title: str
    price_line_color: str
    price_line_width: int
    price_line_style: Literal["solid", "dotted", "dashed", "large_dashed", "sparse_dotted"] | int
    price_format: Literal["price", "volume", "percent"]
    precision: int
    min_move: float


class ValueSeriesParams(SeriesParams, total=False):
    """What every series drawn from one value column takes."""

    column: str | None


class LineSeriesParams(ValueSeriesParams, total=False):
    """What the line-drawing series (line, area, baseline) take."""

    line_width: int
    line_style: Literal["solid", "dotted", "dashed", "large_dashed", "sparse_dotted"] | int
    line_type: Literal["simple", "with_steps", "curved"] | int
    line_visible: bool
    point_markers_visible: bool
    crosshair_marker_visible: bool


class CandlestickParams(SeriesParams, total=False):
    """``Chart.candlestick``: shared keywords and candlestick options."""

    up_color: str
    down_color: str
    border_visible: bool
    border_up_color: str
    border_down_color: str
    wick_visible: bool
    wick_up_color: str
    wick_down_color: str


class BarParams(SeriesParams, total=False):
    """``Chart.bar``: shared keywords and bar options."""

    up_color: str
    down_color: str
    open_visible: bool
    thin_bars: bool


class LineParams(LineSeriesParams, total=False):
    """``Chart.line``: shared keywords and line options."""

    color: str


class AreaParams(LineSeriesParams, total=False):
    """``Chart.area``: shared keywords and area options."""

    line_color: str
    top_color: str
    bottom_color: str
    invert_filled_area: bool


class BaselineParams(LineSeriesParams, total=False):
    """``Chart.baseline``: shared keywords and baseline options."""

    base_value: float
    top_line_color: str
    top_fill_color1: str
    top_fill_color2: str
    bottom_line_color: str
    bottom_fill_color1: str
    bottom_fill_color2: str


class HistogramParams(ValueSeriesParams, total=False):
    """``Chart.histogram``: shared keywords and histogram options."""

    color: str
    base: float
