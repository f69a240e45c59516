"""The report's energy balance, assumptions and data-quality tables: the monthly balance
from the hourly flows, every factor with its source and confidence, the run's options,
measured against modelled hours, data coverage and the run's messages."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from greenpark.i18n import text
from greenpark.pipeline.results import PARK_ROW
from greenpark.report.document import Cell, Column, ReportTable
from greenpark.report.messages import render, severity_word
from greenpark.report.report_metrics import metric_cell, metric_column

if TYPE_CHECKING:
    from greenpark.run_result import RunResult

#: hourly flow -> (Chinese, English) label; the report shows them in MWh
BALANCE_FLOWS: dict[str, tuple[str, str]] = {
    "load_kwh": ("用电量", "electricity use"),
    "pv_kwh": ("光伏发电", "PV generation"),
    "pv_self_kwh": ("光伏自用", "PV self-used"),
    "export_kwh": ("余电上网", "PV exported"),
    "grid_import_kwh": ("电网购电", "grid import"),
    "green_physical_kwh": ("物理绿电", "physical green"),
    "green_contract_kwh": ("绿电交易", "green-power contracts"),
    "green_trade_kwh": ("园区交易绿电", "park trade green"),
}


def monthly_balance(hourly: pd.DataFrame) -> pd.DataFrame:
    """The park's hourly flows (``RunResult.hourly()``) summed by calendar month [kWh]
    (month 1–12 as index)."""
    month = hourly["interval_start"].dt.month.rename("month")
    return hourly[list(BALANCE_FLOWS)].groupby(month).sum()


def monthly_balance_table(result: RunResult, balance_kwh: pd.DataFrame) -> ReportTable:
    """Month by month: the park's flows [MWh] (``balance_kwh``: :func:`monthly_balance`)
    and its green share."""
    balance = balance_kwh / 1000
    shares = result.monthly_shares()
    park = shares.loc[shares["scope"] == PARK_ROW].set_index("month")
    rows = []
    shares_by_month = park.to_dict(orient="index")
    for month, flows in balance.to_dict(orient="index").items():
        share = shares_by_month[month]
        why = {} if share["reason"] is None else {"green_share_fraction": share["reason"]}
        cell = metric_cell("green_share_fraction", share, why)
        rows.append((float(str(month)), *(float(v) for v in flows.values()), cell))
    return ReportTable(
        key="monthly_balance",
        title=text("月度能量平衡", "Monthly energy balance"),
        columns=(
            Column(text("月份", "month"), "int"),
            *(Column(f"{text(zh, en)} MWh", "n1") for zh, en in BALANCE_FLOWS.values()),
            Column(text("绿电占比", "green share"), "percent"),
        ),
        rows=tuple(rows),
    )


def factors_table(result: RunResult) -> ReportTable:
    """Every factor the run used, with its unit, source and confidence mark."""
    frame = result.factors()
    rows: tuple[tuple[Cell, ...], ...] = tuple(
        (
            str(r["factor_id"]),
            float(r["value"]),
            str(r["unit"]),
            str(r["source"]),
            str(r["confidence"]),
        )
        for r in frame.to_dict(orient="records")
    )
    return ReportTable(
        key="factors",
        title=text("排放与折标因子", "Factors"),
        columns=(
            Column(text("因子", "factor")),
            Column(text("数值", "value"), "general"),
            Column(text("单位", "unit")),
            Column(text("来源", "source")),
            Column(text("可信度", "confidence")),
        ),
        rows=rows,
    )


def options_table(result: RunResult) -> ReportTable:
    """The run's options: the choices where the rules are unsettled."""
    rows = tuple((str(k), str(v)) for k, v in result.provenance.options.items())
    return ReportTable(
        key="options",
        title=text("核算假设（运行选项）", "Assumptions (run options)"),
        columns=(Column(text("选项", "option")), Column(text("取值", "value"))),
        rows=rows,
    )


def hours_table(result: RunResult, hourly: pd.DataFrame) -> ReportTable:
    """Per enterprise: metered against modelled hours (from ``hourly``, the run's
    ``hourly()``) and the metered share of use."""
    modelled = hourly.groupby("enterprise", sort=False)["load_modelled"].agg(["sum", "size"])
    annual = result.annual().to_dict(orient="index")
    reasons = result.annual_reasons().to_dict(orient="index")
    names = {e.id: e.name for e in result.config.enterprises}
    rows: list[tuple[Cell, ...]] = []
    for enterprise, counts in modelled.to_dict(orient="index").items():
        share = metric_cell("measured_fraction", annual[enterprise], reasons.get(enterprise, {}))
        measured = float(counts["size"] - counts["sum"])
        rows.append(
            (str(enterprise), names[str(enterprise)], measured, float(counts["sum"]), share)
        )
    return ReportTable(
        key="measured_hours",
        title=text("实测与模拟小时", "Measured and modelled hours"),
        columns=(
            Column(text("企业", "enterprise")),
            Column(text("名称", "name")),
            Column(text("实测小时 h", "measured hours h"), "int"),
            Column(text("模拟小时 h", "modelled hours h"), "int"),
            metric_column("measured_fraction"),
        ),
        rows=tuple(rows),
    )


#: coverage shares shown, with their words
COVERAGE_SHARES: dict[str, tuple[str, str]] = {
    "measured_fraction": ("实测", "measured"),
    "billed_fraction": ("账单", "billed"),
    "imputed_fraction": ("插补", "imputed"),
    "extrapolated_fraction": ("外推", "extrapolated"),
    "planned_fraction": ("计划值", "planned"),
}


def coverage_table(result: RunResult) -> ReportTable:
    """Data coverage per (enterprise, carrier): the total and how it was known."""
    frame = result.coverage()
    rows: tuple[tuple[Cell, ...], ...] = tuple(
        (
            str(r["enterprise"]),
            str(r["carrier"]),
            str(r["files"]),
            float(r["total"]),
            str(r["unit"]),
            *(float(r[c]) for c in COVERAGE_SHARES),
        )
        for r in frame.to_dict(orient="records")
    )
    return ReportTable(
        key="coverage",
        title=text("数据覆盖", "Data coverage"),
        columns=(
            Column(text("企业", "enterprise")),
            Column(text("能源品种", "carrier")),
            Column(text("文件", "files")),
            Column(text("年合计", "annual total"), "general"),
            Column(text("单位", "unit")),
            *(Column(text(zh, en), "percent") for zh, en in COVERAGE_SHARES.values()),
        ),
        rows=rows,
    )


def messages_table(result: RunResult) -> ReportTable:
    """The run's messages in words: fallbacks, completed months, vintages …"""
    rows = tuple((severity_word(m), m.code, render(m)) for m in result.message_items)
    return ReportTable(
        key="messages",
        title=text("提示与注意事项", "Messages"),
        columns=(
            Column(text("级别", "severity")),
            Column(text("代码", "code")),
            Column(text("内容", "message")),
        ),
        rows=rows,
    )
