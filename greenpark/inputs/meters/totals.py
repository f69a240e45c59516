"""Totals inside meter files: 合计/总计/小计 rows, and time-of-use splits (尖峰平谷).

A total row is a row with a cell reading 合计, 总计 or 小计 (spaces and a trailing colon
allowed; also 本月合计, 全年合计, 总合计) in a label column (the first column, the timestamp
or month column, the account or enterprise column). It is never read as data: each of its
numbers is checked against the sum of the rows it totals — the data rows since the previous
total row (a 合计/总计 row counts from the previous 合计/总计 row, a 小计 row from the previous
total row of either kind) — and a mismatch is a problem.

Time-of-use splits (tip 尖, peak 峰, flat 平, valley 谷) must sum to the row's total quantity
(a mismatch is a problem); a file without a total column reads their sum as the quantity.
The splits are checked and summed, not kept: greenpark's hourly profile of a monthly bill comes
from the enterprise's ``load_profile``, and tariffs carry their own periods.

Numbers in exports are rounded to the digits shown, so the sum of ``n`` shown numbers may
differ from the shown total by up to ``(n + 1)`` half-units of the last digit shown (each of
the ``n`` parts and the total rounded once); a larger difference is a mismatch.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from greenpark.i18n import text
from greenpark.inputs.meters.cells import parse_quantities
from greenpark.inputs.meters.files import Table
from greenpark.inputs.meters.headers import SPLITS, Columns
from greenpark.inputs.meters.problems import CAP, Problems, at

_TOTAL = re.compile(r"^(?:本[月年页]|全年|总)?(?P<kind>合计|总计|小计)[:：]?$")
_SPACE = re.compile(r"\s+")
#: the character every total label holds (合计, 总计, 小计)
_TOTAL_CHARACTER = "计"


def without_totals(
    table: Table, labels: Sequence[int], amounts: Sequence[int], problems: Problems
) -> Table:
    """``table`` without its total rows, each checked against the rows it totals.

    ``labels`` are the positions of the columns a total label may stand in, ``amounts`` those
    of the number columns to check.
    """
    kinds = total_kinds(table.body, labels)
    if not kinds:
        return table
    body = table.body
    is_total = body.index.isin(list(kinds))
    for position in amounts:
        _check_column(body[position], is_total, kinds, table, position, problems)
    return dataclasses.replace(table, body=body.loc[~is_total])


def total_kinds(body: pd.DataFrame, labels: Sequence[int]) -> dict[int, str]:
    """Spreadsheet row -> ``合计``/``总计``/``小计`` for the total rows (distinct cells matched)."""
    kinds: dict[int, str] = {}
    for position in dict.fromkeys(labels):
        cells = body[position]
        distinct = pd.Series(cells.unique())
        # every total label holds 计: pyarrow finds the cells that do in the whole column,
        # and only those few are read with the pattern (Python's re, cell by cell)
        candidates = distinct[distinct.str.contains(_TOTAL_CHARACTER, regex=False, na=False)]
        words = {
            cell: label["kind"]
            for cell in candidates
            if (label := _TOTAL.fullmatch(_SPACE.sub("", cell))) is not None
        }
        if words:
            rows = cells[cells.isin(list(words))]
            kinds.update(
                {int(row): words[cell] for row, cell in zip(rows.index, rows, strict=True)}
            )
    return dict(sorted(kinds.items()))


def _numbers(cells: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Numbers as written (``1,234.5`` -> 1234.5; NaN if empty or unreadable) and the count
    of their decimals."""
    plain = cells.str.replace(",", "", regex=False)
    values = pd.to_numeric(plain, errors="coerce").to_numpy(dtype=float)
    decimals = plain.str.extract(r"\.(\d+)$")[0].str.len().fillna(0).to_numpy(dtype=float)
    return values, decimals


def rounding_tolerance(parts: int | np.ndarray, decimals: np.ndarray) -> np.ndarray:
    """Largest difference rounding explains between a sum of ``parts`` shown numbers and their
    shown total, with ``decimals`` digits after the point (see the module docstring)."""
    return 0.5 * (np.asarray(parts) + 1) * 10.0**-decimals


def _check_column(
    cells: pd.Series,
    is_total: np.ndarray,
    kinds: dict[int, str],
    table: Table,
    position: int,
    problems: Problems,
) -> None:
    values, decimals = _numbers(cells)
    data = ~is_total & np.isfinite(values)
    rows = cells.index.to_numpy()
    column = table.header[position]
    start_any = start_grand = 0
    for p in (int(p) for p in np.flatnonzero(is_total)):
        start = start_any if kinds[int(rows[p])] == "小计" else start_grand
        start_any = p + 1
        if kinds[int(rows[p])] != "小计":
            start_grand = p + 1
        part = slice(start, p)
        if not np.isfinite(values[p]) or not data[part].any():
            continue
        found = float(values[part][data[part]].sum())
        shown = max(decimals[part][data[part]].max(), decimals[p])
        if abs(found - values[p]) > rounding_tolerance(int(data[part].sum()), shown):
            first, last = int(rows[part][data[part]][0]), int(rows[part][data[part]][-1])
            found_text = f"{found:.{int(shown)}f}"
            problems.add(
                f"{at(table.label, int(rows[p]), column)}: "
                + text(
                    f"{kinds[int(rows[p])]}行 {cells.iloc[p]} 与第 {first}–{last} 行之和 "
                    f"{found_text} 不符",
                    f"the {kinds[int(rows[p])]} (total) row says {cells.iloc[p]}, but rows "
                    f"{first}–{last} sum to {found_text}",
                )
            )


def row_quantities(
    body: pd.DataFrame, found: Columns, header: Sequence[str], label: str, problems: Problems
) -> np.ndarray:
    """Each row's quantity: the quantity column, checked against the time-of-use splits it
    has; without a quantity column the sum of the splits (NaN when all are empty)."""
    names = [name for name in ("quantity", *SPLITS) if name in found.position]
    positions = [found.position[name] for name in names]
    block = body[positions]
    values = parse_quantities(block, [header[p] for p in positions], label=label, problems=problems)
    has_total = names[0] == "quantity"
    parts = values[:, 1:] if has_total else values
    if parts.shape[1] == 0:
        return values[:, 0]
    present = np.isfinite(parts)
    split_sum = np.where(present.any(axis=1), np.nansum(parts, axis=1), np.nan)
    if not has_total:
        return split_sum
    total = values[:, 0]
    decimals = np.column_stack([_numbers(block[p])[1] for p in positions]).max(axis=1)
    bad = (
        np.isfinite(total)
        & present.any(axis=1)
        & (np.abs(split_sum - total) > rounding_tolerance(present.sum(axis=1), decimals))
    )
    cells = body[positions[0]][bad]
    sums = [
        f"{split:.{int(d)}f}" for split, d in zip(split_sum[bad][:CAP], decimals[bad], strict=False)
    ]
    details = [
        text(
            f"总电量 {cell} 与分时电量（尖峰平谷）之和 {split} 不符",
            f"quantity {cell} does not match the sum {split} of its time-of-use splits (尖峰平谷)",
        )
        for cell, split in zip(cells[:CAP], sums, strict=True)
    ]
    column = header[positions[0]]
    problems.cells(label, cells.index, [column] * len(details), details, str)
    return np.where(np.isfinite(total), total, split_sum)
