"""Load metered energy and material data (电、燃料、热、水…) for the accounting year.

File layouts
------------
Each ``data:`` entry of ``park.yaml`` (:class:`~greenpark.inputs.park.schema.DataSource`) names
one CSV (UTF-8 with or without BOM, or GB18030/GBK) or Excel ``.xlsx``/``.xls`` file (``sheet``
picks a worksheet, default the first). Header names are matched ignoring case; utility exports
(title rows, Chinese headers, 户号, 合计 rows, 尖峰平谷) are read as they come: see
:mod:`~greenpark.inputs.meters.files`, :mod:`~greenpark.inputs.meters.headers` and
:mod:`~greenpark.inputs.meters.totals`.

long, hourly or 15min::

    timestamp,enterprise,carrier,quantity,unit
    2025-01-01 00:00,E01,electricity,1520.5,kWh
    2025-01-01 00:00,E02,natural_gas,12.0,Nm3

long, monthly::

    month,enterprise,carrier,quantity,unit
    2025-01,E01,coal_raw,1200,t

wide, hourly or 15min (``carrier`` and ``unit`` given in ``park.yaml``)::

    timestamp,E01,E02,E03
    2025-01-01 00:00,1520.5,310,0

wide, monthly::

    month,E01,E02
    2025-01,120.5,33

- ``timestamp`` is local clock time ``YYYY-MM-DD HH:MM`` (seconds allowed; Excel's
  ``YYYY/M/D H:MM`` too), or carries an explicit offset (``2025-01-01T00:00+08:00``) that
  must equal the park time zone's. By default it marks the START of the interval;
  ``timestamp_marks: interval_end`` means it marks the end (``01:00`` = 00:00–01:00).
- ``month`` is ``YYYY-MM``, ``YYYYMM``, ``YYYY/MM`` or ``YYYY年M月`` (an Excel date on the 1st of
  the month is accepted too).
- ``enterprise`` is an enterprise id from ``park.yaml``; ``carrier`` an id, Chinese or
  English name from ``greenpark/inputs/carriers.csv`` (``electricity``, ``电力``).
- ``use`` (optional column of a long file): ``fuel`` (燃料, burnt) or ``feedstock`` (原料,
  原料用能) for fuels; a blank cell, or a file without the column, takes the ``data:``
  entry's ``use`` (default ``fuel``).
- ``quantity`` is the amount over the interval (kWh, t, Nm3, GJ, m3 …) in ``unit``, which is
  converted to the carrier's canonical unit (``万kWh``, ``MWh``, ``吨``, ``立方米`` work).
  An empty cell is missing data (a gap); ``1,234.5`` is read as 1234.5.

Rules
-----
15-min readings are summed to hours; an hour with fewer than 4 readings is a gap (NaN), never
a partial sum. Gaps are not filled here; they are reported in ``quality``, and the coverage
rules (:mod:`greenpark.inputs.meters.coverage`, run by ``load_park``) decide how each is
completed or refuse it. Several files may feed one (enterprise, carrier); the same interval
given twice is an error. Monthly totals stay monthly; one series may have both hourly data and
monthly bills (the bills complete the months the hourly data does not fully cover). Rows
outside the accounting year are ignored with a message. Readings above a physical cap or far
above their own series are refused (:mod:`greenpark.inputs.meters.plausibility`). Every problem
in every file is collected and raised once as :class:`~greenpark.errors.InputError`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from greenpark.frozen import FrozenDict
from greenpark.i18n import text
from greenpark.inputs.carriers import load_carriers
from greenpark.inputs.meters.blocks import Block
from greenpark.inputs.meters.files import read_table
from greenpark.inputs.meters.intervals import IntervalData, interval_data
from greenpark.inputs.meters.layouts import (
    encodings_said_once,
    file_blocks,
    file_records,
    matrix_file_blocks,
)
from greenpark.inputs.meters.matrix import Matrix, read_matrix
from greenpark.inputs.meters.periods import Context
from greenpark.inputs.meters.plausibility import ReadingLimits, reading_problems
from greenpark.inputs.meters.problems import CAP, Problems
from greenpark.inputs.meters.quality import series_quality
from greenpark.inputs.park.schema import DataSource
from greenpark.messages import Message

_NAME_COLUMNS = ("file", "enterprise", "carrier", "use", "resolution")
_RECORD_COLUMNS = ("row", "quantity", *_NAME_COLUMNS)


def _no_frames() -> Mapping[str, pd.DataFrame]:
    return FrozenDict({})


@dataclass(frozen=True)
class MeterData:
    """Meter data of one park and accounting year, in canonical units (NaN = missing).

    Attributes
    ----------
    hourly
        carrier -> frame indexed by every hour of the year (interval start, park time zone,
        named ``timestamp``), one column per enterprise with hourly data for that carrier.
    monthly
        carrier -> frame indexed by month 1..12 (named ``month``), one column per enterprise.
    quality
        One row per (enterprise, carrier, use); see :mod:`greenpark.inputs.meters.quality`.
    messages
        Soft issues: incomplete hours, rows outside the accounting year, and (once the
        coverage rules ran) how each series' gaps are completed.
    hours
        Every hour of the accounting year (see :func:`year_hours`).
    allow_gaps
        Months without data may be extrapolated (``--allow-gaps``); set by the coverage rules.
    feedstock_hourly, feedstock_monthly
        The same for fuels used as feedstock (原料用能, ``use: feedstock``); ``hourly`` and
        ``monthly`` hold what is burnt (and every other carrier).
    """

    hourly: Mapping[str, pd.DataFrame]
    monthly: Mapping[str, pd.DataFrame]
    quality: pd.DataFrame
    messages: tuple[Message, ...]
    hours: pd.DatetimeIndex
    allow_gaps: bool = False
    feedstock_hourly: Mapping[str, pd.DataFrame] = field(default_factory=_no_frames)
    feedstock_monthly: Mapping[str, pd.DataFrame] = field(default_factory=_no_frames)

    def frames(self, use: str) -> tuple[Mapping[str, pd.DataFrame], Mapping[str, pd.DataFrame]]:
        """(hourly, monthly) frames of what is burnt (``fuel``) or used as ``feedstock``."""
        if use == "feedstock":
            return self.feedstock_hourly, self.feedstock_monthly
        return self.hourly, self.monthly


def year_hours(year: int, timezone: str) -> pd.DatetimeIndex:
    """Every hour of the accounting year (interval starts, tz-aware), named ``timestamp``."""
    start = pd.Timestamp(year=year, month=1, day=1, tz=timezone)
    end = pd.Timestamp(year=year + 1, month=1, day=1, tz=timezone)
    return pd.date_range(start, end, freq="h", inclusive="left", name="timestamp", unit="us")


def load_meter_data(
    park_dir: Path,
    sources: Sequence[DataSource],
    *,
    enterprise_ids: Collection[str],
    year: int,
    timezone: str,
    config_file: str = "park.yaml",
    reading_limits: ReadingLimits | None = None,
    accounts: Mapping[str, str] | None = None,
    matrices: Callable[[Path, DataSource], Matrix | None] = read_matrix,
) -> MeterData:
    """Read, validate and convert every meter file; raise InputError listing all problems.

    Parameters
    ----------
    park_dir
        Directory the ``file`` paths of ``sources`` are relative to.
    sources
        The ``data:`` entries of the park file.
    enterprise_ids
        Known enterprise ids; any other id in a file is an error.
    year
        Accounting year; rows outside it are ignored (with a message).
    timezone
        Park time zone, e.g. ``"Asia/Shanghai"``.
    config_file
        Name of the park file, used to point at a bad ``data[i]`` entry.
    reading_limits
        Caps and the typical-value ratio readings are checked against
        (:mod:`greenpark.inputs.meters.plausibility`); None checks none.
    accounts
        Utility account number (户号) -> enterprise id, for files with an account column.
    matrices
        What reads a wide file as a matrix: :func:`~greenpark.inputs.meters.matrix.read_matrix`
        or the same read started ahead (:mod:`greenpark.inputs.meters.ahead`).
    """
    problems = Problems()
    context = Context(tuple(enterprise_ids), year, timezone, messages=[], accounts=accounts or {})
    blocks: list[Block] = []
    monthly: list[pd.DataFrame] = []
    for i, source in enumerate(sources):
        matrix = matrices(park_dir, source)
        if matrix is not None:
            blocks += matrix_file_blocks(matrix, source, context, problems)
            continue
        table = read_table(park_dir, source, f"{config_file}: data[{i}]", problems)
        if table is None:
            continue
        if source.resolution == "monthly":
            monthly.append(file_records(table, source, context, problems))
        else:
            blocks += file_blocks(table, source, context, problems)
    index = year_hours(year, timezone)
    intervals = interval_data(blocks, context.enterprise_ids, index, problems)
    context.messages.extend(intervals.messages)
    monthly_all = _concat(monthly)
    months = _drop_duplicates(_readings(monthly_all), "month", problems, year=year)
    if reading_limits is not None:
        reading_problems(blocks, months, reading_limits, year, problems)
    problems.raise_if_any()
    return _meter_data(intervals, _with_empty_series(months, monthly_all), index, context)


def _readings(records: pd.DataFrame) -> pd.DataFrame:
    """The records with a quantity (an empty cell is a gap, not a reading)."""
    return records.loc[records["quantity"].notna()]


def _with_empty_series(readings: pd.DataFrame, records: pd.DataFrame) -> pd.DataFrame:
    """``readings`` plus one empty record for each (enterprise, carrier) that files name only
    with empty cells, so the series shows as all gaps (with its file) instead of vanishing."""
    keys = ["enterprise", "carrier", "use"]
    named = records.drop_duplicates(keys)
    empty = named.merge(readings[keys].drop_duplicates(), on=keys, how="left", indicator=True)
    empty = empty.loc[empty["_merge"] == "left_only"].drop(columns="_merge")
    if empty.empty:
        return readings
    return pd.concat([readings, empty[readings.columns]], ignore_index=True).astype(readings.dtypes)


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """All monthly files' records in one frame, names as categoricals (fast grouping)."""
    key = "month"
    empty = pd.DataFrame({"row": [], "quantity": [], key: []})
    frames = [frame for frame in frames if not frame.empty] or [empty]
    records = pd.concat(frames, ignore_index=True)
    dtypes = {name: "category" for name in _NAME_COLUMNS}
    return records.reindex(columns=[*_RECORD_COLUMNS, key]).astype(
        {**dtypes, "row": "int64", "quantity": "float64", key: "int64"}
    )


def _drop_duplicates(
    records: pd.DataFrame, key: str, problems: Problems, *, year: int
) -> pd.DataFrame:
    """Report every monthly reading whose (enterprise, carrier, use, month) came before;
    keep the first (``key`` is ``month``, 1-12 of ``year``)."""
    keys = ["enterprise", "carrier", "use", key]
    repeated = records.duplicated(keys, keep="first")
    if not repeated.any():
        return records
    involved = records.loc[records.duplicated(keys, keep=False)]
    firsts = involved.groupby(keys, sort=False, observed=True)[["file", "row"]].transform("first")
    clashes = pd.concat([involved, firsts.add_suffix("_first")], axis=1)
    clashes = clashes.loc[repeated[involved.index]]
    for file, part in clashes.groupby("file", sort=False, observed=True):
        head = part.iloc[:CAP]
        details = [
            text(
                f"{e} {c} 在 {year}-{int(m):02d} 的数据重复（已在 {f} 第 {r} 行给出）",
                f"duplicate reading for {e} {c} at {year}-{int(m):02d} "
                f"(already given in {f} row {r})",
            )
            for e, c, m, f, r in zip(
                head["enterprise"],
                head["carrier"],
                head[key],
                head["file_first"],
                head["row_first"],
                strict=True,
            )
        ]
        problems.cells(str(file), part["row"].tolist(), [None] * len(head), details, str)
    return records.loc[~repeated]


def _meter_data(
    intervals: IntervalData, months: pd.DataFrame, index: pd.DatetimeIndex, context: Context
) -> MeterData:
    month_starts = pd.date_range(index[0], periods=13, freq="MS")
    month_h = np.diff(month_starts.asi8) / 3.6e9
    months_index = pd.RangeIndex(1, 13, name="month")
    frames: dict[tuple[str, str], dict[str, pd.DataFrame]] = {}
    quality = []
    for use in ("fuel", "feedstock"):
        used_months = months[months["use"] == use]
        frames[use, "hourly"] = {
            carrier: frame for (used, carrier), frame in intervals.frames.items() if used == use
        }
        frames[use, "monthly"] = _frames(used_months, "month", months_index, context.enterprise_ids)
        origins = intervals.origins.loc[intervals.origins["use"] == use].drop(columns="use")
        quality += [
            series_quality(frames[use, "hourly"], index, np.ones(len(index)), origins, use),
            series_quality(
                frames[use, "monthly"], month_starts[:12], month_h, _origins(used_months), use
            ),
        ]
    return MeterData(
        FrozenDict(frames["fuel", "hourly"]),
        FrozenDict(frames["fuel", "monthly"]),
        pd.concat(quality, ignore_index=True),
        tuple(encodings_said_once(context.messages)),
        index,
        feedstock_hourly=FrozenDict(frames["feedstock", "hourly"]),
        feedstock_monthly=FrozenDict(frames["feedstock", "monthly"]),
    )


def _frames(
    records: pd.DataFrame, key: str, index: pd.Index, order: Sequence[str]
) -> dict[str, pd.DataFrame]:
    frames = {}
    present = set(records["carrier"].unique())
    for carrier in (carrier for carrier in load_carriers() if carrier in present):
        part = records.loc[records["carrier"] == carrier]
        wide = part.pivot(index=key, columns="enterprise", values="quantity")
        columns = [enterprise for enterprise in order if enterprise in wide.columns]
        frame = wide.reindex(index=index, columns=columns).astype(float)
        frame.columns = pd.Index(columns, name="enterprise")
        frames[carrier] = frame
    return frames


def _origins(records: pd.DataFrame) -> pd.DataFrame:
    """File(s) and resolution(s) each (enterprise, carrier) series came from."""
    keys = ["enterprise", "carrier"]
    records = records.drop(columns="use")
    sources = records[[*keys, "file", "resolution"]].drop_duplicates()
    return sources.groupby(keys, as_index=False, observed=True).agg(
        file=("file", lambda files: "; ".join(sorted(files))),
        resolution=("resolution", lambda found: "+".join(sorted(set(found)))),
    )
