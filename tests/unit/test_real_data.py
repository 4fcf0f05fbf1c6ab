"""Real market data looks right: price formats from the data, volume, the display time zone,
markers on bar times and price lines checked at the call."""

import numpy as np
import pandas as pd
import pytest

from lwcharts import Chart
from lwcharts.settings.schema import check_option
from lwcharts.wire.envelope import decode_header


def prices(values: list[float], freq: str = "h") -> pd.Series:
    index = pd.date_range("2024-03-11 13:00", periods=len(values), freq=freq, tz="UTC")
    return pd.Series(values, index=index, name="price")


def ohlc(closes: list[float]) -> pd.DataFrame:
    close = np.array(closes)
    return pd.DataFrame(
        {"Open": close, "High": close, "Low": close, "Close": close},
        index=pd.date_range("2024-01-01", periods=len(closes), freq="D"),
    )


@pytest.mark.parametrize(
    ("values", "precision", "min_move"),
    [
        ([1.07219, 1.0723, 1.07], 5, 0.00001),  # EUR/USD
        ([43000.12345678, 43001.5], 8, 0.00000001),  # crypto in 8 decimals
        ([150.257, 151.0], 3, 0.001),
    ],
)
def test_precision_and_min_move_come_from_the_data(
    values: list[float], precision: int, min_move: float
) -> None:
    series = Chart().candlestick(ohlc(values))
    assert series.options["precision"] == precision
    assert series.options["minMove"] == pytest.approx(min_move, rel=0, abs=1e-15)


def test_two_decimal_or_whole_prices_keep_the_default_format() -> None:
    assert "precision" not in Chart().line(prices([101.25, 102.5, 100.0])).options
    assert "precision" not in Chart().line(prices([100.0, 101.0])).options


def test_computed_values_show_six_significant_digits() -> None:
    series = Chart().line(prices([1.07219 / 3, 1.0723 / 3]))  # no short decimal form
    assert series.options["precision"] == 6  # 0.357397 → six digits


def test_code_given_precision_wins_over_the_data() -> None:
    series = Chart().line(prices([1.07219, 1.0723]), precision=3)
    assert series.options == {"precision": 3}


def test_inferred_format_travels_to_the_browser() -> None:
    chart = Chart(ohlc([1.07219, 1.0723]))
    options = decode_header(chart.to_envelope())["series"][0]["options"]
    assert options == {"precision": 5, "minMove": 0.00001}


@pytest.mark.parametrize("name", ["Volume", "volume", "VOL", "vol"])
def test_a_histogram_named_volume_gets_the_volume_format(name: str) -> None:
    volume = prices([2175400.0, 15000000.0]).rename(name)
    assert Chart().histogram(volume).options == {"priceFormat": "volume"}
    frame = volume.to_frame()
    assert Chart().histogram(frame, column=name).options == {"priceFormat": "volume"}


def test_other_histograms_and_volume_lines_keep_the_price_format() -> None:
    assert "priceFormat" not in Chart().histogram(prices([1.0, 2.0]).rename("macd")).options
    assert "priceFormat" not in Chart().line(prices([1.0, 2.0]).rename("volume")).options


def test_price_format_option_is_in_the_schema() -> None:
    assert check_option("line", "priceFormat", "percent") == "percent"
    series = Chart().histogram(prices([1.0, 2.0]).rename("Volume"), price_format="price")
    assert series.options == {"priceFormat": "price"}
    with pytest.raises(ValueError, match=r"option 'priceFormat' must be one of 'price', 'volume'"):
        Chart().line(prices([1.0]), price_format="money")


def test_time_zone_is_sent_and_the_data_stays_utc() -> None:
    chart = Chart(prices([1.0, 2.0]), time_zone="America/New_York")
    header = decode_header(chart.to_envelope())
    assert header["timeZone"] == "America/New_York"
    assert chart.series[0].columns.time[0] == pd.Timestamp("2024-03-11 13:00Z").timestamp()


def test_time_zone_defaults_to_utc_even_for_tz_aware_data() -> None:
    local = prices([1.0, 2.0]).tz_convert("America/New_York")
    assert decode_header(Chart(local).to_envelope())["timeZone"] is None


@pytest.mark.parametrize("bad", ["America/Nowhere", "EST+5", "", "../etc/passwd", 5])
def test_a_bad_time_zone_is_named_with_the_iana_list(bad: object) -> None:
    with pytest.raises(ValueError, match=r"time_zone .* is not an IANA time zone name.*tz_data"):
        Chart(time_zone=bad)  # type: ignore[arg-type]


def test_a_marker_off_the_data_names_the_marker_and_its_time() -> None:
    series = Chart().line(prices([1.0, 2.0, 3.0]))
    with pytest.raises(
        ValueError,
        match=r"marker 1 \('exit'\): time 2030-01-01T00:00:00\+00:00 is not the time of a bar",
    ):
        series.markers([{"time": "2024-03-11 14:00Z"}, {"time": "2030-01-01", "text": "exit"}])


@pytest.mark.parametrize(
    ("snap", "expected"),
    [
        ("previous", "2024-03-11 13:00"),
        ("next", "2024-03-11 14:00"),
        ("nearest", "2024-03-11 14:00"),
    ],
)
def test_markers_snap_to_a_bar_when_asked(snap: str, expected: str) -> None:
    series = Chart().line(prices([1.0, 2.0, 3.0]))
    series.markers([{"time": "2024-03-11 13:40Z"}], snap=snap)  # type: ignore[arg-type]
    assert series._markers[0]["time"] == pd.Timestamp(expected, tz="UTC").timestamp()


def test_snap_past_the_data_still_refuses() -> None:
    series = Chart().line(prices([1.0, 2.0]))
    with pytest.raises(ValueError, match=r"has no bar at or after it"):
        series.markers([{"time": "2030-01-01"}], snap="next")
    with pytest.raises(ValueError, match=r"snap must be one of"):
        series.markers([{"time": "2030-01-01"}], snap="closest")  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -float("inf"), np.float64("nan")])
def test_price_line_refuses_nan_and_infinity_naming_the_value(bad: float) -> None:
    series = Chart().line(prices([1.0]))
    with pytest.raises(ValueError, match=r"price line price must be a finite number, got"):
        series.price_line(bad)


@pytest.mark.parametrize("price", [np.float32(500.5), np.int64(500), np.float64(500.5), 500])
def test_price_line_takes_numpy_scalars(price: float) -> None:
    chart = Chart()
    chart.line(prices([1.0])).price_line(price)
    line = decode_header(chart.to_envelope())["series"][0]["priceLines"][0]
    assert line["price"] == float(price)
