"""Tables that fit the terminal: no number is ever cut ("140,0…") at any width.

Numbers never wrap (``no_wrap``); words fold onto the next line instead of being cut off;
a table too wide for the terminal is stacked: its columns split over several tables, each
repeating the key column (the enterprise id)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich import box
from rich.cells import cell_len
from rich.console import JustifyMethod
from rich.table import Table

#: what a column costs beside its content (padding on both sides and the separator)
COLUMN_EXTRA = 3
#: the narrowest a wrapping text column (a name) is squeezed to
MIN_TEXT_WIDTH = 10


@dataclass(frozen=True)
class FitColumn:
    """A column to lay out: its header, ``right`` for numbers (never wrapped), else text."""

    header: str
    numeric: bool = True


def folded(table: Table) -> Table:
    """``table`` with words folded instead of cut, and numbers kept on one line."""
    for column in table.columns:
        column.overflow = "fold"
    return table


def _need(column: FitColumn, cells: Sequence[str]) -> int:
    """The width a column needs: its widest cell (a header may wrap, a number may not)."""
    widest = max((cell_len(c) for c in cells), default=0)
    if not column.numeric:
        widest = min(widest, MIN_TEXT_WIDTH)
    longest_word = max((cell_len(w) for w in column.header.split()), default=0)
    return max(widest, min(longest_word, 8)) + COLUMN_EXTRA


def _groups(needs: list[int], keys: int, width: int) -> list[list[int]]:
    """Column indices per stacked table: the key columns first in each, then as many of
    the others, in order, as fit ``width``."""
    key_width = sum(needs[:keys])
    groups: list[list[int]] = []
    current: list[int] = []
    used = key_width
    for index in range(keys, len(needs)):
        if current and used + needs[index] > width:
            groups.append(current)
            current, used = [], key_width
        current.append(index)
        used += needs[index]
    return [*groups, current] if current else groups


def stacked_tables(
    title: str,
    columns: Sequence[FitColumn],
    rows: Sequence[Sequence[str]],
    width: int,
    keys: int = 1,
    rule_before_last: bool = False,
) -> list[Table]:
    """``rows`` as one table, or stacked tables when one would not fit ``width``
    (the first ``keys`` columns repeated in each); ``rule_before_last`` draws a line above
    the last row (the park total)."""
    needs = [_need(c, [r[i] for r in rows]) for i, c in enumerate(columns)]
    groups = (
        [list(range(keys, len(columns)))] if sum(needs) <= width else _groups(needs, keys, width)
    )
    tables = []
    for number, group in enumerate(groups, start=1):
        shown = [*range(keys), *group]
        suffix = "" if len(groups) == 1 else f" ({number}/{len(groups)})"
        table = Table(title=title + suffix, box=box.SIMPLE_HEAD)
        for i in shown:
            column = columns[i]
            justify: JustifyMethod = "right" if column.numeric else "left"
            table.add_column(
                column.header, justify=justify, no_wrap=column.numeric, overflow="fold"
            )
        for r, row in enumerate(rows):
            table.add_row(
                *(row[i] for i in shown), end_section=rule_before_last and r == len(rows) - 2
            )
        tables.append(table)
    return tables
