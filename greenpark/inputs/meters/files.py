"""Read one meter file (CSV or Excel) into a table of text cells with spreadsheet row numbers.

Cells are kept as stripped text so that every later problem can quote what the user wrote;
parsing happens column by column in :mod:`greenpark.inputs.meters.cells`. (A wide hourly or
15-min file is first read as numbers by :mod:`greenpark.inputs.meters.matrix`; it comes here
only when that cannot be sure of every cell.)

A CSV file is read as UTF-8 (with or without the BOM Excel writes) or, when it is not UTF-8,
as GB18030 (the superset of GBK that Chinese Windows and many meter systems write); the
encoding used is stated in a message. ``.xlsx``, ``.xlsm`` and old ``.xls`` workbooks are read
with python-calamine; a whole number stored as a number reads as its digits (户号
``3101234567``, month ``202501``), a date or time as ISO text. The header is the row
``header_row`` names, or else the first of the first :data:`HEADER_SEARCH_ROWS` rows that names
the timestamp (or month) column; ``skip_rows`` rows below it are not data (a units line).
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from python_calamine import CalamineError, CalamineWorkbook

from greenpark.i18n import text
from greenpark.inputs.meters.headers import names_a_column
from greenpark.inputs.meters.problems import Problems
from greenpark.inputs.park.paths import outside_park
from greenpark.inputs.park.schema import DataSource

CSV_SUFFIXES = (".csv",)
EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls")
#: rows searched for the header when ``header_row`` is not given
HEADER_SEARCH_ROWS = 30
UTF8, GB18030 = "UTF-8", "GB18030"


@dataclass(frozen=True)
class Table:
    """A file's cells as text.

    ``header`` holds the header row's names (stripped); ``body`` has one column per header
    position (0, 1, …) and is indexed by the spreadsheet row number (header = row 1 unless
    ``header_row`` says otherwise). Completely empty rows and unnamed empty columns are dropped.
    ``encoding`` is the text encoding of a CSV file (``UTF-8`` or ``GB18030``), None for Excel.
    """

    label: str
    header: tuple[str, ...]
    body: pd.DataFrame
    excel: bool
    encoding: str | None = None


def read_table(park_dir: Path, source: DataSource, where: str, problems: Problems) -> Table | None:
    """Read ``source.file`` (relative to ``park_dir``); on failure add a problem, return None.

    A file outside the park folder (:func:`~greenpark.inputs.park.paths.outside_park`) is
    never opened.

    ``where`` names the source in the configuration, e.g. ``park.yaml: data[2]``.
    """
    path = park_dir / source.file
    suffix = path.suffix.lower()
    label = source.file.as_posix()
    if source.sheet and suffix in EXCEL_SUFFIXES:
        label += f" [{source.sheet}]"
    refused = outside_park(park_dir, source.file)
    if refused is not None:
        problems.add(f"{where}: {label}: {refused}")
        return None
    if not path.is_file():
        problems.add(
            text(
                f"{where}: 文件 {label} 不存在（查找位置 {path}）",
                f"{where}: file {label} does not exist (looked for {path})",
            )
        )
        return None
    if suffix not in CSV_SUFFIXES + EXCEL_SUFFIXES:
        problems.add(
            text(
                f"{where}: 不支持的文件类型 {label}，应为 .csv、.xlsx 或 .xls",
                f"{where}: cannot read {label}: expected a .csv, .xlsx or .xls file",
            )
        )
        return None
    read = _read_raw(path, source, label, problems)
    if read is None:
        return None
    raw, encoding = read
    if raw.empty:
        problems.add(
            text(f"{label}: 文件为空，缺少表头行", f"{label}: the file is empty (no header row)")
        )
        return None
    first = header_position(raw, source)
    return _table(raw, label, first, source.skip_rows, encoding)


def header_position(raw: pd.DataFrame, source: DataSource) -> int:
    """Position (0-based) of the header row: ``header_row``, else the first of the first
    :data:`HEADER_SEARCH_ROWS` rows naming the timestamp or month column, else the first."""
    if source.header_row is not None:
        return source.header_row - 1
    wanted = "month" if source.resolution == "monthly" else "timestamp"
    for i in range(min(len(raw), HEADER_SEARCH_ROWS)):
        row = raw.iloc[i]
        if any(names_a_column(str(cell), wanted, source.columns) for cell in row if cell):
            return i
    return 0


def _read_raw(
    path: Path, source: DataSource, label: str, problems: Problems
) -> tuple[pd.DataFrame, str | None] | None:
    try:
        if path.suffix.lower() in EXCEL_SUFFIXES:
            return _read_workbook(path, source.sheet), None
        return _read_csv(path, label, problems)
    except CalamineError as exc:
        problems.add(text(f"{label}: 无法读取文件：{exc}", f"{label}: cannot read the file: {exc}"))
    except OSError as exc:
        problems.add(text(f"{label}: 无法读取文件：{exc}", f"{label}: cannot read the file: {exc}"))
    return None


def _read_csv(path: Path, label: str, problems: Problems) -> tuple[pd.DataFrame, str] | None:
    """The CSV's cells as text: UTF-8 (BOM or not), else GB18030/GBK."""
    for encoding, python_name in ((UTF8, "utf-8-sig"), (GB18030, "gb18030")):
        try:
            frame = pd.read_csv(
                path,
                header=None,
                dtype=str,
                keep_default_na=False,
                skip_blank_lines=False,
                encoding=python_name,
            )
        except pd.errors.EmptyDataError:
            return pd.DataFrame(), encoding
        except UnicodeDecodeError as exc:
            failed = exc
            continue
        except pd.errors.ParserError:
            return _ragged_csv(path, python_name), encoding
        return frame, encoding
    problems.add(
        text(
            f"{label}: 既不是 UTF-8 也不是 GB18030/GBK 编码的文本（第 {failed.start} 字节）；"
            f"在 Excel 中另存为“CSV UTF-8”",
            f"{label}: neither UTF-8 nor GB18030/GBK text (byte {failed.start}); in Excel use "
            f"Save As 'CSV UTF-8'",
        )
    )
    return None


def _ragged_csv(path: Path, encoding: str) -> pd.DataFrame:
    """A CSV whose rows have different numbers of cells (title lines above the header): read
    by pandas as wide as the widest of its first rows; by Python's csv module only when a
    later row is wider still (a meter system's 15-min year with a title line, 35,042 rows:
    0.06 s with the csv module, 0.02 s with pandas, whose text columns clean faster too)."""
    with path.open(encoding=encoding, newline="") as file:
        leading = itertools.islice(csv.reader(file), HEADER_SEARCH_ROWS + 1)
        width = max((len(row) for row in leading), default=0)
    try:
        frame = pd.read_csv(
            path,
            header=None,
            names=range(width),
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
            encoding=encoding,
        )
    except pd.errors.ParserError:  # a wider row further down
        return _csv_rows(path, encoding)
    return frame.fillna("")  # the cells a short row lacks


def _csv_rows(path: Path, encoding: str) -> pd.DataFrame:
    """A CSV row by row, each padded to the widest."""
    with path.open(encoding=encoding, newline="") as file:
        rows = list(csv.reader(file))
    width = max(len(row) for row in rows)
    return pd.DataFrame([row + [""] * (width - len(row)) for row in rows], dtype=object)


def _read_workbook(path: Path, sheet: str | None) -> pd.DataFrame:
    """A worksheet's cells (python-calamine), as text."""
    workbook = CalamineWorkbook.from_path(str(path))
    book_sheet = workbook.get_sheet_by_name(sheet) if sheet else workbook.get_sheet_by_index(0)
    rows = book_sheet.to_python(skip_empty_area=False)
    return pd.DataFrame(rows, dtype=object).map(cell_text)


def cell_text(value: object) -> str:
    """A workbook cell as the text a person reads in it (whole numbers without ``.0``)."""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return "" if value is None else str(value)


def _table(raw: pd.DataFrame, label: str, first: int, skip: int, encoding: str | None) -> Table:
    raw = raw.fillna("").astype(str)
    raw = raw.apply(lambda column: column.str.strip())
    raw.columns = pd.RangeIndex(raw.shape[1])
    header = tuple(str(name) for name in raw.iloc[first]) if first < len(raw) else ()
    body = raw.iloc[first + 1 + skip :]
    body.index = pd.Index(np.arange(first + 2 + skip, len(raw) + 1), name="row")
    body = body.loc[(body != "").any(axis=1)]
    named = [i for i, name in enumerate(header) if name or (body[i] != "").any()]
    body = body[named]
    body.columns = pd.RangeIndex(len(named))
    return Table(label, tuple(header[i] for i in named), body, encoding is None, encoding)
