"""``greenpark report PARK --out FILE``: the report by the file's suffix, in the chosen
language; a file it cannot write is refused before the run."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from greenpark.cli.app import app
from greenpark.errors import OutputError

runner = CliRunner()
PARK = Path(__file__).resolve().parents[1] / "parks" / "two_firms"


def test_report_html_and_xlsx_in_english(tmp_path: Path) -> None:
    html = tmp_path / "report.html"
    result = runner.invoke(app, ["report", str(PARK), "--out", str(html), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert f"wrote {html}" in result.output
    page = html.read_text(encoding="utf-8")
    assert '<html lang="en">' in page
    assert "Monthly energy balance" in page
    assert page.count("<svg") == 4
    assert "<script" not in page
    assert re.search(r"(src|href)=\"(https?:)?//", page) is None  # nothing to fetch
    assert html.stat().st_size < 5_000_000
    xlsx = tmp_path / "report.xlsx"
    result = runner.invoke(
        app, ["report", str(PARK), "--out", str(xlsx), "--allow-gaps", "--lang", "zh"]
    )
    assert result.exit_code == 0, result.output
    assert "园区概况" in openpyxl.load_workbook(xlsx).sheetnames


def test_bad_out_is_refused_before_the_run(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["report", str(tmp_path / "no-park"), "--out", str(tmp_path / "r.pdf")]
    )
    assert isinstance(result.exception, OutputError)
    assert "须以 .html 或 .xlsx 结尾" in str(result.exception)
    missing = tmp_path / "nowhere" / "r.html"
    result = runner.invoke(app, ["report", str(PARK), "--out", str(missing)])
    assert isinstance(result.exception, OutputError)
    assert "文件夹不存在" in str(result.exception)
