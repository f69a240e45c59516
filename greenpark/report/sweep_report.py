"""A sweep's summary for people: a CSV for Excel, a workbook, and a short terminal table.

The CSV keeps every digit in the unit its header names (the canonical unit: ``电网购电 kWh``;
UTF-8 with BOM); the workbook shows the report units (:mod:`greenpark.report.scenario_tables`).
A value that does not apply is 不适用 / n/a; a swept measure left out at a point is 不含.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from rich import box
from rich.table import Table

from greenpark.i18n import text
from greenpark.report.document import Section, shown
from greenpark.report.run_files import CSV_ENCODING
from greenpark.report.scenario_tables import left_out, not_applicable, sweep_report_table
from greenpark.report.scenarios import row_words
from greenpark.report.xlsx_report import write_xlsx

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
    where a value is missing (every other digit kept)."""
    frame = rows.astype(object).copy()
    for column in parameters:
        frame[column] = [left_out() if v is None else v for v in rows[column]]
    for column in units:
        frame[column] = [not_applicable() if v is pd.NA else float(v) for v in rows[column]]
    names = {c: f"{row_words(c)} {units[c]}" for c in units}
    names.update({"point": text("点", "point"), "run_id": text("运行编号", "run id")})
    return frame.rename(columns=names)


def write_sweep(
    rows: pd.DataFrame, parameters: tuple[str, ...], units: dict[str, str], path: Path
) -> None:
    """Write the summary to ``path`` (``.csv`` or ``.xlsx``)."""
    if path.suffix.lower() == ".xlsx":
        table = sweep_report_table(rows, parameters, units)
        write_xlsx([Section("sweep", table.title, (table,))], path)
    else:
        sweep_csv_frame(rows, parameters, units).to_csv(path, index=False, encoding=CSV_ENCODING)


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
