"""The park report as one self-contained HTML file (Jinja2; charts as inline SVG).

Nothing is fetched when the file opens: styles are inline, charts are SVG elements drawn by
:mod:`greenpark.report.charts` (no JavaScript), fonts are the reader's own (CJK families named
in the CSS), so the page opens offline, prints, and stays small.
"""

from __future__ import annotations

from collections.abc import Sequence

from jinja2 import Environment, PackageLoader, select_autoescape

from greenpark import __version__
from greenpark.i18n import get_language, text
from greenpark.report.document import Section, shown


def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("greenpark.report", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_page(
    title: str,
    subtitle: str,
    sections: Sequence[Section],
    footer: str,
    assessment_keys: Sequence[str] = (),
) -> str:
    """One self-contained page of ``sections`` in the report template (``assessment_keys``:
    the sections set apart as assessments)."""
    return (
        _environment()
        .get_template("report.html.j2")
        .render(
            lang="zh-CN" if get_language() == "zh" else "en",
            title=title,
            subtitle=subtitle,
            sections=sections,
            assessment_keys=set(assessment_keys),
            shown=shown,
            version=__version__,
            footer=footer,
        )
    )


def render_html(
    sections: Sequence[Section],
    park_name: str,
    year: int,
    run_id: str,
    assessment_keys: Sequence[str] = (),
) -> str:
    """The report page (``sections``: :func:`greenpark.report.report_sections.report_sections`;
    ``assessment_keys``: the sections set apart as assessments)."""
    return render_page(
        text(
            f"{park_name} {year} 年绿电与碳核算报告",
            f"{park_name}: green power and carbon accounts {year}",
        ),
        text(f"核算运行 {run_id}", f"run {run_id}"),
        sections,
        text(
            f"由 greenpark {__version__} 生成；全部数值可追溯至运行 {run_id} 的输入与因子。",
            f"Made by greenpark {__version__}; every number traces to the inputs and factors of run {run_id}.",
        ),
        assessment_keys,
    )
