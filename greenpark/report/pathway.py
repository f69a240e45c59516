"""A pathway as a report: milestones, the year table and two charts; HTML (the report
template), Excel (a sheet per table) or CSV (the year table, UTF-8 with BOM for Excel).

Values keep every digit in the unit their header names (MWh, tce, tCO2, 万元); a value that
does not apply is written 不适用 / n/a.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
from rich.table import Table

from greenpark import __version__
from greenpark.i18n import text
from greenpark.report.charts import COLOURS, report_figure, svg_element
from greenpark.report.document import Cell, Chart, Column, ReportTable, Section, shown
from greenpark.report.html_report import render_page
from greenpark.report.run_files import CSV_ENCODING
from greenpark.report.xlsx_report import write_xlsx
from greenpark.scenarios.pathway_run import BASES, PathwayResult

OUT_SUFFIXES = (".html", ".xlsx", ".csv")
_BASIS_WORDS = {
    "emissions_location_co2_kg": ("排放 基于位置", "emissions, location-based"),
    "emissions_market_co2_kg": ("排放 基于市场", "emissions, market-based"),
    "emissions_inventory_co2_kg": ("排放 清单口径", "emissions, inventory basis"),
    "park_910_total_co2_kg": ("排放 910号口径", "emissions, 910 basis"),
}
#: year-table columns -> (zh, en, unit shown, kind, value from the table's unit)
_COLUMNS: dict[str, tuple[str, str, str, str, Callable[[float], float]]] = {
    "electricity_kwh": ("用电量", "electricity", "MWh", "n0", lambda v: v / 1000),
    "pv_generation_kwh": ("光伏发电量", "PV generation", "MWh", "n0", lambda v: v / 1000),
    "energy_gbt2589_calorific_kgce": ("综合能耗（当量值）", "energy (calorific)", "tce", "n0", lambda v: v / 1000),
    **{k: (zh, en, "tCO2", "n0", lambda v: v / 1000) for k, (zh, en) in _BASIS_WORDS.items()},
    "green_share_fraction": ("绿电占比", "green share", "", "percent", lambda v: v),
    "green_share_hourly_matched_fraction": ("逐时匹配绿电占比", "hourly-matched green share", "", "percent", lambda v: v),
    "green_share_certificate_based_fraction": ("绿证口径绿电占比", "certificate-based green share", "", "percent", lambda v: v),
    "park_910_co2_t_per_tce_calorific": ("910号 单位能耗碳排放", "910 CO2 per energy", "tCO2/tce", "n3", lambda v: v),
    "electricity_bill_cny": ("电费", "electricity bill", "万元", "n1", lambda v: v / 1e4),
    "fuel_bill_cny": ("燃料费", "fuel bill", "万元", "n1", lambda v: v / 1e4),
    "opex_cny": ("新增运维", "added opex", "万元", "n1", lambda v: v / 1e4),
    "purchases_cny": ("新增绿电溢价与绿证", "added green purchases", "万元", "n1", lambda v: v / 1e4),
    "capex_cny": ("当年投资", "investment of the year", "万元", "n1", lambda v: v / 1e4),
    "total_cost_cny": ("当年总费用", "total cost of the year", "万元", "n1", lambda v: v / 1e4),
    "cumulative_cost_cny": ("累计费用", "cumulative cost", "万元", "n1", lambda v: v / 1e4),
}  # fmt: skip


def _not_applicable() -> str:
    return text("不适用", "n/a")


def _header(zh: str, en: str, unit: str) -> str:
    return f"{text(zh, en)} {unit}".strip()


def year_report_table(result: PathwayResult) -> ReportTable:
    """A row per year: the columns of :data:`_COLUMNS` and whether 910号 is met."""
    columns = [Column(text("年份", "year"), "text")]
    columns += [Column(_header(zh, en, unit), kind) for zh, en, unit, kind, _ in _COLUMNS.values()]
    columns.append(Column(text("910号 达标", "910 met")))
    rows = []
    for year, values in result.table.iterrows():
        row: list[Cell] = [str(year)]
        for name, (*_, convert) in _COLUMNS.items():
            value = values[name]
            row.append(_not_applicable() if pd.isna(value) else convert(float(value)))
        met = values["park_910_met"]
        row.append(
            _not_applicable() if pd.isna(met) else text("是", "yes") if met else text("否", "no")
        )
        rows.append(tuple(row))
    title = text("逐年结果", "year by year")
    return ReportTable("pathway_years", title, tuple(columns), tuple(rows))


def milestone_table(result: PathwayResult) -> ReportTable:
    """碳达峰 year of each basis, the first year 910号 is met, the cumulative cost."""
    none = text("路径内未出现", "not within the pathway")
    rows: list[tuple[Cell, ...]] = [
        (text(f"碳达峰年份（{zh}）", f"peak year ({en})"), str(result.peak_year(k) or none))
        for k, (zh, en) in _BASIS_WORDS.items()
    ]
    rows.append(
        (text("910号 首次达标年份", "first year 910 is met"), str(result.first_910_year or none))
    )
    cost = result.cumulative_cost_cny
    rows.append(
        (
            text("累计费用 万元", "cumulative cost 10^4 CNY"),
            _not_applicable() if cost is None else cost / 1e4,
        )
    )
    columns = (Column(text("指标", "milestone")), Column(text("结果", "result"), "n1"))
    return ReportTable("pathway_milestones", text("里程碑", "milestones"), columns, tuple(rows))  # fmt: skip


def _line_chart(table: pd.DataFrame, lines: dict[str, str], unit: str, scale: float) -> str:
    with report_figure(9.0, 3.4) as figure:
        axes = figure.add_subplot()
        years = [int(y) for y in table.index]
        for i, (column, label) in enumerate(lines.items()):
            axes.plot(years, table[column].astype(float) * scale, marker="o", label=label,
                      color=COLOURS[i % len(COLOURS)])  # fmt: skip
        axes.set_xticks(years, [str(y) for y in years])
        axes.set_ylabel(unit)
        axes.legend(ncols=2, loc="upper center", bbox_to_anchor=(0.5, 1.22))
        return svg_element(figure)


def pathway_sections(result: PathwayResult) -> list[Section]:
    """Milestones with the emissions chart, then the year table with the green-share chart."""
    words = {k: text(zh, en) for k, (zh, en) in _BASIS_WORDS.items()}
    emissions = _line_chart(result.table, {k: words[k] for k in BASES}, "tCO2", 1e-3)
    shares = {"green_share_fraction": text("绿电占比", "green share"),
              "green_share_hourly_matched_fraction": text("逐时匹配", "hourly matched")}  # fmt: skip
    share_chart = _line_chart(result.table, shares, "%", 100.0)
    return [
        Section(
            "pathway_milestones",
            text("路径里程碑", "milestones"),
            (milestone_table(result),),
            (Chart("pathway_emissions", text("各口径逐年排放", "emissions by basis and year"), emissions),),
        ),
        Section(
            "pathway_years",
            text("逐年结果", "year by year"),
            (year_report_table(result),),
            (Chart("pathway_shares", text("逐年绿电占比", "green share by year"), share_chart),),
        ),
    ]  # fmt: skip


def render_pathway_html(result: PathwayResult, park_name: str) -> str:
    """The pathway as a self-contained page (the report template)."""
    pathway = result.pathway
    first, last = pathway.years[0], pathway.years[-1]
    return render_page(
        text(f"{park_name} {pathway.name} {first}–{last}", f"{park_name}: {pathway.name} {first}-{last}"),
        text(f"路径文件 {pathway.source}", f"pathway file {pathway.source}"),
        pathway_sections(result),
        text(f"由 greenpark {__version__} 生成。", f"Made by greenpark {__version__}."),
    )  # fmt: skip


def _terminal(table: ReportTable) -> Table:
    shown_table = Table(title=table.title)
    for column in table.columns:
        shown_table.add_column(column.header, justify="left" if column.kind == "text" else "right")
    for r, row in enumerate(table.rows):
        shown_table.add_row(*(shown(table, r, c) for c in range(len(row))))
    return shown_table


def terminal_tables(result: PathwayResult) -> list[Table]:
    """The milestones, and the year table's main columns, for the terminal."""
    years = year_report_table(result)
    keep = [0, 3, 4, 5, 6, 7, 8, 11, len(years.columns) - 3, len(years.columns) - 1]
    narrow = ReportTable(
        years.key,
        years.title,
        tuple(years.columns[i] for i in keep),
        tuple(tuple(row[i] for i in keep) for row in years.rows),
    )
    return [_terminal(milestone_table(result)), _terminal(narrow)]


def write_pathway(result: PathwayResult, path: Path, park_name: str) -> None:
    """Write the pathway to ``path`` by its suffix (:data:`OUT_SUFFIXES`)."""
    suffix = path.suffix.lower()
    if suffix == ".html":
        path.write_text(render_pathway_html(result, park_name), encoding="utf-8")
    elif suffix == ".xlsx":
        write_xlsx(pathway_sections(result), path)
    else:
        table = year_report_table(result)
        frame = pd.DataFrame(table.rows, columns=[c.header for c in table.columns])
        frame.to_csv(path, index=False, encoding=CSV_ENCODING)
