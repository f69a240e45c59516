"""Read a wide hourly or 15-min meter file straight into a float matrix (the fast path).

A year of readings in a wide file is millions of cells (8,760 or 35,040 rows × one column per
enterprise). Read as text (:mod:`greenpark.inputs.meters.files`), every cell becomes a Python
string, which costs seconds and gigabytes. Here only the first column (the timestamps) is read
as text; every other column is read as float64 in one pass: a CSV file by pyarrow's CSV reader
(which rounds decimal text to the nearest float, as Python does; often parsed already, from
the start of the command, :mod:`~greenpark.inputs.meters.early`), a workbook by fastexcel
(old ``.xls``: python-calamine), whose number cells are floats already
(:mod:`greenpark.inputs.meters.sheet_numbers`).

The matrix is used only when it holds exactly what the text path would read and there is no
problem to word: otherwise :func:`read_matrix` returns None and the file is read as text, whose
checks name the file, row, column, what was found and what was expected. So the fast path
requires

- a CSV file in UTF-8 (with or without BOM) in which every line is one record, no line is
  blank and every data row is as wide as the header (then spreadsheet rows are line numbers);
  or a workbook whose reading cells are numbers or empty;
- every reading a finite number >= 0, or an empty cell (a gap);
- no total row (合计/总计/小计) in the first column, and a first column with a header.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
from python_calamine import CalamineError

from greenpark.inputs.meters import early
from greenpark.inputs.meters.files import CSV_SUFFIXES, EXCEL_SUFFIXES, UTF8, Table
from greenpark.inputs.meters.sheet_numbers import (
    SHEET_ERRORS,
    Read,
    data_line,
    head_rows,
    read_sheet,
)
from greenpark.inputs.meters.totals import total_kinds
from greenpark.inputs.park.paths import outside_park
from greenpark.inputs.park.schema import DataSource


@dataclass(frozen=True)
class Matrix:
    """A wide file read as numbers.

    ``table`` is the file's :class:`~greenpark.inputs.meters.files.Table` with only its first
    column's text in ``body`` (indexed by spreadsheet row); ``values`` holds the other columns
    of ``table.header`` as floats, one row per row of ``body``, NaN where a cell is empty.
    Every value is finite and >= 0.
    """

    table: Table
    values: np.ndarray


def read_matrix(park_dir: Path, source: DataSource) -> Matrix | None:
    """``source``'s wide hourly or 15-min file as a :class:`Matrix`, or None when the file
    must be read as text (see the module docstring); never reports a problem itself."""
    path = park_dir / source.file
    suffix = path.suffix.lower()
    if source.layout != "wide" or source.resolution == "monthly":
        return None
    if outside_park(park_dir, source.file) is not None or not path.is_file():
        return None
    try:
        if suffix in CSV_SUFFIXES:
            return _matrix(_read_csv(path, source), source.file.as_posix(), source, excel=False)
        if suffix in EXCEL_SUFFIXES:
            label = source.file.as_posix() + (f" [{source.sheet}]" if source.sheet else "")
            return _matrix(read_sheet(path, source), label, source, excel=True)
    except (OSError, ValueError, CalamineError, pa.ArrowException, *SHEET_ERRORS):
        return None  # the text path reads the file again and says what is wrong
    return None


def _read_csv(path: Path, source: DataSource) -> Read | None:
    ahead = early.take(path)  # read and parsed since the command started, when it was
    data = path.read_bytes() if ahead is None else ahead.data
    lines = data.count(b"\n") + (not data.endswith(b"\n"))
    wanted = head_rows(source)
    head_text = _first_lines(data, wanted).decode("utf-8-sig")
    head = list(csv.reader(io.StringIO(head_text)))
    start = data_line(head, source)
    if start > len(head) or start >= lines:
        return None
    width = len(head[start - 1 - source.skip_rows])
    if ahead is not None and (ahead.start, ahead.width) == (start, width):
        first, values, empty = ahead.parsed.result()
    else:
        first, values, empty = early.float_columns(data, start, width)
    if len(first) != lines - start:  # a blank line or a line break inside a cell
        return None
    if np.count_nonzero(np.isnan(values)) != empty:
        return None  # "nan" written in a cell
    return Read(head, start, first, values)


def _first_lines(data: bytes, count: int) -> bytes:
    """The first ``count`` lines of ``data`` (without the last line break; all of a shorter
    file), found without copying the rest of a file of many megabytes."""
    end = 0 if count == 0 else -1
    for _ in range(count):
        end = data.find(b"\n", end + 1)
        if end < 0:
            return data
    return data[:end]


def _matrix(read: Read | None, label: str, source: DataSource, *, excel: bool) -> Matrix | None:
    """The checks of the module docstring, then the :class:`Matrix` (None if one fails)."""
    if read is None or (read.values < 0).any() or np.isinf(read.values).any():
        return None
    header_line = read.start - 1 - source.skip_rows
    header = [name.strip() for name in read.head[header_line]]
    first = pd.Series(read.first, dtype=str).str.strip()
    empty = np.isnan(read.values)
    kept = (first != "").to_numpy() | ~empty.all(axis=1)
    empty_columns = (empty if kept.all() else empty[kept]).all(axis=0)
    named = [bool(name) or not empty_columns[j - 1] for j, name in enumerate(header) if j]
    if not header or not header[0]:
        return None
    rows = pd.Index(np.arange(read.start + 1, read.start + 1 + len(first))[kept], name="row")
    body = pd.DataFrame({0: pd.Series(first[kept].to_numpy(), index=rows, dtype=str)})
    if total_kinds(body, (0,)):
        return None
    columns = [header[0], *(name for name, keep in zip(header[1:], named, strict=True) if keep)]
    values = read.values if kept.all() else read.values[kept]
    values = values if all(named) else values[:, np.flatnonzero(named)]
    encoding = None if excel else UTF8
    return Matrix(Table(label, tuple(columns), body, excel, encoding), values)
