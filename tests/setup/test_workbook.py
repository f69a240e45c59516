"""The input workbook: built from the schema; demo park -> workbook -> park.yaml is the same park;
bad cells and bad items are all reported at once, by sheet, row and column."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
import yaml

import greenpark as gp
from greenpark.errors import InputError
from greenpark.setup.workbook_import import export_workbook, import_workbook, replaced_sections
from greenpark.setup.workbook_layout import EXAMPLE_ROW, FIRST_DATA_ROW, SHEETS, column_letter
from greenpark.setup.workbook_read import read_workbook
from greenpark.setup.workbook_write import write_workbook

DEMO = Path(__file__).resolve().parents[2] / "sites" / "jincheng-edz"


@pytest.fixture(scope="module")
def demo_workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("workbook") / "demo.xlsx"
    export_workbook(DEMO, path)
    return path


def test_columns_are_the_schema_keys_with_validation(tmp_path: Path) -> None:
    write_workbook(tmp_path / "empty.xlsx")
    book = openpyxl.load_workbook(tmp_path / "empty.xlsx")
    assert book.sheetnames == ["说明", "企业", "屋顶光伏", "绿电合同", "绿证", "储能", "计量文件"]
    for sheet in SHEETS:
        ws = book[sheet.name]
        assert [c.value for c in ws[2]] == list(sheet.model.model_fields), sheet.name
        assert ws.freeze_panes == f"B{FIRST_DATA_ROW}"
    roofs = book["屋顶光伏"]
    rules = {str(v.sqref).split(":")[0]: v for v in roofs.data_validations.dataValidation}
    keys = [c.value for c in roofs[2]]
    mounting = rules[f"{column_letter(keys.index('mounting'))}{FIRST_DATA_ROW}"]
    assert (mounting.type, mounting.formula1) == ("list", '"close_roof,open_rack"')
    capacity = rules[f"{column_letter(keys.index('capacity_kw'))}{FIRST_DATA_ROW}"]
    assert (capacity.type, capacity.operator) == ("decimal", "greaterThanOrEqual")
    assert float(capacity.formula1) == 0
    tilt = rules[f"{column_letter(keys.index('tilt_deg'))}{FIRST_DATA_ROW}"]
    assert tilt.operator in (None, "between")  # between is the file format's default
    assert (float(tilt.formula1), float(tilt.formula2)) == (0, 90)
    registered = rules[f"{column_letter(keys.index('gec_registered'))}{FIRST_DATA_ROW}"]
    assert registered.formula1 == '"是,否"'
    assert roofs.cell(3, keys.index("capacity_kw") + 1).value == "kW；≥ 0；默认 0"


def test_each_example_row_is_a_valid_item(tmp_path: Path) -> None:
    """Copied to the first data row, every sheet's example reads as a valid item."""
    write_workbook(tmp_path / "book.xlsx")
    book = openpyxl.load_workbook(tmp_path / "book.xlsx")
    for sheet in SHEETS:
        ws = book[sheet.name]
        for cell in ws[EXAMPLE_ROW]:
            ws.cell(FIRST_DATA_ROW, cell.column, cell.value)
    book.save(tmp_path / "book.xlsx")
    found = read_workbook(tmp_path / "book.xlsx")
    assert found.problems == []
    for sheet in SHEETS:
        (item,) = found.sections[sheet.section]
        sheet.model.model_validate(item)


def test_round_trip_of_the_demo_park(demo_workbook: Path, tmp_path: Path) -> None:
    park = tmp_path / "park"
    shutil.copytree(DEMO, park)
    import_workbook(demo_workbook, park)
    assert gp.load_park_config(park) == gp.load_park_config(DEMO)
    written = (park / "park.yaml").read_text("utf-8")
    original = (DEMO / "park.yaml").read_text("utf-8")
    kept = original[original.index("# 分时电价") :]  # tariffs and overrides, comments included
    assert kept in written
    assert written.startswith(original[: original.index("enterprises:")])  # park: as written


def test_round_trip_of_nested_keys(tmp_path: Path) -> None:
    """Keys that are blocks of their own (``planned_use``, ``basic_charge``) travel as YAML flow
    text in one cell and come back as the same park."""
    park = tmp_path / "park"
    shutil.copytree(DEMO, park)
    config = yaml.safe_load((park / "park.yaml").read_text("utf-8"))
    for tariff in config["tariffs"]:
        tariff["basic_charges"] = {"capacity_cny_per_kva_month": 25, "source": "测试用费率"}
    config["enterprises"][0]["basic_charge"] = {"basis": "capacity", "transformer_kva": 2000}
    planned = {"annual": {"electricity": "30 GWh"}, "profile": {"industry": "C38"}}
    config["enterprises"].append(
        {"id": "E99", "name": "新入园企业", "industry_code": "C3899", "planned_use": planned}
    )
    (park / "park.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    before = gp.load_park_config(park)
    export_workbook(park, tmp_path / "book.xlsx")
    import_workbook(tmp_path / "book.xlsx", park)
    after = gp.load_park_config(park)
    assert after == before
    assert after.enterprises[-1].planned_use is not None
    assert after.enterprises[0].basic_charge is not None


def _edit(path: Path, sheet: str, row: int, key: str, value: object) -> None:
    book = openpyxl.load_workbook(path)
    ws = book[sheet]
    column = [c.value for c in ws[2]].index(key) + 1
    ws.cell(row, column, value)
    book.save(path)


def test_every_problem_at_once_by_sheet_row_and_column(demo_workbook: Path, tmp_path: Path) -> None:
    park = tmp_path / "park"
    shutil.copytree(DEMO, park)
    bad = tmp_path / "bad.xlsx"
    shutil.copy(demo_workbook, bad)
    _edit(bad, "屋顶光伏", 5, "tilt_deg", 95)  # schema: 0-90
    _edit(bad, "屋顶光伏", 6, "owner", "E99")  # no such enterprise
    _edit(bad, "屋顶光伏", 7, "gec_registered", "也许")  # not 是/否
    _edit(bad, "绿电合同", 5, "monthly_mwh", "[1, 2")  # not YAML
    _edit(bad, "储能", EXAMPLE_ROW, "power_kw", 1)  # the example row changed
    before = (park / "park.yaml").read_bytes()
    with pytest.raises(InputError) as caught:
        import_workbook(bad, park)
    problems = "\n".join(caught.value.problems)
    assert (
        "工作表「屋顶光伏」第 5 行 (E01-R1)，E 列 tilt_deg: 必须在 0 到 90 之间" in problems
        and "95" in problems
    )
    assert (
        "工作表「屋顶光伏」第 6 行 (E01-R2)，B 列 owner: 未知企业" in problems and "E99" in problems
    )
    assert "工作表「屋顶光伏」第 7 行，R 列 gec_registered：应为 是 或 否" in problems
    assert "工作表「绿电合同」第 5 行，F 列 monthly_mwh：不是有效的 YAML" in problems
    assert "工作表「储能」第 4 行：示例行被修改（power_kw）" in problems
    assert (park / "park.yaml").read_bytes() == before  # nothing written


def test_a_folder_without_park_yaml_is_refused(demo_workbook: Path, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="greenpark init"):
        import_workbook(demo_workbook, tmp_path)


def test_replaced_sections_keep_every_other_line() -> None:
    original = (
        "# top\npark: {id: p}\n\n# roofs\nrooftops:\n- {id: R1}\n-   id: R2\n\n"
        "# tariffs\ntariffs: []\nstorage: [{id: S}]\n"
    )
    result = replaced_sections(original, {"rooftops": [{"id": "R9"}], "storage": [], "data": []})
    assert result == (
        "# top\npark: {id: p}\n\n# roofs\nrooftops:\n- {id: R9}\n\n"
        "# tariffs\ntariffs: []\nstorage: []\n\ndata: []\n"
    )


def test_a_file_that_is_not_a_workbook_is_one_problem(tmp_path: Path) -> None:
    (tmp_path / "park.yaml").write_text("park: {}\n", "utf-8")
    (tmp_path / "bills.xlsx").write_text("month,quantity\n", "utf-8")
    with pytest.raises(InputError, match=r"bills.xlsx: 无法作为 \.xlsx 工作簿读取"):
        import_workbook(tmp_path / "bills.xlsx", tmp_path)
    with pytest.raises(InputError, match="无法作为"):
        import_workbook(tmp_path / "missing.xlsx", tmp_path)


def test_an_alias_into_a_replaced_section_is_refused(demo_workbook: Path, tmp_path: Path) -> None:
    """confirmed_readings (kept) refers to an anchor in data (replaced): nothing is written."""
    park = tmp_path / "park"
    shutil.copytree(DEMO, park)
    config = (park / "park.yaml").read_text("utf-8")
    hourly = "{file: data/electricity_hourly.csv,"
    anchored = config.replace(hourly, "{file: &hourly data/electricity_hourly.csv,", 1)
    anchored += "confirmed_readings:\n- {file: *hourly, reason: 已核实}\n"
    (park / "park.yaml").write_text(anchored, "utf-8")
    gp.load_park_config(park)  # valid as it is
    with pytest.raises(InputError, match="锚点"):
        import_workbook(demo_workbook, park)
    assert (park / "park.yaml").read_text("utf-8") == anchored


def test_problems_name_the_workbook_in_english(
    demo_workbook: Path, tmp_path: Path, english: None
) -> None:
    park = tmp_path / "park"
    shutil.copytree(DEMO, park)
    bad = tmp_path / "bad.xlsx"
    shutil.copy(demo_workbook, bad)
    _edit(bad, "储能", FIRST_DATA_ROW, "dispatch", "sometimes")
    _edit(bad, "储能", FIRST_DATA_ROW, "round_trip_efficiency", "很高")
    book = openpyxl.load_workbook(bad)
    del book["绿证"]
    book.save(bad)
    with pytest.raises(InputError) as caught:
        import_workbook(bad, park)
    problems = caught.value.problems
    assert problems[0] == "bad.xlsx: sheet 绿证 is missing (keep it empty when unused)"
    assert all(p.startswith("bad.xlsx: ") for p in problems)
    storage = [p for p in problems if "sheet 储能 row 5 (ESS-E03-01)" in p]
    assert len(storage) == 2
    assert any("column I dispatch" in p and "sometimes" in p for p in storage)
    assert any("column E round_trip_efficiency" in p and "很高" in p for p in storage)
