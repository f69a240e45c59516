"""The sharing measure: surplus PV shared in the park instead of exported (issue 13, part 1)."""

from __future__ import annotations

import pytest

from greenpark.errors import InputError
from greenpark.inputs.park.load import Park
from greenpark.scenarios.runner import ScenarioRuns, run_scenarios
from greenpark.scenarios.scenario import scenario_from_data

PV = {"pv": {"whole_park": True, "share_of_potential_fraction": 0.6,
             "commissioning_date": "2025-06-01"}}  # fmt: skip
SHARING = {"sharing": {"channel": "direct_line"}}


@pytest.fixture(scope="module")
def runs(demo_park: Park) -> ScenarioRuns:
    scenarios = [
        scenario_from_data({"name": "pv", "measures": [PV]}, demo_park),
        scenario_from_data({"name": "pv + sharing", "measures": [PV, SHARING]}, demo_park),
    ]
    return run_scenarios(demo_park, scenarios)


def test_sharing_sets_the_park_keys(runs: ScenarioRuns) -> None:
    park = runs.outcomes[1].run.result.config.park
    assert (park.surplus_pv, park.sharing_channel) == ("park_sharing", "direct_line")
    assert runs.outcomes[0].run.result.config.park.surplus_pv == "export"


def test_the_surplus_is_shared_not_exported_and_energy_is_conserved(runs: ScenarioRuns) -> None:
    exported, shared = (o.run.result.annual().loc["park"] for o in runs.outcomes)
    assert exported["pv_export_kwh"] > 0 and exported["green_shared_kwh"] == 0
    assert shared["pv_export_kwh"] == 0
    # every kWh the park exported is received by another enterprise, and bought less from the grid
    assert shared["green_shared_kwh"] == pytest.approx(exported["pv_export_kwh"], rel=1e-9)
    assert exported["grid_import_kwh"] - shared["grid_import_kwh"] == pytest.approx(
        exported["pv_export_kwh"], rel=1e-9
    )
    assert shared["pv_generation_kwh"] == exported["pv_generation_kwh"]
    assert shared["green_share_physical_fraction"] > exported["green_share_physical_fraction"]
    assert shared["green_share_fraction"] >= exported["green_share_fraction"]


def test_sharing_buys_nothing_and_changes_the_bill_and_export_income(runs: ScenarioRuns) -> None:
    alone, with_sharing = (o.appraisal for o in runs.outcomes)
    assert with_sharing["capex_cny"] == alone["capex_cny"]  # the channel is not priced
    assert (
        with_sharing["export_revenue_change_cny_per_year"]
        < alone["export_revenue_change_cny_per_year"]
    )
    assert with_sharing["bill_saving_cny_per_year"] > alone["bill_saving_cny_per_year"]


def test_an_unknown_channel_is_named_with_its_field(demo_park: Park) -> None:
    data = {"name": "x", "measures": [{"sharing": {"channel": "pipeline"}}]}
    with pytest.raises(InputError) as raised:
        scenario_from_data(data, demo_park)
    words = str(raised.value)
    assert "measures[0].sharing.channel" in words or "measures.0.sharing.channel" in words
    assert "pipeline" in words and "direct_line" in words
