"""The rules saved series settings follow, whatever engine keeps them.

``completeState = {chartId: {paneId: {seriesId: {"config": {...}, "seriesType": "line",
"lastModified": <ms since 1970>}}}}``. ``config`` holds only the keys the user changed; an entry
with an empty ``config`` is a reset, kept as a tombstone. Per series the newer ``lastModified``
wins; on a tie a reset beats a change, otherwise the held entry stays (the cases both languages
run: tests/cases/saved-state-rules.json).

Saved drawings (``lwcharts.settings.drawings``) are entries of the same store, under the item
``drawing:<id>`` of pane ``"0"`` (a tombstone has no pane; the drawing's own pane is in its
record): every engine keeps them with no code of its own. Entries are validated and merged by
their item's kind; the completeState a host sends holds series entries only (``series_only``).

Everything that comes from the browser or from a file is untrusted: it is checked against the
option schema, and what fails is dropped with a ``SettingsWarning``. Size caps keep the most
recently changed series and charts.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from functools import partial
from typing import Any, TypedDict, cast

from lwcharts._report import clip, short, warn
from lwcharts.model.ids import check_id
from lwcharts.settings.drawings import (
    ITEM_PREFIX,
    RULES,
    DrawingRecord,
    is_tombstone,
    newer_record,
    sanitize_drawings,
)
from lwcharts.settings.schema import (
    INPUT_PREFIX,
    MAX_CLOCK_SKEW_MS,
    MAX_PANE,
    MAX_PAYLOAD_BYTES,
    PAYLOAD_TYPE,
    SERIES_TYPES,
    SeriesType,
    check_option,
    check_saved_input,
)

MAX_CHARTS_PER_SCOPE = 200
MAX_SERIES_PER_CHART = 100
MAX_SCOPE_LENGTH = 512
# Public Streamlit apps may persist one scope per browser session; this bounds the file.
MAX_SCOPES = 1000


class SeriesEntry(TypedDict):
    """The saved settings of one series: the user's changed options and when they were made."""

    config: dict[str, Any]
    seriesType: SeriesType
    lastModified: float


# A series' settings, or (item ``drawing:<id>``) a drawing record.
Entry = SeriesEntry | DrawingRecord
# {chartId: {paneId: {item: entry}}}: with series items only, what the front end gets as
# ``seriesConfigBackendData.completeState``.
CompleteState = dict[str, dict[str, dict[str, Entry]]]
# Inside the rules, entries are keyed flat by (chartId, paneId, item): merging and capping are
# per series and per drawing.
Key = tuple[str, str, str]
Flat = dict[Key, Entry]
DRAWING_PANE = "0"


def is_drawing_item(item: str) -> bool:
    return item.startswith(ITEM_PREFIX)


def drawing_key(chart_id: str, drawing_id: str) -> Key:
    return chart_id, DRAWING_PANE, ITEM_PREFIX + drawing_id


def payload_entries(payload: object, now_ms: int) -> Flat:
    """The valid entries of a ``series_config_changes`` payload from the browser (its
    ``completeState`` and its ``changes``); everything else is dropped with a warning."""
    if not isinstance(payload, dict) or payload.get("type") != PAYLOAD_TYPE:
        kind = payload.get("type") if isinstance(payload, dict) else payload
        warn(f"ignored a settings payload: expected type {PAYLOAD_TYPE!r}, got {short(kind)}")
        return {}
    try:
        size = len(json.dumps(payload))
    except (TypeError, ValueError, RecursionError) as exc:
        warn(f"ignored a settings payload that is not JSON: {clip(str(exc))}")
        return {}
    if size > MAX_PAYLOAD_BYTES:
        warn(f"ignored a settings payload of {size} bytes; at most {MAX_PAYLOAD_BYTES} expected")
        return {}
    entries = state_entries(payload.get("completeState", {}), "browser completeState", now_ms)
    changes = payload.get("changes", [])
    if not isinstance(changes, list):
        warn(f"ignored browser changes: expected a list, got {short(changes)}")
        return entries
    for number, change in enumerate(changes):
        if not isinstance(change, dict):
            warn(f"browser change {number}: expected an object, got {short(change)}; dropped")
            continue
        ids = (change.get("chartId"), change.get("paneId"), change.get("seriesId"))
        where = partial(_where, f"browser change {number}", *ids)
        try:
            key = check_key(*ids)
            keep_newer(entries, key, _check_entry(change, "timestamp", where, now_ms))
        except ValueError as exc:
            warn(f"{where()}: {clip(str(exc))}; dropped")
    entries.update(drawing_entries(payload.get("drawings"), now_ms))
    return entries


def drawing_entries(raw: object, now_ms: int) -> Flat:
    """The valid drawings of a payload's ``drawings: {chartId: [record]}``, as entries."""
    entries: Flat = {}
    if raw is None:
        return entries
    if not isinstance(raw, dict):
        warn(f"ignored browser drawings: expected an object of charts, got {short(raw)}")
        return entries
    for chart_id, records in raw.items():
        try:
            check_id(chart_id, "chartId")
        except ValueError as exc:
            warn(f"browser drawings: {clip(str(exc))}; dropped")
            continue
        valid, problems = sanitize_drawings(records, now_ms)
        if problems:
            warn(f"browser drawings of chart {short(chart_id)}: {clip('; '.join(problems), 600)}")
        for record in valid:
            keep_newer(entries, drawing_key(chart_id, record["id"]), record)
    return entries


def state_entries(raw: object, source: str, now_ms: int) -> Flat:
    """The valid entries of a completeState; every part that fails is dropped with a warning."""
    entries: Flat = {}
    if not isinstance(raw, dict):
        warn(f"{source}: expected an object of charts, got {short(raw)}; ignored")
        return entries
    for chart_id, panes in raw.items():
        if not isinstance(panes, dict):
            warn(f"{source} chart {short(chart_id)}: expected an object of panes; dropped")
            continue
        for pane_id, series in panes.items():
            if not isinstance(series, dict):
                pane = f"{source} chart {short(chart_id)} pane {short(pane_id)}"
                warn(f"{pane}: expected an object of series; dropped")
                continue
            for series_id, entry in series.items():
                where = partial(_where, source, chart_id, pane_id, series_id)
                try:
                    key = check_key(chart_id, pane_id, series_id)
                    if is_drawing_item(key[2]):
                        keep_newer(entries, key, _check_drawing(entry, key[2], now_ms))
                        continue
                    keep_newer(entries, key, _check_entry(entry, "lastModified", where, now_ms))
                except ValueError as exc:
                    warn(f"{where()}: {clip(str(exc))}; dropped")
    return entries


def _check_drawing(raw: object, item: str, now_ms: int) -> DrawingRecord:
    """A stored drawing entry: a valid record whose id is the item's."""
    valid, problems = sanitize_drawings([raw], now_ms)
    if not valid or ITEM_PREFIX + valid[0]["id"] != item:
        raise ValueError("; ".join(problems) or f"the drawing's id is not {item!r}")
    return valid[0]


def _check_entry(
    raw: object, stamp_field: str, where: Callable[[], str], now_ms: int
) -> SeriesEntry:
    if not isinstance(raw, dict):
        expected = f"an object with config, seriesType and {stamp_field}"
        raise ValueError(f"expected {expected}, got {short(raw)}")
    series_type = check_type(raw.get("seriesType"))
    return SeriesEntry(
        config=_check_config(series_type, raw.get("config"), where),
        seriesType=series_type,
        lastModified=check_stamp(raw.get(stamp_field), stamp_field, now_ms),
    )


def _check_config(series_type: SeriesType, raw: object, where: Callable[[], str]) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise ValueError(f"config must be an object of option: value, got {short(raw)}")
    config: dict[str, Any] = {}
    for name, value in raw.items():
        try:
            if isinstance(name, str) and name.startswith(INPUT_PREFIX):
                config[name] = check_saved_input(name, value)
            else:
                config[name] = check_option(series_type, name, value)
        except (ValueError, TypeError, OverflowError) as exc:
            # check_option's message names the option and says what it expected.
            warn(f"{where()}: {clip(str(exc), 600)}; dropped")
    if raw and not config:
        # An empty config is a reset; a change whose every option was bad is not one.
        raise ValueError("no valid option left in config")
    return config


def check_key(chart_id: object, pane_id: object, series_id: object) -> Key:
    return check_id(chart_id, "chartId"), _check_pane(pane_id), check_id(series_id, "seriesId")


_PANE_TEXT = re.compile(r"[0-9]{1,2}")


def _check_pane(value: object) -> str:
    """The pane as a JSON object key: browsers send 0, JSON object keys arrive as "0"."""
    number = -1
    if isinstance(value, str) and _PANE_TEXT.fullmatch(value):
        number = int(value)
    elif isinstance(value, int) and not isinstance(value, bool):
        number = value
    if not 0 <= number <= MAX_PANE:
        raise ValueError(f"paneId must be a whole number 0-{MAX_PANE}, got {short(value)}")
    return str(number)


def check_type(value: object) -> SeriesType:
    if not isinstance(value, str) or value not in SERIES_TYPES:
        allowed = ", ".join(SERIES_TYPES)
        raise ValueError(f"seriesType must be one of {allowed}, got {short(value)}")
    return value


def check_stamp(value: object, field: str, now_ms: int) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value >= 0:
        raise ValueError(f"{field} must be milliseconds since 1970, got {short(value)}")
    if value > now_ms + MAX_CLOCK_SKEW_MS:
        raise ValueError(f"{field} {short(value)} is more than 24 h in the future")
    return int(value) if float(value).is_integer() else float(value)


def check_scope(scope: object) -> None:
    if not isinstance(scope, str) or not 0 < len(scope) <= MAX_SCOPE_LENGTH:
        raise ValueError(
            f"scope must be a non-empty string of at most {MAX_SCOPE_LENGTH} characters, "
            f"got {short(scope)}"
        )


def keep_newer(entries: Flat, key: Key, entry: Entry) -> None:
    """The newer ``lastModified`` wins. On a tie a reset beats a change (so two tabs that saw the
    same moment agree whichever arrives first); otherwise the held entry stays."""
    held = entries.get(key)
    if is_drawing_item(key[2]):
        if newer_record(held, entry):
            entries[key] = entry
        return
    if held is None:
        entries[key] = entry
        return
    newer = entry["lastModified"] > held["lastModified"]
    tie = entry["lastModified"] == held["lastModified"]
    reset_beats_change = tie and not entry["config"] and bool(held["config"])
    if newer or reset_beats_change:
        entries[key] = entry


def merged(current: Flat, incoming: Flat) -> Flat:
    result = dict(current)
    for key, entry in incoming.items():
        keep_newer(result, key, entry)
    return result


def trim(entries: Flat, scope: str) -> Flat:
    """Enforce the size caps, keeping the most recently changed series and charts; drawings are
    capped per chart like a chart's drawings in the browser (``trim_drawings``)."""
    drawings = {key: entry for key, entry in entries.items() if is_drawing_item(key[2])}
    if drawings:
        series = {key: entry for key, entry in entries.items() if key not in drawings}
        return {**trim(series, scope), **trim_drawings(drawings, scope)}
    charts: dict[str, list[Key]] = {}
    for key in entries:
        charts.setdefault(key[0], []).append(key)
    if len(charts) <= MAX_CHARTS_PER_SCOPE and all(
        len(keys) <= MAX_SERIES_PER_CHART for keys in charts.values()
    ):
        return entries
    kept: dict[str, list[Key]] = {}
    for chart_id, keys in charts.items():
        keys.sort(key=lambda key: entries[key]["lastModified"], reverse=True)
        if len(keys) > MAX_SERIES_PER_CHART:
            warn(
                f"scope {scope!r} chart {chart_id!r}: settings of more than "
                f"{MAX_SERIES_PER_CHART} series; dropped the {len(keys) - MAX_SERIES_PER_CHART} "
                "least recently changed"
            )
        kept[chart_id] = keys[:MAX_SERIES_PER_CHART]
    by_recency = sorted(kept, key=lambda chart: entries[kept[chart][0]]["lastModified"])
    if len(by_recency) > MAX_CHARTS_PER_SCOPE:
        dropped = by_recency[: len(by_recency) - MAX_CHARTS_PER_SCOPE]
        warn(
            f"scope {scope!r}: settings of more than {MAX_CHARTS_PER_SCOPE} charts; dropped the "
            f"{len(dropped)} least recently changed"
        )
        for chart_id in dropped:
            del kept[chart_id]
    return {key: entries[key] for keys in kept.values() for key in keys}


def trim_drawings(entries: Flat, scope: str) -> Flat:
    """Per chart the newest ``maxDrawings`` drawings and ``maxTombstones`` tombstones; at most
    ``MAX_CHARTS_PER_SCOPE`` charts with drawings, the most recently changed."""
    groups: dict[tuple[str, bool], list[Key]] = {}
    for key, entry in entries.items():
        groups.setdefault((key[0], is_tombstone(entry)), []).append(key)
    kept: dict[str, list[Key]] = {}
    for (chart_id, dead), keys in groups.items():
        cap = RULES["maxTombstones"] if dead else RULES["maxDrawings"]
        keys.sort(key=lambda key: entries[key]["lastModified"], reverse=True)
        if len(keys) > cap:
            what = "tombstones" if dead else "drawings"
            warn(
                f"scope {scope!r} chart {chart_id!r}: more than {cap} {what}; dropped the "
                f"{len(keys) - cap} least recently changed"
            )
        kept.setdefault(chart_id, []).extend(keys[:cap])

    def newest(chart: str) -> float:
        return max(entries[key]["lastModified"] for key in kept[chart])

    charts = sorted(kept, key=newest, reverse=True)
    if len(charts) > MAX_CHARTS_PER_SCOPE:
        warn(
            f"scope {scope!r}: drawings of more than {MAX_CHARTS_PER_SCOPE} charts; dropped the "
            f"{len(charts) - MAX_CHARTS_PER_SCOPE} least recently changed"
        )
    return {key: entries[key] for chart in charts[:MAX_CHARTS_PER_SCOPE] for key in kept[chart]}


def series_only(panes: dict[str, dict[str, Entry]]) -> dict[str, dict[str, Entry]]:
    """One chart's saved state without its drawings: the seed's completeState of the chart."""
    result = {
        pane: {item: entry for item, entry in items.items() if not is_drawing_item(item)}
        for pane, items in panes.items()
    }
    return {pane: items for pane, items in result.items() if items}


def drawings_only(panes: dict[str, dict[str, Entry]]) -> list[DrawingRecord]:
    """One chart's saved drawing records (tombstones included), oldest change first."""
    records = [
        cast(DrawingRecord, entry)
        for items in panes.values()
        for item, entry in items.items()
        if is_drawing_item(item)
    ]
    return sorted(records, key=lambda record: record["lastModified"])


def cap_scopes(scopes: dict[str, Any], keep: str) -> dict[str, Any]:
    if len(scopes) <= MAX_SCOPES:
        return scopes
    others = sorted((s for s in scopes if s != keep), key=lambda s: _newest_stamp(scopes[s]))
    dropped = set(others[: len(scopes) - MAX_SCOPES])
    warn(f"more than {MAX_SCOPES} scopes saved; dropped the {len(dropped)} least recently used")
    return {scope: state for scope, state in scopes.items() if scope not in dropped}


def _newest_stamp(raw: object) -> float:
    """The newest ``lastModified`` of a stored scope, read defensively: it is not validated."""

    def values(node: object) -> list[Any]:
        return list(node.values()) if isinstance(node, dict) else []

    stamps = [
        entry.get("lastModified")
        for panes in values(raw)
        for series in values(panes)
        for entry in values(series)
        if isinstance(entry, dict)
    ]
    numbers = [s for s in stamps if isinstance(s, (int, float)) and not isinstance(s, bool)]
    return max(numbers, default=0)


def nest(entries: Flat) -> CompleteState:
    state: CompleteState = {}
    for (chart_id, pane_id, series_id), entry in entries.items():
        state.setdefault(chart_id, {}).setdefault(pane_id, {})[series_id] = entry
    return state


def _where(source: str, chart_id: object, pane_id: object, series_id: object) -> str:
    """Where a dropped value came from; built only when a warning needs it."""
    return f"{source} chart {short(chart_id)} pane {short(pane_id)} series {short(series_id)}"


def now_ms() -> int:
    return int(time.time() * 1000)
