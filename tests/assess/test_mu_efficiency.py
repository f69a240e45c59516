"""亩均效益: indicators, the weighted score and classes computed by hand from park.yaml's
figures; growth against a previous year's run; a missing figure never takes a class."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import greenpark as gp
from greenpark.assess.mu_efficiency import assess_mu_efficiency, classes_by_rank
from greenpark.inputs.factors.indicator_criteria import load_rank_classes
from greenpark.store.database import RunStore

TWO_FIRMS = Path(__file__).resolve().parents[1] / "parks" / "two_firms"


# tests/parks/two_firms: F1 output 30,000, value added 6,000, tax 900 万元 on 120 亩;
# F2 12,000 / 3,000 / 400 万元 on 60 亩


def test_indicators_and_score_by_hand(two_firms_result: gp.RunResult) -> None:
    table = assess_mu_efficiency(two_firms_result).enterprises
    f1, f2 = table.loc["F1"], table.loc["F2"]
    assert f1["tax_wan_cny_per_mu"] == pytest.approx(900 / 120)
    assert f2["output_wan_cny_per_mu"] == pytest.approx(12_000 / 60)
    assert f1["value_added_wan_cny_per_mu"] == pytest.approx(50.0)
    annual = two_firms_result.annual()
    energy = {e: float(annual.at[e, "energy_gbt2589_calorific_kgce"]) / 1000 for e in ("F1", "F2")}
    assert f1["tce_per_wan_cny_value_added"] == pytest.approx(energy["F1"] / 6_000)
    co2 = float(annual.at["F2", "scope1_co2_kg"] + annual.at["F2", "scope2_inventory_co2_kg"])
    assert f2["co2_t_per_wan_cny_value_added"] == pytest.approx(co2 / 1000 / 3_000)
    # baselines: twice the average of the two enterprises; weights 45 / 35 / 20 (淮安)
    tax_mu = (900 / 120, 400 / 60)
    out_mu = (30_000 / 120, 12_000 / 60)
    tax_tce = (900 / energy["F1"], 400 / energy["F2"])
    base = [2 * np.mean(v) for v in (tax_mu, out_mu, tax_tce)]
    for i, enterprise in enumerate(("F1", "F2")):
        expected = sum(
            v[i] / b * w
            for v, b, w in zip((tax_mu, out_mu, tax_tce), base, (45, 35, 20), strict=True)
        )
        assert table.at[enterprise, "score"] == pytest.approx(expected, rel=1e-12)
    # two scored enterprises: rank 1 -> share 0.5 -> B (to 60 %); rank 2 -> 1.0 -> D
    best, worst = table["score"].astype(float).sort_values(ascending=False).index
    assert (table.at[best, "class"], table.at[worst, "class"]) == ("B", "D")


def test_class_cut_offs_by_rank_share() -> None:
    # 30 enterprises with distinct scores: A = ranks 1-6 (<= 20 %), B = 7-18 (<= 60 %),
    # C = 19-28 (<= 95 %: 28/30 = 0.933, 29/30 = 0.967), D = 29-30
    score = pd.Series(np.arange(30, 0, -1, dtype=float), index=[f"E{i:02d}" for i in range(30)])
    rank, names = classes_by_rank(score, load_rank_classes())
    counts = names.value_counts().to_dict()
    assert counts == {"A": 6, "B": 12, "C": 10, "D": 2}
    assert rank.iloc[0] == 1 and names.iloc[5] == "A" and names.iloc[6] == "B"


def test_supplied_baseline_and_missing_figures(two_firms_result: gp.RunResult) -> None:
    supplied = {"mu.tax_per_mu": 10.0}
    assessment = assess_mu_efficiency(two_firms_result, supplied=supplied)
    row = assessment.criteria.set_index("indicator").loc["mu.tax_per_mu"]
    assert row["baseline"] == 10.0 and bool(row["baseline_supplied"])
    assert assessment.supplied == ("mu.tax_per_mu",)
    # F2 without tax: no score, no class (never a class by default); F1 alone ranks 1 of 1
    park = gp.load_park(TWO_FIRMS).with_changes(
        {"enterprises": [{"id": "F2", "tax_wan_cny": None}]}
    )
    table = assess_mu_efficiency(gp.run(gp.RunSpec(park))).enterprises
    assert pd.isna(table.at["F2", "score"]) and pd.isna(table.at["F2", "class"])
    assert table.at["F2", "status"] == "no_data"
    assert table.at["F1", "class"] == "D"  # 1 / 1 = 100 %


def test_growth_against_a_previous_year(two_firms_result: gp.RunResult, tmp_path: Path) -> None:
    park = gp.load_park(TWO_FIRMS)
    grown = park.with_changes(
        {"enterprises": [{"id": "F1", "output_value_wan_cny": 33_000, "tax_wan_cny": 810}]}
    )
    now = gp.run(gp.RunSpec(grown))
    table = assess_mu_efficiency(now, previous=two_firms_result).enterprises
    assert table.at["F1", "output_value_wan_cny_growth_fraction"] == pytest.approx(0.10)
    assert table.at["F1", "tax_wan_cny_growth_fraction"] == pytest.approx(-0.10)
    assert table.at["F2", "output_value_wan_cny_growth_fraction"] == pytest.approx(0.0)
    assert table.at["F1", "energy_kgce_growth_fraction"] == pytest.approx(0.0)
    # the previous year read back from the store: output from the stored intensities, no tax
    with RunStore(f"sqlite:///{tmp_path / 'runs.db'}", create=True) as store:
        saved = store.save_run(two_firms_result)
        stored = store.stored_run(saved.run_id)
        table = assess_mu_efficiency(now, previous=stored).enterprises
    assert table.at["F1", "output_value_wan_cny_growth_fraction"] == pytest.approx(0.10)
    assert pd.isna(table.at["F1", "tax_wan_cny_growth_fraction"])
