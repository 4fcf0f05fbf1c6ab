"""Real-browser harness: Debian chromium via Playwright, a real JupyterLab, a real `streamlit run`.

Servers run from this interpreter (`sys.executable -m ...`) so they see the same installed
`lwcharts`. Each server gets its own `LWCHARTS_CONFIG_DIR`, so no test reads or writes the
real per-user series-config store. Server logs, browser console logs and a screenshot per
test land in `test-artifacts/` at the repo root.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS_DIR = REPO_ROOT / "notebooks"
ARTIFACTS_DIR = REPO_ROOT / "test-artifacts"

# Shared helpers (chart_page.py, servers.py) are imported by module name; this makes that work
# under every pytest import mode without a package `__init__.py`.
sys.path.insert(0, str(Path(__file__).parent))
from servers import (  # noqa: E402
    Server,
    free_port,
    jupyterlab_args,
    start_server,
    streamlit_args,
)

# Its asserts are the tests' asserts: let pytest explain them like the ones in test modules.
pytest.register_assert_rewrite("chart_page")


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
    chromium = shutil.which("chromium")
    if chromium is None:
        message = (
            "no `chromium` on PATH: apt-get install -y chromium "
            "(these tests use Debian's chromium, never Playwright's downloaded browsers)"
        )
        if os.environ.get("LWCHARTS_REQUIRE_BROWSER") == "1":
            pytest.fail(f"LWCHARTS_REQUIRE_BROWSER=1 but {message}")
        pytest.skip(message)

    from playwright.sync_api import sync_playwright

    # Chromium writes crash reports and dconf caches under $HOME.
    home = tmp_path_factory.mktemp("chromium-home")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium,
            headless=True,
            env={**os.environ, "HOME": str(home)},
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser, request: pytest.FixtureRequest):
    """A fresh light-scheme page; its screenshot and console log are saved when the test ends."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
    new_page = context.new_page()
    console: list[str] = []
    new_page.on("console", lambda msg: console.append(f"[{msg.type}] {msg.text}"))
    new_page.on("pageerror", lambda err: console.append(f"[pageerror] {err}"))
    yield new_page
    stem = _artifact_stem(request.node)
    try:
        new_page.screenshot(path=artifact_path(f"{stem}.png"), full_page=True)
    finally:
        artifact_path(f"{stem}.console.log").write_text("\n".join(console) + "\n")
        context.close()


# --------------------------------------------------------------------------- servers


_XSRF = "lwcharts-browser-tests"


@dataclass
class JupyterLab:
    server: Server
    root_dir: Path
    config_dir: Path

    @property
    def url(self) -> str:
        return self.server.url

    def _request(self, method: str, path: str):
        # Tornado refuses a DELETE without an XSRF token whose header matches its cookie.
        headers = {"X-XSRFToken": _XSRF, "Cookie": f"_xsrf={_XSRF}"}
        request = urllib.request.Request(self.url + path, method=method, headers=headers)
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shut_down_sessions(self) -> None:
        """End every notebook session, so the next test opens its notebook with a fresh kernel."""
        for session in self._request("GET", "/api/sessions"):
            self._request("DELETE", f"/api/sessions/{session['id']}")


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
        server.wait_ready("/api/status")
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
    """Factory: `start_streamlit(app, *extra_args)` runs `streamlit run app` until it is healthy."""
    started: list[Server] = []

    def start(app: Path, *extra_args: str) -> Server:
        port = free_port()
        name = f"{_artifact_stem(request.node)}-streamlit-{len(started)}"
        server = start_server(
            name,
            streamlit_args(app, port, *extra_args),
            port=port,
            cwd=tmp_path,
            config_dir=tmp_path / "lwcharts-config",
            log_path=artifact_path(f"{name}.server.log"),
        )
        started.append(server)
        server.wait_ready("/_stcore/health", accept=lambda body: body.strip() == "ok")
        return server

    yield start
    for server in started:
        server.stop()
