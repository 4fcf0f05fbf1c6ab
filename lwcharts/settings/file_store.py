"""The per-user store of series settings made in the settings dialog.

One JSON file is shared by every Jupyter kernel and Streamlit server of the OS user, so a style
set in a notebook shows in a Streamlit app and back. Inside it, settings are kept per *scope*: an
opaque string the host chooses (``os:alice``, ``st:alice@example.com``, ``app:<id>``); one
scope never sees another's data. The snapshot's format (version 1, as before the journal)::

    {"version": 1, "scopes": {scope: completeState}}
    completeState = {chartId: {paneId: {seriesId: {"config": {...}, "seriesType": "line",
                                                   "lastModified": <ms since 1970>}}}}

(a ``seriesId`` of the form ``drawing:<id>`` holds a saved drawing's record instead, see
``lwcharts.settings.rules``) and the journal beside it (``series-configs.json.journal``), one
line per write::

    {"scope": scope, "put": [[chartId, paneId, itemId, entry], ...], "drop": [[...ids], ...]}

``config`` holds only the keys the user changed. An entry with an empty ``config`` is a reset,
kept as a tombstone: per series the newer ``lastModified`` wins, so an older copy in another tab
or host cannot bring the old style back.

What the file holds is checked by the state rules (``lwcharts.settings.rules``); this module is
the file engine: OS locking, the journal, atomic snapshots and moving an unreadable file aside
(docs/deploying.md, "The file store"). Nothing about the
file (bad JSON, no permission, a lock that cannot be had) ever raises into a host: the store warns
and keeps the settings in memory for the session.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import platformdirs

from lwcharts._report import short, warn
from lwcharts.model.ids import check_id
from lwcharts.settings.rules import (
    CompleteState,
    Flat,
    Key,
    Refusals,
    ScopeEntries,
    SeriesEntry,
    cap_scopes,
    check_key,
    check_scope,
    check_stamp,
    check_stored,
    check_type,
    is_drawing_item,
    merged,
    nest,
    now_ms,
    payload_entries,
    state_entries,
)
from lwcharts.settings.schema import SeriesType

CONFIG_DIR_ENV = "LWCHARTS_CONFIG_DIR"
FILE_NAME = "series-configs.json"
FORMAT_VERSION = 1
LOCK_TIMEOUT_S = 10.0
JOURNAL_SUFFIX = ".journal"
# The journal is folded into the snapshot once it is larger than both this and the snapshot.
COMPACT_MIN_BYTES = 256 * 1024
# A temp file this old is a killed writer's even when its pid is alive again (reused).
STALE_TEMP_S = 60.0

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


def shared_store(path: Path | str | None = None) -> SettingsStore:
    """This process's store of ``path`` (default: ``store_path()``): every link of the process
    shares one cache of the file, so a render or a write reads only what changed since."""
    resolved = Path(path) if path is not None else store_path()
    with _SHARED_LOCK:
        store = _SHARED.get(resolved)
        if store is None:
            store = _SHARED[resolved] = SettingsStore(resolved)
        return store


class SettingsStore:
    """Series settings per scope in one JSON snapshot plus an append-only journal, safe to share
    between processes.

    A write appends one line holding only the entries it changed (fsync'd, under the lock), so
    its cost does not grow with the scope; the validated state is cached in memory and refreshed
    from just the journal lines other processes appended since (files told apart by identity and
    size). When the journal outgrows the snapshot, the writer folds it into a new snapshot
    (atomic replace), so that cost is amortised over as many writes as the snapshot is large.
    """

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else store_path()
        self._lock_path = self.path.with_name(self.path.name + ".lock")
        # The file lock keeps processes apart; this keeps a process's threads (Streamlit runs
        # sessions on threads) from changing the cache together.
        self._thread_lock = threading.RLock()
        self.journal_path = self.path.with_name(self.path.name + JOURNAL_SUFFIX)
        # What this process has read: the files' identities and the validated scopes.
        self._read_once = False
        self._snapshot_id: tuple[int, ...] | None = None
        self._journal_id: tuple[int, ...] | None = None
        self._journal_offset = 0
        self._snapshot_bytes = 0
        self._scopes: dict[str, ScopeEntries] = {}
        # Entries whose write did not reach the disk: they still apply, and go with the next write.
        self._offline: dict[str, Flat] = {}

    def load(self, scope: str) -> CompleteState:
        """The scope's saved settings, validated; ``{}`` when there are none."""
        check_scope(scope)
        with self._thread_lock:
            if self.path.exists() or self.journal_path.exists():
                with self._locked() as locked:
                    self._refresh(locked)
            else:
                self._scopes, self._read_once = {}, False
            return self._state(scope)

    def _state(self, scope: str) -> CompleteState:
        """The scope as held (no copy), with the entries not yet on disk merged in."""
        held = self._scopes.get(scope)
        offline = self._offline.get(scope)
        if not offline:
            return held.state if held is not None else {}
        return nest(merged(held.entries if held is not None else {}, offline))

    def all_scopes(self) -> dict[str, CompleteState]:
        """Every scope's saved settings (for inspection and tests; hosts use ``load``)."""
        with self._thread_lock, self._locked() as locked:
            self._refresh(locked)
        return {scope: held.state for scope, held in self._scopes.items() if held.entries}

    def apply_payload(self, scope: str, payload: object) -> CompleteState:
        """Merge the front end's ``series_config_changes`` payload; return the merged state.

        The payload is untrusted: what fails validation is dropped with one
        ``SettingsWarning``, and a payload that is not one (wrong ``type``, too large, not JSON)
        changes nothing.
        """
        check_scope(scope)
        refused = Refusals(f"settings payload for scope {scope!r}")
        incoming = payload_entries(payload, now_ms(), refused)
        if not incoming:
            refused.report()
            return self.load(scope)
        return self._update(scope, lambda held: held.merge(incoming), refused)

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
        return self._update(scope, lambda held: held.merge({key: entry}), Refusals(scope))

    def clear(self, scope: str, chart_id: str | None = None) -> CompleteState:
        """Reset every series of the scope (or of one chart) to the code's options.

        Each entry becomes a tombstone stamped now rather than being deleted, so a tab that
        still holds the old settings cannot write them back.
        """
        check_scope(scope)
        if chart_id is not None:
            check_id(chart_id, "chart_id")
        now = now_ms()

        def tombstone_all(held: ScopeEntries) -> Flat:
            # Drawings are not series settings: clearing the settings leaves them.
            return held.merge(
                {
                    key: SeriesEntry(config={}, seriesType=entry["seriesType"], lastModified=now)
                    for key, entry in held.entries.items()
                    if (chart_id is None or key[0] == chart_id) and not is_drawing_item(key[2])
                }
            )

        return self._update(scope, tombstone_all, Refusals(scope))

    def _update(
        self, scope: str, change: Callable[[ScopeEntries], Flat], refused: Refusals
    ) -> CompleteState:
        """Change one scope under the lock and journal what changed; in memory only when the
        disk fails (retried with the next write)."""
        with self._thread_lock, self._locked() as locked:
            readable = self._refresh(locked)
            held = self._scopes.setdefault(scope, ScopeEntries(scope))
            taken = held.merge(self._offline.pop(scope, {}))
            taken.update(change(held))
            dropped = held.enforce_caps(refused)
            for key in dropped:
                taken.pop(key, None)
            refused.report()
            if not (taken or dropped):
                pass
            elif locked and readable and self._append(scope, taken, dropped):
                self._remove_stale_temp_files()
            else:
                self._offline[scope] = taken
                # The cache now holds what the disk does not: read the files again next time,
                # so the retried entries count as changes.
                self._read_once = False
            return self._state(scope)

    # --- reading ---------------------------------------------------------------------------

    def _refresh(self, locked: bool) -> bool:
        """Bring the cache up to the files; False when the snapshot is unusable and could not be
        set aside (then nothing may be written over it)."""
        snapshot_id = _identity(self.path)
        if not self._read_once or snapshot_id != self._snapshot_id:
            scopes = self._read_scopes(locked)
            if scopes is None:
                return False
            self._load_snapshot(scopes)
            self._snapshot_id = _identity(self.path)
            self._journal_id, self._journal_offset = None, 0
            self._read_once = True
        journal_id = _identity(self.journal_path)
        if journal_id is None:
            self._journal_id, self._journal_offset = None, 0
            return True
        if self._journal_id is not None and journal_id[:2] != self._journal_id[:2]:
            # Replaced without a new snapshot (only by hand): read everything again.
            self._read_once = False
            return self._refresh(locked)
        if journal_id[2] < self._journal_offset:
            warn(f"{self.journal_path} got shorter than this process read it; reading it again")
            self._read_once = False
            return self._refresh(locked)
        if journal_id[2] > self._journal_offset and not self._replay(journal_id[2]):
            return False
        self._journal_id = journal_id
        return True

    def _load_snapshot(self, scopes: dict[str, Any]) -> None:
        refused = Refusals(f"{self.path}")
        self._scopes = {}
        for scope, raw in scopes.items():
            held = ScopeEntries(scope, _scope_entries(raw, scope, refused))
            held.enforce_caps(refused)
            self._scopes[scope] = held
        refused.report()

    def _replay(self, size: int) -> bool:
        """Apply the journal lines appended since the last read. A last line with no newline is
        a write in progress or a killed writer's: not applied (a writer truncates it)."""
        try:
            with self.journal_path.open("rb") as handle:
                handle.seek(self._journal_offset)
                tail = handle.read(size - self._journal_offset)
        except OSError as exc:
            warn(f"cannot read {self.journal_path}: {exc}; {_IN_MEMORY}")
            return False
        complete = tail[: tail.rfind(b"\n") + 1]
        refused = Refusals(f"{self.journal_path}")
        for number, line in enumerate(complete.splitlines()):
            self._apply_line(line, refused, number)
        refused.report()
        self._journal_offset += len(complete)
        return True

    def _apply_line(self, line: bytes, refused: Refusals, number: int) -> None:
        try:
            record = json.loads(line, parse_constant=_refuse_constant)
            scope, put, drop = record["scope"], record["put"], record["drop"]
            check_scope(scope)
            if not isinstance(put, list) or not isinstance(drop, list):
                raise TypeError("put and drop must be lists")
        except (ValueError, TypeError, KeyError, RecursionError) as exc:
            refused.add(f"line {number + 1} after offset {self._journal_offset}: {exc}")
            return
        held = self._scopes.setdefault(scope, ScopeEntries(scope))
        for item in drop:
            try:
                held.remove(check_key(*item))
            except (ValueError, TypeError) as exc:
                refused.add(f"scope {scope!r} drop {short(item)}: {exc}")
        for item in put:
            try:
                chart_id, pane_id, series_id, raw = item
                key = check_key(chart_id, pane_id, series_id)
                held.merge({key: check_stored(key, raw, now_ms(), refused)})
            except (ValueError, TypeError) as exc:
                refused.add(f"scope {scope!r} entry {short(item)}: {exc}")

    # --- writing ---------------------------------------------------------------------------

    def _append(self, scope: str, taken: Flat, dropped: list[Key]) -> bool:
        """Append one journal line (fsync'd); compact when the journal outgrew the snapshot."""
        record = {
            "scope": scope,
            "put": [[*key, entry] for key, entry in taken.items()],
            "drop": [list(key) for key in dropped],
        }
        try:
            line = json.dumps(record, allow_nan=False, separators=(",", ":")).encode("ascii")
            fd = os.open(self.journal_path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
        except (OSError, ValueError) as exc:
            warn(f"cannot write {self.journal_path}: {exc}; {_IN_MEMORY}")
            return False
        try:
            size = os.fstat(fd).st_size
            if size > self._journal_offset:
                # A killed writer's torn line (_refresh read up to here): cut it off.
                os.ftruncate(fd, self._journal_offset)
            os.write(fd, line + b"\n")
            os.fsync(fd)
            if size == 0:
                _sync_folder(self.path.parent)
            self._journal_offset += len(line) + 1
            self._journal_id = _identity(self.journal_path)
        except OSError as exc:
            warn(f"cannot write {self.journal_path}: {exc}; {_IN_MEMORY}")
            return False
        finally:
            os.close(fd)
        if self._journal_offset > max(COMPACT_MIN_BYTES, self._snapshot_bytes):
            self._compact(keep=scope)
        return True

    def _compact(self, keep: str) -> None:
        """Fold the journal into a new snapshot, then start an empty journal. A crash between
        the two leaves a journal whose lines the new snapshot already holds: replaying them
        changes nothing."""
        state = {scope: held.state for scope, held in self._scopes.items() if held.entries}
        scopes = cap_scopes(state, keep=keep)
        for scope in set(self._scopes) - set(scopes):
            del self._scopes[scope]
        if not self._write(self.path, {"version": FORMAT_VERSION, "scopes": scopes}):
            return  # the journal still holds everything
        self._snapshot_id = _identity(self.path)
        self._snapshot_bytes = self._snapshot_id[2] if self._snapshot_id else 0
        if self._write(self.journal_path, None):
            self._journal_id, self._journal_offset = _identity(self.journal_path), 0

    def _remove_stale_temp_files(self) -> None:
        """Temp files of writers killed mid-write: their process is gone, or older than a minute
        (another machine's, on a shared folder)."""
        prefix = f".{self.path.name}."
        now = time.time()
        with suppress(OSError), os.scandir(self.path.parent) as folder:
            for item in folder:
                if not (item.name.startswith(prefix) and item.name.endswith(".tmp")):
                    continue
                writer = item.name[len(prefix) :].split(".", 1)[0]
                with suppress(OSError):
                    old = now - item.stat().st_mtime > STALE_TEMP_S
                    if old or (writer.isdigit() and not _alive(int(writer))):
                        os.unlink(item.path)

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
        """The snapshot's scopes as stored, ``{}`` when there is no file.

        A file that is not ours to read (bad JSON, wrong shape, newer version) is moved aside,
        never deleted; None means it could not be moved, so it must not be written over either.
        """
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            self._snapshot_bytes = 0
            return {}
        except OSError as exc:
            warn(f"cannot read {self.path}: {exc}; {_IN_MEMORY}")
            return None
        self._snapshot_bytes = len(raw)
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
        self._snapshot_bytes = 0
        return {}

    def _write(self, path: Path, document: dict[str, Any] | None) -> bool:
        """Replace ``path`` atomically with ``document`` as JSON (``None``: an empty file);
        False (after a warning) when the disk refused."""
        try:
            # ASCII escapes keep lone surrogates from a browser string writable.
            text = "" if document is None else json.dumps(document, allow_nan=False)
            # mkstemp makes the file private to the user: scopes may hold e-mail addresses. The
            # pid in the name tells a killed writer's leftover from a live one's.
            fd, temp = tempfile.mkstemp(
                prefix=f".{self.path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent
            )
        except (OSError, ValueError, RecursionError) as exc:
            warn(f"cannot write {path}: {exc}; {_IN_MEMORY}")
            return False
        try:
            with os.fdopen(fd, "w", encoding="ascii") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, path)
        except OSError as exc:
            with suppress(OSError):
                os.unlink(temp)
            warn(f"cannot write {path}: {exc}; {_IN_MEMORY}")
            return False
        _sync_folder(path.parent)
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


def _identity(path: Path) -> tuple[int, ...] | None:
    """(device, inode, size, mtime) of a file, None when there is none: a replaced file has a new
    inode, an appended one a new size."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)


def _sync_folder(folder: Path) -> None:
    """Make a rename or a new file in ``folder`` survive a power cut."""
    if os.name == "posix":
        with suppress(OSError):
            fd = os.open(folder, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def _parse(raw: bytes) -> tuple[dict[str, Any] | None, str, str]:
    """(scopes, problem, label for the file set aside); scopes is None when the file is unusable."""

    try:
        doc = json.loads(raw, parse_constant=_refuse_constant)
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


def _scope_entries(raw: object, scope: str, refused: Refusals) -> Flat:
    return state_entries(raw, f"scope {scope!r}", now_ms(), refused)


_SHARED: dict[Path, SettingsStore] = {}
_SHARED_LOCK = threading.Lock()

# The name the README and older code use for the file store.
ConfigStore = SettingsStore
