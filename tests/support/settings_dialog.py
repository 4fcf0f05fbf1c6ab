"""The series settings dialog and the settings it saves, as the persistence tests see them.

Page side: the gear on a legend entry opens `[data-testid=lwcharts-settings]` inside the chart
root; each control carries `data-option=<schema name>`. CSS locators pierce the open shadow root
of a Streamlit component, so the same helpers work in JupyterLab and in Streamlit.

Python side: the per-user store `$LWCHARTS_CONFIG_DIR/series-configs.json` and its journal
(`series-configs.json.journal`), read through the store itself as
`{"version": 1, "scopes": {scope: {chartId: {paneId: {seriesId: {config, ...}}}}}}`.
"""

from __future__ import annotations

import getpass
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from playwright.sync_api import Locator, Page, expect

from lwcharts.settings.file_store import FILE_NAME, JOURNAL_SUFFIX, SettingsStore
from tests.support.chart_page import snapshot

STORE_FILE = FILE_NAME
# Each write appends a line here (the snapshot changes only when the journal is folded in).
STORE_JOURNAL = FILE_NAME + JOURNAL_SUFFIX
# The scope of the OS user: a Jupyter kernel's, and a Streamlit app's seen from localhost.
OS_USER_SCOPE = f"os:{getpass.getuser()}"
DIALOG_TIMEOUT_MS = 10_000

T = TypeVar("T")


# --------------------------------------------------------------------------- pages


def lwcharts_storage_keys(page: Page) -> list[str]:
    """The page's localStorage items that hold lwcharts settings."""
    keys: list[str] = page.evaluate(
        "() => Object.keys(localStorage).filter(k => k.startsWith('lwcharts:'))"
    )
    return keys


# --------------------------------------------------------------------------- dialog


def open_settings(chart: Locator, series_id: str) -> Locator:
    """Click the legend gear of `series_id`; returns the open dialog."""
    gear = chart.locator(
        f'[data-testid=lwcharts-gear][data-gear=legend][data-series-id="{series_id}"]'
    )
    gear.click()
    dialog = chart.locator("[data-testid=lwcharts-settings]")
    expect(dialog).to_be_visible(timeout=DIALOG_TIMEOUT_MS)
    expect(dialog).to_have_attribute("role", "dialog")
    expect(dialog).to_have_attribute("data-series-id", series_id)
    return dialog


def select_tab(dialog: Locator, tab: str) -> None:
    button = dialog.locator(f"[data-testid=tab-{tab}]")
    button.click()
    expect(button).to_have_attribute("aria-selected", "true")


def set_color(dialog: Locator, option: str, hex_color: str) -> None:
    """Pick a colour: `fill` on `<input type=color>` fires input and change, as a pick does."""
    select_tab(dialog, "style")
    dialog.locator(f"input[type=color][data-option={option}]").fill(hex_color)


def set_number(dialog: Locator, option: str, value: float) -> None:
    """Type a number and leave the box (Tab), as a user does."""
    select_tab(dialog, "style")
    box = dialog.locator(f"input[type=number][data-option={option}]")
    box.fill(str(value))
    box.press("Tab")
    expect(box).not_to_have_attribute("aria-invalid", "true")


def blur(dialog: Locator) -> None:
    """Take focus off the control last used (for a screenshot without a focus ring)."""
    dialog.evaluate("d => d.getRootNode().activeElement?.blur()")


def close_settings(dialog: Locator) -> None:
    dialog.locator("[data-testid=lwcharts-close]").click()
    expect(dialog).to_have_count(0, timeout=DIALOG_TIMEOUT_MS)


# --------------------------------------------------------------------------- chart


def series_options(chart: Locator, series_id: str) -> dict[str, Any]:
    """The options `series_id` is drawn with now (lightweight-charts' own `series.options()`)."""
    for series in snapshot(chart)["series"]:
        if series["id"] == series_id:
            options: dict[str, Any] = series["options"]
            return options
    raise AssertionError(f"no series {series_id!r} in the chart")


def drawn_style(chart: Locator, series_id: str) -> tuple[tuple[int, int, int, float], Any]:
    """(colour as RGBA, lineWidth) of a line series as drawn."""
    options = series_options(chart, series_id)
    return rgba(options["color"]), options.get("lineWidth")


def rgba(css: str) -> tuple[int, int, int, float]:
    """A CSS colour (#rgb, #rrggbb, #rrggbbaa, rgb(), rgba()) as (r, g, b, a), to compare colours
    however they are spelled ("#FF0000" == "#ff0000" == "rgba(255, 0, 0, 1)")."""
    text = css.strip().lower()
    if text.startswith("#"):
        digits = text[1:]
        if len(digits) in (3, 4):
            digits = "".join(d * 2 for d in digits)
        if len(digits) in (6, 8) and re.fullmatch(r"[0-9a-f]+", digits):
            channels = [int(digits[i : i + 2], 16) for i in range(0, len(digits), 2)]
            alpha = round(channels[3] / 255, 3) if len(channels) == 4 else 1.0
            return channels[0], channels[1], channels[2], alpha
    match = re.fullmatch(
        r"rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:[\s,/]+([\d.]+))?\s*\)", text
    )
    if match:
        r, g, b = (round(float(match[i])) for i in (1, 2, 3))
        return r, g, b, float(match[4]) if match[4] is not None else 1.0
    raise AssertionError(f"not a CSS colour this test understands: {css!r}")


# --------------------------------------------------------------------------- waiting


def poll(read: Callable[[], T], done: Callable[[T], bool], timeout_s: float, what: str) -> T:
    """Call `read` until `done(value)` or `timeout_s` passes; fails with the last value seen."""
    deadline = time.monotonic() + timeout_s
    while True:
        value = read()
        if done(value):
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout_s} s; last seen: {value!r}")
        time.sleep(0.05)


def wait_for_style(
    chart: Locator, series_id: str, color: str, line_width: Any, timeout_s: float = 10
) -> None:
    """Wait until the chart draws `series_id` in `color` and `line_width`."""
    expected = (rgba(color), line_width)
    poll(
        lambda: drawn_style(chart, series_id),
        lambda style: style == expected,
        timeout_s,
        f"{series_id} drawn as {expected}",
    )


# --------------------------------------------------------------------------- the Python store


def read_store(config_dir: Path) -> dict[str, Any] | None:
    """Every scope the store holds (snapshot and journal), shaped as the snapshot file; None
    while neither file exists."""
    if not any((config_dir / name).exists() for name in (STORE_FILE, STORE_JOURNAL)):
        return None
    return {"version": 1, "scopes": SettingsStore(config_dir / STORE_FILE).all_scopes()}


def stored_config(
    config_dir: Path, chart_id: str, pane_id: str, series_id: str, scope: str = OS_USER_SCOPE
) -> dict[str, Any] | None:
    """The `config` the store holds for one series of `scope`, or None."""
    store = read_store(config_dir)
    if store is None:
        return None
    entry = store.get("scopes", {}).get(scope, {}).get(chart_id, {}).get(pane_id, {})
    entry = entry.get(series_id)
    config: dict[str, Any] | None = entry.get("config") if isinstance(entry, dict) else None
    return config


def wait_for_stored(
    config_dir: Path,
    chart_id: str,
    pane_id: str,
    series_id: str,
    expected: dict[str, Any],
    timeout_s: float,
) -> dict[str, Any]:
    """Wait until the store holds `expected` (colours compared as RGBA) in the series' config."""

    def holds(config: dict[str, Any] | None) -> bool:
        if config is None:
            return False
        for key, value in expected.items():
            if key not in config:
                return False
            if isinstance(value, str) and (key == "color" or key.endswith("Color")):
                if rgba(config[key]) != rgba(value):
                    return False
            elif config[key] != value:
                return False
        return True

    found = poll(
        lambda: stored_config(config_dir, chart_id, pane_id, series_id),
        holds,
        timeout_s,
        f"{config_dir / STORE_FILE} holding {expected} for {chart_id}/{pane_id}/{series_id}",
    )
    assert found is not None  # `holds` said so
    return found
