"""Kernel side of live data: what one ``series.update(row)`` costs Python in a tight loop.

A 100k-bar candlestick series on a chart whose rows go to a sink that only counts (the widget's
send is the host's cost, not the update's), fed dict rows as a notebook loop does: ticks on the
last bar with a new bar every ``--ticks-per-bar`` rows. Timed: the loop of updates, then the
flushes that encode the waiting rows (one every ``--rows-per-flush`` rows, as the notebook's
frame-interval flush would), reported per update. Goal: ≤ 20 µs per update.

Usage: ``benchmarks/run live`` or ``PYTHONPATH=. .venv/bin/python benchmarks/live.py``.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence

from benchmarks.encode import OHLC, make_frame
from lwcharts import Chart

GOAL_US = 20.0
BARS = 100_000


def rows(count: int, ticks_per_bar: int, last: float, price: float) -> list[dict[str, float]]:
    return [
        {
            "time": last + 60.0 * (1 + n // ticks_per_bar),
            "open": price,
            "high": price + 0.05,
            "low": price - 0.05,
            "close": price + (n % ticks_per_bar) * 0.01,
        }
        for n in range(count)
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--updates", type=int, default=200_000)
    parser.add_argument("--ticks-per-bar", type=int, default=500)
    parser.add_argument("--rows-per-flush", type=int, default=500)
    args = parser.parse_args(argv)
    frame = make_frame(BARS)[list(OHLC)]
    last, price = frame.index[-1].timestamp(), float(frame["close"].iloc[-1])
    results: dict[str, tuple[float, list[int]]] = {}
    for label, ticks in (("realistic", args.ticks_per_bar), ("worst", 1)):
        chart = Chart(frame)
        series = chart.series[0]
        sent = [0, 0]

        def sink(_series_id: str, message: bytes, sent: list[int] = sent) -> None:
            sent[0] += 1
            sent[1] += len(message)

        series.sink = sink
        feed = rows(args.updates, ticks, last, price)
        started = time.perf_counter()
        for n, row in enumerate(feed, 1):
            series.update(row)
            if n % args.rows_per_flush == 0:
                series.flush()
        series.flush()
        elapsed = time.perf_counter() - started
        if len(series) != BARS + (args.updates - 1) // ticks + 1:
            raise AssertionError(f"{label}: {len(series)} bars after {args.updates} updates")
        if series.columns.fields["close"][-1] != feed[-1]["close"]:
            raise AssertionError(f"{label}: the last bar is not the last tick")
        results[label] = (elapsed, sent)
    print(
        f"## Kernel: `series.update(dict)` into a {BARS:,}-bar series, {args.updates:,} updates\n"
    )
    print("| case | µs per update | messages | bytes per update | goal |")
    print("| --- | ---: | ---: | ---: | --- |")
    for label, (elapsed, sent) in results.items():
        per = 1e6 * elapsed / args.updates
        verdict = "met" if per <= GOAL_US else "MISSED"
        print(
            f"| {label} | {per:.2f} | {sent[0]:,} | {sent[1] / args.updates:.2f} | "
            f"≤ {GOAL_US:.0f} µs: {verdict} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
