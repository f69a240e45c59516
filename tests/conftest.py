"""Shared test set-up.

- every test starts in the default language (Chinese) with no user environment leaking in
  (``GREENPARK_LANG``, ``GREENPARK_FACTORS_DIR``, ``GREENPARK_DB``);
- ``english``: a test (or module, via ``pytestmark = pytest.mark.usefixtures("english")``)
  that reads English wording;
- ``station_epws`` / ``taiyuan_epw``: the CSWD Shanxi typical-year files in
  ``../shared/weather`` (never committed); tests that need them skip when they are absent;
- ``pg_schema_url``: a PostgreSQL URL (``$GREENPARK_TEST_PG_URL``) whose ``search_path`` is a
  fresh empty schema of its own, dropped afterwards; tests that need it skip without a server.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from greenpark.i18n import set_language

SHARED_WEATHER = Path(__file__).resolve().parents[1].parent / "shared" / "weather"


@pytest.fixture(autouse=True)
def _default_language(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in ("GREENPARK_LANG", "GREENPARK_FACTORS_DIR", "GREENPARK_DB"):
        monkeypatch.delenv(name, raising=False)
    set_language("zh")
    yield
    set_language("zh")


@pytest.fixture
def english() -> None:
    set_language("en")


@pytest.fixture
def station_epws() -> list[Path]:
    files = sorted(SHARED_WEATHER.glob("CHN_Shanxi.*_CSWD.epw"))
    if not files:
        pytest.skip(f"CSWD station files not found in {SHARED_WEATHER}")
    return files


@pytest.fixture
def taiyuan_epw() -> Path:
    path = SHARED_WEATHER / "CHN_Shanxi.Taiyuan.537720_CSWD.epw"
    if not path.exists():
        pytest.skip(f"no station weather at {path}")
    return path


@pytest.fixture
def pg_schema_url() -> Iterator[str]:
    base = os.environ.get("GREENPARK_TEST_PG_URL")
    if not base:
        pytest.skip("GREENPARK_TEST_PG_URL not set (.ci/run starts a PostgreSQL and sets it)")
    from sqlalchemy import create_engine, text

    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    yield base + ("&" if "?" in base else "?") + f"options=-csearch_path%3D{schema}"
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()
