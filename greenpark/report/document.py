"""A report as data: sections of titled tables and charts, rendered to HTML or Excel.

The HTML report (:mod:`greenpark.report.html_report`) and the Excel report
(:mod:`greenpark.report.xlsx_report`) show the same :class:`ReportTable` objects, so every
table of one is a sheet of the other. Values are kept at full precision in the unit their
column header names; a column's :data:`KINDS` entry says how a value is shown (text in the
HTML, a number format in Excel). A cell that has no value holds the words why (不适用/无数据).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from greenpark.report.formatting import number, percent

#: how a column's numbers are shown: (HTML text, Excel number format)
KINDS: dict[str, tuple[Callable[[float], str], str]] = {
    "int": (lambda v: number(v), "#,##0"),
    "n0": (lambda v: number(v), "#,##0"),
    "n1": (lambda v: number(v, 1), "#,##0.0"),
    "n2": (lambda v: number(v, 2), "#,##0.00"),
    "n3": (lambda v: number(v, 3), "#,##0.000"),
    "percent": (percent, "0.0%"),
    "general": (lambda v: f"{v:g}", "General"),
}

#: a cell: text, or a number shown by its column's kind
Cell = str | float | int


@dataclass(frozen=True)
class Column:
    """A table column: its header in the reader's language (with the unit) and how its
    numbers are shown (a key of :data:`KINDS`; ``text`` for words)."""

    header: str
    kind: str = "text"


@dataclass(frozen=True)
class ReportTable:
    """One table: ``key`` names it in files (the Excel sheet), ``title`` in the reader's
    language; ``kinds`` per row override the column kinds where one column mixes units."""

    key: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    row_kinds: tuple[str, ...] = ()

    def kind(self, row: int, column: int) -> str:
        """How the cell at (row, column) is shown."""
        own = self.columns[column].kind
        if own == "row" and self.row_kinds:
            return self.row_kinds[row]
        return own


@dataclass(frozen=True)
class Chart:
    """An inline SVG chart (``svg``: the ``<svg>`` element) with its caption."""

    key: str
    caption: str
    svg: str


@dataclass(frozen=True)
class Section:
    """A titled part of the report: a short lead text, charts, then tables."""

    key: str
    title: str
    tables: tuple[ReportTable, ...] = ()
    charts: tuple[Chart, ...] = ()
    lead: str = ""


def shown(table: ReportTable, row: int, column: int) -> str:
    """A cell as the HTML report shows it."""
    value = table.rows[row][column]
    if isinstance(value, str):
        return value
    kind = table.kind(row, column)
    return str(value) if kind == "text" else KINDS[kind][0](float(value))
