"""The Excel report read back with openpyxl: a sheet per table of the HTML report, headers
with units in the reader's language, every value at full precision, number formats, frozen
header row; numbers checked against the RunResult they came from.

Full precision: xlsxwriter writes 16 significant digits (Excel itself keeps 15), so a value
read back is within 1e-15 relative of the RunResult's (the old CSVs had 6 digits)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from greenpark.i18n import set_language
from greenpark.report.park_report import write_report
from greenpark.report.report_sections import report_sections
from greenpark.report.xlsx_report import report_tables, sheet_name
from greenpark.run_result import RunResult

#: 16 significant digits
PRECISION = 1e-15


def _close(value: float) -> object:
    return pytest.approx(float(value), rel=PRECISION, abs=0)


Sheets = dict[str, list[list[object]]]


def _sheets(result: RunResult, path: Path) -> Sheets:
    write_report(result, path)
    book = openpyxl.load_workbook(path)
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in book}


@pytest.fixture(scope="module")
def workbook(jincheng_result: RunResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Chinese report of jincheng-edz, written once."""
    set_language("zh")
    path = tmp_path_factory.mktemp("xlsx") / "report.xlsx"
    write_report(jincheng_result, path)
    return path


@pytest.fixture
def sheets(workbook: Path) -> Sheets:
    book = openpyxl.load_workbook(workbook)
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in book}


def test_every_table_is_a_sheet_at_full_precision(
    jincheng_result: RunResult, sheets: Sheets
) -> None:
    tables = report_tables(report_sections(jincheng_result))
    assert list(sheets) == [sheet_name(t) for t in tables]
    for table in tables:
        rows = sheets[sheet_name(table)]
        assert rows[0] == [c.header for c in table.columns], table.key
        assert len(rows) == len(table.rows) + 1, table.key
        for got, expected in zip(rows[1:], table.rows, strict=True):
            assert got == [v if isinstance(v, str) else _close(v) for v in expected]


def test_values_are_the_run_result_s(jincheng_result: RunResult, sheets: Sheets) -> None:
    """Cells against the RunResult computed by hand: kWh / 1000 = MWh, kg / 1000 = t,
    exactly (no rounding on the way)."""
    annual = jincheng_result.annual()
    by_enterprise = {r[0]: r for r in sheets["碳排放（按企业）"][1:]}
    for enterprise in ("E01", "E18", "E30"):
        row = by_enterprise[enterprise]
        s1, s2, heat = (
            float(annual.loc[enterprise, c]) / 1000
            for c in ("scope1_co2_kg", "scope2_location_co2_kg", "heat_net_co2_kg")
        )
        assert row[2:6] == [_close(s1), _close(s2), _close(heat), _close(s1 + s2 + heat)]
    hourly = jincheng_result.hourly()
    january = hourly[hourly["interval_start"].dt.month == 1]
    balance = sheets["月度能量平衡"]
    assert balance[1][0] == 1
    assert balance[1][1] == pytest.approx(january["load_kwh"].sum() / 1000, rel=PRECISION)
    assert balance[1][5] == pytest.approx(january["grid_import_kwh"].sum() / 1000, rel=PRECISION)


def test_ranking_is_largest_first_with_cumulative_share(sheets: Sheets) -> None:
    rows = sheets["企业排名（按碳排放）"][1:]
    totals = [r[3] for r in rows]
    assert totals == sorted(totals, reverse=True)
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1))
    assert rows[-1][5] == pytest.approx(1.0, abs=1e-12)
    assert rows[0][4] == pytest.approx(totals[0] / sum(totals), rel=1e-12)


def test_910_gap_by_hand(jincheng_result: RunResult, sheets: Sheets) -> None:
    """Gap = indicator − limit [tCO2/tce]; tonnes to cut = gap × energy use [tce]."""
    basis = jincheng_result.park_910()["value"]
    rows = sheets["零碳园区核心指标（910号）"][1:]
    for row, conversion in zip(rows, ("calorific", "primary"), strict=True):
        value = float(basis[f"park_910_co2_t_per_tce_{conversion}"])
        limit = float(basis[f"park_910_limit_t_per_tce_{conversion}"])
        energy_t = float(basis[f"park_910_energy_{conversion}_kgce"]) / 1000
        assert row[1:4] == [_close(value), _close(limit), "未达标"]
        assert row[4] == _close(value - limit)
        assert row[5] == pytest.approx((value - limit) * energy_t, rel=1e-12)


def test_formats_and_frozen_header(workbook: Path) -> None:
    ranking = openpyxl.load_workbook(workbook)["企业排名（按碳排放）"]
    assert ranking.freeze_panes == "A2"
    assert ranking["E2"].number_format == "0.0%"
    assert ranking["D2"].number_format == "#,##0"
    assert ranking["D1"].value == "合计（范围一 + 范围二位置 + 热力净）tCO2"


def test_english_headers(jincheng_result: RunResult, tmp_path: Path) -> None:
    set_language("en")
    sheets = _sheets(jincheng_result, tmp_path / "report.xlsx")
    assert "Emissions by enterprise" in sheets
    assert sheets["Emissions by enterprise"][0][:3] == ["enterprise", "name", "Scope 1 tCO2"]
