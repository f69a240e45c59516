"""Pro-rata helpers: zero-filled ratios and calendar-month totals."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from greenpark.core.allocation import allocated, month_totals, ratio_or_zero


def test_ratio_or_zero_fills_empty_pools_with_zero() -> None:
    shares = ratio_or_zero(np.array([[1.0, 2.0], [3.0, 0.0]]), np.array([4.0, 0.0]))
    np.testing.assert_array_equal(shares, [[0.25, 0.0], [0.75, 0.0]])
    assert ratio_or_zero(5.0, -1.0) == 0.0  # a negative pool gives nothing either
    assert ratio_or_zero(np.nan, 0.0) == 0.0


def test_month_totals_of_a_year_and_of_unsorted_hours() -> None:
    hours = pd.date_range("2025-01-01", periods=8760, freq="h")
    values = np.arange(8760.0)[:, None] * [1.0, 2.0]
    expected = pd.DataFrame(values, index=hours).groupby(hours.month).sum().to_numpy()
    np.testing.assert_allclose(month_totals(values, hours.month), expected, rtol=1e-12)
    order = np.random.default_rng(0).permutation(8760)
    np.testing.assert_allclose(
        month_totals(values[order], hours.month[order]), expected, rtol=1e-12
    )
    assert month_totals(np.ones(3), [2, 2, 5]).tolist() == [0, 2, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]


def test_a_nan_only_spoils_its_own_month() -> None:
    totals = month_totals(np.array([1.0, np.nan, 2.0]), np.array([1, 2, 3]))
    assert totals[0] == 1.0 and np.isnan(totals[1]) and totals[2] == 2.0


@given(
    arrays(np.float64, 50, elements=st.floats(0, 1e6)),
    arrays(np.int64, 50, elements=st.integers(1, 12)),
)
def test_month_totals_conserve_the_sum(values: np.ndarray, months: np.ndarray) -> None:
    assert np.isclose(month_totals(values, months).sum(), values.sum(), rtol=1e-12)


def test_allocated_splits_in_proportion_and_adds_up() -> None:
    parts = allocated(2_400_000.0, [300.0, 100.0])
    np.testing.assert_allclose(parts, [1_800_000.0, 600_000.0])
    assert parts.sum() == 2_400_000.0


def test_allocated_gives_nothing_without_weights() -> None:
    np.testing.assert_array_equal(allocated(5.0, [0.0, 0.0]), [0.0, 0.0])
