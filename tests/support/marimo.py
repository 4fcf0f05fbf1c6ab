"""marimo as the browser tests drive it: a notebook file written by the test, served by
`marimo run` (the app view: every cell runs when the page connects, outputs only), token-less
on 127.0.0.1. The chart is displayed the way the docs say: `chart.widget()` as a cell's last
expression, which marimo wraps with `mo.ui.anywidget`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.support.servers import Server, free_port, start_server

NOTEBOOK_TEMPLATE = """\
import marimo

app = marimo.App()


@app.cell
def _():
{body}
    return


if __name__ == "__main__":
    app.run()
"""


def write_notebook(path: Path, cell: str) -> Path:
    """A one-cell marimo notebook at `path` running `cell` (top-level Python, no indentation)."""
    body = "\n".join(f"    {line}" if line else "" for line in cell.splitlines())
    path.write_text(NOTEBOOK_TEMPLATE.format(body=body))
    return path


@contextmanager
def marimo_run(notebook: Path, base: Path, log_path: Path) -> Iterator[tuple[Server, Path]]:
    """`marimo run notebook` headless and token-less; yields (server, lwcharts config dir)."""
    port = free_port()
    config = base / "lwcharts-config"
    args = ["marimo", "run", "--headless", "--no-token", "--host", "127.0.0.1"]
    server = start_server(
        "marimo",
        [*args, "--port", str(port), str(notebook)],
        port=port,
        cwd=base,
        config_dir=config,
        log_path=log_path,
        # marimo keeps its own config and caches under $HOME.
        env={"HOME": str(base / "home")},
    )
    try:
        server.wait_ready("/")
        yield server, config
    finally:
        server.stop()
