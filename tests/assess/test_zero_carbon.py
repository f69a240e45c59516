"""零碳园区 (910号): the core indicator's size bands, the guiding indicators from the park's
data, thresholds the user supplies, and no data never passing."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pandas as pd
import pytest

import greenpark as gp
from greenpark.assess import assess_zero_carbon_park
from greenpark.assess.zero_carbon import core_rows
from greenpark.inputs.factors.criteria import load_thresholds

DEMO = Path(__file__).resolve().parents[2] / "sites" / "jincheng-edz"
TWO_FIRMS = Path(__file__).resolve().parents[1] / "parks" / "two_firms"


KGCE_PER_TCE = 1000.0


def _basis(co2_t: float, calorific_tce: float, primary_tce: float) -> pd.DataFrame:
    """A 910号 table (as RunResult.park_910) with only what the core indicator reads."""
    values = {
        "park_910_energy_calorific_kgce": calorific_tce * KGCE_PER_TCE,
        "park_910_energy_primary_kgce": primary_tce * KGCE_PER_TCE,
        "park_910_co2_t_per_tce_calorific": co2_t / calorific_tce,
        "park_910_co2_t_per_tce_primary": co2_t / primary_tce,
    }
    return pd.DataFrame({"value": pd.Series(values, dtype="Float64")})


def test_band_edges_and_a_park_passing_on_primary_failing_on_calorific() -> None:
    # 50,000 t CO2. 当量值: exactly 200,000 tce -> the 200k-1M band, limit 0.20; 50,000 /
    # 200,000 = 0.25 > 0.20: fails. 等价值: exactly 1,000,000 tce -> the >= 1M band, limit
    # 0.30; 50,000 / 1,000,000 = 0.05: passes.
    core = core_rows(_basis(50_000, 200_000, 1_000_000), load_thresholds()).set_index("basis")
    assert core.at["calorific", "value"] == pytest.approx(0.25)
    assert core.at["calorific", "threshold"] == 0.20
    assert (core.at["calorific", "tier_min_tce"], core.at["calorific", "tier_max_tce"]) == (
        200_000,
        1_000_000,
    )
    assert core.at["calorific", "status"] == "fail"
    assert core.at["primary", "value"] == pytest.approx(0.05)
    assert core.at["primary", "threshold"] == 0.30
    assert core.at["primary", "tier_min_tce"] == 1_000_000
    assert pd.isna(core.at["primary", "tier_max_tce"])
    assert core.at["primary", "status"] == "pass"
    assert set(core["source"].str.contains("发改环资〔2025〕910号")) == {True}


def test_just_below_the_bands() -> None:
    # 199,999 tce: no national threshold; 0.20 shown for reference, not applicable.
    # 999,999 tce: still the 200k-1M band (upper bound exclusive).
    core = core_rows(_basis(19_000, 199_999, 999_999), load_thresholds()).set_index("basis")
    assert core.at["calorific", "status"] == "not_applicable"
    assert core.at["calorific", "reason"] == "below_910_scope"
    assert core.at["calorific", "threshold"] == 0.20
    assert core.at["primary", "threshold"] == 0.20
    assert core.at["primary", "status"] == "pass"  # 19,000 / 999,999 = 0.019


def _carrier_totals() -> dict[str, float]:
    """Sums of the demo's monthly_energy.csv by carrier, read by hand (one unit each)."""
    totals: dict[str, float] = defaultdict(float)
    units: dict[str, set[str]] = defaultdict(set)
    with (DEMO / "data" / "monthly_energy.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            totals[row["carrier"]] += float(row["quantity"])
            units[row["carrier"]].add(row["unit"])
    assert all(len(u) == 1 for u in units.values())
    return totals


def test_guiding_indicators_of_the_demo_park(demo_result: gp.RunResult) -> None:
    guiding = assess_zero_carbon_park(demo_result).guiding
    park = guiding[guiding["scope"] == "park"].set_index(["indicator", "basis"])
    t = _carrier_totals()
    water = t["water_reused"] / (t["water_withdrawal"] + t["water_reused"])
    waste = t["solid_waste_utilised"] / t["solid_waste_generated"]
    heat = t["waste_heat_used"] / t["waste_heat_recoverable"]
    assert park.at[("zcp.water_reuse", ""), "value"] == pytest.approx(water, rel=1e-12)
    assert park.at[("zcp.solid_waste_utilisation", ""), "value"] == pytest.approx(waste, rel=1e-12)
    assert park.at[("zcp.waste_heat_utilisation", ""), "value"] == pytest.approx(heat, rel=1e-12)
    # 0.530 < 0.80 fails; 0.919 >= 0.80 passes; 0.459 < 0.50 fails
    assert park.at[("zcp.water_reuse", ""), "status"] == "fail"
    assert park.at[("zcp.solid_waste_utilisation", ""), "status"] == "pass"
    assert park.at[("zcp.waste_heat_utilisation", ""), "status"] == "fail"
    # clean-energy share: green kWh x 0.1229 kgce/kWh (当量值) / the 910号 energy
    green = float(demo_result.annual().at["park", "green_total_kwh"])
    energy = float(demo_result.park_910().at["park_910_energy_calorific_kgce", "value"])
    share = park.at[("zcp.clean_energy_share", "calorific"), "value"]
    assert share == pytest.approx(green * 0.1229 / energy, rel=1e-12)
    assert park.at[("zcp.clean_energy_share", "calorific"), "threshold"] == 0.90


def test_missing_data_is_never_a_pass(two_firms_result: gp.RunResult) -> None:
    guiding = assess_zero_carbon_park(two_firms_result).guiding
    missing = guiding[guiding["indicator"] != "zcp.clean_energy_share"]
    # no water, waste, waste-heat data and no products: every such row is no data
    assert set(missing["status"]) == {"no_data"}
    assert missing["value"].isna().all()
    assert "pass" not in set(guiding["status"])


def test_a_supplied_product_limit_is_used_and_marked(demo_result: gp.RunResult) -> None:
    plain = assess_zero_carbon_park(demo_result).guiding.set_index("scope")
    value = float(plain.at["E07", "value"])  # 钢结构件 kgce per t
    assert plain.at["E07", "status"] == "no_data"
    assert plain.at["E07", "reason"] == "no_threshold"
    above, below = value * 1.01, value * 0.99
    supplied = {"zcp.product_energy.E07": above, "zcp.product_energy.E12": 1.0}
    assessment = assess_zero_carbon_park(demo_result, supplied=supplied)
    rows = assessment.guiding.set_index("scope")
    assert rows.at["E07", "status"] == "pass"
    assert rows.at["E07", "threshold"] == above
    assert rows.at["E07", "supplied"] and not rows.at["E04", "supplied"]
    assert rows.at["E12", "status"] == "fail"  # 419 kgce/t > 1
    assert assessment.supplied == ("zcp.product_energy.E07", "zcp.product_energy.E12")
    failing = assess_zero_carbon_park(demo_result, supplied={"zcp.product_energy.E07": below})
    assert failing.guiding.set_index("scope").at["E07", "status"] == "fail"


def test_provincial_thresholds_of_a_hunan_park() -> None:
    park = gp.load_park(TWO_FIRMS).with_changes(
        {"park": {"province": "湖南", "grid_region": "华中"}}
    )
    provincial = assess_zero_carbon_park(gp.run(gp.RunSpec(park))).provincial
    # 湘工信节能〔2025〕467号: 2 size bands x 3 years x 2 conversions; ~1,400 tce is below
    # the 20,000 tce the Hunan bands start at
    assert len(provincial) == 12
    assert set(provincial["verdict"]) == {"outside_size"}
    assert set(provincial["source"].str.contains("湘工信节能〔2025〕467号")) == {True}


def test_multi_product_enterprises_have_no_data(demo_result: gp.RunResult) -> None:
    guiding = assess_zero_carbon_park(demo_result).guiding.set_index("scope")
    # E01 makes 光通信模块 and 激光器件: no energy per product
    assert guiding.at["E01", "status"] == "no_data"
    assert guiding.at["E01", "reason"] == "multi_product"
