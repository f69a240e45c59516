"""The park report as sections (:class:`~greenpark.report.document.Section`) built from one
:class:`~greenpark.run_result.RunResult`: what the HTML and the Excel report show, in order.

The assessments (零碳园区 gap analysis, 绿色工厂, 绿色园区, 亩均效益) come in as ready
sections (``assessment``) and stand after the indicator dashboard, set apart from the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from greenpark.i18n import text
from greenpark.metrics import metric
from greenpark.pipeline.results import PARK_ROW
from greenpark.report import report_content as content
from greenpark.report import report_quality as quality
from greenpark.report.charts import (
    green_matching_heatmap,
    horizontal_bars_chart,
    monthly_balance_chart,
)
from greenpark.report.document import Chart, Section

if TYPE_CHECKING:
    from greenpark.run_result import RunResult

#: enterprises drawn in the emissions chart (the table lists all)
TOP_EMITTERS = 15
#: the flows of the monthly chart
CHART_FLOWS = ("load_kwh", "pv_kwh", "grid_import_kwh", "green_physical_kwh")


def report_sections(result: RunResult, assessment: Sequence[Section] = ()) -> list[Section]:
    """Every section of the park report, in reading order."""
    hourly = result.hourly()  # built once: the balance, the heatmap and the hours read it
    return [
        Section("summary", text("园区概况", "Park summary"), (content.summary_table(result),)),
        Section(
            "dashboard",
            text("指标看板", "Indicator dashboard"),
            (content.park_910_table(result), content.green_share_table(result)),
        ),
        *assessment,
        _balance_section(result, quality.monthly_balance(hourly)),
        _matching_section(hourly),
        _emissions_section(result),
        Section(
            "ranking", text("企业排名", "Enterprise ranking"), (content.ranking_table(result),)
        ),
        Section(
            "assumptions",
            text("核算假设与因子", "Assumptions and factors"),
            (quality.options_table(result), quality.factors_table(result)),
        ),
        Section(
            "quality",
            text("数据质量", "Data quality"),
            (
                quality.hours_table(result, hourly),
                quality.coverage_table(result),
                quality.messages_table(result),
            ),
        ),
    ]


def _balance_section(result: RunResult, balance_kwh: pd.DataFrame) -> Section:
    balance = balance_kwh / 1000
    labels = {flow: text(*quality.BALANCE_FLOWS[flow]) for flow in CHART_FLOWS}
    chart = Chart(
        "monthly_balance",
        text("园区逐月能量平衡（MWh）", "Park energy balance by month (MWh)"),
        monthly_balance_chart(balance, labels),
    )
    return Section(
        "balance",
        text("月度能量平衡", "Monthly energy balance"),
        (quality.monthly_balance_table(result, balance_kwh),),
        (chart,),
    )


def hourly_matched_share(hourly: pd.DataFrame) -> np.ndarray:
    """The park's hourly-matched green share from ``RunResult.hourly()``, hour of day (24
    rows) × day of year: green with an hour (physical, park trade, contracts) ÷ use in that
    hour; 0 where nothing is used."""
    green = hourly[["green_physical_kwh", "green_contract_kwh", "green_trade_kwh"]].sum(axis=1)
    park = pd.DataFrame({"green": green, "load": hourly["load_kwh"]})
    park = park.groupby(hourly["interval_start"]).sum()
    used = park["load"].to_numpy()
    share = np.divide(park["green"].to_numpy(), used, out=np.zeros(len(park)), where=used > 0)
    hours = pd.DatetimeIndex(park.index)
    frame = pd.DataFrame(
        {"hour": hours.hour, "day": hours.day_of_year, "share": np.clip(share, 0, 1)}
    )
    return frame.pivot_table(index="hour", columns="day", values="share").to_numpy()


def _matching_section(hourly: pd.DataFrame) -> Section:
    chart = Chart(
        "green_matching",
        text(
            "逐时匹配绿电占比（时刻 × 日序；物理绿电、园区交易与绿电交易，绿证无时刻）",
            "Hourly-matched green share (hour of day × day of year; physical, park trade and "
            "contracts; certificates carry no hour)",
        ),
        green_matching_heatmap(hourly_matched_share(hourly)),
    )
    return Section("matching", text("逐时绿电匹配", "Hourly green matching"), charts=(chart,))


def _emissions_section(result: RunResult) -> Section:
    annual = result.annual()
    scopes = ["scope1_co2_kg", "scope2_location_co2_kg", "scope2_market_co2_kg", "heat_net_co2_kg"]
    park = annual.to_dict(orient="index")[PARK_ROW]
    by_scope = pd.DataFrame(
        {"t": [float(park[n]) / 1000 for n in scopes]},
        index=[text(metric(n).label_zh, metric(n).label_en) for n in scopes],
    )
    tonnes = content.enterprise_emissions(result).head(TOP_EMITTERS)
    names = {e.id: e.name for e in result.config.enterprises}
    parts = tonnes[list(content.ENTERPRISE_METRICS)]
    parts.index = [f"{i} {names[str(i)]}" for i in parts.index]
    parts.columns = [text(metric(n).label_zh, metric(n).label_en) for n in parts.columns]
    charts = (
        Chart(
            "emissions_scope",
            text("园区排放（按范围）", "Park emissions by scope"),
            horizontal_bars_chart(by_scope, "tCO2"),
        ),
        Chart(
            "emissions_enterprise",
            text(f"排放最多的 {TOP_EMITTERS} 家企业", f"The {TOP_EMITTERS} largest emitters"),
            horizontal_bars_chart(parts, "tCO2"),
        ),
    )
    tables = (
        content.emissions_by_scope_table(result),
        content.emissions_by_enterprise_table(result),
    )
    return Section("emissions", text("碳排放", "Emissions"), tables, charts)
