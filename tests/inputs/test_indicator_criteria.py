"""Assessment indicators as data: every shipped row has a source and a confidence mark; a bad
table or a bad user criteria file is refused with every problem at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from greenpark.errors import InputError
from greenpark.inputs.factors.indicator_criteria import (
    COLUMNS,
    SCHEME_FILES,
    load_criteria,
    load_rank_classes,
    read_supplied_values,
    with_supplied,
)


@pytest.mark.parametrize("scheme", sorted(SCHEME_FILES))
def test_shipped_rows_carry_sources(scheme: str) -> None:
    criteria = load_criteria(scheme)
    assert criteria
    for c in criteria:
        assert c.scheme == scheme and c.source_document and c.url
        assert c.confidence in ("[A]", "[B]", "[C]")


def test_shipped_thresholds_match_the_reference() -> None:
    # 910号 Annex 3 guiding indicators (assessment-criteria §1.1; rules-review-2026 R7)
    zcp = {c.id: c.threshold for c in load_criteria("zero_carbon_park")}
    assert zcp == {
        "zcp.clean_energy_share": 0.90,
        "zcp.product_energy": None,  # grade 2 of the product's limit standard: the user's
        "zcp.solid_waste_utilisation": 0.80,
        "zcp.waste_heat_utilisation": 0.50,
        "zcp.water_reuse": 0.80,
    }
    # 淮安 亩均 weights 45 / 35 / 20 and classes 20 / 60 / 95 / 100 %
    weights = [c.weight for c in load_criteria("mu_efficiency")]
    assert weights == [0.45, 0.35, 0.20]
    assert [c.rank_share_upto for c in load_rank_classes()] == [0.20, 0.60, 0.95, 1.0]


def test_a_bad_table_lists_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    good = "zcp.x,zero_carbon_park,甲,x,fraction,ge,0.5,,doc,,,u,[A],"
    rows = [good.replace("ge", "gt"), good.replace("0.5", "half"), good.replace("[A]", "A")]
    path.write_text("\n".join([",".join(COLUMNS), *rows]) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as refused:
        load_criteria("zero_carbon_park", path)
    problems = refused.value.problems
    assert len(problems) == 3
    assert "第 2 行" in problems[0] and "comparison" in problems[0]
    assert "第 3 行" in problems[1] and "'half'" in problems[1]
    assert "第 4 行" in problems[2] and "confidence" in problems[2]


def test_user_values_replace_and_mark(tmp_path: Path) -> None:
    path = tmp_path / "mine.csv"
    path.write_text("id,threshold,note\nzcp.water_reuse,0.9,省级要求\nzcp.x,\n", encoding="utf-8")
    with pytest.raises(InputError) as refused:
        read_supplied_values(path)
    assert len(refused.value.problems) == 1 and "第 3 行" in refused.value.problems[0]
    path.write_text("id,threshold\nzcp.water_reuse,0.9\n", encoding="utf-8")
    values = read_supplied_values(path)
    criteria = {c.id: c for c in with_supplied(load_criteria("zero_carbon_park"), values)}
    assert criteria["zcp.water_reuse"].threshold == 0.9 and criteria["zcp.water_reuse"].supplied
    assert not criteria["zcp.solid_waste_utilisation"].supplied
