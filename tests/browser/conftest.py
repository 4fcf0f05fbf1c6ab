"""Real-browser harness: Debian chromium via Playwright, a real JupyterLab, a real `streamlit run`.

Servers run from this interpreter (`sys.executable -m ...`) so they see the same installed
`lwcharts`. Each server gets its own `LWCHARTS_CONFIG_DIR`, so no test reads or writes the
real per-user series-config store. Server logs, browser console logs and a screenshot per
test land in `test-artifacts/` at the repo root.
"""

from __future__ import annotations

import os
import re
import shutil
import textwrap
from pathlib import Path

import pytest

from tests.support.browser import NO_CHROMIUM, chromium, chromium_path, fresh_page
from tests.support.jupyterlab import JupyterLab
from tests.support.servers import (
    Server,
    free_port,
    jupyterlab_args,
    start_server,
    streamlit_args,
    wait_jupyterlab,
    wait_streamlit,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS_DIR = REPO_ROOT / "notebooks"
ARTIFACTS_DIR = REPO_ROOT / "test-artifacts"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "browser: drives Debian chromium against a real JupyterLab or Streamlit server"
    )
    config.addinivalue_line(
        "markers", "notebook: executes the repository notebooks in a real kernel (no browser)"
    )


def artifact_path(name: str) -> Path:
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    return ARTIFACTS_DIR / name


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """`test-artifacts/` at the repo root, for screenshots a test wants to keep by name."""
    return artifact_path("")


def _artifact_stem(node: pytest.Item) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", f"{Path(node.path).stem}__{node.name}").strip("_")


# --------------------------------------------------------------------------- browser


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory):
    if chromium_path() is None:
        if os.environ.get("LWCHARTS_REQUIRE_BROWSER") == "1":
            pytest.fail(f"LWCHARTS_REQUIRE_BROWSER=1 but {NO_CHROMIUM}")
        pytest.skip(NO_CHROMIUM)
    with chromium(tmp_path_factory.mktemp("chromium-home")) as launched:
        yield launched


@pytest.fixture
def page(browser, request: pytest.FixtureRequest):
    """A fresh light-scheme page; its screenshot and console log are saved when the test ends."""
    with fresh_page(browser, artifact_path(""), _artifact_stem(request.node)) as new:
        yield new


# --------------------------------------------------------------------------- servers


@pytest.fixture(scope="module")
def jupyterlab_server(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest):
    base = tmp_path_factory.mktemp("jupyterlab")
    root_dir = base / "root"
    shutil.copytree(NOTEBOOKS_DIR, root_dir, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    port = free_port()
    server = start_server(
        f"jupyterlab-{Path(request.path).stem}",
        jupyterlab_args(port, root_dir, base),
        port=port,
        cwd=root_dir,
        config_dir=base / "lwcharts-config",
        log_path=artifact_path(f"jupyterlab-{Path(request.path).stem}.server.log"),
    )
    try:
        wait_jupyterlab(server)
        yield JupyterLab(server, root_dir, base / "lwcharts-config")
    finally:
        server.stop()


@pytest.fixture
def jupyterlab(jupyterlab_server: JupyterLab) -> JupyterLab:
    """The module's JupyterLab with no running kernels and an empty series-config store.

    Kernels inherit the server's environment, so the store directory is per module; emptying it
    before each test gives each test a store of its own.
    """
    jupyterlab_server.shut_down_sessions()
    shutil.rmtree(jupyterlab_server.config_dir, ignore_errors=True)
    jupyterlab_server.config_dir.mkdir()
    return jupyterlab_server


@pytest.fixture
def start_streamlit(tmp_path: Path, request: pytest.FixtureRequest):
    """Factory: `start_streamlit(app, *extra_args, env=...)` runs `streamlit run app` (with `env`
    added to its environment) until it is healthy."""
    started: list[Server] = []

    def start(app: Path, *extra_args: str, env: dict[str, str] | None = None) -> Server:
        port = free_port()
        name = f"{_artifact_stem(request.node)}-streamlit-{len(started)}"
        server = start_server(
            name,
            streamlit_args(app, port, *extra_args),
            port=port,
            cwd=tmp_path,
            config_dir=tmp_path / "lwcharts-config",
            log_path=artifact_path(f"{name}.server.log"),
            env=env,
        )
        started.append(server)
        wait_streamlit(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def start_app(start_streamlit, tmp_path: Path):
    """Factory: `start_app(name, source, *extra_args, env=...)` writes an app's source (dedented)
    to `tmp_path/name` and runs it with `start_streamlit`; returns the healthy `Server`."""

    def start(
        name: str, source: str, *extra_args: str, env: dict[str, str] | None = None
    ) -> Server:
        app = tmp_path / name
        app.write_text(textwrap.dedent(source))
        return start_streamlit(app, *extra_args, env=env)

    return start
