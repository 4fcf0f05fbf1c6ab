"""Browser-side benchmarks of lwcharts in a real JupyterLab and a real `streamlit run`.

Debian chromium driven by Playwright (headless), against floors measured in the same run:

1. first-paint and long series: DataFrame → first painted frame (100k, 1M, 10M OHLC bars) in
   JupyterLab and in Streamlit (not 10M), against a static page that hands the same bars (JSON
   rows) to lightweight-charts' own `setData`; on the same charts, frames/s while panning (drag)
   and zooming (mouse wheel out to every bar and back), and the chart's browser memory as a
   multiple of the raw columns.
2. rerun-bytes: websocket bytes of a Streamlit rerun that leaves a 100k-bar chart unchanged.
3. live: `series.update(row)` into a 100k-bar series in JupyterLab: as fast as a cell can loop
   (`live`, a new bar every 4 rows), and paced at 500 rows/s (`live-realistic`: ticks on the
   last bar, a new bar every second; `live-worst`: every row a new bar): paints per second in
   the page, CPU of kernel, server and browser, bytes per tick; each against a page that hands
   the same rows at the same rate to lightweight-charts directly (`...-floor`).
4. settings: a line width changed in the settings dialog (JupyterLab) → on disk in the store.
5. streamlit-fragment: examples/live_fragment_app.py, a fragment adding one bar a second to
   a 2,000-bar chart: websocket bytes per update and latency from the message to the paint.

Every case runs in a fresh process with its own server and browser (`--timeout` each). What
runs in the hosts and pages is in benchmarks/apps and benchmarks/pages; servers and browser come
from tests/support. Usage: `benchmarks/run browser`, or from the repo root
`PYTHONPATH=. .venv/bin/python benchmarks/browser.py [--cases ...]`.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import itertools
import json
import math
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Locator, Page
from playwright.sync_api import Error as PlaywrightError

from benchmarks import bare_cdp, cpu
from benchmarks.apps import notebooks
from benchmarks.apps.kernel import KERNEL_PID, LIVE_STATS
from benchmarks.encode import EXPECTED_FIRST, OHLC, STEP_SECONDS, checkout, cpu_model, make_frame
from tests.support import browser as chromium_browser
from tests.support import servers
from tests.support.chart_page import wait_for_chart
from tests.support.jupyterlab import KERNEL_IDLE, RUN_CELL, error_outputs, open_notebook
from tests.support.settings_dialog import STORE_JOURNAL, open_settings, select_tab, stored_config
from tests.support.streamlit import SCRIPT_IDLE

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PAGES = HERE / "pages"
PROBES = PAGES / "probes"
STREAMLIT_APP = HERE / "apps" / "streamlit_chart.py"
FRAGMENT_APP = REPO / "examples" / "live_fragment_app.py"
FRAGMENT_UPDATES = 8
# Kernels and apps import benchmarks.* from this checkout.
CHECKOUT_ENV = {
    "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
}

# JupyterLab drops a kernel's messages above 1,000/s by default; the live loop can send more,
# and a dropped row would leave the run waiting for it.
NO_RATE_LIMIT = ("--ZMQChannelsWebsocketConnection.limit_rate=False",)

RESULT_MARK = "RESULT "
# A timed-out worker's time to stop its servers and browser before it is killed.
WORKER_STOP_GRACE_S = 30.0
RUNS = 3
SIZES = (100_000, 1_000_000, 10_000_000)
# From this size, first paint is one run (no warm-up, no median): 10M bars take minutes per run.
ONE_RUN_FROM = 10_000_000
# The longest a first paint is waited for; a chart that takes longer "did not paint in N s".
PAINT_CAP_S = 240.0
# The floor's bars are JSON files of at most this many rows each: one 10M-row text (1.3 GB)
# would exceed V8's longest string (about 512 M characters) before lightweight-charts saw a bar.
JSON_PART_ROWS = 1_000_000
# Long series: the raw columns are 5 float64 columns (time, open, high, low, close) per bar.
RAW_BYTES_PER_BAR = 5 * 8
GOAL_MEMORY = 3.0  # × the raw columns
GOAL_PAINT_MS = {1_000_000: 1000.0, 10_000_000: 3000.0}  # issue 12: first paint, both hosts
GOAL_PAINT = 1.3  # × the floor
GOAL_RERUN_BYTES = 2048
GOAL_PAINTS = 60.0  # per second


# The paced live cases: rows per second, rows per bar, and their goals (paints/s, browser CPU %).
@dataclass(frozen=True)
class LivePace:
    rate: float  # rows per second
    ticks_per_bar: int  # a new bar every this many rows
    paints: float  # goal: at least this many paints per second
    cpu: float | None  # goal: browser CPU at most this % of a core


LIVE_PACED = {
    "live-realistic": LivePace(rate=500.0, ticks_per_bar=500, paints=55.0, cpu=50.0),
    "live-worst": LivePace(rate=500.0, ticks_per_bar=1, paints=30.0, cpu=None),
}
LIVE_TICKS_PER_BAR = 4  # the unpaced `live` case
# `live-realistic-repaint`: lightweight-charts alone holding as many rows as lwcharts' plan hands
# it for the 100k-bar live chart (its snapshot's `displayedRows`, printed beside it), one tick
# per frame: what a chart repainting every frame costs this browser, whoever drives it.
LIVE_REPAINT_ROWS = 1_830
LIVE_REPAINT_RATE = 60.0
GOAL_SETTINGS_MS = 400.0
GOAL_FPS = 30.0
DRAWINGS_BARS = 100_000
GESTURE_SECONDS = 3.0
DEBOUNCE_MS = 300.0
LIVE_SECONDS = 5.0
LIVE_BARS = 100_000
RERUN_BARS = 100_000
SETTINGS_CHANGES = (3, 4, 1, 2, 3)
LWC_DIST = HERE.parent / "js/node_modules/lightweight-charts/dist"
LWC_STANDALONE = LWC_DIST / "lightweight-charts.standalone.production.js"
STREAMLIT_SIZES = SIZES[:2]  # 10M bars exceed Streamlit's default message size (200 MB)
CASES = (
    *(f"floor-{n}" for n in SIZES[:2]),
    *(f"jupyter-{n}" for n in SIZES[:2]),
    *(f"streamlit-{n}" for n in STREAMLIT_SIZES),
    # Long series (resampled in the browser): 10M bars; the floor's 10M may not paint in time.
    "jupyter-10000000",
    "streamlit-10000000",
    "floor-10000000",
    "rerun-bytes",
    "live",
    "live-floor",
    "live-realistic",
    "live-realistic-floor",
    "live-realistic-repaint",
    "live-worst",
    "live-worst-floor",
    "settings",
    "streamlit-fragment",
    "drawings",
)


def _median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def _expected_last(size: int) -> int:
    return EXPECTED_FIRST + (size - 1) * STEP_SECONDS


def _check_bars(where: str, snap: dict[str, Any], size: int) -> None:
    counts = [s["barCount"] for s in snap["series"]]
    if counts != [size]:
        raise AssertionError(f"{where}: drew {counts} bars, expected [{size}]")


def _paint_runs(size: int) -> int:
    """Timed first paints after the first one (a warm-up): none from ONE_RUN_FROM bars."""
    return RUNS if size < ONE_RUN_FROM else 0


def _paint_cap_ms(timeout_ms: int) -> int:
    return int(min(PAINT_CAP_S * 1000, timeout_ms))


def probe(name: str) -> str:
    """A script of benchmarks/pages/probes for `page.evaluate`: the function expression of
    `name`.js, with the probes' shared helpers (painted.js) in its scope."""
    helpers = (PROBES / "painted.js").read_text()
    function = (PROBES / f"{name}.js").read_text()
    return f"(() => {{\n{helpers}\nreturn (\n{function}\n);\n}})()"


# --- a fresh browser page in a scratch directory ----------------------------------------------


@contextmanager
def browser_page(scratch: Path) -> Iterator[Page]:
    """One page of a headless chromium whose $HOME is in `scratch`."""
    with chromium_browser.chromium(scratch / "chromium-home") as browser:
        yield new_page(browser)


def new_page(browser: Browser, console: list[str] | None = None) -> Page:
    page = chromium_browser.new_page(browser, console)
    page.set_default_timeout(120_000)
    return page


# --- the floor: lightweight-charts' own setData on a static page (benchmarks/pages) -----------


def _json_parts(bars_name: str, size: int) -> list[str]:
    """The files of the floor's bars: `bars_name` itself up to JSON_PART_ROWS rows, else
    numbered parts of it (`bars-1.json`, `bars-2.json`, ...) that floor pages fetch in turn."""
    parts = math.ceil(size / JSON_PART_ROWS)
    if parts == 1:
        return [bars_name]
    stem = bars_name.removesuffix(".json")
    return [f"{stem}-{k + 1}.json" for k in range(parts)]


def _floor_site(scratch: Path, frame: Any, bars_name: str) -> Path:
    """A static site for the floor pages: benchmarks/pages, lightweight-charts' standalone build,
    and the bars as the row objects `setData` / `update` take, in JSON (in `_json_parts`)."""
    site = scratch / "site"
    site.mkdir()
    for k, name in enumerate(_json_parts(bars_name, len(frame))):
        part = frame.iloc[k * JSON_PART_ROWS : (k + 1) * JSON_PART_ROWS]
        seconds = part.index.as_unit("s").asi8.tolist()
        columns = [part[column].tolist() for column in OHLC]
        rows = [
            dict(zip(("time", *OHLC), values, strict=True))
            for values in zip(seconds, *columns, strict=True)
        ]
        (site / name).write_text(json.dumps(rows))
    for page in (*PAGES.glob("*.html"), *PAGES.glob("*.js"), LWC_STANDALONE):
        (site / page.name).write_bytes(page.read_bytes())
    return site


def _floor_painted(
    page: Page, size: int, timeout_ms: int, console: Sequence[str] = ()
) -> dict[str, Any] | str:
    """floor.js's result once it painted, checked; or why it did not paint (within the cap, an
    error in the page, the page crashed), with how far it got (floor.js's last console line)."""
    cap_ms = _paint_cap_ms(timeout_ms)

    def got_to() -> str:
        return f" ({console[-1].removeprefix('[log] ')})" if console else ""

    try:
        # Playwright's timeout runs in its driver: it fires even while setData blocks the page.
        page.wait_for_function(
            "() => window.floorPainted !== undefined || window.floorError !== undefined",
            timeout=cap_ms,
        )
        result: dict[str, Any] | None = page.evaluate("() => window.floorPainted ?? null")
        if result is None:
            return f"did not paint: {page.evaluate('() => window.floorError')}{got_to()}"
    except PlaywrightError as error:
        if "Timeout" in error.message:
            return f"did not paint in {cap_ms / 1000:.0f} s{got_to()}"
        why = error.message.splitlines()[0].split(": ", 1)[-1].strip()
        return f"did not paint: {why}{got_to()}"
    if result["bars"] != size or result["first"] != EXPECTED_FIRST:
        raise AssertionError(f"floor drew {result}")
    if result["last"] != _expected_last(size):
        raise AssertionError(f"floor: last time {result['last']}")
    return result


def run_floor(size: int, scratch: Path, timeout_ms: int) -> dict[str, Any]:
    """First paint (median of RUNS pages after a warm-up page), and on the warm-up page the
    chart's memory and the pan and zoom gestures."""
    bars = f"bars-{size}.json"
    site = _floor_site(scratch, make_frame(size), bars)
    parts = _json_parts(bars, size)
    found: dict[str, Any] = {"json_bytes": sum((site / name).stat().st_size for name in parts)}
    url = f"floor.html?run=floor&bars={','.join(parts)}"
    with (
        servers.static_files(site, scratch) as server,
        chromium_browser.chromium(scratch / "chromium-home") as browser,
    ):
        console: list[str] = []
        page = new_page(browser, console)
        page.goto(f"{server.url}/{url}&manual")
        page.wait_for_function("() => window.startFloor !== undefined")
        empty = heap_usage(page)
        page.evaluate("() => { window.startFloor(); }")
        first = _floor_painted(page, size, timeout_ms, console)
        if isinstance(first, str):
            return {**found, "error": first}
        found["memory"] = chart_memory(empty, heap_usage(page), size)
        found["gestures"] = long_series_gestures(page, page.locator("#chart"), size)
        found["memory_after_gestures"] = chart_memory(empty, heap_usage(page), size)
        page.context.close()
        runs = []
        for _ in range(_paint_runs(size)):
            page = new_page(browser)
            page.goto(f"{server.url}/{url}")
            result = _floor_painted(page, size, timeout_ms)
            page.context.close()
            if isinstance(result, str):
                return {**found, "error": result}
            runs.append(result)
    runs = runs or [first]
    return {
        **found,
        "ms": _median([r["ms"] for r in runs]),
        "deliver_ms": _median([r["deliverMs"] for r in runs]),
        "draw_ms": _median([r["drawMs"] for r in runs]),
        "runs": [r["ms"] for r in runs],
    }


# --- long series: memory and the pan / zoom gestures ----------------------------------------

# What Runtime.getHeapUsage reports (CDP): V8's heap in use, array buffers' backing stores (typed
# columns, websocket and comm buffers) and external strings, and Blink's own heap (the DOM).
HEAP_FIELDS = ("usedSize", "backingStorageSize", "embedderHeapUsedSize")


def heap_usage(page: Page) -> dict[str, int]:
    """The page's JS memory (bytes) after a full garbage collection, through a CDP session."""
    session = page.context.new_cdp_session(page)
    try:
        session.send("HeapProfiler.collectGarbage")
        usage = session.send("Runtime.getHeapUsage")
    finally:
        session.detach()
    missing = [field for field in HEAP_FIELDS if field not in usage]
    if missing:
        raise AssertionError(f"Runtime.getHeapUsage has no {missing}: {usage}")
    return {field: int(usage[field]) for field in HEAP_FIELDS}


def chart_memory(empty: dict[str, int], drawn: dict[str, int], size: int) -> dict[str, Any]:
    """The chart's share of the page's memory: with it drawn minus before it, against the raw
    columns of `size` bars."""
    chart = sum(drawn[field] - empty[field] for field in HEAP_FIELDS)
    raw = size * RAW_BYTES_PER_BAR
    found = {"chart_bytes": chart, "raw_bytes": raw, "ratio": chart / raw}
    return {**found, "empty": empty, "drawn": drawn}


# --- JupyterLab (the notebooks: benchmarks/apps/notebooks.py) -----------------------------------


def run_cell(page: Page, index: int, timeout_ms: int) -> None:
    if not page.evaluate(RUN_CELL, [index, timeout_ms]):
        raise AssertionError(f"cell {index} failed:\n{cell_errors(page)}")


def cell_errors(page: Page) -> str:
    return "\n".join(error_outputs(page))


def time_chart_cell(page: Page, timeout_ms: int) -> dict[str, Any]:
    """Run the chart cell (1) and time it to the chart's first painted frame."""
    result: dict[str, Any] = page.evaluate(probe("time-chart-cell"), [1, timeout_ms])
    if not result["cellOk"]:
        raise AssertionError(f"chart cell failed:\n{cell_errors(page)}")
    return result


@contextmanager
def notebook_page(
    scratch: Path, cells: Sequence[str], timeout_ms: int, **parameters: Any
) -> Iterator[tuple[Page, servers.Server, Path, Path]]:
    """JupyterLab with `bench.ipynb` of `cells` open and its first cell run; yields (page,
    server, root dir, lwcharts config dir)."""
    with servers.jupyterlab(scratch, env=CHECKOUT_ENV, extra_args=NO_RATE_LIMIT) as (
        server,
        root,
        config,
    ):
        notebooks.write_notebook(root / "bench.ipynb", cells, **parameters)
        with browser_page(scratch) as page:
            open_notebook(page, server.url, "bench.ipynb", timeout_ms=120_000)
            run_cell(page, 0, timeout_ms)
            yield page, server, root, config


def run_jupyter(size: int, scratch: Path, timeout_ms: int) -> dict[str, Any]:
    """On Playwright, a first run of the chart cell (the warm-up), the chart's memory and the
    pan and zoom gestures; then, on a bare page (benchmarks/bare_cdp.py: Playwright's copy of
    every websocket frame would be timed too), first paint: the median of RUNS reruns."""
    with servers.jupyterlab(scratch, env=CHECKOUT_ENV, extra_args=NO_RATE_LIMIT) as (
        server,
        root,
        _config,
    ):
        notebooks.write_notebook(root / "bench.ipynb", notebooks.PAINT_CELLS, bars=size)
        with browser_page(scratch) as page:
            open_notebook(page, server.url, "bench.ipynb", timeout_ms=120_000)
            run_cell(page, 0, timeout_ms)
            page.locator('.lwcharts[data-ready="true"]').first.wait_for(timeout=timeout_ms)
            empty = heap_usage(page)
            first = time_chart_cell(page, _paint_cap_ms(timeout_ms))
            _check_bars("jupyter", first["snap"], size)
            memory = chart_memory(empty, heap_usage(page), size)
            chart = page.locator(".jp-Cell >> nth=1").locator('.lwcharts[data-ready="true"]')
            gestures = long_series_gestures(page, chart, size)
            after_gestures = chart_memory(empty, heap_usage(page), size)
        results = []
        with bare_cdp.bare_page(scratch, f"{server.url}/lab/tree/bench.ipynb?reset") as bare:
            bare.wait_for(KERNEL_IDLE, "bench.ipynb", timeout_ms / 1000)
            if not bare.evaluate(RUN_CELL, [0, timeout_ms]):
                raise AssertionError("the setup cell failed on the bare page")
            # No warm-up here: the run on Playwright warmed the kernel and the server.
            for _ in range(max(1, _paint_runs(size))):
                result = bare.evaluate(probe("time-chart-cell"), [1, timeout_ms])
                if not result["cellOk"]:
                    raise AssertionError("the chart cell failed on the bare page")
                _check_bars("jupyter", result["snap"], size)
                results.append(result)
    runs = [r["ms"] for r in results]
    return {
        "ms": _median(runs),
        "runs": runs,
        "playwright_ms": first["ms"],
        "envelope_bytes": results[-1]["snap"]["received"]["lastBytes"],
        "memory": memory,
        "memory_after_gestures": after_gestures,
        "memory_after_reruns": None,
        "gestures": gestures,
    }


# --- Streamlit (the app: benchmarks/apps/streamlit_chart.py) -----------------------------------


def streamlit_app(scratch: Path, bars: int, show: str = "always") -> Any:
    """`streamlit run` of the benchmark app in `scratch`, with `bars` bars. From 5M bars on, with
    `server.maxMessageSize` raised to 400 MB, as a user must (10M candles: 360 MB)."""
    env = {**CHECKOUT_ENV, "LWCHARTS_BENCH_BARS": str(bars), "LWCHARTS_BENCH_SHOW": show}
    if bars >= 5_000_000:
        env["STREAMLIT_SERVER_MAX_MESSAGE_SIZE"] = "400"
    return servers.streamlit(STREAMLIT_APP, scratch, env)


def settle(page: Page) -> None:
    """The script is idle and stays idle (the component's own reruns have run)."""
    for _ in range(3):
        page.wait_for_timeout(400)
        page.locator(SCRIPT_IDLE).wait_for(timeout=120_000)


def _streamlit_memory_and_gestures(
    server: servers.Server, scratch: Path, size: int, timeout_ms: int
) -> dict[str, Any]:
    """On Playwright: the chart's memory (the page before "Show chart" is clicked and after),
    the pan and zoom gestures, and the first paint as Playwright sees it."""
    found: dict[str, Any] = {}
    with browser_page(scratch) as page:
        page.goto(server.url)
        page.locator(SCRIPT_IDLE).wait_for(timeout=timeout_ms)
        page.get_by_role("button", name="Show chart").wait_for()
        empty = heap_usage(page)
        result = page.evaluate(probe("time-show-chart"), timeout_ms)
        _check_bars("streamlit", result["snap"], size)
        found["playwright_ms"] = result["ms"]
        settle(page)
        found["memory"] = chart_memory(empty, heap_usage(page), size)
        chart = page.locator(_CHART_IN_COMPONENT).first
        found["gestures"] = long_series_gestures(page, chart, size)
        found["memory_after_gestures"] = chart_memory(empty, heap_usage(page), size)
    return found


def run_streamlit(size: int, scratch: Path, timeout_ms: int) -> dict[str, Any]:
    """Memory and gestures on Playwright (`_streamlit_memory_and_gestures`), then first paint on
    a bare page (benchmarks/bare_cdp.py): median of RUNS fresh loads of the app after a warm-up
    one. From ONE_RUN_FROM bars the chart's one websocket frame would kill Playwright's driver:
    first paint only."""
    runs, snaps = [], []
    found: dict[str, Any] = {}
    with streamlit_app(scratch, size, show="on-click") as server:
        if size < ONE_RUN_FROM:
            found = _streamlit_memory_and_gestures(server, scratch, size, timeout_ms)
        show_button = (
            "() => [...document.querySelectorAll('button')]"
            ".some((b) => b.innerText.trim() === 'Show chart')"
        )
        with bare_cdp.bare_page(scratch, "about:blank") as bare:
            for number in range(RUNS + 1):  # the first is a warm-up (imports, the cached frame)
                bare.call("Page.navigate", url=server.url)
                bare.wait_for(
                    f"() => document.querySelector({json.dumps(SCRIPT_IDLE)}) !== null",
                    timeout_s=timeout_ms / 1000,
                )
                bare.wait_for(show_button, timeout_s=timeout_ms / 1000)
                result = bare.evaluate(probe("time-show-chart"), timeout_ms)
                _check_bars("streamlit", result["snap"], size)
                if number:
                    runs.append(result["ms"])
                    snaps.append(result["snap"]["received"])
    return {
        **found,
        "ms": _median(runs),
        "runs": runs,
        "envelope_bytes": snaps[-1]["lastBytes"],
    }


# --- 2. bytes of a Streamlit rerun that leaves the chart unchanged ------------------------------

_CHART_IN_COMPONENT = "[data-testid=stBidiComponentIsolated] .lwcharts[data-ready=true]"


def run_rerun_bytes(scratch: Path, timeout_ms: int) -> dict[str, Any]:
    received: list[int] = []
    sent: list[int] = []
    reruns = []
    with streamlit_app(scratch, RERUN_BARS) as server, browser_page(scratch) as page:

        def on_socket(socket: Any) -> None:
            socket.on("framereceived", lambda payload: received.append(len(payload)))
            socket.on("framesent", lambda payload: sent.append(len(payload)))

        page.on("websocket", on_socket)
        page.goto(server.url)
        page.locator(SCRIPT_IDLE).wait_for(timeout=timeout_ms)
        chart = page.locator(_CHART_IN_COMPONENT).first
        chart.wait_for(timeout=timeout_ms)
        settle(page)
        first = chart.evaluate("el => el.lwcharts.snapshot()")
        _check_bars("streamlit rerun", first, RERUN_BARS)
        first_load = sum(received)
        full_envelope = first["received"]["totalBytes"]  # the full one + header-only ones
        for _ in range(RUNS):
            before = chart.evaluate("el => el.lwcharts.snapshot().received")
            received.clear()
            sent.clear()
            page.get_by_role("button", name="Other widget").click()
            settle(page)
            after = chart.evaluate("el => el.lwcharts.snapshot()")
            _check_bars("streamlit rerun", after, RERUN_BARS)
            if not received:
                raise AssertionError("the click caused no websocket traffic")
            envelopes = after["received"]["envelopes"] - before["envelopes"]
            reruns.append(
                {
                    "ws_received": sum(received),
                    "ws_frames": len(received),
                    "ws_largest": max(received),
                    "ws_sent": sum(sent),
                    "component_envelopes": envelopes,
                    "component_bytes": after["received"]["totalBytes"] - before["totalBytes"],
                }
            )
    middle = sorted(reruns, key=lambda r: r["ws_received"])[len(reruns) // 2]
    return {
        **middle,
        "runs": [r["ws_received"] for r in reruns],
        "full_envelope": full_envelope,
        "first_load_ws": first_load,
    }


# --- 3. live updates into a 100k-bar series (JupyterLab) ----------------------------------------


def _rate(samples: list[tuple[float, dict[str, int]]]) -> tuple[float, float, float]:
    """Paints per second while rows were arriving: from the first sample after rows started to
    the last one before they stopped; also that window (start, end) in page ms."""
    rows = [s[1]["rows"] for s in samples]
    active = [i for i in range(1, len(rows)) if rows[i] > rows[i - 1]]
    if len(active) < 2:
        return 0.0, 0.0, 0.0
    start, end = active[0], active[-1] - 1  # whole intervals inside the activity only
    if end <= start:
        start, end = active[0] - 1, active[-1]
    frames = samples[end][1]["frames"] - samples[start][1]["frames"]
    span = (samples[end][0] - samples[start][0]) / 1000.0
    return frames / span, samples[start][0], samples[end][0]


def _check_live_edge(snap: dict[str, Any], last: dict[str, float]) -> None:
    """Every row arrived (the full-resolution last bar is the last tick), and the chart followed
    the live edge: its last row is that bar, not a bucket holding it, and it is in view."""
    series = snap["series"][0]
    if series["lastBar"] != last:
        raise AssertionError(f"last bar {series['lastBar']} is not {last}")
    if series["lastRow"] != last:
        raise AssertionError(f"last row {series['lastRow']} is not the last bar {last}")
    shown = snap["visibleRange"]
    if shown is None or not shown["from"] <= series["displayedRows"] - 1 <= shown["to"]:
        raise AssertionError(
            f"last row {series['displayedRows'] - 1} is not in view {shown}: {snap['resampling']}"
        )


@contextmanager
def live_notebook(
    scratch: Path, timeout_ms: int, rate: float, ticks_per_bar: int
) -> Iterator[tuple[Page, servers.Server, Path, Locator]]:
    """JupyterLab with the live notebook's LIVE_BARS-bar chart shown (checked), its live cell
    (2) not run yet; yields (page, server, root dir, the chart)."""
    with notebook_page(
        scratch,
        notebooks.LIVE_CELLS,
        timeout_ms,
        bars=LIVE_BARS,
        seconds=LIVE_SECONDS,
        rate=rate,
        ticks_per_bar=ticks_per_bar,
    ) as (page, server, root, _config):
        result = time_chart_cell(page, timeout_ms)
        _check_bars("live", result["snap"], LIVE_BARS)
        yield (
            page,
            server,
            root,
            page.locator(".jp-Cell >> nth=1").locator(".lwcharts[data-ready=true]"),
        )


def run_live(
    scratch: Path, timeout_ms: int, rate: float = 0.0, ticks_per_bar: int = LIVE_TICKS_PER_BAR
) -> dict[str, Any]:
    """`rate` rows/s (0: as fast as the kernel loops), a new bar every `ticks_per_bar` rows."""
    import psutil

    with live_notebook(scratch, timeout_ms, rate, ticks_per_bar) as (page, server, root, chart):
        before = chart.evaluate("el => el.lwcharts.snapshot()")
        kernel = int((root / KERNEL_PID).read_text())
        lab = server.process.pid
        browsers = cpu.browser_pids()
        chart.evaluate(probe("start-sampling"))
        page.wait_for_timeout(300)
        cpu0 = (
            cpu.cpu_seconds(kernel),
            cpu.cpu_seconds(lab),
            cpu.total_cpu(browsers),
        )
        wall0 = time.monotonic()
        run_cell(page, 2, timeout_ms)
        stats = json.loads((root / LIVE_STATS).read_text())
        # Every message the kernel sent has arrived and every bar is drawn.
        page.wait_for_function(
            "([el, n, bars]) => { const s = el.lwcharts.snapshot();"
            " return s.live.messages >= n && s.series[0].barCount === bars; }",
            arg=[
                chart.element_handle(),
                stats["messages"] + before["live"]["messages"],
                stats["bars"],
            ],
            timeout=timeout_ms,
        )
        wall = time.monotonic() - wall0
        cpu1 = (
            cpu.cpu_seconds(kernel),
            cpu.cpu_seconds(lab),
            cpu.total_cpu(browsers),
        )
        page.wait_for_timeout(300)
        sampled = page.evaluate(
            "() => { const s = window.__liveBench; s.running = false; return s; }"
        )
        after = chart.evaluate("el => el.lwcharts.snapshot()")
    if after["received"] != before["received"]:
        raise AssertionError(f"history re-sent: {before['received']} → {after['received']}")
    _check_live_edge(after, stats["last"])
    paints, start, end = _rate(sampled["samples"])
    rafs = [t for t in sampled["rafs"] if start <= t <= end]
    raf_rate = (len(rafs) - 1) / ((rafs[-1] - rafs[0]) / 1000.0) if len(rafs) > 1 else 0.0
    live = {k: after["live"][k] - before["live"][k] for k in after["live"]}
    return {
        "paints_per_s": paints,
        "raf_per_s": raf_rate,
        "updates": stats["updates"],
        "updates_per_s": stats["updates"] / stats["elapsed"],
        "kernel_messages": stats["messages"],
        "bytes_per_tick": stats["bytes"] / stats["updates"],
        "kernel_loop_s": stats["elapsed"],
        "bars_after": after["series"][0]["barCount"],
        "displayed_rows": after["series"][0]["displayedRows"],
        "live": live,
        "wall_s": wall,
        "cpu_kernel": 100.0 * (cpu1[0] - cpu0[0]) / wall,
        "cpu_server": 100.0 * (cpu1[1] - cpu0[1]) / wall,
        "cpu_browser": 100.0 * (cpu1[2] - cpu0[2]) / wall,
        "browser_processes": len(browsers),
        "cores": psutil.cpu_count(),
        "received_unchanged": True,
    }


def run_live_floor(
    scratch: Path, rate: float, ticks_per_bar: int = LIVE_TICKS_PER_BAR, bars: int = LIVE_BARS
) -> dict[str, Any]:
    """The same rows at the same rate, handed to lightweight-charts' `series.update` directly
    (every row, at the next animation frame) on a static page with the same 100k bars (or
    `bars`: benchmarks/live_profile.py's repaint floor)."""
    site = _floor_site(scratch, make_frame(bars), "bars.json")
    query = f"run=live-floor&bars=bars.json&rate={rate:.0f}&seconds={LIVE_SECONDS}"
    query += f"&ticks={ticks_per_bar}"
    with servers.static_files(site, scratch) as server, browser_page(scratch) as page:
        browsers = cpu.browser_pids()
        page.goto(f"{server.url}/floor.html?{query}")
        page.wait_for_function("() => document.querySelector('canvas') !== null")
        cpu0, wall0 = cpu.total_cpu(browsers), time.monotonic()
        result = page.evaluate("() => window.liveResult")
        wall = time.monotonic() - wall0
        used = 100.0 * (cpu.total_cpu(browsers) - cpu0) / wall
    if result["rows"] != result["made"]:
        raise AssertionError(f"live floor: {result}")
    return {**result, "rate": rate, "cpu_browser": used}


# --- 5. a Streamlit fragment appending bars -----------------------------------------------------


def run_streamlit_fragment(scratch: Path, timeout_ms: int) -> dict[str, Any]:
    """Bytes per fragment update and the latency from the websocket message to the paint."""
    with (
        servers.streamlit(FRAGMENT_APP, scratch, CHECKOUT_ENV) as server,
        browser_page(scratch) as page,
    ):
        page.add_init_script((PROBES / "ws-arrivals.js").read_text())
        page.goto(server.url)
        page.locator(SCRIPT_IDLE).wait_for(timeout=timeout_ms)
        chart = page.locator(_CHART_IN_COMPONENT).first
        chart.wait_for(timeout=timeout_ms)
        first_load = page.evaluate("() => window.__wsArrivals.reduce((a, [, b]) => a + b, 0)")
        chart.evaluate("el => { el.__sameMount = true; }")
        chart.evaluate((PROBES / "watch-bars.js").read_text())
        page.wait_for_function(
            "n => window.__barsBench.changes.length >= n",
            arg=FRAGMENT_UPDATES + 1,
            timeout=timeout_ms,
        )
        changes, arrivals = page.evaluate(
            "() => { window.__barsBench.running = false;"
            " return [window.__barsBench.changes, window.__wsArrivals]; }"
        )
        same_mount = chart.evaluate("el => el.__sameMount === true")
    latencies, sizes = [], []
    for (start, _), (paint, _) in itertools.pairwise(changes):
        window = [(t, size) for t, size in arrivals if start < t <= paint]
        if window:  # the largest message of the update carries the chart's envelope
            latencies.append(paint - max(window, key=lambda arrival: arrival[1])[0])
            sizes.append(sum(size for _, size in window))
    bars = [count for _, count in changes]
    return {
        "bytes_per_update": _median(sizes),
        "latency_ms": _median(latencies),
        "latency_max_ms": max(latencies),
        "updates": len(sizes),
        "bars_per_update": (bars[-1] - bars[0]) / max(len(bars) - 1, 1),
        "first_load_bytes": first_load,
        "same_mount": same_mount,
    }


# --- 4. settings change → on disk (JupyterLab) ------------------------------------------------


def run_settings(scratch: Path, timeout_ms: int) -> dict[str, Any]:
    latencies = []
    with notebook_page(scratch, notebooks.SETTINGS_CELLS, timeout_ms) as (page, _, _, config):
        store = config / STORE_JOURNAL  # each write appends to it
        chart = wait_for_chart(page.locator(".jp-OutputArea-output"), timeout_ms)
        dialog = open_settings(chart, "sma")
        select_tab(dialog, "style")
        box = dialog.locator("input[data-option=lineWidth]")
        for value in SETTINGS_CHANGES:
            mtime = store.stat().st_mtime_ns if store.exists() else 0
            started = time.monotonic()
            box.fill(str(value))
            box.press("Tab")
            while True:
                elapsed = time.monotonic() - started
                now = store.stat().st_mtime_ns if store.exists() else 0
                if now != mtime and _stored_line_width(config) == value:
                    break
                if elapsed > timeout_ms / 1000.0:
                    raise AssertionError(f"lineWidth {value} not stored within {elapsed} s")
                time.sleep(0.01)
            latencies.append(elapsed * 1000.0)
            time.sleep(1.0)  # let the debounce of this change end before the next
    return {"ms": _median(latencies), "runs": latencies}


# Frames the page paints while a gesture runs: requestAnimationFrame callbacks, which stall when
# the main thread is busy drawing; fps = frames / seconds, and the longest gap between frames.
_START_FRAMES = """() => {
  const frames = (window.__frames = []);
  const tick = (t) => {
    frames.push(t);
    if (window.__frames === frames) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}"""
_STOP_FRAMES = """() => {
  const frames = window.__frames; window.__frames = null;
  const gaps = frames.slice(1).map((t, i) => t - frames[i]);
  const seconds = (frames[frames.length - 1] - frames[0]) / 1000;
  return { fps: (frames.length - 1) / seconds, worstMs: Math.max(...gaps),
           frames: frames.length - 1, seconds };
}"""
GESTURE_STEPS = 30  # mouse moves per sweep across the chart


def _gesture_fps(
    page: Page, chart: Any, *, pan: bool, view: Callable[[], dict[str, Any]] | None = None
) -> dict[str, Any]:
    """Pan (drag left and right) or move the crosshair across the chart for GESTURE_SECONDS
    (checked at every mouse move: a slow page ends its sweep early). With `view` (the chart's
    view state, probes/view-state.js), also where the view was before and after the first
    sweep (or the gesture, when that ended first), while the button is still down."""
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    y = box["y"] + box["height"] * 0.35
    left, right = box["x"] + box["width"] * 0.2, box["x"] + box["width"] * 0.8
    page.mouse.move(left, y)
    views = [view()] if view is not None else []
    if pan:
        page.mouse.down()
    page.evaluate(_START_FRAMES)
    started = time.monotonic()
    for sweep in itertools.count():
        start, end = (left, right) if sweep % 2 == 0 else (right, left)
        for step in range(1, GESTURE_STEPS + 1):
            if time.monotonic() - started >= GESTURE_SECONDS:
                break
            page.mouse.move(start + (end - start) * step / GESTURE_STEPS, y)
        else:
            if sweep == 0 and view is not None:
                views.append(view())
            continue
        break
    result: dict[str, Any] = page.evaluate(_STOP_FRAMES)
    if view is not None and len(views) == 1:  # the first sweep did not end in time
        views.append(view())
    if pan:
        page.mouse.up()
    return {**result, "views": views} if view is not None else result


# --- long series: pan and zoom with the real mouse ----------------------------------------------

# lightweight-charts changes the bar spacing by a tenth per wheel step (deltaY ±100): × 0.9 out,
# × 1.1 in. A fresh chart shows bars 6 px apart (lightweight-charts' default, which lwcharts'
# resampled charts start from too).
WHEEL_OUT, WHEEL_IN, START_BAR_SPACING = 0.9, 1.1, 6.0
WHEEL_DELTA = 100
WHEEL_INTERVAL_S = 0.025  # at most 40 wheel steps a second: a fast spin of a real wheel
ZOOM_X = 0.9  # the wheel turns at 90 % of the chart's width: the latest bars stay in view
GESTURE_BUDGET_S = 60.0  # a zoom phase that takes longer stops there (a page far too slow)


def wheel_steps(size: int, width_px: float) -> tuple[int, int]:
    """Wheel steps out from a fresh chart until every one of `size` bars is in view (plus 3),
    and the steps in that bring the bar spacing back to where it started."""
    span = width_px / START_BAR_SPACING  # bars in view at the start
    out = math.ceil(math.log(size / ZOOM_X / span) / math.log(1 / WHEEL_OUT)) + 3
    return out, round(out * math.log(1 / WHEEL_OUT) / math.log(WHEEL_IN))


def _wheel_fps(page: Page, delta: int, steps: int) -> dict[str, Any]:
    """Frames while the wheel turns `steps` steps (of `delta`) at most every WHEEL_INTERVAL_S."""
    page.evaluate(_START_FRAMES)
    started, done = time.monotonic(), 0
    while done < steps and time.monotonic() - started < GESTURE_BUDGET_S:
        page.mouse.wheel(0, delta)
        done += 1
        time.sleep(max(0.0, started + done * WHEEL_INTERVAL_S - time.monotonic()))
    result: dict[str, Any] = page.evaluate(_STOP_FRAMES)
    return {**result, "steps": done, "of": steps}


def view_state(chart: Locator) -> Callable[[], dict[str, Any]]:
    """Reads the chart's view (probes/view-state.js): lwcharts' test hook, or the floor's chart."""
    script = (PROBES / "view-state.js").read_text()
    return lambda: dict(chart.evaluate(script))


def _pan_moved(pan: dict[str, Any]) -> str | None:
    """Why the first sweep of a pan did not move the view, or None. A pan that works moves it
    (on a slow page only as far as the moves it handled); one that does not, not at all: the
    bar is 1 % of the view's span."""
    before, after = pan["views"]
    shift, span = abs(after["from"] - before["from"]), before["to"] - before["from"]
    if shift < 0.01 * span:
        return f"the drag moved the view {shift:.1f} of {span:.1f} rows"
    return None


def long_series_gestures(page: Page, chart: Locator, size: int) -> dict[str, Any]:
    """On a fresh chart of `size` bars: pan (drag), zoom out with the wheel until every bar is
    in view, pan there, zoom back in. Each measure is frames/s and the worst frame; a measure
    whose gesture did not do what it should (the view did not move; not every bar in view, or
    no coarser rows in an lwcharts chart; not back at the start) carries an `error`."""
    view = view_state(chart)
    start = view()
    pan = _gesture_fps(page, chart, pan=True, view=view)
    box = chart.bounding_box()
    if box is None:
        raise AssertionError("the chart is not visible")
    steps_out, steps_in = wheel_steps(size, box["width"])
    page.mouse.move(box["x"] + box["width"] * ZOOM_X, box["y"] + box["height"] * 0.35)
    before_zoom = view()
    out = _wheel_fps(page, WHEEL_DELTA, steps_out)
    page.wait_for_timeout(500)  # lwcharts re-plans two frames after the last step
    zoomed_out = view()
    pan_out = _gesture_fps(page, chart, pan=True, view=view)
    page.mouse.move(box["x"] + box["width"] * ZOOM_X, box["y"] + box["height"] * 0.35)
    back = _wheel_fps(page, -WHEEL_DELTA, steps_in)
    page.wait_for_timeout(500)
    end = view()
    frames = out["frames"] + back["frames"]
    seconds = out["seconds"] + back["seconds"]
    zoom = {
        "fps": frames / seconds,
        "worstMs": max(out["worstMs"], back["worstMs"]),
        "frames": frames,
        "seconds": seconds,
        "out": out,
        "in": back,
        "views": [before_zoom, zoomed_out, end],
    }
    resampled = chart.evaluate("el => 'lwcharts' in el")  # lwcharts, not the floor
    zoomed_out_error = None
    if out["steps"] < out["of"]:
        zoomed_out_error = f"{out['steps']} of {out['of']} steps out in {GESTURE_BUDGET_S:.0f} s"
    elif zoomed_out["barsInView"] < 0.9 * size:
        zoomed_out_error = f"zoomed out, {zoomed_out['barsInView']:,.0f} of {size:,} bars in view"
    elif resampled and not zoomed_out["factor"] > before_zoom["factor"]:
        zoomed_out_error = (
            f"zoomed out, the rows are not coarser: {before_zoom['factor']} → "
            f"{zoomed_out['factor']} bars a row"
        )
    errors = {
        "pan": _pan_moved(pan),
        # Panned where not every bar was in view, it is not this measure.
        "pan_zoomed_out": "not every bar was in view" if zoomed_out_error else _pan_moved(pan_out),
        "zoom": zoomed_out_error,
    }
    # Back at the start's resolution. Not at its bar count: the same turns in as out overshoot
    # when zooming out stopped early (lwcharts has every bar in view long before the floor's
    # 0.5 px per bar, and further turns out do nothing, as in lightweight-charts).
    back_home = end["factor"] == before_zoom["factor"]
    if zoomed_out_error is None and back["steps"] < back["of"]:
        errors["zoom"] = f"{back['steps']} of {back['of']} steps in, in {GESTURE_BUDGET_S:.0f} s"
    elif zoomed_out_error is None and not back_home:
        errors["zoom"] = (
            f"zoomed back in, the view is not where it was: {before_zoom['barsInView']:,.0f} → "
            f"{end['barsInView']:,.0f} bars in view, {before_zoom['factor']} → {end['factor']} "
            "bars a row"
        )
    found = {"pan": pan, "pan_zoomed_out": pan_out, "zoom": zoom}
    for measure, error in errors.items():
        if error is not None:
            found[measure]["error"] = error
    return {**found, "start": start, "replans": end["replans"] - start["replans"]}


def run_drawings(scratch: Path, timeout_ms: int) -> dict[str, Any]:
    found: dict[str, Any] = {}
    cells = notebooks.DRAWINGS_CELLS
    with notebook_page(scratch, cells, timeout_ms, bars=DRAWINGS_BARS) as (page, *_):
        for index, chart_id in ((1, "with-drawings"), (2, "no-drawings")):
            run_cell(page, index, timeout_ms)
            chart = page.locator(f'.lwcharts[data-ready="true"][data-chart-id="{chart_id}"]')
            chart.wait_for(timeout=timeout_ms)
            snap = chart.evaluate("el => el.lwcharts.snapshot()")
            _check_bars(chart_id, snap, DRAWINGS_BARS)
            # Zoomed out a little, so the view spans many drawings.
            chart.hover()
            page.mouse.wheel(0, 400)
            found[chart_id] = {
                "drawings": len(snap["drawings"]),
                "pan": _gesture_fps(page, chart, pan=True),
                "crosshair": _gesture_fps(page, chart, pan=False),
            }
    if found["with-drawings"]["drawings"] != 500:
        raise AssertionError(f"drew {found['with-drawings']['drawings']} drawings, expected 500")
    return found


def print_drawings(result: Any) -> None:
    title = (
        f"\n## 500 drawings on {DRAWINGS_BARS:,} bars, JupyterLab: frames/s while panning and "
        f"moving the crosshair ({GESTURE_SECONDS:.0f} s each)\n"
    )
    header = ["gesture", "fps", "worst frame ms", "fps, no drawings", "÷ no drawings", "goal"]
    if not _table(title, header, result):
        return
    for gesture in ("pan", "crosshair"):
        ours, peer = result["with-drawings"][gesture], result["no-drawings"][gesture]
        cells = [gesture, f"{ours['fps']:.1f}", f"{ours['worstMs']:.0f}", f"{peer['fps']:.1f}"]
        cells += [f"{ours['fps'] / peer['fps']:.2f}×"]
        cells.append(_goal(ours["fps"], GOAL_FPS, at_most=False, unit=" fps"))
        print(_row(cells))


def _stored_line_width(config: Path) -> Any:
    return (stored_config(config, "bench", "0", "sma") or {}).get("lineWidth")


# --- worker and driver --------------------------------------------------------------------------


def run_worker(case: str, timeout_s: float, rate: float) -> dict[str, Any]:
    timeout_ms = int(timeout_s * 1000)
    with tempfile.TemporaryDirectory(prefix=f"lwcharts-bench-{case}-") as tmp:
        scratch = Path(tmp)
        if case == "streamlit-fragment":
            return run_streamlit_fragment(scratch, timeout_ms)
        kind, _, size = case.partition("-")
        if kind == "floor":
            return run_floor(int(size), scratch, timeout_ms)
        if kind == "jupyter":
            return run_jupyter(int(size), scratch, timeout_ms)
        if kind == "streamlit":
            return run_streamlit(int(size), scratch, timeout_ms)
        if case == "rerun-bytes":
            return run_rerun_bytes(scratch, timeout_ms)
        if case == "live":
            return run_live(scratch, timeout_ms)
        if case == "live-floor":
            return run_live_floor(scratch, rate)
        if case == "live-realistic-repaint":
            return run_live_floor(
                scratch,
                LIVE_REPAINT_RATE,
                LIVE_PACED["live-realistic"].ticks_per_bar,
                bars=LIVE_REPAINT_ROWS,
            )
        paced = LIVE_PACED.get(case.removesuffix("-floor"))
        if paced is not None and case.endswith("-floor"):
            return run_live_floor(scratch, paced.rate, paced.ticks_per_bar)
        if paced is not None:
            return run_live(scratch, timeout_ms, paced.rate, paced.ticks_per_bar)
        if case == "settings":
            return run_settings(scratch, timeout_ms)
        if case == "drawings":
            return run_drawings(scratch, timeout_ms)
    raise ValueError(case)


def run_fresh(case: str, timeout_s: float, rate: float) -> dict[str, Any] | str:
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", case]
    command += ["--timeout", str(timeout_s), "--rate", str(rate)]
    started = time.monotonic()
    worker = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        stdout, stderr = worker.communicate(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        # SIGTERM first: the worker then stops its servers and browser (see main).
        servers.stop_process(worker, WORKER_STOP_GRACE_S)
        return "timeout"
    lines = [line for line in stdout.splitlines() if line.startswith(RESULT_MARK)]
    if worker.returncode != 0 or not lines:
        error = [line for line in stderr.strip().splitlines() if line.strip()]
        # Playwright's driver (node) prints why it died before the client sees the pipe close.
        died = [line for line in error if line.startswith("FATAL ERROR:")]
        if died:
            return f"FAILED: Playwright's driver died: {died[0]}"[:300]
        return "FAILED: " + (error[-1] if error else "no output")[:300]
    result: dict[str, Any] = json.loads(lines[-1][len(RESULT_MARK) :])
    result["wall_s"] = result.get("wall_s", time.monotonic() - started)
    return result


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _table(title: str, header: Sequence[str], result: Any) -> bool:
    """Print a section's title and table header; for a failed case also its one row. True when
    `result` holds numbers to print."""
    print(title)
    print(_row(header))
    print(_row(["---:"] * len(header)))
    if isinstance(result, str):
        print(_row([result] + ["—"] * (len(header) - 1)))
        return False
    return True


def _num(result: Any, key: str, fmt: str = ",.0f") -> str:
    if isinstance(result, str):
        return result.split(":")[0]
    return format(result[key], fmt)


def _goal(value: float | None, goal: float, *, at_most: bool, unit: str = "") -> str:
    if value is None:
        return "—"
    met = value <= goal if at_most else value >= goal
    return f"{'≤' if at_most else '≥'} {goal:g}{unit} {'✓' if met else '✗'}"


def _figures(result: Any) -> dict[str, Any] | None:
    """A case's result when it has figures (it ran, and painted)."""
    return result if isinstance(result, dict) and "error" not in result else None


def _failure(result: Any) -> str:
    """Why a case has no figures, short, for a table cell."""
    if isinstance(result, str):  # the worker failed: "FAILED: <exception>: <message>" or timeout
        return result.removeprefix("FAILED: ").removeprefix("Exception: ")[:140]
    if isinstance(result, dict) and "error" in result:
        return str(result["error"])[:140]
    return "—"


PAINT_CASES = [f"{kind}-{size}" for size in SIZES for kind in ("floor", "jupyter", "streamlit")]


def _sizes_run(found: dict[str, Any]) -> list[int]:
    """The sizes of which at least one first-paint case ran."""
    return [n for n in SIZES if any(case.endswith(f"-{n}") for case in found)]


LONG_HOSTS = (("floor", "floor"), ("jupyter", "JupyterLab"), ("streamlit", "Streamlit"))
GESTURES = (
    ("pan", "pan (drag), fresh view"),
    ("pan_zoomed_out", "pan, every bar in view"),
    ("zoom", "wheel out to every bar and back"),
)


def print_first_paint(found: dict[str, Any]) -> None:
    print("\n## DataFrame → first painted frame (median of 3, ms; 10M bars: one run)\n")
    goal = f"÷ floor (≤ {GOAL_PAINT:g}×)"
    header = ["bars", "floor ms (fetch+parse / setData+rAF)", "JupyterLab ms", goal]
    header += ["Streamlit ms", goal, "goal ms", "lwcharts envelope bytes", "floor JSON bytes"]
    print(_row(header))
    print(_row(["---:"] * len(header)))
    for size in _sizes_run(found):
        raw_floor = found.get(f"floor-{size}")
        floor = _figures(raw_floor)
        cells = [f"{size:,}"]
        if floor is not None:
            cells.append(
                f"{floor['ms']:,.0f} ({floor['deliver_ms']:,.0f} / {floor['draw_ms']:,.0f})"
            )
        else:
            cells.append(_failure(raw_floor))
        envelope, goal_ms, verdicts = "—", GOAL_PAINT_MS.get(size), []
        for kind, name in LONG_HOSTS[1:]:
            raw = found.get(f"{kind}-{size}")
            ours = _figures(raw)
            if ours is None:
                cells += [_failure(raw), "—"]
            else:
                envelope = f"{ours['envelope_bytes']:,}"
                cells.append(f"{ours['ms']:,.0f}")
                ratio = None if floor is None else ours["ms"] / floor["ms"]
                cells.append("—" if ratio is None else f"{ratio:.2f}× {_mark(ratio <= GOAL_PAINT)}")
            # 10M's 3 s is JupyterLab's goal; Streamlit's is to fit its message size limit.
            judged = not (kind == "streamlit" and size >= ONE_RUN_FROM)
            if goal_ms is not None and raw is not None and judged:
                verdicts.append(f"{name} {_mark(ours is not None and ours['ms'] <= goal_ms)}")
        cells.append(f"≤ {goal_ms:,.0f}: {', '.join(verdicts)}" if goal_ms and verdicts else "—")
        cells.append(envelope)
        cells.append(f"{raw_floor['json_bytes']:,}" if isinstance(raw_floor, dict) else "—")
        print(_row(cells))
    print("\nThe floor's two parts are each their own median. Runs (ms):")
    for case in PAINT_CASES:
        result = _figures(found.get(case))
        if result is not None:
            print(f"- {case}: " + ", ".join(f"{ms:,.0f}" for ms in result["runs"]))


def _mark(met: bool) -> str:
    return "✓" if met else "✗"


def print_long_series(found: dict[str, Any]) -> None:
    """Pan and zoom frames/s, and the chart's memory, for each size: lwcharts in both hosts
    against the floor."""
    print(
        f"\n## Long series: frames/s while panning and zooming with the real mouse "
        f"(worst frame ms); goal ≥ {GOAL_FPS:g} fps\n"
    )
    header = ["bars", "gesture", "floor fps (worst ms)"]
    for _, name in LONG_HOSTS[1:]:
        header += [f"{name} fps (worst ms)", "÷ floor", "goal"]
    print(_row(header))
    print(_row(["---:", "---", *["---:"] * (len(header) - 2)]))
    notes = []
    for size in _sizes_run(found):
        for measure, gesture in GESTURES:
            cells = [f"{size:,}", gesture]
            floor_fps = None
            for kind, name in LONG_HOSTS:
                raw = found.get(f"{kind}-{size}")
                result = _figures(raw)
                got = None if result is None else result.get("gestures", {}).get(measure)
                if got is None:
                    cells += [_failure(raw)] + (["—", "—"] if kind != "floor" else [])
                    continue
                mark = ""
                if "error" in got:
                    notes.append(f"{name}, {size:,} bars, {gesture}: {got['error']}")
                    mark = f" [{len(notes)}]"
                cells.append(f"{got['fps']:.1f} ({got['worstMs']:,.0f}){mark}")
                if kind == "floor":
                    floor_fps = got["fps"]
                    continue
                cells.append(f"{got['fps'] / floor_fps:.2f}×" if floor_fps else "—")
                met = got["fps"] >= GOAL_FPS
                cells.append("probe failed" if mark and met else _mark(met))
            print(_row(cells))
    for number, note in enumerate(notes, 1):
        print(f"\n[{number}] {note}")

    print(
        f"\n## Long series: the chart's browser memory after a forced GC, MB after the first "
        f"paint / after the pan and zoom gestures; goal ≤ {GOAL_MEMORY:g}× the raw columns "
        "(the larger of the two)\n"
    )
    header = ["bars", "raw columns MB", "floor MB", "÷ raw"]
    for _, name in LONG_HOSTS[1:]:
        header += [f"{name} MB", "÷ raw", "÷ floor"]
    print(_row(header))
    print(_row(["---:"] * len(header)))
    for size in _sizes_run(found):
        cells = [f"{size:,}", f"{size * RAW_BYTES_PER_BAR / 1e6:,.0f}"]
        floor_bytes = None
        for kind, _ in LONG_HOSTS:
            raw = found.get(f"{kind}-{size}")
            result = _figures(raw)
            memory = None if result is None else result.get("memory")
            if memory is None or result is None:
                cells += [_failure(raw), "—"] + (["—"] if kind != "floor" else [])
                continue
            later = result["memory_after_gestures"]
            cells.append(f"{memory['chart_bytes'] / 1e6:,.1f} / {later['chart_bytes'] / 1e6:,.1f}")
            memory = max(memory, later, key=lambda m: float(m["chart_bytes"]))
            ratio = memory["ratio"]
            if kind == "floor":
                cells.append(f"{ratio:.2f}×")
                floor_bytes = memory["chart_bytes"]
                continue
            cells.append(f"{ratio:.2f}× {_mark(ratio <= GOAL_MEMORY)}")
            cells.append(f"{memory['chart_bytes'] / floor_bytes:.2f}×" if floor_bytes else "—")
        print(_row(cells))
    for size in SIZES:
        result = _figures(found.get(f"jupyter-{size}"))
        after = None if result is None else result.get("memory_after_reruns")
        if after is not None:
            print(
                f"\nJupyterLab, {size:,} bars, after the chart cell ran {RUNS + 1} times: "
                f"{after['chart_bytes'] / 1e6:,.1f} MB ({after['ratio']:.2f}× the raw columns)"
            )


def print_rerun(result: Any) -> None:
    title = f"\n## Streamlit rerun leaving a {RERUN_BARS:,}-bar chart unchanged (median of 3)\n"
    header = ["ws bytes received", "ws frames", "largest frame", "ws bytes sent"]
    header += ["chart envelopes / bytes", "first load: chart bytes", "÷ first load", "goal"]
    if not _table(title, header, result):
        return
    ratio = result["ws_received"] / result["full_envelope"]
    cells = [f"{result['ws_received']:,}", str(result["ws_frames"])]
    cells += [f"{result['ws_largest']:,}", f"{result['ws_sent']:,}"]
    cells.append(f"{result['component_envelopes']} / {result['component_bytes']:,}")
    cells += [f"{result['full_envelope']:,}", f"{ratio:.5f}×"]
    cells.append(_goal(result["ws_received"], GOAL_RERUN_BYTES, at_most=True, unit=" B"))
    print(_row(cells))
    print("\nws bytes received per rerun: " + ", ".join(f"{b:,}" for b in result["runs"]))


def print_live(result: Any, floor: Any) -> None:
    print(f"\n## Live `series.update(row)` into a {LIVE_BARS:,}-bar series, JupyterLab\n")
    header = ["", "updates/s", "paints/s", "browser rAF/s", "rows applied", "browser CPU %"]
    header += ["kernel CPU %", "server CPU %", "history re-sent", "paints ÷ floor", "goal"]
    print(_row(header))
    print(_row(["---", *["---:"] * (len(header) - 1)]))
    if isinstance(result, str):
        print(_row(["lwcharts, JupyterLab", result] + ["—"] * (len(header) - 2)))
    else:
        ratio = "—"
        if isinstance(floor, dict) and floor["paints"]:
            ratio = f"{result['paints_per_s'] / floor['paints']:.2f}×"
        cells = ["lwcharts, JupyterLab", f"{result['updates_per_s']:,.0f}"]
        cells += [f"{result['paints_per_s']:.1f}", f"{result['raf_per_s']:.1f}"]
        cells.append(f"{result['live']['rows']:,} in {result['live']['frames']:,} frames")
        cells += [f"{result[k]:.0f}" for k in ("cpu_browser", "cpu_kernel", "cpu_server")]
        cells += ["no" if result["received_unchanged"] else "YES", ratio]
        cells.append(_goal(result["paints_per_s"], GOAL_PAINTS, at_most=False, unit="/s"))
        print(_row(cells))
    if isinstance(floor, dict):
        cells = ["floor: lightweight-charts alone, same rows/s", f"{floor['rate']:,.0f}"]
        cells += [f"{floor['paints']:.1f}", f"{floor['raf']:.1f}"]
        cells.append(f"{floor['rows']:,}")
        cells += [f"{floor['cpu_browser']:.0f}", "—", "—", "—", "1×"]
        cells.append(_goal(floor["paints"], GOAL_PAINTS, at_most=False, unit="/s"))
        print(_row(cells))
    elif floor != "—":
        print(_row(["floor", floor] + ["—"] * (len(header) - 2)))
    if isinstance(floor, dict):
        print(
            f"\nlightweight-charts' own `series.update` on the {LIVE_BARS:,}-bar page, timed "
            f"synchronously after the run: {floor['appendMs']:.2f} ms to append a bar, "
            f"{floor['replaceMs']:.2f} ms to replace the last one (50 of each)"
        )
    if isinstance(result, dict):
        print(
            f"\n{result['updates']:,} updates in {result['kernel_loop_s']:.1f} s of kernel loop; "
            f"CPU over {result['wall_s']:.1f} s wall (loop + drain), 100 % = one core of "
            f"{result['cores']}; browser = {result['browser_processes']} chromium processes"
        )


def print_live_paced(case: str, result: Any, floor: Any, repaint: Any = None) -> None:
    paced = LIVE_PACED[case]
    what = "a new bar every second" if paced.ticks_per_bar > 1 else "every row a new bar"
    print(
        f"\n## `{case}`: {paced.rate:.0f} rows/s into a {LIVE_BARS:,}-bar series ({what}), "
        "JupyterLab\n"
    )
    header = ["", "rows/s", "paints/s", "browser CPU %", "kernel CPU %", "bytes per tick"]
    header += ["messages", "data calls (setData)", "paints ÷ floor", "goal"]
    print(_row(header))
    print(_row(["---", *["---:"] * (len(header) - 1)]))
    goal = f"≥ {paced.paints:.0f} paints/s"
    if paced.cpu is not None:
        goal += f", browser CPU ≤ {paced.cpu:.0f} %"
    if isinstance(result, dict):
        ratio = "—"
        if isinstance(floor, dict) and floor["paints"]:
            ratio = f"{result['paints_per_s'] / floor['paints']:.2f}×"
        met = result["paints_per_s"] >= paced.paints and (
            paced.cpu is None or result["cpu_browser"] <= paced.cpu
        )
        cells = ["lwcharts, JupyterLab", f"{result['updates_per_s']:,.0f}"]
        cells += [f"{result['paints_per_s']:.1f}", f"{result['cpu_browser']:.0f}"]
        cells += [f"{result['cpu_kernel']:.0f}", f"{result['bytes_per_tick']:.1f}"]
        cells += [f"{result['kernel_messages']:,}"]
        cells += [f"{result['live']['applied']:,} ({result['live']['rebuilds']:,})", ratio]
        cells.append(f"{goal}: {'met' if met else 'MISSED'}")
        print(_row(cells))
    else:
        print(_row(["lwcharts, JupyterLab", str(result)] + ["—"] * (len(header) - 2)))
    if isinstance(floor, dict):
        cells = ["floor: lightweight-charts alone, same rows/s", f"{floor['rate']:,.0f}"]
        cells += [f"{floor['paints']:.1f}", f"{floor['cpu_browser']:.0f}", "—", "—", "—"]
        cells += [f"{floor['rows']:,} (0)", "1×", goal]
        print(_row(cells))
    elif floor != "—":
        print(_row(["floor", str(floor)] + ["—"] * (len(header) - 2)))
    if isinstance(repaint, dict):
        cells = [
            f"repaint floor: lightweight-charts alone holding {LIVE_REPAINT_ROWS:,} rows, "
            "one tick a frame",
            f"{repaint['rate']:,.0f}",
            f"{repaint['paints']:.1f}",
            f"{repaint['cpu_browser']:.0f}",
        ]
        cells += ["—"] * (len(header) - len(cells))
        print(_row(cells))
        if isinstance(result, dict) and repaint["cpu_browser"]:
            print(
                f"\nbrowser CPU ÷ the repaint floor's: "
                f"{result['cpu_browser'] / repaint['cpu_browser']:.2f}× (lwcharts' plan held "
                f"{result['displayed_rows']:,} rows)"
            )


def print_fragment(result: Any) -> None:
    title = (
        "\n## Streamlit fragment adding a bar a second to a 2,000-bar chart "
        "(examples/live_fragment_app.py)\n"
    )
    header = ["ws bytes per update", "first load bytes", "÷ first load", "message → paint ms"]
    header += ["max ms", "updates", "remounted"]
    if not _table(title, header, result):
        return
    cells = [f"{result['bytes_per_update']:,.0f}", f"{result['first_load_bytes']:,}"]
    cells.append(f"{result['bytes_per_update'] / result['first_load_bytes']:.4f}×")
    cells += [f"{result['latency_ms']:.0f}", f"{result['latency_max_ms']:.0f}"]
    cells += [str(result["updates"]), "no" if result["same_mount"] else "YES"]
    print(_row(cells))


def print_settings(result: Any) -> None:
    title = "\n## Settings dialog change → store file on disk, JupyterLab (median of 5)\n"
    header = ["median ms", "min ms", "max ms", "debounce floor ms", "÷ floor", "goal"]
    if not _table(title, header, result):
        return
    cells = [f"{result['ms']:.0f}", f"{min(result['runs']):.0f}", f"{max(result['runs']):.0f}"]
    cells += [f"{DEBOUNCE_MS:.0f}", f"{result['ms'] / DEBOUNCE_MS:.2f}×"]
    cells.append(_goal(result["ms"], GOAL_SETTINGS_MS, at_most=True, unit=" ms"))
    print(_row(cells))
    print("\nruns (ms): " + ", ".join(f"{ms:.0f}" for ms in result["runs"]))


def versions() -> str:
    from importlib import metadata

    names = ("jupyterlab", "anywidget", "streamlit", "playwright", "pandas")
    found = []
    for name in names:
        with contextlib.suppress(metadata.PackageNotFoundError):
            found.append(f"{name} {metadata.version(name)}")
    chromium = subprocess.run(["chromium", "--version"], capture_output=True, text=True)
    lwc = json.loads((LWC_STANDALONE.parents[1] / "package.json").read_text())["version"]
    return ", ".join([*found, chromium.stdout.strip(), f"lightweight-charts {lwc}"])


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", default=",".join(CASES), help=f"of {', '.join(CASES)}")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per case")
    parser.add_argument("--json", type=Path, help="also write every result to this file")
    parser.add_argument(
        "--rate", type=float, default=500.0, help="updates/s of live-floor (default: what live got)"
    )
    parser.add_argument("--worker", choices=CASES, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.worker:
        # A timed-out worker gets SIGTERM: leave through the context managers, which stop the
        # servers (their own process groups) and the browser.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
        result = run_worker(args.worker, args.timeout, args.rate)
        print(RESULT_MARK + json.dumps(result), flush=True)
        return 0
    cases = [case for case in args.cases.split(",") if case]
    unknown = set(cases) - set(CASES)
    if unknown:
        print(f"unknown cases {sorted(unknown)}; use {', '.join(CASES)}", file=sys.stderr)
        return 2
    started = time.monotonic()
    now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    print(f"# lwcharts browser benchmarks — {now}, lwcharts at {checkout()}")
    print(
        f"machine: {platform.machine()}, {cpu_model()}, {os.cpu_count()} cores, "
        f"{platform.system()}, load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )
    print(f"Python {platform.python_version()}; {versions()}; headless, 1280×900 viewport")
    print(flush=True)
    found: dict[str, Any] = {}
    for case in cases:
        live = found.get("live")
        rate = live["updates_per_s"] if isinstance(live, dict) else args.rate
        found[case] = run_fresh(case, args.timeout, rate)
        shown = found[case] if isinstance(found[case], str) else json.dumps(found[case])
        print(f"  {case}: {shown[:400]}", file=sys.stderr, flush=True)
    if any(c in found for c in PAINT_CASES):
        print_first_paint(found)
        print_long_series(found)
    if "rerun-bytes" in found:
        print_rerun(found["rerun-bytes"])
    if "live" in found or "live-floor" in found:
        print_live(found.get("live", "—"), found.get("live-floor", "—"))
    for case in LIVE_PACED:
        if case in found or f"{case}-floor" in found:
            print_live_paced(
                case,
                found.get(case, "—"),
                found.get(f"{case}-floor", "—"),
                found.get(f"{case}-repaint"),
            )
    if "settings" in found:
        print_settings(found["settings"])
    if "streamlit-fragment" in found:
        print_fragment(found["streamlit-fragment"])
    if "drawings" in found:
        print_drawings(found["drawings"])
    print(f"\nwhole run: {time.monotonic() - started:,.0f} s")
    if args.json:
        args.json.write_text(json.dumps(found, indent=1))
    failed = [case for case, r in found.items() if isinstance(r, str) and r != "timeout"]
    for case in failed:
        print(f"ERROR: {case}: {found[case]}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
