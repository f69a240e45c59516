"""Pathways on the demo park (issue 13), checked by hand: the base year is the base run;
load growth compounds; a year after the last notice takes the documented grid-factor rule;
a bad pathway file lists every problem with file and field; the report files are written."""

from __future__ import annotations

import multiprocessing
import zipfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd
import pytest
import yaml

import greenpark as gp
from greenpark.errors import InputError
from greenpark.inputs.park.load import Park
from greenpark.report.pathway import write_pathway
from greenpark.scenarios.grid_trajectory import factor_of_year, trend_slope
from greenpark.scenarios.pathway import load_pathway, pathway_from_data, year_overlay
from greenpark.scenarios.pathway_file import GridFactorRule
from greenpark.scenarios.pathway_run import BASES, PathwayResult, run_pathway

SHANXI = {2021: 0.7222, 2022: 0.7096, 2023: 0.6634}  # factors/grid.csv, MEE/NBS notices
SHIPPED = Path(__file__).resolve().parents[2] / "sites" / "jincheng-edz" / "scenarios"
GROWTH = {
    "name": "growth",
    "years": {"start": 2025, "end": 2027},
    "load_growth": [{"carrier": "electricity", "growth_fraction_per_year": -0.03}],
    "pv_degradation_fraction_per_year": 0.0,
    "grid_factor": {"rule": "hold"},
}


@pytest.fixture(scope="module")
def grown(demo_park: Park) -> PathwayResult:
    pathway = pathway_from_data(GROWTH, demo_park)
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as executor:
        return run_pathway(demo_park, pathway, executor=executor)


@pytest.fixture(scope="module")
def trend(demo_park: Park) -> PathwayResult:
    data = {"name": "trend", "years": {"start": 2025, "end": 2026}}
    return run_pathway(demo_park, pathway_from_data(data, demo_park))


def test_the_base_year_is_the_base_run(demo_park: Park, grown: PathwayResult) -> None:
    base = gp.run(gp.RunSpec(demo_park)).annual().loc["park"]
    row = grown.table.loc[2025]
    for name in ("electricity_kwh", "scope1_co2_kg", "green_share_fraction", "pv_generation_kwh"):
        assert row[name] == base[name], name
    assert (
        row["emissions_location_co2_kg"] == base["scope1_co2_kg"] + base["scope2_location_co2_kg"]
    )


def test_load_growth_compounds_and_costs_nothing(grown: PathwayResult) -> None:
    electricity = grown.table["electricity_kwh"]
    assert electricity[2026] == pytest.approx(electricity[2025] * 0.97, rel=1e-12)
    assert electricity[2027] == pytest.approx(electricity[2025] * 0.97**2, rel=1e-12)
    fuel = grown.table["scope1_co2_kg"]  # only electricity changes
    assert fuel[2027] == pytest.approx(fuel[2025], rel=1e-12)
    # shrinking is not an efficiency measure: nothing is bought
    assert grown.table["capex_cny"].sum() == 0.0


def test_grid_factor_rules_by_hand() -> None:
    # least squares through (2021, .7222), (2022, .7096), (2023, .6634): slope (.6634 - .7222)/2
    assert trend_slope(SHANXI) == pytest.approx(-0.0294)
    trend = GridFactorRule(rule="trend")
    assert factor_of_year(SHANXI, 2025, 0.6634, 2026, trend) == pytest.approx(0.6634 - 0.0294)
    assert factor_of_year(SHANXI, 2025, 0.6634, 2025, trend) == 0.6634
    target = GridFactorRule(rule="target", target_year=2035, target_change_fraction=-0.3)
    assert factor_of_year(SHANXI, 2025, 0.6634, 2030, target) == pytest.approx(0.6634 * 0.85)
    assert factor_of_year(SHANXI, 2025, 0.6634, 2040, target) == pytest.approx(0.6634 * 0.7)
    # a published year after the base year is taken as published, and trends on from there
    assert factor_of_year(SHANXI, 2022, 0.7096, 2023, trend) == 0.6634
    hold = GridFactorRule(rule="hold")
    assert factor_of_year(SHANXI, 2022, 0.7096, 2030, hold) == 0.6634


def test_a_year_after_the_last_notice_uses_the_trend(trend: PathwayResult) -> None:
    factors = trend.runs[1].factors().set_index("factor_id")["value"]
    assert factors["grid.province.shanxi.2023"] == pytest.approx(0.6634 - 0.0294)
    base = trend.runs[0].factors().set_index("factor_id")["value"]
    assert base["grid.province.shanxi.2023"] == 0.6634
    # nothing else changes: PV ageing aside, scope 1 stays and location-based Scope 2 falls
    table = trend.table
    assert table.loc[2026, "scope1_co2_kg"] == table.loc[2025, "scope1_co2_kg"]
    assert (
        table.loc[2026, "emissions_location_co2_kg"] < table.loc[2025, "emissions_location_co2_kg"]
    )
    assert trend.peak_year("emissions_location_co2_kg") == 2025
    # the market basis (national factor without market-traded non-fossil power) trends up:
    # (0.6096 - 0.5942) / 2 a year, so it has not peaked within the pathway
    assert factors["grid.national.excl_market_nonfossil.2023"] == pytest.approx(0.6096 + 0.0077)
    assert trend.peak_year("emissions_market_co2_kg") is None


def test_milestones(grown: PathwayResult) -> None:
    # electricity falls 3 % a year at held factors: every basis peaks in the first year
    assert all(grown.peak_year(basis) == 2025 for basis in BASES)
    assert grown.first_910_year is None  # 3.8 t/tce against 0.2
    total = grown.table["total_cost_cny"].sum()
    assert grown.cumulative_cost_cny == pytest.approx(total)


@pytest.mark.usefixtures("english")
def test_a_bad_pathway_lists_every_problem(demo_park: Park, tmp_path: Path) -> None:
    data = {
        "name": "bad",
        "years": {"start": 2024, "end": 2030},
        "load_growth": [
            {"enterprise": "E99", "growth_fraction_per_year": 0.02},
            {"industry": "C39", "carrier": "coal", "growth_fraction_per_year": 0.02},
        ],
        "measures": [
            {"from_year": 2040, "efficiency": {"carrier": "electricity", "saving_fraction": 0.1}},
            {"from_year": 2027, "pv": {"enterprise": "E17", "share_of_potential_fraction": 0.8,
                                       "commissioning_date": "2027-06-01"}},
        ],
    }  # fmt: skip
    path = tmp_path / "p.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(InputError) as refused:
        load_pathway(path, demo_park)
    problems = "\n".join(refused.value.problems)
    label = path.as_posix()
    for where in (
        "years.start: a pathway starts in the park's accounting year, got 2024, expected 2025",
        "load_growth[0].enterprise",
        "load_growth[1].carrier",
        "measures[0].from_year",
        "measures[1].pv.commissioning_date",
    ):
        assert f"{label}: {where}" in problems, where


def test_shipped_pathway_checks(demo_park: Park) -> None:
    pathway = load_pathway(SHIPPED / "pathway-2030.yaml", demo_park)
    assert pathway.years == tuple(range(2025, 2036))
    assert [first for first, _ in pathway.measures] == [2026, 2027, 2027, 2027, 2028, 2029]


@pytest.mark.usefixtures("english")
def test_report_files(trend: PathwayResult, tmp_path: Path) -> None:
    for suffix in (".html", ".xlsx", ".csv"):
        write_pathway(trend, tmp_path / f"p{suffix}", "demo")
    page = (tmp_path / "p.html").read_text(encoding="utf-8")
    assert "milestones" in page and "<svg" in page
    with zipfile.ZipFile(tmp_path / "p.xlsx") as book:
        assert sum(name.startswith("xl/worksheets/sheet") for name in book.namelist()) == 2
    csv = pd.read_csv(tmp_path / "p.csv", encoding="utf-8-sig")
    assert csv["year"].tolist() == [2025, 2026]
    assert "electricity MWh" in csv.columns


def test_pv_ages_by_each_roof_s_own_rate(trend: PathwayResult) -> None:
    # default degradation_per_year_fraction 0.005: one year older keeps 99.5 % (to 0.1 %:
    # the higher losses act before the inverter, whose part-load efficiency and clipping
    # move the AC output a little off 99.5 %)
    pv = trend.table["pv_generation_kwh"]
    assert pv[2026] < pv[2025]
    assert pv[2026] == pytest.approx(pv[2025] * 0.995, rel=1e-3)


def test_ageing_overlay_by_hand(demo_park: Park) -> None:
    pv = {
        "enterprise": "E17",
        "share_of_potential_fraction": 0.8,
        "commissioning_date": "2025-06-01",
    }
    data = {
        "name": "ageing",
        "years": {"start": 2025, "end": 2028},
        "pv_degradation_fraction_per_year": 0.01,
        "measures": [{"from_year": 2026, "pv": pv}],
    }
    overlay = year_overlay(pathway_from_data(data, demo_park), demo_park, 2028)
    items = overlay["rooftops"]
    assert isinstance(items, list)
    roofs = {item["id"]: item for item in items}  # the ageing item follows the measure's
    existing = next(r for r in demo_park.config.rooftops if r.capacity_kw > 0)
    kept = (1 - existing.losses_fraction) * 0.99**3  # three years after 2025
    assert roofs[existing.id]["losses_fraction"] == pytest.approx(1 - kept)
    new = next(r for r in demo_park.config.rooftops if r.owner == "E17" and r.capacity_kw == 0)
    kept = (1 - new.losses_fraction) * 0.99**2  # PV from 2026
    assert roofs[new.id]["losses_fraction"] == pytest.approx(1 - kept)
