"""Stored runs as tables for people."""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.table import Table

from greenpark.i18n import text
from greenpark.store.record import FactorUse, RunRecord


def runs_table(records: Sequence[RunRecord]) -> Table:
    """One line per stored run, newest first."""
    table = Table(title=text("已保存的核算运行", "Stored runs"))
    for header in (
        text("运行编号", "run id"),
        text("园区", "park"),
        text("核算年度", "year"),
        text("时间", "created"),
        text("程序版本", "version"),
        text("提示", "messages"),
    ):
        table.add_column(header)
    for record in records:
        table.add_row(
            record.run_id,
            record.park_id,
            str(record.accounting_year),
            record.created_at.strftime("%Y-%m-%d %H:%M"),
            record.code_version,
            str(len(record.messages)),
        )
    return table


def run_detail_tables(record: RunRecord, scope: str = "park") -> list[Table]:
    """Provenance, factors and annual results of one run, for one scope (``park``, an
    enterprise id) or ``all``."""
    about = Table(title=text(f"运行 {record.run_id}", f"Run {record.run_id}"), show_header=False)
    about.add_column()
    about.add_column()
    for label, value in (
        (text("园区", "park"), record.park_id),
        (text("核算年度", "accounting year"), str(record.accounting_year)),
        (text("输入哈希", "inputs hash"), record.inputs_hash),
        (text("程序版本", "code version"), record.code_version),
        (text("选项", "options"), ", ".join(f"{k}={v}" for k, v in record.options.items())),
        (text("逐时结果", "hourly tables"), record.hourly_path or "-"),
    ):
        about.add_row(label, value)
    results = Table(title=text("年度结果", "Annual results"))
    for header in (
        text("范围", "scope"),
        text("指标", "metric"),
        text("数值", "value"),
        text("单位", "unit"),
    ):
        results.add_column(header)
    for r in record.results:
        if scope not in ("all", r.scope):
            continue
        results.add_row(r.scope, r.metric, f"{r.value:,.3f}", r.unit)
    return [about, factors_table(record.factors), results]


def factors_table(factors: Sequence[FactorUse]) -> Table:
    """Every factor a run used, with its value as published, source and confidence mark."""
    table = Table(title=text("使用的因子", "Factors used"), box=box.SIMPLE_HEAD)
    for header in (
        text("因子", "factor"),
        text("数值", "value"),
        text("单位", "unit"),
        text("来源", "source"),
        text("可信度", "confidence"),
    ):
        table.add_column(header)
    for f in sorted(factors, key=lambda f: f.factor_id):
        table.add_row(f.factor_id, f"{f.value:g}", f.unit, f.source, f.confidence)
    return table
