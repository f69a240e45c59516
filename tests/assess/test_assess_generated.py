"""Properties of the assessments on generated parks (tests/generated/parkgen.py): the
enterprise ranking adds up to the park's 910号 CO2, no indicator passes without a value,
and where green electricity can close the gap, the proposed certificates close it when
the park is run again with them."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import greenpark as gp
from greenpark.assess import assess_zero_carbon_park, green_certificate_overlay
from greenpark.assess.green_park import assess_green_park
from greenpark.assess.mu_efficiency import assess_mu_efficiency

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "generated"))
from parkgen import generate_park

SEEDS = (1, 3, 5, 9)  # 1 and 5: green electricity can close the gap; 3 and 9: not at 当量值


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_assessments_of_a_generated_park(seed: int, tmp_path: Path) -> None:
    generated = generate_park(seed, tmp_path / "park", max_enterprises=8)
    park = gp.load_park(generated.directory, allow_gaps=generated.allow_gaps)
    options = gp.RunOptions(contract_matching=generated.matching)
    result = gp.run(gp.RunSpec(park, options=options))
    zcp = assess_zero_carbon_park(result)
    total = float(result.park_910().at["park_910_total_co2_kg", "value"])
    assert zcp.ranking["co2_kg"].sum() == pytest.approx(total, rel=1e-9, abs=1e-6)
    for table in (zcp.core, zcp.guiding, assess_green_park(result).indicators):
        passing = table[table["status"] == "pass"]
        assert passing["value"].notna().all() and passing["threshold"].notna().all()
    mu = assess_mu_efficiency(result).enterprises
    assert (mu["class"].notna() == mu["score"].notna()).all()
    gap = zcp.gap.set_index("basis")
    assert (gap["floor_co2_kg"] <= gap["co2_kg"] + 1e-6).all()
    reachable = gap["reachable_with_green_electricity"].astype(bool).all()
    if not reachable or float(gap["cut_co2_kg"].max()) == 0:
        return
    patch = green_certificate_overlay(result, float(gap["green_kwh_needed"].max()))
    after = gp.run(gp.RunSpec(park.with_changes(patch), options=options))
    for conversion in ("calorific", "primary"):
        value = float(after.park_910().at[f"park_910_co2_t_per_tce_{conversion}", "value"])
        assert value <= float(gap.at[conversion, "limit_t_per_tce"]) + 1e-12
