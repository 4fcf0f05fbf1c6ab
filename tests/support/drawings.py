"""Drawing like a user in a real browser, and reading the drawings back: from the chart's test
hook (`snapshot().drawings`) and from the Python store file (items `drawing:<id>`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import Locator, Page

from tests.support.chart_page import snapshot
from tests.support.settings_dialog import OS_USER_SCOPE, read_store

ITEM_PREFIX = "drawing:"


def pane_box(chart: Locator, pane: int = 0) -> dict[str, float]:
    """The pane's plotting box in page pixels (without the price scales)."""
    box: dict[str, float] = chart.evaluate(
        """(el, pane) => {
          const rows = [...el.querySelectorAll('.lwc-chart table tr')]
            .filter((tr) => tr.querySelectorAll('canvas').length > 0 && tr.offsetHeight > 20);
          const cells = [...rows[pane].children];
          const cell = cells.reduce((a, b) => (b.offsetWidth > a.offsetWidth ? b : a));
          const r = cell.getBoundingClientRect();
          return { x: r.left, y: r.top, width: r.width, height: r.height };
        }""",
        pane,
    )
    return box


def at(chart: Locator, fx: float, fy: float, pane: int = 0) -> tuple[float, float]:
    """The page point at fractions (fx, fy) of a pane's box, as the page is scrolled now."""
    box = pane_box(chart, pane)
    return box["x"] + box["width"] * fx, box["y"] + box["height"] * fy


def on_point(chart: Locator, drawing: dict[str, Any], point: int = 0) -> tuple[float, float]:
    """The page point where one of a drawing's points is drawn now (from the test hook)."""
    box = pane_box(chart, drawing["pane"])
    now = next(d for d in drawn(chart) if d["id"] == drawing["id"])
    pixel = now["pixels"][point]
    return box["x"] + pixel["x"], box["y"] + pixel["y"]


def pick_tool(chart: Locator, label: str) -> None:
    """Click a toolbar button, with the whole chart scrolled into view first."""
    chart.scroll_into_view_if_needed()
    chart.get_by_role("button", name=label, exact=True).click()


def click(page: Page, point: tuple[float, float]) -> None:
    page.mouse.move(*point)
    page.mouse.down()
    page.mouse.up()


def drag(page: Page, start: tuple[float, float], end: tuple[float, float]) -> None:
    page.mouse.move(*start)
    page.mouse.down()
    page.mouse.move(*end, steps=8)
    page.mouse.up()


def drawn(chart: Locator) -> list[dict[str, Any]]:
    """The live drawings as the chart holds them (kind, pane, points, style, ...)."""
    drawings: list[dict[str, Any]] = snapshot(chart)["drawings"]
    return drawings


def stored_drawings(
    config_dir: Path, chart_id: str, scope: str = OS_USER_SCOPE
) -> dict[str, dict[str, Any]] | None:
    """The drawing records the store file holds for one chart, by id (tombstones included)."""
    store = read_store(config_dir)
    if store is None:
        return None
    panes = store.get("scopes", {}).get(scope, {}).get(chart_id, {})
    return {
        item[len(ITEM_PREFIX) :]: record
        for items in panes.values()
        for item, record in items.items()
        if item.startswith(ITEM_PREFIX)
    }


def live_stored(records: dict[str, dict[str, Any]] | None) -> dict[str, dict[str, Any]]:
    return {i: r for i, r in (records or {}).items() if not r.get("deleted")}
