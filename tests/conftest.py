"""The helpers' asserts are the tests' asserts: let pytest explain them like the ones in tests."""

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

pytest.register_assert_rewrite("tests.support")

if TYPE_CHECKING:
    from tests.support.postgres import Postgres


@pytest.fixture(scope="session")
def postgres_server() -> Iterator["Postgres"]:
    """One private PostgreSQL cluster for the session (tests/support/postgres.py), in a
    directory under /tmp that the `postgres` user can reach (pytest's tmp_path is root-only)."""
    from tests.support.postgres import available, postgres

    if not available():
        pytest.skip("Debian's postgresql is not installed (scripts/dev test installs it)")
    with tempfile.TemporaryDirectory(prefix="lwcharts-pg-") as base, postgres(Path(base)) as server:
        yield server
