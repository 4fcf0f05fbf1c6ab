"""Which store a host's settings go to: a call's `store=`, then `use_store`, then
`LWCHARTS_STORE_URL`, then the JSON file; and what a store may be named by."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
import streamlit as st

import lwcharts.settings
from lwcharts.settings.file_store import SettingsStore
from lwcharts.settings.link import SettingsLink, notebook_scope, os_user_scope
from lwcharts.settings.session_store import SessionStore
from lwcharts.settings.sql_store import SqlStore
from lwcharts.settings.store_choice import STORE_URL_ENV, chosen_store

CHANGE = {
    "type": "series_config_changes",
    "changes": [
        {
            "chartId": "c",
            "paneId": 0,
            "seriesId": "s",
            "seriesType": "line",
            "config": {"color": "#ff0000"},
            "timestamp": 1_000,
        }
    ],
}


@pytest.fixture(autouse=True)
def no_configured_store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    monkeypatch.delenv(STORE_URL_ENV, raising=False)
    monkeypatch.setenv("LWCHARTS_CONFIG_DIR", str(tmp_path / "config"))
    yield
    lwcharts.settings.use_store(None)


def test_without_configuration_the_json_file_is_used() -> None:
    assert isinstance(chosen_store(), SettingsStore)
    assert isinstance(SettingsLink("os:alice").store, SettingsStore)
    assert notebook_scope() == os_user_scope()


def test_the_environment_names_a_database_both_hosts_then_use(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'env.db'}"
    monkeypatch.setenv(STORE_URL_ENV, url)
    link = SettingsLink("app:alice")
    assert isinstance(link.store, SqlStore)
    assert chosen_store() is link.store  # one store (and pool) per URL
    link.receive(CHANGE)
    assert SqlStore(url).load("app:alice")["c"]["0"]["s"]["config"] == {"color": "#ff0000"}


def test_use_store_beats_the_environment_and_a_call_beats_use_store(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(STORE_URL_ENV, f"sqlite:///{tmp_path / 'env.db'}")
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'process.db'}")
    lwcharts.settings.use_store(engine, scope="app:alice")
    process = chosen_store()
    assert isinstance(process, SqlStore)
    assert process.engine is engine
    assert notebook_scope() == "app:alice"
    session = SessionStore({})
    assert chosen_store(session) is session


def test_streamlits_sql_connection_is_a_store() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # no Streamlit runtime in a unit test
        connection = st.connection("lwcharts-test", type="sql", url="sqlite://")
    store = chosen_store(connection)
    assert isinstance(store, SqlStore)
    assert store.engine is connection.engine


def test_a_store_that_is_not_one_is_refused_with_what_is_accepted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with pytest.raises(TypeError, match=r"database URL.*SQLAlchemy Engine.*got int"):
        chosen_store(42)
    with pytest.raises(ValueError, match=r"not a usable database URL.*postgresql\+psycopg"):
        chosen_store("not a url")
    monkeypatch.setenv(STORE_URL_ENV, "nosuchdb://u:secret@h/db")
    with pytest.raises(ValueError, match=STORE_URL_ENV) as raised:
        chosen_store()
    assert "secret" not in str(raised.value)
    with pytest.raises(ValueError, match="scope must be a non-empty string"):
        lwcharts.settings.use_store(None, scope="")
