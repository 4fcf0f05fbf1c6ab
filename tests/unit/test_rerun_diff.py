"""Streamlit reruns: data the browser reported holding is not sent again; new rows go as a delta."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from lwcharts import Chart
from lwcharts.streamlit import held as streamlit_held
from lwcharts.wire.envelope import decode_column, decode_header, with_header
from lwcharts.wire.held import Held, data_hash, remember_sent, sent_data, trusted_held


def line_chart(n: int, *, start: float = 0.0) -> Chart:
    index = pd.date_range("2024-01-01", periods=n, freq="D")
    chart = Chart(chart_id="c")
    chart.line(pd.Series(np.arange(n) + start, index=index), name="Line")
    return chart


def series_header(envelope: bytes) -> dict[str, Any]:
    header: dict[str, Any] = decode_header(envelope)["series"][0]
    return header


def test_every_series_carries_a_content_hash() -> None:
    assert series_header(line_chart(5).to_envelope())["dataHash"] == data_hash(
        line_chart(5).series[0].columns
    )
    assert data_hash(line_chart(5).series[0].columns) != data_hash(
        line_chart(5, start=1).series[0].columns
    )


def test_hash_of_a_prefix_equals_hash_of_the_shorter_data() -> None:
    long = line_chart(8).series[0].columns
    short = line_chart(5).series[0].columns
    assert data_hash(long, 5) == data_hash(short)


def test_data_the_browser_holds_goes_as_its_hash_only() -> None:
    chart = line_chart(500)
    full = chart.to_envelope()
    again = chart.to_envelope(held=sent_data(decode_header(full)))
    series = series_header(again)
    assert "columns" not in series
    assert series["length"] == 500
    assert series["dataHash"] == series_header(full)["dataHash"]
    assert len(again) < 1024 < len(full)


def test_appended_rows_go_as_a_delta_after_the_held_rows() -> None:
    held = sent_data(decode_header(line_chart(100).to_envelope()))
    envelope = line_chart(103).to_envelope(held=held)
    series = series_header(envelope)
    assert series["appendFrom"] == 100
    assert series["baseHash"] == held["line"].hash
    assert series["length"] == 103
    np.testing.assert_array_equal(
        decode_column(envelope, series["columns"]["value"]), [100.0, 101.0, 102.0]
    )
    assert series["columns"]["time"]["length"] == 3


def test_changed_history_is_sent_in_full() -> None:
    held = sent_data(decode_header(line_chart(100).to_envelope()))
    for chart in (line_chart(103, start=1), line_chart(90)):
        series = series_header(chart.to_envelope(held=held))
        assert "appendFrom" not in series
        assert series["columns"]["value"]["length"] == len(chart.series[0])


def test_only_hashes_the_browser_reported_and_we_sent_are_trusted() -> None:
    log = remember_sent({}, {"series": [{"id": "a", "dataHash": "h1", "length": 2}]})
    assert trusted_held(log, {"a": "h1"}) == {"a": Held("h1", 2)}
    assert trusted_held(log, {"a": "h-unknown"}) == {}
    assert trusted_held(log, {"b": "h1"}) == {}
    assert trusted_held(log, None) == {}
    assert trusted_held(log, ["a"]) == {}


def test_the_sent_log_keeps_a_few_recent_hashes_per_series() -> None:
    log: dict[str, dict[str, int]] = {}
    for n in range(10):
        log = remember_sent(log, {"series": [{"id": "a", "dataHash": f"h{n}", "length": n}]})
    assert list(log["a"]) == ["h6", "h7", "h8", "h9"]


APP = """
import numpy as np, pandas as pd, streamlit as st
import lwcharts, lwcharts.streamlit as lst
n = 400 + st.session_state.get("extra", 0)
index = pd.date_range("2024-01-01", periods=n, freq="D")
chart = lwcharts.Chart(chart_id="rerun")
chart.candlestick(pd.DataFrame({"open": np.arange(n) + 1.0, "high": np.arange(n) + 2.0,
    "low": np.arange(n) + 0.0, "close": np.arange(n) + 1.5}, index=index), name="Price")
chart.histogram(pd.Series(np.arange(n) % 7 * 1.0, index=index), pane=1, name="Volume")
lst.chart(chart, key=KEY)
"""


@pytest.fixture
def browser_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Stands in for the component state the browser sets: ``{"series": {...}}`` or empty."""
    monkeypatch.setenv("LWCHARTS_CONFIG_DIR", str(tmp_path))
    report: dict[str, Any] = {}
    monkeypatch.setattr(streamlit_held, "reported_by_browser", lambda key: report.get("series"))
    return report


def drawn(at: AppTest) -> bytes:
    (component,) = at.get("bidi_component")
    data: bytes = component.proto.bytes
    return data


def test_a_rerun_with_unchanged_data_sends_no_series_data(browser_report: dict[str, Any]) -> None:
    at = AppTest.from_string(APP.replace("KEY", repr("chart")))
    at.run(timeout=30)
    first = drawn(at)
    assert all("columns" in s for s in decode_header(first)["series"])

    browser_report["series"] = {s["id"]: s["dataHash"] for s in decode_header(first)["series"]}
    at.run(timeout=30)
    again = drawn(at)

    assert all("columns" not in s for s in decode_header(again)["series"])
    assert len(again) <= 2048, len(again)

    at.session_state["extra"] = 2
    at.run(timeout=30)
    grown = decode_header(drawn(at))["series"]
    assert [s["appendFrom"] for s in grown] == [400, 400]
    assert [s["columns"]["time"]["length"] for s in grown] == [2, 2]


def test_a_browser_that_reports_nothing_gets_full_data(browser_report: dict[str, Any]) -> None:
    at = AppTest.from_string(APP.replace("KEY", repr("chart")))
    at.run(timeout=30)
    browser_report["series"] = {}
    at.run(timeout=30)
    assert all("columns" in s for s in decode_header(drawn(at))["series"])


def test_without_a_key_data_is_always_sent(browser_report: dict[str, Any]) -> None:
    at = AppTest.from_string(APP.replace("KEY", "None"))
    at.run(timeout=30)
    header = decode_header(drawn(at))
    browser_report["series"] = {s["id"]: s["dataHash"] for s in header["series"]}
    at.run(timeout=30)
    assert all("columns" in s for s in decode_header(drawn(at))["series"])


def test_a_host_can_add_header_keys_without_moving_the_columns() -> None:
    envelope = line_chart(50).to_envelope()
    extended = with_header(envelope, {"events": ["click", "range"]})
    header = decode_header(extended)
    assert header["events"] == ["click", "range"]
    entry = header["series"][0]["columns"]["value"]
    np.testing.assert_array_equal(decode_column(extended, entry), np.arange(50.0))
