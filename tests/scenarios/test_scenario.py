"""Scenario files: measures become one overlay; mistakes are located in the scenario file."""

from __future__ import annotations

from pathlib import Path

import pytest

from greenpark.errors import InputError
from greenpark.inputs.park.load import Park
from greenpark.scenarios.costs import cost_defaults, cost_inputs
from greenpark.scenarios.runner import run_scenarios
from greenpark.scenarios.scenario import load_scenario, scenario_from_data
from greenpark.scenarios.schema import Economics

SCENARIOS = Path(__file__).resolve().parents[2] / "sites" / "jincheng-edz" / "scenarios"
SHIPPED = sorted(p for p in SCENARIOS.glob("*.yaml") if not p.name.startswith("pathway-"))


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "s.yaml"
    path.write_text(body, encoding="utf-8")
    return path


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_scenarios_load(path: Path, demo_park: Park) -> None:
    scenario = load_scenario(path, demo_park)
    assert scenario.measures and scenario.overlay


@pytest.mark.usefixtures("english")
def test_a_pathway_file_is_not_a_scenario(demo_park: Park) -> None:
    path = SCENARIOS / "pathway-2030.yaml"
    with pytest.raises(InputError) as refused:
        load_scenario(path, demo_park)
    assert list(refused.value.problems) == [
        f"{path.as_posix()}: years: this is a pathway file (it has years): run it with "
        "greenpark pathway"
    ]


def test_pv_fills_roofs_to_a_share_of_their_potential(demo_park: Park) -> None:
    data = {"name": "pv", "measures": [
        {"pv": {"roofs": ["E01-R1", "E01-R3"], "share_of_potential_fraction": 0.5,
                "commissioning_date": "2025-06-01"}}]}  # fmt: skip
    roofs = scenario_from_data(data, demo_park).overlay["rooftops"]
    assert isinstance(roofs, list)
    # E01-R1: 24,510 m², usable 0.75, setback 1 m, 0.2 kWp/m² -> (sqrt(24510) - 2)² * 0.75 * 0.2
    potential_kw = (24510**0.5 - 2) ** 2 * 0.75 * 0.2
    assert roofs == [
        {"id": "E01-R1", "capacity_kw": pytest.approx(0.5 * potential_kw),
         "commissioning_year": 2025, "commissioning_date": "2025-06-01",
         "gec_registered": True, "export_certificates": "kept"}
    ]  # fmt: skip
    # E01-R3 (3,430 kWp installed; half its potential is less) is never lowered: not in the patch


def test_no_measures_is_an_empty_overlay(demo_park: Park) -> None:
    assert scenario_from_data({"name": "nothing"}, demo_park).overlay == {}


def test_every_mistake_is_located_in_the_scenario_file(tmp_path: Path, demo_park: Park) -> None:
    path = _write(
        tmp_path,
        "name: broken\n"
        "measures:\n"
        "- pv: {roofs: [E01-R9], share_of_potential_fraction: 0.5}\n"
        "- pv: {enterprise: E01, whole_park: true, share_of_potential_fraction: 0.5}\n"
        "- storage: {id: S1, owner: E01, energy_kwh: 100, power_kw: 50}\n"
        "  contract: {id: C1}\n",
    )
    with pytest.raises(InputError) as refused:
        load_scenario(path, demo_park)
    problems = refused.value.problems
    assert len(problems) == 2, problems  # schema problems first, all at once
    assert all(p.startswith(f"{path.as_posix()}: measures[") for p in problems)
    assert "measures[1].pv" in problems[0] and "whole_park" in problems[0]
    assert "measures[2]" in problems[1] and "第 5 行" in problems[1], problems[1]


def test_unknown_roofs_and_enterprises_are_named(tmp_path: Path, demo_park: Park) -> None:
    path = _write(
        tmp_path,
        "name: typo\nmeasures:\n"
        "- pv: {roofs: [E01-R1, E01-R9], share_of_potential_fraction: 0.5}\n"
        "- pv: {enterprise: E1, share_of_potential_fraction: 0.5}\n",
    )
    with pytest.raises(InputError) as refused:
        load_scenario(path, demo_park)
    first, second = refused.value.problems
    assert "measures[0].pv.roofs[1]" in first and "'E01-R9'" in first and "第 3 行" in first
    assert "measures[1].pv.enterprise" in second and "'E1'" in second


def test_park_rules_refuse_a_measure_under_its_label(tmp_path: Path, demo_park: Park) -> None:
    path = _write(
        tmp_path,
        "name: bad storage\nmeasures:\n"
        "- storage: {id: S1, owner: E99, energy_kwh: 100, power_kw: 50,"
        " round_trip_efficiency: 0.9}\n"
        "- contract: {id: GPT-2025-E18-WIND, annual_mwh: 100}\n",
    )
    with pytest.raises(InputError) as refused:
        load_scenario(path, demo_park)
    problems = refused.value.problems
    label = path.as_posix()
    assert any(p.startswith(f"{label}: measures[0]: storage[1]") and "E99" in p for p in problems)
    # a resized contract must drop its monthly volumes (monthly_mwh: null)
    assert any(p.startswith(f"{label}: measures[1]: contracts[0]") for p in problems)


def test_cost_inputs_replace_defaults_with_the_scenario_s() -> None:
    defaults = {d.key: d for d in cost_defaults()}
    assert all(d.confidence == "[C]" and d.basis for d in defaults.values())
    inputs = cost_inputs(Economics(discount_rate_fraction=0.08))
    assert inputs.discount_rate_fraction == 0.08
    assert inputs.pv_capex_cny_per_kw == defaults["pv_capex_cny_per_kw"].value
    assert inputs.analysis_years == int(defaults["analysis_years"].value)


def test_scenario_names_must_differ(demo_park: Park) -> None:
    first = scenario_from_data({"name": "a"}, demo_park)
    base = scenario_from_data({"name": "base"}, demo_park)
    with pytest.raises(InputError) as refused:
        run_scenarios(demo_park, [first, first, base])
    assert len(refused.value.problems) == 2
    assert all(p.startswith("scenario: name: ") for p in refused.value.problems)
