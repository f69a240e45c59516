"""Turn one meter file's table (long or wide layout) into validated records.

A record is one reading: ``file, row, enterprise, carrier, quantity`` (canonical unit) and
either ``start`` (interval start, tz-aware, for hourly and 15-min files) or ``month`` (1-12,
for monthly files). Rows outside the accounting year are dropped here (with a message);
an empty quantity cell is missing data (a gap): its record has a NaN quantity, so the
series it belongs to is known even when every one of its cells is empty.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from greenpark.i18n import text
from greenpark.inputs.carriers import load_carriers
from greenpark.inputs.meters.blocks import STEPS, Block, long_blocks, slots_of, wide_blocks
from greenpark.inputs.meters.cells import (
    interval_marks_problem,
    parse_months,
    parse_quantities,
    parse_times,
    report_cells,
)
from greenpark.inputs.meters.files import UTF8, Table
from greenpark.inputs.meters.headers import SPLITS, Columns, find_columns
from greenpark.inputs.meters.names import (
    account_enterprises,
    carrier_ids,
    enterprise_problem,
    known_enterprises,
    unit_factors,
    use_values,
)
from greenpark.inputs.meters.problems import Problems, at
from greenpark.inputs.meters.totals import row_quantities, without_totals
from greenpark.inputs.park.schema import DataSource
from greenpark.messages import Message
from greenpark.units import convert

NAMES = ("enterprise", "carrier", "quantity", "unit")
AMOUNTS = ("quantity", *SPLITS)


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


def file_records(
    table: Table, source: DataSource, context: Context, problems: Problems
) -> pd.DataFrame:
    """Validated records of one monthly file (see the module docstring); problems are collected."""
    before, told = len(problems.lines), len(context.messages)
    _say_encoding(table, context)
    if source.layout == "long":
        records = _long(table, source, "month", context, problems)
    else:
        records = _wide(_without_totals(table, problems), source, context, problems)
    if records is not None:
        empty = bool(records["quantity"].isna().all())
        _no_data(table.label, empty, context, problems, (before, told))
    return records if records is not None else pd.DataFrame()


def file_blocks(
    table: Table, source: DataSource, context: Context, problems: Problems
) -> list[Block]:
    """Validated readings of one hourly or 15-min file as blocks; problems are collected."""
    before, told = len(problems.lines), len(context.messages)
    _say_encoding(table, context)
    blocks: list[Block] | None = None
    if source.layout == "long":
        records = _long(table, source, "timestamp", context, problems)
        if records is not None:
            blocks = long_blocks(records, context.year_start)
    else:
        blocks = _wide_blocks(_without_totals(table, problems), source, context, problems)
    if blocks is not None:
        empty = all(np.isnan(block.values).all() for block in blocks)
        _no_data(table.label, empty, context, problems, (before, told))
    return blocks or []


def _say_encoding(table: Table, context: Context) -> None:
    """A file read in another encoding than UTF-8 says which (GB18030/GBK exports)."""
    if table.encoding not in (None, UTF8):
        context.messages.append(
            Message("file_encoding", {"file": table.label, "encoding": table.encoding}, "info")
        )


def _without_totals(table: Table, problems: Problems) -> Table:
    """A wide file without its total rows (合计/总计, checked against the rows they total)."""
    return without_totals(table, (0,), range(1, len(table.header)), problems)


def _no_data(
    label: str, empty: bool, context: Context, problems: Problems, counts: tuple[int, int]
) -> None:
    """A file without a single reading for the year (and no other problem) is a problem."""
    before, told = counts
    if empty and len(problems.lines) == before:
        ignored = "".join(f"; {_ignored_text(m)}" for m in context.messages[told:])
        problems.add(
            text(
                f"{label}: 会计年度 {context.year} 没有任何数据{ignored}",
                f"{label}: no data at all for the accounting year {context.year}{ignored}",
            )
        )


def _columns(table: Table, source: DataSource, first: str, problems: Problems) -> Columns | None:
    """Where greenpark's columns are in a long file; None (reported) when some are missing.

    ``enterprise`` may come from an ``account`` column or the entry's ``enterprise``,
    ``carrier`` and ``unit`` from the entry (``unit`` also from the quantity's header), and
    ``quantity`` from time-of-use split columns.
    """
    found = find_columns(table.header, source.columns)
    has = found.position.keys()
    given = {
        first: first in has,
        "enterprise": bool({"enterprise", "account"} & has) or source.enterprise is not None,
        "carrier": "carrier" in has or source.carrier is not None,
        "quantity": bool(set(AMOUNTS) & has),
        "unit": "unit" in has or found.amount_unit() is not None or bool(source.unit),
    }
    missing = [name for name, ok in given.items() if not ok]
    if missing:
        wanted = (first, *NAMES)
        problems.add(
            text(
                f"{at(table.label, 1)}: 缺少列 {', '.join(missing)}；"
                f"现有列 {', '.join(table.header)}；应有 {', '.join(wanted)}"
                f"（可在 data 条目中用 columns 对应列名，或给出 enterprise/carrier/unit）",
                f"{at(table.label, 1)}: missing column(s) {', '.join(missing)}; found "
                f"{', '.join(table.header)}; expected {', '.join(wanted)} (map the file's "
                f"headers with columns: in the data entry, or give enterprise/carrier/unit there)",
            )
        )
        return None
    return found


def _long(
    table: Table, source: DataSource, first: str, context: Context, problems: Problems
) -> pd.DataFrame | None:
    found = _columns(table, source, first, problems)
    if found is None:
        return None
    labels = [
        0,
        *(found.position[n] for n in (first, "account", "enterprise") if n in found.position),
    ]
    amounts = [found.position[n] for n in AMOUNTS if n in found.position]
    table = without_totals(table, labels, amounts, problems)
    periods = _periods(table, found.position[first], source, context, problems)
    body = table.body.loc[periods.index]
    label = table.label
    enterprise, good = _enterprises(table, body, found, source, context, problems)
    carrier = _cells(table, body, found, "carrier", source.carrier)
    carriers = carrier_ids(carrier, (label, str(carrier.name)), problems)
    unit = _unit_cells(table, body, found, source)
    factors = unit_factors(carriers, unit, (label, str(unit.name)), problems)
    uses = _uses(table, body, found, carriers, source, problems)
    amounts_read = row_quantities(body, found, table.header, label, problems)
    frame = pd.DataFrame(
        {
            "file": label,
            "row": body.index,
            "enterprise": enterprise.astype("category"),
            "carrier": carriers,
            "use": uses,
            _key(source): periods,
            "quantity": amounts_read * factors,
        }
    )
    keep = good & periods.notna() & frame["use"].notna()
    return frame.loc[keep].reset_index(drop=True).assign(resolution=source.resolution)


def _cells(
    table: Table, body: pd.DataFrame, found: Columns, name: str, default: str | None
) -> pd.Series:
    """The column ``name`` (blank cells take ``default``), or ``default`` on every row; the
    series is named by the file's header (or ``name``) for messages."""
    if name not in found.position:
        return pd.Series(default or "", index=body.index, dtype=object, name=name)
    cells = body[found.position[name]]
    if default:
        cells = cells.mask(cells == "", default)
    return cells.rename(found.header_of(name, table.header))


def _unit_cells(table: Table, body: pd.DataFrame, found: Columns, source: DataSource) -> pd.Series:
    """Each row's unit: the unit column, else the entry's ``unit``, else the unit in the
    quantity's header (the series then takes that header's name, for messages)."""
    in_header = found.amount_unit()
    if "unit" in found.position or source.unit or in_header is None:
        return _cells(table, body, found, "unit", source.unit)
    name, unit = in_header
    return pd.Series(unit, index=body.index, dtype=object, name=found.header_of(name, table.header))


def _enterprises(
    table: Table,
    body: pd.DataFrame,
    found: Columns,
    source: DataSource,
    context: Context,
    problems: Problems,
) -> tuple[pd.Series, np.ndarray]:
    """Enterprise id per row (from the enterprise column, the account column or the entry)
    and the mask of rows naming a known enterprise (the others are reported)."""
    if "enterprise" not in found.position and "account" in found.position:
        where = (table.label, found.header_of("account", table.header))
        return account_enterprises(
            body[found.position["account"]], context.accounts, where, problems
        )
    cells = _cells(table, body, found, "enterprise", source.enterprise)
    if "enterprise" in found.position:
        where = (table.label, str(cells.name))
        return cells, known_enterprises(cells, context.enterprise_ids, where, problems)
    problem = enterprise_problem(str(source.enterprise), context.enterprise_ids)
    if problem is not None:
        problems.add(f"{table.label}: enterprise: {problem}")
    return cells, np.full(len(body), problem is None)


def _uses(
    table: Table,
    body: pd.DataFrame,
    found: Columns,
    carriers: pd.Categorical[str],
    source: DataSource,
    problems: Problems,
) -> np.ndarray:
    """Per row ``fuel`` or ``feedstock``: the optional ``use`` column, else the entry's."""
    if "use" not in found.position:
        return np.full(len(body), source.use, dtype=object)
    where = (table.label, found.header_of("use", table.header))
    return use_values(body[found.position["use"]], carriers, source.use, where, problems)


def _wide_cells(
    table: Table, source: DataSource, context: Context, problems: Problems
) -> tuple[list[str], pd.Series, np.ndarray] | None:
    """A wide file's enterprise ids, its periods (rows of the year) and their readings
    (rows × enterprises, canonical unit, NaN = empty); None if the file cannot be read."""
    first = "month" if source.resolution == "monthly" else "timestamp"
    if table.header[0].casefold() != first:
        problems.add(
            text(
                f"{at(table.label, 1, table.header[0])}: 宽表第一列应为 {first}，"
                f"实际为 {table.header[0]!r}",
                f"{at(table.label, 1, table.header[0])}: a wide file's first column must be "
                f"{first!r}, found {table.header[0]!r}",
            )
        )
        return None
    columns = _wide_enterprises(table, context, problems)
    periods = _periods(table, 0, source, context, problems)
    if not columns:
        return None
    _, factor = _wide_carrier(source)
    block = table.body.loc[periods.index, list(columns)]
    names = list(columns.values())
    amounts = _plain_numbers(block)
    if amounts is None:
        amounts = parse_quantities(block, names, label=table.label, problems=problems)
    amounts *= factor
    keep = periods.notna().to_numpy()
    return names, periods[keep], amounts[keep]


#: characters of a plain decimal number (``1520.5``, ``1.5e3``, ``-2``)
_PLAIN = str.maketrans("", "", "0123456789.+-eE")


def _plain_numbers(block: pd.DataFrame) -> np.ndarray | None:
    """Text cells -> floats in one pass when every cell is empty (NaN) or a plain finite
    number >= 0, the usual wide file; None when any cell needs the rules and the problem
    reports of :func:`~greenpark.inputs.meters.cells.parse_quantities` (thousands
    separators, words, negative or infinite numbers)."""
    cells = block.to_numpy(dtype=object)
    if cells.size == 0 or "".join(cells.ravel()).translate(_PLAIN):
        return None
    try:
        values = np.where(cells == "", "nan", cells).astype(float)
    except ValueError:  # e.g. "1.2.3" or "-": the full rules say what is wrong
        return None
    if (values < 0).any() or np.isinf(values).any():
        return None
    return values


def _wide(
    table: Table, source: DataSource, context: Context, problems: Problems
) -> pd.DataFrame | None:
    """Records of a monthly wide file."""
    cells = _wide_cells(table, source, context, problems)
    if cells is None:
        return None
    names, months, amounts = cells
    return pd.DataFrame(
        {
            "file": table.label,
            "row": np.repeat(months.index.to_numpy(), len(names)),
            "enterprise": pd.Categorical.from_codes(
                np.tile(np.arange(len(names)), len(months)), categories=pd.Index(names)
            ),
            "carrier": str(source.carrier),
            "use": source.use,
            "month": months.repeat(len(names)).array,
            "quantity": amounts.ravel(),
            "resolution": source.resolution,
        }
    )


def _wide_blocks(
    table: Table, source: DataSource, context: Context, problems: Problems
) -> list[Block] | None:
    """Blocks of an hourly or 15-min wide file: its matrix as read."""
    cells = _wide_cells(table, source, context, problems)
    if cells is None:
        return None
    names, starts, amounts = cells
    slots = slots_of(starts, context.year_start, source.resolution)
    about = (table.label, str(source.carrier), source.use, source.resolution)
    return wide_blocks(about, names, slots, amounts, starts.index.to_numpy())


def _key(source: DataSource) -> str:
    return "month" if source.resolution == "monthly" else "start"


def _wide_carrier(source: DataSource) -> tuple[str, float]:
    """The carrier id of a wide file and the factor from its unit to the canonical unit.

    Both were checked by the schema (:class:`~greenpark.inputs.park.schema.DataSource`).
    """
    carrier_id = str(source.carrier)
    return carrier_id, convert(1.0, str(source.unit), load_carriers()[carrier_id].canonical_unit)


def _wide_enterprises(table: Table, context: Context, problems: Problems) -> dict[int, str]:
    """Column position -> enterprise id for the good enterprise columns of a wide file."""
    columns: dict[int, str] = {}
    for position, name in enumerate(table.header[1:], start=1):
        problem = enterprise_problem(name, context.enterprise_ids)
        if name in columns.values():
            problem = text(f"企业 {name!r} 的列重复出现", f"column {name!r} appears twice")
        if problem is None:
            columns[position] = name
        else:
            problems.add(f"{at(table.label, 1, name or '?')}: {problem}")
    return columns


def _periods(
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


def _ignored_text(message: Message) -> str:
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
