"""`stop_process` (tests/support/servers.py), which stops every server the browser tests start and
the benchmarks' browsers and workers: SIGTERM, a grace period, then SIGKILL, to the whole group
for a process that leads one."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.support.servers import stop_process

GRACE_S = 1.0
# Ignores SIGTERM, starts a child (SIGTERM goes to the parent only), then prints the child's pid.
STUBBORN = """
import signal, subprocess, sys, time
signal.signal(signal.SIGTERM, signal.SIG_IGN)
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"],
                         stdout=subprocess.DEVNULL)
print(child.pid, flush=True)
time.sleep(120)
"""


def gone(pid: int, timeout_s: float = 10.0) -> bool:
    """True once `pid` has exited (no process, or a zombie waiting for init to reap it)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        status = Path(f"/proc/{pid}/status")
        try:
            state = next(line for line in status.read_text().splitlines() if line[:6] == "State:")
        except FileNotFoundError:
            return True
        if state.split()[1] in ("Z", "X"):
            return True
        time.sleep(0.05)
    return False


def test_a_process_that_exits_on_sigterm_is_not_killed() -> None:
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    stop_process(process, GRACE_S)
    assert process.returncode == -signal.SIGTERM


def test_a_group_leader_ignoring_sigterm_is_killed_with_its_children() -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", STUBBORN], stdout=subprocess.PIPE, start_new_session=True
    )
    assert process.stdout is not None
    child = int(process.stdout.readline())
    stop_process(process, GRACE_S)
    assert process.returncode == -signal.SIGKILL
    assert gone(child), "the child in its group was left running"


def test_a_process_in_our_own_group_is_killed_alone() -> None:
    # Not started in a session of its own: it shares this process' group, which must survive.
    process = subprocess.Popen([sys.executable, "-c", STUBBORN], stdout=subprocess.PIPE)
    assert process.stdout is not None
    child = int(process.stdout.readline())
    try:
        stop_process(process, GRACE_S)
        assert process.returncode == -signal.SIGKILL
        assert not gone(child, timeout_s=0.5), "only the process itself is killed"
    finally:
        os.kill(child, signal.SIGKILL)
