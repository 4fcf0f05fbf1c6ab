"""The core knows no host: ``import lwcharts`` loads neither a host package nor a store engine,
and the facts both languages share are the ones the generated JSON carries."""

import subprocess
import sys
from typing import get_args

import pytest

from lwcharts.settings.schema import SHARED, EventKind, ScaleMode, SeriesType

# Host packages, and the modules that read or write the settings file.
NOT_LOADED_BY_THE_CORE = (
    "anywidget",
    "ipywidgets",
    "IPython.display",
    "streamlit",
    "traitlets",
    "platformdirs",
    "lwcharts.jupyter",
    "lwcharts.streamlit",
    "lwcharts.settings.file_store",
    "lwcharts.settings.session_store",
    "lwcharts.settings.link",
    "lwcharts.store",
    "lwcharts.settings.store_choice",
    "lwcharts.settings.sql_store",
    "sqlalchemy",
)


@pytest.mark.parametrize(
    "statement",
    ["import lwcharts", "import lwcharts.events, lwcharts.indicators", "import lwcharts.wire.live"],
)
def test_importing_the_core_loads_no_host_and_no_store_engine(statement: str) -> None:
    code = (
        f"{statement}\nimport sys\n"
        f"print(','.join(m for m in {NOT_LOADED_BY_THE_CORE!r} if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == "", f"`{statement}` imported {loaded}"


def test_python_literal_types_list_the_shared_values() -> None:
    assert list(get_args(SeriesType)) == SHARED["seriesTypes"]
    assert list(get_args(ScaleMode)) == SHARED["scaleModes"]
    assert list(get_args(EventKind)) == SHARED["eventKinds"]
