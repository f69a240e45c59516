"""A carrier's accounting year completed from meter readings and bills, hour by hour, with
the source of every value.

Every hour of every series gets exactly one source (:data:`SOURCES`):

============  =================================================================================
measured      the meter's own reading (an hourly value, or four 15-min readings summed)
billed        a missing hour of a month that has a bill (月度账单) and is not fully metered:
              the bill minus the month's metered hours, spread over its missing hours
imputed       a missing hour of a month with some metered hours and no bill: the month carries
              on at the level its own metered hours show
extrapolated  an hour of a month with neither readings nor a bill, filled only when gaps are
              allowed (``--allow-gaps``): the level of the series' known months carried over
missing       such an hour when gaps are not allowed: NaN, never zero
planned       an hour of an enterprise without meter readings, from its planned use
============  =================================================================================

Spreading follows weights ``w`` (hours × series): an electricity load shape
(:mod:`greenpark.core.load_profiles`), or 1 for every hour for other carriers, where it is
proportional to time. For month ``m`` with metered hours ``M`` (readings ``q``), missing hours
``G`` and bill ``B``, a missing hour ``h`` gets

- billed:       ``w_h · (B − Σ_M q) / Σ_G w`` (so the month sums to ``B``; needs ``B ≥ Σ_M q``);
- imputed:      ``w_h · Σ_M q / Σ_M w`` (the month's own level);
- extrapolated: ``w_h · L`` with ``L = Σ_K T_k / Σ_K Σ_k w`` over the series' known months
  ``K`` (measured, billed or imputed; ``T_k`` their totals). With flat weights this is the
  known total × (hours of the missing months ÷ hours of the known months): the share of the
  year covered, applied month by month only where a month has data of its own.

A month that is fully metered keeps its readings; a bill given for it is not used here (the
load-time rules compare the two, :mod:`greenpark.inputs.meters.coverage`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np

from greenpark.core.allocation import month_totals, ratio_or_zero

MEASURED: Final = 0
BILLED: Final = 1
IMPUTED: Final = 2
EXTRAPOLATED: Final = 3
MISSING: Final = 4
#: not metered at all: an enterprise's planned use (``enterprises[].planned_use``)
PLANNED: Final = 5
#: name of each source code, in code order
SOURCES: Final = ("measured", "billed", "imputed", "extrapolated", "missing", "planned")
#: codes of the sources a completed or planned value has (every one but ``missing``)
FILLED_CODES: Final = (MEASURED, BILLED, IMPUTED, EXTRAPOLATED, PLANNED)
_KNOWN: Final = (MEASURED, BILLED, IMPUTED)
_METERED: Final = (MEASURED, BILLED, IMPUTED, EXTRAPOLATED)
_FILLED: Final = (BILLED, IMPUTED, EXTRAPOLATED)


@dataclass(frozen=True)
class Completed:
    """A completed series set: values (hours × series), source per hour and per month.

    Attributes
    ----------
    values : np.ndarray
        (H, S) quantity per hour in the carrier's unit; NaN only on ``missing`` hours.
    source : np.ndarray
        (H, S) int8 source code of every hour (:data:`SOURCES`).
    month_source : np.ndarray
        (12, S) int8 source code of every calendar month: ``measured`` when fully metered,
        else how its missing hours were filled.
    month_total : np.ndarray
        (12, S) completed total of every month (NaN where missing): the metered sum, the
        bill, or the imputed or extrapolated total, computed per month (not summed from
        hours, so a year of bills adds up to the bills exactly).
    month_metered : np.ndarray
        (12, S) sum of the metered hours of every month.
    """

    values: np.ndarray
    source: np.ndarray
    month_source: np.ndarray
    month_total: np.ndarray
    month_metered: np.ndarray

    def quantity_by_source(self) -> np.ndarray:
        """(S, 4) completed quantity per series from each source, measured … extrapolated."""
        added = self.month_total - self.month_metered
        return np.stack(
            [self.month_metered.sum(axis=0)]
            + [np.where(self.month_source == code, added, 0.0).sum(axis=0) for code in _FILLED],
            axis=1,
        )


def month_sources(
    metered_hours: np.ndarray,
    month_hours: np.ndarray,
    billed: np.ndarray,
    *,
    impute: bool = True,
    extrapolate: bool = False,
) -> np.ndarray:
    """How each calendar month of each series is completed; (12, S) int8 source codes.

    Parameters
    ----------
    metered_hours : np.ndarray
        (12, S) hours with a reading in each month [h].
    month_hours : np.ndarray
        (12,) hours of each month on the time axis [h].
    billed : np.ndarray
        (12, S) monthly bills, NaN where none.
    impute : bool
        Complete a partly metered month without a bill from its own metered hours.
    extrapolate : bool
        Complete a month without data from the series' known months (needs at least one).
    """
    full = metered_hours >= np.asarray(month_hours)[:, None]
    has_bill = ~np.isnan(billed)
    source = np.full(billed.shape, MISSING, dtype=np.int8)
    source[~full & impute & (metered_hours > 0)] = IMPUTED
    source[~full & has_bill] = BILLED
    source[full] = MEASURED
    if extrapolate:
        known = np.asarray(np.isin(source, _KNOWN), dtype=bool).any(axis=0, keepdims=True)
        source[(source == MISSING) & known] = EXTRAPOLATED
    return source


def bill_shortfall(metered_sum: np.ndarray, billed: np.ndarray, source: np.ndarray) -> np.ndarray:
    """(12, S) True where a billed month's bill is below its metered hours' sum (an error)."""
    shortfall: np.ndarray = (source == BILLED) & (billed < metered_sum)
    return shortfall


def completed_hourly(
    measured: np.ndarray,
    billed: np.ndarray,
    weights: np.ndarray,
    month_of_hour: np.ndarray,
    *,
    impute: bool = True,
    extrapolate: bool = False,
    names: Sequence[str] | None = None,
) -> Completed:
    """Complete hourly series from readings and monthly bills (rules in the module docstring).

    Parameters
    ----------
    measured : np.ndarray
        (H, S) readings per hour, NaN where missing.
    billed : np.ndarray
        (12, S) monthly bills, January first, NaN where none.
    weights : np.ndarray
        (H, S) relative weight of each hour for spreading [-].
    month_of_hour : np.ndarray
        (H,) calendar month 1-12 of every hour.
    impute, extrapolate : bool
        As in :func:`month_sources`.
    names : Sequence[str], optional
        Series names for error messages.

    Raises
    ------
    ValueError
        Listing every month left missing and every bill smaller than its metered hours.
    """
    missing = np.isnan(measured)
    gaps = bool(missing.any())  # without gaps, the masked passes below are skipped
    metered_sum = month_totals(
        np.where(missing, 0.0, measured) if gaps else measured, month_of_hour
    )
    month_hours = month_totals(np.ones(len(month_of_hour)), month_of_hour)
    source = month_sources(
        month_totals(~missing, month_of_hour)
        if gaps
        else np.broadcast_to(month_hours[:, None], billed.shape),
        month_hours,
        billed,
        impute=impute,
        extrapolate=extrapolate,
    )
    _raise_incomplete(metered_sum, billed, source, names)
    if not gaps:  # every month fully metered: its total is its metered sum
        hour_source = np.full(measured.shape, MEASURED, dtype=np.int8)
        return Completed(measured.copy(), hour_source, source, metered_sum.copy(), metered_sum)
    metered_w = month_totals(np.where(missing, 0.0, weights), month_of_hour)
    gap_w = month_totals(np.where(missing, weights, 0.0), month_of_hour)
    total = _month_totals(metered_sum, billed, source, metered_w, gap_w)
    level = np.where(source == MEASURED, 0.0, ratio_or_zero(total - metered_sum, gap_w))
    index = np.asarray(month_of_hour) - 1
    values = np.where(missing, weights * level[index], measured)
    hour_source = np.where(missing, source[index], MEASURED).astype(np.int8)
    return Completed(values, hour_source, source, total, metered_sum)


def _month_totals(
    metered_sum: np.ndarray,
    billed: np.ndarray,
    source: np.ndarray,
    metered_w: np.ndarray,
    gap_w: np.ndarray,
) -> np.ndarray:
    """Completed total of every month; (12, S), NaN where missing."""
    all_w = metered_w + gap_w
    imputed = ratio_or_zero(metered_sum, metered_w) * all_w
    known = np.select(
        [source == MEASURED, source == BILLED, source == IMPUTED],
        [metered_sum, np.nan_to_num(billed), imputed],
        0.0,
    )
    in_known = np.isin(source, _KNOWN)
    year_level = ratio_or_zero(known.sum(axis=0), np.where(in_known, all_w, 0.0).sum(axis=0))
    total: np.ndarray = np.where(
        in_known, known, np.where(source == EXTRAPOLATED, year_level * all_w, np.nan)
    )
    return total


def _raise_incomplete(
    metered_sum: np.ndarray, billed: np.ndarray, source: np.ndarray, names: Sequence[str] | None
) -> None:
    """Every month left without data and every bill below its metered hours, month by month."""
    shortfall = bill_shortfall(metered_sum, billed, source)
    problems = []
    for month, column in zip(*np.nonzero(shortfall | (source == MISSING)), strict=True):
        name = names[column] if names is not None else f"column {column}"
        where = f"{name} month {month + 1}"
        if not shortfall[month, column]:
            problems.append(f"{where}: the data has gaps but no monthly total to fill them")
            continue
        excess = metered_sum[month, column] - billed[month, column]
        problems.append(
            f"{where}: measured hours exceed the monthly total by {excess:.3f}, leaving "
            "nothing for the missing hours; check the meter data or the bill"
        )
    if problems:
        raise ValueError("\n".join(problems))


def source_sums(
    values: np.ndarray, source: np.ndarray, codes: Sequence[int] = _METERED
) -> np.ndarray:
    """Sum of hourly ``values`` per series and source; (S, len(codes)), by default
    measured … extrapolated (:data:`FILLED_CODES` adds planned). Where every row has one
    source (complete data: all measured), one plain sum."""
    only = _only_code(source)
    if only is not None:
        sums = np.zeros((source.shape[1], len(codes)))
        if only in codes:
            sums[:, list(codes).index(only)] = np.sum(values, axis=0)
        return sums
    return np.stack([np.sum(values, axis=0, where=source == code) for code in codes], axis=1)


def source_counts(source: np.ndarray, codes: Sequence[int] = _METERED) -> np.ndarray:
    """Number of rows (hours or months) per series and source; (S, len(codes)) int."""
    only = _only_code(source)
    if only is not None:
        counts = np.zeros((source.shape[1], len(codes)), dtype=np.intp)
        if only in codes:
            counts[:, list(codes).index(only)] = source.shape[0]
        return counts
    return np.stack([(source == code).sum(axis=0) for code in codes], axis=1)


def _only_code(source: np.ndarray) -> int | None:
    """The source code of every row, when all rows have the same one."""
    if not source.size:
        return None
    low = int(source.min())
    return low if low == int(source.max()) else None
