"""Pro-rata arithmetic shared by the ledger, shares, balance and load filling.

- :func:`ratio_or_zero`: a share that is zero where there is nothing to share (a pro-rata
  weight of an empty pool, a scale of a month without gaps);
- :func:`month_totals`: the calendar-month sums of an hourly array (:func:`run_sums`: sums over
  consecutive runs of hours);
- :func:`allocated`: a total split in proportion to weights (an enterprise's energy between
  its products).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


def ratio_or_zero(numerator: npt.ArrayLike, denominator: npt.ArrayLike) -> FloatArray:
    """numerator ÷ denominator, element-wise and broadcast; 0 where the denominator is <= 0.

    The zero fill is what pro-rata allocation needs: nothing to allocate, nothing given.
    (Shares that must show "undefined" instead, e.g. a green share of zero load, use NaN.)
    """
    num = np.asarray(numerator, dtype=float)
    den = np.asarray(denominator, dtype=float)
    out: FloatArray = np.zeros(np.broadcast(num, den).shape)
    np.divide(num, den, out=out, where=den > 0)
    return out


def month_totals(hourly: npt.ArrayLike, month_of_hour: npt.ArrayLike) -> FloatArray:
    """Sums over the hours of each calendar month, January first; shape (12, ...).

    Parameters
    ----------
    hourly : array_like
        (H, ...) values per hour, e.g. [kWh]. A NaN only spoils its own month.
    month_of_hour : array_like
        (H,) calendar month 1-12 of every hour; the hours need not be sorted. A month
        without hours sums to 0.
    """
    values = np.asarray(hourly, dtype=float)
    months = np.asarray(month_of_hour)
    if np.any(months[1:] < months[:-1]):  # sums over runs of equal months
        order = np.argsort(months, kind="stable")
        values, months = values[order], months[order]
    counts = np.bincount(months, minlength=13)[1:13]
    present = counts > 0
    totals: FloatArray = np.zeros((12, *values.shape[1:]))
    if present.any():
        starts = np.cumsum(counts) - counts
        totals[present] = run_sums(values, starts[present])
    return totals


def run_sums(values: FloatArray, starts: npt.NDArray[np.intp]) -> FloatArray:
    """Sums over consecutive runs of rows (axis 0) of ``values``, a run starting at each of
    ``starts`` (increasing, the first 0) and ending where the next starts; (len(starts), ...).

    A slice sum per run: ``np.add.reduceat`` along the first axis is several times slower.
    """
    if len(starts) == len(values):  # every row its own run
        return np.array(values, dtype=float)
    ends = [*starts[1:], len(values)]
    sums: FloatArray = np.stack(
        [values[a:b].sum(axis=0) for a, b in zip(starts, ends, strict=True)]
    )
    return sums


def allocated(total: float, weights: npt.ArrayLike) -> FloatArray:
    """``total`` split in proportion to ``weights`` (output, declared shares, metered kWh).

    The parts add up to ``total`` whenever the weights have a positive sum; with no weight at
    all every part is 0 (nothing to split by). Units: the parts have the unit of ``total``.
    """
    w = np.asarray(weights, dtype=float)
    parts: FloatArray = total * ratio_or_zero(w, w.sum())
    return parts
