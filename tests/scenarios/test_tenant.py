"""The tenant measure: a new enterprise with planned use, its patch, its mistakes located in
the scenario file, and its place in a pathway."""

from __future__ import annotations

from pathlib import Path
from typing import cast

import pytest

from greenpark.errors import InputError
from greenpark.inputs.park.load import Park
from greenpark.scenarios.pathway import load_pathway, year_overlay
from greenpark.scenarios.scenario import load_scenario, scenario_from_data

SCENARIOS = Path(__file__).resolve().parents[2] / "sites" / "jincheng-edz" / "scenarios"
TENANT = {"id": "E31", "name": "电池厂", "industry_code": "C3841", "output_value_wan_cny": 50000,
          "land_mu": 150, "profile": {"industry": "C38"}}  # fmt: skip


def test_intensity_tenant_becomes_an_enterprise_with_planned_use(demo_park: Park) -> None:
    roof = {"id": "E31-R1", "area_m2": 24000, "tilt_deg": 3, "azimuth_deg": 180}
    measure = {"tenant": {**TENANT, "rooftops": [roof]}}
    scenario = scenario_from_data({"name": "t", "measures": [measure]}, demo_park)
    overlay = scenario.overlay
    assert overlay["enterprises"] == [
        {"id": "E31", "name": "电池厂", "industry_code": "C3841", "output_value_wan_cny": 50000.0,
         "land_mu": 150,
         "planned_use": {"profile": {"industry": "C38"}, "scale_by_output_value": True}}
    ]  # fmt: skip
    assert overlay["rooftops"] == [{**roof, "owner": "E31"}]


def test_explicit_annual_use_is_kept(demo_park: Park) -> None:
    tenant = {"id": "E32", "name": "数据中心", "industry_code": "I6450",
              "annual": {"electricity": "30 GWh"}, "load_profile": "data_centre"}  # fmt: skip
    scenario = scenario_from_data({"name": "t", "measures": [{"tenant": tenant}]}, demo_park)
    (enterprise,) = cast(list[dict[str, object]], scenario.overlay["enterprises"])
    assert enterprise["planned_use"] == {"profile": {}, "annual": {"electricity": "30 GWh"}}
    assert enterprise["load_profile"] == "data_centre" and "output_value_wan_cny" not in enterprise


def _refused(demo_park: Park, tmp_path: Path, measures: str) -> tuple[str, list[str]]:
    path = tmp_path / "s.yaml"
    path.write_text(f"name: t\nmeasures:\n{measures}", encoding="utf-8")
    with pytest.raises(InputError) as refused:
        load_scenario(path, demo_park)
    return path.as_posix(), list(refused.value.problems)


@pytest.mark.usefixtures("english")
def test_duplicate_ids_are_located(demo_park: Park, tmp_path: Path) -> None:
    file, problems = _refused(
        demo_park,
        tmp_path,
        "- tenant: {id: E01, name: x, industry_code: C3841, annual: {electricity: 1},\n"
        "           rooftops: [{id: E02-R1, area_m2: 10, tilt_deg: 3, azimuth_deg: 180}]}\n"
        "- tenant: {id: E40, name: y, industry_code: C3841, annual: {electricity: 1}}\n"
        "- tenant: {id: E40, name: z, industry_code: C3841, annual: {electricity: 1}}\n",
    )
    duplicate = "duplicate id: the park or an earlier measure has it"
    assert problems == [
        f"{file}: measures[0].tenant.id: {duplicate}, got 'E01' (line 3)",
        f"{file}: measures[0].tenant.rooftops[0] (E02-R1).id: {duplicate}, got 'E02-R1' (line 4)",
        f"{file}: measures[2].tenant.id: {duplicate}, got 'E40' (line 6)",
    ]


@pytest.mark.usefixtures("english")
def test_intensities_need_output_value_and_profile(demo_park: Park, tmp_path: Path) -> None:
    file, problems = _refused(
        demo_park,
        tmp_path,
        "- tenant: {id: E40, name: y, industry_code: C3841, profile: {industry: C38}}\n"
        "- tenant: {id: E41, name: z, industry_code: C3841, output_value_wan_cny: 1}\n",
    )
    assert problems == [
        f"{file}: measures[0].tenant: without annual the use is the use per output value × the "
        "output value: give output_value_wan_cny (line 3)",
        f"{file}: measures[1].tenant: without annual the use comes from the profile "
        "enterprises' use per output value: give profile industry or enterprise (line 4)",
    ]


@pytest.mark.usefixtures("english")
def test_park_rules_refuse_a_tenant_with_the_measure_named(demo_park: Park) -> None:
    tenant = {**TENANT, "profile": {"industry": "C99"}}
    with pytest.raises(InputError) as refused:
        scenario_from_data({"name": "t", "measures": [{"tenant": tenant}]}, demo_park)
    (problem,) = refused.value.problems
    assert problem.startswith("scenario: measures[0]: enterprises[30] (E31).planned_use.profile")
    assert "no metered enterprise of the park is in this industry, got 'C99'" in problem


def test_the_tenant_enters_the_pathway_in_its_year(demo_park: Park) -> None:
    pathway = load_pathway(SCENARIOS / "pathway-2030.yaml", demo_park)
    before, entered = (year_overlay(pathway, demo_park, year) for year in (2028, 2029))
    items = [cast(list[dict[str, object]], o.get("enterprises", [])) for o in (before, entered)]
    assert [[e["id"] for e in found] for found in items] == [[], ["E31"]]
    adjustments = cast(list[dict[str, object]], entered["adjustments"])
    growth = [a for a in adjustments if "industry" not in a and "enterprise" not in a]
    assert growth  # the park's growth (its scope holds the tenant) is on in that year


def test_shipped_tenant_scenario(demo_park: Park) -> None:
    scenario = load_scenario(SCENARIOS / "jincheng-new-tenant.yaml", demo_park)
    assert [m.kind for m in scenario.measures] == ["tenant"]
