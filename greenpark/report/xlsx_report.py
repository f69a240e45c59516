"""The park report as an Excel workbook (xlsxwriter): one sheet per report table.

Headers in the reader's language with units, values at full precision (the number format
only changes how Excel shows them), the header row frozen. A sheet is named by its table's
title (Excel allows 31 characters and no ``[]:*?/\\``).
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import xlsxwriter

from greenpark.i18n import text
from greenpark.report.document import KINDS, ReportTable, Section

#: characters Excel refuses in a sheet name
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_MAX = 31


def sheet_name(table: ReportTable) -> str:
    """The sheet of ``table``: its title as Excel allows it."""
    return _FORBIDDEN.sub("-", table.title)[:SHEET_NAME_MAX]


def report_tables(sections: Sequence[Section]) -> list[ReportTable]:
    """Every table of the report, in reading order."""
    return [table for section in sections for table in section.tables]


def write_xlsx(
    sections: Sequence[Section], path: Path, images: Sequence[tuple[str, bytes]] = ()
) -> None:
    """Write every table of ``sections`` to ``path``, a sheet each; ``images`` (caption, PNG)
    on a last sheet of charts."""
    with xlsxwriter.Workbook(str(path)) as book:
        header = book.add_format({"bold": True, "bg_color": "#EEF3EA", "text_wrap": True})
        formats = {kind: book.add_format({"num_format": f}) for kind, (_, f) in KINDS.items()}
        for table in report_tables(sections):
            _write_sheet(book.add_worksheet(sheet_name(table)), table, header, formats)
        if images:
            _write_images(book.add_worksheet(text("图表", "charts")), images, header)


def _write_images(sheet: Any, images: Sequence[tuple[str, bytes]], header: Any) -> None:
    """Each image under its caption, one below the other (rows of Excel's default 20 px)."""
    row = 0
    for caption, png in images:
        sheet.write_string(row, 0, caption, header)
        sheet.insert_image(row + 1, 0, f"{caption}.png", {"image_data": io.BytesIO(png)})
        row += 3 + _png_height_px(png) // 20


def _png_height_px(png: bytes) -> int:
    """A PNG's height in pixels (its IHDR chunk)."""
    return int.from_bytes(png[20:24], "big")


def _write_sheet(sheet: Any, table: ReportTable, header: Any, formats: dict[str, Any]) -> None:
    """One table: the header row (frozen), then the rows; column widths from the content."""
    widths = [_width(column.header) for column in table.columns]
    for c, column in enumerate(table.columns):
        sheet.write_string(0, c, column.header, header)
    for r, row in enumerate(table.rows):
        for c, value in enumerate(row):
            if isinstance(value, str):
                sheet.write_string(r + 1, c, value)
                widths[c] = max(widths[c], _width(value))
                continue
            kind = table.kind(r, c)
            sheet.write_number(
                r + 1, c, float(value), formats["general" if kind == "text" else kind]
            )
            widths[c] = max(widths[c], 14)
    for c, width in enumerate(widths):
        sheet.set_column(c, c, min(width, 60))
    sheet.freeze_panes(1, 0)


def _width(words: str) -> int:
    """A column width for ``words``: CJK characters count double."""
    return 2 + sum(2 if ord(ch) > 0x2E80 else 1 for ch in words)
