"""A chart too large for one Streamlit message is refused with an error naming the limit."""

import math

import numpy as np
import pandas as pd
import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from lwcharts import Chart
from lwcharts.streamlit.message_size import EnvelopeTooLargeError, check_message_size


def candles(bars: int) -> Chart:
    index = pd.date_range("2020-01-01", periods=bars, freq="min", tz="UTC")
    close = 100 + np.cumsum(np.ones(bars) * 0.01)
    frame = pd.DataFrame(
        {"open": close, "high": close + 1, "low": close - 1, "close": close}, index=index
    )
    chart = Chart(chart_id="big")
    chart.candlestick(frame)
    return chart


def test_an_envelope_over_the_limit_names_its_size_the_limit_and_the_setting() -> None:
    envelope = candles(100_000).to_envelope()
    assert len(envelope) > 1_000_000  # 100k bars: 4 + 4·4 bytes each at least

    with pytest.raises(EnvelopeTooLargeError) as error:
        check_message_size(envelope, limit_mb=1)

    message = str(error.value)
    assert "server.maxMessageSize of 1 MB" in message
    assert f"{len(envelope) / 1e6:.1f} MB" in message
    assert ".streamlit/config.toml" in message
    needed_mb = math.ceil((len(envelope) + 64 * 1024) / 1e6)  # rounded up, with framing headroom
    assert f"--server.maxMessageSize {needed_mb}`" in message


def test_an_envelope_within_the_limit_passes() -> None:
    check_message_size(candles(100_000).to_envelope(), limit_mb=200)


def test_the_running_app_shows_the_error_instead_of_sending() -> None:
    config.set_option("server.maxMessageSize", 1)  # as `streamlit run --server.maxMessageSize 1`
    app = AppTest.from_string(
        """
import math

import numpy as np, pandas as pd, streamlit as st
import lwcharts.streamlit as lst
from lwcharts import Chart
index = pd.date_range("2020-01-01", periods=100_000, freq="min", tz="UTC")
close = 100 + np.arange(100_000) * 0.01
chart = Chart(chart_id="big")
frame = pd.DataFrame({"open": close, "high": close, "low": close, "close": close}, index=index)
chart.candlestick(frame)
lst.chart(chart, key="big")
"""
    )
    try:
        app.run(timeout=60)
    finally:
        config.set_option("server.maxMessageSize", 200)
    assert len(app.exception) == 1
    assert "server.maxMessageSize of 1 MB" in app.exception[0].message
