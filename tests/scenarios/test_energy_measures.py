"""Efficiency and electrification measures on the demo park (issue 13): efficiency never
raises emissions; a coal boiler moved to a heat pump is priced by hand; bad measures are
listed at once with file and field."""

from __future__ import annotations

from dataclasses import replace

import pytest

from greenpark.errors import InputError
from greenpark.inputs.park.load import Park
from greenpark.scenarios.appraisal import ABATEMENT_BASES, PricedRun, appraisal
from greenpark.scenarios.runner import ScenarioRuns, run_scenarios
from greenpark.scenarios.scenario import scenario_from_data

H = 8760
ANTHRACITE_GJ_PER_T = 26.7  # GB/T 32151 (factors/fuels.csv), E15 has no measured value
HEAT_PUMP = {
    "enterprise": "E15",
    "carrier": "coal_anthracite",
    "equipment": "heat_pump",
    "fuel_efficiency_fraction": 0.8,
    "cop": 3.0,
}
EFFICIENCY = [
    {"efficiency": {"carrier": "electricity", "saving_fraction": 0.05}},
    {"efficiency": {"carrier": "natural_gas", "saving_fraction": 0.1, "hours_of_day": [9, 10]}},
    {"efficiency": {"industry": "C39", "carrier": "electricity", "saving_fraction": 0.2}},
]


@pytest.fixture(scope="module")
def runs(demo_park: Park) -> ScenarioRuns:
    scenarios = [
        scenario_from_data({"name": "efficiency", "measures": EFFICIENCY}, demo_park),
        scenario_from_data(
            {"name": "heat pump", "measures": [{"electrification": HEAT_PUMP}]}, demo_park
        ),
    ]
    return run_scenarios(demo_park, scenarios)


def test_efficiency_never_raises_emissions_on_any_basis(runs: ScenarioRuns) -> None:
    base, saved = runs.base, runs.outcomes[0].run
    names = {name for basis in ABATEMENT_BASES.values() for name in basis}
    for name in (*names, "scope2_location_co2_kg", "electricity_kwh"):
        assert saved.value(name) < base.value(name), name
    assert saved.value("scope1_co2_kg") < base.value("scope1_co2_kg")  # the gas saving
    for _, money in runs.outcomes[0].measures:
        assert money["energy_saved_mwh_per_year"] is not None
        assert money["energy_saved_mwh_per_year"] > 0


def test_heat_pump_energy_and_money_by_hand(runs: ScenarioRuns) -> None:
    base, after = runs.base.result, runs.outcomes[1].run.result
    coal_kg = float(base.fuel_use().loc["E15", "coal_anthracite"])  # the meter data's year
    added_kwh = coal_kg / 1000 * ANTHRACITE_GJ_PER_T * 0.8 / 3.0 * 1e6 / 3600
    grown = (
        after.annual().loc["E15", "electricity_kwh"] - base.annual().loc["E15", "electricity_kwh"]
    )
    assert grown == pytest.approx(added_kwh)
    assert after.fuel_use().loc["E15", "coal_anthracite"] == 0.0
    money = runs.outcomes[1].appraisal
    assert money["heat_pump_added_kw"] == pytest.approx(added_kwh / H)  # flat shape
    assert money["capex_cny"] == pytest.approx(added_kwh / H * 4500)  # 4,500 CNY/kW [C]
    assert money["fuel_saving_cny_per_year"] == pytest.approx(coal_kg / 1000 * 1100)  # CNY/t [C]
    net = money["bill_saving_cny_per_year"] + money["fuel_saving_cny_per_year"]
    assert money["net_cash_flow_cny_per_year"] == pytest.approx(net)


def test_a_fuel_without_a_price_is_named(runs: ScenarioRuns) -> None:
    outcome = runs.outcomes[1]
    costs = replace(outcome.scenario.costs, fuel_prices_cny_per_t_or_m3=())
    with pytest.raises(InputError) as refused:
        appraisal(runs.base, PricedRun.of(outcome.run.result), costs)
    assert refused.value.problems[0].startswith(
        "economics.fuel_prices_cny_per_t_or_m3.coal_anthracite"
    )


@pytest.mark.usefixtures("english")
def test_bad_energy_measures_are_listed_at_once(demo_park: Park) -> None:
    data = {
        "name": "bad",
        "economics": {"fuel_prices_cny_per_t_or_m3": {"coal": 900}},
        "measures": [
            {"efficiency": {"enterprise": "E1", "carrier": "electricity", "saving_fraction": 0.1}},
            {"electrification": {**HEAT_PUMP, "equipment": "electric_kiln"}},
            {"efficiency": {"carrier": "electricity", "saving_fraction": 1.5}},
        ],
    }
    with pytest.raises(InputError) as refused:
        scenario_from_data(data, demo_park)
    problems = "\n".join(refused.value.problems)
    assert "economics.fuel_prices_cny_per_t_or_m3: not fuels: ['coal']" in problems
    assert "measures[1].electrification: the cop of an electric_kiln is its efficiency" in problems
    assert "measures[2].efficiency.saving_fraction" in problems
    data["economics"] = {}
    data["measures"] = data["measures"][:1]
    with pytest.raises(InputError) as refused:
        scenario_from_data(data, demo_park)
    assert refused.value.problems[0].startswith("scenario: measures[0]: adjustments[0]")
    assert "'E1'" in refused.value.problems[0]


def test_saving_below_the_certificates_held_is_a_clear_error(demo_park: Park) -> None:
    """E01 holds 8,000 MWh of certificates for 2025 and uses 140 GWh; saving 96 % leaves
    5.6 GWh: the run names the batch and both figures (it raised a bare ValueError before)."""
    saving = {
        "efficiency": {"enterprise": "E01", "carrier": "electricity", "saving_fraction": 0.96}
    }
    scenario = scenario_from_data({"name": "deep saving", "measures": [saving]}, demo_park)
    with pytest.raises(InputError) as refused:
        run_scenarios(demo_park, [scenario])
    (problem,) = refused.value.problems
    assert (
        "E01 申领 GEC-E01-2025，共 8,000.000 MWh，超过其 2025 年模拟用电 5,600.000 MWh" in problem
    )
