"""The benchmark notebooks: their cells call kernel.py; their parameters go to `bench.json`
next to them (the kernel's directory)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.apps.kernel import CONFIG
from tests.support import jupyterlab

# Builds the frame, and shows a small chart: that loads the widget before anything is timed.
SETUP = """\
from benchmarks.apps.kernel import live, setup, warm_up_chart
from lwcharts import Chart
frame = setup()
warm_up_chart()"""
SHOW_CHART = "chart = Chart(frame)\nchart"  # timed: DataFrame → first painted frame
LIVE = "live(chart, frame)"
SETTINGS = "from benchmarks.apps.kernel import settings_chart\nsettings_chart()"

# The same 100k-bar chart with 500 drawings and with none: panned and crosshaired in turn.
DRAWINGS = """\
from benchmarks.apps.kernel import drawings_chart
drawings_chart(frame, 500, "with-drawings")"""
NO_DRAWINGS = """\
from benchmarks.apps.kernel import drawings_chart
drawings_chart(frame, 0, "no-drawings")"""

PAINT_CELLS = (SETUP, SHOW_CHART)
DRAWINGS_CELLS = (SETUP, DRAWINGS, NO_DRAWINGS)
LIVE_CELLS = (SETUP, SHOW_CHART, LIVE)
SETTINGS_CELLS = (SETTINGS,)


def write_notebook(path: Path, cells: Sequence[str], **parameters: Any) -> None:
    """A Python 3 notebook of `cells` at `path`, and `parameters` in `bench.json` beside it."""
    jupyterlab.write_notebook(path, cells)
    (path.parent / CONFIG).write_text(json.dumps(parameters))
