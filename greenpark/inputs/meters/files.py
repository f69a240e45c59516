"""Read one meter file (CSV or Excel) into a table of text cells with spreadsheet row numbers.

Cells are kept as stripped text so that every later problem can quote what the user wrote;
parsing happens column by column in :mod:`greenpark.inputs.meters.cells`.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from greenpark.i18n import text
from greenpark.inputs.meters.problems import Problems
from greenpark.inputs.park.paths import outside_park
from greenpark.inputs.park.schema import DataSource

CSV_SUFFIXES = (".csv",)
EXCEL_SUFFIXES = (".xlsx", ".xlsm")


@dataclass(frozen=True)
class Table:
    """A file's cells as text.

    ``header`` holds the first row's names (stripped); ``body`` has one column per header
    position (0, 1, …) and is indexed by the spreadsheet row number (header = row 1).
    Completely empty rows and unnamed empty columns are dropped.
    """

    label: str
    header: tuple[str, ...]
    body: pd.DataFrame
    excel: bool


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
                f"{where}: 不支持的文件类型 {label}，应为 .csv 或 .xlsx（.xls 请另存为 .xlsx）",
                f"{where}: cannot read {label}: expected a .csv or .xlsx file "
                f"(save .xls workbooks as .xlsx)",
            )
        )
        return None
    raw = _read_raw(path, source, label, problems)
    if raw is None:
        return None
    if raw.empty:
        problems.add(
            text(f"{label}: 文件为空，缺少表头行", f"{label}: the file is empty (no header row)")
        )
        return None
    return _table(raw, label, excel=suffix in EXCEL_SUFFIXES)


def _read_raw(
    path: Path, source: DataSource, label: str, problems: Problems
) -> pd.DataFrame | None:
    try:
        if path.suffix.lower() in EXCEL_SUFFIXES:
            return pd.read_excel(
                path, sheet_name=source.sheet or 0, header=None, dtype=str, keep_default_na=False
            )
        return pd.read_csv(
            path,
            header=None,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
            encoding="utf-8-sig",
        )
    except pd.errors.EmptyDataError:
        return pd.DataFrame()
    except UnicodeDecodeError as exc:
        problems.add(
            text(
                f"{label}: 不是 UTF-8 编码的文本（第 {exc.start} 字节）；"
                f"在 Excel 中另存为“CSV UTF-8”",
                f"{label}: not UTF-8 text (byte {exc.start}); in Excel use Save As 'CSV UTF-8'",
            )
        )
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
        problems.add(text(f"{label}: 无法读取文件：{exc}", f"{label}: cannot read the file: {exc}"))
    return None


def _table(raw: pd.DataFrame, label: str, *, excel: bool) -> Table:
    raw = raw.fillna("").astype(str)
    raw = raw.apply(lambda column: column.str.strip())
    raw.columns = pd.RangeIndex(raw.shape[1])
    header = tuple(str(name) for name in raw.iloc[0])
    body = raw.iloc[1:]
    body.index = pd.Index(np.arange(2, len(raw) + 1), name="row")
    body = body.loc[(body != "").any(axis=1)]
    named = [i for i, name in enumerate(header) if name or (body[i] != "").any()]
    body = body[named]
    body.columns = pd.RangeIndex(len(named))
    return Table(label, tuple(header[i] for i in named), body, excel)
