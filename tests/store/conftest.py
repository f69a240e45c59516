"""The run store is tested on both databases: ``url`` is a fresh SQLite file, then a fresh
PostgreSQL schema (skipped without ``GREENPARK_TEST_PG_URL``, see tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/runs.db"
    return str(request.getfixturevalue("pg_schema_url"))
