"""Series settings in a SQL database that Streamlit replicas and notebook kernels share.

PostgreSQL (through psycopg 3) is the engine deployments use; SQLite runs the same code. One row
per (scope, chart, pane, item): ``item`` is the series id (drawings are rows whose item
starts with ``drawing:``), ``config`` the user's changed options as JSON, ``kind`` the series
type, ``last_modified`` ms since 1970 and ``is_reset`` whether the row is a tombstone. The merge
rule of ``lwcharts.settings.rules`` (newer ``lastModified`` wins; on a tie a reset beats a change)
runs inside the database, as the condition of one upsert per change set, so two replicas writing
at once can neither lose a change nor revive a reset.

Everything crosses a trust boundary twice: a payload is validated by the rules before it reaches
SQL, and rows read back are validated again. When the database cannot be reached the store warns
once per outage, keeps the changes in memory (bounded) and writes them when it is back; nothing
raises into a host.

SQLAlchemy is imported here only: ``import lwcharts`` loads no store engine.
"""

from __future__ import annotations

import functools
import json
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from lwcharts._report import clip, warn
from lwcharts.model.ids import check_id
from lwcharts.settings.rules import (
    MAX_CHARTS_PER_SCOPE,
    MAX_SERIES_PER_CHART,
    CompleteState,
    Flat,
    Key,
    Refusals,
    ScopeEntries,
    check_scope,
    is_drawing_item,
    merged,
    nest,
    now_ms,
    payload_entries,
    state_entries,
)
from lwcharts.settings.schema import MAX_PAYLOAD_BYTES

SCHEMA_VERSION = 1
# The ``kind`` of a drawing row (its item is ``drawing:<id>``; lwcharts/settings/rules.py).
DRAWING_KIND = "drawing"
# Entries kept in memory while the database is unreachable; the browser's localStorage holds
# them too, so what is over the bound is dropped with a warning rather than growing the server.
MAX_QUEUED_ENTRIES = 20_000
RETRY_FIRST_S = 1.0
RETRY_MAX_S = 30.0
# Rows per INSERT: SQLite allows 32,766 bound values per statement (7 per row).
ROWS_PER_STATEMENT = 2_000
CONNECT_TIMEOUT_S = 5

_meta = sa.MetaData()
META = sa.Table(
    "lwcharts_meta",
    _meta,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("value", sa.String(256), nullable=False),
)
ROWS = sa.Table(
    "lwcharts_settings",
    _meta,
    sa.Column("scope", sa.String(512), primary_key=True),
    sa.Column("chart", sa.String(100), primary_key=True),
    sa.Column("pane", sa.String(8), primary_key=True),
    sa.Column("item", sa.String(100), primary_key=True),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("config", sa.Text, nullable=False),
    sa.Column("is_reset", sa.Boolean, nullable=False),
    # Double precision: the rules accept fractional ms, and ties must compare exactly.
    sa.Column("last_modified", sa.Float(53), nullable=False),
)
_KEY = (ROWS.c.scope, ROWS.c.chart, ROWS.c.pane, ROWS.c.item)


class NewerSchemaError(Exception):
    """The database was set up by a newer lwcharts; this one must not write into it."""


class SqlStore:
    """Series settings per scope in a SQL database (``postgresql+psycopg://`` or ``sqlite://``)."""

    def __init__(self, target: str | Engine, *, clock: Callable[[], int] = now_ms) -> None:
        self.engine = target if isinstance(target, Engine) else create_engine(target)
        self._clock = clock
        self._lock = threading.RLock()
        self._schema_ready = False
        self._refused = False  # a newer schema version: settings stay in memory
        self._queued: dict[str, Flat] = {}
        self._down = False
        self._retry_at = 0.0
        self._backoff = RETRY_FIRST_S
        self._retrier: threading.Thread | None = None

    def __repr__(self) -> str:
        return f"SqlStore({self.engine.url.render_as_string(hide_password=True)!r})"

    # --- the store interface ----------------------------------------------------------------

    def load(self, scope: str) -> CompleteState:
        """The scope's saved settings, validated; ``{}`` when there are none."""
        check_scope(scope)
        return nest(self._entries(scope))

    def apply_payload(self, scope: str, payload: object) -> CompleteState:
        """Merge the front end's ``series_config_changes`` payload into the database.

        Returns what is now saved for the series the payload named (not the whole scope: a
        write costs in proportion to what it changes).
        """
        check_scope(scope)
        incoming = payload_entries(payload, self._clock())
        if not incoming:
            return {}
        self._write(scope, incoming)
        return nest(self._entries(scope, keys=set(incoming)))

    def clear(self, scope: str, chart_id: str | None = None) -> CompleteState:
        """Reset every series of the scope (or of one chart) to the code's options: each row
        becomes a tombstone stamped now, so a tab still holding the old settings cannot write
        them back."""
        check_scope(scope)
        if chart_id is not None:
            check_id(chart_id, "chart_id")
        now = self._clock()
        current = self._entries(scope, chart=chart_id)
        tombstones: Flat = {
            key: {"config": {}, "seriesType": entry["seriesType"], "lastModified": now}
            for key, entry in current.items()
            if not is_drawing_item(key[2])  # clear() resets series; drawings stay
        }
        if tombstones:
            self._write(scope, tombstones)
        return self.load(scope)

    # --- reading ----------------------------------------------------------------------------

    def _entries(
        self, scope: str, *, chart: str | None = None, keys: set[Key] | None = None
    ) -> Flat:
        """Stored rows of the scope (or of one chart, or some series), validated, with what is
        still queued."""
        self._retry_if_due()
        query = sa.select(
            ROWS.c.chart, ROWS.c.pane, ROWS.c.item, ROWS.c.kind, ROWS.c.config, ROWS.c.last_modified
        ).where(ROWS.c.scope == scope)
        if chart is not None:
            query = query.where(ROWS.c.chart == chart)
        if keys is not None:
            query = query.where(sa.tuple_(ROWS.c.chart, ROWS.c.pane, ROWS.c.item).in_(sorted(keys)))
        rows = self._attempt(lambda conn: conn.execute(query).all())
        stored = _validated(rows or [], scope, self._clock())
        with self._lock:
            queued = {
                key: entry
                for key, entry in self._queued.get(scope, {}).items()
                if (chart is None or key[0] == chart) and (keys is None or key in keys)
            }
        held = ScopeEntries(scope, merged(stored, queued))
        refused = Refusals(f"settings store scope {scope!r}")
        held.enforce_caps(refused)
        refused.report()
        return held.entries

    # --- writing ----------------------------------------------------------------------------

    def _write(self, scope: str, entries: Flat) -> None:
        """Queue the entries, then write the queue unless the database is in its back-off."""
        with self._lock:
            held = self._queued.setdefault(scope, {})
            room = max(MAX_QUEUED_ENTRIES - sum(len(q) for q in self._queued.values()), 0)
            fresh = [key for key in entries if key not in held]
            if len(fresh) > room:
                warn(
                    f"the settings database is unreachable and {MAX_QUEUED_ENTRIES} changes are "
                    f"waiting for it; {len(fresh) - room} more of scope {scope!r} are kept only "
                    "in the browser"
                )
                entries = {k: e for k, e in entries.items() if k in held or k in fresh[:room]}
            self._queued[scope] = merged(held, entries)
        self._flush()

    def _flush(self) -> bool:
        """Write every queued scope in one transaction; False while the database is down."""
        with self._lock:
            if not self._queued:
                return True
            queued = dict(self._queued)

            def write_all(conn: Connection) -> None:
                for scope, entries in queued.items():
                    _upsert(conn, scope, entries)

            if self._attempt(write_all, transaction=True) is None:
                self._retry_later()
                return False
            self._queued.clear()
            return True

    def _retry_if_due(self) -> None:
        if self._down and self._queued:
            self._flush()

    def _attempt(self, work: Callable[[Connection], Any], *, transaction: bool = False) -> Any:
        """Run ``work`` on a connection; None (after one warning per outage) when it fails or
        the database is down and its next retry is not due."""
        if self._refused or (self._down and time.monotonic() < self._retry_at):
            return None
        try:
            self._ensure_schema()
            with self.engine.begin() if transaction else self.engine.connect() as conn:
                result = work(conn)
        except NewerSchemaError as exc:
            self._refused = True
            warn(f"{exc}; series settings are kept in memory for this session only")
            return None
        except SQLAlchemyError as exc:
            self._went_down(exc)
            return None
        self._came_back()
        return result if result is not None else True

    def _went_down(self, exc: Exception) -> None:
        with self._lock:
            if not self._down:
                reason = clip(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
                warn(
                    f"the settings database {self!r} is unreachable ({reason}); charts draw from "
                    "the code's options and the browser's saved settings, and changes are kept "
                    "in memory until it is back"
                )
                self._backoff = RETRY_FIRST_S
            else:
                self._backoff = min(self._backoff * 2, RETRY_MAX_S)
            self._down = True
            self._retry_at = time.monotonic() + self._backoff

    def _retry_later(self) -> None:
        """Start the background retry of the queue unless it runs already."""
        with self._lock:
            if self._refused or (self._retrier is not None and self._retrier.is_alive()):
                return
            self._retrier = threading.Thread(
                target=self._retry_in_background, name="lwcharts-store-retry", daemon=True
            )
            self._retrier.start()

    def _came_back(self) -> None:
        self._down = False
        self._backoff = RETRY_FIRST_S

    def _retry_in_background(self) -> None:
        """Write the queue once the database is back, even if no one reads or writes."""
        while True:
            with self._lock:
                if not self._queued or self._refused:
                    return
                wait = max(self._retry_at - time.monotonic(), 0.05)
            time.sleep(wait)
            if self._flush():
                return

    def _ensure_schema(self) -> None:
        """Create the tables on first use and refuse a schema newer than this code's."""
        if self._schema_ready:
            return
        for attempt in range(3):
            try:
                with self.engine.begin() as conn:
                    _meta.create_all(conn, checkfirst=True)
                    found = conn.execute(
                        sa.select(META.c.value).where(META.c.name == "schema_version")
                    ).scalar()
                    if found is None:
                        found = str(SCHEMA_VERSION)
                        conn.execute(META.insert().values(name="schema_version", value=found))
                break
            except (sa.exc.IntegrityError, sa.exc.ProgrammingError):
                # Another process created the tables or the row between check and create.
                if attempt == 2:
                    raise
        version = _schema_version(found)
        if version > SCHEMA_VERSION:
            raise NewerSchemaError(
                f"the settings database {self!r} has schema version {version}, newer than "
                f"this lwcharts reads ({SCHEMA_VERSION}); upgrade lwcharts"
            )
        self._schema_ready = True


def create_engine(url: str) -> Engine:
    """An engine for a store URL: stale pooled connections are replaced after an outage, and a
    server that does not answer fails the attempt in seconds rather than hanging the host."""
    parsed = sa.engine.make_url(url)
    connect_args: dict[str, Any] = {}
    if parsed.get_backend_name() == "postgresql":
        connect_args["connect_timeout"] = CONNECT_TIMEOUT_S
    elif parsed.get_backend_name() == "sqlite":
        connect_args["timeout"] = 30  # waits on another process's write lock
    return sa.create_engine(url, pool_pre_ping=True, connect_args=connect_args)


def _schema_version(found: object) -> int:
    if isinstance(found, str) and found.isdigit():
        return int(found)
    raise NewerSchemaError(f"lwcharts_meta.schema_version is {clip(repr(found), 60)}, not a number")


def _row(scope: str, key: Key, entry: Any) -> dict[str, Any]:
    """One entry as a row. A drawing (item ``drawing:<id>``) keeps its whole record as its
    ``config`` and is a tombstone when deleted, so the merge rule in SQL is the same for both."""
    chart, pane, item = key
    drawing = is_drawing_item(item)
    return {
        "scope": scope,
        "chart": chart,
        "pane": pane,
        "item": item,
        "kind": DRAWING_KIND if drawing else entry["seriesType"],
        "config": json.dumps(entry if drawing else entry["config"], allow_nan=False),
        "is_reset": bool(entry.get("deleted")) if drawing else not entry["config"],
        "last_modified": float(entry["lastModified"]),
    }


@functools.cache
def _upsert_statement(dialect: str) -> Any:
    """The conditional upsert, built once per dialect so SQLAlchemy compiles it once: a held row
    is replaced only when the merge rule says so (newer, or a reset on a tie)."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(ROWS)
    new = statement.excluded
    newer = new.last_modified > ROWS.c.last_modified
    reset_beats_change = sa.and_(
        new.last_modified == ROWS.c.last_modified, new.is_reset, sa.not_(ROWS.c.is_reset)
    )
    return statement.on_conflict_do_update(
        index_elements=list(_KEY),
        set_={
            "kind": new.kind,
            "config": new.config,
            "is_reset": new.is_reset,
            "last_modified": new.last_modified,
        },
        where=sa.or_(newer, reset_beats_change),
    )


def _upsert(conn: Connection, scope: str, entries: Flat) -> None:
    """Insert the entries; a held row is replaced only when the merge rule says so, decided by
    the database in the same statement (no read-modify-write race between replicas)."""
    rows = [_row(scope, key, entry) for key, entry in entries.items()]
    charts = sorted({chart for chart, _, _ in entries})
    held_charts = conn.execute(
        sa.select(ROWS.c.chart).where(ROWS.c.scope == scope, ROWS.c.chart.in_(charts)).distinct()
    ).scalars()
    new_chart = bool(set(charts) - set(held_charts))
    statement = _upsert_statement(conn.dialect.name)
    for chunk in _chunks(rows, ROWS_PER_STATEMENT):
        conn.execute(statement, chunk)
    _trim_charts(conn, scope, charts, new_chart=new_chart)


def _trim_charts(conn: Connection, scope: str, charts: Sequence[str], *, new_chart: bool) -> None:
    """Keep the caps of the rules (series per chart, charts per scope), dropping the least
    recently changed; the scope-wide count runs only when a write brings a chart the scope
    may not have had."""
    series = ROWS.c.kind != DRAWING_KIND
    for chart in charts:
        beyond = conn.execute(
            sa.select(ROWS.c.pane, ROWS.c.item)
            .where(ROWS.c.scope == scope, ROWS.c.chart == chart, series)
            .order_by(ROWS.c.last_modified.desc())
            .offset(MAX_SERIES_PER_CHART)
        ).all()
        if beyond:
            warn(
                f"scope {scope!r} chart {chart!r}: settings of more than {MAX_SERIES_PER_CHART} "
                f"series; dropped the {len(beyond)} least recently changed"
            )
            for pane, item in beyond:  # rare: one statement per dropped row is fine
                conn.execute(
                    ROWS.delete().where(
                        ROWS.c.scope == scope,
                        ROWS.c.chart == chart,
                        ROWS.c.pane == pane,
                        ROWS.c.item == item,
                    )
                )
    if not new_chart:
        return
    newest = sa.func.max(ROWS.c.last_modified)
    older_charts = conn.execute(
        sa.select(ROWS.c.chart)
        .where(ROWS.c.scope == scope, series)
        .group_by(ROWS.c.chart)
        .order_by(newest.desc())
        .offset(MAX_CHARTS_PER_SCOPE)
    ).all()
    if older_charts:
        warn(
            f"scope {scope!r}: settings of more than {MAX_CHARTS_PER_SCOPE} charts; dropped the "
            f"{len(older_charts)} least recently changed"
        )
        conn.execute(
            ROWS.delete().where(
                ROWS.c.scope == scope, ROWS.c.chart.in_([row.chart for row in older_charts]), series
            )
        )


def _validated(rows: Iterable[Any], scope: str, now: int) -> Flat:
    """Rows as the rules read a completeState: the database is not trusted either."""
    state: dict[str, dict[str, dict[str, Any]]] = {}
    source = f"settings database scope {scope!r}"
    for row in rows:
        config: object = None
        if isinstance(row.config, str) and len(row.config) <= MAX_PAYLOAD_BYTES:
            try:
                config = json.loads(row.config)
            except (ValueError, RecursionError):
                config = None
        entry: object = (
            config
            if is_drawing_item(row.item)
            else {"config": config, "seriesType": row.kind, "lastModified": row.last_modified}
        )
        state.setdefault(row.chart, {}).setdefault(row.pane, {})[row.item] = entry
    return state_entries(state, source, now)


def _chunks(rows: list[dict[str, Any]], size: int) -> Iterable[list[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]
