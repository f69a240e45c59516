"""``greenpark run`` in a terminal: the summary first, and at 80 columns every number printed
in full (names wrap, wide tables stack; nothing is cut to "140,0…")."""

from __future__ import annotations

import io
import re

from rich.cells import cell_len
from rich.console import Console

from greenpark.report.formatting import mwh, number, percent, set_units, tonnes
from greenpark.report.run import run_tables
from greenpark.run_result import RunResult


def _printed(result: RunResult, width: int) -> str:
    console = Console(width=width, record=True, file=io.StringIO(), color_system=None)
    for table in run_tables(result, console.width):
        console.print(table)
    return console.export_text()


def _whole(shown: str, page: str) -> bool:
    """``shown`` appears as a whole number (not part of a longer one, not split)."""
    return re.search(rf"(?<![\d.,]){re.escape(shown)}(?![\d.,]*\d)", page) is not None


def test_every_number_in_full_at_80_columns(jincheng_result: RunResult) -> None:
    page = _printed(jincheng_result, 80)
    assert "…" not in page
    assert max(cell_len(line) for line in page.splitlines()) <= 80
    annual = jincheng_result.annual()
    missing = []
    for scope, row in annual.to_dict(orient="index").items():
        for shown in (
            mwh(row["electricity_kwh"]),
            mwh(row["pv_generation_kwh"]),
            mwh(row["grid_import_kwh"]),
            tonnes(row["scope1_co2_kg"]),
            tonnes(row["scope2_location_co2_kg"]),
            tonnes(row["scope2_market_co2_kg"]),
            tonnes(row["scope2_inventory_co2_kg"]),
            number(row["energy_gbt2589_calorific_kgce"] / 1000),
            percent(row["green_share_fraction"]),
        ):
            if not _whole(shown, page):
                missing.append(f"{scope}: {shown}")
    assert missing == []
    monthly = jincheng_result.monthly_shares()
    park = monthly[monthly["scope"] == "park"]
    assert all(_whole(percent(v), page) for v in park["green_share_fraction"])
    assert "分企业结果 (1/" in page  # stacked: one table would be ~150 columns wide


def test_one_enterprise_table_when_wide(jincheng_result: RunResult) -> None:
    page = _printed(jincheng_result, 200)
    assert re.search(r"分企业结果 *\n", page) is not None and "(1/" not in page


def test_summary_first_with_the_910_gap_and_top_emitters(jincheng_result: RunResult) -> None:
    page = _printed(jincheng_result, 80)
    assert page.lstrip().startswith("摘要")
    summary = page[: page.index("年核算结果")]
    basis = jincheng_result.park_910()["value"]
    value = float(basis["park_910_co2_t_per_tce_calorific"])
    limit = float(basis["park_910_limit_t_per_tce_calorific"])
    energy_t = float(basis["park_910_energy_calorific_kgce"]) / 1000
    assert f"{value:.3f} tCO2/tce，限值 ≤{limit:.2f}：未达标" in summary
    assert f"{value - limit:.3f} tCO2/tce，需减排 {number((value - limit) * energy_t)}" in summary
    annual = jincheng_result.annual().drop(index="park")
    totals = (
        annual["scope1_co2_kg"] + annual["scope2_location_co2_kg"] + annual["heat_net_co2_kg"]
    ) / 1000
    top = totals.sort_values(ascending=False).index[:5]
    places = [summary.index(f"：{enterprise}") for enterprise in top]
    assert places == sorted(places)
    assert _whole(number(float(totals[top[0]])), summary)


def test_chinese_units_on_request(jincheng_result: RunResult) -> None:
    """``--units cn``: 万kWh, 万tCO2, 万tce and tce/万元, the values scaled by hand."""
    set_units("cn")
    try:
        page = _printed(jincheng_result, 80)
    finally:
        set_units("si")
    park = jincheng_result.annual().loc["park"]
    assert "用电量 万kWh" in page and "MWh" not in page
    assert _whole(f"{park['electricity_kwh'] / 1e4:,.2f}", page)
    assert _whole(f"{park['scope1_co2_kg'] / 1e7:,.2f}", page)
    assert _whole(f"{park['energy_gbt2589_calorific_kgce'] / 1e7:,.2f}", page)
    assert "万元增加值能耗 tce/万元" in page
    assert _whole(f"{park['kgce_per_wan_cny_value_added'] / 1e3:,.3f}", page)
    assert "范围一 万tCO2" in page


def test_a_larger_park_shows_its_largest_emitters(jincheng_result: RunResult) -> None:
    """With room for 5 enterprises, the 5 with the highest scope 1 + scope 2 (location) are
    shown, largest first, then the park; the title says how many there are in all."""
    console = Console(width=250, record=True, file=io.StringIO(), color_system=None)
    for table in run_tables(jincheng_result, console.width, enterprises=5):
        console.print(table)
    page = console.export_text()
    annual = jincheng_result.annual().drop(index="park")
    emissions = annual["scope1_co2_kg"].fillna(0) + annual["scope2_location_co2_kg"].fillna(0)
    top = list(emissions.sort_values(ascending=False).index[:5])
    rows = [line.split()[0] for line in page.splitlines() if re.match(r"\s+E\d\d\s", line)]
    assert rows == top
    assert f"共 {len(annual)} 家" in page or f"{len(annual)} in all" in page
    every = io.StringIO()
    wide = Console(width=250, record=True, file=every, color_system=None)
    for table in run_tables(jincheng_result, wide.width, enterprises=None):
        wide.print(table)
    listed = [
        line.split()[0] for line in wide.export_text().splitlines() if re.match(r"\s+E\d\d\s", line)
    ]
    assert listed == list(annual.index)
