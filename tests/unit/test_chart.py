"""The chart model: series, ids, panes, markers, price lines, options, and bad input."""

import pandas as pd
import pytest

from lwcharts import Chart
from lwcharts.demo import demo_chart, ohlcv
from lwcharts.wire.envelope import decode_header


def header(chart: Chart) -> dict:
    return decode_header(chart.to_envelope())


def test_chart_of_ohlc_frame_is_candlestick_and_of_series_is_line() -> None:
    df = ohlcv(20)
    assert [s.type for s in Chart(df).series] == ["candlestick"]
    assert [s.type for s in Chart(df["close"]).series] == ["line"]


def test_every_series_type_encodes() -> None:
    df = ohlcv(20)
    chart = Chart()
    chart.candlestick(df)
    chart.bar(df)
    chart.line(df, column="close")
    chart.area(df["close"])
    chart.baseline(df["close"], base_value=100.0)
    chart.histogram(df["volume"], pane=1)
    types = [s["type"] for s in header(chart)["series"]]
    assert types == ["candlestick", "bar", "line", "area", "baseline", "histogram"]
    assert header(chart)["series"][4]["options"]["baseValue"] == 100.0


def test_series_ids_are_given_or_derived_from_names_and_unique() -> None:
    s = ohlcv(5)["close"]
    chart = Chart()
    assert chart.line(s, name="SMA 20").id == "sma-20"
    assert chart.line(s, name="SMA 20").id == "sma-20-2"
    assert chart.line(s, id="mine").id == "mine"
    with pytest.raises(ValueError, match=r"series id 'mine' is already used"):
        chart.line(s, id="mine")
    # The store keys saved drawings "drawing:<id>": a series so named would be read as one.
    with pytest.raises(ValueError, match=r"series id 'drawing:x' must not start with 'drawing:'"):
        chart.line(s, id="drawing:x")
    assert chart.line(s, id="drawings:x").id == "drawings:x"


def test_chart_id_is_given_or_stable_for_the_same_series() -> None:
    s = ohlcv(5)["close"]
    assert Chart(chart_id="btc").chart_id == "btc"
    first, second = Chart(), Chart()
    first.line(s, name="a")
    second.line(s, name="a")
    assert first.chart_id == second.chart_id
    second.line(s, name="b")
    assert first.chart_id != second.chart_id


def test_bad_ids_are_refused() -> None:
    with pytest.raises(ValueError, match=r"chart_id '<x>' must be 1-100 characters"):
        Chart(chart_id="<x>")


def test_panes_and_stretch_factors() -> None:
    chart = demo_chart(50)
    h = header(chart)
    assert h["panes"] == [{"stretchFactor": 3.0}, {"stretchFactor": 1.0}]
    assert [s["pane"] for s in h["series"]] == [0, 0, 1]


def test_snake_case_options_are_validated_and_translated() -> None:
    chart = Chart()
    chart.line(ohlcv(5)["close"], color="#ff0000", line_width=2, line_style="dashed", precision=4)
    options = header(chart)["series"][0]["options"]
    assert options["color"] == "#ff0000"
    assert options["lineWidth"] == 2
    assert options["lineStyle"] == 2
    assert options["precision"] == 4


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"colour": "red"}, r"unknown line option 'colour'; allowed: .*color"),
        ({"color": "not-a-colour"}, r"option 'color' must be a CSS colour"),
        ({"line_width": 9}, r"option 'lineWidth' must be between 1 and 4, got 9"),
        ({"line_style": "wavy"}, r"option 'lineStyle' must be one of 'solid'"),
        ({"visible": "yes"}, r"option 'visible' must be True or False"),
    ],
)
def test_bad_options_name_the_option_and_what_is_allowed(options: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Chart().line(ohlcv(5)["close"], **options)


def test_markers_are_validated_sorted_and_times_converted() -> None:
    df = ohlcv(10)
    chart = Chart()
    price = chart.candlestick(df)
    price.markers(
        [
            {"time": df.index[5], "position": "below_bar", "shape": "arrow_up", "text": "Buy"},
            {"time": "2024-01-02", "text": "<b>x</b>"},
        ]
    )
    markers = header(chart)["series"][0]["markers"]
    assert [m["time"] for m in markers] == [1704153600.0, df.index[5].timestamp()]
    assert markers[1]["position"] == "belowBar"
    assert markers[1]["shape"] == "arrowUp"
    assert markers[0]["text"] == "<b>x</b>"  # kept as text; the front end never renders HTML
    with pytest.raises(ValueError, match=r"marker 0: shape must be one of"):
        price.markers([{"time": df.index[0], "shape": "star"}])
    with pytest.raises(ValueError, match=r"marker 0: needs a 'time'"):
        price.markers([{"text": "no time"}])


def test_price_lines() -> None:
    chart = Chart()
    chart.line(ohlcv(5)["close"]).price_line(101.5, title="Entry", line_style="solid")
    (line,) = header(chart)["series"][0]["priceLines"]
    assert line == {
        "price": 101.5,
        "title": "Entry",
        "color": "#2196f3",
        "lineWidth": 1,
        "lineStyle": 0,
        "axisLabelVisible": True,
    }
    with pytest.raises(ValueError, match=r"price line price must be a number"):
        chart.series[0].price_line("high")  # type: ignore[arg-type]


def test_price_scales_and_conflicting_modes() -> None:
    df = ohlcv(5)
    chart = Chart()
    chart.line(df["close"], price_scale="left", scale_mode="log")
    chart.histogram(df["volume"], price_scale="vol")
    scales = [s["priceScale"] for s in header(chart)["series"]]
    assert scales == [{"id": "left", "mode": "log"}, {"id": "vol", "mode": "normal"}]
    with pytest.raises(ValueError, match=r"price scale 'left' on pane 0 is already 'log'"):
        chart.line(df["open"], price_scale="left", scale_mode="percent")


def test_chart_level_settings_and_their_errors() -> None:
    chart = Chart(ohlcv(5), theme="dark", watermark="BTC", legend=False, height=300)
    h = header(chart)
    assert (h["theme"], h["watermark"], h["legend"], h["height"]) == (
        "dark",
        {"text": "BTC"},
        False,
        300,
    )
    with pytest.raises(ValueError, match=r"theme must be one of"):
        Chart(theme="blue")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"height must be a whole number of pixels"):
        Chart(height=10)
    with pytest.raises(ValueError, match=r"the chart has no series"):
        Chart().to_envelope()


def test_pane_must_be_a_small_whole_number() -> None:
    with pytest.raises(ValueError, match=r"pane must be a whole number 0-20"):
        Chart().line(pd.Series([1.0], index=pd.date_range("2024", periods=1)), pane=-1)
