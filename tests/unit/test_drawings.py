"""Drawings in Python: the store keeps them as items ``drawing:<id>`` with the same rules as
series settings (newest wins, tombstones kept, validated, capped), the seed's completeState
stays free of them, and the chart API reads, adds, clears, exports and imports them with
errors that name the bad value."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from lwcharts import Chart
from lwcharts._report import SettingsWarning
from lwcharts.settings.drawings import RULES
from lwcharts.settings.file_store import SettingsStore
from lwcharts.settings.link import SettingsLink
from lwcharts.settings.rules import now_ms
from lwcharts.settings.schema import PAYLOAD_TYPE
from lwcharts.settings.session_store import SessionStore
from lwcharts.settings.sql_store import SqlStore
from lwcharts.wire.envelope import decode_header

pytestmark = pytest.mark.drawings

T0 = 1_736_000_000  # 2025-01-04 UTC, seconds


def record(drawing_id: str, stamp: int, **extra: Any) -> dict[str, Any]:
    return {
        "id": drawing_id,
        "kind": "trend_line",
        "points": [{"time": T0, "price": 10.0}, {"time": T0 + 86400, "price": 11.0}],
        "pane": 0,
        "seriesId": "price",
        "lastModified": stamp,
        **extra,
    }


def payload(chart_id: str, records: list[Any], **extra: Any) -> dict[str, Any]:
    return {"type": PAYLOAD_TYPE, "changes": [], "drawings": {chart_id: records}, **extra}


@pytest.fixture(params=["file", "session", "sqlite", "postgresql"])
def link(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SettingsLink]:
    """A user's link over each store engine: the same drawing rules hold in every one."""
    if request.param == "file":
        yield SettingsLink("os:alice", store=SettingsStore(tmp_path / "store.json"))
    elif request.param == "session":
        yield SettingsLink("session:1", store=SessionStore({}))
    else:
        if request.param == "sqlite":
            url = f"sqlite:///{tmp_path / 'settings.db'}"
        else:
            url = request.getfixturevalue("postgres_server").fresh_database()
        sql = SqlStore(url)
        yield SettingsLink("os:alice", store=sql)
        sql.engine.dispose()


def test_drawings_are_stored_as_items_beside_series_settings(link: SettingsLink) -> None:
    now = now_ms()
    series_entry = {"config": {"color": "#ff0000"}, "seriesType": "line", "lastModified": now}
    link.receive(
        payload("btc", [record("d1", now)], completeState={"btc": {"0": {"sma": series_entry}}})
    )
    assert [r["id"] for r in link.drawings_for("btc")] == ["d1"]
    # The seed's completeState (what the envelope's completeState carries) holds series only.
    assert link.saved_for("btc") == {"0": {"sma": series_entry}}
    assert link.drawings_for("eth") == []


def test_newest_change_wins_and_a_tombstone_keeps_a_deleted_drawing_deleted(
    link: SettingsLink,
) -> None:
    now = now_ms()
    link.receive(payload("btc", [record("d1", now - 100, style={"color": "red"})]))
    # An older copy from another tab cannot overwrite the newer one.
    link.receive(payload("btc", [record("d1", now - 200, style={"color": "blue"})]))
    assert link.drawings_for("btc")[0]["style"]["color"] == "red"
    link.receive(payload("btc", [{"id": "d1", "lastModified": now - 50, "deleted": True}]))
    # The old live copy arrives again: the tombstone is newer and stays.
    link.receive(payload("btc", [record("d1", now - 100)]))
    assert link.drawings_for("btc") == [{"id": "d1", "lastModified": now - 50, "deleted": True}]
    # On a tie a tombstone beats a change.
    link.receive(payload("btc", [record("d2", now)]))
    link.receive(payload("btc", [{"id": "d2", "lastModified": now, "deleted": True}]))
    assert {r["id"]: r.get("deleted") for r in link.drawings_for("btc")}["d2"] is True


def test_hostile_drawings_from_the_browser_are_dropped_with_a_warning(link: SettingsLink) -> None:
    now = now_ms()
    hostile = [
        record("ok", now),
        record("<img src=x>", now),
        record("future", now + 2 * 86_400_000),
        {**record("strprice", now), "points": [{"time": T0, "price": "1"}] * 2},
        "not an object",
    ]
    with pytest.warns(SettingsWarning, match="drawing"):
        link.receive(payload("btc", hostile))
    assert [r["id"] for r in link.drawings_for("btc")] == ["ok"]
    with pytest.warns(SettingsWarning, match="chartId"):
        link.receive(payload("../etc", [record("x", now)]))
    with pytest.warns(SettingsWarning, match="drawings"):
        link.receive({"type": PAYLOAD_TYPE, "changes": [], "drawings": ["x"]})


def test_a_stored_drawing_whose_item_and_id_differ_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    stored = {"drawing:a": record("b", now_ms() - 1), "drawing:c": record("c", now_ms() - 1)}
    path.write_text(json.dumps({"version": 1, "scopes": {"os:alice": {"btc": {"0": stored}}}}))
    with pytest.warns(SettingsWarning):
        held = SettingsLink("os:alice", store=SettingsStore(path)).drawings_for("btc")
    assert [r["id"] for r in held] == ["c"]


def test_drawings_are_capped_per_chart_keeping_the_newest(link: SettingsLink) -> None:
    now = now_ms()
    cap = RULES["maxDrawings"]
    first = [record(f"a{i}", now - 10_000 + i) for i in range(cap)]
    link.receive(payload("btc", first))

    def add_newest_and_read() -> set[str]:
        link.receive(payload("btc", [record("newest", now)]))
        return {r["id"] for r in link.drawings_for("btc")}

    # The file and session stores cap as they write; a database caps what it hands back.
    with pytest.warns(SettingsWarning, match="more than 1000 drawings"):
        held = add_newest_and_read()
    assert len(held) == cap
    assert "newest" in held
    assert "a0" not in held  # the least recently changed went


def test_clearing_series_settings_leaves_drawings(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "store.json")
    link = SettingsLink("os:alice", store=store)
    link.receive(payload("btc", [record("d1", now_ms())]))
    store.clear("os:alice")
    assert [r["id"] for r in link.drawings_for("btc")] == ["d1"]


def test_one_users_drawings_never_reach_another(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "store.json")
    alice, bob = SettingsLink("st:alice", store=store), SettingsLink("st:bob", store=store)
    alice.receive(payload("btc", [record("d1", now_ms())]))
    assert bob.drawings_for("btc") == []
    assert alice.key != bob.key  # and their browser copies live under different keys


# --------------------------------------------------------------------------- the chart API


def chart_with(link: SettingsLink) -> Chart:
    index = pd.date_range("2025-01-01", periods=30, freq="D")
    df = pd.DataFrame(
        {"open": 1.0, "high": 2.0, "low": 0.5, "close": 1.5, "volume": 10.0}, index=index
    )
    chart = Chart(chart_id="btc")
    chart.candlestick(df, id="price")
    chart.line(df["close"].rename("sma"), id="sma", pane=1)
    chart.drawings_link = link
    return chart


def test_code_made_drawings_have_stable_ids_and_travel_in_the_envelope(link: SettingsLink) -> None:
    chart = chart_with(link)
    line = chart.trend_line(("2025-01-02", 1.0), (pd.Timestamp("2025-01-10", tz="UTC"), 2.0))
    again = chart_with(link).trend_line(("2025-01-02", 1.0), ("2025-01-10", 2.0))
    assert line.id == again.id
    assert line.id.startswith("code-")
    assert line.points[0] == (pd.Timestamp("2025-01-02", tz="UTC"), 1.0)
    assert not line.user_made
    note = chart.text(("2025-01-05", 1.2), "<b>not html</b>", color="#00ff00", series="sma")
    assert (note.pane, note.series_id, note.text) == (1, "sma", "<b>not html</b>")
    header = decode_header(chart.to_envelope(drawings=chart.drawing_records()))
    sent = header["seriesConfigBackendData"]["drawings"]["btc"]
    assert [r["id"] for r in sent] == [line.id, note.id]
    assert header["drawingTools"] is True
    hidden = Chart(drawing_tools=False)
    hidden.line(pd.Series([1.0, 2.0], index=pd.date_range("2025-01-01", periods=2)))
    assert decode_header(hidden.to_envelope())["drawingTools"] is False


def test_the_users_change_and_delete_win_over_the_code_drawing(link: SettingsLink) -> None:
    chart = chart_with(link)
    line = chart.horizontal_line(1.5, color="#ff0000")
    moved = {**line.to_record(), "lastModified": now_ms(), "style": {"color": "#0000ff"}}
    link.receive(payload("btc", [moved]))
    assert [d.style["color"] for d in chart.drawings()] == ["#0000ff"]
    assert chart.drawings()[0].user_made
    link.receive(payload("btc", [{"id": line.id, "lastModified": now_ms() + 1, "deleted": True}]))
    # Re-created by the next render, the code's drawing stays deleted.
    chart = chart_with(link)
    chart.horizontal_line(1.5, color="#ff0000")
    assert chart.drawings() == []


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda c: c.add_drawing("circle", [("2025-01-02", 1.0)]), "'circle' is not one of"),
        (lambda c: c.add_drawing("trend_line", [("2025-01-02", 1.0)]), "exactly 2"),
        (lambda c: c.trend_line(("2025-01-02", "1"), ("2025-01-03", 2.0)), "price must be"),
        (lambda c: c.trend_line(("soon", 1.0), ("2025-01-03", 2.0)), "'soon' is not a time"),
        (lambda c: c.trend_line(("2025-01-02", 1e16), ("2025-01-03", 2.0)), "finite numbers"),
        (lambda c: c.horizontal_line(1.0, colour="red"), "unknown drawing style 'colour'"),
        (lambda c: c.horizontal_line(1.0, width=11), r"width=11 is not valid \(a whole"),
        (lambda c: c.horizontal_line(1.0, color="url(x)"), "a CSS colour"),
        (lambda c: c.text(("2025-01-02", 1.0), "x" * 201), "at most 200"),
        (lambda c: c.rectangle(("2025-01-02", 1.0), ("2025-01-03", 2.0), levels=[0.5]), "levels"),
        (lambda c: c.add_drawing("ray", [(1, 2), (3, 4)], series="nope"), "no series 'nope'"),
    ],
)
def test_bad_drawing_input_is_refused_naming_the_value(
    link: SettingsLink, call: Any, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        call(chart_with(link))


def test_fib_levels_are_checked_and_kept(link: SettingsLink) -> None:
    chart = chart_with(link)
    fib = chart.fib_retracement(("2025-01-02", 1.0), ("2025-01-09", 2.0), levels=[0, 0.5, 1])
    assert fib.levels == (0, 0.5, 1)
    with pytest.raises(ValueError, match="level"):
        chart.fib_retracement(("2025-01-02", 1.0), ("2025-01-09", 2.0), levels=[0, 500])


def test_export_then_import_round_trips_and_bad_json_names_the_record(
    link: SettingsLink, tmp_path: Path
) -> None:
    chart = chart_with(link)
    chart.rectangle(("2025-01-02", 1.0), ("2025-01-09", 2.0), fillOpacity=40)
    exported = chart.export_drawings()
    other = chart_with(SettingsLink("os:bob", store=SettingsStore(tmp_path / "bob.json")))
    imported = other.import_drawings(exported)
    unstamped = [{**d.to_record(), "lastModified": 0} for d in imported]
    assert unstamped == json.loads(exported)["drawings"]
    assert all(d.user_made for d in imported)
    assert [d.kind for d in other.drawings()] == ["rectangle"]
    bad = json.dumps({"drawings": [record("fine", 1), record("bad id!", 1)]})
    with pytest.raises(ValueError, match="id must be"):
        other.import_drawings(bad)
    with pytest.raises(ValueError, match="does not parse"):
        other.import_drawings("{")


def test_clear_drawings_tombstones_the_users_and_forgets_the_codes(link: SettingsLink) -> None:
    chart = chart_with(link)
    chart.horizontal_line(1.5)
    link.receive(payload("btc", [record("mine", now_ms() - 10)]))
    assert len(chart.drawings()) == 2
    chart.clear_drawings()
    assert chart.drawings() == []
    assert [r.get("deleted") for r in link.drawings_for("btc")] == [True]


def test_on_drawings_change_gets_the_drawings_after_a_change(link: SettingsLink) -> None:
    chart = chart_with(link)
    seen: list[list[str]] = []
    chart.on_drawings_change(lambda drawings: seen.append([d.id for d in drawings]))
    link.receive(payload("btc", [record("d1", now_ms())]))
    chart.drawings_changed()
    assert seen == [["d1"]]


def test_an_untouched_code_drawing_goes_once_the_code_stops_making_it(link: SettingsLink) -> None:
    chart = chart_with(link)
    old = chart.horizontal_line(1.5)
    # The browser sends the code's drawing back unchanged (lastModified 0) with a user's own.
    link.receive(payload("btc", [old.to_record(), record("mine", now_ms())]))
    chart = chart_with(link)
    new = chart.horizontal_line(1.7)  # the code now draws another line
    assert {d.id for d in chart.drawings()} == {new.id, "mine"}
    sent = decode_header(chart.to_envelope(drawings=chart.drawing_records()))
    assert old.id not in {r["id"] for r in sent["seriesConfigBackendData"]["drawings"]["btc"]}
