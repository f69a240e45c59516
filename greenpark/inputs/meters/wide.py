"""Wide meter files: a period column, then one column per enterprise (one carrier, one unit).

The readings are a matrix (periods × enterprises); an hourly or 15-min file becomes blocks
(:mod:`greenpark.inputs.meters.blocks`), a monthly file records (see
:mod:`greenpark.inputs.meters.layouts`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from greenpark.i18n import text
from greenpark.inputs.carriers import load_carriers
from greenpark.inputs.meters.blocks import Block, slots_of, wide_blocks
from greenpark.inputs.meters.cells import parse_quantities
from greenpark.inputs.meters.files import Table
from greenpark.inputs.meters.matrix import Matrix
from greenpark.inputs.meters.names import enterprise_problem
from greenpark.inputs.meters.periods import Context, read_periods
from greenpark.inputs.meters.problems import Problems, at
from greenpark.inputs.park.schema import DataSource
from greenpark.units import convert


def _wide_cells(
    table: Table,
    source: DataSource,
    context: Context,
    problems: Problems,
    numbers: np.ndarray | None = None,
) -> tuple[list[str], pd.Series, np.ndarray] | None:
    """A wide file's enterprise ids, its periods (rows of the year) and their readings
    (rows × enterprises, canonical unit, NaN = empty); None if the file cannot be read.

    ``numbers`` are the readings already read as floats (a :class:`Matrix`; ``table.body``
    then holds only the period column), else they are parsed from the text cells."""
    if not _first_column_named(table, source, problems):
        return None
    columns = _wide_enterprises(table, context, problems)
    periods = read_periods(table, 0, source, context, problems)
    if not columns:
        return None
    _, factor = _wide_carrier(source)
    names = list(columns.values())
    keep = periods.notna().to_numpy()
    if numbers is not None:
        rows = table.body.index.get_indexer(periods.index[keep])
        selected = _selected(numbers, rows, np.asarray(list(columns)) - 1)
        selected *= factor
        return names, periods[keep], selected
    block = table.body.loc[periods.index, list(columns)]
    amounts = _plain_numbers(block)
    if amounts is None:
        amounts = parse_quantities(block, names, label=table.label, problems=problems)
    amounts *= factor
    return names, periods[keep], amounts[keep]


def _first_column_named(table: Table, source: DataSource, problems: Problems) -> bool:
    """Whether the first column is ``timestamp`` (``month`` for a monthly file); if not, a
    problem."""
    first = "month" if source.resolution == "monthly" else "timestamp"
    if table.header[0].casefold() == first:
        return True
    problems.add(
        text(
            f"{at(table.label, 1, table.header[0])}: 宽表第一列应为 {first}，"
            f"实际为 {table.header[0]!r}",
            f"{at(table.label, 1, table.header[0])}: a wide file's first column must be "
            f"{first!r}, found {table.header[0]!r}",
        )
    )
    return False


def _selected(numbers: np.ndarray, rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """``numbers[rows][:, columns]``: the array itself when that is all of it (the usual
    file; it is then the caller's to change), else a copy."""
    every_row = len(rows) == len(numbers) and bool((rows == np.arange(len(numbers))).all())
    every_column = len(columns) == numbers.shape[1] and bool(
        (columns == np.arange(numbers.shape[1])).all()
    )
    if every_row and every_column:
        return numbers
    picked: np.ndarray = numbers[np.ix_(rows, columns)]
    return picked


#: characters of a plain decimal number (``1520.5``, ``1.5e3``, ``-2``)
_PLAIN = str.maketrans("", "", "0123456789.+-eE")


def _plain_numbers(block: pd.DataFrame) -> np.ndarray | None:
    """Text cells -> floats in one pass when every cell is empty (NaN) or a plain finite
    number >= 0, the usual wide file; None when any cell needs the rules and the problem
    reports of :func:`~greenpark.inputs.meters.cells.parse_quantities` (thousands
    separators, words, negative or infinite numbers)."""
    cells = block.to_numpy(dtype=object)
    if cells.size == 0 or "".join(cells.ravel()).translate(_PLAIN):
        return None
    try:
        values = np.where(cells == "", "nan", cells).astype(float)
    except ValueError:  # e.g. "1.2.3" or "-": the full rules say what is wrong
        return None
    if (values < 0).any() or np.isinf(values).any():
        return None
    return values


def wide_records(
    table: Table, source: DataSource, context: Context, problems: Problems
) -> pd.DataFrame | None:
    """Records of a monthly wide file."""
    cells = _wide_cells(table, source, context, problems)
    if cells is None:
        return None
    names, months, amounts = cells
    return pd.DataFrame(
        {
            "file": table.label,
            "row": np.repeat(months.index.to_numpy(), len(names)),
            "enterprise": pd.Categorical.from_codes(
                np.tile(np.arange(len(names)), len(months)), categories=pd.Index(names)
            ),
            "carrier": str(source.carrier),
            "use": source.use,
            "month": months.repeat(len(names)).array,
            "quantity": amounts.ravel(),
            "resolution": source.resolution,
        }
    )


def wide_file_blocks(
    table: Table, source: DataSource, context: Context, problems: Problems
) -> list[Block] | None:
    """Blocks of an hourly or 15-min wide file: its matrix as read."""
    return _blocks(table, source, context, _wide_cells(table, source, context, problems))


def matrix_blocks(
    matrix: Matrix, source: DataSource, context: Context, problems: Problems
) -> list[Block] | None:
    """Blocks of an hourly or 15-min wide file read as a :class:`Matrix` (whose values
    become the blocks' and must not be used after)."""
    table = matrix.table
    cells = _wide_cells(table, source, context, problems, matrix.values)
    return _blocks(table, source, context, cells)


def _blocks(
    table: Table,
    source: DataSource,
    context: Context,
    cells: tuple[list[str], pd.Series, np.ndarray] | None,
) -> list[Block] | None:
    if cells is None:
        return None
    names, starts, amounts = cells
    slots = slots_of(starts, context.year_start, source.resolution)
    about = (table.label, str(source.carrier), source.use, source.resolution)
    return wide_blocks(about, names, slots, amounts, starts.index.to_numpy())


def _wide_carrier(source: DataSource) -> tuple[str, float]:
    """The carrier id of a wide file and the factor from its unit to the canonical unit.

    Both were checked by the schema (:class:`~greenpark.inputs.park.schema.DataSource`).
    """
    carrier_id = str(source.carrier)
    return carrier_id, convert(1.0, str(source.unit), load_carriers()[carrier_id].canonical_unit)


def _wide_enterprises(table: Table, context: Context, problems: Problems) -> dict[int, str]:
    """Column position -> enterprise id for the good enterprise columns of a wide file."""
    columns: dict[int, str] = {}
    known, taken = frozenset(context.enterprise_ids), set()
    for position, name in enumerate(table.header[1:], start=1):
        problem = None if name in known else enterprise_problem(name, context.enterprise_ids)
        if name in taken:
            problem = text(f"企业 {name!r} 的列重复出现", f"column {name!r} appears twice")
        if problem is None:
            columns[position] = name
            taken.add(name)
        else:
            problems.add(f"{at(table.label, 1, name or '?')}: {problem}")
    return columns
