"""Assessments for people: rich tables of :mod:`greenpark.assess` results, and CSV files for
Excel (UTF-8 with BOM, full precision). Words and rounding live only here."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd
from rich import box
from rich.table import Table

from greenpark.assess.green_factory import GreenFactoryAssessment
from greenpark.assess.green_park import GreenParkAssessment
from greenpark.assess.mu_efficiency import MuEfficiencyAssessment
from greenpark.assess.zero_carbon import ZeroCarbonAssessment
from greenpark.i18n import text
from greenpark.report.formatting import mwh, number, percent, tonnes
from greenpark.report.park910 import VERDICT_WORDS

STATUS_WORDS = {
    "pass": ("达标", "pass"),
    "fail": ("未达标", "fail"),
    "no_data": ("无数据", "no data"),
    "not_applicable": ("不适用", "not applicable"),
}
REASON_WORDS = {
    "no_data": ("园区未提供该数据", "the park gives no data for it"),
    "no_threshold": ("阈值需用户提供（--criteria）", "threshold to be supplied (--criteria)"),
    "no_product_data": ("无单一产品企业的产量数据", "no single-product output data"),
    "multi_product": ("多产品企业，无分产品能耗", "several products: no energy per product"),
    "no_previous_run": ("需上一年度运行（--previous）", "needs the previous year (--previous)"),
    "below_910_scope": (
        "年综合能耗低于 20 万 tce，国家未设阈值；0.20 仅供参考",
        "below 200,000 tce: no national threshold; 0.20 for reference",
    ),
}
BASIS_WORDS = {"calorific": ("当量值", "calorific"), "primary": ("等价值", "primary"), "": ("", "")}
#: unit -> decimals shown (fractions show as percent)
UNIT_DECIMALS = {
    "t/tce": 3,
    "kgce/unit": 2,
    "万元/tce": 2,
    "亿元/km²": 2,
    "t/万元": 3,
    "元/m³": 0,
    "kgce/万元": 1,
    "kg/万元": 1,
    "万元/m²": 3,
}
COMPARISON_SIGNS = {"ge": "≥", "le": "≤"}


def _words(pair: tuple[str, str]) -> str:
    return text(*pair)


def _value(value: object, unit: str) -> str:
    if value is None or pd.isna(value):  # type: ignore[call-overload]
        return text("无数据", "no data")
    number_value = float(value)  # type: ignore[arg-type]
    if unit == "fraction":
        return percent(number_value)
    return number(number_value, UNIT_DECIMALS.get(unit, 2))


def threshold_words(row: pd.Series) -> str:
    if pd.isna(row["threshold"]):
        return text("待提供", "to be supplied")
    shown = _value(row["threshold"], str(row["unit"]))
    mark = text("（用户提供）", " (supplied)") if bool(row["supplied"]) else ""
    return f"{COMPARISON_SIGNS[str(row['comparison'])]}{shown}{mark}"


def status_words(row: pd.Series) -> str:
    word = _words(STATUS_WORDS[str(row["status"])])
    reason = row["reason"]
    if isinstance(reason, str) and reason in REASON_WORDS:
        because = _words(REASON_WORDS[reason])
        return text(f"{word}：{because}", f"{word}: {because}")
    return word


def indicator_table(frame: pd.DataFrame, title: str) -> Table:
    """An assessment table (:data:`greenpark.assess.table.ASSESSMENT_COLUMNS`)."""
    table = Table(title=title, box=box.SIMPLE_HEAD, show_lines=False)
    for header in (
        text("指标", "indicator"),
        text("范围", "scope"),
        text("口径", "basis"),
        text("数值", "value"),
        text("阈值", "threshold"),
        text("结论", "status"),
        text("可信度", "confidence"),
    ):
        table.add_column(header, overflow="fold")
    for _, row in frame.iterrows():
        name = text(str(row["indicator_zh"]), str(row["indicator_en"]))
        scope = text("园区", "park") if row["scope"] == "park" else str(row["scope"])
        note = f"\n{row['note']}" if row["note"] else ""
        table.add_row(
            f"{name}{note}",
            scope,
            _words(BASIS_WORDS[str(row["basis"])]),
            _value(row["value"], str(row["unit"])),
            threshold_words(row),
            status_words(row),
            str(row["confidence"]),
        )
    return table


def sources_table(frames: Iterable[pd.DataFrame]) -> Table:
    """Each threshold's source document and confidence, once per indicator."""
    table = Table(title=text("阈值来源", "threshold sources"), box=box.SIMPLE_HEAD)
    for header in (text("指标", "indicator"), text("来源", "source"), text("可信度", "confidence")):
        table.add_column(header, overflow="fold")
    seen = set()
    for frame in frames:
        for _, row in frame.iterrows():
            if row["indicator"] in seen:
                continue
            seen.add(row["indicator"])
            table.add_row(str(row["indicator"]), str(row["source"]), str(row["confidence"]))
    return table


def _yes(value: object) -> str:
    return text("是", "yes") if bool(value) else text("否", "no")


#: the gap's rows: (column of the gap table, Chinese label, English label, how it shows)
GAP_ROWS: tuple[tuple[str, str, str, Callable[[float], str]], ...] = (
    ("co2_kg", "碳排放 tCO2", "CO2 tCO2", tonnes),
    ("energy_kgce", "综合能耗 tce", "energy use tce", lambda v: number(v / 1000)),
    ("limit_t_per_tce", "限值 tCO2/tce", "limit tCO2/tce", lambda v: number(v, 2)),
    ("limit_is_reference", "限值仅供参考", "limit for reference only", _yes),
    ("cut_co2_kg", "需减排 tCO2", "CO2 to cut tCO2", tonnes),
    (
        "floor_t_per_tce",
        "100% 绿电后的下限 tCO2/tce",
        "floor with 100% green electricity tCO2/tce",
        lambda v: number(v, 3),
    ),
    (
        "reachable_with_green_electricity",
        "仅靠绿电可达标",
        "green electricity alone suffices",
        _yes,
    ),
    ("green_kwh_needed", "需绿电 MWh", "green electricity needed MWh", mwh),
    ("green_share_fraction", "绿电占比（现状）", "green share (now)", percent),
    ("green_share_after_fraction", "绿电占比（补足后）", "green share (after)", percent),
    ("roof_potential_kwh", "新增屋顶光伏潜力 MWh", "new rooftop PV potential MWh", mwh),
    ("roof_kwh_used", "其中用于缺口 MWh", "of which towards the gap MWh", mwh),
    (
        "roof_share_points_fraction",
        "屋顶光伏带来的绿电占比",
        "green-share points from rooftop PV",
        percent,
    ),
    (
        "co2_t_per_tce_with_roofs",
        "加屋顶光伏后的指标 tCO2/tce",
        "indicator with rooftop PV tCO2/tce",
        lambda v: number(v, 3),
    ),
)


def gap_table(gap: pd.DataFrame) -> Table:
    """The gap at both conversions, one column each."""
    table = Table(title=text("910号差距分析", "910 gap analysis"), box=box.SIMPLE_HEAD)
    table.add_column(text("项目", "item"), overflow="fold")
    for basis in gap["basis"]:
        table.add_column(_words(BASIS_WORDS[str(basis)]), justify="right")
    missing = text("无数据", "no data")
    for column, zh, en, show in GAP_ROWS:
        values = [missing if pd.isna(v) else show(v) for v in gap[column]]
        table.add_row(text(zh, en), *values)
    return table


def ranking_table(ranking: pd.DataFrame, enterprise: str | None = None, top: int = 15) -> Table:
    """Enterprises by their part of the 910号 CO2, with the cumulative share."""
    rows = ranking[ranking["enterprise"] == enterprise] if enterprise else ranking.head(top)
    table = Table(
        title=text("企业贡献排名（910号口径）", "enterprise ranking (910 basis)"),
        box=box.SIMPLE_HEAD,
    )
    for header in (
        "#",
        text("企业", "enterprise"),
        "tCO2",
        text("占比", "share"),
        text("累计", "cumulative"),
    ):
        table.add_column(header, overflow="fold", justify="left" if header != "tCO2" else "right")
    for _, row in rows.iterrows():
        table.add_row(
            str(row["rank"]),
            f"{row['enterprise']} {row['name']}",
            tonnes(row["co2_kg"]),
            percent(row["share_fraction"]),
            percent(row["cumulative_share_fraction"]),
        )
    return table


def provincial_table(provincial: pd.DataFrame) -> Table:
    """The park's province's own thresholds (:meth:`RunResult.park_910_overlays`)."""
    table = Table(title=text("省级阈值", "provincial thresholds"), box=box.SIMPLE_HEAD)
    for header in (
        text("阈值", "threshold"),
        text("目标年", "year"),
        text("口径", "basis"),
        text("数值", "value"),
        text("限值", "limit"),
        text("结论", "verdict"),
        text("来源", "source"),
    ):
        table.add_column(header, overflow="fold")
    for _, row in provincial.iterrows():
        upper = row["limit_upper_t_per_tce"]
        limit = number(row["limit_t_per_tce"], 2)
        limit += "" if upper is None or pd.isna(upper) else f"–{number(upper, 2)}"
        year = row["target_year"]
        table.add_row(
            str(row["threshold"]),
            "" if year is None or pd.isna(year) else str(int(year)),
            _words(BASIS_WORDS[str(row["conversion"])]),
            _value(row["co2_t_per_tce"], "t/tce"),
            limit,
            _words(VERDICT_WORDS[str(row["verdict"])]),
            f"{row['source']} {row['confidence']}",
        )
    return table


def zero_carbon_tables(
    assessment: ZeroCarbonAssessment, enterprise: str | None = None
) -> list[Table]:
    """Core indicator, guiding indicators, gap, ranking and sources."""
    guiding = assessment.guiding
    if enterprise:
        guiding = guiding[guiding["scope"].isin(["park", enterprise])]
    tables = [
        indicator_table(assessment.core, text("核心指标：单位能耗碳排放", "core indicator")),
        *([provincial_table(assessment.provincial)] if len(assessment.provincial) else []),
        indicator_table(guiding, text("引导性指标", "guiding indicators")),
        gap_table(assessment.gap),
        ranking_table(assessment.ranking, enterprise),
    ]
    return [*tables, sources_table([assessment.core, assessment.guiding])]


def green_factory_tables(assessment: GreenFactoryAssessment) -> list[Table]:
    title = text(
        "绿色工厂评价指标（GB/T 36132-2025，能源、碳与资源部分）",
        "green factory indicators (GB/T 36132-2025: energy, carbon, resources)",
    )
    frame = assessment.indicators
    return [indicator_table(frame, title), sources_table([frame])]


def green_park_tables(assessment: GreenParkAssessment) -> list[Table]:
    title = text("绿色园区评价指标（工信部）", "green industrial park indicators (MIIT)")
    frame = assessment.indicators
    return [indicator_table(frame, title), sources_table([frame])]


#: 亩均 columns shown: (column, Chinese header, English header, decimals; None = percent)
MU_COLUMNS = (
    ("output_wan_cny_per_mu", "亩均产值 万元/亩", "output 10k CNY/mu", 1),
    ("tax_wan_cny_per_mu", "亩均税收 万元/亩", "tax 10k CNY/mu", 2),
    ("value_added_wan_cny_per_mu", "亩均增加值 万元/亩", "value added 10k CNY/mu", 1),
    ("tce_per_wan_cny_value_added", "万元增加值能耗 tce/万元", "energy tce/10k CNY VA", 3),
    ("co2_t_per_wan_cny_value_added", "万元增加值碳排放 tCO2/万元", "CO2 t/10k CNY VA", 3),
    ("output_value_wan_cny_growth_fraction", "产值增速", "output growth", None),
    ("tax_wan_cny_growth_fraction", "税收增速", "tax growth", None),
    ("score", "综合得分", "score", 1),
)


def _mu_cell(value: object, decimals: int | None) -> str:
    if value is None or pd.isna(value):  # type: ignore[call-overload]
        return text("无数据", "no data")
    shown = float(value)  # type: ignore[arg-type]
    return percent(shown) if decimals is None else number(shown, decimals)


def mu_efficiency_tables(
    assessment: MuEfficiencyAssessment, enterprise: str | None = None
) -> list[Table]:
    """The enterprises' 亩均 indicators, score and class; the weights and baselines."""
    frame = assessment.enterprises
    if enterprise:
        frame = frame.loc[[enterprise]]
    frame = frame.sort_values("score", ascending=False, na_position="last")
    columns = [c for c in MU_COLUMNS if c[0] in frame.columns]
    table = Table(title=text("亩均效益综合评价", "mu-efficiency evaluation"), box=box.SIMPLE_HEAD)
    table.add_column(text("企业", "enterprise"), overflow="fold")
    for _, zh, en, _ in columns:
        table.add_column(text(zh, en), justify="right", overflow="fold")
    table.add_column(text("分类", "class"))
    for enterprise_id, row in frame.iterrows():
        klass = row["class"] if isinstance(row["class"], str) else text("无数据", "no data")
        cells = [_mu_cell(row[c], d) for c, _, _, d in columns]
        table.add_row(f"{enterprise_id} {row['name']}", *cells, klass)
    return [table, _mu_criteria_table(assessment)]


def _mu_criteria_table(assessment: MuEfficiencyAssessment) -> Table:
    table = Table(title=text("评分指标、权重与基准值", "scored indicators"), box=box.SIMPLE_HEAD)
    for header in (
        text("指标", "indicator"),
        text("权重", "weight"),
        text("基准值", "baseline"),
        text("来源", "source"),
        text("可信度", "confidence"),
    ):
        table.add_column(header, overflow="fold")
    for _, row in assessment.criteria.iterrows():
        mark = text("（用户提供）", " (supplied)") if bool(row["baseline_supplied"]) else ""
        table.add_row(
            text(str(row["indicator_zh"]), str(row["indicator_en"])) + f" {row['unit']}",
            percent(row["weight"]),
            number(row["baseline"], 3) + mark,
            str(row["source"]),
            str(row["confidence"]),
        )
    return table


def write_csv_files(tables: dict[str, pd.DataFrame], out: Path) -> list[Path]:
    """The first table to ``out``, each other beside it as ``<stem>_<name>.csv``: UTF-8 with
    BOM (Excel opens Chinese correctly), full precision, empty cells where no value."""
    written = []
    for i, (name, frame) in enumerate(tables.items()):
        path = out if i == 0 else out.with_name(f"{out.stem}_{name}{out.suffix or '.csv'}")
        frame.to_csv(path, encoding="utf-8-sig", index=False)
        written.append(path)
    return written
