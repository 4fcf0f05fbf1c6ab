"""``python -m lwcharts demo``: serve the Streamlit demo app (and, with --notebook, JupyterLab
on the quick-start notebook) on localhost."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lwcharts")
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser("demo", help="serve the Streamlit demo app on localhost")
    demo.add_argument("--port", type=int, default=8501, help="Streamlit port (default 8501)")
    demo.add_argument(
        "--notebook",
        action="store_true",
        help="also start JupyterLab on notebooks/quickstart.ipynb (port 8888)",
    )
    args = parser.parse_args(argv)

    app = Path(__file__).parent / "demo_app.py"
    streamlit = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app),
        "--server.port",
        str(args.port),
        "--server.address",
        "localhost",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]
    lab = None
    notebook = Path.cwd() / "notebooks" / "quickstart.ipynb"
    if args.notebook:
        if (
            not notebook.exists()
            or shutil.which("jupyter", path=str(Path(sys.executable).parent)) is None
        ):
            print(
                "lwcharts demo: --notebook needs JupyterLab and notebooks/quickstart.ipynb "
                "(run from the repository root after `pip install -e .[notebook]`)",
                file=sys.stderr,
            )
            return 2
        command = [sys.executable, "-m", "jupyterlab", str(notebook), "--no-browser"]
        command += ["--port", "8888", "--ServerApp.ip", "localhost"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.append("--allow-root")  # containers and CI machines often run as root
        lab = subprocess.Popen(command)
    print(f"lwcharts demo app:     http://localhost:{args.port}", flush=True)
    if lab is not None:
        print(
            "quick-start notebook:  see the JupyterLab URL (with its token) printed below",
            flush=True,
        )
    try:
        # The demo is the documented local use: the app shares the notebooks' settings
        # (docs/deploying.md, "Whose settings").
        from lwcharts.streamlit._scope import OS_USER_ENV

        return subprocess.call(streamlit, env={**os.environ, OS_USER_ENV: "1"})
    except KeyboardInterrupt:
        return 0
    finally:
        if lab is not None:
            lab.terminate()
            lab.wait(10)


if __name__ == "__main__":
    raise SystemExit(main())
