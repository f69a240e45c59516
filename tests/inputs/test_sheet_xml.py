"""The sheet XML reader gives exactly what fastexcel's columns give, and leaves to fastexcel
every sheet it is not sure of: each case is read both ways and compared cell for cell."""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from pathlib import Path

import fastexcel
import numpy as np
import openpyxl
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from greenpark.inputs.meters import sheet_numbers, sheet_xml
from greenpark.inputs.meters.sheet_numbers import Read, data_line, head_rows, read_sheet
from greenpark.inputs.meters.sheet_rows import NotSureError, column_index, column_letters
from greenpark.inputs.meters.sheet_xml import read_rows
from greenpark.inputs.park.schema import DataSource

STAMPS = [dt.datetime(2025, 1, 1) + dt.timedelta(minutes=15 * k) for k in range(200)]


def wide(name: str, **given: object) -> DataSource:
    return DataSource(file=Path(name), layout="wide", carrier="electricity", unit="kWh", **given)


def by_fastexcel(path: Path, source: DataSource) -> Read | None:
    """What the sheet reads as through fastexcel alone (the reader before this one)."""
    reader = fastexcel.read_excel(path)
    name = source.sheet or reader.sheet_names[0]
    head = sheet_numbers._openpyxl_head(path, name, head_rows(source))
    assert head is not None
    return sheet_numbers._fastexcel_sheet(reader, name, head, data_line(head, source))


def fast_rows(path: Path, source: DataSource) -> bool:
    """Whether the XML reader read the sheet itself (not leaving it to fastexcel)."""
    reader = fastexcel.read_excel(path)
    name = source.sheet or reader.sheet_names[0]
    head = sheet_numbers._openpyxl_head(path, name, head_rows(source))
    assert head is not None
    try:
        read_rows(path, name, data_line(head, source))
    except NotSureError:
        return False
    return True


def same_as_fastexcel(path: Path, source: DataSource) -> Read | None:
    found, expected = read_sheet(path, source), by_fastexcel(path, source)
    if expected is None:
        assert found is None
        return None
    assert found is not None
    assert (found.head, found.start, found.first) == (expected.head, expected.start, expected.first)
    assert found.values.shape == expected.values.shape
    assert np.array_equal(found.values, expected.values, equal_nan=True)
    return found


def write_xlsxwriter(path: Path, rows: list[list[object]], **options: object) -> None:
    """Rows as xlsxwriter writes them (no cell for None; dates as styled serial numbers)."""
    with xlsxwriter.Workbook(str(path), options) as book:
        sheet = book.add_worksheet("电量")
        stamp = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        for i, row in enumerate(rows):
            for j, cell in enumerate(row):
                if isinstance(cell, dt.datetime):
                    sheet.write_datetime(i, j, cell, stamp)
                elif cell is not None:
                    sheet.write(i, j, cell)


def readings(rows: int, columns: int, seed: int = 3) -> np.ndarray:
    values = np.round(np.random.default_rng(seed).uniform(0, 900, (rows, columns)), 1)
    values[::7, 1] = np.nan  # gaps
    return values


def table(
    first: list[object], values: np.ndarray, header: list[object] | None = None
) -> list[list[object]]:
    names = header or ["timestamp", *(f"E{j:02d}" for j in range(values.shape[1]))]
    body = [
        [stamp, *(None if np.isnan(v) else float(v) for v in row)]
        for stamp, row in zip(first, values, strict=True)
    ]
    return [names, *body]


@pytest.mark.parametrize("memory", [True, False], ids=["inline strings", "shared strings"])
def test_text_stamps_numbers_and_gaps_are_read_from_the_xml(tmp_path: Path, memory: bool) -> None:
    stamps = [s.strftime("%Y-%m-%d %H:%M") for s in STAMPS]
    write_xlsxwriter(tmp_path / "w.xlsx", table(stamps, readings(200, 30)), constant_memory=memory)
    assert fast_rows(tmp_path / "w.xlsx", wide("w.xlsx"))
    found = same_as_fastexcel(tmp_path / "w.xlsx", wide("w.xlsx"))
    assert found is not None and found.values.shape == (200, 30)
    assert found.first[:2] == ["2025-01-01 00:00", "2025-01-01 00:15"]


def test_dates_in_the_first_column_and_blocks_cut_anywhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Styled serial numbers as stamps; the XML inflated 1,000 bytes at a time."""
    monkeypatch.setattr(sheet_xml, "_BLOCK", 1000)
    write_xlsxwriter(tmp_path / "w.xlsx", table(list(STAMPS), readings(200, 6)))
    assert fast_rows(tmp_path / "w.xlsx", wide("w.xlsx"))
    found = same_as_fastexcel(tmp_path / "w.xlsx", wide("w.xlsx"))
    assert found is not None and found.first[1] == "2025-01-01 00:15:00"


def test_openpyxl_cells_title_rows_units_line_and_xlsm(tmp_path: Path) -> None:
    """openpyxl writes t="n" on every number and styles its dates: rows read cell by cell."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["园区电量日报"])
    sheet.append(["timestamp", "E01", "E02", "E03"])
    sheet.append(["kWh", "kWh", "kWh"])
    for k, row in enumerate(readings(50, 3)):
        sheet.append([STAMPS[k], *(None if np.isnan(v) else float(v) for v in row)])
    sheet.append([STAMPS[50], 1e-05, 12345678901234.0, 0])
    book.save(tmp_path / "w.xlsx")
    shutil.copy(tmp_path / "w.xlsx", tmp_path / "w.xlsm")
    for name in ("w.xlsx", "w.xlsm"):
        assert fast_rows(tmp_path / name, wide(name, skip_rows=1))
        found = same_as_fastexcel(tmp_path / name, wide(name, skip_rows=1))
        assert found is not None and found.values[-1].tolist() == [1e-05, 12345678901234.0, 0.0]


def test_missing_cells_rows_and_columns(tmp_path: Path) -> None:
    values = readings(40, 8)
    values[5] = np.nan  # a row of only its stamp
    values[9, 2:] = np.nan  # a short row
    values[:, 7] = np.nan  # a column without readings
    rows = table([s.strftime("%Y-%m-%d %H:%M") for s in STAMPS[:40]], values)
    rows[12] = [None, *rows[12][1:]]  # a reading without its stamp
    rows[20] = [None] * 9  # an empty row
    rows.append([None, None, 5.0])  # a last row without stamp
    write_xlsxwriter(tmp_path / "w.xlsx", rows)
    assert fast_rows(tmp_path / "w.xlsx", wide("w.xlsx"))
    found = same_as_fastexcel(tmp_path / "w.xlsx", wide("w.xlsx"))
    assert found is not None and found.values.shape == (41, 8) and found.first[-1] == ""


def test_a_wide_header_over_narrow_rows(tmp_path: Path) -> None:
    rows = table(["2025-01-01 00:00", "2025-01-01 01:00"], np.array([[1.0, 2.0], [3.0, 4.0]]))
    rows[0] += ["E02", "E03"]
    write_xlsxwriter(tmp_path / "w.xlsx", rows)
    found = same_as_fastexcel(tmp_path / "w.xlsx", wide("w.xlsx"))
    assert found is not None and found.values.shape == (2, 4)


SURE_NOT = {
    "text among the readings": "12.5",
    "a boolean among the readings": True,
    "a formula": "=B2*2",
    "a date among the readings": dt.datetime(2025, 1, 1),
    "a negative reading": -1.5,
}


@pytest.mark.parametrize("cell", SURE_NOT.values(), ids=SURE_NOT.keys())
def test_cells_the_reader_cannot_be_sure_of_read_as_fastexcel_reads_them(
    tmp_path: Path, cell: object
) -> None:
    rows = table(["2025-01-01 00:00", "2025-01-01 01:00", "2025-01-01 02:00"], readings(3, 3))
    rows[2][2] = cell
    write_xlsxwriter(tmp_path / "w.xlsx", rows)
    same_as_fastexcel(tmp_path / "w.xlsx", wide("w.xlsx"))


def test_stamps_mixing_text_and_dates_go_to_the_text_path(tmp_path: Path) -> None:
    rows = table(["2025-01-01 00:00", STAMPS[1]], np.array([[1.0], [2.0]]))
    write_xlsxwriter(tmp_path / "w.xlsx", rows)
    assert fast_rows(tmp_path / "w.xlsx", wide("w.xlsx"))
    assert read_sheet(tmp_path / "w.xlsx", wide("w.xlsx")) is None
    assert by_fastexcel(tmp_path / "w.xlsx", wide("w.xlsx")) is None


def test_numbers_as_written_read_as_calamine_parses_them(tmp_path: Path) -> None:
    """Number texts written straight into the XML: exponents, signs, leading dots, nan."""
    rows = table(["a", "b"], np.array([[1.0, 2.0], [3.0, 4.5]]))
    write_xlsxwriter(tmp_path / "w.xlsx", rows, constant_memory=True)
    for k, text in enumerate(["1E-3", "5.", ".5", "-0", "007", "1e5", "nan", "inf", " 5", ""]):
        path = tmp_path / f"n{k}.xlsx"
        _replace_in_sheet(tmp_path / "w.xlsx", path, b"<v>4.5</v>", b"<v>%s</v>" % text.encode())
        same_as_fastexcel(path, wide(path.name, header_row=1))  # openpyxl reads row 1 only


def test_rows_out_of_order_and_references_to_other_rows_go_to_fastexcel(tmp_path: Path) -> None:
    write_xlsxwriter(tmp_path / "w.xlsx", table(["a", "b", "c"], np.ones((3, 3))))
    for name, old, new in [
        ("ref.xlsx", b'<c r="C3">', b'<c r="C4">'),
        ("order.xlsx", b'<row r="3"', b'<row r="9"'),
        ("column.xlsx", b'<c r="C3">', b'<c r="D3">'),
    ]:
        _replace_in_sheet(tmp_path / "w.xlsx", tmp_path / name, old, new)
        same_as_fastexcel(tmp_path / name, wide(name))
    assert not fast_rows(tmp_path / "order.xlsx", wide("order.xlsx"))


def test_column_letters_round_trip() -> None:
    for index in (0, 1, 25, 26, 27, 51, 52, 701, 702, 16383):
        assert column_index(column_letters(index)) == index
    assert [column_letters(k) for k in (0, 25, 26, 701, 702)] == [b"A", b"Z", b"AA", b"ZZ", b"AAA"]


def _replace_in_sheet(source: Path, target: Path, old: bytes, new: bytes) -> None:
    """A copy of a one-sheet workbook with ``old`` replaced by ``new`` in its sheet XML."""
    with zipfile.ZipFile(source) as book, zipfile.ZipFile(target, "w") as copy:
        for item in book.infolist():
            data = book.read(item)
            if item.filename.startswith("xl/worksheets/"):
                assert old in data
                data = data.replace(old, new, 1)
            copy.writestr(item, data)


CELLS = st.one_of(
    st.none(),
    st.floats(0, 1e6, allow_nan=False).map(lambda v: round(v, 3)),
    st.sampled_from([0.0, 1e-05, 2.5e-07, 123456789012345.0, 0.1 + 0.2]),
    st.sampled_from(["", "5", True, dt.datetime(2025, 3, 1, 12)]),
)
FIRSTS = st.one_of(st.none(), st.sampled_from(["2025-01-01 00:00", "a", STAMPS[3], 45658.0]))


@given(
    st.lists(st.tuples(FIRSTS, st.lists(CELLS, max_size=5)), min_size=1, max_size=6),
    st.sampled_from(["inline", "shared", "openpyxl"]),
)
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_any_small_sheet_reads_as_fastexcel_reads_it(
    tmp_path: Path, body: list[tuple[object, list[object]]], writer: str
) -> None:
    rows: list[list[object]] = [["timestamp", "E01", "E02", "E03", "E04", "E05"]]
    rows += [[first, *cells] for first, cells in body]
    path = tmp_path / f"{writer}.xlsx"
    if writer == "openpyxl":
        book = openpyxl.Workbook()
        for row in rows:
            book.active.append(row)
        book.save(path)
    else:
        write_xlsxwriter(path, rows, constant_memory=writer == "inline")
    same_as_fastexcel(path, wide(path.name))


def test_openpyxl_numbers_are_regular_rows_and_gaps_are_read_cell_by_cell(tmp_path: Path) -> None:
    """t="n" on every number (openpyxl, pandas' default writer) is a regular row too."""
    book = openpyxl.Workbook()
    book.active.append(["timestamp", "E01", "E02", "E03"])
    for k, row in enumerate(readings(30, 3)):
        book.active.append([STAMPS[k], *(None if np.isnan(v) else float(v) for v in row)])
    book.save(tmp_path / "w.xlsx")
    rows, _ = read_rows(tmp_path / "w.xlsx", "Sheet", 1)
    assert sum(len(numbers) for numbers, _ in rows.blocks) == 25  # every 7th row has a gap
    assert [row for row, _, _ in rows.odd] == [2, 9, 16, 23, 30]
    same_as_fastexcel(tmp_path / "w.xlsx", wide("w.xlsx"))


def test_rows_with_gaps_are_read_at_once_and_many_styled_rows_left_to_fastexcel(
    tmp_path: Path,
) -> None:
    values = readings(300, 4)
    values[:, 1:3] = 1.0
    values[::5, 2] = np.nan  # a gap in every fifth row
    stamps = [s.strftime("%Y-%m-%d %H:%M") for s in STAMPS]
    write_xlsxwriter(tmp_path / "g.xlsx", table((stamps * 2)[:300], values))
    rows, _ = read_rows(tmp_path / "g.xlsx", "电量", 1)
    assert rows.gappy_rows == 60 and rows.odd_rows == 0  # none read cell by cell
    same_as_fastexcel(tmp_path / "g.xlsx", wide("g.xlsx"))
    values[::2, 2] = np.nan  # in every other row: left to fastexcel
    write_xlsxwriter(tmp_path / "h.xlsx", table((stamps * 2)[:300], values))
    assert not fast_rows(tmp_path / "h.xlsx", wide("h.xlsx"))
    same_as_fastexcel(tmp_path / "h.xlsx", wide("h.xlsx"))
    with xlsxwriter.Workbook(str(tmp_path / "s.xlsx")) as book:  # "0.0" on every number
        sheet, style = book.add_worksheet(), book.add_format({"num_format": "0.0"})
        sheet.write_row(0, 0, ["timestamp", "E01"])
        for k in range(300):
            sheet.write_row(k + 1, 0, [stamps[k % 200], float(k)], style)
    assert not fast_rows(tmp_path / "s.xlsx", wide("s.xlsx"))
    same_as_fastexcel(tmp_path / "s.xlsx", wide("s.xlsx"))


def test_one_exponent_among_many_rows_costs_a_few_rows_read_cell_by_cell(tmp_path: Path) -> None:
    values = readings(300, 3)
    values[:, 1] = 5.0
    values[150, 1] = 1e-05  # written as 1E-05 or 1.0000000000000001E-5
    stamps = [s.strftime("%Y-%m-%d %H:%M") for s in STAMPS]
    write_xlsxwriter(tmp_path / "w.xlsx", table((stamps * 2)[:300], values))
    rows, _ = read_rows(tmp_path / "w.xlsx", "电量", 1)
    assert 0 < rows.odd_rows <= 8
    found = same_as_fastexcel(tmp_path / "w.xlsx", wide("w.xlsx"))
    assert found is not None and found.values[150, 1] == 1e-05


def test_a_sheet_that_fails_to_inflate_is_left_to_fastexcel(tmp_path: Path) -> None:
    """A stored sheet with a changed byte at its end: its CRC no longer matches, which shows
    only once the whole sheet is read (openpyxl reads the header row before that)."""
    stamps = [s.strftime("%Y-%m-%d %H:%M") for s in STAMPS] * 10
    write_xlsxwriter(tmp_path / "w.xlsx", table(stamps, np.full((2000, 2), 7.5)))
    with (
        zipfile.ZipFile(tmp_path / "w.xlsx") as book,
        zipfile.ZipFile(tmp_path / "s.xlsx", "w") as copy,
    ):
        for item in book.infolist():
            copy.writestr(item.filename, book.read(item), zipfile.ZIP_STORED)
    end = b"<v>7.5</v></c></row></sheetData>"
    data = (tmp_path / "s.xlsx").read_bytes()
    (tmp_path / "s.xlsx").write_bytes(data.replace(end, end.replace(b"7.5", b"7.6")))
    source = wide("s.xlsx", header_row=1)
    assert not fast_rows(tmp_path / "s.xlsx", source)
    same_as_fastexcel(tmp_path / "s.xlsx", source)  # calamine does not check the CRC


def test_enterprises_joining_later_make_wider_rows_from_then_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows of 3 readings, then of 5: the regular shape is chosen again, blocks of both widths."""
    monkeypatch.setattr(sheet_xml, "_FIRST_BLOCK", 3000)
    monkeypatch.setattr(sheet_xml, "_BLOCK", 3000)
    values = readings(100, 5)
    values[:, 1] = 2.0  # no gaps
    values[:40, 3:] = np.nan
    stamps = [s.strftime("%Y-%m-%d %H:%M") for s in STAMPS[:100]]
    write_xlsxwriter(tmp_path / "w.xlsx", table(stamps, values))
    rows, _ = read_rows(tmp_path / "w.xlsx", "电量", 1)
    assert {block.shape[1] for _, block in rows.blocks} == {3, 5} and rows.odd_rows <= 2
    found = same_as_fastexcel(tmp_path / "w.xlsx", wide("w.xlsx"))
    assert found is not None and found.values.shape == (100, 5)
