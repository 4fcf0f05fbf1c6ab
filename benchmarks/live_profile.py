"""Where the browser's CPU goes in the `live-realistic` case of benchmarks/browser.py.

A V8 CPU profile of the JupyterLab page (CDP `Profiler` through Playwright) while the kernel
streams 500 rows/s into the 100k-bar chart, its self time summed by where the code comes from:
JupyterLab (kernel messages, widget models), our modules (decode, live rows, resampling, the
rest of the chart), lightweight-charts (under our live frame: its data calls; elsewhere: its
own frame, i.e. paint), the garbage collector, and "(program)": native work of the main thread
outside JS (style, layout, paint recording). Raster and compositing run on other threads and
show only in the process CPU, which is measured beside the profile.

The widget bundle is rebuilt unminified (`--keep-names`, one `// path` comment per module) for
the run, so every profile node maps to its source module; the minified bundle is rebuilt after.

Also measured, as the floors of "a chart repainting as often as rows arrive":
- `idle`: the same page with the chart shown and no rows: what JupyterLab costs doing nothing;
- `repaint`: lightweight-charts alone (benchmarks/pages, `live-floor`) holding as many rows as
  our plan hands it, one tick per frame: the cost of one small `update` and a full repaint of
  the chart at 60 fps in this (software-rasterising) headless Chromium.

Usage, from the repo root: `benchmarks/run live-profile`.
"""

from __future__ import annotations

import argparse
import bisect
import json
import re
import subprocess
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from benchmarks import cpu
from benchmarks.apps.kernel import LIVE_STATS
from benchmarks.browser import (
    LIVE_BARS,
    LIVE_PACED,
    REPO,
    live_notebook,
    run_cell,
    run_live_floor,
)

JS = REPO / "js"
WIDGET = REPO / "lwcharts" / "static" / "widget.js"
ESBUILD = JS / "node_modules" / ".bin" / "esbuild"
SAMPLING_US = 200
IDLE_SECONDS = 3.0
MODULE_COMMENT = re.compile(r"^// ((?:src|node_modules)/\S+)$")


def build_readable_widget() -> list[tuple[int, str]]:
    """The widget bundle unminified, names kept: returns (first line, module) per module."""
    subprocess.run(
        [
            str(ESBUILD),
            "src/hosts/anywidget.ts",
            "--bundle",
            "--format=esm",
            "--target=es2020",
            "--keep-names",
            f"--outfile={WIDGET}",
            "--log-level=warning",
        ],
        cwd=JS,
        check=True,
    )
    starts = []
    for number, line in enumerate(WIDGET.read_text().splitlines()):
        match = MODULE_COMMENT.match(line)
        if match:
            starts.append((number, match.group(1)))
    return starts


def restore_widget() -> None:
    subprocess.run(["npm", "run", "build", "--silent"], cwd=JS, check=True)


def category(module: str) -> str:
    if module.startswith("node_modules/lightweight-charts"):
        return "lightweight-charts"
    if module.startswith("src/wire/"):
        return "lwcharts: decode"
    if module in ("src/chart/live.ts", "src/chart/resampled.ts") or module.startswith(
        "src/resample/"
    ):
        return "lwcharts: live rows, resampling"
    if module.startswith("src/"):
        return "lwcharts: rest of the chart (legend, drawings, overlays, host)"
    return "other bundled modules"


def self_times(profile: dict[str, Any], starts: list[tuple[int, str]]) -> dict[str, float]:
    """Self time (ms) per category. A node without a source (a builtin) counts where its caller
    does; lightweight-charts is split by whether our live frame (live.ts) is on the stack."""
    nodes = {node["id"]: node for node in profile["nodes"]}
    parent: dict[int, int] = {}
    for node in profile["nodes"]:
        for child in node.get("children", []):
            parent[child] = node["id"]
    lines = [line for line, _ in starts]
    memo: dict[int, tuple[str, bool]] = {}

    def classify(node_id: int) -> tuple[str, bool]:
        """(category, under our live frame)"""
        if node_id in memo:
            return memo[node_id]
        frame = nodes[node_id]["callFrame"]
        name, url = frame["functionName"], frame["url"]
        above = classify(parent[node_id]) if node_id in parent else ("(root)", False)
        if name in ("(idle)", "(program)", "(garbage collector)"):
            result = (name, above[1])
        elif url.startswith("blob:"):  # anywidget imports the bundle from a blob URL
            at = bisect.bisect_right(lines, frame["lineNumber"]) - 1
            module = starts[at][1] if at >= 0 else "?"
            result = (category(module), above[1] or module == "src/chart/live.ts")
        elif url:
            result = ("JupyterLab (kernel messages, widget models, its own UI)", above[1])
        else:
            result = above
        memo[node_id] = result
        return result

    totals: dict[str, float] = defaultdict(float)
    deltas = profile["timeDeltas"]
    for k, node_id in enumerate(profile["samples"]):
        ms = (deltas[k + 1] if k + 1 < len(deltas) else SAMPLING_US) / 1000.0  # µs → ms
        what, under_live = classify(node_id)
        if what == "lightweight-charts":
            what += (
                ": data calls (under our live frame)" if under_live else ": its own frame (paint)"
            )
        totals[what] += ms
    return dict(totals)


def profile_live(scratch: Path, timeout_ms: int) -> dict[str, Any]:
    paced = LIVE_PACED["live-realistic"]
    with live_notebook(scratch, timeout_ms, paced.rate, paced.ticks_per_bar) as (
        page,
        _server,
        root,
        chart,
    ):
        before = chart.evaluate("el => el.lwcharts.snapshot()")
        browsers = cpu.browser_pids()
        page.wait_for_timeout(500)
        idle0, wall0 = cpu.total_cpu(browsers), time.monotonic()
        page.wait_for_timeout(IDLE_SECONDS * 1000)
        idle = 100.0 * (cpu.total_cpu(browsers) - idle0) / (time.monotonic() - wall0)
        client = page.context.new_cdp_session(page)
        client.send("Profiler.enable")
        client.send("Profiler.setSamplingInterval", {"interval": SAMPLING_US})
        client.send("Profiler.start")
        cpu0, wall0 = cpu.total_cpu(browsers), time.monotonic()
        run_cell(page, 2, timeout_ms)
        stats = json.loads((root / LIVE_STATS).read_text())
        page.wait_for_function(
            "([el, n]) => el.lwcharts.snapshot().live.messages >= n",
            arg=[chart.element_handle(), stats["messages"] + before["live"]["messages"]],
            timeout=timeout_ms,
        )
        wall = time.monotonic() - wall0
        used = 100.0 * (cpu.total_cpu(browsers) - cpu0) / wall
        profile = client.send("Profiler.stop")["profile"]
        after = chart.evaluate("el => el.lwcharts.snapshot()")
    return {
        "profile": profile,
        "wall_s": wall,
        "cpu_browser": used,
        "cpu_idle": idle,
        "live": {k: after["live"][k] - before["live"][k] for k in after["live"]},
        "displayed_rows": after["series"][0]["displayedRows"],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per step")
    parser.add_argument("--json", type=Path, help="also write the profile and totals here")
    args = parser.parse_args()
    timeout_ms = int(args.timeout * 1000)
    starts = build_readable_widget()
    try:
        with tempfile.TemporaryDirectory(prefix="lwcharts-profile-") as tmp:
            live = profile_live(Path(tmp) / "live", timeout_ms)
    finally:
        restore_widget()
    with tempfile.TemporaryDirectory(prefix="lwcharts-profile-") as tmp:
        scratch = Path(tmp)
        repaint = run_live_floor(
            scratch, rate=60.0, ticks_per_bar=10_000, bars=live["displayed_rows"]
        )
    totals = self_times(live["profile"], starts)
    wall_ms = live["wall_s"] * 1000.0
    print(
        f"## Browser main thread in `live-realistic` ({LIVE_BARS:,} bars, 500 rows/s), "
        f"{live['wall_s']:.1f} s\n"
    )
    print("| where | ms | % of wall |")
    print("| --- | ---: | ---: |")
    for what, ms in sorted(totals.items(), key=lambda item: -item[1]):
        print(f"| {what} | {ms:,.0f} | {100.0 * ms / wall_ms:.1f} |")
    print(
        f"\nbrowser CPU (all chromium processes): {live['cpu_browser']:.0f} % of a core while "
        f"streaming; {live['cpu_idle']:.0f} % with the chart shown and no rows (idle floor)"
    )
    print(
        f"live: {live['live']['frames']} frames with data calls, {live['live']['applied']} calls "
        f"({live['live']['rebuilds']} setData); lightweight-charts held "
        f"{live['displayed_rows']:,} rows"
    )
    print(
        f"repaint floor: lightweight-charts alone holding {live['displayed_rows']:,} rows, one "
        f"tick per frame: {repaint['paints']:.1f} paints/s, browser CPU "
        f"{repaint['cpu_browser']:.0f} %"
    )
    if args.json is not None:
        args.json.write_text(json.dumps({"totals": totals, **live, "repaint": repaint}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
