"""A sweep's summary for people: a CSV for Excel, a workbook, and a short terminal table.

The CSV keeps every digit in the unit its header names (the canonical unit: ``电网购电 kWh``;
UTF-8 with BOM); the workbook shows the report units (:mod:`greenpark.report.scenario_tables`).
A value that does not apply is 不适用 / n/a; a swept measure left out at a point is 不含; a
point the rules refused has empty value cells, 已拒绝 for its run id and its problems under
拒绝原因.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from rich import box
from rich.table import Table

from greenpark.i18n import text
from greenpark.report.document import Section, shown
from greenpark.report.run_files import CSV_ENCODING
from greenpark.report.scenario_tables import (
    left_out,
    not_applicable,
    refused_header,
    refused_word,
    sweep_report_table,
)
from greenpark.report.scenarios import row_words
from greenpark.report.xlsx_report import write_xlsx
from greenpark.scenarios.appraisal import number
from greenpark.scenarios.sweep import REFUSED
from greenpark.scenarios.sweep_file import Sweep

SWEEP_SUFFIXES = (".csv", ".xlsx")
#: the columns of the terminal table (the file has every column)
TERMINAL_COLUMNS = (
    "green_share_fraction",
    "green_share_hourly_matched_fraction",
    "scope2_market_co2_kg",
    "park_910_gap_t_per_tce_calorific",
    "npv_cny",
    "abatement_cost_market_cny_per_t",
)


def sweep_csv_frame(
    rows: pd.DataFrame, parameters: tuple[str, ...], units: dict[str, str]
) -> pd.DataFrame:
    """The rows with headers in the reader's language and canonical units, as text cells
    where a value is missing (every other digit kept); a refused point's values are empty, its
    run id 已拒绝."""
    frame = rows.astype(object).copy()
    ran = rows["run_id"].notna()
    for column in parameters:
        frame[column] = [left_out() if v is None else v for v in rows[column]]
    frame["run_id"] = [refused_word() if v is None else v for v in rows["run_id"]]
    for column in units:
        frame[column] = [
            _csv_value(v) if has_run else "" for v, has_run in zip(rows[column], ran, strict=True)
        ]
    names = {c: f"{row_words(c)} {units[c]}" for c in units}
    names.update(
        {
            "point": text("点", "point"),
            "run_id": text("运行编号", "run id"),
            REFUSED: refused_header(),
        }
    )
    return frame.rename(columns=names)


def _csv_value(value: object) -> str | float:
    """A value of a point that ran: every digit, or the words why there is none."""
    found = number(value)
    return not_applicable() if found is None else found


def write_sweep(
    rows: pd.DataFrame, parameters: tuple[str, ...], units: dict[str, str], path: Path
) -> None:
    """Write the summary to ``path`` (``.csv`` or ``.xlsx``)."""
    if path.suffix.lower() == ".xlsx":
        table = sweep_report_table(rows, parameters, units)
        write_xlsx([Section("sweep", table.title, (table,))], path)
    else:
        sweep_csv_frame(rows, parameters, units).to_csv(path, index=False, encoding=CSV_ENCODING)


def refused_lines(sweep: Sweep, rows: pd.DataFrame) -> list[str]:
    """A warning line per point the rules refused: its number, swept values and why."""
    return [
        text(
            f"注意：点 {point.label} 被拒绝：{reason}",
            f"warning: point {point.label} refused: {reason}",
        )
        for point, reason in zip(sweep.points, rows[REFUSED], strict=True)
        if reason is not None
    ]


def sweep_terminal_table(
    rows: pd.DataFrame, parameters: tuple[str, ...], units: dict[str, str]
) -> Table:
    """Each point's swept values, a few results (:data:`TERMINAL_COLUMNS`) and its run id,
    as the workbook shows them."""
    picked = rows[["point", *parameters, *TERMINAL_COLUMNS, "run_id"]]
    full = sweep_report_table(picked, parameters, {c: units[c] for c in TERMINAL_COLUMNS})
    table = Table(title=full.title, box=box.SIMPLE_HEAD)
    for column in full.columns:
        table.add_column(column.header, justify="left" if column.kind == "text" else "right")
    for r in range(len(full.rows)):
        table.add_row(*(shown(full, r, c) for c in range(len(full.columns))))
    return table
