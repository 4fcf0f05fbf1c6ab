"""The rules saved series settings follow, whatever engine keeps them.

``completeState = {chartId: {paneId: {seriesId: {"config": {...}, "seriesType": "line",
"lastModified": <ms since 1970>}}}}``. ``config`` holds only the keys the user changed; an entry
with an empty ``config`` is a reset, kept as a tombstone. Per series the newer ``lastModified``
wins; on a tie a reset beats a change, otherwise the held entry stays (the cases both languages
run: tests/cases/saved-state-rules.json).

Saved drawings (``lwcharts.settings.drawings``) are entries of the same store, under the item
``drawing:<id>`` of pane ``"0"`` (a tombstone has no pane; the drawing's own pane is in its
record): every engine keeps them with no code of its own. Entries are validated, merged and
capped by their item's kind (series settings and drawings have caps of their own, so neither
crowds out the other); the completeState a host sends holds series entries only
(``series_only``).

Everything that comes from the browser or from a file is untrusted: its size is bounded before
anything is copied (``check_payload_size``), it is checked against the option schema or the
drawing rules, and what fails is dropped; one ``SettingsWarning`` per payload or file says what
(``Refusals``). Size caps (``ScopeEntries``) keep the most recently changed series, drawings and
charts. The rules work per entry, so an engine applies them to just the entries a write changes.
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
    MAX_INPUTS,
    MAX_PANE,
    MAX_PAYLOAD_BYTES,
    PAYLOAD_TYPE,
    SCHEMA,
    SERIES_TYPES,
    SeriesType,
    check_option,
    check_saved_input,
)

MAX_CHARTS_PER_SCOPE = 200
MAX_SERIES_PER_CHART = 100
# One series' saved entry as JSON: every option of the schema plus MAX_INPUTS inputs fit.
MAX_ENTRY_BYTES = 16 * 1024
# One user's saved settings as JSON (20,000 typical entries fit); also what one anonymous
# Streamlit session may hold in the server's memory.
MAX_SCOPE_BYTES = 4 * 1024 * 1024
# One user's saved drawings as JSON (about 10,000 typical drawings), counted apart from the
# series settings; the same bound on a session's memory.
MAX_DRAWING_BYTES = 4 * 1024 * 1024
# completeState is 6 levels deep (payload, charts, panes, series, entry, config); an option value
# is a scalar. A drawing record is 7 (payload, charts, panes, item, record, points, point).
# Anything deeper is not a settings payload.
MAX_PAYLOAD_DEPTH = 8
MAX_SCOPE_LENGTH = 512
# Public Streamlit apps may persist one scope per signed-in user; this bounds the file.
MAX_SCOPES = 1000
# How many refused values one warning quotes.
_QUOTED_REFUSALS = 5


class Refusals:
    """What one payload, file or write dropped, reported as one ``SettingsWarning``."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.count = 0
        self._quoted: list[str] = []

    def add(self, reason: str) -> None:
        self.count += 1
        if len(self._quoted) < _QUOTED_REFUSALS:
            self._quoted.append(clip(reason, 600))

    def report(self) -> None:
        if not self.count:
            return
        more = self.count - len(self._quoted)
        tail = f"; and {more} more" if more else ""
        warn(f"{self.source}: dropped {self.count}: " + "; ".join(self._quoted) + tail)


class PayloadRefusedError(ValueError):
    """A received structure is over the byte budget, nested too deep, or not JSON."""


def check_payload_size(value: object, budget: int = MAX_PAYLOAD_BYTES) -> int:
    """The size of ``value`` as JSON (characters, close to its UTF-8 bytes), found by a walk that
    stops as soon as the budget or ``MAX_PAYLOAD_DEPTH`` is exceeded: nothing is serialised or
    copied, so a 180 MB payload costs what its first megabyte does.

    Raises ``PayloadRefusedError``."""
    size = 0
    stack: list[tuple[object, int]] = [(value, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_PAYLOAD_DEPTH:
            raise PayloadRefusedError(f"nested deeper than {MAX_PAYLOAD_DEPTH} levels")
        if isinstance(node, str):
            size += len(node) + 2
        elif node is None or isinstance(node, (bool, int, float)):
            size += 20
        elif isinstance(node, dict):
            # Each item adds at least 4 characters, so the stack never outgrows the budget.
            size += 2 + 4 * len(node)
            if size > budget:
                break
            for key, item in node.items():
                if isinstance(key, str):
                    size += len(key)
                elif isinstance(key, int):  # a pane number from Python: JSON writes it as text
                    size += 20
                else:
                    raise PayloadRefusedError(f"an object key {short(key)} is not JSON")
                stack.append((item, depth + 1))
        elif isinstance(node, (list, tuple)):
            size += 2 + len(node)
            if size > budget:
                break
            stack.extend((item, depth + 1) for item in node)
        else:
            raise PayloadRefusedError(f"{type(node).__name__} is not JSON")
        if size > budget:
            break
    if size > budget:
        raise PayloadRefusedError(f"over {budget} bytes; at most {budget} expected")
    return size


def entry_bytes(entry: Entry) -> int:
    """The size of a validated entry as stored (JSON with ASCII escapes: bytes = characters)."""
    return len(json.dumps(entry, separators=(",", ":")))


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

# The kinds of item a scope holds; each is capped per chart on its own.
SERIES, DRAWINGS, TOMBSTONES = "series", "drawings", "deleted drawings"
_PER_CHART_CAP = {
    SERIES: MAX_SERIES_PER_CHART,
    DRAWINGS: RULES["maxDrawings"],
    TOMBSTONES: RULES["maxTombstones"],
}


def is_drawing_item(item: str) -> bool:
    return item.startswith(ITEM_PREFIX)


def drawing_key(chart_id: str, drawing_id: str) -> Key:
    return chart_id, DRAWING_PANE, ITEM_PREFIX + drawing_id


def item_kind(key: Key, entry: Entry) -> str:
    """``SERIES``, ``DRAWINGS`` or ``TOMBSTONES`` (a deleted drawing's record)."""
    if not is_drawing_item(key[2]):
        return SERIES
    return TOMBSTONES if is_tombstone(entry) else DRAWINGS


def payload_entries(payload: object, now_ms: int, refusals: Refusals | None = None) -> Flat:
    """The valid entries of a ``series_config_changes`` payload from the browser (its
    ``completeState`` and its ``changes``); everything else is dropped, and reported in one
    warning (into ``refusals`` when the caller reports it with its own)."""
    own = refusals is None
    refused = Refusals("settings payload") if refusals is None else refusals
    if not isinstance(payload, dict) or payload.get("type") != PAYLOAD_TYPE:
        kind = payload.get("type") if isinstance(payload, dict) else payload
        refused.add(f"the whole payload: expected type {PAYLOAD_TYPE!r}, got {short(kind)}")
        entries: Flat = {}
    else:
        try:
            check_payload_size(payload)
        except PayloadRefusedError as exc:
            refused.add(f"the whole payload: {exc}")
            entries = {}
        else:
            entries = _payload_entries(payload, now_ms, refused)
    if own:
        refused.report()
    return entries


def _payload_entries(payload: dict[str, Any], now_ms: int, refused: Refusals) -> Flat:
    entries = state_entries(
        payload.get("completeState", {}), "browser completeState", now_ms, refused
    )
    changes = payload.get("changes", [])
    if not isinstance(changes, list):
        refused.add(f"browser changes: expected a list, got {short(changes)}")
        return entries
    for number, change in enumerate(changes):
        if not isinstance(change, dict):
            refused.add(f"browser change {number}: expected an object, got {short(change)}")
            continue
        ids = (change.get("chartId"), change.get("paneId"), change.get("seriesId"))
        where = partial(_where, f"browser change {number}", *ids)
        try:
            key = check_key(*ids)
            if is_drawing_item(key[2]):
                raise ValueError(f"{key[2]!r} is a drawing's item; drawings come in 'drawings'")
            keep_newer(entries, key, check_entry(change, "timestamp", now_ms, refused, where))
        except ValueError as exc:
            refused.add(f"{where()}: {clip(str(exc))}")
    _collect_drawing_entries(payload.get("drawings"), now_ms, refused, entries)
    return entries


def _collect_drawing_entries(raw: object, now_ms: int, refused: Refusals, entries: Flat) -> None:
    """The valid drawings of a payload's ``drawings: {chartId: [record]}``, into ``entries``."""
    if raw is None:
        return
    if not isinstance(raw, dict):
        refused.add(f"browser drawings: expected an object of charts, got {short(raw)}")
        return
    for chart_id, records in raw.items():
        try:
            check_id(chart_id, "chartId")
        except ValueError as exc:
            refused.add(f"browser drawings: {clip(str(exc))}")
            continue
        valid, problems = sanitize_drawings(records, now_ms)
        for problem in problems:
            refused.add(f"browser drawings of chart {short(chart_id)}: {problem}")
        for record in valid:
            keep_newer(entries, drawing_key(chart_id, record["id"]), record)


def state_entries(raw: object, source: str, now_ms: int, refusals: Refusals | None = None) -> Flat:
    """The valid entries of a completeState; what fails is dropped, reported in one warning
    (into ``refusals`` when the caller reports it with its own)."""
    refused = Refusals(source) if refusals is None else refusals
    entries: Flat = {}
    if not isinstance(raw, dict):
        refused.add(f"{source}: expected an object of charts, got {short(raw)}")
    else:
        _collect_state_entries(raw, source, now_ms, refused, entries)
    if refusals is None:
        refused.report()
    return entries


def _collect_state_entries(
    raw: dict[Any, Any], source: str, now_ms: int, refused: Refusals, entries: Flat
) -> None:
    for chart_id, panes in raw.items():
        if not isinstance(panes, dict):
            refused.add(f"{source} chart {short(chart_id)}: expected an object of panes")
            continue
        for pane_id, series in panes.items():
            if not isinstance(series, dict):
                pane = f"{source} chart {short(chart_id)} pane {short(pane_id)}"
                refused.add(f"{pane}: expected an object of series")
                continue
            for series_id, entry in series.items():
                where = partial(_where, source, chart_id, pane_id, series_id)
                try:
                    key = check_key(chart_id, pane_id, series_id)
                    keep_newer(entries, key, check_stored(key, entry, now_ms, refused, where))
                except ValueError as exc:
                    refused.add(f"{where()}: {clip(str(exc))}")


def check_stored(
    key: Key,
    raw: object,
    now_ms: int,
    refused: Refusals,
    where: Callable[[], str] = lambda: "entry",
) -> Entry:
    """One stored entry (completeState, snapshot or journal), validated by its item's kind."""
    if is_drawing_item(key[2]):
        return _check_drawing(raw, key[2], now_ms, refused, where)
    return check_entry(raw, "lastModified", now_ms, refused, where)


def _check_drawing(
    raw: object, item: str, now_ms: int, refused: Refusals, where: Callable[[], str]
) -> DrawingRecord:
    """A stored drawing entry: a valid record whose id is the item's; what was dropped from a
    valid one goes into ``refused``."""
    valid, problems = sanitize_drawings([raw], now_ms)
    if not valid or ITEM_PREFIX + valid[0]["id"] != item:
        raise ValueError("; ".join(problems) or f"the drawing's id is not {item!r}")
    for problem in problems:
        refused.add(f"{where()}: {problem}")
    return valid[0]


def check_entry(
    raw: object,
    stamp_field: str,
    now_ms: int,
    refused: Refusals,
    where: Callable[[], str] = lambda: "entry",
) -> SeriesEntry:
    """One validated entry; a bad option is dropped into ``refused``, a bad entry raises
    ``ValueError`` (bad type or stamp, nothing valid left, over ``MAX_ENTRY_BYTES``)."""
    if not isinstance(raw, dict):
        expected = f"an object with config, seriesType and {stamp_field}"
        raise ValueError(f"expected {expected}, got {short(raw)}")
    series_type = check_type(raw.get("seriesType"))
    entry = SeriesEntry(
        config=_check_config(series_type, raw.get("config"), where, refused),
        seriesType=series_type,
        lastModified=check_stamp(raw.get(stamp_field), stamp_field, now_ms),
    )
    size = entry_bytes(entry)
    if size > MAX_ENTRY_BYTES:
        raise ValueError(f"entry of {size} bytes; at most {MAX_ENTRY_BYTES} per series")
    return entry


def _check_config(
    series_type: SeriesType, raw: object, where: Callable[[], str], refused: Refusals
) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise ValueError(f"config must be an object of option: value, got {short(raw)}")
    most = len(SCHEMA[series_type]) + MAX_INPUTS
    if len(raw) > most:
        raise ValueError(
            f"config of {len(raw)} keys; a {series_type} series has {len(SCHEMA[series_type])} "
            f"options and at most {MAX_INPUTS} saved inputs"
        )
    config: dict[str, Any] = {}
    inputs = 0
    for name, value in raw.items():
        try:
            if isinstance(name, str) and name.startswith(INPUT_PREFIX):
                inputs += 1
                if inputs > MAX_INPUTS:
                    raise ValueError(f"{short(name)}: at most {MAX_INPUTS} saved inputs per series")
                config[name] = check_saved_input(name, value)
            else:
                config[name] = check_option(series_type, name, value)
        except (ValueError, TypeError, OverflowError) as exc:
            # check_option's message names the option and says what it expected.
            refused.add(f"{where()}: {clip(str(exc), 600)}")
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


def wins(key: Key, entry: Entry, held: Entry) -> bool:
    """The newer ``lastModified`` wins. On a tie a reset beats a change (so two tabs that saw the
    same moment agree whichever arrives first); otherwise the held entry stays. Drawings follow
    ``newer_record`` (a tombstone beats a live drawing on a tie)."""
    if is_drawing_item(key[2]):
        return newer_record(held, entry)
    if entry["lastModified"] != held["lastModified"]:
        return bool(entry["lastModified"] > held["lastModified"])
    return not entry["config"] and bool(held["config"])


def keep_newer(entries: Flat, key: Key, entry: Entry) -> None:
    held = entries.get(key)
    if held is None or wins(key, entry, held):
        entries[key] = entry


def merged(current: Flat, incoming: Flat) -> Flat:
    result = dict(current)
    for key, entry in incoming.items():
        keep_newer(result, key, entry)
    return result


class ScopeEntries:
    """One scope's validated entries with running totals (entries per chart and item kind, charts
    and bytes per family: series settings, drawings), so a write costs what it changes and the
    caps are checked in constant time until one is exceeded."""

    def __init__(self, scope: str, entries: Flat | None = None) -> None:
        self.scope = scope
        self.entries: Flat = {}
        # The same entries nested as completeState, for readers with no copy. Copy-on-write: a
        # change replaces the dicts on its path (at most 200 charts, 100 series), never changes
        # one a reader was handed, so readers on other threads see a consistent state.
        self.state: CompleteState = {}
        # Keyed by family: False for series settings, True for drawings.
        self._bytes = {False: 0, True: 0}
        self._charts: dict[bool, dict[str, int]] = {False: {}, True: {}}
        self._sizes: dict[Key, int] = {}
        # Entries per (chartId, item kind), and the pairs over their kind's cap.
        self._per_chart: dict[tuple[str, str], int] = {}
        self._full: set[tuple[str, str]] = set()
        for key, entry in (entries or {}).items():
            self._count(key, entry)
        self.state = nest(self.entries)

    def put(self, key: Key, entry: Entry) -> None:
        """Hold ``entry`` under ``key`` whatever was there (callers decide with ``wins``)."""
        self._count(key, entry)
        chart_id, pane_id, series_id = key
        panes = dict(self.state.get(chart_id, {}))
        panes[pane_id] = {**panes.get(pane_id, {}), series_id: entry}
        self.state = {**self.state, chart_id: panes}

    def _count(self, key: Key, entry: Entry) -> None:
        if key in self.entries:  # a drawing deleted or restored changes its kind
            self._uncount(key)
        kind = item_kind(key, entry)
        group = (key[0], kind)
        count = self._per_chart.get(group, 0) + 1
        self._per_chart[group] = count
        if count > _PER_CHART_CAP[kind]:
            self._full.add(group)
        family = kind != SERIES
        charts = self._charts[family]
        charts[key[0]] = charts.get(key[0], 0) + 1
        size = entry_bytes(entry)
        self._sizes[key] = size
        self._bytes[family] += size
        self.entries[key] = entry

    def remove(self, key: Key) -> None:
        if key not in self.entries:
            return
        self._uncount(key)
        chart_id, pane_id, series_id = key
        panes = dict(self.state[chart_id])
        series = {k: v for k, v in panes[pane_id].items() if k != series_id}
        if series:
            panes[pane_id] = series
        else:
            del panes[pane_id]
        state = dict(self.state)
        if panes:
            state[chart_id] = panes
        else:
            del state[chart_id]
        self.state = state

    def _uncount(self, key: Key) -> None:
        kind = item_kind(key, self.entries.pop(key))
        family = kind != SERIES
        self._bytes[family] -= self._sizes.pop(key)
        group = (key[0], kind)
        count = self._per_chart[group] - 1
        if count:
            self._per_chart[group] = count
        else:
            del self._per_chart[group]
        if count <= _PER_CHART_CAP[kind]:
            self._full.discard(group)
        charts = self._charts[family]
        left = charts[key[0]] - 1
        if left:
            charts[key[0]] = left
        else:
            del charts[key[0]]

    def merge(self, incoming: Flat) -> Flat:
        """Take each incoming entry that wins over the held one; return the ones taken."""
        taken: Flat = {}
        for key, entry in incoming.items():
            held = self.entries.get(key)
            if held is None or wins(key, entry, held):
                self.put(key, entry)
                taken[key] = entry
        return taken

    def over_caps(self) -> bool:
        return (
            bool(self._full)
            or any(len(charts) > MAX_CHARTS_PER_SCOPE for charts in self._charts.values())
            or self._bytes[False] > MAX_SCOPE_BYTES
            or self._bytes[True] > MAX_DRAWING_BYTES
        )

    def enforce_caps(self, refused: Refusals) -> list[Key]:
        """Drop the least recently changed series (or drawings), then charts, then entries,
        until every cap holds; say so in ``refused`` (one line per cap) and return the keys
        dropped. Series settings and drawings are capped apart."""
        if not self.over_caps():
            return []
        dropped = self._enforce_family(False, refused) + self._enforce_family(True, refused)
        self.state = nest(self.entries)  # once, however many were dropped
        return dropped

    def _enforce_family(self, family: bool, refused: Refusals) -> list[Key]:
        what = "drawings" if family else "settings"

        def stamp(key: Key) -> float:
            return float(self.entries[key]["lastModified"])

        dropped: list[Key] = []
        groups: dict[tuple[str, str], list[Key]] = {}
        for key, entry in self.entries.items():
            if is_drawing_item(key[2]) == family:
                groups.setdefault((key[0], item_kind(key, entry)), []).append(key)
        newest: dict[str, float] = {}
        for (chart_id, kind), keys in groups.items():
            keys.sort(key=stamp, reverse=True)
            cap = _PER_CHART_CAP[kind]
            if len(keys) > cap:
                settings_of = "" if family else "settings of "
                refused.add(
                    f"chart {chart_id!r}: {settings_of}more than {cap} {kind}; dropped the "
                    f"{len(keys) - cap} least recently changed"
                )
                dropped += keys[cap:]
                del keys[cap:]
            newest[chart_id] = max(newest.get(chart_id, 0.0), stamp(keys[0]))
        by_recency = sorted(newest, key=newest.__getitem__)
        if len(by_recency) > MAX_CHARTS_PER_SCOPE:
            old = set(by_recency[: len(by_recency) - MAX_CHARTS_PER_SCOPE])
            refused.add(
                f"{what} of more than {MAX_CHARTS_PER_SCOPE} charts; dropped the {len(old)} "
                "least recently changed"
            )
            dropped += [
                key for (chart_id, _), keys in groups.items() if chart_id in old for key in keys
            ]
        for key in dropped:
            self._uncount(key)
        budget = MAX_DRAWING_BYTES if family else MAX_SCOPE_BYTES
        if self._bytes[family] > budget:
            mine = (key for key in self.entries if is_drawing_item(key[2]) == family)
            before = len(dropped)
            for key in sorted(mine, key=stamp):
                if self._bytes[family] <= budget:
                    break
                self._uncount(key)
                dropped.append(key)
            refused.add(
                f"{what} over {budget} bytes; dropped the {len(dropped) - before} "
                f"least recently changed {'drawings' if family else 'series'}"
            )
        return dropped


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
