"""One behaviour, every store engine: the JSON file, a browser session's dict, SQLite and a real
PostgreSQL cluster run the same tests (load, apply, reset, clear, scopes, newest wins,
tombstones, hostile payloads). What only the database engines have (the rules' cases applied by
the upsert, rows validated on read, the schema version, an outage) follows."""

import json
import re
import tempfile
import time
import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from lwcharts._report import SettingsWarning
from lwcharts.settings.file_store import SettingsStore
from lwcharts.settings.rules import MAX_SERIES_PER_CHART
from lwcharts.settings.schema import MAX_PAYLOAD_BYTES
from lwcharts.settings.session_store import SessionStore
from lwcharts.settings.sql_store import SqlStore
from lwcharts.settings.store_choice import Store
from tests.support.postgres import Postgres, postgres
from tests.support.store_payload import series_change

pytestmark = pytest.mark.filterwarnings("error::lwcharts._report.SettingsWarning")

CASES = json.loads(
    (Path(__file__).resolve().parents[1] / "cases" / "saved-state-rules.json").read_text("utf-8")
)
NOW = 1_780_000_000_000  # the rules' cases' clock; the database engines are given it
ENGINES = ["file", "session", "sqlite", "postgresql"]


@pytest.fixture(params=ENGINES)
def engine_name(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def store(engine_name: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Store]:
    """A fresh store of each engine (PostgreSQL: the session's cluster, a fresh database)."""
    if engine_name == "file":
        yield SettingsStore(tmp_path / "series-configs.json")
    elif engine_name == "session":
        yield SessionStore({})
    elif engine_name == "sqlite":
        sql = SqlStore(f"sqlite:///{tmp_path / 'settings.db'}")
        yield sql
        sql.engine.dispose()
    else:
        server: Postgres = request.getfixturevalue("postgres_server")
        sql = SqlStore(server.fresh_database())
        yield sql
        sql.engine.dispose()


def saved(store: Store, scope: str = "os:alice", series: str = "main-line-series") -> Any:
    return store.load(scope)["main-chart"]["0"][series]


# --- every engine ----------------------------------------------------------------------------


def test_a_change_round_trips_and_an_empty_scope_loads_empty(store: Store) -> None:
    assert store.load("os:alice") == {}
    store.apply_payload("os:alice", series_change({"color": "#ff0000", "lineWidth": 3}, NOW))
    assert saved(store) == {
        "config": {"color": "#ff0000", "lineWidth": 3},
        "seriesType": "line",
        "lastModified": NOW,
    }


def test_scopes_never_see_each_other(store: Store) -> None:
    store.apply_payload("os:alice", series_change({"color": "#ff0000"}, NOW))
    store.apply_payload("app:bob", series_change({"color": "#0000ff"}, NOW))
    # A scope that looks like SQL is just a string.
    store.apply_payload("st:x' OR '1'='1", series_change({"color": "#00ff00"}, NOW))
    assert saved(store, "os:alice")["config"] == {"color": "#ff0000"}
    assert saved(store, "app:bob")["config"] == {"color": "#0000ff"}
    assert saved(store, "st:x' OR '1'='1")["config"] == {"color": "#00ff00"}
    assert store.load("app:carol") == {}


def test_the_newest_change_wins_whichever_arrives_first(store: Store) -> None:
    store.apply_payload("os:alice", series_change({"color": "#222222"}, NOW - 1000))
    store.apply_payload("os:alice", series_change({"color": "#333333"}, NOW))
    store.apply_payload("os:alice", series_change({"color": "#111111"}, NOW - 2000))
    assert saved(store)["config"] == {"color": "#333333"}


def test_a_reset_is_kept_as_a_tombstone_an_older_change_cannot_revive(store: Store) -> None:
    store.apply_payload("os:alice", series_change({"color": "#ff0000"}, NOW - 1000))
    store.apply_payload("os:alice", series_change({}, NOW))
    store.apply_payload("os:alice", series_change({"color": "#ff0000"}, NOW - 1000))
    assert saved(store) == {"config": {}, "seriesType": "line", "lastModified": NOW}
    store.apply_payload("os:alice", series_change({"color": "#00ff00"}, NOW + 1))
    assert saved(store)["config"] == {"color": "#00ff00"}


def test_on_a_tie_a_reset_beats_a_change_and_a_change_does_not_undo_a_reset(store: Store) -> None:
    store.apply_payload("os:alice", series_change({"color": "#ff0000"}, NOW))
    store.apply_payload("os:alice", series_change({}, NOW))
    store.apply_payload("os:alice", series_change({"color": "#00ff00"}, NOW))
    assert saved(store)["config"] == {}


def test_a_reset_older_than_the_change_does_not_undo_it(store: Store) -> None:
    store.apply_payload("os:alice", series_change({"color": "#ff0000"}, NOW))
    store.apply_payload("os:alice", series_change({}, NOW - 1))
    assert saved(store)["config"] == {"color": "#ff0000"}


def test_clear_turns_every_series_of_one_chart_or_the_scope_into_tombstones(store: Store) -> None:
    if isinstance(store, SessionStore):
        pytest.skip("a session's settings end with the session: it has no clear()")
    assert isinstance(store, SettingsStore | SqlStore)
    for chart in ("a", "b"):
        store.apply_payload(
            "os:alice", series_change({"color": "#ff0000"}, NOW - 5000, chart=chart)
        )
    store.apply_payload("app:bob", series_change({"color": "#ff0000"}, NOW - 5000, chart="a"))
    store.clear("os:alice", "a")
    state = store.load("os:alice")
    assert state["a"]["0"]["main-line-series"]["config"] == {}
    assert state["b"]["0"]["main-line-series"]["config"] == {"color": "#ff0000"}
    store.clear("os:alice")
    assert store.load("os:alice")["b"]["0"]["main-line-series"]["config"] == {}
    assert store.load("app:bob")["a"]["0"]["main-line-series"]["config"] == {"color": "#ff0000"}
    # An old copy from a tab cannot bring a cleared style back.
    store.apply_payload("os:alice", series_change({"color": "#ff0000"}, NOW - 5000, chart="b"))
    assert store.load("os:alice")["b"]["0"]["main-line-series"]["config"] == {}


def test_thousands_of_input_keys_do_not_reach_the_store_unbounded(store: Store) -> None:
    store.apply_payload("os:alice", series_change({"color": "#ff0000"}, NOW, series="kept"))
    flood = {f"input:k{i}": 1.0 for i in range(5000)}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SettingsWarning)
        store.apply_payload("os:alice", series_change(flood, NOW, series="flood"))
    state = store.load("os:alice")
    assert state["main-chart"]["0"]["kept"]["config"] == {"color": "#ff0000"}
    assert len(json.dumps(state)) <= MAX_PAYLOAD_BYTES


def test_a_payload_over_the_size_limit_changes_nothing(store: Store) -> None:
    huge = series_change({"color": "#ff0000", "title": "x" * (MAX_PAYLOAD_BYTES + 1)}, NOW)
    with pytest.warns(SettingsWarning, match="bytes"):
        store.apply_payload("os:alice", huge)
    assert store.load("os:alice") == {}


@pytest.mark.parametrize(
    ("where", "value"),
    [
        ("chart", "../../etc/passwd"),
        ("chart", "x'); DROP TABLE lwcharts_settings; --"),
        ("series", "<img src=x onerror=alert(1)>"),
        ("series", "a" * 101),
        ("pane", 999),
        ("pane", True),
        ("series_type", "pie"),
    ],
)
def test_forged_ids_are_dropped_and_nothing_else_changes(
    store: Store, where: str, value: Any
) -> None:
    store.apply_payload("os:alice", series_change({"color": "#ff0000"}, NOW - 1))
    with pytest.warns(SettingsWarning):
        store.apply_payload("os:alice", series_change({"color": "#00ff00"}, NOW, **{where: value}))
    assert store.load("os:alice") == {
        "main-chart": {
            "0": {
                "main-line-series": {
                    "config": {"color": "#ff0000"},
                    "seriesType": "line",
                    "lastModified": NOW - 1,
                }
            }
        }
    }


@pytest.mark.parametrize("stamp", [NOW * 10, -1, float("nan"), "now", True, None])
def test_forged_timestamps_are_dropped_and_the_held_change_stays(store: Store, stamp: Any) -> None:
    store.apply_payload("os:alice", series_change({"color": "#ff0000"}, NOW - 1))
    with pytest.warns(SettingsWarning):
        store.apply_payload("os:alice", series_change({}, stamp))
    assert saved(store)["config"] == {"color": "#ff0000"}


def test_series_over_the_cap_keep_the_most_recently_changed(store: Store) -> None:
    count = MAX_SERIES_PER_CHART + 5
    for number in range(count):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SettingsWarning)
            store.apply_payload(
                "os:alice",
                series_change({"color": "#ff0000"}, NOW - count + number, series=f"s{number}"),
            )
    kept = store.load("os:alice")["main-chart"]["0"]
    assert len(kept) == MAX_SERIES_PER_CHART
    assert "s0" not in kept
    assert f"s{count - 1}" in kept


# --- the database engines ------------------------------------------------------------------


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'settings.db'}"
    server: Postgres = request.getfixturevalue("postgres_server")
    return server.fresh_database()


@pytest.mark.parametrize("case", CASES["cases"], ids=[c["name"] for c in CASES["cases"]])
def test_the_rules_cases_hold_inside_the_database(database_url: str, case: dict[str, Any]) -> None:
    """Each case of tests/cases/saved-state-rules.json, decided by the upsert itself."""
    sql = SqlStore(database_url, clock=lambda: case.get("now", CASES["now"]))
    scope = f"case:{uuid.uuid4().hex}"

    def send(entry: dict[str, Any], pane: Any) -> None:
        state = {"chart": {pane: {"series": entry}}}
        sql.apply_payload(scope, {"type": "series_config_changes", "completeState": state})

    if case["held"] is not None:
        send(case["held"], 0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", SettingsWarning)
        send(case["incoming"], case["paneId"])
    state = sql.load(scope)
    sql.engine.dispose()
    held = {"chart": {"0": {"series": case["held"]}}} if case["held"] else {}
    if case["expect"] == "rejected":
        assert any(issubclass(w.category, SettingsWarning) for w in caught)
        assert state == held
    elif case["expect"] == "held":
        assert state == held
    else:
        pane = str(int(case["paneId"]))
        assert state == {"chart": {pane: {"series": case["incoming"]}}}


def test_rows_read_back_are_validated_like_a_payload(database_url: str) -> None:
    sql = SqlStore(database_url)
    sql.apply_payload("os:alice", series_change({"color": "#ff0000"}, NOW - 1, series="good"))
    rows = sa.table(
        "lwcharts_settings",
        *(sa.column(c) for c in ("scope", "chart", "pane", "item", "kind", "config")),
        sa.column("is_reset"),
        sa.column("last_modified"),
    )
    forged = [
        {"item": "bad-json", "kind": "line", "config": "{not json"},
        {"item": "bad-kind", "kind": "pie", "config": '{"color": "#00ff00"}'},
        {"item": "bad-colour", "kind": "line", "config": '{"color": "javascript:alert(1)"}'},
        {"item": "bad-id!", "kind": "line", "config": '{"color": "#00ff00"}'},
        {"item": "huge", "kind": "line", "config": '{"title": "' + "x" * MAX_PAYLOAD_BYTES + '"}'},
    ]
    with sql.engine.begin() as conn:
        for row in forged:
            base = {"scope": "os:alice", "chart": "main-chart", "pane": "0", "is_reset": False}
            conn.execute(rows.insert().values(**base, **row, last_modified=float(NOW)))
    with pytest.warns(SettingsWarning) as caught:
        state = sql.load("os:alice")
    sql.engine.dispose()
    assert list(state["main-chart"]["0"]) == ["good"]
    # One warning per read (not one per row) counts every forged row it dropped.
    said = " ".join(str(w.message) for w in caught)
    assert sum(int(n) for n in re.findall(r"dropped (\d+)", said)) >= len(forged)


def test_the_schema_carries_a_version_and_a_newer_one_is_refused_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'settings.db'}"
    first = SqlStore(url)
    first.apply_payload("os:alice", series_change({"color": "#ff0000"}, NOW - 1))
    with first.engine.begin() as conn:
        assert conn.execute(sa.text("SELECT value FROM lwcharts_meta")).scalar() == "1"
        conn.execute(sa.text("UPDATE lwcharts_meta SET value = '2'"))
    newer = SqlStore(url)
    with pytest.warns(SettingsWarning, match=r"schema version 2, newer than this lwcharts"):
        assert newer.load("os:alice") == {}
    with warnings.catch_warnings():
        warnings.simplefilter("error", SettingsWarning)  # once: no second warning
        newer.apply_payload("os:alice", series_change({"color": "#00ff00"}, NOW))
        assert saved(newer)["config"] == {"color": "#00ff00"}  # kept in memory
    with first.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT config FROM lwcharts_settings")).scalar() == (
            '{"color": "#ff0000"}'
        )
    first.engine.dispose()
    newer.engine.dispose()


def test_an_outage_warns_once_keeps_the_changes_and_writes_them_when_back() -> None:
    """A cluster of its own: it is stopped mid-test."""
    with tempfile.TemporaryDirectory(prefix="lwcharts-pg-") as base, postgres(Path(base)) as pg:
        sql = SqlStore(pg.url)
        sql.apply_payload("os:alice", series_change({"color": "#ff0000"}, NOW - 2))
        pg.stop()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", SettingsWarning)
            sql.apply_payload("os:alice", series_change({"color": "#00ff00"}, NOW - 1))
            sql.apply_payload("os:alice", series_change({"lineWidth": 4}, NOW, series="other"))
            state = sql.load("os:alice")
        assert [str(w.message) for w in caught if "unreachable" in str(w.message)] == [
            str(caught[0].message)
        ]
        assert len(caught) == 1
        # What this process wrote during the outage still draws.
        assert state["main-chart"]["0"]["main-line-series"]["config"] == {"color": "#00ff00"}
        assert state["main-chart"]["0"]["other"]["config"] == {"lineWidth": 4}
        pg.start()
        # The background retry writes the queue without another call.
        reader = SqlStore(pg.url)
        for _ in range(100):
            rows = reader.load("os:alice").get("main-chart", {}).get("0", {})
            if rows.get("other", {}).get("config") == {"lineWidth": 4}:
                break
            time.sleep(0.2)
        assert rows["main-line-series"]["config"] == {"color": "#00ff00"}
        assert rows["other"]["config"] == {"lineWidth": 4}
        sql.engine.dispose()
        reader.engine.dispose()


def test_changes_held_during_an_outage_are_bounded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("lwcharts.settings.sql_store.MAX_QUEUED_ENTRIES", 3)
    unreachable = SqlStore(f"sqlite:///{tmp_path / 'no-such-dir' / 'settings.db'}")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", SettingsWarning)
        for number in range(5):
            unreachable.apply_payload(
                "os:alice", series_change({"color": "#ff0000"}, NOW, series=f"s{number}")
            )
    messages = [str(w.message) for w in caught]
    assert sum("unreachable (" in m for m in messages) == 1
    assert sum("kept only in the browser" in m for m in messages) == 2
    assert sorted(unreachable.load("os:alice")["main-chart"]["0"]) == ["s0", "s1", "s2"]
