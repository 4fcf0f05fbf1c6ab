"""The per-user store of series settings made in the settings dialog.

One JSON file is shared by every Jupyter kernel and Streamlit server of the OS user, so a style
set in a notebook shows in a Streamlit app and back. Inside it, settings are kept per *scope*: an
opaque string the host chooses (``os:alice``, ``st:alice@example.com``, ``session:<id>``); one
scope never sees another's data. The file format::

    {"version": 1, "scopes": {scope: completeState}}
    completeState = {chartId: {paneId: {seriesId: {"config": {...}, "seriesType": "line",
                                                   "lastModified": <ms since 1970>}}}}

``config`` holds only the keys the user changed. An entry with an empty ``config`` is a reset,
kept as a tombstone: per series the newer ``lastModified`` wins, so an older copy in another tab
or host cannot bring the old style back.

Everything that comes from the browser or from the file is untrusted: it is checked against the
option schema, and what fails is dropped with a ``SettingsWarning``. Nothing about the file (bad
JSON, no permission, a lock that cannot be had) ever raises into a host: the store warns and keeps
the settings in memory for the session.
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import datetime, timezone
from functools import partial
from pathlib import Path
from typing import Any, TypedDict

import platformdirs

from lwcharts._ids import check_id
from lwcharts._schema import (
    INPUT_PREFIX,
    SERIES_TYPES,
    SeriesType,
    check_option,
    check_saved_input,
)

CONFIG_DIR_ENV = "LWCHARTS_CONFIG_DIR"
FILE_NAME = "series-configs.json"
FORMAT_VERSION = 1
PAYLOAD_TYPE = "series_config_changes"

MAX_PANE = 20
MAX_CHARTS_PER_SCOPE = 200
MAX_SERIES_PER_CHART = 100
# Public Streamlit apps may persist one scope per browser session; this bounds the file.
MAX_SCOPES = 1000
MAX_SCOPE_LENGTH = 512
MAX_PAYLOAD_BYTES = 1 << 20
# Browser clocks drift, but a stamp far in the future would make a setting win every later merge.
MAX_CLOCK_SKEW_MS = 24 * 3600 * 1000
LOCK_TIMEOUT_S = 10.0

if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:  # held by another process
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:  # held by another process
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


class SettingsWarning(UserWarning):
    """A saved or received series setting was dropped, or the settings file could not be used."""


class SeriesEntry(TypedDict):
    """The saved settings of one series: the user's changed options and when they were made."""

    config: dict[str, Any]
    seriesType: SeriesType
    lastModified: float


# {chartId: {paneId: {seriesId: entry}}}, what the front end gets as
# ``seriesConfigBackendData.completeState``.
CompleteState = dict[str, dict[str, dict[str, SeriesEntry]]]
# Internally, entries are keyed flat by (chartId, paneId, seriesId): merging and capping are
# per series.
_Key = tuple[str, str, str]
_Flat = dict[_Key, SeriesEntry]


def store_path() -> Path:
    """Where the settings file lives: ``$LWCHARTS_CONFIG_DIR`` or the platform's config dir."""
    override = os.environ.get(CONFIG_DIR_ENV)
    folder = Path(override).expanduser() if override else platformdirs.user_config_path("lwcharts")
    return folder / FILE_NAME


class ConfigStore:
    """Series settings per scope in one JSON file, safe to share between processes."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else store_path()
        self._lock_path = self.path.with_name(self.path.name + ".lock")
        # Scopes whose last write did not reach the disk: they still apply this session.
        self._offline: dict[str, _Flat] = {}

    def load(self, scope: str) -> CompleteState:
        """The scope's saved settings, validated; ``{}`` when there are none."""
        _check_scope(scope)
        current: _Flat = {}
        if self.path.exists():
            with self._locked() as locked:
                current = _scope_entries(self._read_scopes(locked) or {}, scope, self.path)
        return _nest(_trim(_merged(current, self._offline.get(scope, {})), scope))

    def apply_payload(self, scope: str, payload: object) -> CompleteState:
        """Merge the front end's ``series_config_changes`` payload; return the merged state.

        The payload is untrusted: what fails validation is dropped with a ``SettingsWarning``,
        and a payload that is not one (wrong ``type``, too large, not JSON) changes nothing.
        """
        _check_scope(scope)
        incoming = _payload_entries(payload, _now_ms())
        if not incoming:
            return self.load(scope)
        return self._update(scope, lambda current: _merged(current, incoming))

    def reset(
        self,
        scope: str,
        chart_id: str,
        pane_id: int,
        series_id: str,
        series_type: SeriesType,
        timestamp_ms: float | None = None,
    ) -> CompleteState:
        """Record that the user reset a series to the code's options (a tombstone)."""
        _check_scope(scope)
        key = _check_key(chart_id, pane_id, series_id)
        stamp = _now_ms() if timestamp_ms is None else timestamp_ms
        entry = SeriesEntry(
            config={},
            seriesType=_check_type(series_type),
            lastModified=_check_stamp(stamp, "timestamp_ms", _now_ms()),
        )
        return self._update(scope, lambda current: _merged(current, {key: entry}))

    def clear(self, scope: str, chart_id: str | None = None) -> CompleteState:
        """Reset every series of the scope (or of one chart) to the code's options.

        Each entry becomes a tombstone stamped now rather than being deleted, so a tab that
        still holds the old settings cannot write them back.
        """
        _check_scope(scope)
        if chart_id is not None:
            check_id(chart_id, "chart_id")
        now = _now_ms()

        def tombstone_all(current: _Flat) -> _Flat:
            return {
                key: SeriesEntry(config={}, seriesType=entry["seriesType"], lastModified=now)
                if chart_id is None or key[0] == chart_id
                else entry
                for key, entry in current.items()
            }

        return self._update(scope, tombstone_all)

    def _update(self, scope: str, change: Callable[[_Flat], _Flat]) -> CompleteState:
        """Read-modify-write one scope under the lock; in memory only when the disk fails."""
        with self._locked() as locked:
            scopes = self._read_scopes(locked)
            current = _scope_entries(scopes or {}, scope, self.path)
            current = _merged(current, self._offline.get(scope, {}))
            result = _trim(change(current), scope)
            if locked and scopes is not None:
                written = dict(scopes)
                written.pop(scope, None)
                if result:
                    written[scope] = _nest(result)
                if self._write(_cap_scopes(written, keep=scope)):
                    self._offline.pop(scope, None)
                    return _nest(result)
            self._offline[scope] = result
        return _nest(result)

    @contextmanager
    def _locked(self) -> Iterator[bool]:
        """Hold the cross-process lock; yield False (after a warning) when it cannot be had."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self._lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            _warn(f"cannot create the lock file {self._lock_path}: {exc}; {_IN_MEMORY}")
            yield False
            return
        try:
            acquired = _acquire(fd)
        except OSError as exc:
            _warn(f"cannot lock {self._lock_path}: {exc}; {_IN_MEMORY}")
            acquired = False
        else:
            if not acquired:
                _warn(f"{self._lock_path} stayed locked for {LOCK_TIMEOUT_S:g} s; {_IN_MEMORY}")
        try:
            yield acquired
        finally:
            if acquired:
                _unlock(fd)
            os.close(fd)

    def _read_scopes(self, locked: bool) -> dict[str, Any] | None:
        """The file's scopes as stored, ``{}`` when there is no file.

        A file that is not ours to read (bad JSON, wrong shape, newer version) is moved aside,
        never deleted; None means it could not be moved, so it must not be written over either.
        """
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return {}
        except OSError as exc:
            _warn(f"cannot read {self.path}: {exc}; {_IN_MEMORY}")
            return None
        scopes, problem, label = _parse(raw)
        if scopes is not None:
            return scopes
        if not locked:
            _warn(f"{self.path} {problem}; ignoring it for now")
            return None
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        aside = self.path.with_name(f"{self.path.stem}.{label}-{stamp}.json")
        number = 2
        while aside.exists():
            aside = self.path.with_name(f"{self.path.stem}.{label}-{stamp}-{number}.json")
            number += 1
        try:
            os.replace(self.path, aside)
        except OSError as exc:
            _warn(f"{self.path} {problem}, and moving it aside failed: {exc}; {_IN_MEMORY}")
            return None
        _warn(f"{self.path} {problem}; moved it to {aside.name} and started with no settings")
        return {}

    def _write(self, scopes: dict[str, Any]) -> bool:
        """Replace the file atomically; False (after a warning) when the disk refused."""
        try:
            # ASCII escapes keep lone surrogates from a browser string writable.
            text = json.dumps({"version": FORMAT_VERSION, "scopes": scopes}, allow_nan=False)
            # mkstemp makes the file private to the user: scopes may hold e-mail addresses.
            fd, temp = tempfile.mkstemp(
                prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent
            )
        except (OSError, ValueError, RecursionError) as exc:
            _warn(f"cannot write {self.path}: {exc}; {_IN_MEMORY}")
            return False
        try:
            with os.fdopen(fd, "w", encoding="ascii") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, self.path)
        except OSError as exc:
            with suppress(OSError):
                os.unlink(temp)
            _warn(f"cannot write {self.path}: {exc}; {_IN_MEMORY}")
            return False
        if os.name == "posix":  # make the rename itself survive a power cut
            with suppress(OSError):
                folder = os.open(self.path.parent, os.O_RDONLY)
                try:
                    os.fsync(folder)
                finally:
                    os.close(folder)
        return True


class SessionStore:
    """The same rules as ``ConfigStore``, kept in a dict that one browser session owns.

    For visitors Streamlit cannot tell apart (no login, not on the server's machine): their
    settings live in their own ``st.session_state`` and never reach the shared file.
    """

    def __init__(self, holder: dict[str, Any]) -> None:
        self._holder = holder

    def load(self, scope: str) -> CompleteState:
        _check_scope(scope)
        return _nest(self._holder.get(scope, {}))

    def apply_payload(self, scope: str, payload: object) -> CompleteState:
        _check_scope(scope)
        incoming = _payload_entries(payload, _now_ms())
        merged = _trim(_merged(self._holder.get(scope, {}), incoming), scope)
        self._holder[scope] = merged
        return _nest(merged)


_IN_MEMORY = "series settings are kept in memory for this session only"


def _acquire(fd: int) -> bool:
    # Polled rather than blocking, so a stuck process cannot hang every host of the user.
    deadline = time.monotonic() + LOCK_TIMEOUT_S
    delay = 0.0005
    while not _try_lock(fd):
        if time.monotonic() > deadline:
            return False
        time.sleep(delay)
        delay = min(delay * 2, 0.01)
    return True


def _parse(raw: bytes) -> tuple[dict[str, Any] | None, str, str]:
    """(scopes, problem, label for the file set aside); scopes is None when the file is unusable."""

    def refuse_constant(name: str) -> None:
        raise ValueError(f"{name} is not JSON")

    try:
        doc = json.loads(raw, parse_constant=refuse_constant)
    except (ValueError, RecursionError) as exc:
        return None, f"is not valid JSON ({exc})", "corrupt"
    version = doc.get("version") if isinstance(doc, dict) else None
    # type() rather than isinstance(): true is not version 1.
    if type(version) is int and version > FORMAT_VERSION:
        problem = (
            f"was written by a newer lwcharts (format version {version}, this one reads "
            f"{FORMAT_VERSION})"
        )
        return None, problem, f"v{version}"
    if (
        type(version) is not int
        or version != FORMAT_VERSION
        or not isinstance(doc.get("scopes"), dict)
    ):
        expected = f'{{"version": {FORMAT_VERSION}, "scopes": {{...}}}}'
        return None, f"is not a settings file (expected {expected})", "corrupt"
    return doc["scopes"], "", ""


def _scope_entries(scopes: dict[str, Any], scope: str, path: Path) -> _Flat:
    if scope not in scopes:
        return {}
    return _state_entries(scopes[scope], f"{path} scope {scope!r}", _now_ms())


def _payload_entries(payload: object, now_ms: int) -> _Flat:
    if not isinstance(payload, dict) or payload.get("type") != PAYLOAD_TYPE:
        kind = payload.get("type") if isinstance(payload, dict) else payload
        _warn(f"ignored a settings payload: expected type {PAYLOAD_TYPE!r}, got {_short(kind)}")
        return {}
    try:
        size = len(json.dumps(payload))
    except (TypeError, ValueError, RecursionError) as exc:
        _warn(f"ignored a settings payload that is not JSON: {_clip(str(exc))}")
        return {}
    if size > MAX_PAYLOAD_BYTES:
        _warn(f"ignored a settings payload of {size} bytes; at most {MAX_PAYLOAD_BYTES} expected")
        return {}
    entries = _state_entries(payload.get("completeState", {}), "browser completeState", now_ms)
    changes = payload.get("changes", [])
    if not isinstance(changes, list):
        _warn(f"ignored browser changes: expected a list, got {_short(changes)}")
        return entries
    for number, change in enumerate(changes):
        if not isinstance(change, dict):
            _warn(f"browser change {number}: expected an object, got {_short(change)}; dropped")
            continue
        ids = (change.get("chartId"), change.get("paneId"), change.get("seriesId"))
        where = partial(_where, f"browser change {number}", *ids)
        try:
            key = _check_key(*ids)
            _keep_newer(entries, key, _check_entry(change, "timestamp", where, now_ms))
        except ValueError as exc:
            _warn(f"{where()}: {_clip(str(exc))}; dropped")
    return entries


def _state_entries(raw: object, source: str, now_ms: int) -> _Flat:
    """The valid entries of a completeState; every part that fails is dropped with a warning."""
    entries: _Flat = {}
    if not isinstance(raw, dict):
        _warn(f"{source}: expected an object of charts, got {_short(raw)}; ignored")
        return entries
    for chart_id, panes in raw.items():
        if not isinstance(panes, dict):
            _warn(f"{source} chart {_short(chart_id)}: expected an object of panes; dropped")
            continue
        for pane_id, series in panes.items():
            if not isinstance(series, dict):
                pane = f"{source} chart {_short(chart_id)} pane {_short(pane_id)}"
                _warn(f"{pane}: expected an object of series; dropped")
                continue
            for series_id, entry in series.items():
                where = partial(_where, source, chart_id, pane_id, series_id)
                try:
                    key = _check_key(chart_id, pane_id, series_id)
                    _keep_newer(entries, key, _check_entry(entry, "lastModified", where, now_ms))
                except ValueError as exc:
                    _warn(f"{where()}: {_clip(str(exc))}; dropped")
    return entries


def _check_entry(
    raw: object, stamp_field: str, where: Callable[[], str], now_ms: int
) -> SeriesEntry:
    if not isinstance(raw, dict):
        expected = f"an object with config, seriesType and {stamp_field}"
        raise ValueError(f"expected {expected}, got {_short(raw)}")
    series_type = _check_type(raw.get("seriesType"))
    return SeriesEntry(
        config=_check_config(series_type, raw.get("config"), where),
        seriesType=series_type,
        lastModified=_check_stamp(raw.get(stamp_field), stamp_field, now_ms),
    )


def _check_config(series_type: SeriesType, raw: object, where: Callable[[], str]) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise ValueError(f"config must be an object of option: value, got {_short(raw)}")
    config: dict[str, Any] = {}
    for name, value in raw.items():
        try:
            if isinstance(name, str) and name.startswith(INPUT_PREFIX):
                config[name] = check_saved_input(name, value)
            else:
                config[name] = check_option(series_type, name, value)
        except (ValueError, TypeError, OverflowError) as exc:
            # check_option's message names the option and says what it expected.
            _warn(f"{where()}: {_clip(str(exc), 600)}; dropped")
    if raw and not config:
        # An empty config is a reset; a change whose every option was bad is not one.
        raise ValueError("no valid option left in config")
    return config


def _check_key(chart_id: object, pane_id: object, series_id: object) -> _Key:
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
        raise ValueError(f"paneId must be a whole number 0-{MAX_PANE}, got {_short(value)}")
    return str(number)


def _check_type(value: object) -> SeriesType:
    if not isinstance(value, str) or value not in SERIES_TYPES:
        allowed = ", ".join(SERIES_TYPES)
        raise ValueError(f"seriesType must be one of {allowed}, got {_short(value)}")
    return value


def _check_stamp(value: object, field: str, now_ms: int) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value >= 0:
        raise ValueError(f"{field} must be milliseconds since 1970, got {_short(value)}")
    if value > now_ms + MAX_CLOCK_SKEW_MS:
        raise ValueError(f"{field} {_short(value)} is more than 24 h in the future")
    return int(value) if float(value).is_integer() else float(value)


def _check_scope(scope: object) -> None:
    if not isinstance(scope, str) or not 0 < len(scope) <= MAX_SCOPE_LENGTH:
        raise ValueError(
            f"scope must be a non-empty string of at most {MAX_SCOPE_LENGTH} characters, "
            f"got {_short(scope)}"
        )


def _keep_newer(entries: _Flat, key: _Key, entry: SeriesEntry) -> None:
    """The newer ``lastModified`` wins; on a tie the entry arriving later does."""
    held = entries.get(key)
    if held is None or entry["lastModified"] >= held["lastModified"]:
        entries[key] = entry


def _merged(current: _Flat, incoming: _Flat) -> _Flat:
    result = dict(current)
    for key, entry in incoming.items():
        _keep_newer(result, key, entry)
    return result


def _trim(entries: _Flat, scope: str) -> _Flat:
    """Enforce the size caps, keeping the most recently changed series and charts."""
    charts: dict[str, list[_Key]] = {}
    for key in entries:
        charts.setdefault(key[0], []).append(key)
    if len(charts) <= MAX_CHARTS_PER_SCOPE and all(
        len(keys) <= MAX_SERIES_PER_CHART for keys in charts.values()
    ):
        return entries
    kept: dict[str, list[_Key]] = {}
    for chart_id, keys in charts.items():
        keys.sort(key=lambda key: entries[key]["lastModified"], reverse=True)
        if len(keys) > MAX_SERIES_PER_CHART:
            _warn(
                f"scope {scope!r} chart {chart_id!r}: settings of more than "
                f"{MAX_SERIES_PER_CHART} series; dropped the {len(keys) - MAX_SERIES_PER_CHART} "
                "least recently changed"
            )
        kept[chart_id] = keys[:MAX_SERIES_PER_CHART]
    by_recency = sorted(kept, key=lambda chart: entries[kept[chart][0]]["lastModified"])
    if len(by_recency) > MAX_CHARTS_PER_SCOPE:
        dropped = by_recency[: len(by_recency) - MAX_CHARTS_PER_SCOPE]
        _warn(
            f"scope {scope!r}: settings of more than {MAX_CHARTS_PER_SCOPE} charts; dropped the "
            f"{len(dropped)} least recently changed"
        )
        for chart_id in dropped:
            del kept[chart_id]
    return {key: entries[key] for keys in kept.values() for key in keys}


def _cap_scopes(scopes: dict[str, Any], keep: str) -> dict[str, Any]:
    if len(scopes) <= MAX_SCOPES:
        return scopes
    others = sorted((s for s in scopes if s != keep), key=lambda s: _newest_stamp(scopes[s]))
    dropped = set(others[: len(scopes) - MAX_SCOPES])
    _warn(f"more than {MAX_SCOPES} scopes saved; dropped the {len(dropped)} least recently used")
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


def _nest(entries: _Flat) -> CompleteState:
    state: CompleteState = {}
    for (chart_id, pane_id, series_id), entry in entries.items():
        state.setdefault(chart_id, {}).setdefault(pane_id, {})[series_id] = entry
    return state


def _where(source: str, chart_id: object, pane_id: object, series_id: object) -> str:
    """Where a dropped value came from; built only when a warning needs it."""
    return f"{source} chart {_short(chart_id)} pane {_short(pane_id)} series {_short(series_id)}"


def _short(value: object) -> str:
    """A repr fit for a warning: a hostile 1 MB value must not become a 1 MB log line."""
    return _clip(repr(value), 60)


def _clip(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _now_ms() -> int:
    return int(time.time() * 1000)


def _warn(message: str) -> None:
    warnings.warn(message, SettingsWarning, stacklevel=3)
