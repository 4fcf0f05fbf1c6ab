"""Gzip size of the two front-end bundles (goal: at most 100 KB each, 1 KB = 1000 bytes).

The bundles are built from js/ by ``scripts/dev`` (or ``cd js && npm run build``); when they are
missing this says so and skips rather than failing.
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

STATIC = Path(__file__).resolve().parent.parent / "lwcharts" / "static"
BUNDLES = ("widget.js", "streamlit.js")
GOAL_BYTES = 100_000


def gzip_size(path: Path) -> tuple[int, int]:
    """(raw bytes, gzip -9 bytes) of ``path``."""
    data = path.read_bytes()
    return len(data), len(gzip.compress(data, compresslevel=9, mtime=0))


def report(paths: list[Path]) -> bool:
    """Print one table row per bundle; True when every bundle meets the goal."""
    print(f"## Bundle size (goal ≤ {GOAL_BYTES / 1000:g} KB gzipped each)\n")
    print("| bundle | raw KB | gzip -9 KB | goal |")
    print("| --- | ---: | ---: | --- |")
    ok = True
    for path in paths:
        raw, zipped = gzip_size(path)
        met = zipped <= GOAL_BYTES
        ok = ok and met
        verdict = "✓" if met else f"✗ ({zipped / GOAL_BYTES:.2f}× the goal)"
        print(f"| {path.name} | {raw / 1000:,.1f} | {zipped / 1000:,.1f} | {verdict} |")
    return ok


def main() -> int:
    missing = [name for name in BUNDLES if not (STATIC / name).is_file()]
    if missing:
        print(
            f"bundle size: skipped, {', '.join(missing)} not built in {STATIC} "
            "(build with scripts/dev, or cd js && npm ci && npm run build)"
        )
        return 0
    report([STATIC / name for name in BUNDLES])
    return 0


if __name__ == "__main__":
    sys.exit(main())
