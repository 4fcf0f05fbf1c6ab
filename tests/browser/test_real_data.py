"""Real market data in JupyterLab looks right: New York times on the crosshair across the DST
change, daily bars on their own dates, volume in K/M and FX quotes in 5 decimals.

notebooks/real-data.ipynb draws the generated CSVs of notebooks/data/: chart "real-data-fx"
(hourly EUR/USD, 5 decimals), "real-data-daily" (daily stock + Volume histogram, shown in
America/New_York), "real-data-new-york" (hourly session bars in America/New_York). The pointer
moves the crosshair; the test hook only says which bar it is on. The legend uses each series'
price formatter, the one lightweight-charts labels its price axis with.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import Locator, Page

from tests.support.chart_page import CHART_READY_TIMEOUT_MS, snapshot
from tests.support.jupyterlab import error_outputs, open_notebook, run_all_cells
from tests.support.settings_dialog import open_settings, poll, select_tab, wait_for_stored

pytestmark = pytest.mark.browser

NOTEBOOK = "real-data.ipynb"
DATA = Path(__file__).resolve().parents[2] / "notebooks" / "data"


def read(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / name, comment="#")


def chart_by_id(page: Page, chart_id: str) -> Locator:
    chart = page.locator(
        f'.jp-NotebookPanel:visible .lwcharts[data-chart-id="{chart_id}"][data-ready="true"]'
    )
    chart.scroll_into_view_if_needed(timeout=CHART_READY_TIMEOUT_MS)
    return chart


def hover_bar(page: Page, chart: Locator, seconds: float) -> dict:
    """Move the pointer across the chart until the crosshair is on the bar at ``seconds``;
    the chart's snapshot there."""
    box = chart.locator(".lwc-chart").bounding_box()
    assert box is not None
    y = box["y"] + box["height"] * 0.4
    seen = []
    for dx in range(5, int(box["width"]), 2):
        page.mouse.move(box["x"] + dx, y)
        snap = snapshot(chart)
        seen.append(snap["crosshairTime"])
        if snap["crosshairTime"] == seconds:
            return snap
    raise AssertionError(f"no bar at {seconds} under the pointer; crossed {sorted(set(seen))}")


@pytest.fixture
def notebook(jupyterlab, page: Page) -> Page:
    open_notebook(page, jupyterlab.url, NOTEBOOK)
    assert run_all_cells(page)
    assert error_outputs(page) == []
    return page


def test_real_data_charts_show_local_times_dates_volume_and_fx_decimals(
    jupyterlab, notebook: Page, artifacts: Path
) -> None:
    page = notebook
    # New York session hours: 09:30 local on both sides of the 10 March 2024 DST change.
    hourly = read("equity_hourly_new_york.csv")
    new_york = chart_by_id(page, "real-data-new-york")
    for local, label in [
        ("2024-03-08T09:30:00-05:00", "08 Mar '24 09:30"),
        ("2024-03-11T09:30:00-04:00", "11 Mar '24 09:30"),
        ("2024-03-15T15:30:00-04:00", "15 Mar '24 15:30"),
    ]:
        snap = hover_bar(page, new_york, pd.Timestamp(local).timestamp())
        assert snap["crosshairLabel"] == label
        row = hourly[hourly["Datetime"] == local].iloc[0]
        o, h, low, c = (f"{row[k]:.2f}" for k in ("Open", "High", "Low", "Close"))
        assert snap["legend"][0] == f"candlestick O {o} H {h} L {low} C {c}"
        if local.startswith("2024-03-11"):
            new_york.screenshot(path=artifacts / "real-data-new-york-crosshair.png")

    # Daily bars shown in New York time keep their own dates, not the evening before.
    daily = read("equity_daily.csv")
    stock = chart_by_id(page, "real-data-daily")
    snap = hover_bar(page, stock, pd.Timestamp("2024-03-15", tz="UTC").timestamp())
    assert snap["crosshairLabel"] == "15 Mar '24"
    # The volume pane's value in the K/M/B volume format.
    march_15 = daily[daily["Date"] == "2024-03-15"].iloc[0]
    assert snap["legend"][1] == f"Volume {march_15['Volume'] / 1e6:.2f}".rstrip("0") + "M"
    page.mouse.move(0, 0)
    last = daily.iloc[-1]
    assert re.fullmatch(r"Volume \d+(\.\d{1,2})?M", snapshot(stock)["legend"][1])
    assert snapshot(stock)["legend"][1] == f"Volume {last['Volume'] / 1e6:.2f}".rstrip("0") + "M"

    # EUR/USD quotes in all 5 decimals, with no precision given in the notebook.
    fx = chart_by_id(page, "real-data-fx")
    last_fx = read("eurusd_hourly.csv").iloc[-1]
    o, h, low, c = (f"{last_fx[k]:.5f}" for k in ("Open", "High", "Low", "Close"))
    assert snapshot(fx)["legend"] == [f"candlestick O {o} H {h} L {low} C {c}"]
    (price,) = snapshot(fx)["series"]
    assert price["options"]["precision"] == 5
    assert price["options"]["minMove"] == 0.00001
    fx.screenshot(path=artifacts / "real-data-fx.png")

    # The price format is on the dialog's Inputs tab: percent keeps the data's 5 decimals.
    dialog = open_settings(fx, "candlestick")
    select_tab(dialog, "inputs")
    dialog.locator("select[data-option=priceFormat]").select_option(label="Percent")
    poll(
        lambda: snapshot(fx)["legend"],
        lambda legend: legend == [f"candlestick O {o}% H {h}% L {low}% C {c}%"],
        10.0,
        "the legend in percent with 5 decimals",
    )
    wait_for_stored(
        jupyterlab.config_dir, "real-data-fx", "0", "candlestick", {"priceFormat": "percent"}, 10.0
    )
