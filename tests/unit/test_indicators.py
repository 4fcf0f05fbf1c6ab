"""Python-computed series: declared inputs, the user's saved values applied on render, and a
function that fails on a user's value never costs the chart its data."""

import math
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import lwcharts
from lwcharts import Chart, Input
from lwcharts.indicators import InputWarning, declare
from lwcharts.settings.link import SettingsLink
from lwcharts.settings.schema import check_saved_input
from lwcharts.store import ConfigStore, SettingsWarning
from lwcharts.wire.envelope import decode_column, decode_header

pytestmark = pytest.mark.filterwarnings("error::lwcharts.store.SettingsWarning")

BARS = 500


def prices() -> pd.DataFrame:
    time_axis = pd.date_range("2024-01-01", periods=BARS, freq="D")
    return pd.DataFrame({"time": time_axis, "close": np.linspace(100.0, 200.0, BARS)})


def sma(df: pd.DataFrame, length: int) -> pd.Series:
    if length == 13:
        raise ValueError("13 is unlucky")
    return df.set_index("time")["close"].rolling(length).mean()


def sma_chart() -> tuple[Chart, lwcharts.Series]:
    chart = Chart(chart_id="ind")
    chart.line(prices().set_index("time")["close"], name="Close")
    series = chart.indicator(
        "line", sma, prices(), inputs={"length": Input(20, minimum=1, maximum=BARS)}, name="SMA"
    )
    return chart, series


def drawn_bars(series: lwcharts.Series) -> int:
    return int(np.isfinite(series.columns.fields["value"]).sum())


@pytest.fixture
def link(tmp_path: Path) -> SettingsLink:
    return SettingsLink("os:tester", store=ConfigStore(tmp_path / "settings.json"))


def save(link: SettingsLink, config: dict[str, Any], stamp: float | None = None) -> None:
    change = {
        "chartId": "ind",
        "paneId": 0,
        "seriesId": "sma",
        "seriesType": "line",
        "config": config,
        "timestamp": stamp or time.time() * 1000,
    }
    link.receive({"type": "series_config_changes", "changes": [change], "completeState": {}})


def saved_config(link: SettingsLink) -> dict[str, Any]:
    config: dict[str, Any] = link.saved_for("ind")["0"]["sma"]["config"]
    return config


def encoded_inputs(chart: Chart, link: SettingsLink) -> dict[str, Any]:
    header = decode_header(chart.to_envelope(saved=link.saved_for("ind")))
    (series,) = [s for s in header["series"] if s["id"] == "sma"]
    inputs: dict[str, Any] = series["inputs"]
    return inputs


# Declaring inputs


def test_input_kinds_follow_the_defaults_types() -> None:
    specs = declare({"length": 20, "factor": 2.5, "adjusted": True, "field": "close"})
    assert {name: spec.kind for name, spec in specs.items()} == {
        "length": "int",
        "factor": "float",
        "adjusted": "bool",
        "field": "text",
    }
    assert specs["length"].label == "Length"
    assert specs["length"].minimum is None


def test_input_gives_ranges_labels_and_choices() -> None:
    specs = declare(
        {
            "length": Input(20, minimum=1, maximum=500, label="Period"),
            "source": Input("close", choices=["open", "close"]),
        }
    )
    assert (specs["length"].minimum, specs["length"].maximum, specs["length"].label) == (
        1,
        500,
        "Period",
    )
    assert specs["source"].kind == "choice"
    assert specs["source"].choices == ("open", "close")


@pytest.mark.parametrize(
    ("inputs", "message"),
    [
        ({"length": [20]}, "input 'length': default must be an int, float, bool or str"),
        ({"length": Input(0, minimum=1)}, "the default of input 'length' must be between 1"),
        ({"length": math.nan}, "the default of input 'length' must be a finite number"),
        ({"source": Input("hl2", choices=["open", "close"])}, "input 'source' must be one of"),
        ({"length": Input(5, minimum=10, maximum=1)}, "minimum 10 is above maximum 1"),
        ({"flag": Input(True, maximum=3)}, "input 'flag': minimum/maximum apply to number"),
        ({"my length": 20}, "input name 'my length' must be a Python identifier"),
        ({"note": "x" * 201}, "the default of input 'note' must be text of at most 200"),
    ],
)
def test_a_bad_declaration_is_a_value_error_naming_the_input(
    inputs: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        Chart().indicator("line", sma, prices(), inputs=inputs)


def test_an_unknown_series_type_or_a_non_function_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="series_type must be one of"):
        Chart().indicator("spline", sma, prices(), inputs={"length": 20})  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="function must be callable"):
        Chart().indicator("line", "sma", prices())  # type: ignore[arg-type]


def test_the_function_runs_with_the_defaults_and_the_header_declares_the_inputs() -> None:
    chart, series = sma_chart()
    assert drawn_bars(series) == BARS - 19
    header = decode_header(chart.to_envelope())
    assert "inputs" not in header["series"][0]
    assert header["series"][1]["inputs"] == {
        "length": {
            "kind": "int",
            "default": 20,
            "value": 20,
            "minimum": 1,
            "maximum": BARS,
            "label": "Length",
            "choices": [],
            "problem": None,
        }
    }


# Saved inputs


def test_saved_inputs_are_applied_before_the_chart_is_encoded(link: SettingsLink) -> None:
    save(link, {"input:length": 5, "color": "#ff0000"})
    chart, series = sma_chart()
    assert link.apply_inputs(chart) is True
    assert drawn_bars(series) == BARS - 4
    assert encoded_inputs(chart, link)["length"]["value"] == 5
    assert link.apply_inputs(chart) is False  # nothing left to do: the function is not re-run


def test_a_reset_recomputes_with_the_defaults(link: SettingsLink) -> None:
    save(link, {"input:length": 5})
    chart, series = sma_chart()
    link.apply_inputs(chart)
    save(link, {})
    assert link.apply_inputs(chart) is True
    assert drawn_bars(series) == BARS - 19


def test_an_out_of_range_saved_input_is_dropped_and_corrected(link: SettingsLink) -> None:
    # A second older: two changes stamped from the clock may tie (a coarse clock), keeping this.
    save(link, {"input:length": 5}, stamp=time.time() * 1000 - 1_000)
    chart, series = sma_chart()
    link.apply_inputs(chart)
    save(link, {"input:length": 900, "color": "#ff0000"})
    with pytest.warns(InputWarning, match="saved input 'length' must be between 1 and 500"):
        assert link.apply_inputs(chart) is True  # the saved settings changed
    assert drawn_bars(series) == BARS - 4
    assert saved_config(link) == {"input:length": 5, "color": "#ff0000"}
    problem = encoded_inputs(chart, link)["length"]["problem"]
    assert "between 1 and 500, got 900; kept 5" in problem


def test_a_function_raising_on_the_users_value_keeps_the_previous_data(
    link: SettingsLink,
) -> None:
    chart, series = sma_chart()
    before = series.columns
    save(link, {"input:length": 13})
    with pytest.warns(InputWarning, match=r"sma\(length=13\) raised ValueError: 13 is unlucky"):
        assert link.apply_inputs(chart) is True
    assert series.columns is before
    # The value is not kept as the user's: the default is drawn, so nothing is saved for it.
    assert saved_config(link) == {}
    inputs = encoded_inputs(chart, link)
    assert inputs["length"]["value"] == 20
    assert "13 is unlucky; kept the data of sma(length=20)" in inputs["length"]["problem"]
    # The next value the function takes clears the problem. Stamped after the correction, which
    # is at least 1 ms after the 13: from the clock it could be older or tie (the reset would win).
    corrected = link.saved_for("ind")["0"]["sma"]["lastModified"]
    save(link, {"input:length": 10}, stamp=corrected + 1)
    assert link.apply_inputs(chart) is True
    assert drawn_bars(series) == BARS - 9
    assert encoded_inputs(chart, link)["length"]["problem"] is None


def test_the_correction_wins_over_a_browser_clock_running_ahead(link: SettingsLink) -> None:
    chart, _ = sma_chart()
    ahead = time.time() * 1000 + 3_600_000
    save(link, {"input:length": 13}, stamp=ahead)
    with pytest.warns(InputWarning):
        link.apply_inputs(chart)
    entry = link.saved_for("ind")["0"]["sma"]
    assert entry["config"] == {}
    assert entry["lastModified"] > ahead


def test_saved_inputs_of_another_series_type_are_ignored(link: SettingsLink) -> None:
    change = {"config": {"input:length": 5}, "seriesType": "area", "lastModified": 1}
    link.receive(
        {"type": "series_config_changes", "completeState": {"ind": {"0": {"sma": change}}}}
    )
    chart, series = sma_chart()
    assert link.apply_inputs(chart) is False
    assert drawn_bars(series) == BARS - 19


# The store keeps input keys with primitive values only


@pytest.mark.parametrize("value", [5, 2.5, True, "close"])
def test_the_store_keeps_primitive_input_values(link: SettingsLink, value: object) -> None:
    save(link, {"input:length": value})
    assert saved_config(link) == {"input:length": value}


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("input:length", {"nested": 1}),
        ("input:length", [5]),
        ("input:length", None),
        ("input:length", "x" * 201),
        ("input:", 5),
        ("input:not an identifier", 5),
    ],
)
def test_the_store_drops_other_input_values_with_a_warning(
    link: SettingsLink, key: str, value: object
) -> None:
    with pytest.warns(SettingsWarning, match="dropped"):
        save(link, {key: value, "color": "#ff0000"})
    assert saved_config(link) == {"color": "#ff0000"}


def test_a_non_finite_number_is_not_a_saved_input() -> None:
    # The browser's JSON cannot carry one, but check_saved_input guards whatever else calls it.
    with pytest.raises(ValueError, match="must be a finite number"):
        check_saved_input("input:length", math.inf)


# Jupyter: an input change re-runs the function in the kernel and re-sends the chart


def test_the_widget_recomputes_when_the_user_changes_an_input(link: SettingsLink) -> None:
    from lwcharts.jupyter import ChartWidget

    chart, series = sma_chart()
    widget = ChartWidget(chart, settings=link)
    sent_before = widget._payload
    message = {
        "type": "series_config_changes",
        "changes": [
            {
                "chartId": "ind",
                "paneId": 0,
                "seriesId": "sma",
                "seriesType": "line",
                "config": {"input:length": 5},
                "timestamp": time.time() * 1000,
            }
        ],
        "completeState": {},
        "timestamp": time.time() * 1000,
    }
    widget._on_message(widget, message, [])
    assert drawn_bars(series) == BARS - 4
    assert widget._payload != sent_before
    header = decode_header(widget._payload)
    assert header["series"][1]["inputs"]["length"]["value"] == 5


def test_a_style_change_does_not_resend_the_chart(link: SettingsLink) -> None:
    from lwcharts.jupyter import ChartWidget

    chart, _ = sma_chart()
    widget = ChartWidget(chart, settings=link)
    sent_before = widget._payload
    change = {"chartId": "ind", "paneId": 0, "seriesId": "sma", "seriesType": "line"}
    change |= {"config": {"color": "#ff0000"}, "timestamp": time.time() * 1000}
    widget._on_message(widget, {"type": "series_config_changes", "changes": [change]}, [])
    assert widget._payload == sent_before


# Streamlit: a rerun draws the chart with the user's saved inputs

APP = """
import numpy as np
import pandas as pd
import lwcharts
import lwcharts.streamlit as lst

df = pd.DataFrame({"close": np.linspace(100.0, 200.0, 500)},
                  index=pd.date_range("2024-01-01", periods=500, freq="D"))
chart = lwcharts.Chart()
chart.indicator("line", lambda d, length: d["close"].rolling(length).mean(), df,
                inputs={"length": lwcharts.Input(20, minimum=1)}, name="SMA", id="sma")
lst.chart(chart, key="ind", user_id="tester")
"""


def test_streamlit_applies_a_saved_input_on_render(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("LWCHARTS_CONFIG_DIR", str(tmp_path))
    save(SettingsLink("app:tester"), {"input:length": 5})
    at = AppTest.from_string(APP)
    at.run(timeout=30)
    assert not at.exception
    (component,) = at.get("bidi_component")
    header = decode_header(component.proto.bytes)
    (series,) = header["series"]
    assert series["inputs"]["length"]["value"] == 5
    values = decode_column(component.proto.bytes, series["columns"]["value"])
    assert int(np.isfinite(values).sum()) == BARS - 4
