"""From an empty folder: ``greenpark init`` -> fill the workbook -> ``import-workbook`` ->
``check`` -> ``run``, and the refusals on the way."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
from typer.testing import CliRunner

import greenpark as gp
from greenpark.cli.app import app
from greenpark.errors import InputError
from greenpark.setup.workbook_layout import FIRST_DATA_ROW

INIT = ["--name", "新园区", "--id", "new-park", "--province", "山西省", "--lat", "35.5"]
INIT += ["--lon", "112.8", "--year", "2025", "--land-area-mu", "1500"]


def _fill(workbook: Path, sheet: str, rows: list[dict[str, object]]) -> None:
    book = openpyxl.load_workbook(workbook)
    ws = book[sheet]
    keys = [c.value for c in ws[2]]
    for offset, row in enumerate(rows):
        for key, value in row.items():
            ws.cell(FIRST_DATA_ROW + offset, keys.index(key) + 1, value)
    book.save(workbook)


def _monthly_bills(path: Path, enterprise: str, wan_kwh: float) -> None:
    lines = ["month,enterprise,carrier,quantity,unit"]
    lines += [f"2025-{m:02d},{enterprise},electricity,{wan_kwh},万kWh" for m in range(1, 13)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_from_an_empty_folder_to_a_run(tmp_path: Path) -> None:
    park, runner = tmp_path / "park", CliRunner()
    result = runner.invoke(app, ["init", str(park), *INIT])
    assert result.exit_code == 0, result.output
    workbook = park / "park-input.xlsx"
    assert f"greenpark import-workbook {workbook} {park}" in result.output
    _fill(workbook, "企业", [{"id": "E01", "name": "甲公司", "industry_code": "C3976"}])
    roof = {"id": "E01-R1", "owner": "E01", "area_m2": 5000, "tilt_deg": 5, "azimuth_deg": 180}
    _fill(workbook, "屋顶光伏", [roof])
    _fill(workbook, "计量文件", [{"file": "data/bills.csv", "resolution": "monthly"}])
    _monthly_bills(park / "data" / "bills.csv", "E01", 10.0)
    result = runner.invoke(app, ["import-workbook", str(workbook), str(park)])
    assert result.exit_code == 0, result.output
    assert "检查通过" in result.output
    assert runner.invoke(app, ["check", str(park)]).exit_code == 0
    db = f"sqlite:///{tmp_path / 'runs.db'}"
    result = runner.invoke(app, ["run", str(park), "--db", db, "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "新园区" in result.output


def test_init_prompts_for_what_is_not_given(tmp_path: Path) -> None:
    answers = "新园区\nnew-park\n山西\n35.5\n112.8\n2025\n1500\n"
    result = CliRunner().invoke(app, ["init", str(tmp_path / "p")], input=answers)
    assert result.exit_code == 0, result.output
    assert "园区编号" in result.output and "核算年度" in result.output
    assert (tmp_path / "p" / "park.yaml").is_file()


def test_init_refuses_an_existing_park(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["init", str(tmp_path), *INIT]).exit_code == 0
    again = runner.invoke(app, ["init", str(tmp_path), *INIT])
    assert isinstance(again.exception, InputError)
    assert "已存在" in str(again.exception)


def test_export_workbook_refuses_an_existing_file(tmp_path: Path) -> None:
    (tmp_path / "x.xlsx").write_bytes(b"mine")
    demo = Path(__file__).resolve().parents[2] / "sites" / "jincheng-edz"
    result = CliRunner().invoke(app, ["export-workbook", str(demo), str(tmp_path / "x.xlsx")])
    assert isinstance(result.exception, InputError)
    assert (tmp_path / "x.xlsx").read_bytes() == b"mine"


SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "utility-exports"


def test_from_an_empty_folder_to_a_run_on_utility_exports_as_they_come(tmp_path: Path) -> None:
    """The issue's path: init -> workbook -> import -> check -> run, with a State Grid-style
    xlsx bill (户号, 电费年月, 尖峰平谷, 合计), a GBK 15-minute CSV stamped at interval ends and an
    old .xls gas bill, copied unchanged into data/."""
    park, runner = tmp_path / "park", CliRunner()
    assert runner.invoke(app, ["init", str(park), *INIT]).exit_code == 0
    for name in ("state-grid-bill-2025.xlsx", "meter-15min-gbk-2025.csv", "gas-bill-2025.xls"):
        (park / "data" / name).write_bytes((SAMPLES / name).read_bytes())
    workbook = park / "park-input.xlsx"
    firms = [
        ("E01", "示意精密制造", "C34", "[3101234567, '88001234']"),
        ("E02", "示意新材料", "C26", "['3101234568']"),
        ("E03", "示意电子", "C39", "['3101239999']"),
    ]
    _fill(
        workbook,
        "企业",
        [{"id": i, "name": n, "industry_code": c, "accounts": a} for i, n, c, a in firms],
    )
    electricity = {"carrier": "electricity"}
    _fill(
        workbook,
        "计量文件",
        [
            {"file": "data/state-grid-bill-2025.xlsx", "resolution": "monthly", **electricity},
            {
                "file": "data/meter-15min-gbk-2025.csv",
                "resolution": "15min",
                "timestamp_marks": "interval_end",
                **electricity,
            },
            {
                "file": "data/gas-bill-2025.xls",
                "resolution": "monthly",
                "carrier": "natural_gas",
                "columns": "{用气量(立方米): quantity}",
            },
        ],
    )
    result = runner.invoke(app, ["import-workbook", str(workbook), str(park)])
    assert result.exit_code == 0, result.output
    assert runner.invoke(app, ["check", str(park)]).exit_code == 0
    imported = gp.run(gp.RunSpec(park)).annual()
    sample = gp.run(gp.RunSpec(SAMPLES)).annual()
    columns = ["electricity_kwh", "energy_gbt2589_calorific_kgce"]
    pd.testing.assert_frame_equal(imported[columns], sample[columns])
