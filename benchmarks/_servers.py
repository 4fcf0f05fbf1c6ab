"""Servers and a browser for the browser benchmarks (no pytest): JupyterLab, `streamlit run`, a
static `http.server`, and Debian's chromium driven by Playwright.

The same recipe as tests/browser/conftest.py (see /work/shared/TESTING.md), kept apart so the
benchmarks do not import test code. Every server runs from this interpreter, in its own process
group, with its own `LWCHARTS_CONFIG_DIR`; logs go to files in the scratch directory.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

START_TIMEOUT_S = 60.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    name: str
    url: str
    process: subprocess.Popen[bytes]
    log_path: Path
    log_file: IO[str]

    def wait_ready(self, path: str, accept: Callable[[str], bool] = lambda body: True) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited early; log:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.url + path, timeout=2) as response:
                    if response.status == 200 and accept(response.read().decode()):
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        raise TimeoutError(f"{self.name} not ready at {self.url}{path}; log:\n{self.log_tail()}")

    def log_tail(self, lines: int = 30) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)  # its own group: kernels too
                self.process.wait(10)
        self.log_file.close()


def start_server(name: str, args: list[str], *, port: int, cwd: Path, config_dir: Path) -> Server:
    config_dir.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "LWCHARTS_CONFIG_DIR": str(config_dir),
        "PYTHONUNBUFFERED": "1",
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
    }
    log_path = cwd / f"{name}.log"
    log_file = log_path.open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", *args],
        cwd=cwd,
        env=env,
        stdout=log_file,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    return Server(name, f"http://127.0.0.1:{port}", process, log_path, log_file)


@contextmanager
def jupyterlab(base: Path) -> Iterator[tuple[Server, Path, Path]]:
    """JupyterLab serving `base/root`; yields (server, root_dir, lwcharts config dir)."""
    root, settings, config = base / "root", base / "settings", base / "lwcharts-config"
    root.mkdir(parents=True, exist_ok=True)
    for plugin, values in {
        "@jupyterlab/apputils-extension/notification": {"fetchNews": "false"},
        "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    }.items():
        path = settings / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    port = free_port()
    args = [
        "jupyterlab",
        "--no-browser",
        "--allow-root",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--port-retries=0",
        "--IdentityProvider.token=",
        "--ServerApp.password=",
        f"--ServerApp.root_dir={root}",
        "--LabApp.expose_app_in_browser=True",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        f"--LabApp.workspaces_dir={base / 'workspaces'}",
        f"--LabApp.user_settings_dir={settings}",
    ]
    server = start_server("jupyterlab", args, port=port, cwd=base, config_dir=config)
    try:
        server.wait_ready("/api/status")
        yield server, root, config
    finally:
        server.stop()


@contextmanager
def streamlit(app: Path, env: dict[str, str] | None = None) -> Iterator[Server]:
    port = free_port()
    args = ["streamlit", "run", str(app), "--server.headless", "true"]
    args += ["--server.address", "127.0.0.1", "--server.port", str(port)]
    args += ["--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
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
