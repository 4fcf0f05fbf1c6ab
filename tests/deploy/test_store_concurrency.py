"""Replicas writing to one PostgreSQL at once, as separate processes do: nothing is lost, the
newest change wins, and a reset older than a change does not undo it (the merge runs inside the
database, so no process can overwrite another's newer row)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from lwcharts.settings.sql_store import SqlStore
from tests.support.postgres import Postgres

pytestmark = pytest.mark.deploy

ROOT = Path(__file__).resolve().parents[2]
WRITERS, WRITES = 8, 250

WRITER = textwrap.dedent(
    """
    import sys, time
    from lwcharts.settings.sql_store import SqlStore

    url, mode = sys.argv[1], sys.argv[4]
    writer, writes, base = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[5])
    store = SqlStore(url)
    for n in range(writes):
        if mode == "distinct":   # every write its own series: all must be kept
            chart, series = f"c{writer}-{n // 50}", f"s{n}"
            stamp, config = base + n, {"lineWidth": 1 + n % 4}
        else:                    # every writer on one series: stamps interleave across writers
            chart, series = "shared", "line"
            if mode == "old-resets" and writer == 0:   # resets older than every change
                stamp, config = base - writes + n, {}
            elif mode == "new-resets" and writer == 7:  # the newest writes are resets
                stamp, config = base + n * 100 + writer, {}
            else:
                stamp, config = base + n * 100 + writer, {"title": f"w{writer}n{n}"}
        change = {"chartId": chart, "paneId": 0, "seriesId": series, "seriesType": "line",
                  "config": config, "timestamp": stamp}
        store.apply_payload("app:load", {"type": "series_config_changes", "changes": [change]})
    """
)


def run_writers(url: str, mode: str, base: int) -> None:
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, url, str(n), str(WRITES), mode, str(base)],
            cwd=ROOT,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(WRITERS)
    ]
    for process in processes:
        _, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
        assert "SettingsWarning" not in err, err


@pytest.fixture
def store(postgres_server: Postgres) -> Iterator[SqlStore]:
    store = SqlStore(postgres_server.fresh_database())
    yield store
    store.engine.dispose()


def stamp_base() -> int:
    return int(time.time() * 1000) - 10 * 3600 * 1000


def test_eight_processes_of_250_writes_keep_2000_of_2000(store: SqlStore) -> None:
    started = time.monotonic()
    run_writers(store.engine.url.render_as_string(hide_password=False), "distinct", stamp_base())
    elapsed = time.monotonic() - started
    state = store.load("app:load")
    kept = sum(len(series) for panes in state.values() for series in panes.values())
    assert kept == WRITERS * WRITES, f"{kept} of {WRITERS * WRITES} kept ({elapsed:.1f} s)"
    with store.engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT count(*) FROM lwcharts_settings")).scalar()
    assert rows == WRITERS * WRITES


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        ("changes", {"title": f"w{WRITERS - 1}n{WRITES - 1}"}),
        ("old-resets", {"title": f"w{WRITERS - 1}n{WRITES - 1}"}),
        ("new-resets", {}),
    ],
)
def test_on_one_key_the_newest_write_wins_whoever_writes_last(
    store: SqlStore, mode: str, expected: dict[str, Any]
) -> None:
    base = stamp_base()
    run_writers(store.engine.url.render_as_string(hide_password=False), mode, base)
    entry = store.load("app:load")["shared"]["0"]["line"]
    assert entry["config"] == expected
    assert entry["lastModified"] == base + (WRITES - 1) * 100 + WRITERS - 1
