"""The fast path for wide meter files: the float matrix holds exactly what the text cells say,
and every file it cannot be sure of is left to the text path (which words the problems)."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from greenpark.errors import InputError
from greenpark.inputs.meters.ahead import MatricesAhead, matrix_sources
from greenpark.inputs.meters.files import cell_text, read_table
from greenpark.inputs.meters.load import load_meter_data
from greenpark.inputs.meters.matrix import Matrix, _first_lines, read_matrix
from greenpark.inputs.meters.problems import Problems
from greenpark.inputs.park.schema import DataSource

pytestmark = pytest.mark.usefixtures("english")

IDS = ("E01", "E02", "E03")
TZ = "Asia/Shanghai"


def wide(name: str = "w.csv", **given: object) -> DataSource:
    fields: dict[str, object] = {"carrier": "electricity", "unit": "kWh", **given}
    return DataSource(file=Path(name), layout="wide", **fields)


def text_numbers(cells: pd.DataFrame) -> np.ndarray:
    """Text cells as the text path reads a plain number: empty -> NaN, else float(text)."""
    return np.array([[float(c) if c else np.nan for c in row] for row in cells.to_numpy()])


def same_as_text(park: Path, source: DataSource) -> Matrix:
    """The matrix equals the text table: header, row numbers, first column and numbers."""
    matrix = read_matrix(park, source)
    assert matrix is not None
    problems = Problems()
    table = read_table(park, source, "park.yaml: data[0]", problems)
    assert table is not None and problems.lines == []
    assert matrix.table.header == table.header
    assert matrix.table.body.index.equals(table.body.index)
    assert matrix.table.body[0].tolist() == table.body[0].tolist()
    expected = text_numbers(table.body.iloc[:, 1:])
    assert np.array_equal(matrix.values, expected, equal_nan=True)
    assert (matrix.table.excel, matrix.table.encoding) == (table.excel, table.encoding)
    return matrix


CSV_FILES = {
    "plain": "timestamp,E01,E02\n2025-01-01 00:00,1.5,2\n2025-01-01 01:00,0.1,3e2\n",
    "bom, CRLF, gaps and an empty row": (
        "\ufefftimestamp,E01,E02\r\n2025-01-01 00:00,,7\r\n,,\r\n2025-01-01 01:00,0.30000000000000004,\r\n"
    ),
    "spaces, quotes, signs": (
        'timestamp,E01,E02\n 2025-01-01 00:00 , 1.25 ,"4"\n2025-01-01 01:00,+5,.5\n'
    ),
    "unnamed empty column, empty last line of commas": (
        "timestamp,E01,E02,\n2025-01-01 00:00,1,2,\n2025-01-01 01:00,3,4,\n,,,\n"
    ),
    "no newline at the end": "timestamp,E01\n2025-01-01 00:00,1\n2025-01-01 01:00,2",
}


@pytest.mark.parametrize("content", CSV_FILES.values(), ids=CSV_FILES.keys())
def test_csv_matrix_equals_the_text_cells(tmp_path: Path, content: str) -> None:
    (tmp_path / "w.csv").write_bytes(content.encode("utf-8"))
    same_as_text(tmp_path, wide())


def test_csv_title_rows_units_line_and_header_row(tmp_path: Path) -> None:
    content = (
        "园区电量日报,,\n导出时间 2026-01-05,,\ntimestamp,E01,E02\nkWh,kWh,kWh\n"
        "2025-01-01 00:00,1,2\n2025-01-01 01:00,3,\n"
    )
    (tmp_path / "w.csv").write_text(content, encoding="utf-8")
    found = same_as_text(tmp_path, wide(skip_rows=1))
    assert found.table.body.index.tolist() == [5, 6]  # spreadsheet rows: header row 3
    given = same_as_text(tmp_path, wide(header_row=3, skip_rows=1))
    assert given.table.body.index.tolist() == [5, 6]


def test_xlsx_matrix_equals_the_text_cells(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "timestamp": [dt.datetime(2025, 1, 1, 0, 0), dt.datetime(2025, 1, 1, 1, 0)],
            "E01": [1.5, None],
            "E02": [3, 1234567890123],
        }
    )
    frame.to_excel(tmp_path / "w.xlsx", index=False)
    matrix = same_as_text(tmp_path, wide("w.xlsx"))
    assert matrix.table.body[0].tolist() == ["2025-01-01", "2025-01-01 01:00:00"]  # as calamine
    book = CalamineWorkbook.from_path(str(tmp_path / "w.xlsx"))
    cells = book.get_sheet_by_index(0).to_python()[1]
    assert [cell_text(c) for c in cells[1:]] == ["1.5", "3"]  # what the text path reads


NOT_SURE = {
    "thousands separator": 'timestamp,E01\n2025-01-01 00:00,"1,234.5"\n',
    "a word": "timestamp,E01\n2025-01-01 00:00,n/a\n",
    "nan written": "timestamp,E01\n2025-01-01 00:00,nan\n",
    "infinite": "timestamp,E01\n2025-01-01 00:00,inf\n",
    "negative": "timestamp,E01\n2025-01-01 00:00,-2\n",
    "blank cell of spaces": "timestamp,E01,E02\n2025-01-01 00:00,  ,1\n",
    "blank line": "timestamp,E01\n2025-01-01 00:00,1\n\n2025-01-01 01:00,2\n",
    "line break in a cell": 'timestamp,E01\n"2025-01-01\n00:00",1\n',
    "row wider than the header": "timestamp,E01\n2025-01-01 00:00,1,2\n",
    "total row": "timestamp,E01\n2025-01-01 00:00,1\n合计,1\n",
    "unnamed first column": ",E01\n2025-01-01 00:00,1\n",
    "no data row": "timestamp,E01\n",
}


@pytest.mark.parametrize("content", NOT_SURE.values(), ids=NOT_SURE.keys())
def test_files_the_matrix_cannot_be_sure_of_go_to_the_text_path(
    tmp_path: Path, content: str
) -> None:
    (tmp_path / "w.csv").write_bytes(content.encode("utf-8"))
    assert read_matrix(tmp_path, wide()) is None


def test_gb18030_and_monthly_and_long_files_are_not_read_as_a_matrix(tmp_path: Path) -> None:
    (tmp_path / "w.csv").write_bytes("timestamp,E01\n2025-01-01 00:00,1\n".encode("gb18030"))
    (tmp_path / "g.csv").write_bytes("timestamp,企业一\n2025-01-01 00:00,1\n".encode("gb18030"))
    units = "timestamp,E01\n千瓦时,千瓦时\n2025-01-01 00:00,1\n"
    (tmp_path / "u.csv").write_bytes(units.encode("gb18030"))
    assert read_matrix(tmp_path, wide()) is not None  # ASCII is UTF-8 too
    assert read_matrix(tmp_path, wide("g.csv")) is None
    assert read_matrix(tmp_path, wide("u.csv", header_row=1, skip_rows=1)) is None
    assert read_matrix(tmp_path, wide(resolution="monthly")) is None
    long = DataSource(file=Path("w.csv"), layout="long")
    assert read_matrix(tmp_path, long) is None
    assert read_matrix(tmp_path, wide("missing.csv")) is None
    assert read_matrix(tmp_path, wide("../w.csv")) is None


def test_xlsx_text_or_boolean_readings_go_to_the_text_path(tmp_path: Path) -> None:
    for name, cell in (("t.xlsx", "12.5"), ("b.xlsx", True)):
        frame = pd.DataFrame({"timestamp": ["2025-01-01 00:00", "2025-01-01 01:00"]})
        frame["E01"] = pd.Series([1.0, cell], dtype=object)
        frame.to_excel(tmp_path / name, index=False)
        assert read_matrix(tmp_path, wide(name)) is None


def test_a_problem_still_names_file_row_column_and_cell(tmp_path: Path) -> None:
    content = "timestamp,E01,E02\n2025-01-01 00:00,1,2\n2025-01-01 01:00,-3,abc\n"
    (tmp_path / "w.csv").write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_meter_data(tmp_path, [wide()], enterprise_ids=IDS, year=2025, timezone=TZ)
    assert caught.value.problems == (
        "w.csv row 3, column E02: cannot read quantity 'abc'; expected a number (leave the cell "
        "empty for missing data)",
        "w.csv row 3, column E01: negative reading -3; expected 0 or more",
    )


def test_matrix_and_text_path_load_the_same_year(tmp_path: Path) -> None:
    """A 15-min file through the matrix, and the same file with one blank line (text path)."""
    starts = pd.date_range("2025-01-01", "2026-01-01", freq="15min", inclusive="left")
    rng = np.random.default_rng(7)
    values = np.round(rng.uniform(0.0, 50.0, (len(starts), 3)), 3)
    values[rng.random(values.shape) < 0.01] = np.nan
    frame = pd.DataFrame(values, columns=list(IDS))
    frame.insert(0, "timestamp", starts.strftime("%Y-%m-%d %H:%M"))
    content = frame.to_csv(index=False)
    (tmp_path / "fast.csv").write_text(content, encoding="utf-8")
    (tmp_path / "slow.csv").write_text(content + "\n", encoding="utf-8")
    assert read_matrix(tmp_path, wide("fast.csv")) is not None
    assert read_matrix(tmp_path, wide("slow.csv")) is None
    loaded = [
        load_meter_data(
            tmp_path, [wide(name, resolution="15min")], enterprise_ids=IDS, year=2025, timezone=TZ
        )
        for name in ("fast.csv", "slow.csv")
    ]
    fast, slow = (data.hourly["electricity"] for data in loaded)
    pd.testing.assert_frame_equal(fast, slow, check_exact=True)
    expected = values.reshape(-1, 4, 3).sum(axis=1)  # an hour with a gap is a gap
    assert np.array_equal(fast.to_numpy(), expected, equal_nan=True)


def test_one_hourly_file_is_its_frame_as_a_grid_lays_it(tmp_path: Path) -> None:
    """A whole hourly year in one file, columns in the order of the ids (the frame takes
    the matrix as read), and the same year in two files (laid on a grid): equal frames and
    quality, each reading where the file puts it, MWh -> kWh."""
    starts = pd.date_range("2025-01-01", "2026-01-01", freq="h", inclusive="left")
    values = np.round(np.random.default_rng(3).uniform(0.0, 9.0, (len(starts), 3)), 3)
    values[::50, 1] = np.nan
    frame = pd.DataFrame(values, columns=list(IDS))
    frame.insert(0, "timestamp", starts.strftime("%Y-%m-%d %H:%M"))
    frame.to_csv(tmp_path / "year.csv", index=False)
    frame.iloc[:100].to_csv(tmp_path / "a.csv", index=False)
    frame.iloc[100:].to_csv(tmp_path / "b.csv", index=False)
    one, two = (
        load_meter_data(
            tmp_path,
            [wide(name, unit="MWh") for name in names],
            enterprise_ids=IDS,
            year=2025,
            timezone=TZ,
        )
        for names in (["year.csv"], ["a.csv", "b.csv"])
    )
    pd.testing.assert_frame_equal(one.hourly["electricity"], two.hourly["electricity"])
    assert np.array_equal(one.hourly["electricity"].to_numpy(), values * 1000, equal_nan=True)
    pd.testing.assert_frame_equal(
        one.quality.drop(columns="file"), two.quality.drop(columns="file")
    )
    assert one.quality["file"].tolist() == ["year.csv"] * 3
    assert two.quality["file"].tolist() == ["a.csv; b.csv"] * 3
    assert one.quality["gap_intervals"].tolist() == [0, len(starts[::50]), 0]


def test_a_sheet_not_starting_at_a1_goes_to_the_text_path(tmp_path: Path) -> None:
    with pd.ExcelWriter(tmp_path / "w.xlsx") as writer:
        frame = pd.DataFrame({"timestamp": ["2025-01-01 00:00"], "E01": [1.5]})
        frame.to_excel(writer, index=False, startrow=2, startcol=1)
    assert read_matrix(tmp_path, wide("w.xlsx")) is None
    data = load_meter_data(tmp_path, [wide("w.xlsx")], enterprise_ids=IDS, year=2025, timezone=TZ)
    assert data.hourly["electricity"]["E01"].iloc[0] == 1.5


def test_xlsx_title_rows_units_line_gaps_and_whole_numbers(tmp_path: Path) -> None:
    """fastexcel's columns and openpyxl's first rows read as python-calamine's cells do."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["园区电量日报"])
    sheet.append(["timestamp", "E01", "E02", None])
    sheet.append(["kWh", "kWh", "kWh"])
    sheet.append([dt.datetime(2025, 1, 1, 0, 0), 1.5, 3, None])
    sheet.append([dt.datetime(2025, 1, 1, 1, 0), None, 1234567890123, None])
    sheet.append([dt.datetime(2025, 1, 1, 2, 0), 0.30000000000000004, 0, None])
    book.save(tmp_path / "w.xlsx")
    matrix = same_as_text(tmp_path, wide("w.xlsx", skip_rows=1))
    assert matrix.table.body.index.tolist() == [4, 5, 6]  # spreadsheet rows: header row 2
    first = ["2025-01-01", "2025-01-01 01:00:00", "2025-01-01 02:00:00"]  # as python-calamine
    assert matrix.table.body[0].tolist() == first
    assert matrix.values[1, 1] == 1234567890123.0 and np.isnan(matrix.values[1, 0])


def test_xlsx_sheet_below_empty_rows_and_named_sheet(tmp_path: Path) -> None:
    with pd.ExcelWriter(tmp_path / "w.xlsx") as writer:
        pd.DataFrame({"x": [1]}).to_excel(writer, sheet_name="封面", index=False)
        frame = pd.DataFrame({"timestamp": ["2025-01-01 00:00", "2025-01-01 01:00"], "E01": [1, 2]})
        frame.to_excel(writer, sheet_name="电量", index=False, startrow=2)
    matrix = same_as_text(tmp_path, wide("w.xlsx", sheet="电量"))
    assert matrix.table.body.index.tolist() == [4, 5]
    assert matrix.values[:, 0].tolist() == [1.0, 2.0]


XLSX_NOT_SURE = {
    "a date among the readings": dt.datetime(2025, 1, 1),
    "a time of day as timestamp": "time",
    "timestamps mixing text and dates": "mixed",
    "a negative reading": -1.0,
}


@pytest.mark.parametrize("cell", XLSX_NOT_SURE.values(), ids=XLSX_NOT_SURE.keys())
def test_xlsx_cells_the_matrix_cannot_be_sure_of_go_to_the_text_path(
    tmp_path: Path, cell: object
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["timestamp", "E01"])
    first: object = dt.datetime(2025, 1, 1, 1, 0)
    if cell == "time":
        first, cell = dt.time(1, 0), 1.0
    elif cell == "mixed":
        first, cell = "2025-01-01 01:00", 1.0
    sheet.append([dt.datetime(2025, 1, 1, 0, 0), 2.0])
    sheet.append([first, cell])
    book.save(tmp_path / "w.xlsx")
    assert read_matrix(tmp_path, wide("w.xlsx")) is None
    problems = Problems()
    assert read_table(tmp_path, wide("w.xlsx"), "park.yaml: data[0]", problems) is not None


def test_xls_is_read_by_python_calamine(tmp_path: Path) -> None:
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook()
    sheet = book.add_sheet("电量")
    rows = [["timestamp", "E01", "E02"], ["2025-01-01 00:00", 1.5, ""], ["2025-01-01 01:00", 2, 3]]
    for i, row in enumerate(rows):
        for j, cell in enumerate(row):
            sheet.write(i, j, cell)
    book.save(str(tmp_path / "w.xls"))
    matrix = same_as_text(tmp_path, wide("w.xls"))
    assert matrix.values.tolist()[1] == [2.0, 3.0]


def test_a_damaged_workbook_goes_to_the_text_path(tmp_path: Path) -> None:
    (tmp_path / "w.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    assert read_matrix(tmp_path, wide("w.xlsx")) is None
    problems = Problems()
    assert read_table(tmp_path, wide("w.xlsx"), "park.yaml: data[0]", problems) is None
    assert problems.lines and "w.xlsx" in problems.lines[0]


def test_xlsx_merged_title_and_header_cells_read_as_python_calamine_reads_them(
    tmp_path: Path,
) -> None:
    """A merged cell holds its text in its first cell only, in both readers."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["园区分时电量（kWh）"])
    sheet.merge_cells("A1:C1")
    sheet.append(["timestamp", "E01", None])
    sheet.merge_cells("B2:C2")  # one enterprise name over two columns
    sheet.append(["2025-01-01 00:00", 1.0, None])
    sheet.append(["2025-01-01 01:00", 2.0, None])
    book.save(tmp_path / "w.xlsx")
    matrix = same_as_text(tmp_path, wide("w.xlsx"))
    assert matrix.table.header == ("timestamp", "E01")  # the empty unnamed column is dropped
    assert matrix.values[:, 0].tolist() == [1.0, 2.0]


@given(st.lists(st.sampled_from([b"a", b"timestamp,E01", b"", b"\r"])), st.integers(0, 6))
def test_the_first_lines_of_a_csv_are_found_without_splitting_the_file(
    lines: list[bytes], count: int
) -> None:
    data = b"\n".join(lines)
    assert _first_lines(data, count) == b"\n".join(data.split(b"\n", count)[:count])


def test_a_matrix_read_ahead_is_the_one_read_later(tmp_path: Path) -> None:
    """Reads started ahead answer the same entries once each, in order; others read then."""
    (tmp_path / "w.csv").write_text(CSV_FILES["bom, CRLF, gaps and an empty row"], "utf-8")
    source = wide()
    with ThreadPoolExecutor(max_workers=1) as pool:
        ahead = MatricesAhead(pool, tmp_path, [source, source])
        reads = [ahead(tmp_path, source) for _ in range(3)]  # the third was not read ahead
    now = read_matrix(tmp_path, source)
    assert now is not None and len({id(read) for read in reads}) == 3
    for read in reads:
        assert read is not None and read.table.header == now.table.header
        assert np.array_equal(read.values, now.values, equal_nan=True)
        assert read.table.body.equals(now.table.body)


def test_only_valid_wide_interval_entries_are_read_ahead() -> None:
    items = [
        {"file": "a.csv", "layout": "wide", "carrier": "electricity", "unit": "kWh"},
        {
            "file": "b.csv",
            "layout": "wide",
            "carrier": "electricity",
            "unit": "kWh",
            "resolution": "monthly",
        },
        {"file": "c.csv"},  # long
        {"file": "d.csv", "layout": "wide", "carrier": "electricity", "unit": "kg"},  # invalid
        {
            "file": "e.xlsx",
            "layout": "wide",
            "carrier": "electricity",
            "unit": "MWh",
            "resolution": "15min",
        },
    ]
    assert [s.file.name for s in matrix_sources(items)] == ["a.csv", "e.xlsx"]


def test_a_csv_parsed_in_several_blocks_equals_the_text_cells(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file of ~2.5 MB on four cores: 1 MiB blocks, so every column comes in 3 chunks."""
    monkeypatch.setattr("greenpark.inputs.meters.early.os.cpu_count", lambda: 4)
    values = np.round(np.random.default_rng(5).random((8760, 32)) * 1000, 3).astype(str)
    values[::97, 3] = ""  # gaps across the block boundaries
    stamps = pd.date_range("2025-01-01", periods=8760, freq="h").strftime("%Y-%m-%d %H:%M")
    lines = [",".join(["timestamp", *(f"E{j:02d}" for j in range(32))])]
    lines += [",".join([s, *row]) for s, row in zip(stamps, values, strict=True)]
    (tmp_path / "w.csv").write_text("\n".join(lines) + "\n", "utf-8")
    assert (tmp_path / "w.csv").stat().st_size > 2.2 * 2**20
    same_as_text(tmp_path, wide())
