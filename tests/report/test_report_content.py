"""Report tables on a small park: below 200,000 tce there is no national 910号 threshold (said,
never a verdict); the heatmap's matrix by hand; the summary still prints."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from rich.console import Console

import greenpark as gp
from greenpark.report.report_content import park_910_table
from greenpark.report.report_sections import hourly_matched_share
from greenpark.report.run_summary import summary_table
from greenpark.run_result import RunResult

PARK = Path(__file__).resolve().parents[1] / "parks" / "two_firms"


@pytest.fixture(scope="module")
def small() -> RunResult:
    return gp.run(gp.RunSpec(gp.load_park(PARK)))


def test_no_threshold_below_200000_tce(small: RunResult) -> None:
    basis = small.park_910()
    assert basis.loc["park_910_limit_t_per_tce_calorific", "status"] == "not_applicable"
    for row in park_910_table(small).rows:
        value, limit, verdict = row[1:4]
        assert isinstance(value, float)
        assert isinstance(limit, str) and "国家未设阈值" in limit
        assert verdict == limit  # no 达标/未达标 without a threshold
    console = Console(width=80, record=True, file=io.StringIO())
    console.print(summary_table(small))
    page = console.export_text()
    assert "国家未设阈值" in page and "未达标" not in page


def test_heatmap_matrix_by_hand(small: RunResult) -> None:
    share = hourly_matched_share(small.hourly())
    assert share.shape == (24, 365)
    hourly = small.hourly()
    day_172_noon = hourly["interval_start"].iloc[0] + pd.Timedelta(hours=12 + 24 * 171)
    noon = hourly[hourly["interval_start"] == day_172_noon]
    green = noon[["green_physical_kwh", "green_contract_kwh", "green_trade_kwh"]].to_numpy().sum()
    assert share[12, 171] == pytest.approx(green / noon["load_kwh"].sum(), rel=1e-12)
    assert share.min() >= 0 and share.max() <= 1
