"""Problem lines for meter files: where (file, row, column), what was found, what was expected.

Rows are numbered as a spreadsheet shows them: the header is row 1, the first data row is
row 2. A bad million-row file must not produce a million lines, so each kind of problem in
one file lists its first :data:`CAP` cases and then says how many more there are.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd

from greenpark.errors import InputError
from greenpark.i18n import text

#: how many cases of one kind of problem are listed per file
CAP = 20
#: how many row numbers are listed in a line about many rows
ROWS_SHOWN = 5


def at(label: str, row: int | None = None, column: str | None = None) -> str:
    """Name a place in a file: ``data/m.csv row 5, column E01``."""
    zh, en = label, label
    if row is not None:
        zh, en = f"{zh} 第 {row} 行", f"{en} row {row}"
    if column is not None:
        zh, en = f"{zh}（{column} 列）", f"{en}, column {column}"
    return text(zh, en)


def rows_text(rows: Sequence[int] | pd.Index[int]) -> str:
    """``rows 2, 3, 4, 5, 6 (8760 rows)`` — the first few row numbers and the count."""
    shown = ", ".join(str(int(row)) for row in rows[:ROWS_SHOWN])
    if len(rows) == 1:
        return text(f"第 {shown} 行", f"row {shown}")
    more = ", …" if len(rows) > ROWS_SHOWN else ""
    return text(
        f"第 {shown}{more} 行（共 {len(rows)} 行）", f"rows {shown}{more} ({len(rows)} rows)"
    )


class Problems:
    """Collects every problem line of a load, then raises them together."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, line: str) -> None:
        self.lines.append(line)

    def cells(
        self,
        label: str,
        rows: Sequence[int] | pd.Index[int],
        columns: Sequence[str | None],
        values: Sequence[str],
        message: Callable[[str], str],
    ) -> None:
        """One line per bad cell (the first :data:`CAP`), then ``… and N more like this``.

        ``message(value)`` says what is wrong with the cell's text and what is expected.
        ``columns`` and ``values`` may stop after the first :data:`CAP` entries.
        """
        for row, column, value in zip(rows[:CAP], columns[:CAP], values[:CAP], strict=True):
            self.add(f"{at(label, int(row), column)}: {message(value)}")
        if len(rows) > CAP:
            extra = len(rows) - CAP
            self.add(
                text(
                    f"{label}: 另有 {extra} 处同类问题未列出",
                    f"{label}: … and {extra} more like this",
                )
            )

    def raise_if_any(self) -> None:
        if self.lines:
            raise InputError(self.lines)
