"""Names in meter files: enterprise ids, carriers and units, checked per distinct value.

A long file repeats the same few names a million times, so each column is factorised and
every distinct name is checked once; a bad name gives one line listing its rows.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from typing import TypeVar

import numpy as np
import pandas as pd

from greenpark.i18n import text
from greenpark.inputs.carriers import (
    carrier_lookup,
    load_carriers,
    unit_factor,
    unknown_carrier_hint,
)
from greenpark.inputs.meters.problems import Problems, rows_text
from greenpark.inputs.problems import close_match, did_you_mean

T = TypeVar("T")
#: how many known accounts a problem about an unknown account lists
ACCOUNTS_SHOWN = 20


def _check_values(
    index: pd.Index,
    codes: np.ndarray,
    values: Sequence[T],
    check: Callable[[T], str | None],
    where: tuple[str, str],
    problems: Problems,
) -> np.ndarray:
    """Run ``check`` once per distinct value; a returned message becomes one problem line.

    ``codes`` maps each cell (row ``index``) to its value in ``values``; ``where`` is the
    (file label, column). Returns, per distinct value, whether it passed.
    """
    label, column = where
    good = np.ones(len(values), dtype=bool)
    for k, value in enumerate(values):
        message = check(value)
        if message is not None:
            good[k] = False
            rows = index[codes == k]
            problems.add(
                text(
                    f"{label} {rows_text(rows)}（{column} 列）: {message}",
                    f"{label} {rows_text(rows)}, column {column}: {message}",
                )
            )
    return good


def enterprise_problem(name: str, known: Collection[str]) -> str | None:
    """None for a known enterprise id, else a message naming ``name`` (with a did-you-mean,
    compared ignoring case)."""
    if name in known:
        return None
    if not name:
        return text("缺少企业编号", "missing enterprise id")
    close = close_match(name, known, fold=str.casefold)
    if close:
        return text(f"未知企业 {name!r}", f"unknown enterprise {name!r}") + did_you_mean(close)
    return text(
        f"未知企业 {name!r}，park.yaml 的 enterprises 中没有此编号",
        f"unknown enterprise {name!r}: not among the enterprises in the park file",
    )


def known_enterprises(
    cells: pd.Series, known: Collection[str], where: tuple[str, str], problems: Problems
) -> np.ndarray:
    """Mask of cells naming a known enterprise; unknown ones reported with their rows."""
    codes, uniques = pd.factorize(cells)
    known_set = frozenset(known)
    names = [str(name) for name in uniques]
    good = _check_values(
        cells.index, codes, names, lambda name: enterprise_problem(name, known_set), where, problems
    )
    return good[codes]


def account_enterprises(
    cells: pd.Series, accounts: Mapping[str, str], where: tuple[str, str], problems: Problems
) -> tuple[pd.Series, np.ndarray]:
    """Enterprise id per cell of an account (户号) column, and the mask of known accounts.

    An unknown account is reported once with its rows and the accounts the park file lists
    (``accounts:`` of each enterprise). A leading ``'`` (Excel's text mark) is ignored.
    """
    written = cells.str.lstrip("'")
    codes, uniques = pd.factorize(written)
    names = [str(name) for name in uniques]
    known = list(accounts)
    more = f", … ({len(known)})" if len(known) > ACCOUNTS_SHOWN else ""
    listed = ", ".join(known[:ACCOUNTS_SHOWN]) + more or text("（无）", "(none)")

    def check(account: str) -> str | None:
        if account in accounts:
            return None
        if not account:
            return text("缺少户号", "missing account number (户号)")
        return text(
            f"未知户号 {account!r}；park.yaml 中各企业 accounts 列出的户号为 {listed}",
            f"unknown account (户号) {account!r}; the enterprises' accounts in the park file "
            f"are {listed}",
        )

    good = _check_values(cells.index, codes, names, check, where, problems)
    ids = pd.Series([accounts.get(name, "") for name in names], dtype=object)
    return pd.Series(ids.to_numpy()[codes], index=cells.index), good[codes]


def carrier_ids(
    cells: pd.Series, where: tuple[str, str], problems: Problems
) -> pd.Categorical[str]:
    """Carrier id per cell (``"电力"`` -> ``"electricity"``); NaN where unknown (reported)."""
    lookup = carrier_lookup()
    codes, uniques = pd.factorize(cells)

    names = [str(name) for name in uniques]

    def check(name: str) -> str | None:
        return None if name.casefold() in lookup else unknown_carrier_hint(name)

    _check_values(cells.index, codes, names, check, where, problems)
    found = [lookup.get(name.casefold()) for name in names]
    categories = pd.Index([name for name in dict.fromkeys(found) if name is not None])
    return pd.Categorical.from_codes(
        categories.get_indexer(pd.Index(found))[codes], categories=categories
    )


def unit_factors(
    carriers: pd.Categorical[str], units: pd.Series, where: tuple[str, str], problems: Problems
) -> np.ndarray:
    """Factor to canonical units per row, from each row's carrier id and unit text.

    Rows with an unknown carrier (NaN) get NaN silently (already reported); rows with a bad
    unit get NaN and one problem line per (carrier, unit) pair.
    """
    catalogue = load_carriers()
    unit_codes, unit_names = pd.factorize(units)
    pair_codes = np.asarray(carriers.codes, dtype=np.int64) * len(unit_names) + unit_codes
    pairs, inverse = np.unique(pair_codes, return_inverse=True)
    factors = np.full(len(pairs), np.nan)

    def check(k: int) -> str | None:
        carrier_code, unit_code = divmod(int(pairs[k]), len(unit_names))
        if carrier_code < 0:
            return None
        factor = unit_factor(
            str(unit_names[unit_code]), catalogue[str(carriers.categories[carrier_code])]
        )
        if isinstance(factor, str):
            return factor
        factors[k] = factor
        return None

    _check_values(units.index, inverse, range(len(pairs)), check, where, problems)
    return factors[inverse]


#: spellings of a ``use`` cell (compared ignoring case) -> ``fuel`` or ``feedstock``
USE_SPELLINGS = {
    "fuel": "fuel",
    "燃料": "fuel",
    "燃料用能": "fuel",
    "feedstock": "feedstock",
    "原料": "feedstock",
    "原料用能": "feedstock",
}


def use_values(
    cells: pd.Series,
    carriers: pd.Categorical[str],
    default: str,
    where: tuple[str, str],
    problems: Problems,
) -> np.ndarray:
    """``fuel`` or ``feedstock`` per row of a long file's optional ``use`` column.

    A blank cell takes ``default`` (the ``data:`` entry's ``use``); an unknown word, or
    feedstock on a carrier that is not a fuel, is reported with its rows.
    """
    kinds = {key: carrier.kind for key, carrier in load_carriers().items()}
    words = cells.fillna("").astype(str).str.strip()
    carrier_names = pd.Series(np.asarray(carriers, dtype=object), index=cells.index).fillna("")
    pairs = words + "\x00" + carrier_names.astype(str)
    codes, uniques = pd.factorize(pairs)
    uses: list[str] = []

    def check(pair: str) -> str | None:
        word, carrier = pair.split("\x00")
        use = USE_SPELLINGS.get(word.casefold(), default) if word else default
        uses.append(use)
        if word and word.casefold() not in USE_SPELLINGS:
            return text(
                f"未知的用途 {word!r}，应为 fuel（燃料）或 feedstock（原料）",
                f"unknown use {word!r}; expected fuel or feedstock",
            )
        if use == "feedstock" and carrier and kinds.get(carrier) != "fuel":
            return text(
                f"feedstock（原料用能）只适用于燃料，{carrier} 不是燃料",
                f"feedstock applies to fuels only; {carrier} is not a fuel",
            )
        return None

    good = _check_values(cells.index, codes, [str(u) for u in uniques], check, where, problems)
    per_row: np.ndarray = np.array(uses, dtype=object)[codes]
    per_row[~good[codes]] = None
    return per_row
