"""Live data (Series.update / append), the message that carries new rows, events and export."""

from __future__ import annotations

import asyncio
import base64
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from lwcharts import Chart
from lwcharts.events import PointEvent, RangeEvent, parse_event
from lwcharts.jupyter.screenshot import PNG_SIGNATURE, ScreenshotRequests, in_marimo
from lwcharts.wire.envelope import decode_column, decode_header
from lwcharts.wire.live import new_columns, row_frame, row_values

DAYS = pd.date_range("2024-01-01", periods=5, freq="D")


def line_chart() -> tuple[Chart, list[bytes]]:
    chart = Chart(chart_id="live")
    series = chart.line(pd.Series([1.0, 2.0, 3.0, 4.0, 5.0], index=DAYS), id="close")
    sent: list[bytes] = []
    series.sink = lambda _series_id, message: sent.append(message)
    return chart, sent


def candles() -> pd.DataFrame:
    close = np.arange(5, dtype=float) + 10
    return pd.DataFrame(
        {"open": close - 1, "high": close + 1, "low": close - 2, "close": close}, index=DAYS
    )


def rows_of(message: bytes) -> dict[str, list[float]]:
    header = decode_header(message)
    return {name: list(decode_column(message, entry)) for name, entry in header["columns"].items()}


# update: replace the last bar, append a later one, refuse an earlier one


def test_update_at_the_last_time_replaces_the_last_bar() -> None:
    chart, sent = line_chart()
    series = chart.series[0]
    series.update({"time": DAYS[-1], "value": 50.0}).flush()
    assert len(series) == 5
    assert series.columns.fields["value"][-1] == 50.0
    assert rows_of(sent[-1]) == {"time": [DAYS[-1].timestamp()], "value": [50.0]}


def test_update_at_a_later_time_appends_a_bar() -> None:
    chart, _ = line_chart()
    series = chart.series[0]
    series.update({"time": "2024-01-06", "value": 6.0})
    assert len(series) == 6
    assert series.columns.time[-1] == pd.Timestamp("2024-01-06", tz="UTC").timestamp()


def test_update_before_the_last_time_names_both_times() -> None:
    chart, sent = line_chart()
    with pytest.raises(ValueError, match=r"2024-01-02T00:00:00\+00:00.*before.*2024-01-05"):
        chart.series[0].update({"time": "2024-01-02", "value": 1.0})
    assert sent == []
    assert len(chart.series[0]) == 5


def test_update_takes_a_dict_a_row_of_a_frame_or_a_one_row_frame() -> None:
    chart = Chart()
    series = chart.candlestick(candles())
    later = candles().set_index(DAYS + pd.Timedelta(days=5))
    series.update(later.iloc[0])  # a pandas Series whose name is its time
    series.update(later.iloc[[1]])
    series.update({"TIME": later.index[2], "Open": 1, "High": 2, "Low": 0, "Close": 1.5})
    assert len(series) == 8
    assert series.columns.fields["close"][-1] == 1.5
    with pytest.raises(ValueError, match="one row, got a DataFrame of 2 rows; use append"):
        series.update(later.iloc[3:5])
    with pytest.raises(TypeError, match="dict, a pandas Series or a one-row DataFrame"):
        series.update([1, 2, 3])


def test_update_checks_rows_like_construction() -> None:
    chart, _ = line_chart()
    series = chart.series[0]
    with pytest.raises(ValueError, match="missing column 'value'"):
        series.update({"time": "2024-01-06", "close": 1.0})
    with pytest.raises(ValueError, match="must be numeric"):
        series.update({"time": "2024-01-06", "value": "high"})
    with pytest.raises(ValueError, match="no time axis"):
        series.update({"value": 1.0})
    # NaN stays a gap, as in construction data.
    series.update({"time": "2024-01-06", "value": float("nan")})
    assert np.isnan(series.columns.fields["value"][-1])


@pytest.mark.parametrize(
    "time",
    [
        pd.Timestamp("2024-01-06 12:30"),
        pd.Timestamp("2024-01-06 13:30", tz="Europe/Paris"),
        np.datetime64("2024-01-06T12:30"),
        pd.Timestamp("2024-01-06 12:30").to_pydatetime(),
        1704544200,
        1704544200.5,
    ],
)
def test_the_fast_path_for_dicts_reads_times_like_construction(time: object) -> None:
    row = {"time": time, "value": 7}
    fast = row_values(row, ("value",))
    general = new_columns(row_frame(row, "s"), ("value",), "s", None)
    assert fast is not None
    assert [fast[0]] == general.time.tolist()
    assert list(fast[1]) == general.fields["value"].tolist() == [7.0]


# append: strictly after the last time, checked like construction data


def test_append_adds_rows_after_the_last_time_and_sends_only_them() -> None:
    chart, sent = line_chart()
    series = chart.series[0]
    more = pd.Series([7.0, 6.0], index=pd.DatetimeIndex(["2024-01-07", "2024-01-06"]))
    series.append(more).flush()  # unsorted input is sorted, as in construction
    assert len(series) == 7
    assert rows_of(sent[-1])["value"] == [6.0, 7.0]
    assert decode_header(sent[-1])["length"] == 2


def test_append_refuses_rows_at_or_before_the_last_time() -> None:
    chart, _ = line_chart()
    series = chart.series[0]
    with pytest.raises(ValueError, match="equals the last time"):
        series.append(pd.Series([1.0], index=DAYS[-1:]))
    with pytest.raises(ValueError, match="before the last time"):
        series.append(pd.Series([1.0], index=DAYS[:1]))
    with pytest.raises(ValueError, match="duplicate times"):
        series.append(pd.Series([1.0, 2.0], index=pd.DatetimeIndex(["2024-02-01"] * 2)))


def test_append_to_a_value_column_chosen_by_name() -> None:
    chart = Chart()
    series = chart.line(candles(), column="close")
    later = candles().set_index(DAYS + pd.Timedelta(days=5))
    series.append(later, column="close")
    assert series.columns.fields["value"][-5:].tolist() == later["close"].tolist()


# The live message: one small envelope with the new rows only


def test_the_live_message_carries_one_row_in_the_envelope_column_encoding() -> None:
    chart = Chart()
    series = chart.candlestick(candles(), id="price")
    sent: list[bytes] = []
    series.sink = lambda _series_id, message: sent.append(message)
    series.update({"time": "2024-01-06", "open": 1, "high": 2, "low": 0.5, "close": 1.25}).flush()
    message = sent[0]
    header = decode_header(message)
    assert header["seriesId"] == "price"
    assert header["length"] == 1
    assert header["columns"]["time"]["dtype"] == "u32"
    assert rows_of(message) == {
        "time": [pd.Timestamp("2024-01-06", tz="UTC").timestamp()],
        "open": [1.0],
        "high": [2.0],
        "low": [0.5],
        "close": [1.25],
    }
    # No history in it: the same row after 1000 bars makes a message of the same size.
    index = pd.date_range("2021-04-08", periods=1000, freq="D")
    long = Chart().candlestick(candles().iloc[[0] * 1000].set_index(index), id="price")
    long.sink = lambda _series_id, message: sent.append(message)
    long.update({"time": "2024-01-06", "open": 1, "high": 2, "low": 0.5, "close": 1.25}).flush()
    assert len(sent[1]) == len(message) < 400


def test_a_displayed_chart_sends_each_flush_as_one_message_per_series() -> None:
    from lwcharts.jupyter import ChartWidget

    chart = Chart(chart_id="live")
    series = chart.line(pd.Series([1.0, 2.0], index=DAYS[:2]), id="close")
    widget = chart.widget()
    assert isinstance(widget, ChartWidget)
    payload = widget._payload
    for day in range(3, 13):
        series.update({"time": f"2024-01-{day:02d}", "value": float(day)})
        series.flush()
    assert widget.live_stats["messages"] == 10
    assert widget.live_stats["bytes"] < 10 * 200
    assert widget._payload == payload  # history is not re-sent


# Events: typed, with UTC Timestamps, only for the kinds someone listens to


def test_callbacks_get_typed_events_with_utc_timestamps() -> None:
    chart, _ = line_chart()
    got: list[object] = []
    chart.on_click(got.append)
    chart.on_range_change(got.append)
    assert chart.events.kinds() == ["click", "range"]
    chart.events.dispatch(
        {"type": "click", "time": 1704067200, "price": 2.5, "pane": 0, "seriesValues": {"c": 2}}
    )
    chart.events.dispatch({"type": "range", "from": 1704067200, "to": 1704153600})
    click, span = got
    assert isinstance(click, PointEvent)
    assert click.time == pd.Timestamp("2024-01-01", tz="UTC")
    assert (click.seconds, click.price, click.pane, click.series_values) == (
        1704067200.0,
        2.5,
        0,
        {"c": 2.0},
    )
    assert isinstance(span, RangeEvent)
    assert (span.start, span.end) == (
        pd.Timestamp("2024-01-01", tz="UTC"),
        pd.Timestamp("2024-01-02", tz="UTC"),
    )


def test_a_widget_tells_the_front_end_which_events_to_send() -> None:
    chart, _ = line_chart()
    widget = chart.widget()
    assert widget._events == []
    chart.on_crosshair_move(lambda event: None)
    assert widget._events == ["crosshair"]
    got: list[PointEvent] = []
    chart.on_click(got.append)
    event = {"type": "click", "time": None, "price": None, "pane": None, "seriesValues": {}}
    widget._on_message(widget, {"type": "event", "event": event}, [])
    assert got == [PointEvent("click", None, None, None, None, {})]


def test_bad_events_are_refused_or_dropped_and_a_failing_callback_spares_the_others(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(ValueError, match="event type must be one of"):
        parse_event({"type": "hover"})
    with pytest.raises(ValueError, match="event from must be a finite number"):
        parse_event({"type": "range", "from": "x", "to": 1})
    chart, _ = line_chart()
    got: list[object] = []

    def broken(_event: object) -> None:
        raise RuntimeError("boom")

    chart.on_click(broken)
    chart.on_click(got.append)
    assert chart.events.dispatch({"type": "click", "price": "nan?"}) is None
    chart.events.dispatch({"type": "click"})
    assert len(got) == 1
    err = capsys.readouterr().err
    assert "dropped a malformed event" in err
    assert "RuntimeError: boom" in err


# Screenshots: awaited, with clear errors


def test_a_screenshot_needs_a_displayed_chart() -> None:
    chart, _ = line_chart()
    with pytest.raises(RuntimeError, match="needs the chart displayed in a notebook"):
        chart.screenshot()
    with pytest.raises(RuntimeError, match="needs the chart displayed in a notebook"):
        chart.screenshot_async()


def test_a_blocking_screenshot_outside_a_kernel_says_what_to_use() -> None:
    chart, _ = line_chart()
    chart.widget()  # no kernel here: nothing can take a reply while a call blocks
    with pytest.raises(RuntimeError, match=r"await chart.screenshot_async\(\)"):
        chart.screenshot()


def test_in_marimo_a_screenshot_error_says_to_read_it_in_a_later_cell(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import marimo

    chart, _ = line_chart()
    chart.widget()
    assert not in_marimo()  # imported is not running: pytest is no marimo notebook
    monkeypatch.setattr(marimo, "running_in_notebook", lambda: True)
    assert in_marimo()
    later_cell = r"pending = chart.screenshot_async\(\)`.*later|run after.*pending.result\(\)"
    with pytest.raises(RuntimeError, match="cannot block in marimo") as blocked:
        chart.screenshot()
    assert "pending.result()" in str(blocked.value)
    assert "await" not in str(blocked.value)
    _, silent = ScreenshotRequests().start(timeout=0.05, views=1, marimo=True)
    with pytest.raises(TimeoutError, match=later_cell) as timed_out:
        run_awaiting(silent)
    assert "await" not in str(timed_out.value)


def test_a_screenshot_resolves_with_the_views_png() -> None:
    requests = ScreenshotRequests()
    request_id, pending = requests.start(timeout=5, views=1)
    png = PNG_SIGNATURE + b"rest"
    requests.reply({"type": "screenshot", "id": request_id}, [memoryview(png)])
    requests.reply({"type": "screenshot", "id": request_id}, [b"late view: ignored"])
    assert run_awaiting(pending) == png
    assert pending.result() == png


async def _await(pending: object) -> bytes:
    return await pending  # type: ignore[misc,no-any-return]


def run_awaiting(pending: object) -> bytes:
    """Await ``pending`` in an event loop of its own thread: the browser tests' Playwright
    keeps a loop running in the main thread, where ``asyncio.run`` refuses to start."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, _await(pending)).result()


def test_no_reply_is_a_clear_error() -> None:
    requests = ScreenshotRequests()
    _, no_view = requests.start(timeout=0.05, views=0)
    with pytest.raises(RuntimeError, match="no view of the chart is displayed"):
        run_awaiting(no_view)
    _, silent = requests.start(timeout=0.05, views=1)
    with pytest.raises(TimeoutError, match=r"await chart.screenshot_async\(\)"):
        silent.result()
    request_id, failed = requests.start(timeout=1, views=1)
    requests.reply({"id": request_id, "error": "canvas is tainted"}, [])
    with pytest.raises(RuntimeError, match="canvas is tainted"):
        failed.result()


# save_html: one file, the bundle and the envelope inline


def test_save_html_inlines_the_bundle_and_the_envelope(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LWCHARTS_CONFIG_DIR", str(tmp_path / "config"))
    chart, _ = line_chart()
    path = tmp_path / "chart.html"
    chart.save_html(path, title="<My chart>")
    page = path.read_text(encoding="utf-8")
    assert "<title>&lt;My chart&gt;</title>" in page
    data = re.search(r'<script type="application/octet-stream" id="lwcharts-envelope">(.*?)<', page)
    assert data is not None
    header = decode_header(base64.b64decode(data.group(1)))
    assert header["chartId"] == "live"
    assert header["series"][0]["length"] == 5
    assert "http://" not in page.split("<script>", 1)[0]
    assert page.count("</script>") == 2  # the bundle cannot end its script early


def test_save_html_draws_the_settings_it_is_given_without_reading_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config"
    monkeypatch.setenv("LWCHARTS_CONFIG_DIR", str(config))
    chart, _ = line_chart()
    entry = {"config": {"color": "#ff0000"}, "seriesType": "line", "lastModified": 1}
    path = tmp_path / "chart.html"
    chart.save_html(path, saved={"0": {"close": entry}}, scope_key="k")
    data = re.search(r'id="lwcharts-envelope">(.*?)<', path.read_text(encoding="utf-8"))
    assert data is not None
    header = decode_header(base64.b64decode(data.group(1)))
    assert header["scope"] == "k"
    assert header["seriesConfigBackendData"]["completeState"] == {"live": {"0": {"close": entry}}}
    assert not config.exists()


def test_rows_sent_before_any_view_came_are_sent_again_in_full_when_one_comes() -> None:
    chart, _ = line_chart()
    widget = chart.widget()
    chart.series[0].sink = chart._rows_added
    chart.series[0].update({"time": "2024-01-06", "value": 6.0}).flush()
    assert decode_header(widget._payload)["series"][0]["length"] == 5
    widget._on_message(widget, {"type": "view", "attached": True}, [])
    assert decode_header(widget._payload)["series"][0]["length"] == 6
    payload = widget._payload
    chart.series[0].update({"time": "2024-01-07", "value": 7.0}).flush()  # a view is there now
    widget._on_message(widget, {"type": "view", "attached": True}, [])
    assert widget._payload == payload


# Batching: rows wait in the series' buffers and leave as one message per series per flush


def ticks_and_bars(
    series_count: int = 1, *, capture: bool = True
) -> tuple[Chart, list[tuple[str, bytes]]]:
    """A chart of ``series_count`` 5-bar candle series; with ``capture`` their rows go to the
    returned list instead of the chart's listeners."""
    chart = Chart(chart_id="batch")
    sent: list[tuple[str, bytes]] = []
    for number in range(series_count):
        series = chart.candlestick(candles(), id=f"s{number}")
        if capture:
            series.sink = lambda series_id, message: sent.append((series_id, message))
    return chart, sent


def tick(day: int, close: float) -> dict[str, object]:
    return {
        "time": DAYS[0] + pd.Timedelta(days=day),
        "open": 1,
        "high": 9,
        "low": 0,
        "close": close,
    }


def test_a_flush_sends_one_message_per_series_with_each_bar_in_its_last_state() -> None:
    chart, sent = ticks_and_bars(2)
    for series in chart.series:
        for n in range(40):  # ten ticks on the last bar, then new bars with three ticks each
            series.update(tick(4 if n < 10 else 5 + (n - 10) // 3, float(n)))
    assert sent == []  # nothing leaves before the flush
    chart.flush()
    assert [series_id for series_id, _ in sent] == ["s0", "s1"]
    rows = rows_of(sent[0][1])
    # The replaced last bar once (its last tick) and the 10 new bars once each.
    assert len(rows["time"]) == 11
    assert rows["time"] == chart.series[0].columns.time[-11:].tolist()
    assert rows["close"][-1] == 39.0 == chart.series[0].columns.fields["close"][-1]
    assert rows["close"][0] == 9.0  # the tenth tick of the bar that was last before
    assert len(chart.series[0]) == 15
    chart.flush()
    assert len(sent) == 2  # nothing waits: a second flush sends nothing


def test_a_bar_replaced_after_it_was_sent_is_sent_again_and_nothing_is_lost() -> None:
    chart, sent = ticks_and_bars()
    series = chart.series[0]
    times: list[float] = []
    closes: list[float] = []
    for n in range(200):
        series.update(tick(5 + n // 7, float(n)))
        if n % 13 == 0:
            chart.flush()
    chart.flush()
    for _, message in sent:  # replay the messages as the browser does: same time replaces
        rows = rows_of(message)
        for time, close in zip(rows["time"], rows["close"], strict=True):
            if times and times[-1] == time:
                closes[-1] = close
            else:
                assert not times or time > times[-1]
                times.append(time)
                closes.append(close)
    assert times == series.columns.time[5:].tolist()
    assert closes == series.columns.fields["close"][5:].tolist()
    assert closes[-1] == 199.0
    assert len(times) == 200 // 7 + 1


def test_the_model_keeps_every_row_exact_while_its_buffers_grow() -> None:
    chart, _ = ticks_and_bars()
    series = chart.series[0]
    original = candles()["close"].to_numpy().copy()
    for n in range(5000):
        series.update(tick(5 + n, float(n)))
    series.append(candles().set_index(DAYS + pd.Timedelta(days=6000)))
    assert len(series) == 5010
    assert series.columns.fields["close"][:5].tolist() == original.tolist()
    assert series.columns.fields["close"][5:5005].tolist() == [float(n) for n in range(5000)]
    assert np.all(np.diff(series.columns.time) > 0)
    with pytest.raises(ValueError, match="before the last time"):
        series.update(tick(10, 1.0))
    assert len(series) == 5010  # a refused row changes nothing


def test_construction_data_is_never_written_by_live_rows() -> None:
    frame = candles()
    times = frame.index
    values = frame["close"].to_numpy()
    chart = Chart()
    series = chart.line(pd.Series(values, index=times), id="v")
    series.update({"time": times[-1], "value": -1.0})
    assert values[-1] == 14.0
    assert series.columns.fields["value"][-1] == -1.0


def test_a_widget_is_asked_to_flush_once_per_batch_and_sends_at_most_one_message_per_series() -> (
    None
):
    from lwcharts.jupyter import ChartWidget
    from lwcharts.jupyter.live import FLUSHER

    chart, _ = ticks_and_bars(3, capture=False)
    widget = ChartWidget(chart)
    asks: list[Chart] = []
    original_ask = FLUSHER.ask
    FLUSHER.ask = asks.append  # type: ignore[method-assign]
    try:
        for n in range(300):
            for series in chart.series:
                series.update(tick(5 + n // 4, float(n)))
    finally:
        FLUSHER.ask = original_ask  # type: ignore[method-assign]
    assert asks == [chart] * 3  # once per series, when its rows started waiting
    assert widget.live_stats["messages"] == 0
    chart.flush()  # what the flush thread and the cell-end hook do for the charts that asked
    assert widget.live_stats["messages"] == 3  # 300 rows per series, one message each
    assert all(len(series) == 5 + 75 for series in chart.series)


def test_the_flush_thread_sends_waiting_rows_without_a_flush_call() -> None:
    import time

    from lwcharts.jupyter import ChartWidget

    chart, _ = ticks_and_bars(capture=False)
    widget = ChartWidget(chart)
    for n in range(100):
        chart.series[0].update(tick(5 + n // 10, float(n)))
    deadline = time.monotonic() + 10
    while chart.series[0].rows.unsent and time.monotonic() < deadline:
        time.sleep(0.01)
    assert chart.series[0].rows.unsent == 0
    # Batched: a message per frame interval the loop took, far fewer than the 100 rows.
    assert 1 <= widget.live_stats["messages"] < 100
