"""Sizing a top-up after a re-run falls short (pure arithmetic)."""

from __future__ import annotations

import pytest

from greenpark.optimize.topup import MARGIN, MIN_YIELD, measured_yield, top_up_kwh


def test_a_top_up_is_the_shortfall_over_what_counts_plus_the_margin_in_whole_mwh() -> None:
    # 10,000 kWh missing, every kWh counts: 10,000 × 1.02 = 10,200 -> 11 MWh
    assert top_up_kwh(10_000.0, 1.0) == 1000.0 * 11
    # half of it counts: 20,400 -> 21 MWh
    assert top_up_kwh(10_000.0, 0.5) == 1000.0 * 21
    assert top_up_kwh(1000.0 / (1 + MARGIN), 1.0) == pytest.approx(1000.0)


def test_the_measured_yield_is_what_the_last_top_up_gained() -> None:
    assert measured_yield(10_000.0, 4_000.0, 12_000.0) == pytest.approx(0.5)
    assert measured_yield(10_000.0, -500.0, 10_000.0) == 1.0  # overshoot: capped at all
    # a top-up that gained (almost) nothing: buy no more
    assert measured_yield(10_000.0, 10_000.0 - MIN_YIELD * 999.0, 1000.0) is None
    assert measured_yield(10_000.0, 10_000.0, 1000.0) is None
