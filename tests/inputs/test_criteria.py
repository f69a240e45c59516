"""Zero-carbon-park thresholds as data (greenpark/criteria/zero_carbon_park.csv)."""

from __future__ import annotations

from pathlib import Path

import pytest

from greenpark.errors import InputError
from greenpark.inputs.factors.criteria import COLUMNS, ZERO_CARBON_PARK_CSV, load_thresholds
from greenpark.inputs.factors.registry import load_factor_registry


def test_shipped_thresholds_match_the_reference() -> None:
    rows = {t.id: t for t in load_thresholds()}
    # 发改环资〔2025〕910号: 200k-1M tce -> 0.20, >= 1M tce -> 0.30 (assessment-criteria §1.1)
    national = sorted(t.tier for t in rows.values() if t.jurisdiction == "national")
    assert national == [(200_000e3, 1_000_000e3, 0.20), (1_000_000e3, None, 0.30)]
    assert rows["national.tier_200k"].source_number == "发改环资〔2025〕910号"
    # 湘工信节能〔2025〕467号: 20k-1M tce 1.0/0.7/0.3, >= 1M tce 1.1/0.8/0.5 (2027/2030/2035)
    hunan = {
        (t.energy_min_tce, t.target_year): t.limit_t_per_tce
        for t in rows.values()
        if t.jurisdiction == "hunan"
    }
    assert hunan == {
        (20_000, 2027): 1.0,
        (20_000, 2030): 0.7,
        (20_000, 2035): 0.3,
        (1_000_000, 2027): 1.1,
        (1_000_000, 2030): 0.8,
        (1_000_000, 2035): 0.5,
    }
    assert {t.source_number for t in rows.values() if t.jurisdiction == "hunan"} == {
        "湘工信节能〔2025〕467号"
    }
    # Inner Mongolia regional-level parks: 0.4-0.6 at every size
    mongolia = rows["neimenggu.regional"]
    assert (mongolia.limit_t_per_tce, mongolia.limit_upper_t_per_tce) == (0.4, 0.6)
    assert mongolia.tier == (0.0, None, 0.4)
    assert all(t.confidence == "[A]" and t.source_document for t in rows.values())


def test_jurisdictions_are_region_keys() -> None:
    regions = load_factor_registry().regions
    for threshold in load_thresholds():
        assert regions.resolve(threshold.jurisdiction) is not None, threshold.id


def test_every_bad_cell_is_reported(tmp_path: Path) -> None:
    good = ZERO_CARBON_PARK_CSV.read_text(encoding="utf-8").splitlines()[1]
    rows = [
        good,
        "x,zero_carbon_park,hunan,provincial,abc,,2027,,,doc,,,[D],",
        "y,zero_carbon_park,hunan,provincial,-5,,,0.3,,,,,[A],",
    ]
    path = tmp_path / "t.csv"
    path.write_text("\n".join([",".join(COLUMNS), *rows]) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_thresholds(path)
    problems = caught.value.problems
    assert len(problems) == 5
    assert sum("第 3 行" in p for p in problems) == 3  # abc, empty limit, [D]
    assert sum("第 4 行" in p for p in problems) == 2  # -5, empty source
    path.write_text("id,limit\n", encoding="utf-8")
    with pytest.raises(InputError, match="id, scheme"):
        load_thresholds(path)
