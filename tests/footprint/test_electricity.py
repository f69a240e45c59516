"""Enterprise electricity factors, computed by hand from the published factors and the rule.

Published factors typed here (china-factors §1a, §1c, §1e; factors/footprint.csv): Shanxi grid
2023 0.6634, national excluding market-traded non-fossil 2023 0.6096, national average 2023
0.5306 kg CO2/kWh (公告2025年第47号); carbon footprint national 2024 0.5777, T&D with losses
2024 0.0327, wind 2023 0.0336, PV 2023 0.0545 kg CO2e/kWh.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import greenpark as gp
from greenpark.errors import InputError
from greenpark.footprint.electricity import BASES, enterprise_factor_table
from greenpark.footprint.factor_refs import registry_for
from greenpark.inputs.factors.registry import FactorRegistry

SHANXI, RESIDUAL, NATIONAL = 0.6634, 0.6096, 0.5306
FP_NATIONAL, FP_TD, FP_WIND, FP_PV = 0.5777, 0.0327, 0.0336, 0.0545
FOUR_FIGURES = 5e-5


def _annual(table: pd.DataFrame, basis: str) -> float:
    row = table[(table["period"] == "2025") & (table["basis"] == basis)]
    assert len(row) == 1
    return float(row["value_kg_per_kwh"].iloc[0])


def test_f2_every_basis_by_hand(hand_run: gp.RunResult, hand_registry: FactorRegistry) -> None:
    """F2: 2,400,000 kWh, no PV; 1,000,000 kWh wind contract; 300,000 kWh solar certificates."""
    table = enterprise_factor_table(hand_run, "F2", hand_registry)
    load, contract, certificates = 2_400_000.0, 1_000_000.0, 300_000.0
    uncovered = load - contract - certificates  # 1,100,000 kWh
    assert _annual(table, "location") == pytest.approx(SHANXI, rel=FOUR_FIGURES)
    assert _annual(table, "market") == pytest.approx(0.2794, rel=FOUR_FIGURES)
    assert uncovered * RESIDUAL / load == pytest.approx(0.2794, rel=FOUR_FIGURES)
    assert _annual(table, "inventory") == pytest.approx(0.2432, rel=FOUR_FIGURES)
    assert uncovered * NATIONAL / load == pytest.approx(0.2432, rel=FOUR_FIGURES)
    footprint = (
        uncovered * (FP_NATIONAL + FP_TD)
        + contract * (FP_WIND + FP_TD)
        + certificates * (FP_PV + FP_TD)
    ) / load  # (671,440 + 66,300 + 26,160) / 2,400,000
    assert footprint == pytest.approx(0.3183, rel=FOUR_FIGURES)
    assert _annual(table, "footprint") == pytest.approx(0.3183, rel=FOUR_FIGURES)


def test_f2_hourly_matched_by_hand(hand_run: gp.RunResult, hand_registry: FactorRegistry) -> None:
    """The flat contract delivers 1,000,000 / 8,760 kWh each hour; certificates count nothing."""
    hourly = hand_run.hourly()
    load = hourly.loc[hourly["enterprise"] == "F2", "load_kwh"].to_numpy()
    unmatched = load - np.minimum(load, 1_000_000.0 / 8760)
    expected = unmatched.sum() * RESIDUAL / load.sum()
    table = enterprise_factor_table(hand_run, "F2", hand_registry)
    assert _annual(table, "hourly_matched") == pytest.approx(expected, rel=FOUR_FIGURES)


def test_f1_with_pv_and_storage_by_hand(
    hand_run: gp.RunResult, hand_registry: FactorRegistry
) -> None:
    """F1: its roof's PV (no certificates), a battery and 2,000,000 kWh of wind certificates."""
    hourly = hand_run.hourly()
    f1 = hourly[hourly["enterprise"] == "F1"]
    load, grid = f1["load_kwh"].sum(), f1["grid_import_kwh"].sum()
    pv_self = f1["green_physical_kwh"].sum()
    table = enterprise_factor_table(hand_run, "F1", hand_registry)
    assert _annual(table, "location") == pytest.approx(grid * SHANXI / load, rel=FOUR_FIGURES)
    uncovered = grid - 2_000_000.0
    assert _annual(table, "market") == pytest.approx(uncovered * RESIDUAL / load, rel=FOUR_FIGURES)
    expected = (
        uncovered * (FP_NATIONAL + FP_TD) + pv_self * FP_PV + 2_000_000.0 * (FP_WIND + FP_TD)
    ) / load
    assert _annual(table, "footprint") == pytest.approx(expected, rel=FOUR_FIGURES)


@pytest.mark.parametrize("basis", ["location", "hourly_matched"])
def test_months_weighted_by_use_give_the_year(
    hand_run: gp.RunResult, hand_registry: FactorRegistry, basis: str
) -> None:
    table = enterprise_factor_table(hand_run, "F1", hand_registry)
    months = table[(table["period"] != "2025") & (table["basis"] == basis)]
    assert list(months["period"]) == [f"2025-{m:02d}" for m in range(1, 13)]
    weights = months["electricity_kwh"].astype(float)
    weighted = (months["value_kg_per_kwh"].astype(float) * weights).sum() / weights.sum()
    assert weighted == pytest.approx(_annual(table, basis), rel=1e-9)


def test_hourly_basis_agrees_with_the_runs_hourly_matched_share(
    hand_run: gp.RunResult, hand_registry: FactorRegistry
) -> None:
    shares = hand_run.annual()["green_share_hourly_matched_fraction"]
    for enterprise in ("F1", "F2"):
        table = enterprise_factor_table(hand_run, enterprise, hand_registry)
        expected = (1 - float(shares[enterprise])) * RESIDUAL
        assert _annual(table, "hourly_matched") == pytest.approx(expected, rel=1e-9)


def test_every_row_is_labelled_with_its_basis_gas_and_factors(
    hand_run: gp.RunResult, hand_registry: FactorRegistry
) -> None:
    table = enterprise_factor_table(hand_run, "F1", hand_registry)
    assert set(table["basis"]) == set(BASES)
    assert (
        table["gas"] == table["basis"].map(lambda b: "CO2e" if b == "footprint" else "CO2")
    ).all()
    assert (table["status"] == "ok").all()
    assert (table["factor_ids"] != "").all()
    assert (table["confidence"].str.fullmatch(r"(\[[ABC]\];?)+")).all()
    # the 2025 year has no published grid factor yet: every row says which it fell back to
    assert table["fallback"].str.contains("year_earlier").all()
    footprint = table[table["basis"] == "footprint"].iloc[0]
    assert footprint["factor_ids"] == (
        "footprint.electricity.national.2024;footprint.electricity.td_with_losses.2024;"
        "footprint.electricity.pv.2023;footprint.electricity.wind.2023"
    )
    assert footprint["factor_years"] == "2024;2024;2023;2023"


def test_a_technology_without_a_published_factor_has_no_footprint_value(
    hand_park: gp.Park,
) -> None:
    mixed = hand_park.with_changes({"contracts": [{"id": "PPA-F2", "technology": "mixed"}]})
    result = gp.run(gp.RunSpec(mixed))
    table = enterprise_factor_table(result, "F2", registry_for(result))
    row = table[table["basis"] == "footprint"].iloc[0]
    assert row["value_kg_per_kwh"] is pd.NA
    assert (row["status"], row["reason"]) == ("no_data", "no_footprint_factor")
    assert _annual(table, "market") == pytest.approx(0.2794, rel=FOUR_FIGURES)


def test_an_unknown_enterprise_is_refused_naming_the_known_ones(
    hand_run: gp.RunResult, hand_registry: FactorRegistry
) -> None:
    with pytest.raises(InputError) as refused:
        enterprise_factor_table(hand_run, "F9", hand_registry)
    assert "F9" in str(refused.value) and "F1, F2" in str(refused.value)
