"""Stored runs as tables for people."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd
from rich import box
from rich.table import Table
from rich.text import Text as RichText

from greenpark.i18n import text
from greenpark.messages import Message
from greenpark.metrics import catalogue
from greenpark.provenance import FactorUse
from greenpark.report.availability import unavailable_text
from greenpark.report.messages import TERMINAL_LIST, render, severity_word
from greenpark.store.record import RunRecord

if TYPE_CHECKING:
    from greenpark.store.stored_run import StoredRun


def runs_table(records: Sequence[RunRecord]) -> Table:
    """One line per stored run, newest first."""
    table = Table(title=text("已保存的核算运行", "Stored runs"))
    for header in (
        text("运行编号", "run id"),
        text("园区", "park"),
        text("核算年度", "year"),
        text("时间", "created"),
        text("程序版本 · 指纹", "version · fingerprint"),
        text("提示", "messages"),
    ):
        table.add_column(header)
    for record in records:
        table.add_row(
            record.run_id,
            record.park_id,
            str(record.accounting_year),
            record.created_at.strftime("%Y-%m-%d %H:%M"),
            record.code_version + (f" · {record.code_hash[:8]}" if record.code_hash else ""),
            str(len(record.messages)),
        )
    return table


def run_detail_tables(run: StoredRun, scope: str = "park") -> list[Table]:
    """Provenance, factors, annual results (for one scope: ``park``, an enterprise id or
    ``all``) and messages of one stored run."""
    about = Table(title=text(f"运行 {run.run_id}", f"Run {run.run_id}"), show_header=False)
    about.add_column()
    about.add_column()
    p = run.provenance
    for label, value in (
        (text("园区", "park"), p.park_id),
        (text("核算年度", "accounting year"), str(p.accounting_year)),
        (text("输入哈希", "inputs hash"), p.inputs_hash),
        (text("程序版本", "code version"), p.code_version),
        (
            text("程序指纹", "code fingerprint"),
            p.code_hash or text("未记录（旧版本保存）", "not recorded (older version)"),
        ),
        (text("选项", "options"), ", ".join(f"{k}={v}" for k, v in p.options.items())),
        (
            text("逐时结果", "hourly tables"),
            run.hourly_path or text("未写出（运行时未用 --out）", "not written (no --out)"),
        ),
    ):
        about.add_row(label, value)
    tables = [about, factors_table(p.factors), _results_table(run.results(), scope)]
    return [*tables, messages_table(run.message_items)] if run.message_items else tables


def _results_table(results: pd.DataFrame, scope: str) -> Table:
    table = Table(title=text("年度结果", "Annual results"))
    for header in (
        text("范围", "scope"),
        text("指标", "metric"),
        text("名称", "label"),
        text("数值", "value"),
        text("单位", "unit"),
    ):
        table.add_column(header)
    known = catalogue()
    for row in results.itertuples(index=False):
        if scope not in ("all", row.scope):
            continue
        found = known.get(str(row.metric))
        label = "" if found is None else text(found.label_zh, found.label_en)
        shown = result_value_text(row.value, str(row.status), row.reason)  # type: ignore[arg-type]
        table.add_row(str(row.scope), str(row.metric), label, shown, str(row.unit))
    return table


def messages_table(messages: Sequence[Message]) -> Table:
    """A run's messages in the current language, each with its severity word."""
    table = Table(title=text("提示", "Messages"), box=box.SIMPLE_HEAD)
    table.add_column(text("类别", "kind"))
    table.add_column(text("内容", "message"))
    for message in messages:
        words = render(message, longest_list=TERMINAL_LIST)
        table.add_row(severity_word(message), RichText(words))  # no markup
    return table


def result_value_text(value: float | None, status: str, reason: str | None) -> str:
    """``1,234.500``, or why there is no value (``不适用：全年用电量为 0``)."""
    if value is None or pd.isna(value):
        return unavailable_text(status, reason)
    return f"{value:,.3f}"


def schema_change_text(before: str | None, after: str | None) -> str:
    """What ``greenpark db upgrade`` / ``downgrade`` did."""
    empty = text("空（无表）", "empty (no tables)")
    if before == after:
        return text(
            f"数据库结构已是 {after or empty}", f"database schema already at {after or empty}"
        )
    return text(
        f"数据库结构 {before or empty} → {after or empty}",
        f"database schema {before or empty} → {after or empty}",
    )


def schema_revision_text(current: str | None, head: str) -> str:
    """``greenpark db current``: the revision and whether it is the newest."""
    if current is None:
        return text(
            "空数据库（无 greenpark 表；greenpark db upgrade 或 greenpark run 会创建）",
            "empty database (no greenpark tables; greenpark db upgrade or greenpark run creates them)",
        )
    if current == head:
        return text(
            f"数据库结构版本 {current}（最新）", f"database schema revision {current} (newest)"
        )
    return text(
        f"数据库结构版本 {current}，最新为 {head}：运行 greenpark db upgrade",
        f"database schema revision {current}, newest is {head}: run greenpark db upgrade",
    )


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
