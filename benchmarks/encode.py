"""Python-side encode benchmark: lwcharts against its peers, on OHLC(V) bars.

What is timed, per library, is the whole route from a pandas DataFrame to the bytes that leave
Python for the browser (building the chart included):

- lwcharts: ``Chart(df)`` (+ ``chart.histogram(df["volume"], pane=1)`` for OHLCV), then
  ``to_envelope()`` — the bytes both hosts send.
- streamlit-lightweight-charts-pro 0.3.0: series built from the DataFrame, then
  ``Chart(...).to_frontend_config()`` and ``json.dumps`` (what Streamlit does to component args);
  for OHLCV also its ``add_price_volume_series`` helper, measured separately.
- lightweight-charts 2.1: ``chart.set(df)`` on a chart whose window collects the generated
  scripts instead of running them; the bytes are those scripts.
- row-wise JSON baseline: ``json.dumps([{"time", "open", ...}, ...])``.

Every (library, size) runs in a fresh process (a peer venv for the peers), best of N runs with N
adapted to the time one run takes. Every output is decoded afterwards and its times checked
against the expected epoch seconds, so a peer whose output lands in 1970 fails loudly.

Usage: benchmarks/run (sets up the peers venv), or directly
    .venv/bin/python benchmarks/encode.py --peers-python benchmarks/.peers-venv/bin/python
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import hashlib
import json
import os
import platform
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

START = "2020-01-01"
STEP_SECONDS = 60
EXPECTED_FIRST = 1_577_836_800  # 2020-01-01T00:00:00Z
SEED = 20_240_601
OHLC = ("open", "high", "low", "close")
WORKLOADS = ("ohlc", "ohlcv")
DEFAULT_SIZES = (10_000, 100_000, 1_000_000)
GOAL_PRO = 50.0
GOAL_LWC21 = 100.0
GOAL_BYTES = 0.4
RESULT_MARK = "RESULT "
MIN_RUNS = 3
LONG_BUDGET = 30.0  # seconds
PRO_OHLC_MAPPING = {"time": "time", "open": "open", "high": "high", "low": "low", "close": "close"}
PRO_VOLUME_MAPPING = {"time": "time", "value": "volume"}


# --- data -------------------------------------------------------------------------------------


def make_frame(size: int, *, decimals: int | None = None) -> pd.DataFrame:
    """``size`` one-minute OHLCV bars from 2020-01-01 UTC: a geometric random walk (prices > 0).

    The index is pandas' ``datetime64[us]`` (pandas 3's default unit), named ``time``.
    """
    rng = np.random.default_rng(SEED)
    close = 100.0 * np.exp(np.cumsum(rng.normal(0.0, 0.002, size)))
    open_ = np.concatenate(([100.0], close[:-1]))
    wick = np.abs(rng.normal(0.0, 0.001, (2, size)))
    frame = pd.DataFrame(
        {
            "open": open_,
            "high": np.maximum(open_, close) * (1.0 + wick[0]),
            "low": np.minimum(open_, close) * (1.0 - wick[1]),
            "close": close,
            "volume": rng.integers(100, 100_000, size),
        },
        index=pd.date_range(START, periods=size, freq="min", unit="us", name="time"),
    )
    if decimals is not None:
        frame[list(OHLC)] = frame[list(OHLC)].round(decimals)
    return frame


def workload_frame(frame: pd.DataFrame, workload: str) -> pd.DataFrame:
    return frame[list(OHLC)] if workload == "ohlc" else frame


def _index(frame: pd.DataFrame) -> pd.DatetimeIndex:
    return pd.DatetimeIndex(frame.index)


def fingerprint(frame: pd.DataFrame) -> str:
    """Same data on both sides (two venvs, two numpy builds): hash of the values and times."""
    digest = hashlib.sha256(frame.to_numpy(dtype="float64").tobytes())
    digest.update(_index(frame).as_unit("s").asi8.tobytes())
    return digest.hexdigest()[:12]


# --- cases: one library's route from a DataFrame to the bytes for the browser ------------------


@dataclass(frozen=True)
class Case:
    name: str
    label: str
    side: str  # "ours" (project venv) or "peers" (peers venv)
    dist: str  # the distribution whose version is reported ("" for the stdlib)
    encode: Callable[[pd.DataFrame], Any]  # timed
    size_of: Callable[[Any], int]
    times_of: Callable[[Any], list[np.ndarray]]  # the time column of every series, in seconds
    prepare: Callable[[pd.DataFrame], pd.DataFrame] = lambda frame: frame  # untimed


def _utf8_size(text: str) -> int:
    return len(text.encode("utf-8"))


def lwcharts_encode(frame: pd.DataFrame) -> bytes:
    from lwcharts import Chart

    chart = Chart(frame)
    if "volume" in frame.columns:
        chart.histogram(frame["volume"], name="Volume", pane=1)
    return chart.to_envelope()


def lwcharts_times(envelope: bytes) -> list[np.ndarray]:
    from lwcharts.wire.envelope import decode_column, decode_header

    header = decode_header(envelope)
    return [decode_column(envelope, s["columns"]["time"]) for s in header["series"]]


def pro_encode(frame: pd.DataFrame) -> str:
    from streamlit_lightweight_charts_pro import CandlestickSeries, Chart, HistogramSeries

    series = [CandlestickSeries(frame, column_mapping=PRO_OHLC_MAPPING)]
    if "volume" in frame.columns:
        series.append(HistogramSeries(frame, column_mapping=PRO_VOLUME_MAPPING, pane_id=1))
    return json.dumps(Chart(series=series).to_frontend_config())


def pro_helper_encode(frame: pd.DataFrame) -> str:
    from streamlit_lightweight_charts_pro import Chart

    return json.dumps(Chart().add_price_volume_series(frame).to_frontend_config())


def pro_times(text: str) -> list[np.ndarray]:
    config = json.loads(text)
    return [
        np.array([point["time"] for point in series["data"]], dtype="float64")
        for chart in config["charts"]
        for series in chart["series"]
    ]


def lwc21_prepare(frame: pd.DataFrame) -> pd.DataFrame:
    # lightweight-charts 2.1 assumes a nanosecond index (astype("int64") // 10**9).
    return frame.set_axis(_index(frame).as_unit("ns"))


def lwc21_encode(frame: pd.DataFrame) -> list[str]:
    from lightweight_charts.abstract import AbstractChart, Window

    scripts: list[str] = []

    def collect(script: str, run_last: bool = False) -> None:
        scripts.append(script)

    chart = AbstractChart(Window(run_script=collect))
    chart.set(frame)
    return scripts


def lwc21_size(scripts: list[str]) -> int:
    return sum(_utf8_size(script) for script in scripts)


def lwc21_times(scripts: list[str]) -> list[np.ndarray]:
    times = []
    for script in scripts:
        if ".setData(" in script:
            start = script.index(".setData(") + len(".setData(")
            points = json.loads(script[start : script.rindex(")")])
            times.append(np.array([point["time"] for point in points], dtype="float64"))
    return times


def rows_encode(frame: pd.DataFrame) -> str:
    columns = {"time": _index(frame).as_unit("s").asi8.tolist()}
    columns.update({name: frame[name].tolist() for name in frame.columns})
    rows = zip(*columns.values(), strict=True)
    return json.dumps([dict(zip(columns, row, strict=True)) for row in rows])


def rows_times(text: str) -> list[np.ndarray]:
    return [np.array([row["time"] for row in json.loads(text)], dtype="float64")]


CASES = {
    case.name: case
    for case in (
        Case("lwcharts", "lwcharts", "ours", "lwcharts", lwcharts_encode, len, lwcharts_times),
        Case(
            "pro",
            "streamlit-lightweight-charts-pro",
            "peers",
            "streamlit-lightweight-charts-pro",
            pro_encode,
            _utf8_size,
            pro_times,
        ),
        Case(
            "pro-helper",
            "streamlit-lightweight-charts-pro add_price_volume_series",
            "peers",
            "streamlit-lightweight-charts-pro",
            pro_helper_encode,
            _utf8_size,
            pro_times,
        ),
        Case(
            "lwc21",
            "lightweight-charts",
            "peers",
            "lightweight-charts",
            lwc21_encode,
            lwc21_size,
            lwc21_times,
            lwc21_prepare,
        ),
        Case("rows", "row-wise JSON", "ours", "", rows_encode, _utf8_size, rows_times),
    )
}


def cases_for(workload: str) -> list[str]:
    helper = ["pro-helper"] if workload == "ohlcv" else []
    return ["lwcharts", "pro", *helper, "lwc21", "rows"]


# --- worker: one case, one size, in a fresh process ----------------------------------------------


class CheckError(AssertionError):
    pass


def check_times(case: Case, series_times: list[np.ndarray], size: int, workload: str) -> None:
    """Every series must hold ``size`` bars from 2020-01-01 UTC, one minute apart."""
    expected_series = 2 if workload == "ohlcv" else 1
    if case.name == "rows":
        expected_series = 1
    if len(series_times) != expected_series:
        raise CheckError(f"{case.label}: {len(series_times)} series, expected {expected_series}")
    last = EXPECTED_FIRST + (size - 1) * STEP_SECONDS
    for number, times in enumerate(series_times):
        where = f"{case.label}: series {number}"
        if len(times) != size:
            raise CheckError(f"{where} has {len(times)} points, expected {size}")
        if times[0] != EXPECTED_FIRST or times[-1] != last:
            first = dt.datetime.fromtimestamp(float(times[0]), dt.timezone.utc).isoformat()
            raise CheckError(
                f"{where}: times {times[0]:.0f}..{times[-1]:.0f} ({first}), expected "
                f"{EXPECTED_FIRST}..{last} (2020-01-01T00:00:00+00:00); wrong time unit?"
            )


def _another_run(runs: int, spent: float, budget: float, max_runs: int) -> bool:
    """Runs until ``budget`` seconds are spent (at most ``max_runs``), and at least
    ``MIN_RUNS`` while they fit in ``LONG_BUDGET`` seconds: one run of a multi-second case is
    too noisy, three runs of a minute are too long."""
    if runs >= max_runs:
        return False
    return runs == 0 or spent < budget or (runs < MIN_RUNS and spent < LONG_BUDGET)


def time_best(run: Callable[[], Any], budget: float, max_runs: int) -> tuple[float, int, Any]:
    """Best wall time of ``run`` over N runs, N adapted to how long one run takes.

    The garbage collector is collected once before, not between runs: a full collection walks
    every object and leaves the caches cold, which doubled the time of a 1 ms run.
    """
    best, runs, spent, result = float("inf"), 0, 0.0, None
    gc.collect()
    while _another_run(runs, spent, budget, max_runs):
        result = None  # free the previous output before the next run
        start = time.perf_counter()
        result = run()
        elapsed = time.perf_counter() - start
        best, runs, spent = min(best, elapsed), runs + 1, spent + elapsed
    return best, runs, result


def _version(dist: str) -> str:
    if not dist:
        return f"json (Python {platform.python_version()})"
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "source"


def run_worker(args: argparse.Namespace) -> dict[str, Any]:
    case = CASES[args.worker]
    base = workload_frame(make_frame(args.size, decimals=args.decimals), args.workload)
    frame = case.prepare(base)
    case.encode(case.prepare(workload_frame(make_frame(200), args.workload)))  # imports, caches
    best, runs, output = time_best(lambda: case.encode(frame), args.budget, args.max_runs)
    check_times(case, case.times_of(output), args.size, args.workload)
    return {
        "case": case.name,
        "workload": args.workload,
        "size": args.size,
        "decimals": args.decimals,
        "ms": best * 1000.0,
        "runs": runs,
        "bytes": case.size_of(output),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
        "fingerprint": fingerprint(base),
        "version": _version(case.dist),
    }


def side_versions() -> dict[str, str]:
    names = ("lwcharts", "streamlit-lightweight-charts-pro", "lightweight-charts-pro")
    found = {name: _version(name) for name in (*names, "lightweight-charts")}
    return {
        "python": platform.python_version(),
        "pandas": pd.__version__,
        "numpy": np.__version__,
        **{name: version for name, version in found.items() if version != "source"},
    }


# --- driver ---------------------------------------------------------------------------------


@dataclass
class Outcome:
    case: str
    workload: str
    size: int
    decimals: int | None
    result: dict[str, Any] | None
    status: str  # "ok", "timeout" or "FAILED: ..."


def _python_for(case: Case, args: argparse.Namespace) -> str:
    return str(args.ours_python if case.side == "ours" else args.peers_python)


def _worker_command(python: str, case: str, size: int, workload: str, args: Any) -> list[str]:
    command = [python, str(Path(__file__).resolve()), "--worker", case, "--size", str(size)]
    command += ["--workload", workload, "--budget", str(args.budget)]
    command += ["--max-runs", str(args.max_runs)]
    if args.decimals is not None:
        command += ["--decimals", str(args.decimals)]
    return command


def run_fresh(case_name: str, size: int, workload: str, args: Any) -> Outcome:
    python = _python_for(CASES[case_name], args)
    command = _worker_command(python, case_name, size, workload, args)
    outcome = Outcome(case_name, workload, size, args.decimals, None, "ok")
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=args.timeout)
    except subprocess.TimeoutExpired:
        outcome.status = "timeout"
        return outcome
    lines = [line for line in done.stdout.splitlines() if line.startswith(RESULT_MARK)]
    if done.returncode != 0 or not lines:
        error = (done.stderr.strip().splitlines() or ["no output"])[-1]
        outcome.status = f"FAILED: {error}"
        return outcome
    outcome.result = json.loads(lines[-1][len(RESULT_MARK) :])
    return outcome


def query_versions(python: str) -> dict[str, str]:
    command = [python, str(Path(__file__).resolve()), "--versions"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=True)
    versions: dict[str, str] = json.loads(done.stdout.splitlines()[-1])
    return versions


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def checkout() -> str:
    """The commit measured, and whether lwcharts/ had uncommitted changes."""
    root = Path(__file__).resolve().parent.parent

    def git(*command: str) -> str:
        done = subprocess.run(["git", *command], cwd=root, capture_output=True, text=True)
        return done.stdout.strip() if done.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD")
    if not commit:
        return "not a git checkout"
    return commit + (
        " + uncommitted changes in lwcharts/" if git("status", "--porcelain", "lwcharts") else ""
    )


def print_environment(args: argparse.Namespace) -> None:
    now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    print(f"# lwcharts encode benchmark — {now}, lwcharts at {checkout()}")
    print(
        f"machine: {platform.machine()}, {cpu_model()}, {os.cpu_count()} cores, {platform.system()}"
    )
    for side, python in (("ours", args.ours_python), ("peers", args.peers_python)):
        versions = ", ".join(f"{k} {v}" for k, v in query_versions(str(python)).items())
        print(f"{side} venv: {versions}")
    print(
        f"data: geometric random walk, 1-minute bars from {START} UTC, datetime64[us] index "
        f"(as_unit('ns') for lightweight-charts 2.1); best of N runs (≤ {args.max_runs} while "
        f"under {args.budget:g} s, ≥ {MIN_RUNS} while under {LONG_BUDGET:g} s), each size of "
        "each library in a fresh process"
    )
    print(flush=True)


def _progress(outcome: Outcome) -> None:
    detail = outcome.status
    if outcome.result is not None:
        r = outcome.result
        detail = f"{r['ms']:.1f} ms (best of {r['runs']}), {r['bytes']:,} bytes"
    rounding = "" if outcome.decimals is None else f" (prices rounded to {outcome.decimals} dp)"
    print(
        f"  {outcome.workload} {outcome.size:>9,} {outcome.case:<11}{rounding}: {detail}",
        file=sys.stderr,
        flush=True,
    )


def run_all(args: argparse.Namespace) -> list[Outcome]:
    outcomes = []
    for workload in args.workloads:
        for size in args.sizes:
            for case in cases_for(workload):
                outcomes.append(run_fresh(case, size, workload, args))
                _progress(outcomes[-1])
    return outcomes


def run_rounded(args: argparse.Namespace) -> list[Outcome]:
    """Bytes only, with prices rounded to cents: real quotes are short decimals."""
    rounded = argparse.Namespace(**{**vars(args), "decimals": 2, "max_runs": 1})
    outcomes = []
    for workload in args.workloads:
        for size in args.sizes:
            for case in ("lwcharts", "rows"):
                outcomes.append(run_fresh(case, size, workload, rounded))
                _progress(outcomes[-1])
    return outcomes


# --- tables ---------------------------------------------------------------------------------


Lookup = dict[tuple[str, str, int], Outcome]


def _ms(outcome: Outcome | None) -> str:
    if outcome is None:
        return "—"
    if outcome.result is None:
        return outcome.status.split(":")[0]
    return f"{outcome.result['ms']:,.1f}"


def _value(outcome: Outcome | None, key: str) -> float | None:
    return None if outcome is None or outcome.result is None else float(outcome.result[key])


def _ratio(top: float | None, bottom: float | None, goal: float, *, at_most: bool = False) -> str:
    if top is None or bottom is None or bottom == 0:
        return "—"
    ratio = top / bottom
    met = ratio <= goal if at_most else ratio >= goal
    digits = 2 if ratio < 10 else 0
    return f"{ratio:.{digits}f}× {'✓' if met else '✗'}"


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def print_headline(workload: str, sizes: Sequence[int], found: Lookup) -> None:
    helper = workload == "ohlcv"
    what = "candles + volume (2 series)" if helper else "candles only"
    print(f"\n## {workload.upper()}: {what}\n")
    header = ["bars", "lwcharts ms", "pro ms", f"pro ÷ lwcharts (≥ {GOAL_PRO:g}×)"]
    if helper:
        header += ["pro helper ms", "helper ÷ lwcharts"]
    header += ["lwc 2.1 ms", f"lwc 2.1 ÷ lwcharts (≥ {GOAL_LWC21:g}×)", "lwcharts bytes"]
    header += ["row-JSON bytes", f"lwcharts ÷ row-JSON (≤ {GOAL_BYTES:g}×)"]
    print(_row(header))
    print(_row(["---:"] * len(header)))
    for size in sizes:
        ours, pro = found.get((workload, "lwcharts", size)), found.get((workload, "pro", size))
        lwc21, rows = found.get((workload, "lwc21", size)), found.get((workload, "rows", size))
        our_ms = _value(ours, "ms")
        cells = [f"{size:,}", _ms(ours), _ms(pro), _ratio(_value(pro, "ms"), our_ms, GOAL_PRO)]
        if helper:
            assistant = found.get((workload, "pro-helper", size))
            cells += [_ms(assistant), _ratio(_value(assistant, "ms"), our_ms, GOAL_PRO)]
        our_bytes, row_bytes = _value(ours, "bytes"), _value(rows, "bytes")
        cells += [_ms(lwc21), _ratio(_value(lwc21, "ms"), our_ms, GOAL_LWC21)]
        cells += [_bytes(our_bytes), _bytes(row_bytes)]
        cells.append(_ratio(our_bytes, row_bytes, GOAL_BYTES, at_most=True))
        print(_row(cells))


def _bytes(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f}"


def print_rounded(workloads: Sequence[str], sizes: Sequence[int], found: Lookup) -> None:
    print("\n## Bytes with prices rounded to cents (2 decimals)\n")
    header = ["workload", "bars", "lwcharts bytes", "row-JSON bytes"]
    header.append(f"lwcharts ÷ row-JSON (≤ {GOAL_BYTES:g}×)")
    print(_row(header))
    print(_row(["---", "---:", "---:", "---:", "---:"]))
    for workload in workloads:
        for size in sizes:
            ours, rows = (
                found.get((workload, "lwcharts", size)),
                found.get((workload, "rows", size)),
            )
            ours_bytes, row_bytes = _value(ours, "bytes"), _value(rows, "bytes")
            ratio = _ratio(ours_bytes, row_bytes, GOAL_BYTES, at_most=True)
            print(_row([workload, f"{size:,}", _bytes(ours_bytes), _bytes(row_bytes), ratio]))


def print_details(outcomes: Sequence[Outcome]) -> None:
    print("\n## Every run\n")
    header = ["workload", "bars", "library", "version", "best ms", "runs", "bytes", "peak RSS MB"]
    print(_row(header))
    print(_row(["---", "---:", "---", "---", "---:", "---:", "---:", "---:"]))
    for o in outcomes:
        r = o.result or {}
        label = CASES[o.case].label + ("" if o.decimals is None else " (cents)")
        cells = [o.workload, f"{o.size:,}", label, r.get("version", "—"), _ms(o)]
        cells += [str(r.get("runs", "—")), _bytes(_value(o, "bytes"))]
        cells.append("—" if not r else f"{r['peak_mb']:,.0f}")
        print(_row(cells))


def check_same_data(outcomes: Sequence[Outcome]) -> list[str]:
    """Both venvs must have generated the same bars for a given size and workload."""
    seen: dict[tuple[str, int, int | None], str] = {}
    problems = []
    for o in outcomes:
        if o.result is None:
            continue
        key = (o.workload, o.size, o.decimals)
        if seen.setdefault(key, o.result["fingerprint"]) != o.result["fingerprint"]:
            problems.append(f"{o.case} {o.workload} {o.size}: different data in its process")
    return problems


def lookup(outcomes: Sequence[Outcome]) -> Lookup:
    return {(o.workload, o.case, o.size): o for o in outcomes}


# --- command line ---------------------------------------------------------------------------


def _int_list(text: str) -> list[int]:
    return [int(part.replace("_", "")) for part in text.split(",") if part]


def _name_list(text: str) -> list[str]:
    names = [part for part in text.split(",") if part]
    unknown = set(names) - set(WORKLOADS)
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown workloads {sorted(unknown)}; use {WORKLOADS}")
    return names


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    here = Path(__file__).resolve().parent
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=_int_list, default=list(DEFAULT_SIZES))
    parser.add_argument("--workloads", type=_name_list, default=list(WORKLOADS))
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per process")
    parser.add_argument("--budget", type=float, default=3.0, help="seconds of runs per case")
    parser.add_argument("--max-runs", type=int, default=25)
    parser.add_argument("--no-rounded", action="store_true", help="skip the cents bytes table")
    parser.add_argument("--ours-python", default=sys.executable)
    parser.add_argument("--peers-python", default=str(here / ".peers-venv" / "bin" / "python"))
    parser.add_argument("--json", type=Path, help="also write every result to this file")
    # Internal: one measurement in this (fresh) process.
    parser.add_argument("--worker", choices=sorted(CASES), help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--workload", choices=WORKLOADS, default="ohlcv", help=argparse.SUPPRESS)
    parser.add_argument("--decimals", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--versions", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.versions:
        print(json.dumps(side_versions()))
        return 0
    if args.worker:
        print(RESULT_MARK + json.dumps(run_worker(args)), flush=True)
        return 0
    started = time.perf_counter()
    print_environment(args)
    outcomes = run_all(args)
    rounded = [] if args.no_rounded else run_rounded(args)
    found = lookup(outcomes)
    for workload in args.workloads:
        print_headline(workload, args.sizes, found)
    if rounded:
        print_rounded(args.workloads, args.sizes, lookup(rounded))
    print_details([*outcomes, *rounded])
    if args.json:
        args.json.write_text(json.dumps([vars(o) for o in [*outcomes, *rounded]], indent=1))
    problems = check_same_data([*outcomes, *rounded])
    problems += [
        f"{o.case} {o.workload} {o.size}: {o.status}"
        for o in [*outcomes, *rounded]
        if o.status not in ("ok", "timeout")
    ]
    print(f"\nwhole run: {time.perf_counter() - started:,.0f} s")
    for problem in problems:
        print(f"ERROR: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
