"""Energy and emissions per product unit, split between two products of F2 by hand.

F2 of the hand park (tests/footprint/conftest.py) uses 2,400,000 kWh of electricity and
nothing else. Its electricity factors (tests/footprint/test_electricity.py, computed there by
hand): location 0.6634 (Shanxi grid 2023), footprint 0.318292 kg CO2e/kWh; electricity at
its calorific value (当量值) 0.1229 kgce/kWh (GB/T 2589, china-factors §3 table, [A]).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

import greenpark as gp
from greenpark.errors import InputError
from greenpark.footprint.electricity import BASES, enterprise_factor_table
from greenpark.footprint.factor_refs import registry_for
from greenpark.footprint.products import ENERGY, product_table
from greenpark.inputs.factors.registry import FactorRegistry
from tests.footprint.conftest import TWO_FIRMS

LOAD_KWH = 2_400_000.0
SHANXI, F2_FOOTPRINT, KGCE_PER_KWH = 0.6634, 0.318292, 0.1229
TWO_PRODUCTS = {
    "physical_output": [
        {"name": "法兰", "annual_output": 300, "unit": "t"},
        {"name": "轴套", "annual_output": 100, "unit": "t"},
    ],
    "declared_shares": [
        {"name": "法兰", "annual_output": 300, "unit": "t", "share_fraction": 0.7},
        {"name": "轴套", "annual_output": 1200, "unit": "件", "share_fraction": 0.3},
    ],
    "metered_lines": [
        {"name": "法兰", "annual_output": 300, "unit": "t", "meter_line": "锻压线"},
        {"name": "轴套", "annual_output": 1200, "unit": "件", "meter_line": "机加线"},
    ],
}
LINES = {"锻压线": "90 万kWh", "机加线": 300_000}


def _patch(rule: str) -> dict[str, object]:
    f2: dict[str, object] = {"id": "F2", "product_allocation": rule, "products": TWO_PRODUCTS[rule]}
    if rule == "metered_lines":
        f2["meter_lines_kwh"] = LINES
    return {"enterprises": [f2]}


def _table(hand_park: gp.Park, registry: FactorRegistry, rule: str) -> pd.DataFrame:
    result = gp.run(gp.RunSpec(hand_park.with_changes(_patch(rule))))
    return product_table(result, "F2", enterprise_factor_table(result, "F2", registry))


def four_figures(value: float) -> float:
    """``value`` rounded to 4 significant figures."""
    return float(f"{value:.4g}")


def _per_unit(table: pd.DataFrame, product: str, basis: str, column: str) -> float:
    row = table[(table["product"] == product) & (table["basis"] == basis)]
    assert len(row) == 1
    return float(row[f"{column}_per_unit"].iloc[0])


def test_by_physical_output_by_hand(hand_park: gp.Park, hand_registry: FactorRegistry) -> None:
    """300 t and 100 t: both products take 2,400,000 / 400 = 6,000 kWh per t."""
    table = _table(hand_park, hand_registry, "physical_output")
    for product in ("法兰", "轴套"):
        assert _per_unit(table, product, "location", "electricity_kwh") == pytest.approx(6000.0)
        kgce = _per_unit(table, product, "location", "energy_kgce")
        assert four_figures(kgce) == 737.4  # 6,000 × 0.1229
        co2 = _per_unit(table, product, "location", "electricity_emissions_kg")
        assert four_figures(co2) == 3980.0  # 6,000 × 0.6634 = 3,980.4
        co2e = _per_unit(table, product, "footprint", "electricity_emissions_kg")
        assert four_figures(co2e) == 1910.0  # 6,000 × 0.318292 = 1,909.75
    fractions = table.groupby("product")["allocation_fraction"].first()
    assert fractions.to_dict() == pytest.approx({"法兰": 0.75, "轴套": 0.25})
    assert set(table["allocation_rule"]) == {"physical_output"}
    assert set(table["allocation_weight_unit"]) == {"t"}


def test_by_declared_shares_by_hand(hand_park: gp.Park, hand_registry: FactorRegistry) -> None:
    """法兰 0.7 of 2,400,000 kWh over 300 t; 轴套 0.3 over 1,200 件."""
    table = _table(hand_park, hand_registry, "declared_shares")
    flange = _per_unit(table, "法兰", "location", "electricity_kwh")
    assert flange == pytest.approx(5600.0)  # 1,680,000 / 300
    assert four_figures(_per_unit(table, "法兰", "location", "energy_kgce")) == 688.2
    co2 = _per_unit(table, "法兰", "location", "electricity_emissions_kg")
    assert four_figures(co2) == 3715.0  # 5,600 × 0.6634 = 3,715.04
    assert _per_unit(table, "轴套", "location", "electricity_kwh") == pytest.approx(600.0)
    co2e = _per_unit(table, "轴套", "footprint", "electricity_emissions_kg")
    assert four_figures(co2e) == 191.0  # 600 × 0.318292 = 190.975
    assert set(table["allocation_weight_unit"]) == {"fraction"}


def test_by_metered_lines(hand_park: gp.Park, hand_registry: FactorRegistry) -> None:
    """Lines of 900,000 and 300,000 kWh: 3/4 and 1/4 of the enterprise's 2,400,000 kWh
    (what the lines do not meter follows the same proportion)."""
    table = _table(hand_park, hand_registry, "metered_lines")
    weights = table.groupby("product")["allocation_weight"].first().to_dict()
    assert weights == pytest.approx({"法兰": 900_000.0, "轴套": 300_000.0})
    assert _per_unit(table, "法兰", "location", "electricity_kwh") == pytest.approx(6000.0)
    assert _per_unit(table, "轴套", "location", "electricity_kwh") == pytest.approx(500.0)


@pytest.mark.parametrize("rule", sorted(TWO_PRODUCTS))
def test_the_products_add_up_to_the_enterprise_on_every_basis(
    hand_park: gp.Park, hand_registry: FactorRegistry, rule: str
) -> None:
    result = gp.run(gp.RunSpec(hand_park.with_changes(_patch(rule))))
    factors = enterprise_factor_table(result, "F2", hand_registry)
    table = product_table(result, "F2", factors)
    annual = result.annual().loc["F2"]
    assert sorted(table["basis"].unique()) == sorted(BASES)
    for basis, rows in table.groupby("basis"):
        for column, metric in ENERGY.items():
            assert rows[column].sum() == pytest.approx(float(annual[metric]), abs=1e-6)
        factor = factors[(factors["period"] == "2025") & (factors["basis"] == basis)]
        total = float(factor["value_kg_per_kwh"].iloc[0]) * LOAD_KWH
        assert rows["electricity_emissions_kg"].sum() == pytest.approx(total)
    assert float(annual["electricity_kwh"]) == pytest.approx(LOAD_KWH)


def test_a_product_without_output_has_no_per_unit_values(
    hand_park: gp.Park, hand_registry: FactorRegistry
) -> None:
    shares = [dict(p) for p in TWO_PRODUCTS["declared_shares"]]
    shares[1]["annual_output"] = 0
    patch = {
        "enterprises": [{"id": "F2", "product_allocation": "declared_shares", "products": shares}]
    }
    result = gp.run(gp.RunSpec(hand_park.with_changes(patch)))
    table = product_table(result, "F2", enterprise_factor_table(result, "F2", hand_registry))
    idle = table[table["product"] == "轴套"]
    assert set(idle["status"]) == {"not_applicable"}
    assert set(idle["reason"]) == {"zero_product_output"}
    assert idle["electricity_kwh_per_unit"].isna().all()
    assert idle["electricity_kwh"].iloc[0] == pytest.approx(0.3 * LOAD_KWH)


def test_several_products_need_a_rule(hand_park: gp.Park, hand_registry: FactorRegistry) -> None:
    products = TWO_PRODUCTS["physical_output"]
    result = gp.run(
        gp.RunSpec(hand_park.with_changes({"enterprises": [{"id": "F2", "products": products}]}))
    )
    factors = enterprise_factor_table(result, "F2", hand_registry)
    with pytest.raises(InputError, match="product_allocation"):
        product_table(result, "F2", factors)


def test_a_bad_allocation_lists_every_problem_with_file_and_field(
    tmp_path: Path, english: None
) -> None:
    park_dir = tmp_path / "park"
    shutil.copytree(TWO_FIRMS, park_dir)
    raw = yaml.safe_load((park_dir / "park.yaml").read_text(encoding="utf-8"))
    f1, f2 = raw["enterprises"]
    f1["product_allocation"] = "declared_shares"
    f1["products"] = [
        {"name": "A", "annual_output": 10, "unit": "t", "share_fraction": 0.6},
        {"name": "B", "unit": "t", "share_fraction": 0.3},
    ]
    f2["product_allocation"] = "metered_lines"
    f2["meter_lines_kwh"] = {"L1": "90 万kWh"}
    f2["products"] = [{"name": "C", "annual_output": 5, "unit": "t", "meter_line": "L2"}]
    (park_dir / "park.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        gp.load_park(park_dir)
    problems = "\n".join(caught.value.problems)
    assert "park.yaml: enterprises[0] (F1).products[1].annual_output: required" in problems
    assert (
        "enterprises[0] (F1).products: the products' share_fraction must add up to 1, got 0.9"
        in problems
    )
    assert (
        "enterprises[1] (F2).products[0].meter_line: unknown sub-metered line, got 'L2'" in problems
    )
    assert (
        "enterprises[1] (F2).meter_lines_kwh: lines no product names (meter_line), got 'L1'"
        in problems
    )


def test_output_in_different_units_cannot_be_added(hand_park: gp.Park, english: None) -> None:
    products = TWO_PRODUCTS["declared_shares"]
    patch = {
        "enterprises": [{"id": "F2", "product_allocation": "physical_output", "products": products}]
    }
    with pytest.raises(InputError) as caught:
        hand_park.with_changes(patch)
    problems = "\n".join(caught.value.problems)
    assert "allocation by output needs one unit for all, got 't, 件'" in problems
    assert "products[0].share_fraction: share_fraction is only read with" in problems


@pytest.mark.slow
def test_the_demo_park_splits_add_up() -> None:
    """sites/jincheng-edz: E01 by output, E02 by declared shares, E11 by its sub-metered lines;
    every product's parts add up to its enterprise's use."""
    site = Path(__file__).resolve().parents[2] / "sites" / "jincheng-edz"
    result = gp.run(gp.RunSpec(site))
    registry = registry_for(result)
    rules = {}
    for enterprise in ("E01", "E02", "E11"):
        table = product_table(
            result, enterprise, enterprise_factor_table(result, enterprise, registry)
        )
        location = table[table["basis"] == "location"]
        use = float(result.annual().loc[enterprise, "electricity_kwh"])
        assert location["electricity_kwh"].sum() == pytest.approx(use)
        rules[enterprise] = set(table["allocation_rule"])
    assert rules == {
        "E01": {"physical_output"}, "E02": {"declared_shares"}, "E11": {"metered_lines"}
    }  # fmt: skip
    e11 = product_table(result, "E11", enterprise_factor_table(result, "E11", registry))
    fractions = e11.groupby("product", sort=False)["allocation_fraction"].first()
    assert fractions.to_list() == pytest.approx([150 / 220, 70 / 220])  # the lines' MWh
