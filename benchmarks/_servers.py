"""Servers and a browser for the browser benchmarks (no pytest): JupyterLab, `streamlit run`, a
static `http.server`, and Debian's chromium driven by Playwright.

Servers start through tests/browser/servers.py, the tests' own recipe (a plain module: no
pytest). Every server runs from this interpreter, in its own process group, with its own
`LWCHARTS_CONFIG_DIR`; logs go to files in the scratch directory.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

# The tests' server recipe, shared rather than copied (tests/browser/servers.py has no pytest).
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "browser"))
from servers import Server, free_port, jupyterlab_args, streamlit_args
from servers import start_server as _start_server


def start_server(name: str, args: list[str], *, port: int, cwd: Path, config_dir: Path) -> Server:
    """A server logging to `<cwd>/<name>.log` (the scratch directory)."""
    return _start_server(
        name, args, port=port, cwd=cwd, config_dir=config_dir, log_path=cwd / f"{name}.log"
    )


@contextmanager
def jupyterlab(base: Path) -> Iterator[tuple[Server, Path, Path]]:
    """JupyterLab serving `base/root`; yields (server, root_dir, lwcharts config dir)."""
    root, config = base / "root", base / "lwcharts-config"
    root.mkdir(parents=True, exist_ok=True)
    port = free_port()
    args = jupyterlab_args(port, root, base)
    server = start_server("jupyterlab", args, port=port, cwd=base, config_dir=config)
    try:
        server.wait_ready("/api/status")
        yield server, root, config
    finally:
        server.stop()


@contextmanager
def streamlit(app: Path, env: dict[str, str] | None = None) -> Iterator[Server]:
    port = free_port()
    args = streamlit_args(app, port)
    old = {key: os.environ.get(key) for key in env or {}}
    os.environ.update(env or {})
    try:
        server = start_server(
            "streamlit", args, port=port, cwd=app.parent, config_dir=app.parent / "lwcharts-config"
        )
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    try:
        server.wait_ready("/_stcore/health", accept=lambda body: body.strip() == "ok")
        yield server
    finally:
        server.stop()


@contextmanager
def static_files(directory: Path) -> Iterator[Server]:
    """`python -m http.server` on 127.0.0.1 serving `directory`."""
    port = free_port()
    args = ["http.server", str(port), "--bind", "127.0.0.1", "--directory", str(directory)]
    server = start_server(
        "http-server", args, port=port, cwd=directory, config_dir=directory / "lwcharts-config"
    )
    try:
        server.wait_ready("/")
        yield server
    finally:
        server.stop()


@contextmanager
def chromium(scratch: Path) -> Iterator[Any]:
    """Debian's chromium (never a Playwright download), headless; yields the Browser."""
    executable = shutil.which("chromium")
    if executable is None:
        raise RuntimeError("no `chromium` on PATH: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    home = scratch / "chromium-home"
    home.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, env={**os.environ, "HOME": str(home)}
        )
        try:
            yield browser
        finally:
            browser.close()


def new_page(browser: Any) -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
    page = context.new_page()
    page.set_default_timeout(120_000)
    return page


# --- CPU time of processes ------------------------------------------------------------------


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of one process, from /proc/<pid>/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def browser_pids() -> list[int]:
    """Chromium processes started (through Playwright's driver) by this process."""
    try:
        import psutil
    except ImportError:
        return []
    found = []
    for child in psutil.Process().children(recursive=True):
        with suppress(psutil.Error):
            if "chrom" in child.name().lower():
                found.append(child.pid)
    return found


def total_cpu(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        with suppress(OSError, IndexError, ValueError):
            total += cpu_seconds(pid)
    return total
