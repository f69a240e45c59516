"""A worksheet's readings as numbers, for the matrix fast path (:mod:`.matrix`).

An ``.xlsx``/``.xlsm`` sheet's numbers are read from its XML by :mod:`.sheet_xml` (a few
passes of C code per block of rows on three threads: ~30 % less CPU than fastexcel for a year
of 15-min readings of 500 enterprises, and most of it beside the caller's thread). A sheet that
reader is not sure of is read by fastexcel, which parses it with calamine (the Rust library
python-calamine wraps) straight into Arrow columns; both give the same :class:`Read`. The first
rows (title, header, units line) are read with openpyxl's streaming reader, which stops after
them. The columns must then be of one kind each: readings numbers or empty, the first column
text, numbers or dates (fastexcel's strict typing refuses a column mixing kinds); otherwise
the file goes to the text path. An old ``.xls`` workbook is read row by row with
python-calamine.

Each cell reads as the text path reads it with python-calamine
(:func:`~greenpark.inputs.meters.files.cell_text`): a whole-day date as ``2025-01-01``, a date
and time as ``2025-01-01 01:00:00``, a whole number without ``.0``.
"""

from __future__ import annotations

import datetime as dt
import itertools
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import fastexcel
import numpy as np
import pandas as pd
import pyarrow as pa
from python_calamine import CalamineWorkbook

from greenpark.inputs.meters.files import HEADER_SEARCH_ROWS, cell_text, header_position
from greenpark.inputs.meters.sheet_rows import NotSureError, Rows
from greenpark.inputs.meters.sheet_xml import read_rows, strict_sheet
from greenpark.inputs.park.schema import DataSource

#: the first day whose Excel serial number means the same date in every reader (Excel counts
#: a 29 February 1900 that never was, so earlier serials differ by a day between readers)
_FIRST_SAFE_DAY = dt.datetime(1900, 3, 1)
#: what reading a workbook that is not one (or is damaged) raises here, beside OSError and
#: ValueError
SHEET_ERRORS = (fastexcel.FastExcelError, zipfile.BadZipFile, KeyError)


@dataclass(frozen=True)
class Read:
    """A file's cells before the checks: the text of its first rows (to find the header),
    the line (0-based) of its first data row, and the data rows' first column and numbers."""

    head: list[list[str]]
    start: int
    first: list[str]
    values: np.ndarray


def data_line(head: list[list[str]], source: DataSource) -> int:
    """Line (0-based) of the first data row: below the header and ``skip_rows``."""
    width = max((len(row) for row in head), default=0)
    raw = pd.DataFrame([row + [""] * (width - len(row)) for row in head], dtype=object)
    return header_position(raw, source) + 1 + source.skip_rows


def head_rows(source: DataSource) -> int:
    """How many first rows hold the header and the lines below it that are not data."""
    return (source.header_row or HEADER_SEARCH_ROWS) + source.skip_rows


def read_sheet(path: Path, source: DataSource) -> Read | None:
    """The sheet's cells as a :class:`Read`; None when the text path must read it."""
    if path.suffix.lower() == ".xls":
        return _calamine_rows(path, source)
    reader = fastexcel.read_excel(path)
    name = source.sheet or reader.sheet_names[0]
    head = _openpyxl_head(path, name, head_rows(source))
    if head is None or not any(row and row[0] for row in head):
        return None  # column A empty at the top: fastexcel would start at column B
    start = data_line(head, source)
    if start > len(head):
        return None
    try:
        return _from_rows(head, start, *read_rows(path, name, start))
    except NotSureError:
        return _fastexcel_sheet(reader, name, head, start)


def _fastexcel_sheet(
    reader: fastexcel.ExcelReader, name: str, head: list[list[str]], start: int
) -> Read | None:
    """The sheet's cells as fastexcel reads them (the sheets :mod:`.sheet_xml` is not sure of)."""
    try:
        batch = strict_sheet(reader, name, start)
    except fastexcel.FastExcelError:
        return None  # a column mixing kinds of cells
    return _from_batch(head, start, batch)


def _openpyxl_head(path: Path, sheet: str, rows: int) -> list[list[str]] | None:
    """The first ``rows`` rows of ``sheet`` as cell texts (streamed: the rest is not read).
    openpyxl is imported here: it takes ~0.2 s, which a park of CSV files need not pay."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except InvalidFileException:
        return None
    try:
        if sheet not in book.sheetnames:
            return None
        found = book[sheet].iter_rows(min_row=1, max_row=rows, min_col=1, values_only=True)
        return [_trimmed([cell_text(_as_calamine(cell)) for cell in row]) for row in found]
    finally:
        book.close()


def _trimmed(row: list[str]) -> list[str]:
    """A row without its empty cells at the end (a styled but empty cell is not data)."""
    while row and not row[-1]:
        row.pop()
    return row


def _as_calamine(cell: object) -> object:
    """openpyxl's value of a cell as python-calamine gives it (a whole-day date as a date)."""
    if isinstance(cell, dt.datetime) and cell.time() == dt.time(0):
        return cell.date()
    return cell


def _from_batch(head: list[list[str]], start: int, batch: pa.RecordBatch) -> Read | None:
    """The :class:`Read` of fastexcel's columns (None for a kind of cell it cannot be sure
    of); the head rows are padded to the sheet's width, as python-calamine gives them."""
    width = batch.num_columns
    if batch.num_rows == 0 or width < 2 or any(len(row) > width for row in head):
        return None
    first = _first_texts(batch.column(0))
    if first is None:
        return None
    columns = np.empty((width - 1, batch.num_rows))
    for j, column in enumerate(batch.columns[1:]):
        if column.null_count == len(column):
            columns[j] = np.nan
        elif pa.types.is_floating(column.type) or pa.types.is_integer(column.type):
            columns[j] = column.to_numpy(zero_copy_only=False)  # nulls (empty cells): NaN
        else:
            return None  # text, dates or booleans among the readings
    padded = [row + [""] * (width - len(row)) for row in head]
    return Read(padded, start, first, columns.T)


def _from_rows(
    head: list[list[str]], start: int, rows: Rows, first: pa.Array | None
) -> Read | None:
    """The :class:`Read` of the rows :mod:`.sheet_xml` read: what :func:`_from_batch` makes of
    fastexcel's columns for the same sheet (None for a first column mixing kinds of cells)."""
    if first is None:
        return None
    filled = [numbers[-1] for numbers, _ in rows.blocks] + [row for row, _, _ in rows.odd]
    height = max(max(filled, default=0) - start, len(first))
    used = [block.shape[1] for _, block in rows.blocks] + [cells[-1] for _, cells, _ in rows.odd]
    width = max(1 + max(used, default=0), *(len(row) for row in head))
    if height <= 0 or width < 2:
        return None
    values = np.full((height, width - 1), np.nan)
    for numbers, block in rows.blocks:
        values[numbers - start - 1, : block.shape[1]] = block
    for row, columns, found in rows.odd:
        values[row - start - 1, np.array(columns, dtype=np.intp) - 1] = found
    texts = _first_texts(pa.concat_arrays([first, pa.nulls(height - len(first), first.type)]))
    if texts is None:
        return None
    padded = [row + [""] * (width - len(row)) for row in head]
    return Read(padded, start, texts, values)


def _first_texts(column: pa.Array) -> list[str] | None:
    """The first column's cells as the text path reads them; None for a kind it cannot be
    sure of (times of day, fractions of a second, dates before March 1900)."""
    kind = column.type
    if pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_null(kind):
        return [cell or "" for cell in column.to_pylist()]
    if pa.types.is_floating(kind) or pa.types.is_integer(kind) or pa.types.is_date(kind):
        return [cell_text(cell) for cell in column.to_pylist()]
    if not pa.types.is_timestamp(kind):
        return None
    cells: list[dt.datetime | None] = column.to_pylist()
    if any(c is not None and (c < _FIRST_SAFE_DAY or c.microsecond) for c in cells):
        return None
    return [cell_text(_as_calamine(cell)) for cell in cells]


def _calamine_rows(path: Path, source: DataSource) -> Read | None:
    """An old ``.xls`` sheet's cells, row by row (no Python object per cell kept); None for
    a sheet whose used range does not start at A1 (the text path pads it as the sheet shows)."""
    workbook = CalamineWorkbook.from_path(str(path))
    sheet = (
        workbook.get_sheet_by_name(source.sheet) if source.sheet else workbook.get_sheet_by_index(0)
    )
    if sheet.start != (0, 0):  # also an empty sheet (None)
        return None
    rows = iter(sheet.iter_rows())
    raw_head = list(itertools.islice(rows, head_rows(source)))
    head = [[cell_text(cell) for cell in row] for row in raw_head]
    start = data_line(head, source)
    if start > len(raw_head):
        return None
    first, numbers = [], []
    for row in itertools.chain(raw_head[start:], rows):
        read = _row_numbers(row[1:])
        if read is None:
            return None  # text, dates or booleans among the readings
        first.append(cell_text(row[0]))
        numbers.append(read)
    if not numbers:
        return None
    return Read(head, start, first, np.array(numbers, dtype=float))


def _row_numbers(cells: list[Any]) -> np.ndarray | None:
    """A row's number cells as floats (NaN for an empty cell); None if any is not a number."""
    kinds = set(map(type, cells))
    if kinds <= {float, int, str} and all(cell == "" for cell in cells if type(cell) is str):
        return np.array(
            [np.nan if cell == "" else cell for cell in cells] if str in kinds else cells,
            dtype=float,
        )
    return None
