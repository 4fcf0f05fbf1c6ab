"""Browser-side benchmarks of lwcharts in a real JupyterLab and a real `streamlit run`.

Debian chromium driven by Playwright (headless), against floors measured in the same run:

1. first-paint: DataFrame → first painted frame (100k, 1M OHLC bars) in JupyterLab and in
   Streamlit, against a static page that hands the same bars (JSON rows) to lightweight-charts'
   own `setData`.
2. rerun-bytes: websocket bytes of a Streamlit rerun that leaves a 100k-bar chart unchanged.
3. live: `series.update(row)` as fast as a cell can loop, into a 100k-bar series in JupyterLab:
   paints per second in the page, CPU of kernel, server and browser.
4. settings: a line width changed in the settings dialog (JupyterLab) → on disk in the store.

Every case runs in a fresh process with its own server and browser (`--timeout` each). Usage:
`benchmarks/run browser`, or `.venv/bin/python benchmarks/browser.py [--cases ...]`.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import _servers  # noqa: E402
from encode import EXPECTED_FIRST, OHLC, STEP_SECONDS, checkout, cpu_model  # noqa: E402
from lab_scripts import KERNEL_IDLE, RUN_CELL  # noqa: E402  (on the path _servers set)

RESULT_MARK = "RESULT "
RUNS = 3
SIZES = (100_000, 1_000_000)
GOAL_PAINT = 1.3  # × the floor
GOAL_RERUN_BYTES = 2048
GOAL_PAINTS = 60.0  # per second
GOAL_SETTINGS_MS = 400.0
DEBOUNCE_MS = 300.0
LIVE_SECONDS = 5.0
LIVE_BARS = 100_000
RERUN_BARS = 100_000
SETTINGS_CHANGES = (3, 4, 1, 2, 3)
LWC_DIST = HERE.parent / "js/node_modules/lightweight-charts/dist"
LWC_STANDALONE = LWC_DIST / "lightweight-charts.standalone.production.js"
CASES = (
    *(f"floor-{n}" for n in SIZES),
    *(f"jupyter-{n}" for n in SIZES),
    *(f"streamlit-{n}" for n in SIZES),
    "rerun-bytes",
    "live",
    "live-floor",
    "settings",
)


def _median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def _expected_last(size: int) -> int:
    return EXPECTED_FIRST + (size - 1) * STEP_SECONDS


def _check_bars(where: str, snap: dict[str, Any], size: int) -> None:
    counts = [s["barCount"] for s in snap["series"]]
    if counts != [size]:
        raise AssertionError(f"{where}: drew {counts} bars, expected [{size}]")


# --- the floor: lightweight-charts' own setData on a static page --------------------------------

FLOOR_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>floor</title></head>
<body style="margin:0">
<div id="chart" style="width:1240px;height:420px"></div>
<script src="lightweight-charts.standalone.production.js"></script>
<script>
window.floorResult = (async () => {
  const t0 = performance.now();
  const response = await fetch(new URLSearchParams(location.search).get('bars'));
  const bars = await response.json();
  const t1 = performance.now();
  const chart = LightweightCharts.createChart(document.getElementById('chart'), { autoSize: true });
  const series = chart.addSeries(LightweightCharts.CandlestickSeries);
  series.setData(bars);
  await new Promise((resolve) => requestAnimationFrame(resolve));
  const t2 = performance.now();
  const drawn = series.data();
  return { ms: t2 - t0, deliverMs: t1 - t0, drawMs: t2 - t1, bars: drawn.length,
           first: drawn[0].time, last: drawn[drawn.length - 1].time };
})();
</script></body></html>
"""


def _floor_site(scratch: Path, frame: Any, bars_name: str, page_name: str, page: str) -> Path:
    """A static site for a floor page: lightweight-charts' standalone build, the page, and the
    bars as the row objects `setData` / `update` take, in JSON."""
    seconds = frame.index.as_unit("s").asi8.tolist()
    columns = [frame[name].tolist() for name in OHLC]
    rows = [
        dict(zip(("time", *OHLC), values, strict=True))
        for values in zip(seconds, *columns, strict=True)
    ]
    site = scratch / "site"
    site.mkdir()
    (site / bars_name).write_text(json.dumps(rows))
    (site / page_name).write_text(page)
    (site / LWC_STANDALONE.name).write_bytes(LWC_STANDALONE.read_bytes())
    return site


def run_floor(size: int, scratch: Path) -> dict[str, Any]:
    from encode import make_frame

    site = _floor_site(scratch, make_frame(size), f"bars-{size}.json", "floor.html", FLOOR_PAGE)
    runs = []
    with _servers.static_files(site) as server, _servers.chromium(scratch) as browser:
        for number in range(RUNS + 1):  # the first is a warm-up (server, disk cache)
            page = _servers.new_page(browser)
            page.goto(f"{server.url}/floor.html?bars=bars-{size}.json")
            result = page.evaluate("() => window.floorResult")
            page.context.close()
            if result["bars"] != size or result["first"] != EXPECTED_FIRST:
                raise AssertionError(f"floor drew {result}")
            if result["last"] != _expected_last(size):
                raise AssertionError(f"floor: last time {result['last']}")
            if number:
                runs.append(result)
    return {
        "ms": _median([r["ms"] for r in runs]),
        "deliver_ms": _median([r["deliverMs"] for r in runs]),
        "draw_ms": _median([r["drawMs"] for r in runs]),
        "runs": [r["ms"] for r in runs],
        "json_bytes": (site / f"bars-{size}.json").stat().st_size,
    }


# --- JupyterLab -------------------------------------------------------------------------------


# Mark, run the cell, and resolve one animation frame after a *new* chart under the cell says
# data-ready="true" (a MutationObserver sees the attribute as it is set).
_TIME_CHART_CELL = """async ([index, timeoutMs]) => {
  const app = window.jupyterapp;
  const notebook = app.shell.currentWidget.content;
  const cellNode = notebook.widgets[index].node;
  const previous = cellNode.querySelector('.lwcharts');
  notebook.activeCellIndex = index;
  let t0 = 0;
  const drawn = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
    const check = () => {
      const el = cellNode.querySelector('.lwcharts[data-ready="true"]');
      if (el === null || el === previous) return false;
      observer.disconnect();
      requestAnimationFrame(() => {
        const ms = performance.now() - t0;
        clearTimeout(timer);
        resolve({ ms, snap: el.lwcharts.snapshot() });
      });
      return true;
    };
    const observer = new MutationObserver(check);
    observer.observe(cellNode, { subtree: true, childList: true, attributes: true,
                                 attributeFilter: ['data-ready'] });
  });
  performance.mark('lwcharts-bench-cell');
  t0 = performance.now();
  const ran = app.commands.execute('notebook:run-cell');
  const result = await drawn;
  result.cellOk = await ran;
  result.snap = { series: result.snap.series.map((s) => ({ id: s.id, barCount: s.barCount })),
                  received: result.snap.received };
  return result;
}"""


def write_notebook(path: Path, cells: Sequence[str]) -> None:
    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
    }
    notebook.cells = [nbformat.v4.new_code_cell(code) for code in cells]
    nbformat.write(notebook, path)


def open_notebook(page: Any, url: str, name: str) -> None:
    page.goto(f"{url}/lab/tree/{name}?reset")
    page.wait_for_function(KERNEL_IDLE, arg=name, timeout=120_000)


def run_cell(page: Any, index: int, timeout_ms: int) -> None:
    if not page.evaluate(RUN_CELL, [index, timeout_ms]):
        raise AssertionError(f"cell {index} failed:\n{cell_errors(page)}")


def cell_errors(page: Any) -> str:
    return page.evaluate(
        """() => window.jupyterapp.shell.currentWidget.content.widgets.flatMap((cell) =>
          cell.model.type === 'code' ? cell.model.outputs.toJSON() : [])
          .filter((o) => o.output_type === 'error').map((o) => o.ename + ': ' + o.evalue)
          .join('\\n')"""
    )


def _setup_cell(size: int) -> str:
    return textwrap.dedent(
        f"""\
        import json, os, sys, time
        sys.path.insert(0, {str(HERE)!r})
        import pandas as pd
        from encode import make_frame
        from lwcharts import Chart
        frame = make_frame({size})[["open", "high", "low", "close"]]
        open("kernel.pid", "w").write(str(os.getpid()))
        Chart(make_frame(50)[["open", "high", "low", "close"]], height=300)  # loads the widget
        """
    )


def run_jupyter(size: int, scratch: Path, timeout_ms: int) -> dict[str, Any]:
    runs, snaps = [], []
    with _servers.jupyterlab(scratch) as (server, root, _config):
        write_notebook(root / "paint.ipynb", [_setup_cell(size), "chart = Chart(frame)\nchart"])
        with _servers.chromium(scratch) as browser:
            page = _servers.new_page(browser)
            open_notebook(page, server.url, "paint.ipynb")
            run_cell(page, 0, timeout_ms)
            page.locator('.lwcharts[data-ready="true"]').first.wait_for(timeout=timeout_ms)
            for number in range(RUNS + 1):  # the first is a warm-up (Chart, encode, wire paths)
                result = page.evaluate(_TIME_CHART_CELL, [1, timeout_ms])
                if not result["cellOk"]:
                    raise AssertionError(f"chart cell failed:\n{cell_errors(page)}")
                _check_bars("jupyter", result["snap"], size)
                if number:
                    runs.append(result["ms"])
                    snaps.append(result["snap"]["received"])
    return {"ms": _median(runs), "runs": runs, "envelope_bytes": snaps[-1]["lastBytes"]}


# --- Streamlit --------------------------------------------------------------------------------

_SCRIPT_IDLE = (
    "[data-testid=stApp][data-test-connection-state=CONNECTED][data-test-script-state=notRunning]"
)

PAINT_APP = """\
import os, sys
sys.path.insert(0, {here!r})
import streamlit as st
import lwcharts
import lwcharts.streamlit as lst
from encode import make_frame

SIZE = int(os.environ["LWCHARTS_BENCH_BARS"])


@st.cache_resource
def bars():
    return make_frame(SIZE)[["open", "high", "low", "close"]]


frame = bars()
if st.button("Show chart"):
    st.session_state["show"] = True
if st.session_state.get("show"):
    lst.chart(lwcharts.Chart(frame, height=420), key="bench")
st.button("Other widget")
"""

# Mark, click "Show chart" (a rerun that mounts the chart: a new session holds no data, so the
# whole envelope goes), and resolve one animation frame after the chart in the component's
# shadow root says data-ready="true". The shadow root appears during the rerun: look for it at
# every frame, then watch it with a MutationObserver.
_TIME_SHOW_CHART = """async (timeoutMs) => {
  const button = [...document.querySelectorAll('button')]
    .find((b) => b.innerText.trim() === 'Show chart');
  let t0 = 0;
  const drawn = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
    let done = false;
    const finish = (el) => {
      if (done) return;
      done = true;
      requestAnimationFrame(() => {
        const ms = performance.now() - t0;
        clearTimeout(timer);
        const snap = el.lwcharts.snapshot();
        resolve({ ms, snap: { series: snap.series.map((s) => ({ id: s.id, barCount: s.barCount })),
                              received: snap.received } });
      });
    };
    const watched = new WeakSet();
    const look = () => {
      if (done) return;
      for (const host of document.querySelectorAll('[data-testid=stBidiComponentIsolated]')) {
        const root = host.shadowRoot;
        if (root === null) continue;
        const el = root.querySelector('.lwcharts[data-ready="true"]');
        if (el !== null) { finish(el); return; }
        if (!watched.has(root)) {
          watched.add(root);
          new MutationObserver(() => {
            const ready = root.querySelector('.lwcharts[data-ready="true"]');
            if (ready !== null) finish(ready);
          }).observe(root, { subtree: true, childList: true, attributes: true,
                             attributeFilter: ['data-ready'] });
        }
      }
      requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  });
  performance.mark('lwcharts-bench-rerun');
  t0 = performance.now();
  button.click();
  return await drawn;
}"""


def _write_app(scratch: Path, source: str) -> Path:
    app = scratch / "app" / "bench_app.py"
    app.parent.mkdir(parents=True, exist_ok=True)
    app.write_text(source.format(here=str(HERE)))
    return app


def settle(page: Any) -> None:
    """The script is idle and stays idle (the component's own reruns have run)."""
    for _ in range(3):
        page.wait_for_timeout(400)
        page.locator(_SCRIPT_IDLE).wait_for(timeout=120_000)


def run_streamlit(size: int, scratch: Path, timeout_ms: int) -> dict[str, Any]:
    app = _write_app(scratch, PAINT_APP)
    runs, snaps = [], []
    env = {"LWCHARTS_BENCH_BARS": str(size)}
    with _servers.streamlit(app, env) as server, _servers.chromium(scratch) as browser:
        for number in range(RUNS + 1):  # the first is a warm-up (imports, the cached frame)
            page = _servers.new_page(browser)
            page.goto(server.url)
            page.locator(_SCRIPT_IDLE).wait_for(timeout=timeout_ms)
            page.get_by_role("button", name="Show chart").wait_for()
            result = page.evaluate(_TIME_SHOW_CHART, timeout_ms)
            _check_bars("streamlit", result["snap"], size)
            page.context.close()
            if number:
                runs.append(result["ms"])
                snaps.append(result["snap"]["received"])
    return {"ms": _median(runs), "runs": runs, "envelope_bytes": snaps[-1]["lastBytes"]}


# --- 2. bytes of a Streamlit rerun that leaves the chart unchanged ------------------------------

RERUN_APP = """\
import sys
sys.path.insert(0, {here!r})
import streamlit as st
import lwcharts
import lwcharts.streamlit as lst
from encode import make_frame


@st.cache_resource
def bars():
    return make_frame({bars})[["open", "high", "low", "close"]]


lst.chart(lwcharts.Chart(bars(), height=420), key="bench")
st.button("Other widget")
"""

_CHART_IN_COMPONENT = "[data-testid=stBidiComponentIsolated] .lwcharts[data-ready=true]"


def run_rerun_bytes(scratch: Path, timeout_ms: int) -> dict[str, Any]:
    app = _write_app(scratch, RERUN_APP.replace("{bars}", str(RERUN_BARS)))
    received: list[int] = []
    sent: list[int] = []
    reruns = []
    with _servers.streamlit(app) as server, _servers.chromium(scratch) as browser:
        page = _servers.new_page(browser)

        def on_socket(socket: Any) -> None:
            socket.on("framereceived", lambda payload: received.append(len(payload)))
            socket.on("framesent", lambda payload: sent.append(len(payload)))

        page.on("websocket", on_socket)
        page.goto(server.url)
        page.locator(_SCRIPT_IDLE).wait_for(timeout=timeout_ms)
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

LIVE_CELL = textwrap.dedent(
    f"""\
    series = chart.series[0]
    step = pd.Timedelta(minutes=1)
    last, price = frame.index[-1], float(frame["close"].iloc[-1])
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < {LIVE_SECONDS}:
        close = price + (n % 4) * 0.01
        series.update({{"time": last + step * (1 + n // 4), "open": price, "high": price + 0.05,
                        "low": price - 0.05, "close": close}})
        n += 1
    elapsed = time.perf_counter() - t0
    open("live.json", "w").write(json.dumps({{"updates": n, "elapsed": elapsed,
                                              "bars": len(series)}}))
    """
)

# Samples (page time, frames that applied live rows) every 500 ms (a snapshot copies the
# series' data: sampling more often costs the page frames) and counts every animation
# frame, until stopped. The snapshot's `live.frames` counts flushes that applied rows.
_START_SAMPLING = """(el) => {
  const state = { samples: [], rafs: [], running: true };
  window.__liveBench = state;
  const sample = () => {
    state.samples.push([performance.now(), el.lwcharts.snapshot().live]);
    if (state.running) setTimeout(sample, 500);
  };
  const frame = (t) => { state.rafs.push(t); if (state.running) requestAnimationFrame(frame); };
  sample();
  requestAnimationFrame(frame);
}"""


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


def run_live(scratch: Path, timeout_ms: int) -> dict[str, Any]:
    import psutil

    with _servers.jupyterlab(scratch) as (server, root, _config):
        cells = [_setup_cell(LIVE_BARS), "chart = Chart(frame)\nchart", LIVE_CELL]
        write_notebook(root / "live.ipynb", cells)
        with _servers.chromium(scratch) as browser:
            page = _servers.new_page(browser)
            open_notebook(page, server.url, "live.ipynb")
            run_cell(page, 0, timeout_ms)
            result = page.evaluate(_TIME_CHART_CELL, [1, timeout_ms])
            _check_bars("live", result["snap"], LIVE_BARS)
            chart = page.locator(".jp-Cell >> nth=1").locator('.lwcharts[data-ready="true"]')
            before = chart.evaluate("el => el.lwcharts.snapshot()")
            kernel = int((root / "kernel.pid").read_text())
            lab = server.process.pid
            browsers = _servers.browser_pids()
            chart.evaluate(_START_SAMPLING)
            page.wait_for_timeout(300)
            cpu0 = (
                _servers.cpu_seconds(kernel),
                _servers.cpu_seconds(lab),
                _servers.total_cpu(browsers),
            )
            wall0 = time.monotonic()
            run_cell(page, 2, timeout_ms)
            stats = json.loads((root / "live.json").read_text())
            page.wait_for_function(
                "([el, n]) => el.lwcharts.snapshot().live.rows >= n",
                arg=[chart.element_handle(), stats["updates"] + before["live"]["rows"]],
                timeout=timeout_ms,
            )
            wall = time.monotonic() - wall0
            cpu1 = (
                _servers.cpu_seconds(kernel),
                _servers.cpu_seconds(lab),
                _servers.total_cpu(browsers),
            )
            page.wait_for_timeout(300)
            sampled = page.evaluate(
                "() => { const s = window.__liveBench; s.running = false; return s; }"
            )
            after = chart.evaluate("el => el.lwcharts.snapshot()")
    if after["received"] != before["received"]:
        raise AssertionError(f"history re-sent: {before['received']} → {after['received']}")
    paints, start, end = _rate(sampled["samples"])
    rafs = [t for t in sampled["rafs"] if start <= t <= end]
    raf_rate = (len(rafs) - 1) / ((rafs[-1] - rafs[0]) / 1000.0) if len(rafs) > 1 else 0.0
    live = {k: after["live"][k] - before["live"][k] for k in after["live"]}
    return {
        "paints_per_s": paints,
        "raf_per_s": raf_rate,
        "updates": stats["updates"],
        "updates_per_s": stats["updates"] / stats["elapsed"],
        "kernel_loop_s": stats["elapsed"],
        "bars_after": after["series"][0]["barCount"],
        "live": live,
        "wall_s": wall,
        "cpu_kernel": 100.0 * (cpu1[0] - cpu0[0]) / wall,
        "cpu_server": 100.0 * (cpu1[1] - cpu0[1]) / wall,
        "cpu_browser": 100.0 * (cpu1[2] - cpu0[2]) / wall,
        "browser_processes": len(browsers),
        "cores": psutil.cpu_count(),
        "received_unchanged": True,
    }


LIVE_FLOOR_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>live floor</title></head>
<body style="margin:0">
<div id="chart" style="width:1240px;height:420px"></div>
<script src="lightweight-charts.standalone.production.js"></script>
<script>
const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
window.liveResult = (async () => {
  const params = new URLSearchParams(location.search);
  const bars = await (await fetch(params.get('bars'))).json();
  const rate = Number(params.get('rate'));
  const seconds = Number(params.get('seconds'));
  const chart = LightweightCharts.createChart(document.getElementById('chart'), { autoSize: true });
  const series = chart.addSeries(LightweightCharts.CandlestickSeries);
  series.setData(bars);
  await frame();
  await frame();
  const last = bars[bars.length - 1];
  const price = last.close;
  let queue = [], frames = 0, rows = 0, rafs = 0, made = 0, scheduled = false, running = true;
  // As live.ts does: rows queue up and are applied with series.update at the next frame.
  const flush = () => {
    scheduled = false;
    const rowsNow = queue;
    queue = [];
    for (const row of rowsNow) { series.update(row); rows += 1; }
    if (rowsNow.length) frames += 1;
  };
  const count = () => { rafs += 1; if (running) requestAnimationFrame(count); };
  requestAnimationFrame(count);
  const t0 = performance.now();
  await new Promise((resolve) => {
    const timer = setInterval(() => {
      const elapsed = (performance.now() - t0) / 1000;
      if (elapsed >= seconds) { clearInterval(timer); resolve(); return; }
      for (const due = Math.floor(rate * elapsed); made < due; made += 1) {
        queue.push({ time: last.time + 60 * (1 + Math.floor(made / 4)), open: price,
                     high: price + 0.05, low: price - 0.05, close: price + (made % 4) * 0.01 });
      }
      if (queue.length && !scheduled) { scheduled = true; requestAnimationFrame(flush); }
    }, 4);
  });
  const span = (performance.now() - t0) / 1000;
  running = false;
  await frame();
  // Where a frame's time goes: one update that appends a bar, one that replaces the last bar.
  let time = last.time + 60 * (1 + Math.floor((made - 1) / 4));
  const bar = (t, i) => ({ time: t, open: price, high: price + 0.05, low: price - 0.05,
                           close: price + (i % 7) * 0.01 });
  let t1 = performance.now();
  for (let i = 0; i < 50; i += 1) { time += 60; series.update(bar(time, i)); }
  const appendMs = (performance.now() - t1) / 50;
  t1 = performance.now();
  for (let i = 0; i < 50; i += 1) series.update(bar(time, i));
  const replaceMs = (performance.now() - t1) / 50;
  return { paints: frames / span, raf: rafs / span, rows, made, seconds: span, appendMs,
           replaceMs };
})();
</script></body></html>
"""


def run_live_floor(scratch: Path, rate: float) -> dict[str, Any]:
    """The same rows at the same rate, handed to lightweight-charts' `series.update` directly
    (batched per animation frame as live.ts does) on a static page with the same 100k bars."""
    from encode import make_frame

    site = _floor_site(scratch, make_frame(LIVE_BARS), "bars.json", "live.html", LIVE_FLOOR_PAGE)
    with _servers.static_files(site) as server, _servers.chromium(scratch) as browser:
        page = _servers.new_page(browser)
        browsers = _servers.browser_pids()
        page.goto(f"{server.url}/live.html?bars=bars.json&rate={rate:.0f}&seconds={LIVE_SECONDS}")
        page.wait_for_function("() => document.querySelector('canvas') !== null")
        cpu0, wall0 = _servers.total_cpu(browsers), time.monotonic()
        result = page.evaluate("() => window.liveResult")
        wall = time.monotonic() - wall0
        cpu = 100.0 * (_servers.total_cpu(browsers) - cpu0) / wall
    if result["rows"] != result["made"]:
        raise AssertionError(f"live floor: {result}")
    return {**result, "rate": rate, "cpu_browser": cpu}


# --- 4. settings change → on disk (JupyterLab) ------------------------------------------------

SETTINGS_CELL = textwrap.dedent(
    """\
    import sys
    sys.path.insert(0, {here!r})
    from encode import make_frame
    from lwcharts import Chart
    frame = make_frame(500)
    chart = Chart(frame[["open", "high", "low", "close"]], chart_id="bench", height=420)
    chart.line(frame["close"].rolling(20).mean(), name="SMA 20", id="sma")
    chart
    """
)


def _stored_line_width(store: Path) -> Any:
    try:
        data = json.loads(store.read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        return None
    for charts in data.get("scopes", {}).values():
        entry = charts.get("bench", {}).get("0", {}).get("sma")
        if isinstance(entry, dict):
            return entry.get("config", {}).get("lineWidth")
    return None


def run_settings(scratch: Path, timeout_ms: int) -> dict[str, Any]:
    latencies = []
    with _servers.jupyterlab(scratch) as (server, root, config):
        write_notebook(root / "settings.ipynb", [SETTINGS_CELL.format(here=str(HERE))])
        store = config / "series-configs.json"
        with _servers.chromium(scratch) as browser:
            page = _servers.new_page(browser)
            open_notebook(page, server.url, "settings.ipynb")
            run_cell(page, 0, timeout_ms)
            chart = page.locator('.jp-OutputArea-output .lwcharts[data-ready="true"]').first
            chart.wait_for(timeout=timeout_ms)
            gear = '[data-testid=lwcharts-gear][data-gear=legend][data-series-id="sma"]'
            chart.locator(gear).click()
            dialog = chart.locator("[data-testid=lwcharts-settings]")
            dialog.wait_for()
            dialog.locator("[data-testid=tab-style]").click()
            box = dialog.locator("input[data-option=lineWidth]")
            for value in SETTINGS_CHANGES:
                mtime = store.stat().st_mtime_ns if store.exists() else 0
                started = time.monotonic()
                box.fill(str(value))
                box.press("Tab")
                while True:
                    elapsed = time.monotonic() - started
                    now = store.stat().st_mtime_ns if store.exists() else 0
                    if now != mtime and _stored_line_width(store) == value:
                        break
                    if elapsed > timeout_ms / 1000.0:
                        raise AssertionError(f"lineWidth {value} not stored within {elapsed} s")
                    time.sleep(0.01)
                latencies.append(elapsed * 1000.0)
                time.sleep(1.0)  # let the debounce of this change end before the next
    return {"ms": _median(latencies), "runs": latencies}


# --- worker and driver --------------------------------------------------------------------------


def run_worker(case: str, timeout_s: float, rate: float) -> dict[str, Any]:
    timeout_ms = int(timeout_s * 1000)
    with tempfile.TemporaryDirectory(prefix=f"lwcharts-bench-{case}-") as tmp:
        scratch = Path(tmp)
        kind, _, size = case.partition("-")
        if kind == "floor":
            return run_floor(int(size), scratch)
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
        if case == "settings":
            return run_settings(scratch, timeout_ms)
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
        worker.terminate()
        try:
            worker.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.communicate()
        return "timeout"
    lines = [line for line in stdout.splitlines() if line.startswith(RESULT_MARK)]
    if worker.returncode != 0 or not lines:
        error = [line for line in stderr.strip().splitlines() if line.strip()]
        return "FAILED: " + (error[-1] if error else "no output")[:300]
    result: dict[str, Any] = json.loads(lines[-1][len(RESULT_MARK) :])
    result["wall_s"] = result.get("wall_s", time.monotonic() - started)
    return result


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _num(result: Any, key: str, fmt: str = ",.0f") -> str:
    if isinstance(result, str):
        return result.split(":")[0]
    return format(result[key], fmt)


def _goal(value: float | None, goal: float, *, at_most: bool, unit: str = "") -> str:
    if value is None:
        return "—"
    met = value <= goal if at_most else value >= goal
    return f"{'≤' if at_most else '≥'} {goal:g}{unit} {'✓' if met else '✗'}"


def print_first_paint(found: dict[str, Any]) -> None:
    print("\n## DataFrame → first painted frame (median of 3, ms)\n")
    goal = f"÷ floor (≤ {GOAL_PAINT:g}×)"
    header = ["bars", "floor ms (fetch+parse / setData+rAF)", "JupyterLab ms", goal]
    header += ["Streamlit ms", goal, "lwcharts envelope bytes", "floor JSON bytes"]
    print(_row(header))
    print(_row(["---:"] * len(header)))
    for size in SIZES:
        floor = found.get(f"floor-{size}")
        cells = [f"{size:,}"]
        if isinstance(floor, dict):
            cells.append(
                f"{floor['ms']:,.0f} ({floor['deliver_ms']:,.0f} / {floor['draw_ms']:,.0f})"
            )
        else:
            cells.append("—" if floor is None else str(floor).split(":")[0])
        envelope = "—"
        for host in ("jupyter", "streamlit"):
            ours = found.get(f"{host}-{size}")
            cells.append(_num(ours, "ms") if ours is not None else "—")
            if isinstance(ours, dict) and isinstance(floor, dict):
                ratio = ours["ms"] / floor["ms"]
                cells.append(f"{ratio:.2f}× {'✓' if ratio <= GOAL_PAINT else '✗'}")
                envelope = f"{ours['envelope_bytes']:,}"
            else:
                cells.append("—")
        cells.append(envelope)
        cells.append(_num(floor, "json_bytes") if isinstance(floor, dict) else "—")
        print(_row(cells))
    print("\nThe floor's two parts are each their own median. Runs (ms):")
    for case in CASES[:6]:
        result = found.get(case)
        if isinstance(result, dict):
            print(f"- {case}: " + ", ".join(f"{ms:,.0f}" for ms in result["runs"]))


def print_rerun(result: Any) -> None:
    print(f"\n## Streamlit rerun leaving a {RERUN_BARS:,}-bar chart unchanged (median of 3)\n")
    header = ["ws bytes received", "ws frames", "largest frame", "ws bytes sent"]
    header += ["chart envelopes / bytes", "first load: chart bytes", "÷ first load", "goal"]
    print(_row(header))
    print(_row(["---:"] * len(header)))
    if isinstance(result, str):
        print(_row([result] + ["—"] * (len(header) - 1)))
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


def print_settings(result: Any) -> None:
    print("\n## Settings dialog change → store file on disk, JupyterLab (median of 5)\n")
    header = ["median ms", "min ms", "max ms", "debounce floor ms", "÷ floor", "goal"]
    print(_row(header))
    print(_row(["---:"] * len(header)))
    if isinstance(result, str):
        print(_row([result] + ["—"] * (len(header) - 1)))
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
    if any(c in found for c in CASES[:6]):
        print_first_paint(found)
    if "rerun-bytes" in found:
        print_rerun(found["rerun-bytes"])
    if "live" in found or "live-floor" in found:
        print_live(found.get("live", "—"), found.get("live-floor", "—"))
    if "settings" in found:
        print_settings(found["settings"])
    print(f"\nwhole run: {time.monotonic() - started:,.0f} s")
    if args.json:
        args.json.write_text(json.dumps(found, indent=1))
    failed = [case for case, r in found.items() if isinstance(r, str) and r != "timeout"]
    for case in failed:
        print(f"ERROR: {case}: {found[case]}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
