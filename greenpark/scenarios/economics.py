"""Money of a scenario, pure numpy: bills by tariff period, cash flows, NPV, IRR, LCOE and
abatement cost. No I/O, no text; amounts in CNY, energy in kWh, emissions in kg or t as named.

Cash flows are yearly, year 0 the investment (negative), years 1..N the net yearly flow
(bill savings and export revenue less opex and purchases), discounted at a stated real rate:
``NPV = sum_t flow_t / (1 + r)^t``. IRR is the rate where NPV is zero, found by bisection;
a flow without one sign change has no IRR (None).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
#: tariff periods in the order of :func:`greenpark.core.tariff.period_of_hour` codes
PERIODS = ("flat", "peak", "valley", "critical_peak", "deep_valley")
#: the fourth regulatory period's rule (from 2026-08-01; reference china-factors §7c [B]):
#: in a month with at least this use per kVA of transformer capacity [kWh/kVA] ...
HIGH_USE_KWH_PER_KVA = 260.0
#: ... the demand charge is this share of its rate [-]
HIGH_USE_DEMAND_FACTOR = 0.9
_IRR_LOW, _IRR_HIGH, _IRR_STEPS = -0.99, 10.0, 200


def energy_charges_cny(
    grid_import_kwh: FloatArray, price_cny_per_kwh: FloatArray, period: npt.NDArray[np.int64]
) -> FloatArray:
    """Energy charges by enterprise and tariff period [CNY] (E, len(PERIODS)).

    Parameters
    ----------
    grid_import_kwh : array (H, E)
        Electricity bought from the grid each hour [kWh].
    price_cny_per_kwh : array (H,)
        Grid price of each hour [CNY/kWh].
    period : array (H,)
        Each hour's period code (index into :data:`PERIODS`).
    """
    charged = np.asarray(grid_import_kwh, dtype=float) * price_cny_per_kwh[:, None]
    one_hot = period[:, None] == np.arange(len(PERIODS))[None, :]
    return np.asarray(charged.T @ one_hot.astype(float), dtype=float)


def _by_month(
    values: FloatArray, month: npt.NDArray[np.int64], how: Callable[..., FloatArray]
) -> FloatArray:
    """Per calendar month (12, ...) ``how`` (``np.max``, ``np.sum``, ``np.mean``) of
    ``values`` over its hours, along the hours (0 for a month without hours)."""
    found = np.zeros((12, *values.shape[1:]))
    for m in range(12):
        chosen = values[month == m + 1]
        if len(chosen):
            found[m] = how(chosen, axis=0)
    return found


def demand_charges_cny(
    grid_import_kwh: FloatArray,
    month: npt.NDArray[np.int64],
    rate_cny_per_kw_month: FloatArray,
    discounted: npt.NDArray[np.bool_],
    transformer_kva: FloatArray,
) -> FloatArray:
    """Demand charges by enterprise [CNY] (E,): each month, its highest hourly grid import
    [kW] × the month's rate.

    The month's rate is the mean over its hours of the rate in force (a tariff changing
    within a month counts by its share of the month's hours); hours of a tariff with the
    high-use discount count at :data:`HIGH_USE_DEMAND_FACTOR` of their rate in a month whose
    grid import reaches :data:`HIGH_USE_KWH_PER_KVA` per kVA (enterprises with capacity 0
    never do).

    Parameters
    ----------
    grid_import_kwh : array (H, E)
        Hourly grid import [kWh], so each hour's mean demand [kW].
    month : array (H,)
        Calendar month of each hour (1-12).
    rate_cny_per_kw_month, discounted : arrays (H,)
        The demand rate in force [CNY/(kW·month)], whether its tariff has the discount.
    transformer_kva : array (E,)
        Transformer capacity [kVA]; 0 where not given.
    """
    grid = np.asarray(grid_import_kwh, dtype=float)
    peak_kw = _by_month(grid, month, np.max)
    per_kva = np.divide(
        _by_month(grid, month, np.sum),
        transformer_kva[None, :],
        out=np.zeros_like(peak_kw),
        where=transformer_kva[None, :] > 0,
    )
    full = _by_month(rate_cny_per_kw_month, month, np.mean)[:, None]
    cut = np.where(discounted, HIGH_USE_DEMAND_FACTOR, 1.0) * rate_cny_per_kw_month
    reduced = _by_month(cut, month, np.mean)[:, None]
    rate = np.where(per_kva >= HIGH_USE_KWH_PER_KVA, reduced, full)
    return np.asarray((peak_kw * rate).sum(axis=0), dtype=float)


def capacity_charges_cny(
    month: npt.NDArray[np.int64], rate_cny_per_kva_month: FloatArray, transformer_kva: FloatArray
) -> FloatArray:
    """Capacity charges by enterprise [CNY] (E,): each month's rate (mean over its hours)
    × the transformer capacity [kVA]; months without hours cost nothing."""
    monthly = _by_month(rate_cny_per_kva_month, month, np.mean)
    return np.asarray(monthly.sum() * transformer_kva, dtype=float)


def cash_flows_cny(capex_cny: float, yearly_net_cny: float, years: int) -> FloatArray:
    """Year 0 ``-capex``, then ``years`` equal yearly net flows [CNY] (years + 1,)."""
    flows = np.full(years + 1, yearly_net_cny, dtype=float)
    flows[0] = -capex_cny
    return flows


def npv_cny(flows_cny: FloatArray, rate_fraction: float) -> float:
    """Net present value of yearly flows (year 0 first) at ``rate_fraction`` [CNY]."""
    years = np.arange(len(flows_cny))
    return float(np.sum(flows_cny / (1.0 + rate_fraction) ** years))


def irr_fraction(flows_cny: FloatArray) -> float | None:
    """Internal rate of return [-], None when NPV does not change sign on (-0.99, 10)."""
    low, high = _IRR_LOW, _IRR_HIGH
    npv_low, npv_high = npv_cny(flows_cny, low), npv_cny(flows_cny, high)
    if npv_low == 0.0:
        return low
    if np.sign(npv_low) == np.sign(npv_high):
        return None
    for _ in range(_IRR_STEPS):
        middle = (low + high) / 2.0
        npv_middle = npv_cny(flows_cny, middle)
        if np.sign(npv_middle) == np.sign(npv_low):
            low, npv_low = middle, npv_middle
        else:
            high = middle
    return (low + high) / 2.0


def simple_payback_years(capex_cny: float, yearly_net_cny: float) -> float | None:
    """Years until the yearly net flow repays the investment; None without a positive flow
    or without an investment."""
    if capex_cny <= 0.0 or yearly_net_cny <= 0.0:
        return None
    return capex_cny / yearly_net_cny


def capital_recovery_factor(rate_fraction: float, years: int) -> float:
    """Share of an investment repaid each year over ``years`` at ``rate_fraction`` [1/year]."""
    if rate_fraction == 0.0:
        return 1.0 / years
    growth = (1.0 + rate_fraction) ** years
    return rate_fraction * growth / (growth - 1.0)


def lcoe_cny_per_kwh(
    capex_cny: float,
    opex_cny_per_year: float,
    kwh_per_year: float,
    rate_fraction: float,
    years: int,
) -> float | None:
    """Levelised cost of energy [CNY/kWh]: discounted costs over discounted energy (equal
    yearly energy and opex); None without energy."""
    if kwh_per_year <= 0.0:
        return None
    discount = 1.0 / (1.0 + rate_fraction) ** np.arange(1, years + 1)
    costs = capex_cny + opex_cny_per_year * float(discount.sum())
    return costs / (kwh_per_year * float(discount.sum()))


def annualised_cost_cny(
    capex_cny: float, yearly_net_cny: float, rate_fraction: float, years: int
) -> float:
    """Equivalent yearly cost [CNY]: the investment's annuity less the yearly net flow."""
    return capex_cny * capital_recovery_factor(rate_fraction, years) - yearly_net_cny


def abatement_cost_cny_per_t(annualised_cny: float, abated_co2_kg: float) -> float | None:
    """Cost of avoiding one tonne CO2 [CNY/tCO2]; None when nothing is abated."""
    if abated_co2_kg <= 0.0:
        return None
    return annualised_cny / (abated_co2_kg / 1000.0)
