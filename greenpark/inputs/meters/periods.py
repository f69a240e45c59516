"""The period column of a meter file: interval starts (hourly, 15-min) or months.

Times must sit on the declared resolution's step; ``timestamp_marks: interval_end`` stamps are
moved back one step; rows outside the accounting year are dropped with a message.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from greenpark.i18n import text
from greenpark.inputs.meters.blocks import STEPS
from greenpark.inputs.meters.cells import (
    interval_marks_problem,
    parse_months,
    parse_times,
    report_cells,
)
from greenpark.inputs.meters.files import Table
from greenpark.inputs.meters.problems import Problems
from greenpark.inputs.park.schema import DataSource
from greenpark.messages import Message


@dataclass(frozen=True)
class Context:
    """What every file is checked against (``accounts``: account number (户号) -> enterprise)."""

    enterprise_ids: tuple[str, ...]
    year: int
    timezone: str
    messages: list[Message]
    accounts: Mapping[str, str] = field(default_factory=dict)

    @property
    def year_start(self) -> pd.Timestamp:
        """The first instant of the accounting year in the park time zone."""
        return pd.Timestamp(year=self.year, month=1, day=1, tz=self.timezone)


def read_periods(
    table: Table, position: int, source: DataSource, context: Context, problems: Problems
) -> pd.Series:
    """Interval starts (tz-aware) or months, for the rows of the accounting year and bad rows."""
    cells = table.body[position]
    header = table.header[position]
    if source.resolution == "monthly":
        months = parse_months(cells, header, label=table.label, problems=problems)
        outside = months.notna() & (months.dt.year != context.year)
        _ignored(table.label, months[outside].dt.strftime("%Y-%m"), context)
        month: pd.Series = months[~outside].dt.month
        return month
    times = parse_times(
        cells, header, tz=context.timezone, label=table.label, excel=table.excel, problems=problems
    )
    times = _on_step(times, cells, header, source, table.label, problems)
    marks = interval_marks_problem(
        times, STEPS[source.resolution], source.timestamp_marks, table.label
    )
    if marks is not None:
        problems.add(marks)
    if source.timestamp_marks == "interval_end":
        times = times - STEPS[source.resolution]
    start = pd.Timestamp(year=context.year, month=1, day=1, tz=context.timezone)
    end = pd.Timestamp(year=context.year + 1, month=1, day=1, tz=context.timezone)
    outside = times.notna() & ((times < start) | (times >= end))
    _ignored(table.label, times[outside].dt.strftime("%Y-%m-%d %H:%M"), context)
    return times[~outside]


def _ignored(label: str, periods: pd.Series, context: Context) -> None:
    if periods.empty:
        return
    context.messages.append(
        Message(
            "rows_outside_year",
            {
                "file": label,
                "rows": len(periods),
                "year": context.year,
                "first": str(periods.min()),
                "last": str(periods.max()),
            },
            "info",
        )
    )


def ignored_text(message: Message) -> str:
    """A ``rows_outside_year`` message in words, for the problem of a file left with no data
    (a problem is shown at once, in the current language)."""
    p = message.params
    return text(
        f"{p['file']}: {p['rows']} 行不在会计年度 {p['year']} 内，已忽略（{p['first']} 至 {p['last']}）",
        f"{p['file']}: {p['rows']} rows outside the accounting year {p['year']} ignored "
        f"({p['first']} to {p['last']})",
    )


def _on_step(
    times: pd.Series,
    cells: pd.Series,
    column: str,
    source: DataSource,
    label: str,
    problems: Problems,
) -> pd.Series:
    """Times of a file declared hourly must be whole hours, of one declared 15min quarters.

    Returns ``times`` with the off-step ones (reported) set to NaT.
    """
    minute, second = times.dt.minute, times.dt.second
    if source.resolution == "hourly":
        off = times.notna() & ((minute != 0) | (second != 0))
        zh, en = "整点", "the whole hour"
        hint_zh, hint_en = (
            "若为15分钟数据请设置 resolution: 15min",
            ("for 15-minute data set resolution: 15min"),
        )
    else:
        off = times.notna() & ((minute % 15 != 0) | (second != 0))
        zh, en = "15分钟整点", "a quarter hour"
        hint_zh, hint_en = "resolution 为 15min", "the file is declared resolution: 15min"
        if times.notna().sum() > 1 and (minute[times.notna()] == 0).all():
            problems.add(
                text(
                    f"{label}: 声明为 15 分钟数据，但所有时间都是整点"
                    f"（小时数据？应设 resolution: hourly）",
                    f"{label}: declared resolution 15min, but every timestamp is on the whole hour "
                    f"(hourly data? set resolution: hourly)",
                )
            )
    report_cells(
        cells,
        off.to_numpy(),
        column,
        label,
        problems,
        lambda cell: text(
            f"时间 {cell!r} 不在{zh}上（{hint_zh}）",
            f"timestamp {cell!r} is not on {en} ({hint_en})",
        ),
    )
    return times.where(~off)
