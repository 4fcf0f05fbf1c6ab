"""The file store's write cost against the size of the scope: `benchmarks/run store-file`.

For 0, 2,000 and 20,000 entries already saved in one scope, 1 and 8 writer processes each
change one series per write (`SettingsStore.apply_payload`, as a host does when the dialog sends a
change). Each process loads the store once before the clock starts (a new process reads the
snapshot once; that is not a write). Reported: write latency p50/p99 and writes/s over all
writers, and the ratio of each figure at 2,000 and 20,000 entries to the empty scope's, measured
in this run. Goal (issue 9): the cost at 20,000 entries within 5x of the cost when empty.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from lwcharts.settings.file_store import SettingsStore
from lwcharts.settings.rules import MAX_SERIES_PER_CHART

SCOPE = "os:bench"
STAMP = 1_700_000_000_000
FILL_BATCH = 2_000


def entry(color: str, stamp: int) -> dict[str, Any]:
    return {"config": {"color": color, "lineWidth": 2}, "seriesType": "line", "lastModified": stamp}


def series_keys(entries: int) -> list[tuple[str, str]]:
    """(chart, series) of `entries` series: charts c0, c1, ... of 100 series each. The writers
    change series of c0-c7, so at the cap (20,000) every write replaces a saved entry."""
    return [
        (f"c{n // MAX_SERIES_PER_CHART}", f"s{n % MAX_SERIES_PER_CHART}") for n in range(entries)
    ]


def fill(path: Path, entries: int) -> None:
    """Save `entries` series in the scope: charts of 100 series each."""
    store = SettingsStore(path)
    keys = [
        (f"c{n // MAX_SERIES_PER_CHART}", f"s{n % MAX_SERIES_PER_CHART}") for n in range(entries)
    ]
    for start in range(0, entries, FILL_BATCH):
        state: dict[str, Any] = {}
        for chart_id, series_id in keys[start : start + FILL_BATCH]:
            state.setdefault(chart_id, {"0": {}})["0"][series_id] = entry("#112233", STAMP)
        store.apply_payload(
            SCOPE, {"type": "series_config_changes", "changes": [], "completeState": state}
        )


WORKER = """
import json, sys, time
from pathlib import Path
from lwcharts.settings.file_store import SettingsStore
path, worker, writes = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
store = SettingsStore(path)
store.load("os:bench")  # a new process reads the snapshot once
(path.parent / f"ready-{worker}").touch()
while not (path.parent / "go").exists():
    time.sleep(0.001)
latencies = []
for n in range(writes):
    change = {"chartId": f"c{worker}", "paneId": 0, "seriesId": f"s{n % 100}",
              "seriesType": "line", "config": {"color": "#445566", "lineWidth": 1 + n % 4},
              "timestamp": 1_700_000_000_000 + n + 1}
    started = time.perf_counter()
    store.apply_payload("os:bench", {"type": "series_config_changes", "changes": [change]})
    latencies.append(time.perf_counter() - started)
print(json.dumps(latencies))
"""


def run(entries: int, writers: int, writes: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="lwcharts-store-bench-") as folder:
        path = Path(folder) / "series-configs.json"
        fill(path, entries)
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", WORKER, str(path), str(w), str(writes)],
                stdout=subprocess.PIPE,
                text=True,
            )
            for w in range(writers)
        ]
        while len(list(Path(folder).glob("ready-*"))) < writers:
            time.sleep(0.01)
        started = time.perf_counter()
        (Path(folder) / "go").touch()
        outputs = [proc.communicate(timeout=600)[0] for proc in procs]
        wall = time.perf_counter() - started
        if any(proc.returncode for proc in procs):
            raise SystemExit(f"a writer failed at {entries} entries, {writers} writers")
        kept = SettingsStore(path).load(SCOPE)
        held = sum(len(series) for panes in kept.values() for series in panes.values())
        written = {(f"c{w}", f"s{n % 100}") for w in range(writers) for n in range(writes)}
        expected = len(set(series_keys(entries)) | written)
        if held != expected:
            raise SystemExit(f"{held} entries kept, {expected} expected: a write was lost")
    latencies = sorted(ms * 1000 for out in outputs for ms in json.loads(out))
    return {
        "p50_ms": statistics.median(latencies),
        "p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
        "writes_per_s": len(latencies) / wall,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="0,2000,20000", help="entries in the scope")
    parser.add_argument("--writers", default="1,8", help="writer processes")
    parser.add_argument("--writes", type=int, default=200, help="writes per process")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    results: dict[str, dict[str, float]] = {}
    print(f"file store, {args.writes} writes per writer, one changed series per write")
    print(
        f"{'entries':>8} {'writers':>7} {'p50 ms':>8} {'p99 ms':>8} {'writes/s':>9}"
        f" {'p50 x':>6} {'p99 x':>6} {'rate /':>6}"
    )
    for writers in (int(w) for w in args.writers.split(",")):
        base: dict[str, float] | None = None
        for entries in sizes:
            figures = run(entries, writers, args.writes)
            results[f"{entries}x{writers}"] = figures
            base = base or figures
            print(
                f"{entries:>8} {writers:>7} {figures['p50_ms']:>8.2f} {figures['p99_ms']:>8.2f}"
                f" {figures['writes_per_s']:>9.0f}"
                f" {figures['p50_ms'] / base['p50_ms']:>6.2f}"
                f" {figures['p99_ms'] / base['p99_ms']:>6.2f}"
                f" {base['writes_per_s'] / figures['writes_per_s']:>6.2f}",
                flush=True,
            )
    print("x: the figure over the empty scope's with as many writers (goal at 20,000: <= 5)")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
