"""Write the Excel input workbook (xlsxwriter): empty for a new park, or filled from a park.

The layout is :mod:`greenpark.setup.workbook_layout`'s. Each column gets data validation from
its key: a drop-down list for choices and 是/否, numbers within the schema's bounds, whole
numbers for integers, dates for dates; text columns are formatted as text, so Excel does not
turn ``2025-01`` or ``001`` into a date or a number.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import xlsxwriter
import yaml
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from greenpark.report.park_keys import hint_zh
from greenpark.setup.keys import Key
from greenpark.setup.workbook_layout import (
    EXAMPLE_ROW,
    FIRST_DATA_ROW,
    NO,
    SHEETS,
    YES,
    Sheet,
)

#: the example row (row 4): grey italic on pale yellow, with a note on its first cell
EXAMPLE_STYLE = {"italic": True, "font_color": "#808080", "bg_color": "#FFF2CC"}
VALIDATED_ROWS = 2000  # data validation covers this many data rows
GUIDE = (
    "园区输入工作簿（由 greenpark 生成）",
    "",
    "每个工作表对应 park.yaml 的一节：企业、屋顶光伏、绿电合同、绿证、储能、计量文件。",
    "第 1 行：中文列名（鼠标悬停看说明）；第 2 行：park.yaml 键名（导入时按它识别列，请勿修改）；",
    "第 3 行：单位、可选值、默认值，“必填”为必须填写的列；第 4 行：灰色斜体的示例行（导入时忽略，请勿修改）。",
    "从第 5 行起每行填写一项；不填的单元格用默认值。是/否 列填 是 或 否；列表与映射写成 YAML，",
    "如 monthly_mwh 写 [5200, 5000, …]（12 个数），products 写 [{name: 产品, annual_output: 100, unit: t}]。",
    "填好后运行：greenpark import-workbook 本文件.xlsx 园区文件夹",
    "导入会替换 park.yaml 中这六节，保留 park: 等其他内容；所有问题一次列出（工作表、行、列）。",
    "",
    "Park input workbook. Row 1: labels; row 2: park.yaml keys (read on import, do not change);",
    "row 3: unit, allowed values, default; row 4: example (ignored on import). Data from row 5.",
    "Then: greenpark import-workbook THIS.xlsx PARK_DIR (replaces these six sections of park.yaml).",
)


def write_workbook(path: Path, raw: Mapping[str, object] | None = None) -> None:
    """Write the input workbook to ``path``; with ``raw`` (``park.yaml`` as read), fill each
    sheet with the items of its section, one per row from row 5."""
    book = xlsxwriter.Workbook(str(path))
    formats = _formats(book)
    guide = book.add_worksheet("说明")
    guide.set_column(0, 0, 110)
    for row, line in enumerate(GUIDE):
        guide.write_string(row, 0, line, formats["title"] if row == 0 else None)
    for sheet in SHEETS:
        items = raw.get(sheet.section) if raw is not None else None
        _write_sheet(book.add_worksheet(sheet.name), sheet, formats, _rows(items))
    book.close()


def _rows(items: object) -> Sequence[Mapping[str, object]]:
    return [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []


def _formats(book: xlsxwriter.Workbook) -> dict[str, Format]:
    return {
        "title": book.add_format({"bold": True, "font_size": 14}),
        "label": book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1}),
        "required": book.add_format({"bold": True, "bg_color": "#FCE4D6", "border": 1}),
        "key": book.add_format({"font_color": "#595959", "border": 1}),
        "hint": book.add_format({"font_color": "#595959", "text_wrap": True, "border": 1}),
        "example": book.add_format(EXAMPLE_STYLE),
        "example_date": book.add_format({**EXAMPLE_STYLE, "num_format": "yyyy-mm-dd"}),
        "text": book.add_format({"num_format": "@"}),
        "date": book.add_format({"num_format": "yyyy-mm-dd"}),
    }


def _write_sheet(
    ws: Worksheet, sheet: Sheet, formats: dict[str, Format], rows: Sequence[Mapping[str, object]]
) -> None:
    for col, key in enumerate(sheet.keys):
        ws.write_string(0, col, key.label_zh, formats["required" if key.required else "label"])
        ws.write_comment(0, col, f"{key.zh}\n{key.en}", {"x_scale": 2})
        ws.write_string(1, col, key.name, formats["key"])
        ws.write_string(2, col, hint_zh(key), formats["hint"])
        ws.set_column(col, col, _width(key), _column_format(key, formats))
        _validate(ws, col, key)
        example = sheet.example.get(key.name)
        _write_cell(ws, EXAMPLE_ROW - 1, col, key, example, formats, example=True)
        for index, item in enumerate(rows):
            _write_cell(ws, FIRST_DATA_ROW - 1 + index, col, key, item.get(key.name), formats)
    ws.write_comment(
        EXAMPLE_ROW - 1, 0, "示例行：导入时忽略，请勿修改；从第 5 行起填写\nexample row: ignored"
    )
    ws.set_row(2, 45)
    ws.freeze_panes(EXAMPLE_ROW, 1)


def _width(key: Key) -> float:
    if key.kind in ("list", "mapping", "section"):
        return 36
    longest = max(len(key.label_zh) * 2, len(key.name), len(" / ".join(key.choices)) // 2)
    return min(max(longest + 2, 10), 30)


def _column_format(key: Key, formats: dict[str, Format]) -> Format | None:
    if key.kind in ("text", "path", "choice", "list", "mapping", "section"):
        return formats["text"]
    return formats["date"] if key.kind == "date" else None


def _validate(ws: Worksheet, col: int, key: Key) -> None:
    rule = _rule(key)
    if rule is None:
        return
    rule.update(input_title=key.label_zh[:32], input_message=f"{key.zh}\n{key.en}"[:255])
    first = FIRST_DATA_ROW - 1
    ws.data_validation(first, col, first + VALIDATED_ROWS - 1, col, rule)


def _rule(key: Key) -> dict[str, Any] | None:
    if key.kind == "choice":
        return {"validate": "list", "source": list(key.choices)}
    if key.kind == "bool":
        return {"validate": "list", "source": [YES, NO]}
    if key.kind == "date":
        return {"validate": "date", "criteria": ">=", "value": date(1900, 1, 1)}
    if key.kind not in ("number", "integer"):
        return None
    kind = "integer" if key.kind == "integer" else "decimal"
    low = key.bounds.ge if key.bounds.ge is not None else key.bounds.gt
    high = key.bounds.le if key.bounds.le is not None else key.bounds.lt
    if low is not None and high is not None:
        return {"validate": kind, "criteria": "between", "minimum": low, "maximum": high}
    if low is not None:
        return {"validate": kind, "criteria": ">=", "value": low}
    if high is not None:
        return {"validate": kind, "criteria": "<=", "value": high}
    return {"validate": kind, "criteria": "between", "minimum": -1e300, "maximum": 1e300}


def _write_cell(
    ws: Worksheet,
    row: int,
    col: int,
    key: Key,
    value: object,
    formats: dict[str, Format],
    *,
    example: bool = False,
) -> None:
    style = formats["example"] if example else None
    if value is None:
        if example:
            ws.write_blank(row, col, None, style)
        return
    day = _as_date(value) if key.kind == "date" else None
    if day is not None:
        ws.write_datetime(row, col, day, formats["example_date" if example else "date"])
    elif isinstance(value, bool):
        ws.write_string(row, col, YES if value else NO, style)
    elif isinstance(value, int | float) and math.isfinite(value):
        ws.write_number(row, col, value, style)
    elif isinstance(value, list | dict):
        ws.write_string(row, col, flow_text(value), style)
    else:
        ws.write_string(row, col, str(value), style)


def flow_text(value: object) -> str:
    """A list or mapping as one line of YAML flow text (``[5200, 5000]``, ``{2025-01: 800}``)."""
    dumped = yaml.safe_dump(
        value, default_flow_style=True, allow_unicode=True, sort_keys=False, width=10**9
    )
    return dumped.strip().removesuffix("...").strip()


def _as_date(value: object) -> datetime | None:
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    try:
        day = date.fromisoformat(str(value))
    except ValueError:
        return None
    return datetime(day.year, day.month, day.day)
