"""Completing a series from readings and bills: month sources and values computed by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from greenpark.core.coverage import (
    BILLED,
    EXTRAPOLATED,
    FILLED_CODES,
    IMPUTED,
    MEASURED,
    MISSING,
    completed_hourly,
    month_sources,
    source_counts,
    source_sums,
)

HOURS = pd.date_range("2025-01-01", periods=8760, freq="h", tz="Asia/Shanghai")
MONTH = HOURS.month.to_numpy()
FIRST_JULY_HOUR = 4344  # 181 days (January-June 2025) × 24 h


def _one(values: float | None, months: slice) -> np.ndarray:
    """(8760, 1): ``values`` in the hours of ``months`` (0-based slice of months), NaN elsewhere."""
    out = np.full((8760, 1), np.nan)
    chosen = np.isin(MONTH, np.arange(1, 13)[months])
    out[chosen, 0] = np.nan if values is None else values
    return out


def test_month_sources_by_case() -> None:
    # one series, month by month: full; partial+bill; partial; none+bill; none (x8)
    metered = np.array([[10], [5], [5], [0], [0], [0], [0], [0], [0], [0], [0], [0]])
    bills = np.full((12, 1), np.nan)
    bills[[0, 1, 3], 0] = 7.0
    hours = np.full(12, 10)
    assert month_sources(metered, hours, bills)[:5, 0].tolist() == [
        MEASURED,
        BILLED,
        IMPUTED,
        BILLED,
        MISSING,
    ]
    assert month_sources(metered, hours, bills, impute=False)[2, 0] == MISSING
    extrapolated = month_sources(metered, hours, bills, extrapolate=True)
    assert (extrapolated[4:, 0] == EXTRAPOLATED).all()
    # a series without any data has nothing to extrapolate from
    empty = month_sources(np.zeros((12, 1)), hours, np.full((12, 1), np.nan), extrapolate=True)
    assert (empty == MISSING).all()


def test_hourly_january_to_june_and_bills_july_to_december() -> None:
    measured = _one(2.0, slice(0, 6))
    bills = np.full((12, 1), np.nan)
    bills[6:, 0] = [1000.0 * m for m in range(7, 13)]
    out = completed_hourly(measured, bills, np.ones_like(measured), MONTH)
    # 4344 metered hours × 2 kWh + bills 7,000 + … + 12,000 = 8,688 + 57,000
    assert out.values.sum() == pytest.approx(8_688.0 + 57_000.0, rel=1e-12)
    assert out.month_total.sum() == 8_688.0 + 57_000.0  # per month: exact
    assert (out.source[:FIRST_JULY_HOUR, 0] == MEASURED).all()
    assert (out.source[FIRST_JULY_HOUR:, 0] == BILLED).all()
    np.testing.assert_allclose(out.values[FIRST_JULY_HOUR, 0], 7000.0 / 744, rtol=1e-12)
    np.testing.assert_array_equal(
        out.quantity_by_source(), [[8_688.0, 57_000.0, 0.0, 0.0]]
    )  # measured, billed, imputed, extrapolated
    assert source_counts(out.source).tolist() == [[4344, 4416, 0, 0]]
    assert source_counts(out.month_source).tolist() == [[6, 6, 0, 0]]


def test_partial_month_with_a_bill_spreads_bill_minus_metered_by_weight() -> None:
    measured = _one(1.0, slice(0, 12))
    measured[100:200, 0] = np.nan  # 100 January hours missing; 644 metered kWh
    weights = np.where(np.arange(8760) % 2 == 0, 1.0, 3.0)[:, None]  # even hours 1, odd 3
    bills = np.full((12, 1), np.nan)
    bills[0, 0] = 844.0  # 200 kWh for the 100 missing hours (50 even, 50 odd: weight 200)
    out = completed_hourly(measured, bills, weights, MONTH)
    np.testing.assert_allclose(out.values[100:102, 0], [1.0, 3.0], rtol=1e-12)  # 200/200 per w
    assert out.values[:744, 0].sum() == pytest.approx(844.0, rel=1e-12)
    assert out.month_source[:, 0].tolist() == [BILLED] + [MEASURED] * 11
    assert source_sums(out.values, out.source)[0] == pytest.approx([8016 + 644, 200, 0, 0])


def test_month_without_bill_is_imputed_at_its_own_level() -> None:
    measured = _one(None, slice(0, 12))
    measured[:240, 0] = 4.0  # first 10 days of January metered, 4 kWh each
    measured[744:, 0] = 1.0  # February-December metered
    weights = np.where(np.arange(8760) % 2 == 0, 1.0, 3.0)[:, None]
    out = completed_hourly(measured, np.full((12, 1), np.nan), weights, MONTH)
    # level = 960 kWh / (120 × 1 + 120 × 3) = 2 kWh per unit weight
    np.testing.assert_allclose(out.values[240:242, 0], [2.0, 6.0], rtol=1e-12)
    # January = 2 × Σ weights of its 744 hours = 2 × (372 + 3 × 372) = 2,976 kWh
    assert out.month_total[0, 0] == pytest.approx(2_976.0, rel=1e-12)
    assert out.month_source[0, 0] == IMPUTED
    with pytest.raises(ValueError, match="column 0 month 1: the data has gaps"):
        completed_hourly(measured, np.full((12, 1), np.nan), weights, MONTH, impute=False)


def test_eleven_bills_extrapolate_the_twelfth_by_time() -> None:
    bills = np.full((12, 1), 100.0)
    bills[11, 0] = np.nan  # no December bill
    measured = np.full((8760, 1), np.nan)
    with pytest.raises(ValueError) as caught:
        completed_hourly(measured, bills, np.ones_like(measured), MONTH, names=["A gas"])
    assert (
        str(caught.value) == "A gas month 12: the data has gaps but no monthly total to fill them"
    )
    out = completed_hourly(measured, bills, np.ones_like(measured), MONTH, extrapolate=True)
    # 1,100 over the 8,016 hours of January-November, carried over December's 744 hours
    assert out.month_total[11, 0] == pytest.approx(1_100.0 * 744 / 8_016, rel=1e-12)
    assert out.month_total.sum() == pytest.approx(1_100.0 * 8_760 / 8_016, rel=1e-12)
    assert out.month_source[:, 0].tolist() == [BILLED] * 11 + [EXTRAPOLATED]


def test_extrapolation_follows_the_weights() -> None:
    measured = _one(1.0, slice(0, 6))  # January-June metered, 1 per hour
    weights = np.where(MONTH >= 7, 2.0, 1.0)[:, None]  # the shape says: twice as much later
    out = completed_hourly(measured, np.full((12, 1), np.nan), weights, MONTH, extrapolate=True)
    # level = 4,344 / 4,344 weight = 1 per unit weight → 2 per hour July-December
    assert (out.values[FIRST_JULY_HOUR:, 0] == 2.0).all()
    assert out.quantity_by_source()[0] == pytest.approx([4_344, 0, 0, 2 * 4_416], rel=1e-12)


def test_bill_below_its_metered_hours_is_an_error() -> None:
    measured = _one(1.0, slice(0, 12))
    measured[0, 0] = np.nan
    bills = np.full((12, 1), np.nan)
    bills[0, 0] = 700.0  # January's 743 metered hours already hold 743
    with pytest.raises(ValueError) as caught:
        completed_hourly(measured, bills, np.ones_like(measured), MONTH, names=["A electricity"])
    assert str(caught.value).startswith(
        "A electricity month 1: measured hours exceed the monthly total by 43.000"
    )


def test_zero_is_a_reading_and_a_fully_metered_month_ignores_its_bill() -> None:
    measured = np.zeros((8760, 1))
    bills = np.full((12, 1), 5.0)
    out = completed_hourly(measured, bills, np.ones_like(measured), MONTH)
    assert (out.values == 0).all() and (out.source == MEASURED).all()
    assert out.month_total.sum() == 0.0


@pytest.mark.parametrize("mixed", [False, True])
def test_source_sums_and_counts_by_hand(mixed: bool) -> None:
    values = np.arange(12.0).reshape(6, 2)
    source = np.full((6, 2), MEASURED, dtype=np.int8)
    if mixed:
        source[4:, 1] = IMPUTED
    by_hand_sums = [
        [np.sum(values[:, s], where=source[:, s] == c) for c in FILLED_CODES] for s in range(2)
    ]
    by_hand_counts = [[int(np.sum(source[:, s] == c)) for c in FILLED_CODES] for s in range(2)]
    assert source_sums(values, source, FILLED_CODES).tolist() == by_hand_sums
    assert source_counts(source, FILLED_CODES).tolist() == by_hand_counts
    missing = np.full((6, 2), MISSING, dtype=np.int8)  # no code it sums
    assert source_sums(values, missing).tolist() == [[0.0] * 4] * 2
