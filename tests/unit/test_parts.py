"""A large envelope travels in parts of bounded size (lwcharts/wire/parts.py, the widget's side)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from lwcharts import Chart
from lwcharts.jupyter import ChartWidget
from lwcharts.settings.schema import MAX_ENVELOPE_BYTES, MAX_PART_BYTES
from lwcharts.wire.envelope import decode_header
from lwcharts.wire.parts import (
    EnvelopeTooLargeForBrowserError,
    PartsReference,
    needs_parts,
    reference_for,
    split,
)


def test_parts_are_the_envelope_in_order_each_at_most_the_part_size() -> None:
    envelope = bytes(range(256)) * 41  # 10,496 bytes
    reference = reference_for(envelope, 1000)
    parts = split(envelope, reference)
    assert [len(p) for p in parts] == [1000] * 10 + [496]
    assert b"".join(parts) == envelope
    assert reference.to_json() == {
        "id": reference.id,
        "bytes": 10_496,
        "partBytes": 1000,
        "count": 11,
    }
    assert all(p.obj is envelope for p in parts)  # slices of the one bytes object, not copies


def test_an_envelope_of_exactly_whole_parts_has_no_empty_last_part() -> None:
    envelope = b"x" * 3000
    assert [len(p) for p in split(envelope, reference_for(envelope, 1000))] == [1000] * 3
    assert not needs_parts(envelope, 3000)
    assert needs_parts(envelope, 2999)


def test_each_envelope_gets_a_new_id() -> None:
    assert reference_for(b"x" * 10, 4).id != reference_for(b"x" * 10, 4).id


@pytest.mark.parametrize("part_bytes", [0, -1, MAX_PART_BYTES + 1])
def test_a_part_size_out_of_bounds_is_refused_naming_the_bounds(part_bytes: int) -> None:
    with pytest.raises(
        ValueError, match=f"part_bytes is {part_bytes}, expected 1 to {MAX_PART_BYTES}"
    ):
        reference_for(b"x" * 10, part_bytes)


def test_an_envelope_larger_than_a_browser_accepts_is_refused_before_sending() -> None:
    class Huge(bytes):
        def __len__(self) -> int:
            return MAX_ENVELOPE_BYTES + 1

    with pytest.raises(EnvelopeTooLargeForBrowserError, match="resample the DataFrame"):
        reference_for(Huge(), 1 << 20)


def test_parts_of_another_envelope_are_refused() -> None:
    with pytest.raises(ValueError, match="envelope of 5 bytes, its reference says 6"):
        split(b"x" * 5, PartsReference("ab", 6, 2))


# The widget: a reference in `_parts`, the parts when a browser asks for them


def widget_with(
    bars: int, part_bytes: int
) -> tuple[ChartWidget, list[tuple[dict[str, Any], list[Any]]]]:
    index = pd.date_range("2024-01-01", periods=bars, freq="min")
    frame = pd.DataFrame({"value": [float(i) + 0.1 for i in range(bars)]}, index=index)
    chart = Chart(chart_id="parts")
    chart.line(frame, id="v")
    widget = ChartWidget.__new__(ChartWidget)
    widget.part_bytes = part_bytes
    ChartWidget.__init__(widget, chart)
    sent: list[tuple[dict[str, Any], list[Any]]] = []
    widget.send = lambda content, buffers=None: sent.append((content, list(buffers or [])))  # type: ignore[method-assign]
    return widget, sent


def test_a_small_envelope_travels_whole_in_the_payload_trait() -> None:
    widget, _ = widget_with(10, 1 << 20)
    assert widget._parts == {}
    assert decode_header(widget._payload)["series"][0]["length"] == 10


def test_a_large_envelope_is_a_reference_and_its_parts_come_when_asked() -> None:
    widget, sent = widget_with(5000, 4096)
    reference = widget._parts
    assert widget._payload == b""
    assert reference["partBytes"] == 4096
    assert reference["count"] == -(-reference["bytes"] // 4096)
    assert sent == []  # nothing is pushed: a model not yet listening would miss it
    widget._on_message(widget, {"type": "parts", "id": reference["id"], "nonce": "n1"}, [])
    assert [content for content, _ in sent] == [
        {"type": "part", "id": reference["id"], "nonce": "n1", "index": i}
        for i in range(reference["count"])
    ]
    envelope = b"".join(bytes(buffers[0]) for _, buffers in sent)
    assert len(envelope) == reference["bytes"]
    assert decode_header(envelope)["series"][0]["length"] == 5000
    assert max(len(buffers[0]) for _, buffers in sent) <= 4096


@pytest.mark.parametrize(
    "request_",
    [
        {"type": "parts", "id": "0" * 32, "nonce": "n"},  # an envelope no longer current
        {"type": "parts", "nonce": "n"},
        {"type": "parts", "id": None, "nonce": "n"},
        {"type": "parts", "id": "ID", "nonce": 5},
        {"type": "parts", "id": "ID", "nonce": "n" * 65},
    ],
)
def test_requests_for_other_envelopes_or_of_a_bad_shape_get_no_parts(
    request_: dict[str, Any],
) -> None:
    widget, sent = widget_with(5000, 4096)
    if request_.get("id") == "ID":
        request_ = {**request_, "id": widget._parts["id"]}
    widget._on_message(widget, request_, [])
    assert sent == []


def test_a_refresh_that_grows_past_the_part_size_switches_to_parts_and_back() -> None:
    widget, sent = widget_with(100, 4096)
    assert widget._parts == {}
    assert widget._payload
    series = widget._chart.series[0]
    series.append(
        pd.DataFrame(
            {"value": [1.0] * 5000}, index=pd.date_range("2025-01-01", periods=5000, freq="min")
        )
    )
    widget.refresh()
    assert widget._payload == b""
    assert widget._parts["count"] > 1
    old = widget._parts["id"]
    widget.part_bytes = MAX_PART_BYTES
    widget.refresh()
    assert widget._parts == {}
    assert decode_header(widget._payload)["series"][0]["length"] == 5100
    widget._on_message(widget, {"type": "parts", "id": old, "nonce": "n"}, [])
    assert [c for c, _ in sent if c.get("type") == "part"] == []


def test_showing_the_same_chart_again_keeps_its_reference_and_resends_nothing() -> None:
    widget, _ = widget_with(5000, 4096)
    reference = widget._parts
    widget.refresh()
    assert widget._parts == reference
    widget.part_bytes = 8192
    widget.refresh()
    assert widget._parts["id"] != reference["id"]
    assert widget._parts["partBytes"] == 8192
