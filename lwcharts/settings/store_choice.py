"""Which store engine keeps the settings: one choice both hosts make the same way.

In order: the store a call names (``lwcharts.streamlit.chart(..., store=...)``), the one set for
the process (``lwcharts.settings.use_store(...)``), the ``LWCHARTS_STORE_URL`` environment
variable, and otherwise the per-user JSON file (``file_store``), which needs no server. A store
can be named by a URL (``postgresql+psycopg://user@host/db``, ``sqlite:///path.db``), an
SQLAlchemy ``Engine``, Streamlit's ``st.connection(..., type="sql")`` (its ``.engine``) or a
store object. One ``SqlStore`` is kept per URL or engine, so its connection pool and the changes
it holds during an outage are shared by every chart of the process.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Protocol

from lwcharts.settings.file_store import shared_store
from lwcharts.settings.rules import CompleteState, check_scope

if TYPE_CHECKING:
    from lwcharts.settings.sql_store import SqlStore

STORE_URL_ENV = "LWCHARTS_STORE_URL"


class Store(Protocol):
    """What a host needs of a store engine (``SettingsStore``, ``SessionStore``, ``SqlStore``)."""

    def load(self, scope: str) -> CompleteState: ...

    def apply_payload(self, scope: str, payload: object) -> CompleteState: ...


_process_store: Store | None = None
_process_scope: str | None = None
_sql_stores: dict[object, SqlStore] = {}


def use_store(store: object, *, scope: str | None = None) -> None:
    """Keep this process's settings in ``store`` (a URL, an SQLAlchemy ``Engine``,
    ``st.connection(..., type="sql")`` or a store object; ``None``: back to the default).

    ``scope`` is whose settings notebook charts of this process read and write (by default the
    OS user's, ``os:<login>``); pass the scope a Streamlit app gives its user, e.g.
    ``"app:alice"`` for ``user_id="alice"``, to see that user's settings in a notebook.
    """
    global _process_store, _process_scope
    if scope is not None:
        check_scope(scope)
    _process_store = None if store is None else store_from(store)
    _process_scope = scope


def process_scope() -> str | None:
    """The scope ``use_store`` named for this process's notebook charts, if any."""
    return _process_scope


def chosen_store(store: object = None) -> Store:
    """The store to use: ``store`` when given, else ``use_store``'s, else
    ``$LWCHARTS_STORE_URL``'s, else the per-user JSON file."""
    if store is not None:
        return store_from(store)
    if _process_store is not None:
        return _process_store
    url = os.environ.get(STORE_URL_ENV, "").strip()
    if url:
        return store_from(url, source=STORE_URL_ENV)
    return shared_store()


def store_from(target: object, *, source: str = "store") -> Store:
    """The store named by ``target``; ``TypeError``/``ValueError`` saying what is accepted."""
    if isinstance(target, str):
        return _sql_store(target, target, source)
    engine = getattr(target, "engine", target)  # st.connection(type="sql") holds an Engine
    if type(engine).__module__.startswith("sqlalchemy") and hasattr(engine, "dialect"):
        return _sql_store(engine, engine, source)
    if callable(getattr(target, "load", None)) and callable(getattr(target, "apply_payload", None)):
        store: Store = target  # type: ignore[assignment]  # checked by duck typing just above
        return store
    raise TypeError(
        f"{source} must be a database URL (e.g. 'postgresql+psycopg://user@host/db' or "
        "'sqlite:///settings.db'), an SQLAlchemy Engine, st.connection(..., type='sql') or a "
        f"store with load() and apply_payload(); got {type(target).__name__}"
    )


def _sql_store(key: object, target: Any, source: str) -> SqlStore:
    if key in _sql_stores:
        return _sql_stores[key]
    try:
        from lwcharts.settings.sql_store import SqlStore
    except ImportError as exc:
        raise ImportError(
            f"{source} names a database, which needs SQLAlchemy and psycopg: "
            f"pip install 'lwcharts[server]' ({exc})"
        ) from exc
    try:
        store = SqlStore(target)
    except Exception as exc:  # SQLAlchemy's ArgumentError, NoSuchModuleError, a driver's error
        shown = target if not isinstance(target, str) else _hide_password(target)
        raise ValueError(
            f"{source} {shown!r} is not a usable database URL: {exc}. Expected e.g. "
            "'postgresql+psycopg://user@host:5432/db' or 'sqlite:///path/settings.db'"
        ) from exc
    _sql_stores[key] = store
    return store


def _hide_password(url: str) -> str:
    head, at, tail = url.rpartition("@")
    if not at or ":" not in head.split("//", 1)[-1]:
        return url
    scheme_user = head.rsplit(":", 1)[0]
    return f"{scheme_user}:***@{tail}"
