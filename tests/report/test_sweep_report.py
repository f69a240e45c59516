"""A sweep's summary files: the CSV keeps every digit in the unit its header names, the
workbook shows report units; no value is 不适用, a measure left out is 不含; a refused point
has empty value cells, 已拒绝 for its run id and its reason under 拒绝原因."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd

from greenpark.report.scenarios import row_words
from greenpark.report.sweep_report import write_sweep
from greenpark.scenarios.sweep import MONEY_COLUMNS, PARK_COLUMNS, column_units

PARAMETERS = ("光伏.share_of_potential_fraction", "储能.energy_kwh")


REASON = "绿证超额申领（按模拟用电）：E01 申领 GEC-E01-2025"


def _rows() -> pd.DataFrame:
    """Two points that ran and one refused, shaped as ``sweep_rows`` gives them."""
    values = {name: [0.123456789, 2.5, None] for name in (*PARK_COLUMNS, *MONEY_COLUMNS)}
    values["scope2_market_co2_kg"] = [694647718.0713836, 123.0, None]
    values["irr_fraction"] = [None, 0.17761, None]
    table = pd.DataFrame({"point": [0, 1, 2], **values})
    table["run_id"] = pd.Series(["aaaa", "bbbb", None], dtype=object)
    table["refused"] = pd.Series([None, None, REASON], dtype=object)
    table.insert(1, PARAMETERS[0], pd.Series([0.0, 0.5, 1.0], dtype=object))
    table.insert(2, PARAMETERS[1], pd.Series([None, 20000, 20000], dtype=object))
    return table.astype({name: "Float64" for name in (*PARK_COLUMNS, *MONEY_COLUMNS)})


def test_the_csv_keeps_every_digit_and_says_why_a_cell_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "sweep.csv"
    write_sweep(_rows(), PARAMETERS, column_units(), path)
    assert path.read_bytes()[:3] == b"\xef\xbb\xbf"  # UTF-8 BOM for Excel
    read = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(read.columns[:3]) == ["点", *PARAMETERS]
    assert list(read.columns[-2:]) == ["运行编号", "拒绝原因"]
    assert list(read[PARAMETERS[1]]) == ["不含", "20000", "20000"]
    market = "范围二 基于市场（全国剩余组合替代值） kg"
    assert list(read[market]) == ["694647718.0713836", "123.0", ""]
    assert list(read["内部收益率 fraction"]) == ["不适用", "0.17761", ""]
    assert list(read["运行编号"]) == ["aaaa", "bbbb", "已拒绝"]
    assert list(read["拒绝原因"]) == ["", "", REASON]
    refused = read.iloc[2]
    assert all(refused[f"{row_words(c)} {u}"] == "" for c, u in column_units().items())


def test_the_workbook_shows_report_units(tmp_path: Path) -> None:
    path = tmp_path / "sweep.xlsx"
    write_sweep(_rows(), PARAMETERS, column_units(), path)
    sheet = openpyxl.load_workbook(path)["参数扫描"]
    header = [c.value for c in sheet[1]]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    market = header.index("范围二 基于市场（全国剩余组合替代值） tCO2")
    assert rows[0][market] == 694647718.0713836 / 1000
    assert rows[0][2] == "不含" and rows[1][2] == 20000
    assert rows[0][header.index("内部收益率")] == "不适用"
    assert rows[1][header.index("运行编号")] == "bbbb"
    assert header[-1] == "拒绝原因" and [r[-1] for r in rows] == ["", "", REASON]
    assert rows[2][2] == 20000 and set(rows[2][3:-2]) == {""}  # no value
    assert rows[2][-2] == "已拒绝"  # no run id
