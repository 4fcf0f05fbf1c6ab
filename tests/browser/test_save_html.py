"""`Chart.save_html` writes one file that draws the chart from file:// with no network at all."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from playwright.sync_api import Page, Route

from lwcharts import Chart
from lwcharts.settings.link import SettingsLink, os_user_scope
from tests.support.chart_page import snapshot, wait_for_chart
from tests.support.settings_dialog import (
    close_settings,
    lwcharts_storage_keys,
    open_settings,
    series_options,
    set_color,
)

pytestmark = pytest.mark.browser


def _chart() -> Chart:
    index = pd.date_range("2024-01-01", periods=120, freq="D")
    close = 100 + np.cumsum(np.sin(np.arange(120) / 5))
    frame = pd.DataFrame(
        {"open": close - 0.5, "high": close + 1, "low": close - 1, "close": close}, index=index
    )
    chart = Chart(chart_id="offline", height=360)
    chart.candlestick(frame, name="Price", id="price")
    chart.line(pd.Series(close, index=index).rolling(10).mean(), name="SMA 10", id="sma")
    return chart


def test_saved_html_opens_offline_with_saved_settings(
    page: Page, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, artifacts: Path
) -> None:
    monkeypatch.setenv("LWCHARTS_CONFIG_DIR", str(tmp_path / "config"))
    # The user's saved colour for the SMA must be in the file and applied.
    SettingsLink(os_user_scope()).receive(
        {
            "type": "series_config_changes",
            "changes": [
                {
                    "paneId": 0,
                    "seriesId": "sma",
                    "seriesType": "line",
                    "config": {"color": "#ff0000"},
                    "timestamp": 1700000000000,
                    "chartId": "offline",
                }
            ],
            "completeState": {
                "offline": {
                    "0": {
                        "sma": {
                            "config": {"color": "#ff0000"},
                            "seriesType": "line",
                            "lastModified": 1700000000000,
                        }
                    }
                }
            },
            "timestamp": 1700000000000,
        }
    )
    path = tmp_path / "chart.html"
    _chart().save_html(path)

    requested: list[str] = []
    console: list[str] = []
    page.on("console", lambda message: console.append(f"[{message.type}] {message.text}"))
    page.on("pageerror", lambda error: console.append(f"[pageerror] {error}"))

    def only_files(route: Route) -> None:
        requested.append(route.request.url)
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            route.abort()

    page.route("**/*", only_files)
    page.goto(path.as_uri())
    chart = wait_for_chart(page, timeout_ms=15_000)
    snap = snapshot(chart)

    assert [(s["id"], s["type"], s["barCount"]) for s in snap["series"]] == [
        ("price", "candlestick", 120),
        ("sma", "line", 111),
    ]
    assert snap["series"][1]["options"]["color"] == "#ff0000"
    assert [url for url in requested if not url.startswith("file:")] == []
    assert page.locator(".lwc-error:visible").count() == 0
    chart.screenshot(path=artifacts / "save-html-offline.png")

    # A settings change stays in this browser, quietly: there is no Python to send it to.
    dialog = open_settings(chart, "sma")
    set_color(dialog, "color", "#00ff00")
    close_settings(dialog)
    page.wait_for_timeout(1000)  # past the 300 ms send debounce
    assert series_options(chart, "sma")["color"] == "#00ff00"
    assert lwcharts_storage_keys(page) != []
    assert [
        line for line in console if line.startswith(("[error]", "[warning]", "[pageerror]"))
    ] == []
