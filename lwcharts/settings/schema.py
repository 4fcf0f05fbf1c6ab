"""The option schema of every series type, written once.

Each editable option of a lightweight-charts series has a kind (colour, integer range, choice...),
its library default and the settings-dialog tab it belongs to. The same table validates options
given in Python code, validates settings that come back from the browser or the config file, and
is exported as JSON (``schema_json()``) for the front end's dialog and for the docs.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

# The drawing kinds whose dialog offers extend left/right.
_EXTENDABLE = ["trend_line", "ray", "extended_line", "rectangle", "fib_retracement"]

# Facts both languages need, written once here. The front end reads them from the generated JSON
# (``shared``); every Python module takes them from the names below, derived from this table.
SHARED: dict[str, Any] = {
    "seriesTypes": ["candlestick", "bar", "line", "area", "baseline", "histogram"],
    "ohlcTypes": ["bar", "candlestick"],
    # The data columns each series type draws, in envelope order.
    "seriesColumns": {
        "candlestick": ["open", "high", "low", "close"],
        "bar": ["open", "high", "low", "close"],
        "line": ["value"],
        "area": ["value"],
        "baseline": ["value"],
        "histogram": ["value"],
    },
    # Column names that hold the time (case-insensitive), in order of preference.
    "timeColumns": ["time", "date", "datetime", "timestamp"],
    "scaleModes": ["normal", "log", "percent", "indexed"],
    "eventKinds": ["click", "crosshair", "range"],
    # A computed series' inputs are saved in its config under "input:<name>".
    "inputPrefix": "input:",
    "inputNamePattern": "[A-Za-z_][A-Za-z0-9_]{0,63}",
    "maxInputs": 20,
    # Longest text a user may type into a title; longer values from the browser are rejected.
    "maxTextLength": 200,
    # The seed's settings payload type, also the Streamlit trigger that carries it.
    "payloadType": "series_config_changes",
    "triggers": {"settings": "series_config_changes", "event": "event"},
    # Custom messages between the Jupyter widget and the front end.
    "messages": {
        "append": "append",
        "screenshot": "screenshot",
        "event": "event",
        "view": "view",
        "refresh": "refresh",
        "parts": "parts",
        "part": "part",
    },
    # An envelope larger than one message should be travels in parts (docs/wire-format.md,
    # "Parts"): the browser refuses a part or a whole beyond these bounds before allocating.
    "maxPartBytes": 64 << 20,
    "maxEnvelopeBytes": 1 << 31,
    # Saved-state rules (tests/cases/saved-state-rules.json holds the cases both sides run).
    "maxPane": 20,
    # Browser clocks drift, but a stamp far in the future would win every later merge.
    "maxClockSkewMs": 24 * 3600 * 1000,
    "maxPayloadBytes": 1 << 20,
    # Drawing rules (js/src/drawings/model.ts DRAWING_RULES mirrors them, a vitest checks it;
    # lwcharts/settings/drawings.py applies them; tests/cases/drawing-rules.json: both run it).
    "drawings": {
        "kinds": {
            "trend_line": {"points": 2},
            "ray": {"points": 2},
            "extended_line": {"points": 2},
            "horizontal_line": {"points": 1},
            "horizontal_ray": {"points": 1},
            "vertical_line": {"points": 1},
            "rectangle": {"points": 2},
            "fib_retracement": {"points": 2},
            "text": {"points": 1},
            "measure": {"points": 2},
        },
        "maxRecords": 2000,
        "maxDrawings": 1000,
        "maxTombstones": 1000,
        "idPattern": "^[A-Za-z0-9_-]{1,64}$",
        "maxSeriesIdLength": 200,
        "maxPane": 20,
        "maxTextLength": 200,
        "maxFibLevels": 20,
        "fibLevelRange": [-100, 100],
        "defaultFibLevels": [0, 0.236, 0.382, 0.5, 0.618, 0.786, 1],
        "maxClockSkewMs": 24 * 3600 * 1000,
        "maxAbsCoordinate": 1e15,
        "style": {
            "color": {"kind": "color"},
            "width": {"kind": "int", "minimum": 1, "maximum": 10},
            "lineStyle": {"kind": "choice", "choices": [0, 1, 2, 3, 4]},
            "extendLeft": {"kind": "bool"},
            "extendRight": {"kind": "bool"},
            "fillColor": {"kind": "color"},
            "fillOpacity": {"kind": "int", "minimum": 0, "maximum": 100},
            "fontSize": {"kind": "int", "minimum": 8, "maximum": 72},
            "showLabels": {"kind": "bool"},
        },
        # Saved drawings are items of the settings store under this prefix: (chart, "0",
        # "drawing:<id>").
        "itemPrefix": "drawing:",
    },
    # The drawing settings dialog (js/src/drawings/ui/dialog.ts), in dialog order: each field's
    # label and the kinds that show it ("*" all, "lines" all but text); values are checked by
    # the "drawings" style rules.
    "drawingForm": [
        {"name": "color", "label": "Colour", "kinds": "*"},
        {"name": "width", "label": "Line width", "kinds": "lines"},
        {"name": "lineStyle", "label": "Line style", "kinds": "lines"},
        {"name": "extendLeft", "label": "Extend left", "kinds": _EXTENDABLE},
        {"name": "extendRight", "label": "Extend right", "kinds": _EXTENDABLE},
        {"name": "fillColor", "label": "Fill", "kinds": ["rectangle", "measure"]},
        {"name": "fillOpacity", "label": "Fill opacity (%)", "kinds": ["rectangle", "measure"]},
        {"name": "fontSize", "label": "Text size", "kinds": "*"},
        {"name": "showLabels", "label": "Show labels", "kinds": ["fib_retracement", "measure"]},
        {"name": "text", "label": "Text", "kinds": "*"},
        {"name": "levels", "label": "Fib levels", "kinds": ["fib_retracement"]},
    ],
    "lineStyleNames": ["solid", "dotted", "dashed", "large_dashed", "sparse_dotted"],
}

# Literal types must be spelled out for the type checker; tests/unit/test_schema.py checks that
# they list exactly the values of SHARED.
SeriesType = Literal["candlestick", "bar", "line", "area", "baseline", "histogram"]
ScaleMode = Literal["normal", "log", "percent", "indexed"]
EventKind = Literal["click", "crosshair", "range"]

SERIES_TYPES: tuple[SeriesType, ...] = tuple(SHARED["seriesTypes"])
OHLC_TYPES: frozenset[str] = frozenset(SHARED["ohlcTypes"])
SERIES_COLUMNS: dict[str, tuple[str, ...]] = {
    series_type: tuple(columns) for series_type, columns in SHARED["seriesColumns"].items()
}
OHLC_COLUMNS: tuple[str, ...] = SERIES_COLUMNS["candlestick"]
TIME_COLUMNS: tuple[str, ...] = tuple(SHARED["timeColumns"])
SCALE_MODES: tuple[ScaleMode, ...] = tuple(SHARED["scaleModes"])
EVENT_KINDS: tuple[EventKind, ...] = tuple(SHARED["eventKinds"])
INPUT_PREFIX: str = SHARED["inputPrefix"]
INPUT_NAME = re.compile(SHARED["inputNamePattern"])
MAX_INPUTS: int = SHARED["maxInputs"]
MAX_TEXT_LENGTH: int = SHARED["maxTextLength"]
PAYLOAD_TYPE: str = SHARED["payloadType"]
SETTINGS_TRIGGER: str = SHARED["triggers"]["settings"]
EVENT_TRIGGER: str = SHARED["triggers"]["event"]
MESSAGES: dict[str, str] = SHARED["messages"]
MAX_PANE: int = SHARED["maxPane"]
MAX_CLOCK_SKEW_MS: int = SHARED["maxClockSkewMs"]
MAX_PAYLOAD_BYTES: int = SHARED["maxPayloadBytes"]
MAX_PART_BYTES: int = SHARED["maxPartBytes"]
MAX_ENVELOPE_BYTES: int = SHARED["maxEnvelopeBytes"]


def series_columns(series_type: str) -> tuple[str, ...]:
    """The data columns a series of ``series_type`` draws: open/high/low/close, or value."""
    return SERIES_COLUMNS[series_type]


Kind = Literal["color", "int", "float", "bool", "choice", "text"]
Tab = Literal["style", "visibility", "inputs"]

LINE_STYLES = {"solid": 0, "dotted": 1, "dashed": 2, "large_dashed": 3, "sparse_dotted": 4}
LINE_TYPES = {"simple": 0, "with_steps": 1, "curved": 2}
# lightweight-charts' priceFormat types: plain prices, volume in K/M/B, and percent.
PRICE_FORMATS = {"price": "price", "volume": "volume", "percent": "percent"}


@dataclass(frozen=True)
class OptionSpec:
    """One editable series option: its kind, library default, allowed values and dialog tab."""

    kind: Kind
    default: Any
    tab: Tab
    label: str
    minimum: float | None = None
    maximum: float | None = None
    # For kind "choice": label → value sent to lightweight-charts.
    choices: dict[str, Any] = field(default_factory=dict)


def _color(default: str, label: str, tab: Tab = "style") -> OptionSpec:
    return OptionSpec("color", default, tab, label)


def _width(default: int, label: str) -> OptionSpec:
    return OptionSpec("int", default, "style", label, minimum=1, maximum=4)


def _bool(default: bool, label: str, tab: Tab = "visibility") -> OptionSpec:
    return OptionSpec("bool", default, tab, label)


def _line_style(default: int, label: str) -> OptionSpec:
    return OptionSpec("choice", default, "style", label, choices=LINE_STYLES)


_COMMON: dict[str, OptionSpec] = {
    "visible": _bool(True, "Visible"),
    "lastValueVisible": _bool(True, "Last value label"),
    "priceLineVisible": _bool(True, "Price line"),
    "title": OptionSpec("text", "", "visibility", "Title"),
    "priceLineColor": _color("", "Price line colour"),
    "priceLineWidth": _width(1, "Price line width"),
    "priceLineStyle": _line_style(2, "Price line style"),
    "priceFormat": OptionSpec("choice", "price", "inputs", "Price format", choices=PRICE_FORMATS),
    "precision": OptionSpec("int", 2, "inputs", "Precision", minimum=0, maximum=10),
    "minMove": OptionSpec("float", 0.01, "inputs", "Minimum move", minimum=1e-10, maximum=1e9),
}

_LINE_COMMON: dict[str, OptionSpec] = {
    "lineWidth": _width(3, "Line width"),
    "lineStyle": _line_style(0, "Line style"),
    "lineType": OptionSpec("choice", 0, "style", "Line type", choices=LINE_TYPES),
    "lineVisible": _bool(True, "Line visible", "style"),
    "pointMarkersVisible": _bool(False, "Point markers", "style"),
    "crosshairMarkerVisible": _bool(True, "Crosshair marker"),
}

SCHEMA: dict[str, dict[str, OptionSpec]] = {
    "candlestick": {
        "upColor": _color("#26a69a", "Up colour"),
        "downColor": _color("#ef5350", "Down colour"),
        "borderVisible": _bool(True, "Borders", "style"),
        "borderUpColor": _color("#26a69a", "Border up colour"),
        "borderDownColor": _color("#ef5350", "Border down colour"),
        "wickVisible": _bool(True, "Wicks", "style"),
        "wickUpColor": _color("#26a69a", "Wick up colour"),
        "wickDownColor": _color("#ef5350", "Wick down colour"),
        **_COMMON,
    },
    "bar": {
        "upColor": _color("#26a69a", "Up colour"),
        "downColor": _color("#ef5350", "Down colour"),
        "openVisible": _bool(True, "Open tick", "style"),
        "thinBars": _bool(True, "Thin bars", "style"),
        **_COMMON,
    },
    "line": {"color": _color("#2196f3", "Colour"), **_LINE_COMMON, **_COMMON},
    "area": {
        "lineColor": _color("#33d778", "Line colour"),
        "topColor": _color("rgba(46, 220, 135, 0.4)", "Fill top colour"),
        "bottomColor": _color("rgba(40, 221, 100, 0)", "Fill bottom colour"),
        "invertFilledArea": _bool(False, "Invert fill", "style"),
        **_LINE_COMMON,
        **_COMMON,
    },
    "baseline": {
        "baseValue": OptionSpec("float", 0.0, "inputs", "Base value", -1e15, 1e15),
        "topLineColor": _color("rgba(38, 166, 154, 1)", "Top line colour"),
        "topFillColor1": _color("rgba(38, 166, 154, 0.28)", "Top fill colour 1"),
        "topFillColor2": _color("rgba(38, 166, 154, 0.05)", "Top fill colour 2"),
        "bottomLineColor": _color("rgba(239, 83, 80, 1)", "Bottom line colour"),
        "bottomFillColor1": _color("rgba(239, 83, 80, 0.05)", "Bottom fill colour 1"),
        "bottomFillColor2": _color("rgba(239, 83, 80, 0.28)", "Bottom fill colour 2"),
        **_LINE_COMMON,
        **_COMMON,
    },
    "histogram": {
        "color": _color("#26a69a", "Colour"),
        "base": OptionSpec("float", 0.0, "inputs", "Base", -1e15, 1e15),
        **_COMMON,
    },
}

_HEX = re.compile(r"#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})")
_NUM = r"\s*-?(?:\d+\.?\d*|\.\d+)%?\s*"
_FUNC = re.compile(rf"(?:rgb|rgba|hsl|hsla)\(({_NUM},){{2}}{_NUM}(,{_NUM})?\)")
_NAMED = frozenset(
    """transparent black silver gray grey white maroon red purple fuchsia green lime olive yellow
    navy blue teal aqua orange aliceblue antiquewhite aquamarine azure beige bisque blanchedalmond
    blueviolet brown burlywood cadetblue chartreuse chocolate coral cornflowerblue cornsilk crimson
    cyan darkblue darkcyan darkgoldenrod darkgray darkgreen darkgrey darkkhaki darkmagenta
    darkolivegreen darkorange darkorchid darkred darksalmon darkseagreen darkslateblue darkslategray
    darkslategrey darkturquoise darkviolet deeppink deepskyblue dimgray dimgrey dodgerblue firebrick
    floralwhite forestgreen gainsboro ghostwhite gold goldenrod greenyellow honeydew hotpink
    indianred indigo ivory khaki lavender lavenderblush lawngreen lemonchiffon lightblue lightcoral
    lightcyan lightgoldenrodyellow lightgray lightgreen lightgrey lightpink lightsalmon
    lightseagreen lightskyblue lightslategray lightslategrey lightsteelblue lightyellow limegreen
    linen magenta mediumaquamarine mediumblue mediumorchid mediumpurple mediumseagreen
    mediumslateblue mediumspringgreen mediumturquoise mediumvioletred midnightblue mintcream
    mistyrose moccasin navajowhite oldlace olivedrab orangered orchid palegoldenrod palegreen
    paleturquoise palevioletred papayawhip peachpuff peru pink plum powderblue rebeccapurple
    rosybrown royalblue saddlebrown salmon sandybrown seagreen seashell sienna skyblue slateblue
    slategray slategrey snow springgreen steelblue tan thistle tomato turquoise violet wheat
    whitesmoke yellowgreen""".split()
)


def is_css_color(value: object) -> bool:
    """True for a CSS colour lightweight-charts can draw: hex, rgb[a](), hsl[a]() or a name."""
    if not isinstance(value, str) or len(value) > 64:
        return False
    text = value.strip().lower()
    return bool(_HEX.fullmatch(text) or _FUNC.fullmatch(text) or text in _NAMED)


def check_option(series_type: str, name: str, value: object) -> Any:
    """Return ``value`` in the form sent to the browser, or raise ``ValueError`` saying why."""
    spec = SCHEMA[series_type].get(name)
    if spec is None:
        allowed = ", ".join(sorted(SCHEMA[series_type]))
        raise ValueError(f"unknown {series_type} option {name!r}; allowed: {allowed}")
    if spec.kind == "color":
        if not is_css_color(value):
            raise ValueError(f"option {name!r} must be a CSS colour, got {value!r}")
        return value
    if spec.kind == "choice":
        if isinstance(value, str) and value in spec.choices:
            return spec.choices[value]
        if not isinstance(value, bool) and value in spec.choices.values():
            return value
        allowed = ", ".join(repr(c) for c in spec.choices)
        raise ValueError(f"option {name!r} must be one of {allowed}, got {value!r}")
    return check_scalar(f"option {name!r}", spec.kind, value, spec.minimum, spec.maximum)


def check_scalar(
    what: str,
    kind: Kind,
    value: object,
    minimum: float | None = None,
    maximum: float | None = None,
) -> bool | str | int | float:
    """Check a bool, text, int or float value (a series option or a computed series' input);
    return it in the form sent on, or raise ``ValueError`` naming ``what`` and what is allowed."""
    shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
    if kind == "bool":
        if not isinstance(value, bool):
            raise ValueError(f"{what} must be True or False, got {shown}")
        return value
    if kind == "text":
        if not isinstance(value, str) or len(value) > MAX_TEXT_LENGTH:
            raise ValueError(
                f"{what} must be text of at most {MAX_TEXT_LENGTH} characters, got {shown}"
            )
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{what} must be a number, got {shown}")
    if not math.isfinite(value):  # NaN and infinity are not settings
        raise ValueError(f"{what} must be a finite number, got {shown}")
    if kind == "int" and not float(value).is_integer():
        raise ValueError(f"{what} must be a whole number, got {shown}")
    low = -math.inf if minimum is None else minimum
    high = math.inf if maximum is None else maximum
    if not low <= value <= high:
        raise ValueError(f"{what} must be between {low:g} and {high:g}, got {shown}")
    return int(value) if kind == "int" else float(value)


# The user's values of a computed series' declared inputs (lwcharts/model/indicators.py) are
# saved in the same config as its options, under "input:<name>". The store cannot know the
# declaration, so it keeps primitive values only; the chart checks them against the declaration
# when it applies them.


def check_saved_input(key: str, value: object) -> Any:
    """Return a saved ``input:<name>`` value (a finite number, a bool or short text), or raise
    ``ValueError`` saying why it is not one."""
    name = key[len(INPUT_PREFIX) :] if key.startswith(INPUT_PREFIX) else ""
    if not INPUT_NAME.fullmatch(name):
        raise ValueError(f"{key[:80]!r} is not input:<name> with a Python identifier as name")
    if isinstance(value, bool) or (isinstance(value, str) and len(value) <= MAX_TEXT_LENGTH):
        return value
    if isinstance(value, (int, float)) and math.isfinite(value):
        return value
    raise ValueError(
        f"{key!r} must be a finite number, True/False or text of at most {MAX_TEXT_LENGTH} "
        f"characters, got {repr(value)[:60]}"
    )


def schema_json() -> str:
    """The schema as JSON for the front end: ``{series: {seriesType: {option: {kind, default,
    tab, label, ...}}}, colorNames: [...], maxTextLength, shared: {...}}`` — the same checks and
    facts in both places."""
    table = {
        "shared": SHARED,
        "series": {
            series_type: {name: asdict(spec) for name, spec in options.items()}
            for series_type, options in SCHEMA.items()
        },
        "colorNames": sorted(_NAMED),
        "maxTextLength": MAX_TEXT_LENGTH,
    }
    return json.dumps(table, indent=1, sort_keys=True)


def _allowed(spec: OptionSpec) -> str:
    if spec.kind == "choice":
        return ", ".join(f"`{label}`" for label in spec.choices)
    if spec.kind in ("int", "float"):
        return f"{spec.minimum:g} – {spec.maximum:g}"
    return {"color": "CSS colour", "bool": "`True` / `False`", "text": "text, ≤ 200 chars"}[
        spec.kind
    ]


def _default(spec: OptionSpec) -> str:
    if spec.kind == "choice":
        return next(f"`{k}`" for k, v in spec.choices.items() if v == spec.default)
    return "series colour" if spec.default == "" else f"`{spec.default!r}`"


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


def schema_markdown() -> str:
    """The schema as the reference page ``docs/options.md``."""
    lines = [
        "# Series options",
        "",
        "Generated from `lwcharts/settings/schema.py` by `python -m lwcharts.settings`;",
        "do not edit.",
        "Pass options to `Chart.line(...)` etc. in snake_case; the settings dialog shows them",
        "on the tab named here, and saved settings use the camelCase name.",
    ]
    for series_type, options in SCHEMA.items():
        lines += ["", f"## {series_type}", "", "| option | tab | allowed | default |"]
        lines.append("|---|---|---|---|")
        lines += [
            f"| `{_snake(name)}` (`{name}`) | {spec.tab} | {_allowed(spec)} | {_default(spec)} |"
            for name, spec in options.items()
        ]
    return "\n".join(lines) + "\n"


_PY_TYPES = {"color": "str", "int": "int", "float": "float", "bool": "bool", "text": "str"}


def _py_type(spec: OptionSpec) -> str:
    if spec.kind != "choice":
        return _PY_TYPES[spec.kind]
    labels = "Literal[" + ", ".join(json.dumps(label) for label in spec.choices) + "]"
    numbered = any(isinstance(value, int) for value in spec.choices.values())
    return labels + " | int" if numbered else labels


def series_params_python() -> str:
    """The keyword arguments of ``Chart.add_series`` per series type, as TypedDicts (IDE help
    and type checks for ``chart.line(df, color=...)``): ``lwcharts/model/series_params.py``.

    Options every type has sit on ``SeriesParams``, those of the line-drawing types on
    ``LineSeriesParams``; each type's class adds only its own."""

    def fields(options: dict[str, OptionSpec]) -> list[str]:
        return [f"    {_snake(name)}: {_py_type(spec)}" for name, spec in options.items()]

    def typed_dict(name: str, base: str, doc: str, body: list[str]) -> list[str]:
        return ["", "", f"class {name}({base}, total=False):", f'    """{doc}"""', "", *body]

    lines = [
        '"""The keyword arguments of ``Chart.add_series`` and its per-type wrappers, typed.',
        "",
        "Generated from `lwcharts/settings/schema.py` by `python -m lwcharts.settings`; do not",
        "edit. Options are snake_case; docs/options.md says what each allows.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "from typing import Literal, TypedDict",
    ]
    shared = [
        "    name: str | None",
        "    id: str | None",
        "    pane: int",
        "    price_scale: str",
        "    scale_mode: Literal[" + ", ".join(json.dumps(m) for m in SCALE_MODES) + "]",
        *fields(_COMMON),
    ]
    what = "What every series takes besides its data: see ``Chart.add_series``."
    lines += typed_dict("SeriesParams", "TypedDict", what, shared)
    what = "What every series drawn from one value column takes."
    lines += typed_dict("ValueSeriesParams", "SeriesParams", what, ["    column: str | None"])
    what = "What the line-drawing series (line, area, baseline) take."
    lines += typed_dict("LineSeriesParams", "ValueSeriesParams", what, fields(_LINE_COMMON))
    for series_type, options in SCHEMA.items():
        if SERIES_COLUMNS[series_type] != ("value",):
            base, inherited = "SeriesParams", set(_COMMON)
        elif set(_LINE_COMMON) <= set(options):
            base, inherited = "LineSeriesParams", set(_COMMON) | set(_LINE_COMMON)
        else:
            base, inherited = "ValueSeriesParams", set(_COMMON)
        own = {name: spec for name, spec in options.items() if name not in inherited}
        what = f"``Chart.{series_type}``: shared keywords and {series_type} options."
        lines += typed_dict(f"{series_type.capitalize()}Params", base, what, fields(own))
    return "\n".join(lines) + "\n"


# Generated copies: the front end imports the JSON, the docs show the Markdown.
# tests/unit/test_schema.py fails when either is stale.
GENERATED = {
    "js/src/generated/option-schema.json": lambda: schema_json() + "\n",
    "docs/options.md": schema_markdown,
    "lwcharts/model/series_params.py": series_params_python,
}
