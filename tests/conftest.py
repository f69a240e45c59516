"""Shared test set-up.

- every test starts in the default language (Chinese) with no user environment leaking in
  (``GREENPARK_LANG``, ``GREENPARK_FACTORS_DIR``, ``GREENPARK_DB``);
- ``english``: a test (or module, via ``pytestmark = pytest.mark.usefixtures("english")``)
  that reads English wording;
- ``park_maker``: writes small parks (``park.yaml`` and data files) for the coverage tests;
  ``module_park_maker`` the same for parks a module's tests share;
- ``station_epws`` / ``taiyuan_epw``: the CSWD Shanxi typical-year files in
  ``../shared/weather`` (never committed); tests that need them skip when they are absent;
- ``pg_schema_url``: a PostgreSQL URL (``$GREENPARK_TEST_PG_URL``) whose ``search_path`` is a
  fresh empty schema of its own, dropped afterwards; tests that need it skip without a server.
- ``cswd_china``: the folder of the 267 national CSWD files (``.epw.gz``), likewise.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
import yaml

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


class ParkMaker:
    """Writes small parks into a folder: ``park.yaml`` and long-layout CSV data files.

    Used by the coverage tests (inputs, pipeline, cli) to build a park and its broken variants.
    Quantities given as ``None`` are written as empty cells (gaps); 0 is a reading.
    """

    def __init__(self, root: Path, year: int = 2025) -> None:
        self.root, self.year = root, year

    def hours(self, start: str | None = None, end: str | None = None) -> pd.DatetimeIndex:
        """Local hours [start, end) of the year, naive; the whole year by default."""
        first = pd.Timestamp(start or f"{self.year}-01-01")
        last = pd.Timestamp(end or f"{self.year + 1}-01-01")
        return pd.date_range(first, last, freq="h", inclusive="left")

    def hourly(
        self,
        enterprise: str,
        carrier: str,
        unit: str,
        value: float | None,
        start: str | None = None,
        end: str | None = None,
    ) -> pd.DataFrame:
        """One reading of ``value`` for every hour in [start, end) (long layout)."""
        stamps = self.hours(start, end).strftime("%Y-%m-%d %H:%M")
        return pd.DataFrame(
            {
                "timestamp": stamps,
                "enterprise": enterprise,
                "carrier": carrier,
                "quantity": value,
                "unit": unit,
            }
        )

    def monthly(
        self, enterprise: str, carrier: str, unit: str, quantities: dict[int, float | None]
    ) -> pd.DataFrame:
        """One row per month 1-12 in ``quantities`` (long layout)."""
        return pd.DataFrame(
            {
                "month": [f"{self.year}-{m:02d}" for m in quantities],
                "enterprise": enterprise,
                "carrier": carrier,
                "quantity": list(quantities.values()),
                "unit": unit,
            }
        )

    def write(
        self, name: str, enterprises: dict[str, str], files: dict[str, list[pd.DataFrame]]
    ) -> Path:
        """Park ``name`` with ``enterprises`` (id -> load profile) and data ``files``."""
        directory = self.root / name
        (directory / "data").mkdir(parents=True)
        data = []
        for file, frames in files.items():
            frame = pd.concat(frames, ignore_index=True)
            frame.to_csv(directory / "data" / file, index=False)
            resolution = "monthly" if "month" in frame.columns else "hourly"
            data.append({"file": f"data/{file}", "resolution": resolution})
        spec = {
            "park": {
                "id": name,
                "name": f"测试园区 {name}",
                "province": "山西",
                "grid_region": "north",
                "location": {"latitude_deg": 35.49, "longitude_deg": 112.85, "altitude_m": 750},
                "land_area_mu": 100,
                "accounting_year": self.year,
            },
            "enterprises": [
                {
                    "id": eid,
                    "name": f"{eid} 厂",
                    "industry_code": "C33",
                    "load_profile": profile,
                    "output_value_wan_cny": 1000.0,
                    "value_added_wan_cny": 300.0,
                    "tax_wan_cny": 50.0,
                    "land_mu": 10.0,
                    "employees": 100,
                }
                for eid, profile in enterprises.items()
            ],
            "data": data,
        }
        text_ = yaml.safe_dump(spec, allow_unicode=True, sort_keys=False)
        (directory / "park.yaml").write_text(text_, encoding="utf-8")
        return directory


@pytest.fixture
def park_maker(tmp_path: Path) -> ParkMaker:
    """A :class:`ParkMaker` writing into this test's temporary folder (year 2025)."""
    return ParkMaker(tmp_path)


@pytest.fixture(scope="module")
def module_park_maker(tmp_path_factory: pytest.TempPathFactory) -> ParkMaker:
    """A :class:`ParkMaker` writing into a folder of the module (parks built once for it)."""
    return ParkMaker(tmp_path_factory.mktemp("parks"))


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


@pytest.fixture
def cswd_china() -> Path:
    folder = SHARED_WEATHER / "cswd-china"
    if not (folder / "stations.csv").exists():
        pytest.skip(f"national CSWD station files not found in {folder}")
    return folder
