"""The rules saved drawings follow: the Python twin of ``sanitizeDrawings`` and ``mergeDrawings``
(js/src/drawings/model.ts, merge.ts).

Every number comes from ``SHARED["drawings"]`` (the same block the front end's ``DRAWING_RULES``
is checked against) and both languages run the cases of ``tests/cases/drawing-rules.json``. The
steps of :func:`sanitize_drawings` are numbered as in ``js/src/drawings/README.md``: a record
from the browser, a file or a JSON import is validated here before it is kept.

A record is a live drawing ``{id, kind, points: [{time, price}], pane, seriesId, style,
lastModified, text?, levels?, locked?, hidden?}`` (time in UTC seconds, lastModified in ms) or a
tombstone ``{id, lastModified, deleted: True}`` that keeps a deleted drawing from coming back.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from typing import Any, TypeGuard

from lwcharts.settings.schema import SHARED, is_css_color

RULES: dict[str, Any] = SHARED["drawings"]
KINDS: dict[str, int] = {kind: spec["points"] for kind, spec in RULES["kinds"].items()}
STYLE_RULES: dict[str, dict[str, Any]] = RULES["style"]
ITEM_PREFIX: str = RULES["itemPrefix"]
DEFAULT_FIB_LEVELS: tuple[float, ...] = tuple(RULES["defaultFibLevels"])
_ID = re.compile(RULES["idPattern"])
_TOP_LEVEL_KEYS = frozenset(
    "id kind points pane seriesId style text levels locked hidden lastModified deleted".split()
)

DrawingRecord = dict[str, Any]


def default_style(kind: str) -> dict[str, Any]:
    """The style a new drawing of ``kind`` gets (``defaultStyle`` in model.ts)."""
    return {
        "color": "#2962ff",
        "width": 2,
        "lineStyle": 0,
        "extendLeft": kind == "extended_line",
        "extendRight": kind in ("ray", "extended_line"),
        "fillColor": "#2962ff",
        "fillOpacity": 20 if kind == "rectangle" else 15 if kind == "measure" else 0,
        "fontSize": 14 if kind == "text" else 12,
        "showLabels": True,
    }


def is_number(value: object) -> TypeGuard[int | float]:
    """A JSON number: never a bool, never a string."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def text_length(text: str) -> int:
    """Length in UTF-16 code units, as JavaScript counts ``string.length``."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def check_style_value(key: str, value: object) -> bool:
    """Whether ``value`` is valid for style ``key`` (``checkStyleValue``)."""
    rule = STYLE_RULES[key]
    kind = rule["kind"]
    if kind == "color":
        return is_css_color(value)
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "choice":
        return is_number(value) and value in rule["choices"]
    return (
        is_number(value)
        and math.isfinite(value)
        and float(value).is_integer()
        and rule["minimum"] <= value <= rule["maximum"]
    )


def sanitize_levels(raw: object, where: str, problems: list[str]) -> list[float]:
    """Fib levels from outside: the default levels for a bad list, bad entries dropped."""
    if not isinstance(raw, list) or len(raw) > RULES["maxFibLevels"]:
        problems.append(
            f"{where}: levels must be a list of at most {RULES['maxFibLevels']} numbers; "
            "the default levels are used"
        )
        return list(DEFAULT_FIB_LEVELS)
    low, high = RULES["fibLevelRange"]
    levels: list[float] = []
    for level in raw:
        if not is_number(level) or not math.isfinite(level) or not low <= level <= high:
            problems.append(
                f"{where}: level {_describe(level)} is not a number from {low} to {high}"
            )
        elif level in levels:
            problems.append(f"{where}: level {level} repeats")
        else:
            levels.append(level)
    return levels


def sanitize_drawings(raw: object, now_ms: float) -> tuple[list[DrawingRecord], list[str]]:
    """Drawings from an untrusted source: the valid records (in input order) and one line per
    thing dropped or replaced. The rules and their order are ``sanitizeDrawings``'s."""
    problems: list[str] = []
    if raw is None:
        return [], problems
    if not isinstance(raw, list):
        return [], ["drawings: expected a list"]
    cap = RULES["maxRecords"]
    if len(raw) > cap:
        problems.append(f"drawings: only the first {cap} of {len(raw)} entries are read")
    by_id: dict[str, tuple[DrawingRecord, int]] = {}
    for number, entry in enumerate(raw[:cap]):
        record = _sanitize_one(entry, now_ms, f"drawing #{number}", problems)
        if record is None:
            continue
        held = by_id.get(record["id"])
        if held is not None:
            problems.append(
                f"drawing #{number}: id {json.dumps(record['id'])} repeats an earlier entry"
            )
            if record["lastModified"] > held[0]["lastModified"]:
                by_id[record["id"]] = (record, held[1])
            continue
        by_id[record["id"]] = (record, number)
    ordered = sorted(by_id.values(), key=lambda pair: pair[1])
    live = [pair for pair in ordered if not is_tombstone(pair[0])]
    dead = [pair for pair in ordered if is_tombstone(pair[0])]
    if len(live) > RULES["maxDrawings"]:
        problems.append(
            f"drawings: only the first {RULES['maxDrawings']} of {len(live)} drawings are kept"
        )
    if len(dead) > RULES["maxTombstones"]:
        problems.append(
            f"drawings: only the newest {RULES['maxTombstones']} of {len(dead)} tombstones are kept"
        )
        dead = sorted(dead, key=lambda pair: (-pair[0]["lastModified"], pair[1]))
        dead = dead[: RULES["maxTombstones"]]
    kept = sorted(live[: RULES["maxDrawings"]] + dead, key=lambda pair: pair[1])
    return [record for record, _ in kept], problems


def is_tombstone(record: Mapping[str, Any]) -> bool:
    return record.get("deleted") is True


def newer_record(held: Mapping[str, Any] | None, incoming: Mapping[str, Any]) -> bool:
    """Whether ``incoming`` replaces ``held`` (``mergeDrawings``): the newer ``lastModified``
    wins; on a tie a tombstone beats a live drawing; other ties keep the held one."""
    if held is None:
        return True
    if incoming["lastModified"] != held["lastModified"]:
        return bool(incoming["lastModified"] > held["lastModified"])
    return is_tombstone(incoming) and not is_tombstone(held)


def _sanitize_one(
    raw: object, now_ms: float, where: str, problems: list[str]
) -> DrawingRecord | None:
    if not isinstance(raw, dict):
        problems.append(f"{where}: expected an object")
        return None
    drawing_id = raw.get("id")
    if not isinstance(drawing_id, str) or not _ID.fullmatch(drawing_id):
        problems.append(f"{where}: id must be 1..64 characters of A-Z a-z 0-9 _ -")
        return None
    where = f"drawing {json.dumps(drawing_id)}"
    stamp = raw.get("lastModified")
    if (
        not is_number(stamp)
        or not math.isfinite(stamp)
        or not 0 <= stamp <= now_ms + RULES["maxClockSkewMs"]
    ):
        problems.append(f"{where}: lastModified must be a time in milliseconds, not in the future")
        return None
    stamp = int(stamp) if float(stamp).is_integer() else float(stamp)
    deleted = raw.get("deleted")
    if deleted is True:
        return {"id": drawing_id, "lastModified": stamp, "deleted": True}
    if "deleted" in raw:
        problems.append(f"{where}: deleted must be true or absent")
    kind = raw.get("kind")
    if not isinstance(kind, str) or kind not in KINDS:
        problems.append(f"{where}: unknown kind {_describe(kind)}")
        return None
    points = raw.get("points")
    if not isinstance(points, list) or len(points) != KINDS[kind]:
        problems.append(f"{where}: {kind} needs exactly {KINDS[kind]} point(s)")
        return None
    clean_points = []
    for point in points:
        time = point.get("time") if isinstance(point, dict) else None
        price = point.get("price") if isinstance(point, dict) else None
        if not _is_coordinate(time) or not _is_coordinate(price):
            problems.append(f"{where}: points must be {{time, price}} with finite numbers")
            return None
        clean_points.append({"time": time, "price": price})
    series_id = raw.get("seriesId")
    if (
        not isinstance(series_id, str)
        or not 1 <= text_length(series_id) <= RULES["maxSeriesIdLength"]
    ):
        problems.append(
            f"{where}: seriesId must be a string of 1..{RULES['maxSeriesIdLength']} characters"
        )
        return None
    pane = raw.get("pane")
    pane = 0 if pane is None else pane
    if not is_number(pane) or not float(pane).is_integer() or not 0 <= pane <= RULES["maxPane"]:
        problems.append(f"{where}: pane must be a whole number 0..{RULES['maxPane']}")
        return None
    drawing: DrawingRecord = {
        "id": drawing_id,
        "kind": kind,
        "points": clean_points,
        "pane": int(pane),
        "seriesId": series_id,
        "style": _sanitize_style(kind, raw.get("style"), "style" in raw, where, problems),
        "lastModified": stamp,
    }
    if "text" in raw:
        text = raw["text"]
        if isinstance(text, str) and text_length(text) <= RULES["maxTextLength"]:
            drawing["text"] = text
        else:
            problems.append(
                f"{where}: text must be a string of at most {RULES['maxTextLength']} characters"
            )
    if kind == "text" and "text" not in drawing:
        drawing["text"] = ""
    if kind == "fib_retracement":
        given = "levels" in raw
        levels = sanitize_levels(raw["levels"], where, problems) if given else None
        drawing["levels"] = list(DEFAULT_FIB_LEVELS) if levels is None else levels
    elif "levels" in raw:
        problems.append(f"{where}: levels only belong to fib_retracement")
    for flag in ("locked", "hidden"):
        if flag not in raw:
            continue
        if not isinstance(raw[flag], bool):
            problems.append(f"{where}: {flag} must be true or false")
        elif raw[flag]:
            drawing[flag] = True
    for key in raw:
        if key not in _TOP_LEVEL_KEYS:
            problems.append(f"{where}: unknown key {_describe(key)}")
    return drawing


def _sanitize_style(
    kind: str, raw: object, given: bool, where: str, problems: list[str]
) -> dict[str, Any]:
    style = default_style(kind)
    if not given:
        return style
    if not isinstance(raw, dict):
        problems.append(f"{where}: style must be an object")
        return style
    for key, value in raw.items():
        if key not in STYLE_RULES:
            problems.append(f"{where}: unknown style key {_describe(key)}")
        elif check_style_value(key, value):
            style[key] = value
        else:
            problems.append(
                f"{where}: style {key}={_describe(value)} is not valid; the default is used"
            )
    return style


def _is_coordinate(value: object) -> bool:
    return is_number(value) and math.isfinite(value) and abs(value) <= RULES["maxAbsCoordinate"]


def _describe(value: object) -> str:
    try:
        text = json.dumps(value)
    except (TypeError, ValueError):
        text = str(value)
    return text if len(text) <= 40 else text[:37] + "..."
