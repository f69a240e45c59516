"""The few lines ``greenpark run`` shows first: totals, green share, the 910号 verdict with
its gap, the largest emitters."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich import box
from rich.table import Table

from greenpark.i18n import text
from greenpark.pipeline.results import PARK_ROW
from greenpark.report.document import Cell
from greenpark.report.formatting import mwh, percent, tce, tonnes, unit
from greenpark.report.report_content import enterprise_emissions, park_910_table

if TYPE_CHECKING:
    from greenpark.run_result import RunResult

#: the largest emitters named in the summary
TOP_EMITTERS = 5


def _indicator_rows(row: tuple[Cell, ...]) -> list[tuple[str, str]]:
    """One conversion of the 910号 indicator: value, limit, verdict; the gap when not met."""
    conversion, value, limit, verdict, gap, cut = (
        str(c) if isinstance(c, str) else c for c in row[:6]
    )
    label = text(f"910号指标（{conversion}）", f"910 indicator ({conversion})")
    if not isinstance(value, float):
        return [(label, str(value))]
    if not isinstance(limit, float):
        return [(label, f"{value:.3f} tCO2/tce；{limit}")]
    rows = [
        (
            label,
            text(
                f"{value:.3f} tCO2/tce，限值 ≤{limit:.2f}：{verdict}",
                f"{value:.3f} tCO2/tce, limit ≤{limit:.2f}: {verdict}",
            ),
        )
    ]
    if isinstance(gap, float) and isinstance(cut, float) and gap > 0:
        rows.append(
            (
                text("  差距", "  gap"),
                text(
                    f"{gap:.3f} tCO2/tce，需减排 {tonnes(cut * 1000)} {unit('co2')}",
                    f"{gap:.3f} tCO2/tce, {tonnes(cut * 1000)} {unit('co2')} to cut",
                ),
            )
        )
    return rows


def summary_table(result: RunResult) -> Table:
    """Totals, green shares, the 910号 verdicts and the largest emitters."""
    park = result.annual().loc[PARK_ROW].to_dict()  # one row, not every enterprise's
    e, c = unit("energy"), unit("co2")
    total_910 = result.park_910()["value"].to_dict()["park_910_total_co2_kg"]
    rows = [
        (text(f"用电量 {e}", f"electricity use {e}"), mwh(park["electricity_kwh"])),
        (
            text(f"绿电 {e}（年度占比 / 逐时匹配）", f"green {e} (annual share / hourly matched)"),
            f"{mwh(park['green_total_kwh'])}（{percent(park['green_share_fraction'])} / "
            f"{percent(park['green_share_hourly_matched_fraction'])}）",
        ),
        (
            text(f"范围一 + 范围二（基于位置）{c}", f"Scope 1 + Scope 2 (location) {c}"),
            tonnes(park["scope1_co2_kg"] + park["scope2_location_co2_kg"]),
        ),
        (text(f"910号碳排放合计 {c}", f"910 total CO2 {c}"), tonnes(total_910)),
        (
            text(f"综合能耗 {unit('tce')}（当量值）", f"energy use {unit('tce')} (calorific)"),
            tce(park["energy_gbt2589_calorific_kgce"]),
        ),
    ]
    for row in park_910_table(result).rows:
        rows += _indicator_rows(row)
    rows += _emitter_rows(result)
    table = Table(title=text("摘要", "Summary"), show_header=False, box=box.SIMPLE_HEAD)
    table.add_column(style="bold")
    table.add_column(justify="right")
    for label, value in rows:
        table.add_row(label, value)
    return table


def _emitter_rows(result: RunResult) -> list[tuple[str, str]]:
    """The largest emitters (Scope 1 + Scope 2 location + net heat) and their shares."""
    totals = enterprise_emissions(result)["total"]
    whole = float(totals.sum())
    names = {e.id: e.name for e in result.config.enterprises}
    rows = []
    for rank, (enterprise, tonnes_co2) in enumerate(totals.head(TOP_EMITTERS).items(), start=1):
        share = percent(tonnes_co2 / whole) if whole > 0 else percent(0.0)
        label = (
            text(f"排放第 {rank}：", f"emitter #{rank}: ")
            + f"{enterprise} {names[str(enterprise)]}"
        )
        rows.append((label, f"{tonnes(tonnes_co2 * 1000)} {unit('co2')}（{share}）"))
    return rows
