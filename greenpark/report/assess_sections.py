"""The 零碳园区 (910号) assessment as a report section: indicators against thresholds, the gap
analysis and the enterprise ranking, as :class:`~greenpark.report.document.ReportTable` so the
HTML page and the Excel workbook show them alike (values at full precision, kinds per row)."""

from __future__ import annotations

import pandas as pd

from greenpark.assess.zero_carbon import ZeroCarbonAssessment
from greenpark.i18n import text
from greenpark.report.assess import BASIS_WORDS, GAP_ROWS, status_words, threshold_words
from greenpark.report.document import Cell, Column, ReportTable, Section

#: how a gap row's value is kept: (divisor to the unit its label names, kind)
_GAP_SCALE = {"_kg": (1000.0, "n0"), "_kgce": (1000.0, "n0"), "_kwh": (1000.0, "n0")}
RANKING_ROWS = 15


def _unit_kind(unit: str) -> str:
    return {"fraction": "percent", "t/tce": "n3"}.get(unit, "n2")


def _number(value: object) -> Cell:
    if value is None or pd.isna(value):  # type: ignore[call-overload]
        return text("无数据", "no data")
    return float(value)  # type: ignore[arg-type]


def _indicators(assessment: ZeroCarbonAssessment) -> ReportTable:
    frame = pd.concat([assessment.core, assessment.guiding], ignore_index=True)
    rows: list[tuple[Cell, ...]] = []
    for _, row in frame.iterrows():
        rows.append(
            (
                text(str(row["indicator_zh"]), str(row["indicator_en"])),
                text(*BASIS_WORDS[str(row["basis"])]),
                _number(row["value"]),
                str(row["unit"]),
                threshold_words(row),
                status_words(row),
                f"{row['confidence']} {row['source']}",
            )
        )
    columns = (
        Column(text("指标", "indicator")),
        Column(text("口径", "basis")),
        Column(text("数值", "value"), "row"),
        Column(text("单位", "unit")),
        Column(text("阈值", "threshold")),
        Column(text("结论", "status")),
        Column(text("可信度与来源", "confidence and source")),
    )
    kinds = tuple(_unit_kind(str(u)) for u in frame["unit"])
    title = text("零碳园区指标（910号）", "zero-carbon park indicators (910)")
    return ReportTable("zcp_indicators", title, columns, tuple(rows), kinds)


def _gap_value(column: str, value: object) -> tuple[Cell, str]:
    if isinstance(value, bool):
        return text("是", "yes") if value else text("否", "no"), "general"
    if value is None or pd.isna(value):  # type: ignore[call-overload]
        return text("无数据", "no data"), "general"
    if column.endswith("_fraction"):
        return float(value), "percent"  # type: ignore[arg-type]
    for ending, (divisor, kind) in _GAP_SCALE.items():
        if column.endswith(ending):
            return float(value) / divisor, kind  # type: ignore[arg-type]
    return float(value), "n3"  # type: ignore[arg-type]


def _gap(assessment: ZeroCarbonAssessment) -> ReportTable:
    gap = assessment.gap
    rows: list[tuple[Cell, ...]] = []
    kinds: list[str] = []
    for column, zh, en, _ in GAP_ROWS:
        cells = [_gap_value(column, v) for v in gap[column]]
        rows.append((text(zh, en), *(c for c, _ in cells)))
        kinds.append(next((k for _, k in cells if k != "general"), "general"))
    columns = (
        Column(text("项目", "item")),
        *(Column(text(*BASIS_WORDS[str(b)]), "row") for b in gap["basis"]),
    )
    title = text("910号差距分析", "910 gap analysis")
    return ReportTable("zcp_gap", title, columns, tuple(rows), tuple(kinds))


def _ranking(assessment: ZeroCarbonAssessment) -> ReportTable:
    top = assessment.ranking.head(RANKING_ROWS)
    rows = tuple(
        (
            int(r["rank"]),
            f"{r['enterprise']} {r['name']}",
            float(r["co2_kg"]) / 1000.0,
            float(r["share_fraction"]),
            float(r["cumulative_share_fraction"]),
        )
        for _, r in top.iterrows()
    )
    columns = (
        Column("#", "int"),
        Column(text("企业", "enterprise")),
        Column("tCO2", "n0"),
        Column(text("占比", "share"), "percent"),
        Column(text("累计", "cumulative"), "percent"),
    )
    title = text("企业贡献排名（910号口径）", "enterprise ranking (910 basis)")
    return ReportTable("zcp_ranking", title, columns, rows)


def zero_carbon_section(assessment: ZeroCarbonAssessment) -> Section:
    """The 910号 assessment: indicators, gap and ranking."""
    return Section(
        "zero_carbon_park",
        text("零碳园区评价与差距分析", "zero-carbon park assessment and gap"),
        (_indicators(assessment), _gap(assessment), _ranking(assessment)),
        lead=text(
            "核心指标两种折标口径、五项引导性指标（无数据不视为达标）、达标所需减排与绿电，以及园区屋顶光伏潜力可补足的部分。",
            "The core indicator at both conversions, the five guiding indicators (no data is "
            "never a pass), the cut and green electricity needed, and what the park's own roofs "
            "could supply.",
        ),
    )
