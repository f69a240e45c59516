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
import itertools
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
from greenpark.inputs.factors.registry import FactorRegistry, load_factor_registry
from greenpark.inputs.park.load import Park, load_park
from greenpark.inputs.park.schema import Certificate
from greenpark.inputs.weather.files import Weather, default_weather
from greenpark.pipeline.accounting import AccountingResult, run_accounting
from greenpark.pipeline.results import PARK_ROW, annual_table, direct_line_table, park_910_table
from greenpark.pipeline.rules import AccountingRules

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "sites" / "jincheng-edz"
YEAR = 2023
TZ = "Asia/Shanghai"
H = 8760  # hours of 2023 (and of 2025)

# published factors
SHANXI_2023_KG_PER_KWH = 0.6634  # grid.province.shanxi.2023
RESIDUAL_2023_KG_PER_KWH = 0.6096  # national excl. market-traded non-fossil, 2023
FOSSIL_2023_KG_PER_KWH = 0.8273  # national fossil-only, 2023 (910号 basis, latest_fossil)
ANNEX_KG_PER_KWH = 0.8325  # 910号 Annex 4 as printed (910号 basis, the default)
NATIONAL_2023_KG_PER_KWH = 0.5306  # national average 2023 (China inventory basis, default)
HEAT_KG_PER_GJ = 110.0  # 0.11 tCO2/GJ
HEAT_KGCE_PER_GJ = 34.12  # 0.03412 kgce/MJ
GAS_KG_PER_M3 = 0.038931 * 15.3 * 0.99 * 44 / 12  # NCV × CC × OF × 44/12 = 2.162188809
# one heating value for Scope 1 and standard coal: 38,931 kJ/m³ ÷ 29,307.6 kJ/kgce
GAS_KGCE_PER_M3 = 38_931 / 29_307.6  # = 1.3283585
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
    # monthly, certificates land in their production month: GEC-B's 300 MWh are produced
    # 2023-01..06 (no histogram: 50 MWh a month); B uses 10·m MWh in month m, so January to
    # May are fully green, June 50 of 60 MWh, July to December have none
    expected_b = [1.0] * 5 + [50 / 60] + [0.0] * 6
    np.testing.assert_allclose(result.shares.monthly_fraction[:, 1], expected_b, rtol=1e-12)
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
    # gas: 12,000 m³ × 38.931 MJ/m³ = 467,172 MJ ÷ 29.3076 MJ/kgce = 15,940.302174 kgce
    # GB/T 2589 当量值: A 15,940.302174 + 876,000 × 0.1229 (107,660.4) = 123,600.702174
    #                   B 780,000 × 0.1229 + 1,200 × 34.12 = 95,862.0 + 40,944.0 = 136,806.0
    #                   C 438,000 × 0.1229 = 53,830.2; park 314,236.902174 kgce
    calorific = {"A": 123_600.702174, "B": 136_806.0, "C": 53_830.2, PARK_ROW: 314_236.902174}
    assert table["energy_gbt2589_calorific_kgce"].to_dict() == pytest.approx(calorific, rel=1e-9)
    # 等价值 (0.31, electricity only): A 15,940.302174 + 271,560 = 287,500.302174;
    #                B 241,800 + 40,944 = 282,744.0; C 135,780.0; park 706,024.302174 kgce
    primary = {"A": 287_500.302174, "B": 282_744.0, "C": 135_780.0, PARK_ROW: 706_024.302174}
    assert table["energy_gbt2589_primary_kgce"].to_dict() == pytest.approx(primary, rel=1e-9)
    # 能耗双控: minus certificate-evidenced green power (A's 200 MWh contract, B's 300 MWh
    # certificates) and feedstock (none): A 123,600.702174 − 24,580 = 99,020.702174;
    # B 136,806 − 36,870 = 99,936; by 等价值 A 287,500.302174 − 62,000; B 282,744 − 93,000
    dual = {"A": 99_020.702174, "B": 99_936.0, "C": 53_830.2, PARK_ROW: 252_786.902174}
    assert table["energy_dual_control_calorific_kgce"].to_dict() == pytest.approx(dual, rel=1e-9)
    dual_primary = {"A": 225_500.302174, "B": 189_744.0, "C": 135_780.0}
    assert table["energy_dual_control_primary_kgce"].drop(PARK_ROW).to_dict() == pytest.approx(
        dual_primary, rel=1e-9
    )
    assert (table["energy_onsite_renewable_calorific_kgce"] == 0).all()
    assert (table["energy_feedstock_kgce"] == 0).all()
    # intensity on output value (GB/T 2589, 当量值): A 123,600.702174 / 5,000 = 24.72014;
    # park 314,236.902174 / 8,000 = 39.2796128
    assert table.at["A", "kgce_per_wan_cny_output_value"] == pytest.approx(24.72014043, rel=1e-9)
    assert table.at[PARK_ROW, "kgce_per_wan_cny_output_value"] == pytest.approx(
        39.27961277, rel=1e-9
    )


def test_park_910_basis_and_core_indicator(result: AccountingResult) -> None:
    p910 = park_910_table(result)
    # non-green grid 2,094,000 − 200,000 − 300,000 = 1,594,000 kWh × 0.8325 (Annex 4, the
    # default) = 1,327,005.0 kg
    assert p910["park_910_electricity_co2_kg"] == pytest.approx(1_327_005.0, rel=1e-12)
    assert p910["park_910_heat_co2_kg"] == pytest.approx(132_000.0, rel=1e-12)
    assert p910["park_910_scope1_co2_kg"] == pytest.approx(25_946.265708, rel=1e-9)
    # total 1,327,005 + 132,000 + 25,946.2657 = 1,484,951.2657 kg
    assert p910["park_910_total_co2_kg"] == pytest.approx(1_484_951.265708, rel=1e-9)
    # indicator on 当量值: 1,484,951.2657 kg / 314,236.902174 kgce = 4.725576 t/tce; 314 tce is
    # far below the lowest 910号 tier (200,000 tce), so no limit applies
    assert p910["park_910_co2_t_per_tce_calorific"] == pytest.approx(
        1_484_951.265708 / 314_236.902174, rel=1e-9
    )
    assert np.isnan(p910["park_910_limit_t_per_tce_calorific"])
    indicator = result.park_910.indicators["calorific"]
    assert indicator.meets is None and indicator.reason == "below_910_scope"
    assert indicator.reference_limit_t_per_tce == 0.20


@pytest.mark.parametrize(
    ("factor_rule", "kg_per_kwh", "factor_id"),
    [
        ("annex4", ANNEX_KG_PER_KWH, "grid.park910.fossil.annex4"),
        ("latest_fossil", FOSSIL_2023_KG_PER_KWH, "grid.national.fossil_only.2023"),
    ],
)
def test_park_910_at_both_conversions_and_both_factors(
    tiny: Park, factor_rule: str, kg_per_kwh: float, factor_id: str
) -> None:
    set_language("en")
    result = run(tiny, rules=AccountingRules(park910_electricity_factor=factor_rule))
    p910 = park_910_table(result)
    # CO2: 1,594,000 non-green kWh × factor + heat 132,000 + gas 25,946.265708
    #   annex4 0.8325: 1,327,005.0 + 157,946.265708 = 1,484,951.265708 kg
    #   latest_fossil 0.8273 (2023): 1,318,716.2 + 157,946.265708 = 1,476,662.465708 kg
    total = 1_594_000 * kg_per_kwh + 132_000 + 25_946.265708
    assert p910["park_910_total_co2_kg"] == pytest.approx(total, rel=1e-9)
    assert p910["park_910_electricity_factor_kg_per_kwh"] == kg_per_kwh
    assert result.park_910.electricity_factor_id == factor_id
    # denominators (no PV, nothing supplied): 314,236.902174 kgce (当量值),
    # 706,024.302174 kgce (等价值) -> annex4 4.725579 / 2.103258; latest 4.699201 / 2.091518
    expected = {
        ("annex4", "calorific"): 4.725578872,
        ("annex4", "primary"): 2.103258006,
        ("latest_fossil", "calorific"): 4.699201321,
        ("latest_fossil", "primary"): 2.091517900,
    }
    for conversion, energy in (("calorific", 314_236.902174), ("primary", 706_024.302174)):
        assert p910[f"park_910_energy_{conversion}_kgce"] == pytest.approx(energy, rel=1e-9)
        value = p910[f"park_910_co2_t_per_tce_{conversion}"]
        assert value == pytest.approx(expected[factor_rule, conversion], rel=1e-9)
        assert np.isnan(p910[f"park_910_limit_t_per_tce_{conversion}"])  # far below 200k tce
    # the Annex-4 factor applies from the 2025 baseline year: the 2023 run says so
    outside = [
        m.params
        for m in result.messages
        if m.code == "factor_outside_window"
        and m.params["factor_id"] == "grid.park910.fossil.annex4"
    ]
    assert outside == (
        [{"factor_id": "grid.park910.fossil.annex4", "window": "2025-01-01 –", "year": 2023}]
        if factor_rule == "annex4"
        else []
    )


def test_measured_fraction_and_provenance(table: pd.DataFrame, result: AccountingResult) -> None:
    measured = table["measured_fraction"]
    assert measured[["A", "B", "C"]].tolist() == [1.0, 0.0, 1.0]
    # energy-weighted: (876,000 + 438,000) metered of 2,094,000 kWh
    assert measured[PARK_ROW] == pytest.approx(1_314_000 / 2_094_000, rel=1e-12)
    used = {f.id for f in result.factors}
    assert {
        "grid.province.shanxi.2023",
        "grid.national.excl_market_nonfossil.2023",
        "grid.national.average.2023",
        "grid.park910.fossil.annex4",
        "heat.purchased.default",
        "fuel.natural_gas.ncv.gbt32151",
        "coal_equiv.electricity.calorific",
        "coal_equiv.electricity.equivalent",
    } <= used
    # one heating value for gas: the GB/T 2589-2008 coefficient is compared, not used
    assert "coal_equiv.natural_gas.gas_field" not in used
    (gas,) = [m.params for m in result.messages if m.code == "heating_value_disagreement"]
    assert gas["other_factor_id"] == "coal_equiv.natural_gas.gas_field"
    assert f"{gas['change_fraction']:+.1%}" == "+9.4%"  # 38.931 / 35.588 − 1
    # 2023 has published grid factors: no fallback is reported
    assert not [m for m in result.messages if m.code == "factor_fallback"]
    shaped = [m.params for m in result.messages if m.code == "monthly_electricity_shaped"]
    assert [(p["enterprise"], p["hours"]) for p in shaped] == [("B", 8760.0)]  # monthly-only


def test_year_without_published_factors_falls_back_to_2023(tmp_path: Path) -> None:
    result = run(write_park(tmp_path, park_spec(year=2025)))
    fallbacks = [m.params for m in result.messages if m.code == "factor_fallback"]
    assert {(p["quantity"], p["year"], p["factor_year"]) for p in fallbacks} == {
        ("grid_co2", 2025, 2023)
    }
    assert {p["factor_id"] for p in fallbacks} == {
        "grid.province.shanxi.2023",
        "grid.national.excl_market_nonfossil.2023",
        "grid.national.average.2023",
    }
    # 2025 has 8760 h too, so every number is the 2023 one: park grid 2,094,000 × 0.6634
    table = annual_table(result)
    assert table.at[PARK_ROW, "scope2_location_co2_kg"] == pytest.approx(1_389_159.6, rel=1e-12)
    # the Annex-4 factor applies from 2025: no message for it, 1,594,000 × 0.8325
    assert not [m for m in result.messages if m.code == "factor_outside_window"]
    assert park_910_table(result)["park_910_electricity_co2_kg"] == pytest.approx(
        1_327_005.0, rel=1e-12
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
    surplus = [
        m.params["energy_mwh"]
        for m in result.messages
        if m.code == "contract_surplus_unattributed" and m.params["contract_id"] == "PPA-C"
    ]
    if expected_kwh < 100_000.0:
        assert surplus == [pytest.approx(100.0 - expected_kwh / 1000)]  # 62.800 MWh
    else:
        assert not surplus
    # market-based: C (438,000 − contract) × 0.6096
    assert table.at["C", "scope2_market_co2_kg"] == pytest.approx(
        (438_000.0 - expected_kwh) * RESIDUAL_2023_KG_PER_KWH, rel=1e-12
    )


# ------------------------------------------------------------------ 3. pipeline properties


def pv_spec(order: tuple[str, ...] = IDS, channel: str | None = "direct_line") -> dict[str, Any]:
    """The tiny park plus PV on A (registered, exported certificates kept) and C (not
    registered), a battery on A, park sharing of surplus PV over ``channel``, a park-level
    solar contract and a park-level certificate batch."""
    spec = park_spec(order=order)
    spec["park"]["surplus_pv"] = "park_sharing"
    spec["park"]["sharing_channel"] = channel
    roof = {"tilt_deg": 25, "azimuth_deg": 180}
    spec["rooftops"] = [
        {**roof, "id": "R-A", "owner": "A", "area_m2": 4000, "capacity_kw": 500},
        {**roof, "id": "R-C", "owner": "C", "area_m2": 1000, "capacity_kw": 150},
    ]
    spec["rooftops"][0] |= {
        "commissioning_year": 2020,
        "gec_registered": True,
        "export_certificates": "kept",
    }
    spec["rooftops"][1] |= {"commissioning_year": 2021, "gec_registered": False}
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
    # C's roof is not registered: its own PV is physical green without a certificate, in the
    # annual share but not in the certificate-based one (self-consumed PV is never "sold")
    assert table.at["C", "green_onsite_kwh"] == pytest.approx(table.at["C", "pv_self_consumed_kwh"])
    assert table.at["C", "green_no_certificate_kwh"] >= table.at["C", "green_onsite_kwh"]
    assert (
        table.at["C", "green_share_certificate_based_fraction"]
        < table.at["C", "green_share_fraction"]
    )
    assert (table["pv_certificates_sold_kwh"] == 0).all()
    assert table.at["A", "green_onsite_kwh"] > 0 and table.at["B", "green_shared_kwh"] > 0
    assert table.at["A", "grid_import_kwh"] < table.at["A", "electricity_kwh"]
    # PPA-A (200 MWh) is covered in full; of the park's 50 MWh solar contract at most all
    sources = pv_result.ledger.sources.set_index("source_id")
    assert (sources["claimed_kwh"] <= sources["provided_kwh"] * (1 + 1e-12)).all()
    assert sources.at["PPA-A", "claimed_kwh"] == pytest.approx(200_000.0, rel=1e-12)
    assert 200_000.0 < table.at[PARK_ROW, "green_contract_kwh"] <= 250_000.0 * (1 + 1e-12)
    # location-based prices purchased electricity (over a direct line: the grid import)
    grid = table.loc[ids, "grid_import_kwh"]
    np.testing.assert_allclose(table.loc[ids, "electricity_purchased_kwh"], grid, rtol=1e-12)
    np.testing.assert_allclose(
        table.loc[ids, "scope2_location_co2_kg"], grid * SHANXI_2023_KG_PER_KWH, rtol=1e-12
    )
    # market-based and the 910号 basis read the ledger: uncovered purchase = purchase - every
    # claimed instrument, priced at the residual (market) and fossil-only (910) factors
    uncovered = table.loc[ids, "uncovered_grid_kwh"]
    claimed = table.loc[ids, ["green_trade_kwh", "green_contract_kwh", "green_certificate_kwh",
                              "green_export_certificate_kwh"]].sum(axis=1)  # fmt: skip
    np.testing.assert_allclose(uncovered, grid - claimed, rtol=1e-12)
    np.testing.assert_allclose(
        table.loc[ids, "scope2_market_co2_kg"], uncovered * RESIDUAL_2023_KG_PER_KWH, rtol=1e-12
    )
    # ... which is the consumption not covered by claimed green for B and C; A's battery
    # started half full (200 kWh of grey energy it consumed but did not buy this year)
    not_green = table.loc[ids, "electricity_kwh"] - table.loc[ids, "green_total_kwh"]
    np.testing.assert_allclose(uncovered[["B", "C"]], not_green[["B", "C"]], rtol=1e-9)
    assert 0 <= not_green["A"] - uncovered["A"] <= 200.0 + 1e-6
    assert park_910_table(pv_result)["park_910_electricity_co2_kg"] == pytest.approx(
        uncovered.sum() * ANNEX_KG_PER_KWH, rel=1e-12
    )
    # the inventory basis prices purchased non-green kWh only, at the national average
    np.testing.assert_allclose(
        table.loc[ids, "scope2_inventory_co2_kg"], uncovered * NATIONAL_2023_KG_PER_KWH, rtol=1e-12
    )
    # GB/T 2589 counts self-consumed and park-shared PV like grid electricity
    fixed = np.array([12_000 * GAS_KGCE_PER_M3, 1_200 * HEAT_KGCE_PER_GJ, 0.0])
    onsite = (b.pv_self_kwh + b.storage_discharge_pv_kwh + b.shared_in_kwh).sum(axis=0)
    np.testing.assert_allclose(
        table.loc[ids, "energy_gbt2589_calorific_kgce"],
        fixed + (grid + onsite) * ELECTRICITY_KGCE_CALORIFIC,
        rtol=1e-12,
    )
    np.testing.assert_allclose(
        table.loc[ids, "energy_onsite_renewable_calorific_kgce"],
        onsite * ELECTRICITY_KGCE_CALORIFIC,
        rtol=1e-12,
    )
    # 能耗双控 leaves out certificate-backed green power (C's unregistered PV stays in)
    green = table.loc[ids, "green_certificate_based_kwh"]
    np.testing.assert_allclose(
        table.loc[ids, "energy_dual_control_calorific_kgce"],
        table.loc[ids, "energy_gbt2589_calorific_kgce"] - green * ELECTRICITY_KGCE_CALORIFIC,
        rtol=1e-12,
    )


def test_more_rooftop_pv_never_raises_the_910_indicator(tmp_path: Path) -> None:
    """R1: A's registered roof grows from nothing to 800 kW (surplus exported); the
    910号 indicator may only fall, at 当量值 and at 等价值, and the 能耗双控 total with it."""
    indicators, dual = [], []
    for kw in (0, 200, 800):
        spec = park_spec()
        if kw:
            roof = {"id": "R-A", "owner": "A", "area_m2": 8000, "capacity_kw": kw}
            roof |= {"gec_registered": True, "export_certificates": "kept"}
            spec["rooftops"] = [
                roof | {"tilt_deg": 25, "azimuth_deg": 180, "commissioning_year": 2020}
            ]
        result = run(write_park(tmp_path / str(kw), spec), PV_WEATHER())
        p910 = park_910_table(result)
        indicators.append([p910[f"park_910_co2_t_per_tce_{c}"] for c in ("calorific", "primary")])
        dual.append(annual_table(result).at["A", "energy_dual_control_calorific_kgce"])
        if kw:
            assert result.balance.pv_self_kwh[:, 0].sum() > 0
    for before, after in itertools.pairwise(indicators):
        assert after[0] < before[0] and after[1] < before[1]
    assert dual[0] > dual[1] > dual[2]


@pytest.mark.parametrize("channel", [None, "market_trade"])
def test_sharing_without_a_physical_channel_is_export_and_purchase(
    tmp_path: Path, pv_result: AccountingResult, channel: str | None
) -> None:
    """R9: over the public grid, shared PV is the sender's export and the receiver's purchase;
    market trade carries the registered senders' certificates to the receiver, hour by hour."""
    result = run(write_park(tmp_path, pv_spec(channel=channel)), PV_WEATHER())
    table, b = annual_table(result), result.balance
    # the physical flows are the same as over a direct line
    np.testing.assert_allclose(b.shared_in_kwh, pv_result.balance.shared_in_kwh, rtol=1e-12)
    shared_in = b.shared_in_kwh.sum(axis=0)
    assert shared_in[1] > 0
    assert (table["green_shared_kwh"] == 0).all()
    purchased = b.grid_import_kwh.sum(axis=0) + shared_in
    np.testing.assert_allclose(table.iloc[:3]["electricity_purchased_kwh"], purchased, rtol=1e-12)
    np.testing.assert_allclose(
        table.iloc[:3]["scope2_location_co2_kg"], purchased * SHANXI_2023_KG_PER_KWH, rtol=1e-12
    )
    # the pool is registered in proportion to A's part of it (A registered, C not)
    out = b.shared_out_kwh
    pool_registered = np.divide(out[:, 0], out.sum(axis=1), out=np.zeros(len(out)),
                                where=out.sum(axis=1) > 0)  # fmt: skip
    traded = (b.shared_in_kwh * pool_registered[:, None]).sum(axis=0)
    expected_trade = traded if channel == "market_trade" else np.zeros(3)
    np.testing.assert_allclose(table.iloc[:3]["green_trade_kwh"], expected_trade, rtol=1e-9)
    uncovered = table.iloc[:3]["uncovered_grid_kwh"]
    np.testing.assert_allclose(
        table.iloc[:3]["scope2_market_co2_kg"], uncovered * RESIDUAL_2023_KG_PER_KWH, rtol=1e-12
    )
    if channel is None:  # A's shared PV is its export: its certificates stay with A (kept)
        assert table.at["A", "pv_export_certificates_kept_kwh"] >= out[:, 0].sum() * (1 - 1e-9)
    assert direct_line_table(result).empty


def test_direct_line_tests_read_generation_export_and_load(pv_result: AccountingResult) -> None:
    table = annual_table(pv_result)
    park = table.loc[PARK_ROW]
    tests = direct_line_table(pv_result)
    # self-use = 1 - export / generation; load share = physical green (own + shared) / load
    assert tests["direct_line_self_use_fraction"] == pytest.approx(
        1 - park["pv_export_kwh"] / park["pv_generation_kwh"], rel=1e-12
    )
    assert tests["direct_line_load_share_fraction"] == pytest.approx(
        (park["green_onsite_kwh"] + park["green_shared_kwh"]) / park["electricity_kwh"], rel=1e-12
    )
    assert tests["direct_line_self_use_min_fraction"] == 0.60
    assert tests["direct_line_load_share_min_fraction"] == 0.30


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


def test_enterprise_without_electricity_is_named_at_load(tmp_path: Path) -> None:
    spec = park_spec(order=(*IDS, "D"))
    gas = tuple((f"{YEAR}-{m:02d}", "D", "natural_gas", 10.0, "Nm3") for m in range(1, 13))
    with pytest.raises(InputError) as caught:
        write_park(tmp_path, spec, extra_monthly=gas)
    (problem,) = caught.value.problems
    assert problem.startswith(f"企业 D 在 {YEAR} 年没有任何电量数据")
    assert "data/electricity_hourly.csv, data/monthly.csv" in problem


def test_missing_monthly_bills_are_named_as_missing_bills(tmp_path: Path) -> None:
    set_language("en")  # the assertions read the English wording
    spec = park_spec()
    spec["certificates"] = []  # B's 300 MWh would exceed its six metered months (210 MWh)
    write_park(tmp_path, spec)
    bills = pd.read_csv(tmp_path / "data" / "monthly.csv")
    b_electricity = (bills["enterprise"] == "B") & (bills["carrier"] == "electricity")
    bills.loc[~(b_electricity & (bills["month"] > f"{YEAR}-06"))].to_csv(
        tmp_path / "data" / "monthly.csv", index=False
    )
    with pytest.raises(InputError) as caught:
        load_park(tmp_path)
    # B has monthly bills for January-June only and no hourly data at all
    assert caught.value.problems == (
        f"B electricity: data/monthly.csv has no monthly total for month(s) 7-12 of {YEAR}; "
        "add monthly bills for them, or use --allow-gaps to extrapolate them from the known "
        "months (flagged as extrapolated)",
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
    # A and C report 6,000 万元 for 123,600.702174 + 53,830.2 = 177,430.902174 kgce
    # → 29.5718 kgce/万元 (not 314,236.902174 / 6,000, which would put B's 136,806 kgce over
    # no output value)
    value = table.at[PARK_ROW, "kgce_per_wan_cny_output_value"]
    assert value == pytest.approx(177_430.902174 / 6_000, rel=1e-9)


# ------------------------------------------------------------------ 5. the demo park


def test_demo_park_runs_end_to_end() -> None:
    park = load_park(DEMO)
    where = park.config.park.location
    weather = default_weather(where.latitude_deg, where.longitude_deg, where.altitude_m)
    result = run_accounting(park, registry(), weather)
    table = annual_table(result)
    assert list(table.index) == [*park.config.enterprise_ids(), PARK_ROW]
    assert table.notna()[["electricity_kwh", "scope2_market_co2_kg"]].all().all()
    assert 200_000 < table.at[PARK_ROW, "energy_gbt2589_calorific_kgce"] / 1000 < 1_000_000
    assert 0 < table.at[PARK_ROW, "green_share_fraction"] < 1
    assert table.at[PARK_ROW, "pv_generation_kwh"] > 0
    for factor_id in ("grid.province.shanxi.2023", "grid.national.average.2023"):
        assert any(
            m.code == "factor_fallback"
            and (m.params["factor_id"], m.params["year"]) == (factor_id, 2025)
            for m in result.messages
        ), factor_id


def test_profile_contract_follows_its_file_in_a_leap_year(tmp_path: Path) -> None:
    import greenpark as gp

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
    result = gp.run(gp.RunSpec(tmp_path, options=gp.RunOptions(contract_matching="hourly")))
    table = result.hourly()
    hourly = table.loc[table["enterprise"] == "C", "green_contract_kwh"].to_numpy()
    # 8,784 kWh over 168 h = 52.29 kWh/h, above C's 50 kWh/h: hourly matching caps it at 50
    assert hourly[: 24 * 7] == pytest.approx(np.full(24 * 7, 50.0))
    assert hourly[24 * 7 :].sum() == 0
