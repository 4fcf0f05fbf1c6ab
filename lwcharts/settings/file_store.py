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

What the file holds is checked by the state rules (``lwcharts.settings.rules``); this module is
the file engine: OS locking, atomic writes and moving an unreadable file aside. Nothing about the
file (bad JSON, no permission, a lock that cannot be had) ever raises into a host: the store warns
and keeps the settings in memory for the session.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import platformdirs

from lwcharts._report import warn
from lwcharts.model.ids import check_id
from lwcharts.settings.rules import (
    CompleteState,
    Flat,
    SeriesEntry,
    cap_scopes,
    check_key,
    check_scope,
    check_stamp,
    check_type,
    is_drawing_item,
    merged,
    nest,
    now_ms,
    payload_entries,
    state_entries,
    trim,
)
from lwcharts.settings.schema import SeriesType

CONFIG_DIR_ENV = "LWCHARTS_CONFIG_DIR"
FILE_NAME = "series-configs.json"
FORMAT_VERSION = 1
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


def store_path() -> Path:
    """Where the settings file lives: ``$LWCHARTS_CONFIG_DIR`` or the platform's config dir."""
    override = os.environ.get(CONFIG_DIR_ENV)
    folder = Path(override).expanduser() if override else platformdirs.user_config_path("lwcharts")
    return folder / FILE_NAME


class SettingsStore:
    """Series settings per scope in one JSON file, safe to share between processes."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else store_path()
        self._lock_path = self.path.with_name(self.path.name + ".lock")
        # Scopes whose last write did not reach the disk: they still apply this session.
        self._offline: dict[str, Flat] = {}

    def load(self, scope: str) -> CompleteState:
        """The scope's saved settings, validated; ``{}`` when there are none."""
        check_scope(scope)
        current: Flat = {}
        if self.path.exists():
            with self._locked() as locked:
                current = _scope_entries(self._read_scopes(locked) or {}, scope, self.path)
        return nest(trim(merged(current, self._offline.get(scope, {})), scope))

    def apply_payload(self, scope: str, payload: object) -> CompleteState:
        """Merge the front end's ``series_config_changes`` payload; return the merged state.

        The payload is untrusted: what fails validation is dropped with a ``SettingsWarning``,
        and a payload that is not one (wrong ``type``, too large, not JSON) changes nothing.
        """
        check_scope(scope)
        incoming = payload_entries(payload, now_ms())
        if not incoming:
            return self.load(scope)
        return self._update(scope, lambda current: merged(current, incoming))

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
        check_scope(scope)
        key = check_key(chart_id, pane_id, series_id)
        stamp = now_ms() if timestamp_ms is None else timestamp_ms
        entry = SeriesEntry(
            config={},
            seriesType=check_type(series_type),
            lastModified=check_stamp(stamp, "timestamp_ms", now_ms()),
        )
        return self._update(scope, lambda current: merged(current, {key: entry}))

    def clear(self, scope: str, chart_id: str | None = None) -> CompleteState:
        """Reset every series of the scope (or of one chart) to the code's options.

        Each entry becomes a tombstone stamped now rather than being deleted, so a tab that
        still holds the old settings cannot write them back.
        """
        check_scope(scope)
        if chart_id is not None:
            check_id(chart_id, "chart_id")
        now = now_ms()

        def tombstone_all(current: Flat) -> Flat:
            return {
                key: SeriesEntry(config={}, seriesType=entry["seriesType"], lastModified=now)
                if (chart_id is None or key[0] == chart_id) and not is_drawing_item(key[2])
                else entry
                for key, entry in current.items()
            }

        return self._update(scope, tombstone_all)

    def _update(self, scope: str, change: Callable[[Flat], Flat]) -> CompleteState:
        """Read-modify-write one scope under the lock; in memory only when the disk fails."""
        with self._locked() as locked:
            scopes = self._read_scopes(locked)
            current = _scope_entries(scopes or {}, scope, self.path)
            current = merged(current, self._offline.get(scope, {}))
            result = trim(change(current), scope)
            if locked and scopes is not None:
                written = dict(scopes)
                written.pop(scope, None)
                if result:
                    written[scope] = nest(result)
                if self._write(cap_scopes(written, keep=scope)):
                    self._offline.pop(scope, None)
                    return nest(result)
            self._offline[scope] = result
        return nest(result)

    @contextmanager
    def _locked(self) -> Iterator[bool]:
        """Hold the cross-process lock; yield False (after a warning) when it cannot be had."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self._lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            warn(f"cannot create the lock file {self._lock_path}: {exc}; {_IN_MEMORY}")
            yield False
            return
        try:
            acquired = _acquire(fd)
        except OSError as exc:
            warn(f"cannot lock {self._lock_path}: {exc}; {_IN_MEMORY}")
            acquired = False
        else:
            if not acquired:
                warn(f"{self._lock_path} stayed locked for {LOCK_TIMEOUT_S:g} s; {_IN_MEMORY}")
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
            warn(f"cannot read {self.path}: {exc}; {_IN_MEMORY}")
            return None
        scopes, problem, label = _parse(raw)
        if scopes is not None:
            return scopes
        if not locked:
            warn(f"{self.path} {problem}; ignoring it for now")
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
            warn(f"{self.path} {problem}, and moving it aside failed: {exc}; {_IN_MEMORY}")
            return None
        warn(f"{self.path} {problem}; moved it to {aside.name} and started with no settings")
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
            warn(f"cannot write {self.path}: {exc}; {_IN_MEMORY}")
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
            warn(f"cannot write {self.path}: {exc}; {_IN_MEMORY}")
            return False
        if os.name == "posix":  # make the rename itself survive a power cut
            with suppress(OSError):
                folder = os.open(self.path.parent, os.O_RDONLY)
                try:
                    os.fsync(folder)
                finally:
                    os.close(folder)
        return True


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


def _scope_entries(scopes: dict[str, Any], scope: str, path: Path) -> Flat:
    if scope not in scopes:
        return {}
    return state_entries(scopes[scope], f"{path} scope {scope!r}", now_ms())


# The name the README and older code use for the file store.
ConfigStore = SettingsStore
