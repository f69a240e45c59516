"""Vectorised parsing of meter-file columns: timestamps, months and quantities.

Each function takes a column of text cells indexed by spreadsheet row, returns the parsed
values (NaT/NaN where a cell is empty or bad) and reports every bad cell to
:class:`~greenpark.inputs.meters.problems.Problems`. Whole columns are parsed at once.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from greenpark.i18n import text
from greenpark.inputs.meters.problems import CAP, Problems

#: accepted interval timestamp spellings, tried in order (the first is the documented one)
TIME_FORMATS = ("ISO8601", "%Y/%m/%d %H:%M", "%Y/%m/%d %H:%M:%S")
#: accepted month spellings (after ``YYYYMM`` and ``YYYY年M月`` are rewritten as ``YYYY-MM``);
#: a full date is accepted when it is the 1st at 00:00 (Excel)
MONTH_FORMATS = ("%Y-%m", "%Y/%m", "ISO8601")
#: Python's ``\s`` written out: every character ``str.isspace`` accepts. pandas (≥ 3.1) runs a
#: pattern holding ``\s`` through Python's ``re`` cell by cell, as RE2's ``\s`` is narrower;
#: this class is the same set, so pyarrow's RE2 runs it on the whole column: ~4× faster on a
#: year of 15-min timestamps (45 → 12 ms), ~20 ms less per meter file
SPACE = "[\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
_MONTH_SPELLINGS = (
    r"^(?:(?P<y1>\d{4})(?P<m1>\d{2})"  # 202503
    rf"|(?P<y2>\d{{4}}){SPACE}*年{SPACE}*(?P<m2>\d{{1,2}}){SPACE}*月?)$"  # 2025 年 3 月
)
#: ``2025-01-01 24:00``: the end of a day, written by meter systems stamping interval ends
_DAY_END = SPACE + r"24:00(?::00)?$"
_OFFSET = r"\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?" + SPACE + r"*(?:Z|[+-]\d{2}:?\d{2})$"
_OFFSET_PARTS = r"(?P<sign>[+-])(?P<hours>\d{2}):?(?P<minutes>\d{2})$"
_THOUSANDS = r"-?\d{1,3}(?:,\d{3})+(?:\.\d+)?"


def _parse_formats(cells: pd.Series, formats: Sequence[str]) -> pd.Series:
    """Parse with the first format, retry the failures with the next ones."""
    parsed = pd.to_datetime(cells, format=formats[0], errors="coerce")
    for fmt in formats[1:]:
        retry = parsed.isna() & (cells != "")
        if not retry.any():
            break
        parsed = parsed.where(~retry, pd.to_datetime(cells[retry], format=fmt, errors="coerce"))
    return parsed


def parse_times(
    cells: pd.Series, column: str, *, tz: str, label: str, excel: bool, problems: Problems
) -> pd.Series:
    """Local clock times (or times with an offset equal to the park's) -> tz-aware times.

    Parameters
    ----------
    cells
        Text cells indexed by spreadsheet row, e.g. ``"2025-01-01 00:00"`` or
        ``"2025-01-01T00:00+08:00"``.
    column
        The column's header, for messages.
    tz
        The park time zone, e.g. ``"Asia/Shanghai"``.
    excel
        Round to the minute (Excel stores times as fractions of a day).

    Returns
    -------
    pandas.Series
        ``datetime64[us, tz]``; NaT where the cell is empty or bad (reported).
    """
    codes, uniques = pd.factorize(cells)  # long files repeat each timestamp per enterprise
    times, problems_by_kind = _distinct_times_of(tuple(uniques.tolist()), tz, excel)
    for bad, message in problems_by_kind:
        report_cells(cells, bad.to_numpy()[codes], column, label, problems, message)
    return pd.Series(times.array.take(codes), index=cells.index)


@functools.lru_cache(maxsize=4)
def _distinct_times_of(
    texts: tuple[str, ...], tz: str, excel: bool
) -> tuple[pd.Series, list[tuple[pd.Series, Callable[[str], str]]]]:
    """:func:`_distinct_times` of ``texts``, kept for the next files: meters exported one file
    per enterprise repeat the same timestamp column in every file (at 500 files, ~10 ms each).
    The parse is the same whichever file a column comes from; the cells are reported per file.
    Callers take new arrays from what this returns and never change it."""
    return _distinct_times(pd.Series(texts, dtype=str), tz, excel)


def _distinct_times(
    cells: pd.Series, tz: str, excel: bool
) -> tuple[pd.Series, list[tuple[pd.Series, Callable[[str], str]]]]:
    """Parse distinct timestamp texts; return the times and (bad mask, message) per kind."""
    has_offset = cells.str.contains(_OFFSET, regex=True)
    day_end = cells.str.contains(_DAY_END, regex=True)
    written = cells.where(~day_end, cells.str.replace(_DAY_END, " 00:00", regex=True))
    naive = _parse_formats(written[~has_offset], TIME_FORMATS)
    naive = naive.where(~day_end[~has_offset], naive + pd.Timedelta(days=1))
    if excel:
        naive = naive.dt.round("min")
    local = naive.dt.tz_localize(tz, ambiguous="NaT", nonexistent="NaT")
    utc = pd.to_datetime(cells[has_offset], format="ISO8601", errors="coerce", utc=True)
    wrong = _offset_differs(cells[has_offset], utc, tz)
    aware = utc.where(~wrong).dt.tz_convert(tz)
    dtype = pd.DatetimeTZDtype("us", tz)
    times = pd.concat([local.astype(dtype), aware.astype(dtype)]).reindex(cells.index)
    read = pd.concat([naive.notna(), utc.notna()]).reindex(cells.index).astype(bool)
    empty = cells == ""
    return times, [
        (
            empty,
            lambda _: text(
                "缺少时间，应为如 2025-01-01 00:00",
                "missing timestamp; expected e.g. 2025-01-01 00:00",
            ),
        ),
        (
            ~empty & ~read,
            lambda cell: text(
                f"无法识别的时间 {cell!r}，应为 YYYY-MM-DD HH:MM（如 2025-01-01 00:00）",
                f"cannot read timestamp {cell!r}; expected YYYY-MM-DD HH:MM, e.g. 2025-01-01 00:00",
            ),
        ),
        (
            read & ~has_offset & times.isna(),
            lambda cell: text(
                f"当地时间 {cell!r} 在时区 {tz} 中不存在或有歧义（夏令时），请写明偏移",
                f"local time {cell!r} does not exist or is ambiguous in {tz} (daylight saving); "
                f"write it with its offset",
            ),
        ),
        (
            wrong.reindex(cells.index, fill_value=False).astype(bool),
            lambda cell: _offset_message(cell, tz),
        ),
    ]


def report_cells(
    cells: pd.Series,
    mask: np.ndarray,
    column: str,
    label: str,
    problems: Problems,
    message: Callable[[str], str],
) -> None:
    """Report the cells of one column where ``mask`` is set; ``message(cell text)``."""
    positions = np.flatnonzero(mask)
    rows = cells.index[positions]
    shown = cells.iloc[positions[:CAP]].tolist()
    problems.cells(label, rows, [column] * min(len(rows), CAP), shown, message)


def _offset_differs(cells: pd.Series, utc: pd.Series, tz: str) -> pd.Series:
    parts = cells.str.extract(_OFFSET_PARTS)
    sign = np.where(parts["sign"] == "-", -1.0, 1.0)
    written: pd.Series = (parts["hours"].astype(float) * 60 + parts["minutes"].astype(float)) * sign
    written = written.fillna(0.0)  # a trailing "Z" is UTC
    park = (
        utc.dt.tz_convert(tz).dt.tz_localize(None) - utc.dt.tz_localize(None)
    ).dt.total_seconds()
    differs: pd.Series = utc.notna() & (written != park / 60)
    return differs


def _offset_message(cell: str, tz: str) -> str:
    stamp = pd.Timestamp(cell)
    park = stamp.tz_convert(tz).strftime("%z")
    park = f"{park[:3]}:{park[3:]}"
    written = stamp.strftime("%z")
    written = f"{written[:3]}:{written[3:]}"
    if written == "+00:00":
        return text(
            f"时间 {cell!r} 带有 UTC 偏移 {written}（文件似乎按 UTC 导出），"
            f"而园区时区 {tz} 为 {park}；请导出当地时间",
            f"timestamp {cell!r} has offset {written}: the file looks exported in UTC, but the "
            f"park time zone {tz} is {park}; export local clock time",
        )
    return text(
        f"时间 {cell!r} 的偏移 {written} 与园区时区 {tz}（{park}）不一致",
        f"timestamp {cell!r} has offset {written}, but the park time zone {tz} is {park}",
    )


def parse_months(cells: pd.Series, column: str, *, label: str, problems: Problems) -> pd.Series:
    """``"2025-03"`` -> the month's first day (naive ``datetime64``); NaT where empty or bad.

    ``2025-03``, ``2025/03``, ``202503`` and ``2025年3月`` are read; so is an Excel date on the
    1st of the month.
    """
    parts = cells.str.extract(_MONTH_SPELLINGS)
    year, month = parts["y1"].fillna(parts["y2"]), parts["m1"].fillna(parts["m2"])
    spelled = year.notna()
    parsed = _parse_formats(cells.where(~spelled, year + "-" + month), MONTH_FORMATS)
    first_of_month = parsed == parsed.dt.to_period("M").dt.start_time
    months = parsed.where(first_of_month)
    report_cells(
        cells,
        months.isna().to_numpy(),
        column,
        label,
        problems,
        lambda cell: text(
            f"无法识别的月份 {cell!r}，应为 YYYY-MM、YYYYMM、YYYY/MM 或 YYYY年M月（如 2025-03）",
            f"cannot read month {cell!r}; expected YYYY-MM, YYYYMM, YYYY/MM or YYYY年M月, "
            f"e.g. 2025-03",
        ),
    )
    return months


def parse_quantities(
    block: pd.DataFrame, names: Sequence[str], *, label: str, problems: Problems
) -> np.ndarray:
    """Numbers (``1234.5``, ``1,234.5``) -> float; NaN for empty cells (missing data).

    Parameters
    ----------
    block
        Text cells, indexed by spreadsheet row, one column per quantity column.
    names
        The columns' headers, for messages.

    Returns
    -------
    numpy.ndarray
        Floats shaped like ``block``. Unreadable, infinite and negative numbers are reported
        and returned as NaN.
    """
    numbers = block.apply(lambda column: pd.to_numeric(column, errors="coerce"))
    values = numbers.to_numpy(dtype=float, copy=True)
    empty = (block == "").to_numpy()
    for j in np.flatnonzero((np.isnan(values) & ~empty).any(axis=0)):
        retry = np.isnan(values[:, j]) & ~empty[:, j]
        cells = block.iloc[:, int(j)][retry]
        grouped = cells.str.fullmatch(_THOUSANDS)
        values[retry, j] = pd.to_numeric(
            cells.where(~grouped, cells.str.replace(",", "")), errors="coerce"
        )
    bad = ~empty & ~np.isfinite(values)
    negative = values < 0
    _report_block(
        block,
        bad,
        names,
        label,
        problems,
        lambda cell: text(
            f"无法识别的数量 {cell!r}，应为数字；缺失数据请留空",
            f"cannot read quantity {cell!r}; expected a number (leave the cell empty for missing "
            f"data)",
        ),
    )
    _report_block(
        block,
        negative,
        names,
        label,
        problems,
        lambda cell: text(
            f"读数为负 {cell}，应为 0 或正数", f"negative reading {cell}; expected 0 or more"
        ),
    )
    values[bad | negative] = np.nan
    return values


def _report_block(
    block: pd.DataFrame,
    mask: np.ndarray,
    names: Sequence[str],
    label: str,
    problems: Problems,
    message: Callable[[str], str],
) -> None:
    """Report the cells where ``mask`` is set, in spreadsheet order (row by row)."""
    rows, columns = np.nonzero(mask)
    shown = [str(block.iat[int(i), int(j)]) for i, j in zip(rows[:CAP], columns[:CAP], strict=True)]
    problems.cells(label, block.index[rows], [names[j] for j in columns[:CAP]], shown, message)


def interval_marks_problem(
    times: pd.Series, step: pd.Timedelta, marks: str, label: str
) -> str | None:
    """A problem when a file's stamps look like the other ``timestamp_marks`` than declared.

    Interval-start stamps of whole days run from 00:00 to the last interval before midnight
    (23:45, 23:00); interval-end stamps from one step after midnight (00:15, 01:00) to
    midnight (24:00, or 00:00 of the next day). Nothing is shifted to fit: the user says which.
    """
    read = times.dropna()
    if len(read) < 2:
        return None
    first, last = read.min(), read.max()
    midnight = pd.Timedelta(0)
    first_in_day, last_in_day = first - first.normalize(), last - last.normalize()
    if marks == "interval_start" and first_in_day == step and last_in_day == midnight:
        return text(
            f"{label}: 时间从 {first:%H:%M} 到 24:00，看起来标记的是时段终点；"
            f"请设置 timestamp_marks: interval_end",
            f"{label}: timestamps run from {first:%H:%M} to 24:00: looks like "
            f"interval-end stamps; set timestamp_marks: interval_end",
        )
    if (
        marks == "interval_end"
        and first_in_day == midnight
        and last_in_day == pd.Timedelta(days=1) - step
    ):
        return text(
            f"{label}: 时间从 00:00 到 {last:%H:%M}，看起来标记的是时段起点；"
            f"请删除 timestamp_marks: interval_end",
            f"{label}: timestamps run from 00:00 to {last:%H:%M}: looks like interval-start "
            f"stamps; remove timestamp_marks: interval_end",
        )
    return None
