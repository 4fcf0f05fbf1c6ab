"""Hostile payloads against both store engines (the file store and an anonymous Streamlit
session's store), and the file store's journal surviving killed writers.

What is asserted is what the store holds afterwards and how much memory it took, never time.
"""

from __future__ import annotations

import json
import os
import tracemalloc
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from lwcharts.settings.drawings import RULES as DRAWING_RULES
from lwcharts.settings.file_store import SettingsStore
from lwcharts.settings.rules import (
    MAX_CHARTS_PER_SCOPE,
    MAX_DRAWING_BYTES,
    MAX_ENTRY_BYTES,
    MAX_PAYLOAD_DEPTH,
    MAX_SCOPE_BYTES,
    MAX_SERIES_PER_CHART,
    drawings_only,
    now_ms,
    series_only,
)
from lwcharts.settings.schema import MAX_INPUTS, MAX_PAYLOAD_BYTES
from lwcharts.settings.session_store import SessionStore
from lwcharts.store import SettingsWarning

SCOPE = "st:mallory@example.com"
Store = SettingsStore | SessionStore


@pytest.fixture(params=["file", "session"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    if request.param == "file":
        return SettingsStore(tmp_path / "series-configs.json")
    return SessionStore({})


def change(config: Any, *, chart: Any = "c", series: Any = "s", stamp: Any = None) -> Any:
    return {
        "chartId": chart,
        "paneId": 0,
        "seriesId": series,
        "seriesType": "line",
        "config": config,
        "timestamp": now_ms() if stamp is None else stamp,
    }


def payload(*changes: Any, **extra: Any) -> dict[str, Any]:
    return {"type": "series_config_changes", "changes": list(changes), **extra}


@pytest.fixture
def one_warning() -> Iterator[list[warnings.WarningMessage]]:
    """The SettingsWarnings a block raised; the test asserts there was exactly one."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", SettingsWarning)
        yield caught
    ours = [w for w in caught if issubclass(w.category, SettingsWarning)]
    assert len(ours) == 1, [str(w.message) for w in ours]


def held_bytes(state: Any) -> int:
    return len(json.dumps(state))


def drawing(drawing_id: str, stamp: int, **extra: Any) -> dict[str, Any]:
    return {
        "id": drawing_id,
        "kind": "horizontal_line",
        "points": [{"time": 1_736_000_000, "price": 10.0}],
        "pane": 0,
        "seriesId": "s",
        "lastModified": stamp,
        **extra,
    }


def test_thousands_of_input_keys_are_refused_with_one_warning(
    store: Store, one_warning: list[warnings.WarningMessage]
) -> None:
    config = {f"input:x{n}": n for n in range(5_000)}
    assert store.apply_payload(SCOPE, payload(change(config))) == {}
    assert store.load(SCOPE) == {}
    assert "5000 keys" in str(one_warning[0].message)


def test_saved_inputs_beyond_the_cap_are_dropped_and_the_rest_kept(
    store: Store, one_warning: list[warnings.WarningMessage]
) -> None:
    config = {f"input:x{n}": n for n in range(MAX_INPUTS + 5)}
    state = store.apply_payload(SCOPE, payload(change(config)))
    kept = state["c"]["0"]["s"]["config"]
    assert kept == {f"input:x{n}": n for n in range(MAX_INPUTS)}
    message = str(one_warning[0].message)
    assert "dropped 5:" in message
    assert f"'input:x{MAX_INPUTS}': at most {MAX_INPUTS} saved inputs per series" in message


def test_an_entry_over_the_byte_cap_is_refused(store: Store, one_warning: Any) -> None:
    # Each value is within the text limit; together they are not one series' settings.
    config = {f"input:x{n}": "w" * 200 for n in range(MAX_INPUTS)}
    config["title"] = "t" * 200
    small = {"input:x0": "w" * 200}
    assert len(json.dumps(config)) < MAX_ENTRY_BYTES, "fits: nothing to refuse"
    store.apply_payload(SCOPE, payload(change(small, series="a"), change(config, series="b")))
    assert set(store.load(SCOPE)["c"]["0"]) == {"a", "b"}
    big = {**config, **{f"input:y{n}": "z" * 200 for n in range(MAX_INPUTS)}}
    store.apply_payload(SCOPE, payload(change(big, series="c")))
    assert set(store.load(SCOPE)["c"]["0"]) == {"a", "b"}


@pytest.mark.parametrize("part", ["padding", "drawings"])
def test_a_huge_payload_is_refused_before_it_is_copied(store: Store, part: str) -> None:
    # 5 million list items (40 MB of references): serialising it first would cost ~30 MB more;
    # so would validating (copying) 5 million drawings.
    if part == "padding":
        huge = payload(change({"color": "red"}), padding=["x"] * 5_000_000)
    else:
        huge = payload(drawings={"c": [drawing("d", now_ms())] * 5_000_000})
    tracemalloc.start()
    try:
        with pytest.warns(SettingsWarning, match=f"at most {MAX_PAYLOAD_BYTES} expected"):
            assert store.apply_payload(SCOPE, huge) == {}
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1_000_000, f"refusing it took {peak} bytes"
    assert store.load(SCOPE) == {}


def test_deep_nesting_is_refused_without_recursion(store: Store) -> None:
    deep: Any = {"color": "red"}
    for _ in range(100_000):
        deep = {"x": deep}
    with pytest.warns(SettingsWarning, match=f"nested deeper than {MAX_PAYLOAD_DEPTH}"):
        assert store.apply_payload(SCOPE, payload(change({"color": "red"}), deep=deep)) == {}


def test_forged_ids_and_timestamps_are_dropped_with_one_warning(
    store: Store, one_warning: list[warnings.WarningMessage]
) -> None:
    forged = [
        change({"color": "red"}, chart="../../etc/passwd"),
        change({"color": "red"}, chart="c" * 10_000),
        change({"color": "red"}, series="<script>"),
        change({"color": "red"}, stamp=10**15),  # far in the future: would win every merge
        change({"color": "red"}, stamp=-1),
        change({"color": "red"}, stamp=float("nan")),
        change({"color": "red"}, stamp=True),
        *[change({"colour": n}, series=f"s{n}") for n in range(1_000)],
    ]
    good = change({"color": "blue"}, series="good")
    state = store.apply_payload(SCOPE, payload(*forged, good))
    assert state == {"c": {"0": {"good": {**state["c"]["0"]["good"], "config": {"color": "blue"}}}}}
    message = str(one_warning[0].message)
    # 7 forged changes; each of the 1,000 others loses its option and then itself (nothing left).
    assert "dropped 2007:" in message
    assert len(message) < 4_000, "one short warning whatever the payload held"


def test_one_visitor_cannot_grow_the_held_settings_past_the_scope_cap(store: Store) -> None:
    # Near-1 MB payloads of valid, distinct entries, far more in total than the cap.
    text = "w" * 200
    config = {f"input:x{n}": text for n in range(MAX_INPUTS)}
    offered = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SettingsWarning)
        for number in range(40):
            changes = [
                change(config, chart=f"p{number}-{n // MAX_SERIES_PER_CHART}", series=f"s{n}")
                for n in range(200)
            ]
            offered += len(json.dumps(changes))
            state = store.apply_payload(SCOPE, payload(*changes))
    assert offered > 8 * MAX_SCOPE_BYTES
    assert held_bytes(state) <= MAX_SCOPE_BYTES * 1.05  # JSON spacing aside
    assert held_bytes(store.load(SCOPE)) == held_bytes(state)
    newest = "p39-1"
    assert newest in state, "the most recently changed are kept"


# --- drawings (items drawing:<id>) beside series settings -----------------------------------


def test_drawings_do_not_count_against_the_series_caps(store: Store) -> None:
    now = now_ms()
    full_chart = [
        change({"color": "red"}, chart="c0", series=f"s{n}") for n in range(MAX_SERIES_PER_CHART)
    ]
    one_per_chart = [change({"color": "red"}, chart=f"c{n}") for n in range(MAX_CHARTS_PER_SCOPE)]
    drawings = [drawing(f"d{n}", now - n) for n in range(DRAWING_RULES["maxDrawings"])]
    with warnings.catch_warnings():
        warnings.simplefilter("error", SettingsWarning)  # every cap holds: nothing is dropped
        store.apply_payload(SCOPE, payload(*full_chart, *one_per_chart[1:]))
        store.apply_payload(SCOPE, payload(drawings={"c0": drawings}))
        # Drawings on charts with no series settings are not charts of settings either.
        store.apply_payload(SCOPE, payload(drawings={"other": [drawing("x", now)]}))
    state = store.load(SCOPE)
    assert len(series_only(state["c0"])["0"]) == MAX_SERIES_PER_CHART
    assert sum(1 for chart in state.values() if series_only(chart)) == MAX_CHARTS_PER_SCOPE
    assert len(drawings_only(state["c0"])) == DRAWING_RULES["maxDrawings"]
    assert [r["id"] for r in drawings_only(state["other"])] == ["x"]


def test_refused_drawings_and_series_share_the_payloads_one_warning(
    store: Store, one_warning: list[warnings.WarningMessage]
) -> None:
    now = now_ms()
    hostile = payload(
        change({"colour": "red", "color": "red"}, series="a"),
        change({"color": "red"}, series="drawing:x"),  # a change cannot write a drawing's item
        change({"color": "blue"}, series="good"),
        drawings={
            "c": [drawing("ok", now), drawing("<img>", now), drawing("late", now + 10**12)],
            "../etc": [drawing("y", now)],
        },
    )
    state = store.apply_payload(SCOPE, hostile)
    assert set(state["c"]["0"]) == {"a", "good", "drawing:ok"}
    message = str(one_warning[0].message)
    assert "dropped 5:" in message
    assert "'colour'" in message
    assert "'drawing:x' is a drawing's item" in message
    assert "id must be" in message
    assert "chartId" in message


def test_one_visitor_cannot_grow_the_held_drawings_past_their_byte_cap(store: Store) -> None:
    now = now_ms()
    store.apply_payload(SCOPE, payload(change({"color": "red"}, chart="kept", stamp=now - 10**6)))
    # Large valid drawings (long note and series id), 1,000 a chart: far more than the cap.
    long = {"text": "t" * DRAWING_RULES["maxTextLength"], "seriesId": "s" * 200}
    offered = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SettingsWarning)
        for chart in range(16):
            records = [
                drawing(f"d{n}", now - 10**5 + chart * 1000 + n, **long) for n in range(1000)
            ]
            offered += len(json.dumps(records))
            state = store.apply_payload(SCOPE, payload(drawings={f"p{chart}": records}))
    assert offered > 1.5 * MAX_DRAWING_BYTES
    held = [r for chart in state.values() for r in drawings_only(chart)]
    assert sum(len(json.dumps(r, separators=(",", ":"))) for r in held) <= MAX_DRAWING_BYTES
    assert len(drawings_only(state["p15"])) == 1000, "the most recently changed are kept"
    assert series_only(state["kept"]), "the series settings are not what made room"
    assert drawings_only(store.load(SCOPE)["p15"]) == drawings_only(state["p15"])


def test_another_process_reads_drawings_from_the_journal_and_a_clear_leaves_them(
    tmp_path: Path,
) -> None:
    path = tmp_path / "series-configs.json"
    first, second = SettingsStore(path), SettingsStore(path)
    now = now_ms()
    first.apply_payload(
        "os:alice",
        payload(change({"color": "red"}, series="a"), drawings={"c": [drawing("d1", now)]}),
    )
    line = json.loads(path.with_name(path.name + ".journal").read_bytes().splitlines()[0])
    put = {tuple(item[:3]): item[3] for item in line["put"]}
    assert put[("c", "0", "drawing:d1")]["points"] == drawing("d1", now)["points"]
    assert [r["id"] for r in drawings_only(second.load("os:alice")["c"])] == ["d1"]
    second.clear("os:alice")
    for store in (first, SettingsStore(path)):
        chart = store.load("os:alice")["c"]
        assert series_only(chart)["0"]["a"]["config"] == {}, "the series was reset"
        assert [r.get("deleted") for r in drawings_only(chart)] == [None], "the drawing stays"


# --- the file store's journal --------------------------------------------------------------


def test_a_torn_last_line_from_a_killed_writer_is_ignored_then_cut_off(tmp_path: Path) -> None:
    path = tmp_path / "series-configs.json"
    SettingsStore(path).apply_payload("os:alice", payload(change({"color": "red"}, series="a")))
    journal = path.with_name(path.name + ".journal")
    kept = journal.read_bytes()
    journal.write_bytes(kept + b'{"scope":"os:alice","put":[["c","0","b",{"config":{"co')

    reader = SettingsStore(path)
    assert set(reader.load("os:alice")["c"]["0"]) == {"a"}
    reader.apply_payload("os:alice", payload(change({"color": "blue"}, series="c")))
    lines = journal.read_bytes().splitlines()
    assert [json.loads(line)["put"][0][2] for line in lines] == ["a", "c"]
    assert set(SettingsStore(path).load("os:alice")["c"]["0"]) == {"a", "c"}


def test_another_process_sees_each_write_and_its_own_cache_stays_right(tmp_path: Path) -> None:
    path = tmp_path / "series-configs.json"
    first, second = SettingsStore(path), SettingsStore(path)
    first.apply_payload("os:alice", payload(change({"color": "red"}, series="a")))
    assert set(second.load("os:alice")["c"]["0"]) == {"a"}
    second.apply_payload("os:alice", payload(change({"color": "blue"}, series="b")))
    first.clear("os:alice")
    states = {s["config"] == {} for s in second.load("os:alice")["c"]["0"].values()}
    assert states == {True}, "the clear of one reached the other's cache"


def test_a_killed_writers_temp_files_are_removed_by_the_next_write(tmp_path: Path) -> None:
    path = tmp_path / "series-configs.json"
    store = SettingsStore(path)
    # A second earlier: a change in the same millisecond would tie, be ignored and write nothing.
    store.apply_payload("os:alice", payload(change({"color": "red"}, stamp=now_ms() - 1_000)))
    dead_pid = 2**22 + 12_345  # above Linux's pid_max: no such process
    dead = tmp_path / f".series-configs.json.{dead_pid}.k1.tmp"
    old = tmp_path / ".series-configs.json.abc123.tmp"  # an older version's name: no pid
    live = tmp_path / f".series-configs.json.{os.getpid()}.k2.tmp"  # a writer still at work
    for leftover in (dead, old, live):
        leftover.write_text("{")
    os.utime(old, (0, 0))

    store.apply_payload("os:alice", payload(change({"color": "blue"})))

    assert not dead.exists()
    assert not old.exists()
    assert live.exists()
