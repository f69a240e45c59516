"""Energy totals, heating values and Scope 2 bases through a whole run, hand-computed
(accounting year 2025, 8,760 h, no PV; greenpark/pipeline/emissions_step.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from greenpark.inputs.park.load import Park
from greenpark.pipeline.accounting import AccountingResult
from greenpark.pipeline.results import PARK_ROW, annual_table
from greenpark.pipeline.rules import AccountingRules

MakePark = Callable[..., Park]
RunPark = Callable[..., AccountingResult]
Spec = Callable[..., dict[str, Any]]

H = 8760
GAS_CO2_KG_PER_GJ = 15.3 * 0.99 * 44 / 12  # GB/T 32151 natural gas: CC × OF × 44/12
KJ_PER_KGCE = 29_307.6
GAS_ROWS = [(f"2025-{m:02d}", "A", "natural_gas", 1_000, "Nm3") for m in range(1, 13)]


pytestmark = pytest.mark.usefixtures("english")


def test_feedstock_counts_as_energy_but_not_as_combustion_co2(
    park_spec: Spec, make_park: MakePark, run_park: RunPark
) -> None:
    # A burns 12,000 m³ of gas and uses 24,000 m³ as feedstock (use column: 原料)
    feedstock = [(f"2025-{m:02d}", "A", "natural_gas", 2_000, "Nm3", "原料") for m in range(1, 13)]
    park = make_park(park_spec(["A"]), {"A": 100.0}, [*GAS_ROWS, *feedstock])
    table = annual_table(run_park(park))
    # Scope 1: only what is burnt, 12,000 × 0.038931 GJ × 56.1383 kg/GJ = 25,946.2657 kg
    assert table.at["A", "scope1_co2_kg"] == pytest.approx(12_000 * 0.038931 * GAS_CO2_KG_PER_GJ)
    # standard coal of gas 38,931 / 29,307.6 = 1.3283585 kgce/m³: burnt 15,940.302174,
    # feedstock 31,880.604348; electricity 876,000 × 0.1229 = 107,660.4
    gas = 38_931 / KJ_PER_KGCE
    assert table.at["A", "energy_feedstock_kgce"] == pytest.approx(24_000 * gas, rel=1e-12)
    gbt2589 = 36_000 * gas + 107_660.4
    assert table.at["A", "energy_gbt2589_calorific_kgce"] == pytest.approx(gbt2589, rel=1e-12)
    # 能耗双控 leaves feedstock out (and there is no green power)
    dual = 12_000 * gas + 107_660.4
    assert table.at["A", "energy_dual_control_calorific_kgce"] == pytest.approx(dual, rel=1e-12)


def test_measured_heating_value_serves_scope1_and_standard_coal(
    park_spec: Spec, make_park: MakePark, run_park: RunPark
) -> None:
    spec = park_spec(["A", "B"])
    spec["enterprises"][0]["fuel_ncv"] = {
        "天然气": {"value": 36.0, "unit": "MJ/Nm3", "source": "2025 燃气公司热值报告"}
    }
    rows = [*GAS_ROWS, *((m, "B", c, q, u) for m, _, c, q, u in GAS_ROWS)]
    result = run_park(make_park(spec, {"A": 100.0, "B": 100.0}, rows))
    table = annual_table(result)
    # A: 12,000 m³ × 0.036 GJ × 56.1383 = 24,251.6 kg; 12,000 × 36,000 / 29,307.6 kgce
    assert table.at["A", "scope1_co2_kg"] == pytest.approx(12_000 * 0.036 * GAS_CO2_KG_PER_GJ)
    electricity = 876_000 * 0.1229
    assert table.at["A", "energy_gbt2589_calorific_kgce"] == pytest.approx(
        12_000 * 36_000 / KJ_PER_KGCE + electricity, rel=1e-12
    )
    # B has no measured value: the GB/T 32151 default, 38.931 MJ/m³, for both
    assert table.at["B", "scope1_co2_kg"] == pytest.approx(12_000 * 0.038931 * GAS_CO2_KG_PER_GJ)
    assert table.at["B", "energy_gbt2589_calorific_kgce"] == pytest.approx(
        12_000 * 38_931 / KJ_PER_KGCE + electricity, rel=1e-12
    )
    measured = {f.id: f for f in result.factors}["fuel.natural_gas.ncv.measured.A"]
    assert measured.source_document == "2025 燃气公司热值报告"


def test_gbt2589_heating_value_basis(
    park_spec: Spec, make_park: MakePark, run_park: RunPark
) -> None:
    park = make_park(park_spec(["A"]), {"A": 100.0}, GAS_ROWS)
    result = run_park(park, rules=AccountingRules(heating_value="gbt2589"))
    table = annual_table(result)
    # GB/T 2589-2008 gas-field 1.2143 kgce/m³ = 35.588 MJ/m³ in Scope 1 too
    ncv = 1.2143 * KJ_PER_KGCE / 1e6
    assert table.at["A", "scope1_co2_kg"] == pytest.approx(12_000 * ncv * GAS_CO2_KG_PER_GJ)
    assert table.at["A", "energy_gbt2589_calorific_kgce"] == pytest.approx(
        12_000 * 1.2143 + 107_660.4, rel=1e-12
    )
    assert "coal_equiv.natural_gas.gas_field" in {f.id for f in result.factors}


def contract_park(park_spec: Spec) -> dict[str, Any]:
    """A buys 200 MWh of wind power (flat); B has no instruments; both 100 kWh/h."""
    spec = park_spec(["A", "B"])
    spec["contracts"] = [{"id": "PPA-A", "buyer": "A", "technology": "wind", "annual_mwh": 200}]
    return spec


@pytest.mark.parametrize(
    ("rules", "market", "inventory"),
    [
        # defaults: market at the national excl. market-traded non-fossil 0.6096, inventory
        # at the national average 0.5306 (2023 factors for 2025)
        (AccountingRules(), 0.6096, 0.5306),
        (AccountingRules(market_residual="fossil_only"), 0.8273, 0.5306),
        (AccountingRules(inventory_grid="provincial"), 0.6096, 0.6634),
    ],
)
def test_scope2_bases_and_their_options(
    park_spec: Spec,
    make_park: MakePark,
    run_park: RunPark,
    rules: AccountingRules,
    market: float,
    inventory: float,
) -> None:
    result = run_park(make_park(contract_park(park_spec), {"A": 100.0, "B": 100.0}), rules=rules)
    table = annual_table(result)
    # 876,000 kWh each; A's 200,000 kWh are green
    expected_location = {"A": 876_000 * 0.6634, "B": 876_000 * 0.6634}
    assert table["scope2_location_co2_kg"].drop(PARK_ROW).to_dict() == pytest.approx(
        expected_location, rel=1e-12
    )
    assert table.at["A", "scope2_market_co2_kg"] == pytest.approx(676_000 * market, rel=1e-12)
    assert table.at["B", "scope2_market_co2_kg"] == pytest.approx(876_000 * market, rel=1e-12)
    assert table.at["A", "scope2_inventory_co2_kg"] == pytest.approx(676_000 * inventory, rel=1e-12)
    assert table.at["B", "scope2_inventory_co2_kg"] == pytest.approx(876_000 * inventory, rel=1e-12)
    # B holds nothing green and its market-based (national residual proxy) is below its
    # location-based (Shanxi) value only with 0.6096 < 0.6634: the run says so, naming B only
    flagged = [
        m.params for m in result.messages if m.code == "market_below_location_without_instruments"
    ]
    if market < 0.6634:
        assert flagged == [
            {"enterprise_ids": ("B",), "residual_kg_per_kwh": 0.6096, "location_kg_per_kwh": 0.6634}
        ]
    else:
        assert not flagged
