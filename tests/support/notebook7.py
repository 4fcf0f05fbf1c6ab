"""Jupyter Notebook 7 as the browser tests drive it: a token-less `jupyter notebook` server and a
notebook opened on its own page (`/notebooks/<path>`). Notebook 7 is built from JupyterLab's
parts, so with its app exposed as `window.jupyterapp` the JupyterLab page helpers
(tests/support/jupyterlab.py: kernel readiness, run all cells, error outputs) work unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Page

from tests.support.jupyterlab import KERNEL_IDLE, KERNEL_READY_TIMEOUT_MS
from tests.support.servers import (
    Server,
    free_port,
    jupyter_server_args,
    start_server,
    write_lab_settings,
)


def notebook7_args(port: int, root_dir: Path, base: Path) -> list[str]:
    """`notebook` (Notebook 7) arguments for a token-less server on `port` serving `root_dir`,
    with its workspaces and settings under `base` (`write_lab_settings`)."""
    settings_dir = write_lab_settings(base / "settings")
    return [
        "notebook",
        *jupyter_server_args(port, root_dir),
        "--JupyterNotebookApp.expose_app_in_browser=True",
        f"--JupyterNotebookApp.user_settings_dir={settings_dir}",
        f"--JupyterNotebookApp.workspaces_dir={base / 'workspaces'}",
    ]


@contextmanager
def notebook7(base: Path, log_path: Path) -> Iterator[tuple[Server, Path, Path]]:
    """Notebook 7 serving `base/root`; yields (server, root_dir, lwcharts config dir)."""
    root, config = base / "root", base / "lwcharts-config"
    root.mkdir(parents=True, exist_ok=True)
    port = free_port()
    server = start_server(
        "notebook7",
        notebook7_args(port, root, base),
        port=port,
        cwd=root,
        config_dir=config,
        log_path=log_path,
    )
    try:
        server.wait_ready("/api/status")
        yield server, root, config
    finally:
        server.stop()


def open_notebook7(
    page: Page, base_url: str, path: str, timeout_ms: float = KERNEL_READY_TIMEOUT_MS
) -> None:
    """Open `path` on Notebook 7's notebook page and wait until its kernel can run cells."""
    page.goto(f"{base_url}/notebooks/{path}")
    page.wait_for_function(KERNEL_IDLE, arg=path, timeout=timeout_ms)
