"""Read a filled input workbook into ``park.yaml`` sections, every cell problem located.

Columns are found by the ``park.yaml`` key on row 2 (so they may be reordered); rows from 5
on are items, blank rows skipped; the example on row 4 is ignored while it is unchanged. Cells
become YAML values: 是/否 (or TRUE/FALSE) -> true/false, Excel dates -> dates, YAML flow text
in list and mapping columns -> lists and mappings; everything else is left as written for the
schema to check (so ``"2.5 MW"`` in a kW column is converted, ``"abc"`` refused by the same
rules as in ``park.yaml``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zipfile import BadZipFile

import yaml
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from greenpark.errors import InputError
from greenpark.i18n import text
from greenpark.setup.keys import Key
from greenpark.setup.workbook_layout import (
    EXAMPLE_ROW,
    FIRST_DATA_ROW,
    KEY_ROW,
    NO,
    SHEETS,
    YES,
    Sheet,
    column_letter,
)

_TRUE = {YES, "true", "yes", "y", "1", "对"}
_FALSE = {NO, "false", "no", "n", "0", "错"}


@dataclass
class WorkbookData:
    """The workbook's sections (``park.yaml``-shaped), the row of each item, the column letter of
    each key, and every cell problem found."""

    sections: dict[str, list[dict[str, object]]] = field(default_factory=dict)
    rows: dict[str, list[int]] = field(default_factory=dict)
    columns: dict[str, dict[str, str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def where(sheet: str, row: int, column: str = "", key: str = "", item: str = "") -> str:
    """``工作表「屋顶光伏」第 8 行 (R3)，E 列 tilt_deg`` (in the current language)."""
    zh, en = f"工作表「{sheet}」第 {row} 行{item}", f"sheet {sheet} row {row}{item}"
    if column:
        zh, en = f"{zh}，{column} 列 {key}", f"{en}, column {column} {key}"
    return text(zh, en)


def read_workbook(path: Path) -> WorkbookData:
    """Read every sheet of the layout from the workbook at ``path``.

    Raises
    ------
    InputError
        The file is missing or not an ``.xlsx`` workbook (cell problems are returned).
    """
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (OSError, InvalidFileException, BadZipFile, KeyError) as exc:
        raise InputError(
            [
                text(
                    f"{path}: 无法作为 .xlsx 工作簿读取（{type(exc).__name__}）；"
                    "请用 greenpark init 生成的工作簿，.xls 请另存为 .xlsx",
                    f"{path}: cannot be read as an .xlsx workbook ({type(exc).__name__}); use "
                    "the workbook greenpark init writes (save an .xls as .xlsx)",
                )
            ]
        ) from None
    found = WorkbookData()
    try:
        for sheet in SHEETS:
            if sheet.name not in book.sheetnames:
                found.problems.append(
                    text(
                        f"缺少工作表「{sheet.name}」（没有数据时保留空表）",
                        f"sheet {sheet.name} is missing (keep it empty when unused)",
                    )
                )
                continue
            rows = [tuple(r) for r in book[sheet.name].iter_rows(values_only=True)]
            _read_sheet(sheet, rows, found)
    finally:
        book.close()
    found.problems = [f"{path.name}: {problem}" for problem in found.problems]
    return found


def _read_sheet(sheet: Sheet, rows: list[tuple[Any, ...]], found: WorkbookData) -> None:
    keys = {key.name: key for key in sheet.keys}
    header = rows[KEY_ROW - 1] if len(rows) >= KEY_ROW else ()
    columns: dict[int, Key] = {}
    for index, name in enumerate(header):
        if name is None:
            continue
        key = keys.get(str(name).strip())
        letter = column_letter(index)
        if key is None or key in columns.values():
            found.problems.append(_header_problem(sheet, letter, str(name), key is None))
        else:
            columns[index] = key
    found.columns[sheet.section] = {k.name: column_letter(i) for i, k in columns.items()}
    if len(rows) >= EXAMPLE_ROW:
        _check_example(sheet, rows[EXAMPLE_ROW - 1], columns, found)
    items, numbers = [], []
    for number, values in enumerate(rows[FIRST_DATA_ROW - 1 :], start=FIRST_DATA_ROW):
        item = _item(sheet, number, values, columns, found.problems)
        if item:
            items.append(item)
            numbers.append(number)
    found.sections[sheet.section], found.rows[sheet.section] = items, numbers


def _header_problem(sheet: Sheet, letter: str, name: str, unknown: bool) -> str:
    where_ = where(sheet.name, KEY_ROW, letter, repr(name))
    if unknown:
        known = ", ".join(key.name for key in sheet.keys)
        return text(
            f"{where_}：不是「{sheet.name}」的键（第 2 行须为 park.yaml 键名：{known}）",
            f"{where_}: not a key of {sheet.name} (row 2 holds park.yaml keys: {known})",
        )
    return text(f"{where_}：键重复", f"{where_}: key given twice")


def _check_example(
    sheet: Sheet, values: tuple[Any, ...], columns: dict[int, Key], found: WorkbookData
) -> None:
    changed = [
        key.name
        for index, key in columns.items()
        if not _same(values[index] if index < len(values) else None, sheet.example.get(key.name))
    ]
    if changed:
        found.problems.append(
            text(
                f"{where(sheet.name, EXAMPLE_ROW)}：示例行被修改（{', '.join(changed)}）；"
                f"示例行导入时忽略，请恢复它，并从第 {FIRST_DATA_ROW} 行起填写数据",
                f"{where(sheet.name, EXAMPLE_ROW)}: the example row was changed "
                f"({', '.join(changed)}); it is ignored on import: restore it and enter data "
                f"from row {FIRST_DATA_ROW}",
            )
        )


def _same(cell: object, example: object) -> bool:
    if isinstance(cell, datetime):
        cell = cell.date()
    if isinstance(cell, str):
        cell = cell.strip() or None
    return cell == example


def _item(
    sheet: Sheet,
    number: int,
    values: tuple[Any, ...],
    columns: dict[int, Key],
    problems: list[str],
) -> dict[str, object]:
    item: dict[str, object] = {}
    for index, key in columns.items():
        value = values[index] if index < len(values) else None
        if isinstance(value, str):
            value = value.strip() or None
        if value is None:
            continue
        cell = _cell_value(key, value)
        if isinstance(cell, _Unreadable):
            problems.append(f"{where(sheet.name, number, column_letter(index), key.name)}：{cell}")
        else:
            item[key.name] = cell
    return item


class _Unreadable(str):
    """A cell that cannot be read as its key's kind: the reason."""


def _cell_value(key: Key, value: object) -> object:
    if key.kind == "bool":
        return _flag(value)
    if key.kind in ("list", "mapping", "section") and isinstance(value, str):
        return _flow_value(value)
    if isinstance(value, datetime):
        return value.date()
    if key.kind in ("text", "path", "choice") and isinstance(value, float) and value.is_integer():
        return str(int(value))  # an id or code Excel stored as a number
    if key.kind in ("text", "path", "choice") and isinstance(value, int | float | date):
        return str(value)
    if key.kind == "integer" and isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _flag(value: object) -> object:
    if isinstance(value, bool):
        return value
    spelled = str(value).strip().casefold()
    if spelled in _TRUE or spelled in _FALSE:
        return spelled in _TRUE
    return _Unreadable(
        text(f"应为 是 或 否，实际为 {value!r}", f"expected 是 (yes) or 否 (no), got {value!r}")
    )


def _flow_value(cell: str) -> object:
    """A YAML flow value from one cell; anchors and aliases are refused (no expansion)."""
    try:
        events = list(yaml.parse(cell, Loader=yaml.SafeLoader))
        if any(isinstance(e, yaml.AliasEvent) or getattr(e, "anchor", None) for e in events):
            return _Unreadable(text("单元格中不能用 YAML 锚点或别名", "no YAML anchors or aliases"))
        return yaml.safe_load(cell)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem", None) or type(exc).__name__
        return _Unreadable(
            text(
                f"不是有效的 YAML（{mark}），如 [1, 2] 或 {{键: 值}}",
                f"not valid YAML ({mark}), e.g. [1, 2] or {{key: value}}",
            )
        )
