"""Money functions against cash flows computed by hand."""

from __future__ import annotations

import numpy as np
import pytest

from greenpark.scenarios import economics as money

#: -1000 now, +300 a year for 5 years
FLOWS = np.array([-1000.0, 300.0, 300.0, 300.0, 300.0, 300.0])


def test_cash_flows_put_the_investment_in_year_zero() -> None:
    assert money.cash_flows_cny(1000.0, 300.0, 5).tolist() == FLOWS.tolist()


def test_npv_by_hand() -> None:
    by_hand = -1000 + 300 / 1.1 + 300 / 1.1**2 + 300 / 1.1**3 + 300 / 1.1**4 + 300 / 1.1**5
    assert money.npv_cny(FLOWS, 0.10) == pytest.approx(by_hand, rel=1e-12)
    assert money.npv_cny(FLOWS, 0.0) == pytest.approx(500.0)


def test_irr_by_hand() -> None:
    # -100 now, 121 in two years: 100 * 1.1**2 = 121, so the IRR is 10 %
    assert money.irr_fraction(np.array([-100.0, 0.0, 121.0])) == pytest.approx(0.10, abs=1e-9)
    rate = money.irr_fraction(FLOWS)
    assert rate is not None
    assert money.npv_cny(FLOWS, rate) == pytest.approx(0.0, abs=1e-6)
    assert rate == pytest.approx(0.152382, abs=1e-6)  # annuity tables: 5 years, factor 3.3333


def test_no_irr_without_a_sign_change() -> None:
    assert money.irr_fraction(np.array([-100.0, -5.0, -5.0])) is None
    assert money.irr_fraction(np.array([0.0, 5.0])) is None


def test_payback_and_capital_recovery() -> None:
    assert money.simple_payback_years(1000.0, 300.0) == pytest.approx(1000 / 300)
    assert money.simple_payback_years(1000.0, -1.0) is None
    assert money.simple_payback_years(0.0, 300.0) is None
    assert money.capital_recovery_factor(0.10, 5) == pytest.approx(0.1 * 1.1**5 / (1.1**5 - 1))
    assert money.capital_recovery_factor(0.0, 4) == 0.25


def test_lcoe_by_hand() -> None:
    discount = sum(1 / 1.1**t for t in range(1, 6))
    by_hand = (1000 + 10 * discount) / (100 * discount)
    assert money.lcoe_cny_per_kwh(1000.0, 10.0, 100.0, 0.10, 5) == pytest.approx(by_hand)
    assert money.lcoe_cny_per_kwh(1000.0, 10.0, 0.0, 0.10, 5) is None


def test_abatement_cost() -> None:
    annualised = money.annualised_cost_cny(1000.0, 100.0, 0.10, 5)
    assert annualised == pytest.approx(1000 * money.capital_recovery_factor(0.10, 5) - 100)
    assert money.abatement_cost_cny_per_t(500.0, 2000.0) == 250.0  # 500 CNY / 2 t
    assert money.abatement_cost_cny_per_t(-500.0, 2000.0) == -250.0  # a saving per tonne
    assert money.abatement_cost_cny_per_t(500.0, 0.0) is None


def test_energy_charges_sum_by_period() -> None:
    grid = np.array([[1.0, 2.0], [3.0, 0.0], [5.0, 1.0]])  # 3 hours, 2 enterprises
    price = np.array([0.5, 1.0, 0.2])
    period = np.array([0, 1, 0])  # flat, peak, flat
    charges = money.energy_charges_cny(grid, price, period)
    assert charges.shape == (2, len(money.PERIODS))
    assert charges[0].tolist() == [1 * 0.5 + 5 * 0.2, 3.0, 0.0, 0.0, 0.0]
    assert charges[1].tolist() == [2 * 0.5 + 1 * 0.2, 0.0, 0.0, 0.0, 0.0]
