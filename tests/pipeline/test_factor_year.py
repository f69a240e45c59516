"""``park.factor_year``: the demo park (accounting year 2025) run on another year's factors."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import greenpark as gp
from greenpark.errors import InputError
from greenpark.inputs.park.load import Park
from greenpark.run_result import RunResult
from greenpark.scenarios.pathway import load_pathway

DEMO = Path(__file__).resolve().parents[2] / "sites" / "jincheng-edz"
#: factors/grid.csv: Shanxi's average grid factor of 2022 (MEE/NBS notice on the 2022
#: electricity CO2 factors) [kg/kWh]
SHANXI_2022_KG_PER_KWH = 0.7096


@pytest.fixture(scope="module")
def demo() -> Park:
    return gp.load_park(DEMO)


@pytest.fixture(scope="module")
def base(demo: Park) -> RunResult:
    return gp.run(gp.RunSpec(demo))


def _run(park: Park, factor_year: int) -> RunResult:
    return gp.run(gp.RunSpec(park.with_changes({"park": {"factor_year": factor_year}})))


def _codes(result: RunResult) -> list[str]:
    return [m.code for m in result.message_items]


def test_the_2022_grid_factor_prices_location_based_emissions(demo: Park) -> None:
    result = _run(demo, 2022)
    factors = result.factors().set_index("factor_id")
    assert factors.at["grid.province.shanxi.2022", "value"] == SHANXI_2022_KG_PER_KWH
    assert not any(f.endswith(".2023") for f in factors.index if f.startswith("grid."))
    park = result.annual().loc["park"]
    by_hand = float(park["grid_import_kwh"]) * SHANXI_2022_KG_PER_KWH
    assert float(park["scope2_location_co2_kg"]) == pytest.approx(by_hand, rel=1e-12)
    chosen = [m for m in result.message_items if m.code == "factor_year_chosen"]
    assert [dict(m.params) for m in chosen] == [{"factor_year": 2022, "year": 2025}]
    # the accounting year stays the year of the data: the same hours and grid purchases
    assert result.hourly()["interval_start"].dt.year.unique().tolist() == [2025]


def test_a_year_without_factors_falls_back_with_the_message(demo: Park) -> None:
    result = _run(demo, 2030)  # no notice for 2030: the nearest earlier year, 2023
    assert "grid.province.shanxi.2023" in set(result.factors()["factor_id"])
    fallbacks = [m for m in result.message_items if m.code == "factor_fallback"]
    assert fallbacks and all(m.params["year"] == 2030 for m in fallbacks)


def test_the_default_is_the_accounting_year(demo: Park, base: RunResult) -> None:
    same = _run(demo, demo.config.park.accounting_year)
    assert demo.config.park.factor_year is None
    assert "factor_year_chosen" not in _codes(base) + _codes(same)
    pd.testing.assert_frame_equal(same.annual(), base.annual(), rtol=1e-12, atol=0.0)
    pd.testing.assert_frame_equal(same.factors(), base.factors())


def test_a_pathway_refuses_a_factor_year_measure(demo: Park, tmp_path: Path) -> None:
    path = tmp_path / "pathway.yaml"
    path.write_text(
        "name: p\nyears: {start: 2025, end: 2027}\nmeasures:\n"
        "- {from_year: 2026, factor_year: 2022}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"measures\[0\]\.factor_year"):
        load_pathway(path, demo)
