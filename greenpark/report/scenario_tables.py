"""Scenario comparisons and sweep summaries as report tables (:class:`ReportTable`), for the
HTML page and the Excel workbook.

Values are put in the unit their header names (:data:`SHOWN`: kg → t, kWh → MWh, shares as
percentages), at full precision: Excel's number format and the HTML text only change how they
look. A value that does not apply (the money of the base run, an IRR without a sign change)
is the words 不适用 / n/a; a swept measure left out at a point is 不含 / left out; a sweep point
the rules refused has no values, 已拒绝 / refused for its run id, and says why in its 拒绝原因 /
reason refused.
"""

from __future__ import annotations

import pandas as pd

from greenpark.i18n import text
from greenpark.report.document import Cell, Column, ReportTable
from greenpark.report.scenarios import row_words
from greenpark.scenarios.appraisal import number
from greenpark.scenarios.sweep import REFUSED

#: canonical unit -> (unit shown, divisor to it, how it is shown: a report.document kind)
SHOWN: dict[str, tuple[str, float, str]] = {
    "fraction": ("", 1.0, "percent"),
    "kg": ("tCO2", 1000.0, "n1"),
    "kWh": ("MWh", 1000.0, "n1"),
    "MWh": ("MWh", 1.0, "n1"),
    "MWh/year": ("MWh/年", 1.0, "n1"),
    "kgce": ("tce", 1000.0, "n1"),
    "kW": ("kW", 1.0, "n0"),
    "CNY": ("CNY", 1.0, "n0"),
    "CNY/year": ("CNY/年", 1.0, "n0"),
    "CNY/t": ("CNY/tCO2", 1.0, "n0"),
    "CNY/kWh": ("CNY/kWh", 1.0, "n3"),
    "t/tce": ("tCO2/tce", 1.0, "n3"),
    "year": ("年", 1.0, "n1"),
}


def not_applicable() -> str:
    return text("不适用", "n/a")


def left_out() -> str:
    return text("不含", "left out")


def refused_header() -> str:
    """The header of a sweep's column saying why a point was refused."""
    return text("拒绝原因", "reason refused")


def refused_word() -> str:
    """The run id cell of a sweep point the rules refused (it has no run)."""
    return text("已拒绝", "refused")


def shown_unit(unit: str) -> str:
    """The unit a value of canonical ``unit`` is shown in (the reader's language)."""
    shown = SHOWN[unit][0]
    return shown.replace("年", text("年", "year")) if "年" in shown else shown


def header(name: str, unit: str) -> str:
    """A column or row header: the words, then the unit shown (``电网购电 MWh``)."""
    return f"{row_words(name)} {shown_unit(unit)}".strip()


def shown_value(value: object, unit: str) -> Cell:
    """A number in the unit shown, or the words why there is none."""
    found = number(value)
    return not_applicable() if found is None else found / SHOWN[unit][1]


def comparison_report_table(comparison: pd.DataFrame) -> ReportTable:
    """The comparison (:func:`greenpark.scenarios.compare.comparison`): a row per metric, a
    column per run (the base first)."""
    runs = [str(c) for c in comparison.columns if c != "unit"]
    columns = (
        Column(text("指标", "metric")),
        Column(text("单位", "unit")),
        *(Column(text("基准", "base") if r == "base" else r, "row") for r in runs),
    )
    rows: list[tuple[Cell, ...]] = []
    kinds: list[str] = []
    for name, row in comparison.iterrows():
        unit = str(row["unit"])
        rows.append(
            (row_words(str(name)), shown_unit(unit), *(shown_value(row[r], unit) for r in runs))
        )
        kinds.append(SHOWN[unit][2])
    title = text("情景对比", "scenarios compared")
    return ReportTable("comparison", title, columns, tuple(rows), tuple(kinds))


def measure_report_table(measures: pd.DataFrame, units: dict[str, str]) -> ReportTable:
    """Each measure's money and abatement (:func:`greenpark.scenarios.compare.measure_table`;
    ``units``: each money column's canonical unit)."""
    money = [c for c in measures.columns if c in units]
    columns = (
        Column(text("情景", "scenario")),
        Column(text("措施", "measure")),
        Column(text("类型", "kind")),
        *(Column(header(c, units[c]), SHOWN[units[c]][2]) for c in money),
    )
    rows = tuple(
        (
            str(row["scenario"]),
            str(row["measure"]),
            str(row["kind"]),
            *(shown_value(row[c], units[c]) for c in money),
        )
        for _, row in measures.iterrows()
    )
    return ReportTable("measures", text("各项措施", "measures"), columns, rows)


def sweep_report_table(
    rows: pd.DataFrame, parameters: tuple[str, ...], units: dict[str, str]
) -> ReportTable:
    """A sweep's summary (:func:`greenpark.scenarios.sweep.sweep_rows`): a row per point; a
    refused point (no run id) has empty value cells and 已拒绝 for its run id; the reason
    column when ``rows`` has it."""
    values = [c for c in rows.columns if c in units]
    reasons = REFUSED in rows.columns
    columns = (
        Column(text("点", "point"), "int"),
        *(Column(p, "general") for p in parameters),
        *(Column(header(c, units[c]), SHOWN[units[c]][2]) for c in values),
        Column(text("运行编号", "run id")),
        *((Column(refused_header()),) if reasons else ()),
    )
    table_rows = tuple(
        (
            int(row["point"]),
            *(left_out() if row[p] is None else _parameter(row[p]) for p in parameters),
            *(_sweep_value(row, c, units[c]) for c in values),
            row["run_id"] or refused_word(),
            *((row[REFUSED] or "",) if reasons else ()),
        )
        for _, row in rows.iterrows()
    )
    return ReportTable("sweep", text("参数扫描", "sweep"), columns, table_rows)


def _sweep_value(row: pd.Series, column: str, unit: str) -> Cell:
    """A point's value as shown; nothing for a refused point (it has no run id)."""
    return "" if row["run_id"] is None else shown_value(row[column], unit)


def _parameter(value: object) -> Cell:
    """A swept value: a number stays a number, anything else is shown as given."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return str(value)
