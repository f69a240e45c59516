"""``greenpark report``: the park report of one run, as HTML or Excel by the file's suffix."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from greenpark.errors import OutputError
from greenpark.i18n import text
from greenpark.report.document import Section
from greenpark.report.html_report import render_html
from greenpark.report.report_sections import report_sections
from greenpark.report.xlsx_report import write_xlsx

if TYPE_CHECKING:
    from greenpark.run_result import RunResult

#: the suffixes ``greenpark report --out`` writes
REPORT_SUFFIXES = (".html", ".xlsx")


def check_report_path(path: Path) -> None:
    """Before computing: the report can be written there (a known suffix, an existing folder)."""
    problems = []
    if path.suffix.lower() not in REPORT_SUFFIXES:
        problems.append(
            text(
                f"{path}：报告文件须以 .html 或 .xlsx 结尾，实际为 {path.suffix or '无后缀'}",
                f"{path}: the report file must end in .html or .xlsx, got {path.suffix or 'no suffix'}",
            )
        )
    if not path.parent.is_dir():
        problems.append(text(f"{path.parent}：文件夹不存在", f"{path.parent}: no such folder"))
    if problems:
        raise OutputError("\n".join(problems))


def html_report(result: RunResult, assessment: Sequence[Section] = ()) -> str:
    """The report page of ``result`` (``assessment``: sections set apart after the dashboard)."""
    info = result.config.park
    return render_html(
        report_sections(result, assessment),
        text(info.name, info.name_en or info.name),
        info.accounting_year,
        result.run_id,
        assessment_keys=[s.key for s in assessment],
    )


def write_report(result: RunResult, path: Path, assessment: Sequence[Section] = ()) -> Path:
    """Write the report to ``path`` (``.html`` or ``.xlsx``); returns the path."""
    check_report_path(path)
    if path.suffix.lower() == ".xlsx":
        write_xlsx(report_sections(result, assessment), path)
    else:
        path.write_text(html_report(result, assessment), encoding="utf-8")
    return path
