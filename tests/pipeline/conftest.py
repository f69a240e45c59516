"""Small parks written on the fly for pipeline tests (tests/pipeline/test_accounting.py has
its own worked park): ``make_park`` writes park.yaml, a wide hourly electricity file with a
constant load per enterprise and a long monthly file, and loads the park; ``run_park`` runs
its accounting year in the dark (no PV output) with the shipped factor tables; ``park_spec``
gives the park.yaml dict to start from."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import yaml

from greenpark.inputs.factors.registry import FactorRegistry, load_factor_registry
from greenpark.inputs.park.load import Park, load_park
from greenpark.inputs.weather.files import Weather
from greenpark.pipeline.accounting import AccountingResult, run_accounting

TZ = "Asia/Shanghai"


def park_yaml(
    enterprises: Sequence[str], *, year: int = 2025, province: str = "山西"
) -> dict[str, Any]:
    """A park.yaml as a dict: enterprises by id, hourly electricity and monthly data files."""
    return {
        "park": {
            "id": "small",
            "name": "测试园区",
            "province": province,
            "grid_region": {"湖南": "central"}.get(province, "north"),
            "location": {"latitude_deg": 35.49, "longitude_deg": 112.85, "altitude_m": 750},
            "land_area_mu": 300,
            "accounting_year": year,
        },
        "enterprises": [
            {
                "id": e,
                "name": f"{e} 厂",
                "industry_code": "C33",
                "load_profile": "continuous_process",
            }
            for e in enterprises
        ],
        "data": [
            {
                "file": "data/electricity.csv",
                "layout": "wide",
                "resolution": "hourly",
                "carrier": "electricity",
                "unit": "kWh",
            },
            {"file": "data/monthly.csv", "resolution": "monthly"},
        ],
    }


@pytest.fixture
def park_spec() -> Callable[..., dict[str, Any]]:
    """``park_spec(enterprise_ids, year=2025, province="山西")``: see :func:`park_yaml`."""
    return park_yaml


@pytest.fixture
def make_park(tmp_path: Path) -> Callable[..., Park]:
    """``make_park(spec, load_kwh_per_h, monthly_rows)``: write the files and load the park.

    ``monthly_rows`` are (month, enterprise, carrier, quantity, unit[, use]) tuples; a sixth
    item adds the optional ``use`` column to the monthly file. Every series gets a bill of 0
    for the months its rows do not give, so each carrier covers the year (coverage rules).
    """

    def make(
        spec: dict[str, Any],
        load_kwh_per_h: dict[str, float],
        monthly_rows: Sequence[tuple[Any, ...]] = (),
    ) -> Park:
        year = spec["park"]["accounting_year"]
        (tmp_path / "data").mkdir(exist_ok=True)
        (tmp_path / "park.yaml").write_text(
            yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
        stamps = pd.date_range(f"{year}-01-01", f"{year + 1}-01-01", freq="h", inclusive="left")
        hourly = pd.DataFrame({"timestamp": stamps.strftime("%Y-%m-%d %H:%M")} | load_kwh_per_h)
        hourly.to_csv(tmp_path / "data" / "electricity.csv", index=False)
        columns = ["month", "enterprise", "carrier", "quantity", "unit"]
        if any(len(row) == 6 for row in monthly_rows):
            columns.append("use")
            monthly_rows = [(*row, "") if len(row) == 5 else row for row in monthly_rows]
        first = next(iter(load_kwh_per_h))
        rows = list(monthly_rows) or [(f"{year}-01", first, "water_reused", 0, "立方米")]
        given = pd.DataFrame(rows, columns=columns)
        series = [c for c in columns if c not in ("month", "quantity")]
        months = pd.DataFrame({"month": [f"{year}-{m:02d}" for m in range(1, 13)]})
        year_rows = given[series].drop_duplicates().merge(months, how="cross")
        full = year_rows.merge(given, on=[*series, "month"], how="left").fillna({"quantity": 0})
        full[columns].to_csv(tmp_path / "data" / "monthly.csv", index=False)
        return load_park(tmp_path)

    return make


def dark_weather(year: int) -> Weather:
    """A year of night: no PV output, so grid import equals the load."""
    index = pd.date_range(f"{year}-01-01", f"{year + 1}-01-01", freq="h", tz=TZ, inclusive="left")
    zeros = np.zeros(len(index))
    data = pd.DataFrame(
        {"ghi": zeros, "dni": zeros, "dhi": zeros, "temp_air": 15.0, "wind_speed": 3.0},
        index=index,
    )
    return Weather(data, 35.49, 112.85, 750.0, "dark test weather", ())


@functools.cache
def registry() -> FactorRegistry:
    return load_factor_registry()


@pytest.fixture
def run_park() -> Callable[..., AccountingResult]:
    """``run_park(park, **run_accounting options)``."""

    def run(park: Park, **options: Any) -> AccountingResult:
        year = park.config.park.accounting_year
        return run_accounting(park, registry(), dark_weather(year), **options)

    return run
