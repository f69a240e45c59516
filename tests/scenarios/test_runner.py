"""Scenario runs on the demo park: the correctness properties of issue 13."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor

import pandas as pd
import pytest

from greenpark.inputs.park.load import Park
from greenpark.run_spec import RunOptions
from greenpark.scenarios.compare import BASE, comparison, measure_table
from greenpark.scenarios.runner import ScenarioRuns, run_scenarios, run_specs, scenario_specs
from greenpark.scenarios.scenario import Scenario, scenario_from_data

CERTIFICATE = {
    "id": "GEC-TEST",
    "quantity_mwh": 20000,
    "production_start": "2025-01",
    "production_end": "2025-12",
    "technology": "wind",
    "project": "test wind farm",
    "holder": "E01",
    "claim_year": 2025,
}


def _pv(share: float) -> dict[str, object]:
    return {"pv": {"whole_park": True, "share_of_potential_fraction": share,
                   "commissioning_date": "2025-06-01"}}  # fmt: skip


def _scenario(park: Park, name: str, *measures: dict[str, object]) -> Scenario:
    return scenario_from_data({"name": name, "measures": list(measures)}, park)


@pytest.fixture(scope="module")
def runs(demo_park: Park) -> ScenarioRuns:
    scenarios = [
        _scenario(demo_park, "nothing"),
        _scenario(demo_park, "certificates", {"certificate": CERTIFICATE}),
        _scenario(demo_park, "pv 30%", _pv(0.3)),
        _scenario(demo_park, "pv 60% + certificates", _pv(0.6), {"certificate": CERTIFICATE}),
    ]
    return run_scenarios(demo_park, scenarios)


def test_no_measures_equals_the_base_run_exactly(runs: ScenarioRuns) -> None:
    base, nothing = runs.base.result, runs.outcomes[0].run.result
    pd.testing.assert_frame_equal(nothing.annual(), base.annual(), check_exact=True)
    pd.testing.assert_frame_equal(nothing.park_910(), base.park_910(), check_exact=True)
    pd.testing.assert_frame_equal(nothing.hourly(), base.hourly(), check_exact=True)
    money = runs.outcomes[0].appraisal
    assert money["capex_cny"] == 0 and money["bill_saving_cny_per_year"] == 0
    assert money["npv_cny"] == 0 and money["irr_fraction"] is None


def test_certificates_never_raise_market_based_emissions(runs: ScenarioRuns) -> None:
    base = runs.base.result.annual()["scope2_market_co2_kg"]
    after = runs.outcomes[1].run.result.annual()["scope2_market_co2_kg"]
    assert (after <= base).all()
    assert after["E01"] < base["E01"]
    money = runs.outcomes[1].appraisal
    assert money["certificate_change_mwh"] == 20000
    assert money["purchases_cny_per_year"] == pytest.approx(20000 * 5.0)  # default 5 CNY/MWh


def test_more_pv_never_lowers_the_green_share(runs: ScenarioRuns) -> None:
    shares = [
        runs.base.result.annual()["green_share_fraction"],
        runs.outcomes[2].run.result.annual()["green_share_fraction"],
    ]
    assert (shares[1] >= shares[0]).all()
    assert shares[1]["park"] > shares[0]["park"]
    money = runs.outcomes[2].appraisal
    assert money["pv_added_kw"] is not None and money["pv_added_kw"] > 0
    assert money["capex_cny"] == pytest.approx(money["pv_added_kw"] * 3000.0)
    assert money["bill_saving_cny_per_year"] is not None and money["bill_saving_cny_per_year"] > 0


def test_each_measure_is_appraised_alone(runs: ScenarioRuns) -> None:
    combined = runs.outcomes[3]
    (pv, pv_money), (certificates, certificate_money) = combined.measures
    assert (pv.kind, certificates.kind) == ("pv", "certificate")
    assert certificate_money["capex_cny"] == 0 and pv_money["certificate_change_mwh"] == 0
    whole = combined.appraisal
    assert whole["capex_cny"] == pv_money["capex_cny"]
    assert whole["purchases_cny_per_year"] == certificate_money["purchases_cny_per_year"]


def test_comparison_side_by_side(runs: ScenarioRuns) -> None:
    table = comparison(runs)
    assert list(table.columns) == ["unit", BASE, "nothing", "certificates", "pv 30%",
                                   "pv 60% + certificates"]  # fmt: skip
    assert (
        table.at["green_share_fraction", BASE]
        == runs.base.result.annual().at["park", "green_share_fraction"]
    )
    assert table.at["npv_cny", BASE] is pd.NA
    gap = table.at["park_910_gap_t_per_tce_calorific", "pv 30%"]
    ratio = table.at["park_910_co2_t_per_tce_calorific", "pv 30%"]
    assert gap == ratio - table.at["park_910_limit_t_per_tce_calorific", "pv 30%"]
    bills = [f"energy_charge_{p}_cny" for p in ("flat", "peak", "valley", "critical_peak")]
    assert table.loc[bills, BASE].sum() == pytest.approx(float(runs.base.bill_cny.to_numpy().sum()))
    measures = measure_table(runs)
    assert list(measures["scenario"]) == ["certificates", "pv 30%", "pv 60% + certificates",
                                          "pv 60% + certificates"]  # fmt: skip


def test_runs_go_to_worker_processes(demo_park: Park, runs: ScenarioRuns) -> None:
    """The specs of a scenario pickle: a process pool gives the runs computed in process."""
    scenario = _scenario(demo_park, "certificates", {"certificate": CERTIFICATE})
    specs = scenario_specs(demo_park, scenario, RunOptions())
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        (result,) = run_specs(specs, pool)
    expected = runs.outcomes[1].run.result.annual()
    pd.testing.assert_frame_equal(result.annual(), expected, check_exact=True)
