"""绿色工厂 (GB/T 36132-2025): per-enterprise values by hand from park.yaml and the run, the
renewable size tiers at their edges, and baselines supplied for all or one enterprise."""

from __future__ import annotations

import pytest

import greenpark as gp
from greenpark.assess.green_factory import assess_green_factory, renewable_tier_tce


def test_values_by_hand(demo_result: gp.RunResult) -> None:
    rows = assess_green_factory(demo_result, enterprise="E07").indicators.set_index("indicator")
    annual = demo_result.annual()
    # E07 示意钢结构有限公司: output 38,000 万元 on 260 亩; one product 钢结构件 60,000 t
    energy = float(annual.at["E07", "energy_gbt2589_calorific_kgce"])
    co2 = float(annual.at["E07", "scope1_co2_kg"] + annual.at["E07", "scope2_inventory_co2_kg"])
    assert rows.at["gf.output_energy", "value"] == pytest.approx(energy / 38_000)
    assert rows.at["gf.product_energy", "value"] == pytest.approx(energy / 60_000)
    assert rows.at["gf.carbon_per_output", "value"] == pytest.approx(co2 / 38_000)
    assert rows.at["gf.output_per_land", "value"] == pytest.approx(38_000 / (260 * 10_000 / 15))
    assert rows.at["gf.solid_waste_utilisation", "value"] == pytest.approx(2_850 / 3_000)
    # E07 reports water withdrawal but no reuse: no data, not 0 %
    assert rows.at["gf.water_reuse", "status"] == "no_data"
    assert set(rows["status"]) == {"no_data"}  # no baseline supplied yet


def test_renewable_share_counts_certificates(demo_result: gp.RunResult) -> None:
    rows = assess_green_factory(demo_result, enterprise="E01").indicators.set_index("indicator")
    annual = demo_result.annual()
    green = float(annual.at["E01", "green_total_kwh"])  # includes its 8,000 MWh of 绿证
    energy = float(annual.at["E01", "energy_gbt2589_calorific_kgce"])
    assert rows.at["gf.renewable_share", "value"] == pytest.approx(green * 0.1229 / energy)
    assert rows.at["gf.product_energy", "reason"] == "multi_product"


def test_size_tier_edges() -> None:
    assert renewable_tier_tce(10_000_000.0) == 10_000  # exactly 10,000 tce
    assert renewable_tier_tce(9_999_999.0) == 5_000
    assert renewable_tier_tce(5_000_000.0) == 5_000
    assert renewable_tier_tce(3_000_000.0) == 3_000
    assert renewable_tier_tce(2_999_999.0) == 0


def test_supplied_baselines(demo_result: gp.RunResult) -> None:
    value = float(
        assess_green_factory(demo_result, enterprise="E07")
        .indicators.set_index("indicator")
        .at["gf.output_energy", "value"]
    )
    supplied = {"gf.output_energy": value * 2, "gf.output_energy.E07": value / 2}
    table = assess_green_factory(demo_result, supplied=supplied).indicators
    energy = table[table["indicator"] == "gf.output_energy"].set_index("scope")
    assert energy.at["E07", "threshold"] == value / 2 and energy.at["E07", "status"] == "fail"
    assert energy.at["E04", "threshold"] == value * 2  # the generic value for the others
    assert energy["supplied"].all()
    assert len(energy) == len(demo_result.config.enterprises)
