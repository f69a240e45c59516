"""``samples/utility-exports/``: the illustrative exports load as they come (check and run), are
what the script makes, and bad variants give one InputError naming file, row and column."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from python_calamine import CalamineWorkbook
from typer.testing import CliRunner

import greenpark as gp
from greenpark.cli.app import app
from greenpark.errors import InputError

ROOT = Path(__file__).parents[2]
SAMPLES = ROOT / "samples" / "utility-exports"
BILL, METER, GAS = "state-grid-bill-2025.xlsx", "meter-15min-gbk-2025.csv", "gas-bill-2025.xls"
ACCOUNTS = {"3101234567": "E01", "3101234568": "E02"}


def _cells(path: Path) -> list[list[object]]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()


def _bill_totals() -> dict[str, float]:
    """有功总电量 per enterprise, summed by hand from the workbook's data rows."""
    sheet = openpyxl.load_workbook(SAMPLES / BILL).active
    assert sheet is not None
    totals = dict.fromkeys(ACCOUNTS.values(), 0.0)
    for row in sheet.iter_rows(min_row=4, values_only=True):
        if str(row[1]) in ACCOUNTS:
            totals[ACCOUNTS[str(row[1])]] += float(str(row[8]).replace(",", ""))
    return totals


def test_the_script_makes_these_files(tmp_path: Path) -> None:
    pytest.importorskip("xlwt")
    spec = importlib.util.spec_from_file_location("make", ROOT / "scripts/make_sample_exports.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    rng = np.random.default_rng(2025)
    script.write_bill(tmp_path / BILL, rng)
    script.write_meter_csv(tmp_path / METER, rng)
    script.write_gas_xls(tmp_path / GAS, rng)
    assert _cells(tmp_path / BILL) == _cells(SAMPLES / BILL)  # the workbook stores its time
    assert (tmp_path / METER).read_bytes() == (SAMPLES / METER).read_bytes()
    assert _cells(tmp_path / GAS) == _cells(SAMPLES / GAS)
    assert (SAMPLES / "park.yaml").read_text(encoding="utf-8") == script.PARK_YAML


def test_check_passes_and_states_the_encoding() -> None:
    result = CliRunner().invoke(app, ["check", str(SAMPLES)])
    assert (result.exit_code, result.exception) == (0, None)
    assert (
        "meter-15min-gbk-2025.csv 不是 UTF-8 文本，已按 GB18030（GBK 的超集）读取" in result.stdout
    )
    assert "检查通过。" in result.stdout


def test_run_reads_every_export_as_written() -> None:
    park = gp.load_park(SAMPLES)
    annual = gp.run(gp.RunSpec(park)).annual()
    bills = _bill_totals()
    raw = pd.read_csv(SAMPLES / METER, encoding="gbk", skiprows=1)
    meter = raw["正向有功总电量(kWh)"]
    assert annual.loc["E01", "electricity_kwh"] == pytest.approx(bills["E01"])
    assert annual.loc["E02", "electricity_kwh"] == pytest.approx(bills["E02"])
    assert annual.loc["E03", "electricity_kwh"] == pytest.approx(meter.sum())
    hourly = park.meters.hourly["electricity"]["E03"]
    # interval-end stamps: 00:15..01:00 are the hour starting 00:00; the last four the last hour
    assert hourly.iloc[0] == pytest.approx(meter.iloc[:4].sum())
    assert hourly.iloc[-1] == pytest.approx(meter.iloc[-4:].sum())
    gas = [row[2] for row in _cells(SAMPLES / GAS)[1:13]]
    assert park.meters.monthly["natural_gas"]["E01"].tolist() == pytest.approx(gas)


def _bad_park(tmp_path: Path) -> Path:
    park = tmp_path / "park"
    shutil.copytree(SAMPLES, park)
    book = openpyxl.load_workbook(park / BILL)
    sheet = book.active
    assert sheet is not None
    sheet["B5"] = 3109999999  # unknown 户号 (row 5)
    sheet["D7"] = "202505"  # row 7 repeats row 8's month 202505
    sheet["D8"] = "202505"
    sheet["D10"] = "2025-7月"  # a month in an unknown format
    sheet["I28"] = float(str(sheet["I28"].value).replace(",", "")) + 1000  # 合计 row is 28
    book.save(park / BILL)
    text = (park / METER).read_bytes().decode("gbk").replace("(kWh)", "(kVA)")
    (park / METER).write_bytes(text.encode("gbk"))
    return park


def test_bad_exports_give_one_error_listing_every_problem_in_chinese(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        gp.load_park(_bad_park(tmp_path))
    lines = caught.value.problems
    assert any(
        line.startswith(f"{BILL} 第 5 行（户号 列）: 未知户号 '3109999999'")
        and "3101234567" in line
        for line in lines
    )
    assert any(
        line.startswith(f"{BILL} 第 10 行（电费年月 列）: 无法识别的月份 '2025-7月'")
        for line in lines
    )
    assert any(
        line.startswith(f"{BILL} 第 8 行: ") and "2025-05" in line and "第 7 行" in line
        for line in lines
    )
    assert any(line.startswith(f"{BILL} 第 28 行（有功总电量(kWh) 列）: 合计行") for line in lines)
    assert any(
        line.startswith(f"{METER} 第 3, 4, 5, 6, 7, … 行（共 35040 行）（正向有功总电量(kVA) 列）")
        for line in lines
    )
