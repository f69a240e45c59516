"""The 零碳园区 assessment in the park report: the same numbers in the Excel sheets as the
assessment computed from the run (the HTML shows the same tables)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

import greenpark as gp
from greenpark.assess import assess_zero_carbon_park
from greenpark.report.assess_sections import zero_carbon_section
from greenpark.report.park_report import write_report

TWO_FIRMS = Path(__file__).resolve().parents[1] / "parks" / "two_firms"


def _sheet(book: openpyxl.Workbook, title: str) -> list[tuple[object, ...]]:
    (sheet,) = [s for s in book.worksheets if s.title.startswith(title[:20])]
    return [tuple(r) for r in sheet.iter_rows(values_only=True)]


def test_the_report_carries_the_910_gap_and_ranking_at_full_precision(tmp_path: Path) -> None:
    result = gp.run(gp.RunSpec(TWO_FIRMS))
    assessment = assess_zero_carbon_park(result)
    section = zero_carbon_section(assessment)
    path = write_report(result, tmp_path / "r.xlsx", assessment=[section])
    book = openpyxl.load_workbook(path)
    gap, ranking = section.tables[1], section.tables[2]
    rows = _sheet(book, gap.title)
    cut = next(r for r in rows if r and str(r[0]).startswith("需减排"))
    expected = assessment.gap["cut_co2_kg"] / 1000.0
    assert list(cut[1:3]) == pytest.approx(expected.tolist(), rel=1e-15)
    first = next(r for r in _sheet(book, ranking.title) if r and r[0] == 1)
    top = assessment.ranking.iloc[0]
    assert first[2] == pytest.approx(top["co2_kg"] / 1000.0, rel=1e-15)
    assert first[4] == pytest.approx(top["cumulative_share_fraction"], rel=1e-15)
    html = write_report(result, tmp_path / "r.html", assessment=[section]).read_text("utf-8")
    assert "零碳园区评价与差距分析" in html and "910号差距分析" in html
