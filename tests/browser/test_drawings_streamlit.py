"""Drawings follow the user between hosts and stay through Streamlit reruns, and one Streamlit
user never sees another's.

Both hosts draw the quickstart chart (chart id "quickstart"). JupyterLab and the local
`streamlit run` share one store: the apps run the documented local way, opted in with
`LWCHARTS_STREAMLIT_OS_USER=1`, so a browser on the server's own machine gets the OS user's scope
(lwcharts/streamlit/_scope.py), as the notebook's kernel does.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.support.browser import fresh_page
from tests.support.chart_page import snapshot
from tests.support.drawings import (
    at,
    click,
    drawn,
    live_stored,
    on_point,
    pick_tool,
    stored_drawings,
)
from tests.support.jupyterlab import (
    notebook_chart,
    open_and_run,
    open_notebook,
    run_all_cells,
)
from tests.support.settings_dialog import poll
from tests.support.streamlit import QUICKSTART_APP, SHARE_OS_USER, open_app

pytestmark = [pytest.mark.browser, pytest.mark.drawings]

CHART_ID = "quickstart"
STORE_WRITE_TIMEOUT_S = 1.0

# The quickstart chart for the user named in the URL (`?user=alice`), with a button that reruns.
PER_USER_APP = """\
import streamlit as st

import lwcharts.streamlit as lst
from lwcharts import Chart
from lwcharts.demo import ohlcv

df = ohlcv(500)
chart = Chart(height=480, chart_id="quickstart", pane_stretch=[3, 1])
chart.candlestick(df, name="Price", id="price")
chart.histogram(df["volume"], name="Volume", id="volume", pane=1)
st.button("Rerun")
st.session_state["runs"] = st.session_state.get("runs", 0) + 1
st.write(f"Script runs: {st.session_state['runs']}")


def on_change():
    payload = st.session_state["quickstart"].get("series_config_changes")
    if payload and payload.get("drawings"):
        st.session_state["drawing_changes"] = st.session_state.get("drawing_changes", 0) + 1


lst.chart(chart, key="quickstart", user_id=st.query_params.get("user"), on_change=on_change)
st.write(f"Drawing changes seen by on_change: {st.session_state.get('drawing_changes', 0)}")
"""


def draw_horizontal_line(page: Page, chart: Locator, fy: float, pane: int = 0) -> dict:
    before = {d["id"] for d in drawn(chart)}
    pick_tool(chart, "Horizontal line")
    click(page, at(chart, 0.5, fy, pane))
    made = [d for d in drawn(chart) if d["id"] not in before]
    assert len(made) == 1, made
    return made[0]


def script_runs(page: Page) -> int:
    """How often the app's script ran in this session (it writes the count)."""
    return int(page.get_by_text("Script runs:").inner_text().split(":")[1])


@pytest.fixture
def tmp_path(jupyterlab) -> Path:
    """The JupyterLab server's base directory, so `start_app` shares its store."""
    return jupyterlab.config_dir.parent


def test_a_drawing_made_in_jupyterlab_shows_in_streamlit_and_a_delete_there_reaches_the_notebook(
    jupyterlab, start_app, browser, artifacts
) -> None:
    app = start_app("quickstart_app.py", QUICKSTART_APP, env=SHARE_OS_USER)
    config_dir = jupyterlab.config_dir

    with fresh_page(browser, artifacts, "test_drawings_streamlit__1_jupyterlab") as page:
        chart = open_and_run(page, jupyterlab.url, "quickstart.ipynb")
        first = draw_horizontal_line(page, chart, 0.3)
        second = draw_horizontal_line(page, chart, 0.7)
        poll(
            lambda: live_stored(stored_drawings(config_dir, CHART_ID)),
            lambda live: set(live) == {first["id"], second["id"]},
            STORE_WRITE_TIMEOUT_S,
            "the notebook's two lines in the store",
        )

    with fresh_page(browser, artifacts, "test_drawings_streamlit__2_streamlit") as page:
        chart = open_app(page, app.url)
        shown = {d["id"]: {**d, "pixels": None} for d in drawn(chart)}
        expected = {d["id"]: {**d, "pixels": None} for d in (first, second)}
        assert shown == expected
        # Delete the first one there: a double-click on it selects it and opens its settings;
        # Esc closes them and gives the keyboard back to the chart (in the component's shadow
        # root), so Delete deletes it.
        _, y = on_point(chart, first)
        page.mouse.dblclick(at(chart, 0.5, 0.5)[0], y)
        dialog = chart.locator("[data-testid=lwcharts-drawing-settings]")
        expect(dialog).to_be_visible()
        dialog.press("Escape")
        expect(dialog).to_have_count(0)
        page.keyboard.press("Delete")
        assert [d["id"] for d in drawn(chart)] == [second["id"]]
        poll(
            lambda: stored_drawings(config_dir, CHART_ID) or {},
            lambda records: records.get(first["id"], {}).get("deleted") is True,
            STORE_WRITE_TIMEOUT_S + 5,  # the app's rerun stores it
            "the app's delete in the store",
        )

    with fresh_page(browser, artifacts, "test_drawings_streamlit__3_jupyterlab") as page:
        open_notebook(page, jupyterlab.url, "quickstart.ipynb")
        assert run_all_cells(page)
        chart = notebook_chart(page)
        assert [d["id"] for d in drawn(chart)] == [second["id"]]


def test_a_rerun_keeps_drawings_and_zoom_and_two_users_never_see_each_others(
    jupyterlab, start_app, browser, artifacts
) -> None:
    app = start_app("per_user_app.py", PER_USER_APP, env=SHARE_OS_USER)

    with fresh_page(browser, artifacts, "test_drawings_streamlit__alice") as page:
        chart = open_app(page, f"{app.url}?user=alice")
        line = draw_horizontal_line(page, chart, 0.4)
        volume_line = draw_horizontal_line(page, chart, 0.5, pane=1)
        # Each drawing is drawn in its own pane, on that pane's series.
        assert (line["pane"], line["seriesId"]) == (0, "price")
        assert (volume_line["pane"], volume_line["seriesId"]) == (1, "volume")
        poll(
            lambda: set(live_stored(stored_drawings(jupyterlab.config_dir, CHART_ID, "app:alice"))),
            lambda ids: ids == {line["id"], volume_line["id"]},
            STORE_WRITE_TIMEOUT_S + 5,
            "alice's lines in the store under her scope",
        )
        # The app's on_change heard of them (a drawing change, not only a click event).
        poll(
            lambda: page.get_by_text("Drawing changes seen by on_change:").inner_text(),
            lambda text: int(text.split(":")[1]) >= 1,
            15,
            "on_change called for the drawing change",
        )
        # The reruns those changes caused are over: zoom in with the wheel, then rerun with the
        # app's button.
        page.mouse.move(*at(chart, 0.6, 0.5))
        page.mouse.wheel(0, -600)
        page.wait_for_timeout(500)
        zoom = snapshot(chart)["visibleRange"]
        runs = script_runs(page)
        page.get_by_role("button", name="Rerun").click()
        poll(lambda: script_runs(page), lambda now: now > runs, 15, "the app's rerun")
        page.wait_for_timeout(500)  # the rerun's envelope, if any, is handed to the chart
        assert {d["id"] for d in drawn(chart)} == {line["id"], volume_line["id"]}
        assert snapshot(chart)["visibleRange"] == zoom

    with fresh_page(browser, artifacts, "test_drawings_streamlit__bob") as page:
        chart = open_app(page, f"{app.url}?user=bob")
        assert drawn(chart) == []
        bobs = draw_horizontal_line(page, chart, 0.6)

    with fresh_page(browser, artifacts, "test_drawings_streamlit__alice_again") as page:
        chart = open_app(page, f"{app.url}?user=alice")
        assert {d["id"] for d in drawn(chart)} == {line["id"], volume_line["id"]}
        assert bobs["id"] not in {d["id"] for d in drawn(chart)}
