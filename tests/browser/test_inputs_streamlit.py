"""An input of a Python-computed series, edited in the dialog under a real `streamlit run`: the
change reruns the script, which recomputes the series with the saved value; a new session draws
it that way from the start."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.support.browser import fresh_page
from tests.support.chart_page import snapshot
from tests.support.settings_dialog import (
    OS_USER_SCOPE,
    close_settings,
    open_settings,
    poll,
    select_tab,
    stored_config,
)
from tests.support.streamlit import SHARE_OS_USER, open_app

pytestmark = pytest.mark.browser

BARS = 500
RECOMPUTE_TIMEOUT_S = 20.0
APP = """
import numpy as np
import pandas as pd

import lwcharts
import lwcharts.streamlit as lst


def sma(data, length):
    return data["close"].rolling(length).mean()


df = pd.DataFrame(
    {"close": 100 + np.cumsum(np.random.default_rng(7).normal(0, 1, 500))},
    index=pd.date_range("2024-01-01", periods=500, freq="D"),
)
chart = lwcharts.Chart(chart_id="st-indicators")
chart.line(df["close"], name="Close", id="close")
chart.indicator("line", sma, df, inputs={"length": lwcharts.Input(20, minimum=1)}, name="SMA",
                id="sma")
lst.chart(chart, key="indicators")
"""


def bar_count(chart: Locator, series_id: str) -> int:
    (series,) = [s for s in snapshot(chart)["series"] if s["id"] == series_id]
    return series["barCount"]


def test_an_input_change_reruns_the_app_and_is_drawn_in_a_new_session(
    start_app, tmp_path: Path, page: Page, browser, artifacts
) -> None:
    app = start_app("indicators_app.py", APP, env=SHARE_OS_USER)
    chart = open_app(page, app.url)
    assert bar_count(chart, "sma") == BARS - 19

    dialog = open_settings(chart, "sma")
    select_tab(dialog, "inputs")
    length = dialog.locator("input[type=number][data-option='input:length']")
    expect(length).to_have_value("20")
    length.fill("5")
    length.press("Tab")
    close_settings(dialog)

    poll(
        lambda: bar_count(chart, "sma"),
        lambda count: count == BARS - 4,
        RECOMPUTE_TIMEOUT_S,
        "the SMA recomputed with length 5",
    )
    config_dir = tmp_path / "lwcharts-config"
    # The browser is on the server's machine: the OS user's store keeps the value.
    assert (stored_config(config_dir, "st-indicators", "0", "sma", OS_USER_SCOPE) or {}).get(
        "input:length"
    ) == 5

    with fresh_page(browser, artifacts, "test_inputs_streamlit__new_session") as fresh:
        chart = open_app(fresh, app.url)
        assert bar_count(chart, "sma") == BARS - 4
