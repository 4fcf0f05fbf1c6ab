"""A deployment with a shared settings database, in a real browser against real servers.

Replicas: two `streamlit run` of examples/replicas_app.py on two ports share one PostgreSQL
(`LWCHARTS_STORE_URL`); the app identifies its user by `user_id` (from `?user=`). A style set on
replica A is drawn by replica B in a fresh browser context, and by a JupyterLab kernel that names
the same store and the user's scope (`lwcharts.settings.use_store(url, scope="app:alice")`).

Outage: PostgreSQL stops mid-session; the app keeps drawing and a style change still applies in
the page; when PostgreSQL is back the change the app queued reaches the database.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest
from playwright.sync_api import Browser, Locator

from lwcharts.settings.sql_store import SqlStore
from tests.browser.conftest import artifact_path
from tests.support.browser import fresh_page
from tests.support.jupyterlab import error_outputs, open_notebook, run_all_cells
from tests.support.postgres import Postgres, postgres
from tests.support.servers import (
    Server,
    free_port,
    jupyterlab,
    start_server,
    streamlit_args,
    wait_streamlit,
)
from tests.support.settings_dialog import (
    close_settings,
    drawn_style,
    open_settings,
    poll,
    rgba,
    set_color,
    set_number,
    wait_for_style,
)
from tests.support.streamlit import SCRIPT_IDLE, open_app

pytestmark = [pytest.mark.browser, pytest.mark.deploy]

REPO_ROOT = Path(__file__).resolve().parents[2]
APP = REPO_ROOT / "examples" / "replicas_app.py"
CHART_ID, SERIES_ID = "replicas", "sma-20"
CODE_COLOR, USER_COLOR = "#f5a623", "#ff0000"
STORE_TIMEOUT_S = 20

NOTEBOOK_CELL = """\
import os

import lwcharts.settings
from lwcharts import Chart
from lwcharts.demo import ohlcv

# The store the replicas use, and the scope the app gives user_id="alice".
lwcharts.settings.use_store(os.environ["LWCHARTS_STORE_URL"], scope="app:alice")
df = ohlcv(300)
chart = Chart(height=400, chart_id="replicas")
chart.candlestick(df, name="Price", id="price")
chart.line(df["close"].rolling(20).mean(), name="SMA 20", id="sma-20", color="#f5a623")
chart
"""


def stored(url: str, scope: str) -> dict[str, Any]:
    """The series' saved config in the database, as a fresh process reads it."""
    store = SqlStore(url)
    try:
        config: dict[str, Any] = (
            store.load(scope).get(CHART_ID, {}).get("0", {}).get(SERIES_ID, {}).get("config", {})
        )
    finally:
        store.engine.dispose()
    return config


def start_replica(name: str, app: Path, url: str, base: Path) -> Server:
    port = free_port()
    server = start_server(
        name,
        streamlit_args(app, port),
        port=port,
        cwd=base,
        config_dir=base / f"{name}-config",
        log_path=artifact_path(f"{name}.server.log"),
        env={"LWCHARTS_STORE_URL": url},
    )
    wait_streamlit(server)
    return server


@pytest.fixture
def app(tmp_path: Path) -> Path:
    copy = tmp_path / "replicas_app.py"
    shutil.copy(APP, copy)
    return copy


def test_a_style_set_on_one_replica_is_drawn_by_the_other_and_by_a_notebook(
    postgres_server: Postgres, app: Path, tmp_path: Path, browser: Browser, artifacts: Path
) -> None:
    url = postgres_server.fresh_database()
    replicas = [start_replica(f"replica-{n}", app, url, tmp_path) for n in "ab"]
    try:
        with fresh_page(browser, artifacts, "deploy_store__replica_a") as page:
            chart = open_app(page, replicas[0].url + "/?user=alice")
            assert drawn_style(chart, SERIES_ID)[0] == rgba(CODE_COLOR)
            dialog = open_settings(chart, SERIES_ID)
            set_color(dialog, "color", USER_COLOR)
            close_settings(dialog)
            poll(
                lambda: stored(url, "app:alice"),
                lambda config: rgba(config.get("color", "#000")) == rgba(USER_COLOR),
                STORE_TIMEOUT_S,
                "alice's colour in PostgreSQL",
            )
        with fresh_page(browser, artifacts, "deploy_store__replica_b") as page:
            chart = open_app(page, replicas[1].url + "/?user=alice")
            assert drawn_style(chart, SERIES_ID)[0] == rgba(USER_COLOR)
        with fresh_page(browser, artifacts, "deploy_store__replica_b_other_user") as page:
            chart = open_app(page, replicas[1].url + "/?user=bob")
            assert drawn_style(chart, SERIES_ID)[0] == rgba(CODE_COLOR)
    finally:
        for replica in replicas:
            replica.stop()

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(NOTEBOOK_CELL)]
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    env = {"LWCHARTS_STORE_URL": url}
    with jupyterlab(tmp_path / "lab", env=env) as (lab, root, _config):
        nbformat.write(notebook, root / "alice.ipynb")
        with fresh_page(browser, artifacts, "deploy_store__notebook") as page:
            open_notebook(page, lab.url, "alice.ipynb")
            assert run_all_cells(page)
            assert error_outputs(page) == []
            chart = page.locator('.jp-NotebookPanel:visible .lwcharts[data-ready="true"]').first
            chart.wait_for(state="visible", timeout=90_000)
            assert drawn_style(chart, SERIES_ID)[0] == rgba(USER_COLOR)


@pytest.fixture
def own_postgres() -> Iterator[Postgres]:
    """A cluster of this test's own: it is stopped and started again mid-test."""
    with tempfile.TemporaryDirectory(prefix="lwcharts-pg-") as base, postgres(Path(base)) as pg:
        yield pg


def test_the_app_keeps_drawing_through_an_outage_and_the_queued_change_arrives(
    own_postgres: Postgres, app: Path, tmp_path: Path, browser: Browser, artifacts: Path
) -> None:
    url = own_postgres.fresh_database()
    replica = start_replica("replica-outage", app, url, tmp_path)
    try:
        with fresh_page(browser, artifacts, "deploy_store__outage") as page:
            chart = open_app(page, replica.url + "/?user=carol")
            dialog = open_settings(chart, SERIES_ID)
            set_color(dialog, "color", USER_COLOR)
            poll(
                lambda: stored(url, "app:carol").get("color"),
                lambda color: color is not None and rgba(color) == rgba(USER_COLOR),
                STORE_TIMEOUT_S,
                "carol's colour in PostgreSQL",
            )

            own_postgres.stop()
            set_number(dialog, "lineWidth", 4)
            wait_for_style(chart, SERIES_ID, USER_COLOR, 4)
            close_settings(dialog)
            # The app ran its script again with the change and is still up and drawing.
            page.locator(SCRIPT_IDLE).wait_for(timeout=60_000)
            assert page.get_by_test_id("stException").all_inner_texts() == []
            assert replica.process.poll() is None
            assert_still_drawn(chart)

            own_postgres.start()
            poll(
                lambda: stored(url, "app:carol"),
                lambda config: config.get("lineWidth") == 4,
                STORE_TIMEOUT_S + 30,
                "the change made during the outage in PostgreSQL",
            )
        assert "unreachable" in replica.log_tail(200)
    finally:
        replica.stop()


def assert_still_drawn(chart: Locator) -> None:
    assert drawn_style(chart, SERIES_ID) == (rgba(USER_COLOR), 4)
