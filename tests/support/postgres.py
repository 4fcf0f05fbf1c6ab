"""A private PostgreSQL cluster from Debian's `postgresql` package (no pytest here, so
benchmarks/ imports it too; the recipe is /work/shared/TESTING.md §5).

`initdb` into a scratch directory, listening only on 127.0.0.1 at a free port, trust auth for
the one role `lw`. PostgreSQL refuses to run as root, so as root the cluster runs as the
`postgres` user (created by the Debian package) through `runuser`.
"""

from __future__ import annotations

import glob
import os
import shlex
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from tests.support.servers import free_port

ROLE = "lw"
DATABASE = "lwcharts_tests"


@dataclass
class Postgres:
    """A cluster we started: its data directory, port and the store URL of its database."""

    base: Path
    port: int

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://{ROLE}@127.0.0.1:{self.port}/postgres"

    def fresh_database(self) -> str:
        """The store URL of this cluster's test database, with lwcharts' tables dropped: each
        test starts from nothing (quicker than CREATE DATABASE per test). Engines of earlier
        tests must be disposed first."""
        admin = sa.create_engine(self.url, isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as conn:
                exists = conn.execute(
                    sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": DATABASE}
                ).scalar()
                if not exists:
                    conn.execute(sa.text(f"CREATE DATABASE {DATABASE}"))
        finally:
            admin.dispose()
        url = self.url.rsplit("/", 1)[0] + f"/{DATABASE}"
        tests = sa.create_engine(url)
        try:
            with tests.begin() as conn:
                conn.execute(sa.text("DROP TABLE IF EXISTS lwcharts_settings, lwcharts_meta"))
        finally:
            tests.dispose()
        return url

    def start(self) -> None:
        socket_dir = self.base / "socket"
        options = f"-p {self.port} -k {socket_dir} -c listen_addresses=127.0.0.1"
        _as_owner(
            [
                _tool("pg_ctl"),
                "-D",
                str(self.base / "data"),
                "-o",
                options,
                "-l",
                str(self.base / "postgres.log"),
                "-w",
                "start",
            ]
        )

    def stop(self) -> None:
        _as_owner([_tool("pg_ctl"), "-D", str(self.base / "data"), "-m", "fast", "-w", "stop"])

    def log_tail(self, lines: int = 40) -> str:
        log = self.base / "postgres.log"
        text = log.read_text(errors="replace") if log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


def available() -> bool:
    return bool(glob.glob("/usr/lib/postgresql/*/bin/initdb"))


@contextmanager
def postgres(base: Path) -> Iterator[Postgres]:
    """A running cluster in `base` (an empty scratch directory whose parents the `postgres`
    user can enter, e.g. made by `tempfile.mkdtemp()` in /tmp); stopped afterwards."""
    (base / "socket").mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
        shutil.chown(base / "socket", "postgres")
    _as_owner([_tool("initdb"), "-D", str(base / "data"), "-A", "trust", "-U", ROLE, "-E", "UTF8"])
    server = Postgres(base, free_port())
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _tool(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        raise FileNotFoundError(
            f"{name} not found under /usr/lib/postgresql/*/bin: apt-get install postgresql "
            "(scripts/dev test installs it)"
        )
    return found[-1]  # the newest major version


def _as_owner(command: list[str]) -> None:
    """Run a PostgreSQL tool, as the `postgres` user when we are root."""
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    if done.returncode != 0:
        raise RuntimeError(
            f"{shlex.join(command)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
        )
