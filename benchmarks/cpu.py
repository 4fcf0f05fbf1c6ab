"""CPU time of the processes a browser benchmark measures: the kernel, the server, chromium."""

from __future__ import annotations

import os
from contextlib import suppress
from pathlib import Path


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of one process, from /proc/<pid>/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def browser_pids() -> list[int]:
    """Chromium processes started (through Playwright's driver) by this process."""
    try:
        import psutil
    except ImportError:
        return []
    found = []
    for child in psutil.Process().children(recursive=True):
        with suppress(psutil.Error):
            if "chrom" in child.name().lower():
                found.append(child.pid)
    return found


def total_cpu(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        with suppress(OSError, IndexError, ValueError):
            total += cpu_seconds(pid)
    return total
