"""Turn one meter file's table (long or wide layout) into validated records or blocks.

A record is one reading: ``file, row, enterprise, carrier, quantity`` (canonical unit) and
either ``start`` (interval start, tz-aware, for hourly and 15-min files) or ``month`` (1-12,
for monthly files). Rows outside the accounting year are dropped here (with a message);
an empty quantity cell is missing data (a gap): its record has a NaN quantity, so the
series it belongs to is known even when every one of its cells is empty. Wide files are read
in :mod:`greenpark.inputs.meters.wide`, period columns in :mod:`greenpark.inputs.meters.periods`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from greenpark.i18n import text
from greenpark.inputs.meters.blocks import Block, long_blocks
from greenpark.inputs.meters.files import UTF8, Table
from greenpark.inputs.meters.headers import SPLITS, Columns, find_columns
from greenpark.inputs.meters.matrix import Matrix
from greenpark.inputs.meters.names import (
    account_enterprises,
    carrier_ids,
    enterprise_problem,
    known_enterprises,
    unit_factors,
    use_values,
)
from greenpark.inputs.meters.periods import Context, ignored_text, read_periods
from greenpark.inputs.meters.problems import Problems, at
from greenpark.inputs.meters.totals import row_quantities, without_totals
from greenpark.inputs.meters.wide import matrix_blocks, wide_file_blocks, wide_records
from greenpark.inputs.park.schema import DataSource
from greenpark.messages import Message, Param

NAMES = ("enterprise", "carrier", "quantity", "unit")
AMOUNTS = ("quantity", *SPLITS)


def file_records(
    table: Table, source: DataSource, context: Context, problems: Problems
) -> pd.DataFrame:
    """Validated records of one monthly file (see the module docstring); problems are collected."""
    before, told = len(problems.lines), len(context.messages)
    _say_encoding(table, context)
    if source.layout == "long":
        records = _long(table, source, "month", context, problems)
    else:
        records = wide_records(_without_totals(table, problems), source, context, problems)
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
        blocks = wide_file_blocks(_without_totals(table, problems), source, context, problems)
    return _checked(table.label, blocks, context, problems, (before, told))


def matrix_file_blocks(
    matrix: Matrix, source: DataSource, context: Context, problems: Problems
) -> list[Block]:
    """:func:`file_blocks` of a wide file read as a :class:`Matrix` (UTF-8, no total rows)."""
    counts = (len(problems.lines), len(context.messages))
    blocks = matrix_blocks(matrix, source, context, problems)
    return _checked(matrix.table.label, blocks, context, problems, counts)


def _checked(
    label: str,
    blocks: list[Block] | None,
    context: Context,
    problems: Problems,
    counts: tuple[int, int],
) -> list[Block]:
    """The blocks (none if the file could not be read); a file without any reading for the
    year is a problem (:func:`_no_data`)."""
    if blocks is not None:
        empty = all(np.isnan(block.values).all() for block in blocks)
        _no_data(label, empty, context, problems, counts)
    return blocks or []


def _say_encoding(table: Table, context: Context) -> None:
    """A file read in another encoding than UTF-8 says which (GB18030/GBK exports)."""
    if table.encoding not in (None, UTF8):
        context.messages.append(
            Message("file_encoding", {"file": table.label, "encoding": table.encoding}, "info")
        )


def encodings_said_once(messages: Sequence[Message]) -> list[Message]:
    """``messages`` with the files read in one encoding said in one message
    (``files_encoding``, where the first of them stood; a single file keeps its own): a park
    whose 500 meter exports are GBK was told so 500 times."""
    files: dict[str, list[str]] = {}
    for message in messages:
        if message.code == "file_encoding":
            encoding, file = str(message.params["encoding"]), str(message.params["file"])
            files.setdefault(encoding, []).append(file)
    merged: list[Message] = []
    for message in messages:
        if message.code != "file_encoding":
            merged.append(message)
            continue
        encoding = str(message.params["encoding"])
        same = files.pop(encoding, [])  # empty: said already, where the first stood
        if len(same) == 1:
            merged.append(message)
        elif same:
            files_in_one: dict[str, Param] = {
                "files": tuple(same),
                "count": len(same),
                "encoding": encoding,
            }
            merged.append(Message("files_encoding", files_in_one, "info"))
    return merged


def _without_totals(table: Table, problems: Problems) -> Table:
    """A wide file without its total rows (合计/总计, checked against the rows they total)."""
    return without_totals(table, (0,), range(1, len(table.header)), problems)


def _no_data(
    label: str, empty: bool, context: Context, problems: Problems, counts: tuple[int, int]
) -> None:
    """A file without a single reading for the year (and no other problem) is a problem."""
    before, told = counts
    if empty and len(problems.lines) == before:
        ignored = "".join(f"; {ignored_text(m)}" for m in context.messages[told:])
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
    periods = read_periods(table, found.position[first], source, context, problems)
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


def _key(source: DataSource) -> str:
    return "month" if source.resolution == "monthly" else "start"
