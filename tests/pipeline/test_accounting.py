"""End-to-end accounting (issue 4 "Correctness"): a tiny park whose every number is computed by
hand below, pipeline-level properties, bad input, and the demo park.

The tiny park (accounting year 2023, 8760 h, no installed PV unless a test adds it):

====  ==========================================  =============================================
A     hourly meter, 100 kWh every hour            876,000 kWh; natural gas 1,000 m³ a month;
                                                  flat green contract PPA-A, 200 MWh a year
B     monthly bills only, month m = 10,000·m kWh  780,000 kWh; purchased heat 100 GJ a month;
                                                  unbundled certificates GEC-B, 300 MWh
C     hourly meter, 50 kWh every hour             438,000 kWh; nothing green
====  ==========================================  =============================================

Factors are the published values (china-factors.md), written here independently of the
registry so that a wrong table row fails the test.
"""

from __future__ import annotations

import dataclasses
import functools
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from greenpark.errors import InputError
from greenpark.i18n import set_language
from greenpark.inputs.factors import FactorRegistry, load_factor_registry
from greenpark.inputs.park import Park, load_park
from greenpark.inputs.schema import Certificate
from greenpark.inputs.weather import Weather, default_weather
from greenpark.pipeline.accounting import AccountingResult, run_accounting
from greenpark.pipeline.results import PARK_ROW, annual_table, park_910_table

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "sites" / "jincheng-edz"
YEAR = 2023
TZ = "Asia/Shanghai"
H = 8760  # hours of 2023 (and of 2025)

# published factors
SHANXI_2023_KG_PER_KWH = 0.6634  # grid.province.shanxi.2023
RESIDUAL_2023_KG_PER_KWH = 0.6096  # national excl. market-traded non-fossil, 2023
FOSSIL_2023_KG_PER_KWH = 0.8273  # national fossil-only, 2023 (910号 basis)
HEAT_KG_PER_GJ = 110.0  # 0.11 tCO2/GJ
HEAT_KGCE_PER_GJ = 34.12  # 0.03412 kgce/MJ
GAS_KG_PER_M3 = 0.038931 * 15.3 * 0.99 * 44 / 12  # NCV × CC × OF × 44/12 = 2.162188809
GAS_KGCE_PER_M3 = 1.2143
ELECTRICITY_KGCE_CALORIFIC = 0.1229  # 当量值
ELECTRICITY_KGCE_PRIMARY = 0.31  # 等价值

A_KWH_PER_H, C_KWH_PER_H = 100.0, 50.0
B_MONTHLY_KWH = np.array([10_000.0 * m for m in range(1, 13)])  # Σ = 780,000
A_GAS_M3_PER_MONTH, B_HEAT_GJ_PER_MONTH = 1_000.0, 100.0
OUTPUT_WAN_CNY = {"A": 5_000.0, "B": 2_000.0, "C": 1_000.0}
IDS = ("A", "B", "C")


# ---------------------------------------------------------------------------- the tiny park


def enterprise(eid: str) -> dict[str, Any]:
    profile = {"A": "continuous_process", "B": "one_shift", "C": "three_shift"}.get(eid, "office")
    return {
        "id": eid,
        "name": f"{eid} 厂",
        "industry_code": "C33",
        "load_profile": profile,
        "output_value_wan_cny": OUTPUT_WAN_CNY.get(eid, 100.0),
        "land_mu": 10.0,
    }


def park_spec(year: int = YEAR, order: tuple[str, ...] = IDS) -> dict[str, Any]:
    """park.yaml of the tiny park as a dict (tests edit a copy)."""
    return {
        "park": {
            "id": "tiny",
            "name": "微型测试园区",
            "province": "山西",
            "grid_region": "north",
            "location": {"latitude_deg": 35.49, "longitude_deg": 112.85, "altitude_m": 750},
            "land_area_mu": 300,
            "accounting_year": year,
        },
        "enterprises": [enterprise(e) for e in order],
        "data": [
            {
                "file": "data/electricity_hourly.csv",
                "layout": "wide",
                "resolution": "hourly",
                "carrier": "electricity",
                "unit": "kWh",
            },
            {"file": "data/monthly.csv", "resolution": "monthly"},
        ],
        "contracts": [
            {"id": "PPA-A", "buyer": "A", "technology": "wind", "annual_mwh": 200},
        ],
        "certificates": [
            {
                "id": "GEC-B",
                "quantity_mwh": 300,
                "production_start": f"{year}-01",
                "production_end": f"{year}-06",
                "technology": "solar",
                "project": "某光伏电站",
                "holder": "B",
                "claim_year": year,
            }
        ],
    }


def monthly_rows(year: int) -> list[tuple[str, str, str, float, str]]:
    rows = []
    for m in range(1, 13):
        month = f"{year}-{m:02d}"
        rows.append((month, "B", "electricity", B_MONTHLY_KWH[m - 1], "kWh"))
        rows.append((month, "A", "natural_gas", A_GAS_M3_PER_MONTH, "Nm3"))
        rows.append((month, "B", "heat_purchased", B_HEAT_GJ_PER_MONTH, "GJ"))
    return rows


def write_park(
    directory: Path,
    spec: dict[str, Any],
    extra_monthly: tuple[tuple[str, str, str, float, str], ...] = (),
) -> Park:
    """Write park.yaml and its two data files into ``directory`` and load the park."""
    year = spec["park"]["accounting_year"]
    (directory / "data").mkdir(parents=True, exist_ok=True)
    (directory / "park.yaml").write_text(
        yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    stamps = pd.date_range(f"{year}-01-01", f"{year + 1}-01-01", freq="h", inclusive="left")
    hourly = pd.DataFrame(
        {"timestamp": stamps.strftime("%Y-%m-%d %H:%M"), "A": A_KWH_PER_H, "C": C_KWH_PER_H}
    )
    hourly.to_csv(directory / "data" / "electricity_hourly.csv", index=False)
    monthly = pd.DataFrame(
        [*monthly_rows(year), *extra_monthly],
        columns=["month", "enterprise", "carrier", "quantity", "unit"],
    )
    monthly.to_csv(directory / "data" / "monthly.csv", index=False)
    return load_park(directory)


def hand_weather(year: int = YEAR, day_ghi_w_m2: float = 0.0) -> Weather:
    """Hand-made weather: ``day_ghi_w_m2`` (all diffuse) from 08:00 to 16:00, dark otherwise."""
    index = pd.date_range(f"{year}-01-01", periods=H, freq="h", tz=TZ)
    day = (index.hour >= 8) & (index.hour < 16)
    ghi = np.where(day, day_ghi_w_m2, 0.0)
    data = pd.DataFrame(
        {"ghi": ghi, "dni": 0.0, "dhi": ghi, "temp_air": 15.0, "wind_speed": 3.0}, index=index
    )
    return Weather(data, 35.49, 112.85, 750.0, "hand-made test weather", ())


@functools.cache
def registry() -> FactorRegistry:
    return load_factor_registry()


def run(park: Park, weather: Weather | None = None, **kwargs: Any) -> AccountingResult:
    return run_accounting(park, registry(), weather or hand_weather(), **kwargs)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Park:
    return write_park(tmp_path_factory.mktemp("tiny"), park_spec())


@pytest.fixture(scope="module")
def result(tiny: Park) -> AccountingResult:
    return run(tiny)


@pytest.fixture(scope="module")
def table(result: AccountingResult) -> pd.DataFrame:
    return annual_table(result)


# ------------------------------------------------------------------ 1. the worked example


def test_electricity_and_green_sources(table: pd.DataFrame) -> None:
    # no PV: grid import = load. A 100 × 8760 = 876,000; B Σ 10,000·m = 780,000;
    # C 50 × 8760 = 438,000; park 2,094,000 kWh
    load = {"A": 876_000.0, "B": 780_000.0, "C": 438_000.0, PARK_ROW: 2_094_000.0}
    assert table["electricity_kwh"].to_dict() == pytest.approx(load, rel=1e-12)
    assert table["grid_import_kwh"].to_dict() == pytest.approx(load, rel=1e-12)
    for column in ("pv_generation_kwh", "green_onsite_kwh", "green_shared_kwh"):
        assert (table[column] == 0).all(), column
    # PPA-A: 200 MWh flat = 22.83 kWh/h < A's 100 kWh/h, so every month is covered in full
    contract = {"A": 200_000.0, "B": 0.0, "C": 0.0, PARK_ROW: 200_000.0}
    certificate = {"A": 0.0, "B": 300_000.0, "C": 0.0, PARK_ROW: 300_000.0}
    green = {"A": 200_000.0, "B": 300_000.0, "C": 0.0, PARK_ROW: 500_000.0}
    assert table["green_contract_kwh"].to_dict() == pytest.approx(contract, rel=1e-12)
    assert table["green_certificate_kwh"].to_dict() == pytest.approx(certificate, rel=1e-12)
    assert table["green_total_kwh"].to_dict() == pytest.approx(green, rel=1e-12)


def test_green_shares(table: pd.DataFrame, result: AccountingResult) -> None:
    # annual: A 200/876 = 0.228311, B 300/780 = 0.384615, C 0, park 500/2094 = 0.238777
    shares = {"A": 200 / 876, "B": 300 / 780, "C": 0.0, PARK_ROW: 500 / 2094}
    assert table["green_share_fraction"].to_dict() == pytest.approx(shares, rel=1e-12)
    assert (table["green_share_physical_fraction"] == 0).all()
    # hourly matched: the flat contract covers 22.83 of 100 kWh in every hour of A;
    # certificates carry no hour, so B is 0; park 200/2094
    matched = {"A": 200 / 876, "B": 0.0, "C": 0.0, PARK_ROW: 200 / 2094}
    assert table["green_share_hourly_matched_fraction"].to_dict() == pytest.approx(
        matched, rel=1e-12
    )
    # certificates spread pro rata to B's monthly load 10,000·m: 300·m/78 of 10·m MWh each
    # month, i.e. 300/780 in every month
    np.testing.assert_allclose(result.shares.monthly_fraction[:, 1], 300 / 780, rtol=1e-12)
    np.testing.assert_allclose(result.shares.monthly_fraction[:, 0], 200 / 876, rtol=1e-12)


def test_scope1_and_scope2(table: pd.DataFrame) -> None:
    # gas: 12,000 m³ × 0.038931 GJ/m³ × 15.3 kgC/GJ × 0.99 × 44/12 = 25,946.2657 kg
    scope1 = {"A": 25_946.265708, "B": 0.0, "C": 0.0, PARK_ROW: 25_946.265708}
    assert table["scope1_co2_kg"].to_dict() == pytest.approx(scope1, rel=1e-9)
    assert table["scope1_co2e_kg"].to_dict() == pytest.approx(scope1, rel=1e-9)
    assert pytest.approx(25_946.265708, rel=1e-9) == 12_000 * GAS_KG_PER_M3
    # location-based: grid × 0.6634 → A 581,138.4; B 517,452.0; C 290,569.2; park 1,389,159.6
    location = {"A": 581_138.4, "B": 517_452.0, "C": 290_569.2, PARK_ROW: 1_389_159.6}
    assert table["scope2_location_co2_kg"].to_dict() == pytest.approx(location, rel=1e-12)
    # market-based: (grid − contract − certificates) × 0.6096 → A 676,000 × 0.6096 = 412,089.6;
    # B 480,000 × 0.6096 = 292,608.0; C 438,000 × 0.6096 = 267,004.8; park 971,702.4
    market = {"A": 412_089.6, "B": 292_608.0, "C": 267_004.8, PARK_ROW: 971_702.4}
    assert table["scope2_market_co2_kg"].to_dict() == pytest.approx(market, rel=1e-12)
    # purchased heat: B 1,200 GJ × 110 kg/GJ = 132,000 kg (nothing exported: net = gross)
    heat = {"A": 0.0, "B": 132_000.0, "C": 0.0, PARK_ROW: 132_000.0}
    assert table["heat_co2_kg"].to_dict() == pytest.approx(heat, rel=1e-12)
    assert table["heat_net_co2_kg"].to_dict() == pytest.approx(heat, rel=1e-12)


def test_comprehensive_energy(table: pd.DataFrame) -> None:
    # 当量值: A 12,000 × 1.2143 + 876,000 × 0.1229 = 14,571.6 + 107,660.4 = 122,232.0
    #         B 780,000 × 0.1229 + 1,200 × 34.12 = 95,862.0 + 40,944.0 = 136,806.0
    #         C 438,000 × 0.1229 = 53,830.2; park 312,868.2 kgce
    calorific = {"A": 122_232.0, "B": 136_806.0, "C": 53_830.2, PARK_ROW: 312_868.2}
    assert table["energy_calorific_kgce"].to_dict() == pytest.approx(calorific, rel=1e-12)
    # 等价值 (0.31): A 14,571.6 + 271,560 = 286,131.6; B 241,800 + 40,944 = 282,744.0;
    #                C 135,780.0; park 704,655.6 kgce
    primary = {"A": 286_131.6, "B": 282_744.0, "C": 135_780.0, PARK_ROW: 704_655.6}
    assert table["energy_primary_kgce"].to_dict() == pytest.approx(primary, rel=1e-12)
    assert (table["onsite_renewable_memo_kgce"] == 0).all()
    # intensity on output value: A 122,232 / 5,000 = 24.4464; park 312,868.2 / 8,000 = 39.1085
    assert table.at["A", "kgce_per_wan_cny_output_value"] == pytest.approx(24.4464, rel=1e-12)
    assert table.at[PARK_ROW, "kgce_per_wan_cny_output_value"] == pytest.approx(
        39.108525, rel=1e-12
    )


def test_park_910_basis_and_core_indicator(result: AccountingResult) -> None:
    p910 = park_910_table(result)
    # non-green grid 2,094,000 − 200,000 − 300,000 = 1,594,000 kWh × 0.8273 = 1,318,716.2 kg
    assert p910["park_910_electricity_co2_kg"] == pytest.approx(1_318_716.2, rel=1e-12)
    assert p910["park_910_heat_co2_kg"] == pytest.approx(132_000.0, rel=1e-12)
    assert p910["park_910_scope1_co2_kg"] == pytest.approx(25_946.265708, rel=1e-9)
    # total 1,318,716.2 + 132,000 + 25,946.2657 = 1,476,662.4657 kg
    assert p910["park_910_total_co2_kg"] == pytest.approx(1_476_662.465708, rel=1e-9)
    # indicator on 当量值: 1,476,662.4657 kg / 312,868.2 kgce = 4.719759 t/tce; 313 tce is
    # far below the lowest 910号 tier (200,000 tce), so no limit applies
    assert p910["park_910_co2_t_per_tce"] == pytest.approx(1_476_662.465708 / 312_868.2, rel=1e-9)
    assert np.isnan(p910["park_910_limit_t_per_tce"])
    assert result.emissions.core_indicator.meets is None


def test_measured_fraction_and_provenance(table: pd.DataFrame, result: AccountingResult) -> None:
    measured = table["measured_fraction"]
    assert measured[["A", "B", "C"]].tolist() == [1.0, 0.0, 1.0]
    # energy-weighted: (876,000 + 438,000) metered of 2,094,000 kWh
    assert measured[PARK_ROW] == pytest.approx(1_314_000 / 2_094_000, rel=1e-12)
    used = {f.id for f in result.factors}
    assert {
        "grid.province.shanxi.2023",
        "grid.national.excl_market_nonfossil.2023",
        "grid.national.fossil_only.2023",
        "heat.purchased.default",
        "coal_equiv.natural_gas.gas_field",
        "coal_equiv.electricity.calorific",
        "coal_equiv.electricity.equivalent",
    } <= used
    # 2023 has published grid factors: no fallback is reported
    assert not [m for m in result.messages if "grid_co2" in m]
    assert any("B" in m and "8760" in m for m in result.messages)  # B is monthly-only


def test_year_without_published_factors_falls_back_to_2023(tmp_path: Path) -> None:
    result = run(write_park(tmp_path, park_spec(year=2025)))
    fallbacks = [m for m in result.messages if "grid_co2" in m and "2025" in m]
    for factor_id in (
        "grid.province.shanxi.2023",
        "grid.national.excl_market_nonfossil.2023",
        "grid.national.fossil_only.2023",
    ):
        assert any(factor_id in m for m in fallbacks), factor_id
    # 2025 has 8760 h too, so every number is the 2023 one: park grid 2,094,000 × 0.6634
    table = annual_table(result)
    assert table.at[PARK_ROW, "scope2_location_co2_kg"] == pytest.approx(1_389_159.6, rel=1e-12)
    assert park_910_table(result)["park_910_electricity_co2_kg"] == pytest.approx(
        1_318_716.2, rel=1e-12
    )


def test_leap_year_stretches_the_weather_and_the_year(tmp_path: Path) -> None:
    spec = park_spec(year=2024)
    solar = {"id": "PPA-SUN", "buyer": "C", "technology": "solar", "annual_mwh": 10}
    spec["contracts"].append(solar | {"delivery_shape": "solar"})
    # a 2023 (8760 h) weather is stamped onto 2024 with 29 February copied from the 28th
    result = run(write_park(tmp_path, spec), hand_weather(YEAR, 600.0))
    assert len(result.hours) == 8784
    table = annual_table(result)
    # A 100 × 8784 = 878,400; B still 780,000; C 50 × 8784 = 439,200; park 2,097,600 kWh
    assert table["electricity_kwh"].to_dict() == pytest.approx(
        {"A": 878_400.0, "B": 780_000.0, "C": 439_200.0, PARK_ROW: 2_097_600.0}, rel=1e-12
    )
    # PPA-SUN delivers 10 MWh in daylight hours only (08-16 h), each under C's 50 kWh
    assert table.at["C", "green_contract_kwh"] == pytest.approx(10_000.0, rel=1e-12)
    hourly = result.ledger.hourly_contract_kwh[:, 2]
    assert hourly[(result.hours.hour < 8) | (result.hours.hour >= 16)].sum() == 0
    # 2024 has no published grid factors: 2023 is used, 2,097,600 × 0.6634 = 1,391,547.84
    assert table.at[PARK_ROW, "scope2_location_co2_kg"] == pytest.approx(1_391_547.84, rel=1e-12)


# ------------------------------------------------------------------ 2. monthly bills → hours


def test_monthly_bills_are_shaped_and_sum_back_exactly(result: AccountingResult) -> None:
    load_b = result.balance.load_kwh[:, 1]
    months = result.hours.month.to_numpy()
    by_month = np.array([load_b[months == m].sum() for m in range(1, 13)])
    np.testing.assert_allclose(by_month, B_MONTHLY_KWH, rtol=1e-12)
    assert result.modelled[:, 1].all() and not result.modelled[:, [0, 2]].any()
    # January 2023 for one_shift: working-day weights sum to 13.3 (0.25×12 h, 0.6 at 07 and 17,
    # 0.4 at 18, 1.0×8 h, lunch 0.7), non-working 24 × 0.25 = 6.0. Non-working days: 1, 2
    # (New Year), 7, 8, 14, 15, 21-27 (Spring Festival) = 13; 28 and 29 are make-up working
    # days, so 18 working days: Σ weights = 18 × 13.3 + 13 × 6.0 = 317.4.
    per_weight = 10_000.0 / 317.4  # kWh per unit weight in January
    hour = pd.Series(load_b, index=result.hours)
    assert hour["2023-01-03 10:00"] == pytest.approx(per_weight * 1.0, rel=1e-12)
    assert hour["2023-01-03 03:00"] == pytest.approx(per_weight * 0.25, rel=1e-12)
    assert hour["2023-01-03 12:00"] == pytest.approx(per_weight * 0.7, rel=1e-12)
    assert hour["2023-01-24 10:00"] == pytest.approx(per_weight * 0.25, rel=1e-12)  # 春节
    assert hour["2023-01-28 10:00"] == pytest.approx(per_weight * 1.0, rel=1e-12)  # 调休上班


@pytest.mark.parametrize(
    ("matching", "expected_kwh"),
    # C buys 100 MWh in January only (flat over 744 h = 134.4 kWh/h) but uses 50 kWh/h:
    # monthly and hourly matching both cap it at 50 × 744 = 37,200 kWh (62.8 MWh surplus);
    # annual matching caps it at C's year, 438,000 kWh, so all 100,000 kWh count.
    [("monthly", 37_200.0), ("hourly", 37_200.0), ("annual", 100_000.0)],
)
def test_contract_is_capped_by_the_buyers_grid_import_per_matching_period(
    tmp_path: Path, matching: str, expected_kwh: float
) -> None:
    spec = park_spec()
    january_only = [100.0] + [0.0] * 11
    spec["contracts"].append(
        {"id": "PPA-C", "buyer": "C", "technology": "solar", "monthly_mwh": january_only}
    )
    result = run(write_park(tmp_path, spec), contract_matching=matching)
    table = annual_table(result)
    assert table.at["C", "green_contract_kwh"] == pytest.approx(expected_kwh, rel=1e-12)
    assert table.at["A", "green_contract_kwh"] == pytest.approx(200_000.0, rel=1e-12)
    surplus = [m for m in result.messages if "PPA-C" in m]
    if expected_kwh < 100_000.0:
        assert surplus and "62.800" in surplus[0]
    else:
        assert not surplus
    # market-based: C (438,000 − contract) × 0.6096
    assert table.at["C", "scope2_market_co2_kg"] == pytest.approx(
        (438_000.0 - expected_kwh) * RESIDUAL_2023_KG_PER_KWH, rel=1e-12
    )


# ------------------------------------------------------------------ 3. pipeline properties


def pv_spec(order: tuple[str, ...] = IDS) -> dict[str, Any]:
    """The tiny park plus PV on A (certificates kept) and C (sold), a battery on A, park
    sharing of surplus PV, a park-level solar contract and a park-level certificate batch."""
    spec = park_spec(order=order)
    spec["park"]["surplus_pv"] = "park_sharing"
    roof = {"tilt_deg": 25, "azimuth_deg": 180}
    spec["rooftops"] = [
        {**roof, "id": "R-A", "owner": "A", "area_m2": 4000, "capacity_kw": 500},
        {**roof, "id": "R-C", "owner": "C", "area_m2": 1000, "capacity_kw": 150},
    ]
    spec["rooftops"][0] |= {"commissioning_year": 2020, "certificates": "kept"}
    spec["rooftops"][1] |= {"commissioning_year": 2021, "certificates": "sold"}
    spec["storage"] = [
        {
            "id": "S-A",
            "owner": "A",
            "energy_kwh": 400,
            "power_kw": 150,
            "round_trip_efficiency": 0.9,
        }
    ]
    spec["contracts"].append(
        {
            "id": "PPA-PARK",
            "buyer": "park",
            "technology": "solar",
            "annual_mwh": 50,
            "delivery_shape": "solar",
        }
    )
    park_batch = {**spec["certificates"][0], "id": "GEC-PARK", "quantity_mwh": 100}
    spec["certificates"].append(park_batch | {"holder": "park"})
    return spec


PV_WEATHER = functools.partial(hand_weather, YEAR, 600.0)


@pytest.fixture(scope="module")
def pv_result(tmp_path_factory: pytest.TempPathFactory) -> AccountingResult:
    return run(write_park(tmp_path_factory.mktemp("pv"), pv_spec()), PV_WEATHER())


@pytest.mark.parametrize("order", [("C", "A", "B"), ("B", "C", "A")])
def test_enterprise_order_does_not_change_results(
    tmp_path: Path, pv_result: AccountingResult, order: tuple[str, ...]
) -> None:
    shuffled = run(write_park(tmp_path, pv_spec(order)), PV_WEATHER())
    table, other = annual_table(pv_result), annual_table(shuffled)
    assert list(other.index) == [*order, PARK_ROW]
    pd.testing.assert_frame_equal(other.loc[table.index], table, rtol=1e-9)
    pd.testing.assert_series_equal(park_910_table(shuffled), park_910_table(pv_result), rtol=1e-9)


def test_hourly_balance_conserves_energy(pv_result: AccountingResult) -> None:
    b = pv_result.balance
    assert b.pv_kwh[:, 0].sum() > 0 and b.pv_kwh[:, 2].sum() > 0 and b.pv_kwh[:, 1].sum() == 0
    assert b.shared_in_kwh.sum() > 0 and b.storage_discharge_kwh[:, 0].sum() > 0
    demand = b.load_kwh + b.grid_to_storage_kwh
    supply = b.pv_self_kwh + b.storage_discharge_kwh + b.shared_in_kwh + b.grid_import_kwh
    np.testing.assert_allclose(demand, supply, rtol=1e-9, atol=1e-9)
    generated = b.pv_self_kwh + b.pv_to_storage_kwh + b.shared_out_kwh + b.export_kwh
    np.testing.assert_allclose(b.pv_kwh, generated, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(b.shared_out_kwh.sum(axis=1), b.shared_in_kwh.sum(axis=1), atol=1e-9)
    for flow in (b.grid_import_kwh, b.export_kwh, b.shared_in_kwh, b.storage_loss_kwh):
        assert flow.min() >= 0


def test_pv_run_green_and_carbon_properties(pv_result: AccountingResult) -> None:
    table, b = annual_table(pv_result), pv_result.balance
    ids = ["A", "B", "C"]
    # every green kWh is used by someone and no one is greener than its use
    assert (table["green_total_kwh"] <= table["electricity_kwh"] * (1 + 1e-12)).all()
    assert (table["green_onsite_kwh"] <= table["pv_self_consumed_kwh"] * (1 + 1e-12)).all()
    for column in [c for c in table.columns if c.startswith("green_share_")]:
        assert table[column].between(0, 1).all(), column
    shares = pv_result.shares
    for monthly in (shares.monthly_fraction, shares.park_monthly_fraction):
        assert ((monthly >= 0) & (monthly <= 1)).all()
    # C's roof sold its certificates: its own PV is used but not claimed as green
    assert table.at["C", "green_onsite_kwh"] == 0
    assert table.at["C", "pv_certificates_sold_kwh"] > 0
    assert table.at["A", "green_onsite_kwh"] > 0 and table.at["B", "green_shared_kwh"] > 0
    assert table.at["A", "grid_import_kwh"] < table.at["A", "electricity_kwh"]
    # PPA-A (200 MWh) is covered in full; of the park's 50 MWh solar contract at most all
    sources = pv_result.ledger.sources.set_index("source_id")
    assert (sources["claimed_kwh"] <= sources["provided_kwh"] * (1 + 1e-12)).all()
    assert sources.at["PPA-A", "claimed_kwh"] == pytest.approx(200_000.0, rel=1e-12)
    assert 200_000.0 < table.at[PARK_ROW, "green_contract_kwh"] <= 250_000.0 * (1 + 1e-12)
    # location-based and 910号 factors apply to grid import only, whatever PV did
    grid = table.loc[ids, "grid_import_kwh"]
    market_kwh = np.maximum(
        grid - table.loc[ids, "green_contract_kwh"] - table.loc[ids, "green_certificate_kwh"], 0
    )
    np.testing.assert_allclose(
        table.loc[ids, "scope2_location_co2_kg"], grid * SHANXI_2023_KG_PER_KWH, rtol=1e-12
    )
    # market-based also prices PV consumed whose certificates were sold (C's own roof, and
    # what the park pool passed on from it) at the residual mix: the attribute went to the buyer
    sold_kwh = table.loc[ids, "pv_certificates_sold_kwh"] + (
        table.loc[ids, "pv_shared_in_kwh"] - table.loc[ids, "green_shared_kwh"]
    )
    assert sold_kwh["C"] > 0
    np.testing.assert_allclose(
        table.loc[ids, "scope2_market_co2_kg"],
        (market_kwh + sold_kwh) * RESIDUAL_2023_KG_PER_KWH,
        rtol=1e-12,
    )
    assert park_910_table(pv_result)["park_910_electricity_co2_kg"] == pytest.approx(
        market_kwh.sum() * FOSSIL_2023_KG_PER_KWH, rel=1e-12
    )
    # PV is outside comprehensive energy, reported as a memo at 当量值
    fixed = np.array([12_000 * GAS_KGCE_PER_M3, 1_200 * HEAT_KGCE_PER_GJ, 0.0])
    np.testing.assert_allclose(
        table.loc[ids, "energy_calorific_kgce"],
        fixed + grid * ELECTRICITY_KGCE_CALORIFIC,
        rtol=1e-12,
    )
    onsite = (b.pv_self_kwh + b.storage_discharge_pv_kwh + b.shared_in_kwh).sum(axis=0)
    np.testing.assert_allclose(
        table.loc[ids, "onsite_renewable_memo_kgce"],
        onsite * ELECTRICITY_KGCE_CALORIFIC,
        rtol=1e-12,
    )


@pytest.fixture(scope="module")
def tiny_market_kg(result: AccountingResult) -> np.ndarray:
    return result.emissions.scope2_market_co2_kg


@settings(max_examples=6, deadline=None)
@given(
    claimant=st.sampled_from(["A", "B", "C", "park"]),
    quantity_mwh=st.integers(min_value=1, max_value=400),
)
def test_adding_certificates_never_raises_market_based_scope2(
    tiny: Park, tiny_market_kg: np.ndarray, claimant: str, quantity_mwh: int
) -> None:
    # room left after green power: A 676, B 480, C 438 MWh, so ≤ 400 MWh is never an over-claim
    batch = Certificate.model_validate(
        {
            **park_spec()["certificates"][0],
            "id": "GEC-EXTRA",
            "quantity_mwh": quantity_mwh,
            "holder": claimant,
        }
    )
    config = tiny.config.model_copy(update={"certificates": (*tiny.config.certificates, batch)})
    more = run(dataclasses.replace(tiny, config=config)).emissions.scope2_market_co2_kg
    assert (more <= tiny_market_kg * (1 + 1e-12)).all()
    # every certificate kWh lowers the market-based total by the residual factor exactly
    assert tiny_market_kg.sum() - more.sum() == pytest.approx(
        quantity_mwh * 1000 * RESIDUAL_2023_KG_PER_KWH, rel=1e-9
    )


# ------------------------------------------------------------------ 4. bad input


def test_certificate_over_claim_names_the_batch(tmp_path: Path) -> None:
    spec = park_spec()
    batch = {**spec["certificates"][0], "id": "GEC-C-TOO-MANY", "quantity_mwh": 500}
    spec["certificates"].append(batch | {"holder": "C"})
    # found when the park is loaded (greenpark check), not only by a run:
    # C's meters show 438,000 kWh for the year: 500 MWh > 438 MWh
    with pytest.raises(InputError) as caught:
        write_park(tmp_path, spec)
    (line,) = caught.value.problems
    assert "park.yaml: certificates[1] (GEC-C-TOO-MANY).quantity_mwh" in line
    assert "500 MWh" in line and "438.000 MWh" in line
    assert "GEC-B" not in line


def test_enterprise_without_electricity_is_named(tmp_path: Path) -> None:
    spec = park_spec(order=(*IDS, "D"))
    gas = tuple((f"{YEAR}-{m:02d}", "D", "natural_gas", 10.0, "Nm3") for m in range(1, 13))
    park = write_park(tmp_path, spec, extra_monthly=gas)
    with pytest.raises(InputError) as caught:
        run(park)
    assert len(caught.value.problems) == 1
    assert " D " in caught.value.problems[0] and str(YEAR) in caught.value.problems[0]


def test_missing_monthly_bills_are_named_as_missing_bills(tmp_path: Path) -> None:
    set_language("en")  # the assertions read the English wording
    spec = park_spec()
    spec["certificates"] = []  # B's 300 MWh would exceed its six metered months (210 MWh)
    park = write_park(tmp_path, spec)
    bills = pd.read_csv(tmp_path / "data" / "monthly.csv")
    b_electricity = (bills["enterprise"] == "B") & (bills["carrier"] == "electricity")
    bills.loc[~(b_electricity & (bills["month"] > f"{YEAR}-06"))].to_csv(
        tmp_path / "data" / "monthly.csv", index=False
    )
    park = load_park(tmp_path)
    with pytest.raises(InputError) as caught:
        run(park)
    problems = caught.value.problems
    # B has monthly bills for January-June only and no hourly data at all
    assert problems == (
        f"enterprise B has monthly electricity only and no bill for month(s) 7,8,9,10,11,12 "
        f"of {YEAR}",
    )


def test_park_intensity_does_not_mix_in_enterprises_without_the_denominator(
    tiny: Park,
) -> None:
    firms = tuple(
        e.model_copy(update={"output_value_wan_cny": None}) if e.id == "B" else e
        for e in tiny.config.enterprises
    )
    config = tiny.config.model_copy(update={"enterprises": firms})
    table = annual_table(run(dataclasses.replace(tiny, config=config)))
    assert np.isnan(table.at["B", "kgce_per_wan_cny_output_value"])
    # A and C report 6,000 万元 for 122,232 + 53,830.2 = 176,062.2 kgce → 29.3437 kgce/万元;
    # (not 312,868.2 / 6,000 = 52.1447, which would put B's 136,806 kgce over no output value)
    value = table.at[PARK_ROW, "kgce_per_wan_cny_output_value"]
    assert value == pytest.approx(176_062.2 / 6_000, rel=1e-12)


# ------------------------------------------------------------------ 5. the demo park


def test_demo_park_runs_end_to_end() -> None:
    park = load_park(DEMO)
    where = park.config.park.location
    weather = default_weather(where.latitude_deg, where.longitude_deg, where.altitude_m)
    result = run_accounting(park, registry(), weather)
    table = annual_table(result)
    assert list(table.index) == [*park.config.enterprise_ids(), PARK_ROW]
    assert table.notna()[["electricity_kwh", "scope2_market_co2_kg"]].all().all()
    assert 200_000 < table.at[PARK_ROW, "energy_calorific_kgce"] / 1000 < 1_000_000
    assert 0 < table.at[PARK_ROW, "green_share_fraction"] < 1
    assert table.at[PARK_ROW, "pv_generation_kwh"] > 0
    for factor_id in ("grid.province.shanxi.2023", "grid.national.fossil_only.2023"):
        assert any(factor_id in m and "2025" in m for m in result.messages), factor_id


def test_profile_contract_follows_its_file_in_a_leap_year(tmp_path: Path) -> None:
    from greenpark.cli.common import WeatherChoice
    from greenpark.cli.run_steps import compute

    spec = park_spec(year=2024)
    spec["contracts"].append(
        {
            "id": "PPA-PROFILE",
            "buyer": "C",
            "technology": "wind",
            "annual_mwh": 8.784,
            "delivery_shape": "profile",
            "profile_file": "data/ppa_profile.csv",
        }
    )
    (tmp_path / "data").mkdir()
    weights = np.zeros(8784)  # 2024 has 8,784 hours
    weights[: 24 * 7] = 1.0  # delivers in the first week only
    pd.DataFrame({"weight": weights}).to_csv(tmp_path / "data" / "ppa_profile.csv", index=False)
    write_park(tmp_path, spec)
    computed = compute(tmp_path, WeatherChoice(), "hourly", strict=False)
    hourly = computed.result.ledger.hourly_contract_kwh[:, 2]
    # 8,784 kWh over 168 h = 52.29 kWh/h, above C's 50 kWh/h: hourly matching caps it at 50
    assert hourly[: 24 * 7] == pytest.approx(np.full(24 * 7, 50.0))
    assert hourly[24 * 7 :].sum() == 0
