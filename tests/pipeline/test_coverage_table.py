"""Coverage in the run: totals completed by hand-checkable rules, flags on exactly the hours
that were modelled, the ``coverage`` table, and a zero-use enterprise that runs.

Parks (2025, 8,760 h; January-June = 4,344 h, July-December = 4,416 h):

- ``A``: hourly meter January-June, 1.5 kWh every hour (6,516 kWh), bills July-December
  10,000·m kWh (570,000 kWh); natural gas: 11 bills of 100 m³, no December bill.
- ``Z``: every reading 0 (electricity hourly, gas monthly).
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pytest

from greenpark.inputs.factors.registry import FactorRegistry, load_factor_registry
from greenpark.inputs.park.load import Park, load_park
from greenpark.inputs.weather.files import Weather
from greenpark.pipeline.accounting import run_accounting
from greenpark.pipeline.activity import annual_activity, electricity_load
from greenpark.pipeline.coverage import COVERAGE_COLUMNS, coverage_table
from greenpark.pipeline.results import annual_table

if TYPE_CHECKING:
    from conftest import ParkMaker

METERED_KWH = 1.5 * 4_344
BILLED_KWH = sum(10_000.0 * m for m in range(7, 13))  # 570,000
GAS_BILLS_M3 = {m: 100.0 for m in range(1, 12)}


@functools.cache
def registry() -> FactorRegistry:
    return load_factor_registry()


def dark_weather() -> Weather:
    index = pd.date_range("2025-01-01", periods=8760, freq="h", tz="Asia/Shanghai")
    data = pd.DataFrame(
        {"ghi": 0.0, "dni": 0.0, "dhi": 0.0, "temp_air": 15.0, "wind_speed": 3.0}, index=index
    )
    return Weather(data, 35.49, 112.85, 750.0, "dark test weather", ())


def park_a(maker: ParkMaker, *, allow_gaps: bool) -> Park:
    hourly = maker.hourly("A", "electricity", "kWh", 1.5, end="2025-07-01")
    bills = maker.monthly("A", "electricity", "kWh", {m: 10_000.0 * m for m in range(7, 13)})
    gas = maker.monthly("A", "natural_gas", "Nm3", GAS_BILLS_M3)
    files = {"h.csv": [hourly], "m.csv": [bills, gas]}
    return load_park(maker.write("a", {"A": "one_shift"}, files), allow_gaps=allow_gaps)


def test_hourly_half_year_and_bills_add_up_exactly_with_flags_on_the_billed_hours(
    park_maker: ParkMaker,
) -> None:
    park = park_a(park_maker, allow_gaps=True)
    hours = park.meters.hours
    filled = electricity_load(park.config, park.meters, hours).filled
    assert filled.load_kwh.sum() == pytest.approx(METERED_KWH + BILLED_KWH, rel=1e-12)
    np.testing.assert_array_equal(filled.modelled[:, 0], hours.month >= 7)
    np.testing.assert_array_equal(filled.load_kwh[:4_344, 0], 1.5)
    july = filled.load_kwh[4_344:5_088, 0]  # bill spread by the one_shift shape
    assert july.sum() == pytest.approx(70_000.0, rel=1e-12) and july.min() < july.max()


def test_eleven_gas_bills_extrapolate_december_by_the_share_of_the_year(
    park_maker: ParkMaker,
) -> None:
    park = park_a(park_maker, allow_gaps=True)
    # 1,100 m³ over the 8,016 h of January-November, scaled to the 8,760 h of the year
    gas = annual_activity(park.meters, "natural_gas", ["A"])
    assert gas == pytest.approx([1_100.0 * 8_760 / 8_016], rel=1e-12)
    assert annual_activity(park.meters, "diesel", ["A"]).tolist() == [0.0]  # no data: not used


def test_coverage_table_by_hand(park_maker: ParkMaker) -> None:
    park = park_a(park_maker, allow_gaps=True)
    filled = electricity_load(park.config, park.meters, park.meters.hours).filled
    table = coverage_table(park.meters, filled, ["A"])
    assert tuple(table.columns) == COVERAGE_COLUMNS
    table = table.set_index("carrier")
    power, gas = table.loc["electricity"], table.loc["natural_gas"]
    total = METERED_KWH + BILLED_KWH
    assert power["files"] == "data/h.csv; data/m.csv"
    assert power["total"] == pytest.approx(total, rel=1e-12)
    assert power["measured_fraction"] == pytest.approx(METERED_KWH / total, rel=1e-12)
    assert power["billed_fraction"] == pytest.approx(BILLED_KWH / total, rel=1e-12)
    assert (power["imputed_fraction"], power["extrapolated_fraction"]) == (0.0, 0.0)
    hours = [power[f"{s}_hours"] for s in ("measured", "billed", "imputed", "extrapolated")]
    months = [power[f"{s}_months"] for s in ("measured", "billed", "imputed", "extrapolated")]
    assert (hours, months) == ([4_344, 4_416, 0, 0], [6, 6, 0, 0])
    assert (gas["unit"], gas["fraction_basis"]) == ("m**3", "quantity")
    assert gas["extrapolated_fraction"] == pytest.approx(744 / 8_760, rel=1e-12)
    assert (gas["billed_months"], gas["extrapolated_months"]) == (11, 1)


def test_run_carries_coverage_and_a_zero_use_enterprise_runs(park_maker: ParkMaker) -> None:
    power = park_maker.hourly("A", "electricity", "kWh", 2.0)
    zero = park_maker.hourly("Z", "electricity", "kWh", 0.0)
    gas = park_maker.monthly("Z", "natural_gas", "Nm3", dict.fromkeys(range(1, 13), 0.0))
    profiles = {"A": "office", "Z": "office"}
    park = load_park(park_maker.write("zero", profiles, {"h.csv": [power, zero], "m.csv": [gas]}))
    result = run_accounting(park, registry(), dark_weather())
    table = annual_table(result)
    assert table.at["Z", "electricity_kwh"] == 0.0
    assert table.at["A", "electricity_kwh"] == pytest.approx(2.0 * 8_760, rel=1e-12)
    assert table.at["Z", "scope1_co2_kg"] == 0.0
    coverage = result.coverage.set_index(["enterprise", "carrier"])
    assert list(coverage.index) == [
        ("A", "electricity"),
        ("Z", "electricity"),
        ("Z", "natural_gas"),
    ]
    zero_row = coverage.loc[("Z", "electricity")]
    assert (zero_row["total"], zero_row["fraction_basis"]) == (0.0, "hours")
    assert zero_row["measured_fraction"] == 1.0 and zero_row["measured_hours"] == 8_760
    assert not coverage.isna().any().any()
