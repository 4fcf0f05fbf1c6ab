"""Start and stop the servers the browser tests and the browser benchmarks drive: a real
JupyterLab, a real `streamlit run`, a static `http.server`, any `python -m` server (no pytest
here, so benchmarks/ imports it too; the recipe is /work/shared/TESTING.md).

Every server runs from this interpreter (`sys.executable -m ...`, so it sees the installed
`lwcharts`), in its own process group, with its own `LWCHARTS_CONFIG_DIR` so nothing touches the
real per-user series-config store.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

SERVER_START_TIMEOUT_S = 60.0
SERVER_STOP_GRACE_S = 10.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def stop_process(process: subprocess.Popen[Any], grace_s: float) -> None:
    """SIGTERM, `grace_s` seconds to exit, then SIGKILL and `grace_s` more; returns once it has
    exited (raises `subprocess.TimeoutExpired` if it has not).

    A process that leads its own process group (`start_new_session=True`: the servers, a
    benchmark's worker) is killed with its group, so the helpers it started (kernels) go too; any
    other is killed alone. Its pipes, if any, are read meanwhile (`communicate`), so one blocked
    writing to a full pipe can still exit.
    """
    if process.poll() is None:
        process.terminate()
    try:
        process.communicate(timeout=grace_s)
    except subprocess.TimeoutExpired:
        if os.getpgid(process.pid) == process.pid:
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
        process.communicate(timeout=grace_s)


@dataclass
class Server:
    """A server process we started, with its base URL and log file."""

    name: str
    url: str
    process: subprocess.Popen[bytes]
    log_path: Path
    _log_file: IO[str] | None = field(repr=False, default=None)

    def wait_ready(
        self,
        path: str,
        accept: Callable[[str], bool] = lambda body: True,
        timeout: float = SERVER_START_TIMEOUT_S,
    ) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"{self.name} exited with {self.process.returncode} before it was ready;"
                    f" log:\n{self.log_tail()}"
                )
            try:
                with urllib.request.urlopen(self.url + path, timeout=2) as response:
                    if response.status == 200 and accept(response.read().decode()):
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        raise TimeoutError(
            f"{self.name} not ready at {self.url}{path} within {timeout}s; log:\n{self.log_tail()}"
        )

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        stop_process(self.process, SERVER_STOP_GRACE_S)
        if self._log_file is not None:
            self._log_file.close()


def start_server(
    name: str,
    args: list[str],
    *,
    port: int,
    cwd: Path,
    config_dir: Path,
    log_path: Path,
    env: Mapping[str, str] | None = None,
) -> Server:
    """Run `python -m <args>` in `cwd`, logging to `log_path`, with this process' environment
    plus `env`; not yet waited on."""
    config_dir.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        **(env or {}),
        "LWCHARTS_CONFIG_DIR": str(config_dir),
        "PYTHONUNBUFFERED": "1",
        # Kernels and subprocesses must find this interpreter's tools first.
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
    }
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


def write_lab_settings(settings_dir: Path) -> Path:
    """User settings for JupyterLab and Notebook 7 (built from its parts): no news toast,
    outputs rendered off-screen too. Returns `settings_dir`."""
    settings = {
        # Without this, a "get notified about Jupyter news?" toast covers the page.
        "@jupyterlab/apputils-extension/notification": {"fetchNews": "false"},
        # Render every cell's output, also for cells scrolled out of view.
        "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    }
    for plugin, values in settings.items():
        path = settings_dir / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    return settings_dir


def jupyter_server_args(port: int, root_dir: Path) -> list[str]:
    """The Jupyter server's own arguments (JupyterLab, Notebook 7): token-less, no browser,
    on 127.0.0.1:`port` only, serving `root_dir`."""
    return [
        "--no-browser",
        "--allow-root",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--port-retries=0",
        "--IdentityProvider.token=",
        "--ServerApp.password=",
        f"--ServerApp.root_dir={root_dir}",
    ]


def jupyterlab_args(port: int, root_dir: Path, base: Path) -> list[str]:
    """`jupyterlab` arguments for a token-less server on `port` serving `root_dir`, with its
    workspaces and settings under `base` (`write_lab_settings`)."""
    settings_dir = write_lab_settings(base / "settings")
    return [
        "jupyterlab",
        *jupyter_server_args(port, root_dir),
        "--LabApp.expose_app_in_browser=True",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        f"--LabApp.workspaces_dir={base / 'workspaces'}",
        f"--LabApp.user_settings_dir={settings_dir}",
    ]


def streamlit_args(app: Path, port: int, *extra_args: str) -> list[str]:
    """`streamlit run app` headless on 127.0.0.1:`port`, no telemetry, no file watcher."""
    return [
        "streamlit",
        "run",
        str(app),
        "--server.headless",
        "true",
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
        *extra_args,
    ]


def wait_jupyterlab(server: Server) -> None:
    server.wait_ready("/api/status")


def wait_streamlit(server: Server) -> None:
    server.wait_ready("/_stcore/health", accept=lambda body: body.strip() == "ok")


# --- whole servers for a scratch directory (the benchmarks; the tests use fixtures) ------------


@contextmanager
def jupyterlab(
    base: Path, env: Mapping[str, str] | None = None, extra_args: Sequence[str] = ()
) -> Iterator[tuple[Server, Path, Path]]:
    """JupyterLab serving `base/root`, logging to `base/jupyterlab.log`, with `env` added (its
    kernels inherit it) and `extra_args`; yields (server, root_dir, lwcharts config dir)."""
    root, config = base / "root", base / "lwcharts-config"
    root.mkdir(parents=True, exist_ok=True)
    port = free_port()
    args = [*jupyterlab_args(port, root, base), *extra_args]
    log = base / "jupyterlab.log"
    server = start_server(
        "jupyterlab", args, port=port, cwd=base, config_dir=config, log_path=log, env=env
    )
    try:
        wait_jupyterlab(server)
        yield server, root, config
    finally:
        server.stop()


@contextmanager
def streamlit(app: Path, base: Path, env: Mapping[str, str] | None = None) -> Iterator[Server]:
    """`streamlit run app` in `base`, logging to `base/streamlit.log`, with `env` added."""
    port = free_port()
    server = start_server(
        "streamlit",
        streamlit_args(app, port),
        port=port,
        cwd=base,
        config_dir=base / "lwcharts-config",
        log_path=base / "streamlit.log",
        env=env,
    )
    try:
        wait_streamlit(server)
        yield server
    finally:
        server.stop()


@contextmanager
def static_files(directory: Path, base: Path) -> Iterator[Server]:
    """`python -m http.server` on 127.0.0.1 serving `directory`, logging to `base`."""
    port = free_port()
    args = ["http.server", str(port), "--bind", "127.0.0.1", "--directory", str(directory)]
    server = start_server(
        "http-server",
        args,
        port=port,
        cwd=base,
        config_dir=base / "lwcharts-config",
        log_path=base / "http-server.log",
    )
    try:
        server.wait_ready("/")
        yield server
    finally:
        server.stop()
