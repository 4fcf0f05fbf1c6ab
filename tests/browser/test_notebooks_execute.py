"""Every notebook in notebooks/ runs top to bottom in a real python3 kernel without an error."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

pytestmark = pytest.mark.notebook

NOTEBOOKS = sorted((Path(__file__).resolve().parents[2] / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("notebook_path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs_without_error(
    notebook_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notebook = nbformat.read(notebook_path, as_version=4)
    # Without a kernelspec, JupyterLab asks the user to pick a kernel before anything runs.
    assert notebook.metadata.get("kernelspec", {}).get("name") == "python3"

    # Run in a scratch copy of the folder, with a scratch series-config store, so the run
    # touches neither the repository nor the user's real config.
    workdir = tmp_path / "notebooks"
    shutil.copytree(
        notebook_path.parent, workdir, ignore=shutil.ignore_patterns(".ipynb_checkpoints")
    )
    monkeypatch.setenv("LWCHARTS_CONFIG_DIR", str(tmp_path / "lwcharts-config"))

    # Raises CellExecutionError, naming the cell and the traceback, at the first failing cell.
    NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(workdir)}}
    ).execute()
