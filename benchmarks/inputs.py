"""Peak memory of reading 1M rows in: pandas, polars and pyarrow input to the columns a series
draws (``lwcharts.model.data.to_columns``), as a multiple of the raw column bytes.

The issue's bar: a 1M-row frame is copied at most once on the way in. Each kind runs in a fresh
process: the frame is built, freed heap memory is given back (``malloc_trim``), the peak RSS is
reset (Linux ``/proc/self/clear_refs``), ``to_columns`` runs, and the new peak above the
resident size before it is the extra memory the way in needed (output columns, conversion and
temporaries). Raw column bytes: the time column and four float64 prices, 8 bytes a value.

Usage: benchmarks/run inputs, or ``.venv/bin/python benchmarks/inputs.py [--rows N]``
(polars comes with the test extra).
"""

from __future__ import annotations

import argparse
import ctypes
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

KINDS = ("pandas", "polars", "pyarrow")
OHLC = ("open", "high", "low", "close")
COLUMNS = 5  # time + open/high/low/close


def frame(rows: int) -> pd.DataFrame:
    rng = np.random.default_rng(11)
    close = 100 * np.exp(np.cumsum(rng.normal(0, 1e-3, rows)))
    return pd.DataFrame(
        {
            "time": pd.date_range("2020-01-01", periods=rows, freq="min", unit="us"),
            "open": close * 0.999,
            "high": close * 1.001,
            "low": close * 0.998,
            "close": close,
        }
    )


def as_kind(df: pd.DataFrame, kind: str) -> Any:
    if kind == "polars":
        import polars

        return polars.from_pandas(df)
    if kind == "pyarrow":
        import pyarrow as pa

        return pa.Table.from_pandas(df, preserve_index=False)
    return df


def _rss_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{field} not in /proc/self/status")


def measure(kind: str, rows: int) -> dict[str, Any]:
    """In this process: the extra peak memory of ``to_columns`` on ``rows`` rows of ``kind``."""
    from lwcharts.model.data import to_columns

    data = as_kind(frame(rows), kind)
    to_columns(as_kind(frame(1000), kind), OHLC, series="warm-up")  # imports, caches
    # Freed heap memory stays resident and would be reused unseen: give it back first.
    ctypes.CDLL("libc.so.6").malloc_trim(0)
    before = _rss_kib("VmRSS")
    Path("/proc/self/clear_refs").write_text("5")  # peak RSS := current RSS
    columns = to_columns(data, OHLC, series="bench")
    peak = _rss_kib("VmHWM")
    assert len(columns) == rows
    assert columns.time[0] == 1_577_836_800.0
    raw = rows * COLUMNS * 8
    return {"kind": kind, "rows": rows, "extra_peak_bytes": (peak - before) * 1024, "raw": raw}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--one", choices=KINDS, help=argparse.SUPPRESS)  # the child process
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(measure(args.one, args.rows)))
        return
    print(f"to_columns on {args.rows:,} OHLC rows; extra peak RSS / raw column bytes")
    print(f"{'input':<10} {'extra peak MB':>14} {'raw MB':>8} {'ratio':>6}")
    for kind in KINDS:
        out = subprocess.run(
            [sys.executable, __file__, "--one", kind, "--rows", str(args.rows)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        result = json.loads(out)
        extra, raw = result["extra_peak_bytes"], result["raw"]
        print(f"{kind:<10} {extra / 1e6:>14.1f} {raw / 1e6:>8.1f} {extra / raw:>6.2f}")


if __name__ == "__main__":
    main()
