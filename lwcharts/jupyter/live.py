"""When a notebook's live rows leave the kernel: within a frame interval of the first waiting
row, at the end of each cell, and on ``Chart.flush`` / ``Series.flush``.

The model batches (``lwcharts.wire.live.LiveColumns``): ``Series.update`` only writes the row
and, when rows start waiting, tells the chart's widget, which asks the one ``LiveFlusher`` of
the kernel to flush that chart. Its thread flushes at most once a frame interval (counted from
the last flush's start), so a loop of updates costs one message per series per interval, not
one per row; the GIL lets it run while a cell loops.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lwcharts.model.chart import Chart

# One message per series per frame of a 60 Hz display, at most.
FRAME_SECONDS = 0.016

_log = logging.getLogger("lwcharts")


class LiveFlusher:
    """Flushes the charts that asked, at most once a frame interval (a thread)."""

    def __init__(self) -> None:
        self._charts: dict[int, Chart] = {}
        self._lock = threading.Lock()
        self._asked = threading.Event()
        self._thread: threading.Thread | None = None

    def ask(self, chart: Chart) -> None:
        """Flush ``chart`` within a frame interval."""
        with self._lock:
            self._charts[id(chart)] = chart
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="lwcharts-live-flush", daemon=True
                )
                self._thread.start()
        self._asked.set()

    def flush_all(self, *_args: Any) -> None:
        """Flush every chart that asked, now (also the cell-end hook: it takes the hook's
        ``result`` argument on IPython versions that pass one)."""
        with self._lock:
            charts = list(self._charts.values())
            self._charts.clear()
        for chart in charts:
            try:
                chart.flush()
            except Exception:  # a closed comm must not stop the other charts, nor the kernel
                _log.exception("lwcharts: live rows of chart %r could not be sent", chart.chart_id)

    def _run(self) -> None:
        last = -FRAME_SECONDS
        while True:
            self._asked.wait()
            self._asked.clear()
            # A frame interval from the last flush's start, not from this ask: a steady stream
            # leaves every interval (a display's 60 Hz), not every interval plus a flush.
            time.sleep(max(0.0, last + FRAME_SECONDS - time.monotonic()))
            last = time.monotonic()
            self.flush_all()


FLUSHER = LiveFlusher()
_hooked = False


def flush_at_cell_end() -> None:
    """Register ``FLUSHER.flush_all`` as the IPython ``post_execute`` hook, once (no-op
    outside IPython)."""
    global _hooked
    if _hooked:
        return
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - Jupyter hosts always have IPython
        return
    shell = get_ipython()
    if shell is None:
        return
    shell.events.register("post_execute", FLUSHER.flush_all)
    _hooked = True
