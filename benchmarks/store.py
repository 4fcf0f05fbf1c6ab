"""Write latency and throughput of the settings store engines (`benchmarks/run store`).

For PostgreSQL (a private cluster from Debian's `postgresql`, as the tests start it), SQLite and
the JSON file store: a scope already holding 0, 2,000 or 20,000 entries (the cap is 200 charts ×
100 series), then 1 or 8 writer processes, each calling `apply_payload` with one changed series
of that scope (a newer stamp on a held key: the write a settings dialog makes). Reported per
case: p50 and p99 of one write as each writer timed it, and writes/s over the wall time of all
writers. Ratios: PostgreSQL's p99 against the 20 ms goal, and each engine's p50 at a size against
its own p50 when empty (a write should cost what it changes, not the scope's size).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from lwcharts.settings.file_store import SettingsStore
from lwcharts.settings.sql_store import SqlStore
from lwcharts.settings.store_choice import Store

SCOPE = "app:bench"
SERIES_PER_CHART = 100
PREFILL_CHUNK = 2_000  # entries per prefill payload: under the 1 MiB payload cap
P99_GOAL_MS = 20.0
ROOT = Path(__file__).resolve().parents[1]


def open_store(target: str) -> Store:
    """`file:<path>` for the JSON file store, else a database URL."""
    if target.startswith("file:"):
        return SettingsStore(Path(target[len("file:") :]))
    return SqlStore(target)


def key_of(number: int) -> tuple[str, str]:
    return f"chart-{number // SERIES_PER_CHART}", f"series-{number % SERIES_PER_CHART}"


def change(number: int, stamp: int, width: int) -> dict[str, Any]:
    chart, series = key_of(number)
    return {
        "chartId": chart,
        "paneId": 0,
        "seriesId": series,
        "seriesType": "line",
        "config": {"color": "#26a69a", "lineWidth": width},
        "timestamp": stamp,
    }


def prefill(target: str, entries: int, stamp: int) -> None:
    store = open_store(target)
    for start in range(0, entries, PREFILL_CHUNK):
        changes = [change(n, stamp, 1) for n in range(start, min(start + PREFILL_CHUNK, entries))]
        store.apply_payload(SCOPE, {"type": "series_config_changes", "changes": changes})


def worker(target: str, entries: int, writes: int, start_at: float, seed: int) -> None:
    """One writer process: waits for the common start, writes, prints its latencies (ms)."""
    store = open_store(target)
    store.load(SCOPE)  # connect and check the schema before the clock starts
    rng = random.Random(seed)
    stamp = int(time.time() * 1000)
    time.sleep(max(start_at - time.time(), 0))
    latencies = []
    for n in range(writes):
        number = rng.randrange(max(entries, 1)) if entries else seed * writes + n
        payload = {
            "type": "series_config_changes",
            "changes": [change(number, stamp + n, 1 + n % 4)],
        }
        began = time.perf_counter()
        store.apply_payload(SCOPE, payload)
        latencies.append((time.perf_counter() - began) * 1000)
    print(json.dumps(latencies))


def run_case(target: str, entries: int, writers: int, writes: int) -> dict[str, float]:
    start_at = time.time() + 1.5 + 0.3 * writers  # time for every writer to connect first
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                __file__,
                "--worker",
                target,
                str(entries),
                str(writes // writers),
                str(start_at),
                str(seed),
            ],
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        for seed in range(writers)
    ]
    latencies: list[float] = []
    for process in processes:
        out, _ = process.communicate(timeout=3600)
        if process.returncode != 0:
            raise RuntimeError(f"a writer of {target} exited with {process.returncode}")
        latencies += json.loads(out.strip().splitlines()[-1])
    wall = time.time() - start_at
    ordered = sorted(latencies)
    return {
        "p50": statistics.median(ordered),
        "p99": ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))],
        "writes_per_s": len(ordered) / wall,
        "writes": len(ordered),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="0,2000,20000", help="entries held in the scope")
    parser.add_argument("--writers", default="1,8", help="writer processes")
    parser.add_argument("--writes", type=int, default=200, help="writes per case (all writers)")
    parser.add_argument(
        "--file-writes", type=int, default=40, help="writes per case for the JSON file store"
    )
    parser.add_argument("--engines", default="postgresql,sqlite,file")
    parser.add_argument("--json", type=Path, help="also write every figure here")
    parser.add_argument("--worker", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        target, entries, writes, start_at, seed = args.worker
        worker(target, int(entries), int(writes), float(start_at), int(seed))
        return

    sizes = [int(s) for s in args.sizes.split(",")]
    writer_counts = [int(w) for w in args.writers.split(",")]
    engines = args.engines.split(",")
    results: dict[str, dict[str, dict[str, float]]] = {}
    with tempfile.TemporaryDirectory(prefix="lwcharts-bench-") as scratch:
        base = Path(scratch)
        postgres_context = None
        if "postgresql" in engines:
            from tests.support.postgres import postgres

            # A directory of its own under /tmp: the `postgres` user cannot enter `scratch`.
            pg_dir = Path(tempfile.mkdtemp(prefix="lwcharts-bench-pg-"))
            postgres_context = postgres(pg_dir)
            pg = postgres_context.__enter__()
        try:
            for engine in engines:
                results[engine] = {}
                for size in sizes:
                    for writers in writer_counts:
                        case_dir = base / f"{engine}-{size}-{writers}"
                        case_dir.mkdir()
                        if engine == "postgresql":
                            target = pg.fresh_database()
                        elif engine == "sqlite":
                            target = f"sqlite:///{case_dir / 'settings.db'}"
                        else:
                            target = f"file:{case_dir / 'series-configs.json'}"
                        prefill(target, size, int(time.time() * 1000) - 60_000)
                        writes = args.file_writes if engine == "file" else args.writes
                        figures = run_case(target, size, writers, max(writes, writers))
                        results[engine][f"{size}/{writers}"] = figures
                        print(
                            f"{engine:10} {size:>6} entries {writers} writer(s): "
                            f"p50 {figures['p50']:7.2f} ms  p99 {figures['p99']:8.2f} ms  "
                            f"{figures['writes_per_s']:7.1f} writes/s  ({figures['writes']:.0f})",
                            flush=True,
                        )
        finally:
            if postgres_context is not None:
                postgres_context.__exit__(None, None, None)
                shutil.rmtree(pg_dir, ignore_errors=True)

    print()
    for engine, cases in results.items():
        for writers in writer_counts:
            empty = cases.get(f"0/{writers}")
            for size in sizes:
                figures = cases[f"{size}/{writers}"]
                growth = figures["p50"] / empty["p50"] if empty else float("nan")
                print(
                    f"{engine:10} {writers} writer(s): p50 at {size:>6} entries = "
                    f"{growth:5.2f}× its p50 when empty"
                )
    if "postgresql" in results and "20000/8" in results["postgresql"]:
        p99 = results["postgresql"]["20000/8"]["p99"]
        verdict = "met" if p99 <= P99_GOAL_MS else "NOT met"
        print(
            f"postgresql p99 at 20,000 entries, 8 writers: {p99:.2f} ms = "
            f"{p99 / P99_GOAL_MS:.2f}× the {P99_GOAL_MS:g} ms goal ({verdict})"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
