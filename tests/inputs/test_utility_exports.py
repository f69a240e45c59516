"""Utility exports as they come: header rows, column mapping and aliases, 户号, month spellings,
encodings, Excel cells, thousands separators, 合计 rows, time-of-use splits, interval-end stamps."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from greenpark.errors import InputError
from greenpark.inputs.meters.files import _csv_rows, _ragged_csv
from greenpark.inputs.meters.load import MeterData, load_meter_data
from greenpark.inputs.park.schema import DataSource
from greenpark.report.messages import render

IDS = ("E01", "E02")
ACCOUNTS = {"3101234567": "E01", "3101234568": "E02"}
TZ = "Asia/Shanghai"

pytestmark = pytest.mark.usefixtures("english")


def load(park_dir: Path, *sources: DataSource) -> MeterData:
    return load_meter_data(
        park_dir, sources, enterprise_ids=IDS, year=2025, timezone=TZ, accounts=ACCOUNTS
    )


def problems_of(park_dir: Path, *sources: DataSource) -> tuple[str, ...]:
    with pytest.raises(InputError) as caught:
        load(park_dir, *sources)
    return caught.value.problems


def bill(rows: list[str], header: str = "户号,电费年月,有功总电量(kWh)") -> str:
    return "\n".join([header, *rows]) + "\n"


def monthly(park_dir: Path, content: str, **entry: object) -> pd.DataFrame:
    (park_dir / "b.csv").write_text(content, encoding="utf-8")
    source = DataSource.model_validate(
        {"file": "b.csv", "resolution": "monthly", "carrier": "electricity", **entry}
    )
    return load(park_dir, source).monthly["electricity"]


@pytest.mark.parametrize(
    "written", ["202503", "2025-03", "2025/03", "2025/3", "2025年3月", "2025 年 3 月"]
)
def test_month_spellings(tmp_path: Path, written: str) -> None:
    frame = monthly(tmp_path, bill([f"3101234567,{written},1500"]))
    assert frame.loc[3, "E01"] == 1500.0
    assert frame["E01"].drop(3).isna().all()


def test_a_month_in_an_unknown_format_names_file_row_and_column(tmp_path: Path) -> None:
    (tmp_path / "b.csv").write_text(bill(["3101234567,25年3月,1", "3101234567,2025年13月,2"]))
    source = DataSource(file=Path("b.csv"), resolution="monthly", carrier="electricity")
    assert problems_of(tmp_path, source) == tuple(
        f"b.csv row {row}, column 电费年月: cannot read month {cell!r}; expected YYYY-MM, "
        "YYYYMM, YYYY/MM or YYYY年M月, e.g. 2025-03"
        for row, cell in ((2, "25年3月"), (3, "2025年13月"))
    )


def test_unit_in_the_header_and_thousands_separators(tmp_path: Path) -> None:
    content = bill(['3101234567,202501,"1,234.5"'], header="户号,电费年月,用电量(万kWh)")
    assert monthly(tmp_path, content).loc[1, "E01"] == pytest.approx(1234.5 * 1e4)


def test_wrong_unit_in_the_header_is_reported_at_that_column(tmp_path: Path) -> None:
    (tmp_path / "b.csv").write_text(
        bill(["3101234567,202501,5"], header="户号,电费年月,用电量(kVA)")
    )
    source = DataSource(file=Path("b.csv"), resolution="monthly", carrier="electricity")
    (line,) = problems_of(tmp_path, source)
    assert line.startswith("b.csv row 2, column 用电量(kVA): ")
    assert "kVA" in line


def test_columns_mapping_wins_over_aliases_and_other_columns_are_ignored(tmp_path: Path) -> None:
    content = bill(["3101234567,202502,7,99"], header="户号,账期,抄见电量,用电量")
    frame = monthly(tmp_path, content, columns={"抄见电量": "quantity"}, unit="MWh")
    assert frame.loc[2, "E01"] == 7000.0


def test_unknown_account_names_file_rows_value_and_known_accounts(tmp_path: Path) -> None:
    rows = ["3101234567,202501,1", "999,202502,2", "999,202503,3"]
    (tmp_path / "b.csv").write_text(bill(rows))
    source = DataSource(file=Path("b.csv"), resolution="monthly", carrier="electricity")
    assert problems_of(tmp_path, source) == (
        "b.csv rows 3, 4 (2 rows), column 户号: unknown account (户号) '999'; the enterprises' "
        "accounts in the park file are 3101234567, 3101234568",
    )


def test_enterprise_default_for_a_file_of_one_meter(tmp_path: Path) -> None:
    content = "电费年月,有功总电量\n202501,5\n"
    frame = monthly(tmp_path, content, enterprise="E02", unit="kWh")
    assert frame.loc[1, "E02"] == 5.0


def test_an_unknown_enterprise_default_is_one_problem(tmp_path: Path) -> None:
    (tmp_path / "b.csv").write_text("电费年月,有功总电量(kWh)\n202501,5\n202502,6\n")
    source = DataSource(file=Path("b.csv"), resolution="monthly", carrier="电力", enterprise="E1")
    assert problems_of(tmp_path, source) == (
        "b.csv: enterprise: unknown enterprise 'E1' (did you mean 'E01'?)",
    )


def test_title_rows_are_found_and_rows_keep_spreadsheet_numbers(tmp_path: Path) -> None:
    content = "国网某供电公司 电费明细（示意）\n导出时间：2026-01-05\n" + bill(
        ["3101234567,202501,1", "3101234567,2025-13,2"]
    )
    (tmp_path / "b.csv").write_text(content)
    source = DataSource(file=Path("b.csv"), resolution="monthly", carrier="electricity")
    (line,) = problems_of(tmp_path, source)
    assert line.startswith("b.csv row 5, column 电费年月: cannot read month '2025-13'")


@pytest.mark.parametrize(
    "below",
    ["", "备注：以上数据仅供参考,,,,,\n"],  # a footer row wider than every row above it
    ids=["title-lines-only", "wider-row-below"],
)
def test_files_with_rows_of_different_widths_read_the_same_either_way(
    tmp_path: Path, below: str
) -> None:
    # title lines narrower than the table make pandas refuse the file as it is; it is read
    # as wide as its first rows, or row by row when a wider row comes later
    stamps = pd.date_range("2025-01-01 01:00", periods=5, freq="h").strftime("%Y-%m-%d %H:%M")
    rows = "".join(f"3101234567,{s},{i + 1}.5\n" for i, s in enumerate(stamps))
    content = (
        "某能源管理系统 数据导出（示意）\n\n户号,采集时间,正向有功总电量(kWh)\n" + rows + below
    )
    (tmp_path / "m.csv").write_text(content, encoding="gb18030")
    table = _ragged_csv(tmp_path / "m.csv", "gb18030")
    assert table.to_numpy().tolist() == _csv_rows(tmp_path / "m.csv", "gb18030").to_numpy().tolist()
    if not below:  # and the run reads its readings (a footer would be a bad data row)
        source = DataSource(file=Path("m.csv"), carrier="electricity")
        hours = load(tmp_path, source).hourly["electricity"]["E01"]
        assert hours.iloc[1:6].tolist() == [1.5, 2.5, 3.5, 4.5, 5.5]


def test_header_row_and_skip_rows(tmp_path: Path) -> None:
    content = "说明\n户号,电费年月,电量\n,,kWh\n3101234568,202506,42\n"
    frame = monthly(
        tmp_path, content, header_row=2, skip_rows=1, columns={"电量": "quantity"}, unit="kWh"
    )
    assert frame.loc[6, "E02"] == 42.0


def test_time_of_use_splits_sum_to_the_total(tmp_path: Path) -> None:
    header = "户号,电费年月,尖峰电量,高峰电量,平段电量,低谷电量"
    frame = monthly(tmp_path, bill(["3101234567,202501,1,2,3,4"], header=header), unit="kWh")
    assert frame.loc[1, "E01"] == 10.0
    header += ",有功总电量"
    frame = monthly(tmp_path, bill(["3101234567,202501,1,2,3,4,10"], header=header), unit="kWh")
    assert frame.loc[1, "E01"] == 10.0
    (tmp_path / "b.csv").write_text(bill(["3101234567,202501,1,2,3,4,13"], header=header))
    source = DataSource(file=Path("b.csv"), resolution="monthly", carrier="electricity", unit="kWh")
    assert problems_of(tmp_path, source) == (
        "b.csv row 2, column 有功总电量: quantity 13 does not match the sum 10 of its "
        "time-of-use splits (尖峰平谷)",
    )


def test_splits_within_rounding_of_the_total_pass(tmp_path: Path) -> None:
    header = "户号,电费年月,峰,平,谷,有功总电量"
    # three parts and the total shown with one decimal: up to (3 + 1) * 0.05 = 0.2 apart
    frame = monthly(
        tmp_path, bill(["3101234567,202501,1.1,2.1,3.1,6.5"], header=header), unit="kWh"
    )
    assert frame.loc[1, "E01"] == 6.5
    (tmp_path / "b.csv").write_text(bill(["3101234567,202501,1.1,2.1,3.1,6.6"], header=header))
    source = DataSource(file=Path("b.csv"), resolution="monthly", carrier="electricity", unit="kWh")
    assert len(problems_of(tmp_path, source)) == 1


def test_total_rows_are_checked_and_never_read_as_data(tmp_path: Path) -> None:
    rows = ["3101234567,202501,100", "3101234567,202502,200", "小计,,300"]
    rows += ["3101234568,202501,50", "小 计：,,50", "合计,,350"]
    frame = monthly(tmp_path, bill(rows))
    assert frame.loc[1].tolist() == [100.0, 50.0]
    assert frame.loc[2, "E01"] == 200.0
    assert frame.sum().sum() == 350.0


def test_a_total_row_that_does_not_match_its_rows(tmp_path: Path) -> None:
    # two whole numbers and their total may differ by rounding up to (2 + 1) * 0.5 = 1.5
    rows = ["3101234567,202501,100", "3101234567,202502,200", "合计,,305"]
    (tmp_path / "b.csv").write_text(bill(rows))
    source = DataSource(file=Path("b.csv"), resolution="monthly", carrier="electricity")
    assert problems_of(tmp_path, source) == (
        "b.csv row 4, column 有功总电量(kWh): the 合计 (total) row says 305, but rows 2–3 sum "
        "to 300",
    )


def test_gbk_csv_is_read_and_its_encoding_stated(tmp_path: Path) -> None:
    content = "户号,采集时间,正向有功电量(kWh)\n3101234567,2025-01-01 00:00,5\n"
    (tmp_path / "m.csv").write_bytes(content.encode("gbk"))
    data = load(tmp_path, DataSource(file=Path("m.csv"), carrier="电力"))
    assert data.hourly["electricity"].iloc[0]["E01"] == 5.0
    encoding = [m for m in data.messages if m.code == "file_encoding"]
    assert [m.params for m in encoding] == [{"file": "m.csv", "encoding": "GB18030"}]


def test_files_read_in_one_encoding_are_named_in_one_message(tmp_path: Path) -> None:
    # a park's meter exports are GBK one and all: one note naming them, where the first stood
    content = "户号,采集时间,正向有功电量(kWh)\n3101234567,2025-01-01 0{hour}:00,5\n"
    names = ["a.csv", "b.csv", "c.csv"]
    for hour, name in enumerate(names):
        (tmp_path / name).write_bytes(content.format(hour=hour).encode("gbk"))
    (tmp_path / "u.csv").write_text(content.format(hour=5), encoding="utf-8")
    sources = [DataSource(file=Path(n), carrier="电力") for n in ["a.csv", "u.csv", "b.csv"]]
    data = load(tmp_path, *sources, DataSource(file=Path("c.csv"), carrier="电力"))
    said = [m for m in data.messages if "encoding" in m.params]
    assert [(m.code, m.params) for m in said] == [
        ("files_encoding", {"files": tuple(names), "count": 3, "encoding": "GB18030"})
    ]
    assert render(said[0], "en") == (
        "3 files are not UTF-8 text; read as GB18030 (a superset of GBK): a.csv, b.csv, c.csv"
    )


def test_utf8_csv_states_no_encoding(tmp_path: Path) -> None:
    content = "\ufeff户号,采集时间,正向有功电量(kWh)\n3101234567,2025-01-01 00:00,5\n"
    (tmp_path / "m.csv").write_text(content, encoding="utf-8")
    data = load(tmp_path, DataSource(file=Path("m.csv"), carrier="电力"))
    assert not [m for m in data.messages if m.code == "file_encoding"]


def test_xlsx_numbers_read_as_their_digits(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["户号", "电费年月", "有功总电量(kWh)"])
    sheet.append([3101234567, 202504, 1234567])
    sheet.append([3101234568, 202504, "1,234,567"])
    book.save(tmp_path / "b.xlsx")
    source = DataSource(file=Path("b.xlsx"), resolution="monthly", carrier="electricity")
    frame = load(tmp_path, source).monthly["electricity"]
    assert frame.loc[4].tolist() == [1234567.0, 1234567.0]


def quarter_stamps(first: str, periods: int, *, day_end: bool) -> list[str]:
    stamps = pd.date_range(first, periods=periods, freq="15min")
    texts = stamps.strftime("%Y-%m-%d %H:%M").tolist()
    if day_end:
        texts = [
            (s - pd.Timedelta(days=1)).strftime("%Y-%m-%d 24:00") if s.hour == s.minute == 0 else t
            for s, t in zip(stamps, texts, strict=True)
        ]
    return texts


def quarter_file(path: Path, stamps: list[str]) -> None:
    rows = [f"3101234567,{s},{i + 1}" for i, s in enumerate(stamps)]
    path.write_text("户号,采集时间,正向有功电量(kWh)\n" + "\n".join(rows) + "\n")


def test_interval_end_stamps_are_detected_not_shifted(tmp_path: Path) -> None:
    quarter_file(tmp_path / "q.csv", quarter_stamps("2025-01-01 00:15", 96, day_end=True))
    source = DataSource(file=Path("q.csv"), resolution="15min", carrier="electricity")
    assert problems_of(tmp_path, source) == (
        "q.csv: timestamps run from 00:15 to 24:00: looks like interval-end stamps; set "
        "timestamp_marks: interval_end",
    )


def test_interval_end_stamps_with_24_00_read_correctly(tmp_path: Path) -> None:
    quarter_file(tmp_path / "q.csv", quarter_stamps("2025-01-01 00:15", 96, day_end=True))
    source = DataSource(
        file=Path("q.csv"),
        resolution="15min",
        carrier="electricity",
        timestamp_marks="interval_end",
    )
    hours = load(tmp_path, source).hourly["electricity"]["E01"]
    # readings 1..96: the hour starting 00:00 holds readings 1-4, the hour starting 23:00 93-96
    assert hours.iloc[0] == 1 + 2 + 3 + 4
    assert hours.iloc[23] == 93 + 94 + 95 + 96
    assert hours.iloc[:24].sum() == 96 * 97 / 2
    assert np.isnan(hours.iloc[24])


def test_hourly_interval_end_to_next_year_midnight_is_detected(tmp_path: Path) -> None:
    stamps = pd.date_range("2025-12-31 01:00", periods=24, freq="h").strftime("%Y-%m-%d %H:%M")
    rows = "".join(f"3101234567,{s},1\n" for s in stamps)
    (tmp_path / "h.csv").write_text("户号,时间,用电量(kWh)\n" + rows)
    source = DataSource(file=Path("h.csv"), carrier="electricity")
    assert problems_of(tmp_path, source) == (
        "h.csv: timestamps run from 01:00 to 24:00: looks like interval-end stamps; set "
        "timestamp_marks: interval_end",
    )


def test_interval_start_stamps_declared_as_ends_are_detected(tmp_path: Path) -> None:
    quarter_file(tmp_path / "q.csv", quarter_stamps("2025-03-01 00:00", 96, day_end=False))
    source = DataSource(
        file=Path("q.csv"),
        resolution="15min",
        carrier="electricity",
        timestamp_marks="interval_end",
    )
    assert problems_of(tmp_path, source) == (
        "q.csv: timestamps run from 00:00 to 23:45: looks like interval-start stamps; remove "
        "timestamp_marks: interval_end",
    )
