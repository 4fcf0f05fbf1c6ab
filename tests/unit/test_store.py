"""The per-user settings store: the seed's wire payload in, newest change wins, one scope never
sees another, no lost update between processes, and a broken file or hostile payload never
raises into a host."""

import json
import math
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any
from unittest.mock import ANY

import pytest

from lwcharts.settings import file_store
from lwcharts.settings.rules import MAX_CHARTS_PER_SCOPE, MAX_SERIES_PER_CHART
from lwcharts.settings.schema import MAX_PAYLOAD_BYTES
from lwcharts.store import ConfigStore, SettingsWarning, store_path
from tests.support.store_payload import series_change

# An unexpected SettingsWarning fails the test; expected ones are caught with pytest.warns.
pytestmark = pytest.mark.filterwarnings("error::lwcharts.store.SettingsWarning")

ROOT = Path(__file__).resolve().parents[2]
NOW = int(time.time() * 1000)
HOUR = 3600 * 1000


@pytest.fixture
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "config"
    monkeypatch.setenv("LWCHARTS_CONFIG_DIR", str(folder))
    return folder


@pytest.fixture
def store(config_dir: Path) -> ConfigStore:
    return ConfigStore()


def payload(
    config: Any,
    stamp: Any = NOW,
    *,
    chart: Any = "main-chart",
    pane: Any = 0,
    series: Any = "main-line-series",
    series_type: Any = "line",
) -> dict[str, Any]:
    """The seed's JS → Python message for one changed series."""
    return series_change(
        config, stamp, chart=chart, pane=pane, series=series, series_type=series_type
    )


def config_of(state: Any, chart: str = "main-chart", series: str = "main-line-series") -> Any:
    return state[chart]["0"][series]["config"]


# --- the wire contract ---------------------------------------------------------------------


def test_seed_payload_round_trips_and_the_file_is_versioned_per_scope(
    store: ConfigStore, config_dir: Path
) -> None:
    sent = payload({"color": "#FF0000", "lineWidth": 3, "lineStyle": "dashed"}, NOW)

    merged = store.apply_payload("os:alice", sent)

    expected = {
        "main-chart": {
            "0": {
                "main-line-series": {
                    "config": {"color": "#FF0000", "lineWidth": 3, "lineStyle": 2},
                    "seriesType": "line",
                    "lastModified": NOW,
                }
            }
        }
    }
    assert merged == expected
    assert store.load("os:alice") == expected
    assert ConfigStore().load("os:alice") == expected, "a new process reads the same file"
    assert ConfigStore().all_scopes() == {"os:alice": expected}


def test_the_journal_is_folded_into_a_version_1_snapshot(
    store: ConfigStore, config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.apply_payload("os:alice", payload({"color": "#FF0000"}, NOW - 1))
    journal = config_dir / "series-configs.json.journal"
    assert len(journal.read_bytes().splitlines()) == 1, "a write appends one line"
    assert not (config_dir / "series-configs.json").exists()
    # Fold at the next write whatever the size, as a journal larger than its snapshot is.
    monkeypatch.setattr(file_store, "COMPACT_MIN_BYTES", 0)
    merged = store.apply_payload("os:bob", payload({"lineWidth": 3}, NOW))

    on_disk = json.loads((config_dir / "series-configs.json").read_text())
    assert on_disk == {"version": 1, "scopes": {"os:alice": ANY, "os:bob": merged}}
    assert config_of(on_disk["scopes"]["os:alice"]) == {"color": "#FF0000"}
    assert journal.read_bytes() == b""
    assert ConfigStore().all_scopes() == on_disk["scopes"]


def test_seed_example_keeps_its_known_options_and_drops_opacity(store: ConfigStore) -> None:
    seed = payload({"color": "#FF0000", "lineWidth": 3, "opacity": 0.8}, 1643723400000)

    with pytest.warns(SettingsWarning, match=r"main-chart.*main-line-series.*'opacity'"):
        merged = store.apply_payload("os:alice", seed)

    assert config_of(merged) == {"color": "#FF0000", "lineWidth": 3}


def test_pane_keys_from_json_and_from_python_are_the_same_pane(store: ConfigStore) -> None:
    store.apply_payload("os:alice", payload({"lineWidth": 2}, NOW - 10, pane="0"))
    merged = store.apply_payload("os:alice", payload({"lineWidth": 4}, NOW, pane=0))

    assert list(merged["main-chart"]) == ["0"]
    assert config_of(merged) == {"lineWidth": 4}


def test_store_path_honours_the_environment_override(config_dir: Path) -> None:
    assert store_path() == config_dir / "series-configs.json"
    assert ConfigStore().path == store_path()


# --- merging: newest wins, resets are tombstones --------------------------------------------


def test_newer_change_wins_whichever_arrives_first(store: ConfigStore) -> None:
    store.apply_payload("os:alice", payload({"color": "blue"}, NOW - HOUR))
    store.apply_payload("os:alice", payload({"color": "red"}, NOW))
    assert config_of(store.load("os:alice")) == {"color": "red"}

    store.apply_payload("os:alice", payload({"color": "green"}, NOW - 2 * HOUR))
    assert config_of(store.load("os:alice")) == {"color": "red"}, "a stale tab must not win"


def test_on_equal_stamps_the_held_change_stays(store: ConfigStore) -> None:
    # tests/cases/saved-state-rules.json: on a tie a reset beats a change, else the held one stays.
    store.apply_payload("os:alice", payload({"color": "blue"}, NOW))
    store.apply_payload("os:alice", payload({"color": "red"}, NOW))
    assert config_of(store.load("os:alice")) == {"color": "blue"}


def test_reset_is_kept_so_an_older_copy_cannot_revive_the_style(store: ConfigStore) -> None:
    store.apply_payload("os:alice", payload({"color": "red"}, NOW - HOUR))
    store.apply_payload("os:alice", payload({}, NOW - 10))  # the user pressed "reset"

    stale_tab = payload({"color": "red"}, NOW - HOUR)
    merged = store.apply_payload("os:alice", stale_tab)

    assert merged["main-chart"]["0"]["main-line-series"] == {
        "config": {},
        "seriesType": "line",
        "lastModified": NOW - 10,
    }


def test_a_change_made_after_a_reset_wins(store: ConfigStore) -> None:
    store.reset("os:alice", "main-chart", 0, "main-line-series", "line", NOW - HOUR)
    merged = store.apply_payload("os:alice", payload({"color": "teal"}, NOW))
    assert config_of(merged) == {"color": "teal"}


def test_reset_older_than_the_saved_change_does_not_undo_it(store: ConfigStore) -> None:
    store.apply_payload("os:alice", payload({"color": "teal"}, NOW))
    merged = store.reset("os:alice", "main-chart", 0, "main-line-series", "line", NOW - HOUR)
    assert config_of(merged) == {"color": "teal"}


def test_clear_resets_every_series_of_one_chart_or_of_the_scope(store: ConfigStore) -> None:
    store.apply_payload("os:alice", payload({"color": "red"}, NOW - HOUR, chart="a"))
    store.apply_payload("os:alice", payload({"color": "red"}, NOW - HOUR, chart="b"))

    state = store.clear("os:alice", chart_id="a")
    assert config_of(state, chart="a") == {}
    assert config_of(state, chart="b") == {"color": "red"}

    state = store.clear("os:alice")
    assert config_of(state, chart="b") == {}
    stale_tab = payload({"color": "red"}, NOW - HOUR, chart="b")
    assert config_of(store.apply_payload("os:alice", stale_tab), chart="b") == {}


def test_reset_and_clear_refuse_bad_arguments_from_python(store: ConfigStore) -> None:
    with pytest.raises(ValueError, match="paneId must be a whole number 0-20"):
        store.reset("os:alice", "main-chart", 21, "s", "line")
    with pytest.raises(ValueError, match="seriesType must be one of"):
        store.reset("os:alice", "main-chart", 0, "s", "pie")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"chart_id '\.\./x' must be"):
        store.clear("os:alice", chart_id="../x")
    with pytest.raises(ValueError, match="scope must be a non-empty string"):
        store.load("")


# --- scopes ----------------------------------------------------------------------------------


def test_one_scope_never_sees_another(store: ConfigStore) -> None:
    store.apply_payload("st:alice@example.com", payload({"color": "red"}))
    store.apply_payload("st:bob@example.com", payload({"color": "blue"}))

    assert config_of(store.load("st:alice@example.com")) == {"color": "red"}
    assert config_of(store.load("st:bob@example.com")) == {"color": "blue"}
    assert store.load("session:3f2a") == {}
    store.clear("st:bob@example.com")
    assert config_of(store.load("st:alice@example.com")) == {"color": "red"}


# --- several processes -----------------------------------------------------------------------

WORKER = textwrap.dedent(
    """
    import sys, time, warnings
    from pathlib import Path
    from lwcharts.store import ConfigStore, SettingsWarning

    warnings.simplefilter("error", SettingsWarning)  # a lock timeout must fail loudly
    folder, worker, writes = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    store = ConfigStore(folder / "series-configs.json")
    (folder / f"ready-{worker}").touch()
    while not (folder / "go").exists():
        time.sleep(0.001)
    for n in range(writes):
        entry = {"config": {"lineWidth": 1 + n % 4}, "seriesType": "line",
                 "lastModified": int(time.time() * 1000)}
        state = {f"w{worker}-c{n // 50}": {"0": {f"s{n}": entry}}}
        store.apply_payload("os:alice", {"type": "series_config_changes", "changes": [],
                                         "completeState": state, "timestamp": 0})
    """
)


@pytest.mark.parametrize(("workers", "writes"), [(4, 200), (8, 250)])
def test_processes_writing_at_once_lose_no_update(
    tmp_path: Path, workers: int, writes: int
) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(tmp_path), str(w), str(writes)], env=env
        )
        for w in range(workers)
    ]
    deadline = time.monotonic() + 30
    while len(list(tmp_path.glob("ready-*"))) < workers and time.monotonic() < deadline:
        time.sleep(0.01)
    (tmp_path / "go").touch()  # all start writing together
    assert [p.wait(timeout=300) for p in procs] == [0] * workers

    state = ConfigStore(tmp_path / "series-configs.json").load("os:alice")
    saved = {(chart, series) for chart, panes in state.items() for series in panes["0"]}
    assert len(saved) == workers * writes
    assert saved == {(f"w{w}-c{n // 50}", f"s{n}") for w in range(workers) for n in range(writes)}


# --- the file: atomic, locked, never destroyed -----------------------------------------------


def test_writes_leave_no_temp_file_and_lock_beside_the_settings(
    store: ConfigStore, config_dir: Path
) -> None:
    for stamp in range(5):
        store.apply_payload("os:alice", payload({"lineWidth": 1 + stamp % 4}, NOW + stamp))

    assert sorted(p.name for p in config_dir.iterdir()) == [
        "series-configs.json.journal",
        "series-configs.json.lock",
    ]


@pytest.mark.parametrize(
    "broken",
    [
        b'{"version": 1, "scopes": {"os:alice": {"main-',
        b"[1, 2, 3]",
        b'{"version": NaN}',
        b'{"version": true, "scopes": {}}',
        b'{"version": 1, "scopes": []}',
    ],
    ids=["truncated", "a list", "NaN", "version true", "scopes a list"],
)
def test_corrupt_file_is_moved_aside_and_the_store_starts_empty(
    store: ConfigStore, config_dir: Path, broken: bytes
) -> None:
    config_dir.mkdir()
    (config_dir / "series-configs.json").write_bytes(broken)

    with pytest.warns(SettingsWarning, match=r"series-configs\.corrupt-\d{8}T\d{6}Z\.json"):
        assert store.load("os:alice") == {}

    (aside,) = config_dir.glob("series-configs.corrupt-*.json")
    assert aside.read_bytes() == broken
    merged = store.apply_payload("os:alice", payload({"color": "red"}))
    assert config_of(merged) == {"color": "red"}
    assert config_of(ConfigStore().load("os:alice")) == {"color": "red"}
    assert aside.read_bytes() == broken, "the set-aside copy is never touched again"


def test_file_from_a_newer_lwcharts_is_set_aside_not_destroyed(
    store: ConfigStore, config_dir: Path
) -> None:
    config_dir.mkdir()
    newer = b'{"version": 2, "profiles": {}}'
    (config_dir / "series-configs.json").write_bytes(newer)

    with pytest.warns(SettingsWarning, match="newer lwcharts"):
        store.apply_payload("os:alice", payload({"color": "red"}))

    (aside,) = config_dir.glob("series-configs.v2-*.json")
    assert aside.read_bytes() == newer
    assert config_of(store.load("os:alice")) == {"color": "red"}


def test_hand_edited_entries_in_the_file_are_validated_too(
    store: ConfigStore, config_dir: Path
) -> None:
    config_dir.mkdir()
    entry = {"config": {"color": "javascript:alert(1)", "lineWidth": 2}, "seriesType": "line"}
    scopes = {"os:alice": {"main-chart": {"0": {"main-line-series": {**entry, "lastModified": 1}}}}}
    (config_dir / "series-configs.json").write_text(json.dumps({"version": 1, "scopes": scopes}))

    with pytest.warns(SettingsWarning, match="'color' must be a CSS colour"):
        assert config_of(store.load("os:alice")) == {"lineWidth": 2}


def test_unwritable_directory_warns_and_keeps_settings_for_the_session(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")  # a file where the config directory should be (works as root too)
    store = ConfigStore(blocker / "series-configs.json")

    with pytest.warns(SettingsWarning, match="kept in memory for this session"):
        merged = store.apply_payload("os:alice", payload({"color": "red"}))
    assert config_of(merged) == {"color": "red"}
    assert config_of(store.load("os:alice")) == {"color": "red"}

    with pytest.warns(SettingsWarning, match="kept in memory for this session"):
        store.reset("os:alice", "main-chart", 0, "main-line-series", "line")
    assert config_of(store.load("os:alice")) == {}


# --- hostile payloads ------------------------------------------------------------------------


def test_unknown_options_are_dropped_and_the_rest_kept(store: ConfigStore) -> None:
    with pytest.warns(
        SettingsWarning, match=r"main-chart.*'main-line-series': unknown line option 'onclick'"
    ):
        merged = store.apply_payload("os:alice", payload({"onclick": "x()", "lineWidth": 2}))
    assert config_of(merged) == {"lineWidth": 2}


@pytest.mark.parametrize("colour", ["red; background:url(x)", "javascript:alert(1)", "#" * 65])
def test_hostile_colours_are_dropped(store: ConfigStore, colour: str) -> None:
    with pytest.warns(SettingsWarning, match="'color' must be a CSS colour"):
        merged = store.apply_payload("os:alice", payload({"color": colour, "lineWidth": 2}))
    assert config_of(merged) == {"lineWidth": 2}


def test_script_in_a_title_is_kept_verbatim_as_text(store: ConfigStore) -> None:
    title = "<script>alert(1)</script>"
    merged = store.apply_payload("os:alice", payload({"title": title}))
    assert config_of(merged) == {"title": title}


@pytest.mark.parametrize("length", [201, 300_000])
def test_title_over_the_schema_limit_is_dropped(store: ConfigStore, length: int) -> None:
    with pytest.warns(SettingsWarning, match="'title' must be text of at most 200") as caught:
        merged = store.apply_payload("os:alice", payload({"title": "<" * length, "visible": True}))
    assert config_of(merged) == {"visible": True}
    assert all(len(str(w.message)) < 1000 for w in caught), "warnings quote hostile values short"


@pytest.mark.parametrize("option", ["color", "title"])
def test_megabyte_values_never_reach_the_store(store: ConfigStore, option: str) -> None:
    # The seed's payload carries a config twice (changes and completeState): over the size cap.
    with pytest.warns(SettingsWarning, match=f"at most {MAX_PAYLOAD_BYTES} expected"):
        merged = store.apply_payload("os:alice", payload({option: "<" * 1_000_000}))
    assert merged == {}
    assert store.load("os:alice") == {}


def test_payload_over_the_size_limit_changes_nothing(store: ConfigStore) -> None:
    store.apply_payload("os:alice", payload({"title": "kept"}, NOW - HOUR))
    huge = payload({"title": "new"}, NOW)
    huge["padding"] = "x" * MAX_PAYLOAD_BYTES

    with pytest.warns(SettingsWarning, match=f"at most {MAX_PAYLOAD_BYTES} expected"):
        assert config_of(store.apply_payload("os:alice", huge)) == {"title": "kept"}


def test_a_change_whose_every_option_is_bad_is_not_taken_as_a_reset(store: ConfigStore) -> None:
    store.apply_payload("os:alice", payload({"color": "red"}, NOW - HOUR))
    with pytest.warns(SettingsWarning) as caught:
        merged = store.apply_payload("os:alice", payload({"color": "javascript:x"}, NOW))
    assert config_of(merged) == {"color": "red"}
    assert any("no valid option left" in str(w.message) for w in caught)


@pytest.mark.parametrize(
    ("hostile", "why"),
    [
        (None, "expected type 'series_config_changes'"),
        ([1, 2], "expected type 'series_config_changes'"),
        ({**payload({}), "type": "eval"}, "expected type 'series_config_changes'"),
        ({**payload({}), "changes": "all", "completeState": {}}, "expected a list"),
        ({**payload({}), "changes": [], "completeState": []}, "expected an object of charts"),
        ({**payload({}), "changes": [42], "completeState": {}}, "change 0: expected an object"),
        (payload("color=red"), "config must be an object"),
        (payload({"color": "red"}, chart="../etc"), "chartId '../etc' must be"),
        (payload({"color": "red"}, series="a b"), "seriesId 'a b' must be"),
        (payload({"color": "red"}, pane=21), "paneId must be a whole number 0-20"),
        (payload({"color": "red"}, pane="x"), "paneId must be a whole number 0-20"),
        (payload({"color": "red"}, pane=True), "paneId must be a whole number 0-20"),
        (payload({"color": "red"}, series_type="pie"), "seriesType must be one of"),
        (payload({"color": "red"}, "yesterday"), "must be milliseconds since 1970"),
        (payload({"color": "red"}, math.nan), "must be milliseconds since 1970"),
        (payload({"color": "red"}, NOW + 25 * HOUR), "more than 24 h in the future"),
        (payload({"color": "red"}, 10**400), "more than 24 h in the future"),
        ({**payload({}), "bad": object()}, "not JSON"),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_malformed_payloads_are_dropped_without_raising(
    store: ConfigStore, hostile: Any, why: str
) -> None:
    with pytest.warns(SettingsWarning, match=why):
        assert store.apply_payload("os:alice", hostile) == {}


def test_clock_skew_of_a_few_hours_is_accepted(store: ConfigStore) -> None:
    merged = store.apply_payload("os:alice", payload({"color": "red"}, NOW + 3 * HOUR))
    assert config_of(merged) == {"color": "red"}


def test_size_caps_keep_the_most_recently_changed(store: ConfigStore) -> None:
    many_series = {
        "type": "series_config_changes",
        "changes": [],
        "completeState": {
            "big": {
                "0": {
                    f"s{n}": {"config": {"lineWidth": 2}, "seriesType": "line", "lastModified": n}
                    for n in range(MAX_SERIES_PER_CHART + 5)
                }
            },
            **{
                f"c{n}": {"0": {"s": {"config": {}, "seriesType": "line", "lastModified": n}}}
                for n in range(MAX_CHARTS_PER_SCOPE)
            },
        },
    }
    with pytest.warns(SettingsWarning, match="least recently changed") as caught:
        merged = store.apply_payload("os:alice", many_series)

    (warning,) = caught  # one warning per payload, not one per dropped series
    assert "more than 100 series" in str(warning.message)
    assert "more than 200 charts" in str(warning.message)
    assert len(merged) == MAX_CHARTS_PER_SCOPE
    assert "c0" not in merged, "the least recently changed chart made room"
    assert set(merged["big"]["0"]) == {f"s{n}" for n in range(5, MAX_SERIES_PER_CHART + 5)}
