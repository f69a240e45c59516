"""Hourly delivery shapes for green-power contracts (绿电交易 / PPA).

A contract states a volume (annual, or twelve monthly values) and a delivery shape. The
shape only distributes that volume over hours; every month (or the year) keeps its
contracted total exactly.

Wind shape assumption (documented, not a factor): relative wind power, the cube of the
weather's wind speed raised from 10 m to a 100 m hub with the power-law shear exponent 1/7,
capped at a generic turbine's rated speed (12 m/s) and zero from its cut-out (25 m/s) up.

Basis of the constants (none is in greenpark's reference tables):

- shear exponent 1/7: the classic power-law exponent for neutral atmospheric stability over
  open land (the "one-seventh power law");
- hub height 100 m, rated speed 12 m/s, cut-out 25 m/s: typical values of generic modern
  onshore turbines, chosen by greenpark as assumptions, not taken from a particular turbine
  or from the contracted wind farm.
There is deliberately no cut-in speed: the wind farm is usually far from the park and windier
than the park's weather station, so the park's wind only says *when* it blows harder, not
whether a turbine turns. A settled contract should give ``monthly_mwh`` or a profile file.
When the weather has no wind at all, the shape falls back to flat and the caller is told.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from greenpark.core.allocation import month_totals

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

RATED_M_S = 12.0  # generic turbine rated speed (assumption)
CUT_OUT_M_S = 25.0  # generic turbine cut-out speed, hub height (assumption)
HUB_HEIGHT_M = 100.0  # generic hub height (assumption)
MEASURED_HEIGHT_M = 10.0  # standard anemometer height of weather files
SHEAR_EXPONENT = 1.0 / 7.0  # neutral-stability power law (classic 1/7)


def wind_power_fraction(wind_speed_10m_m_s: FloatArray) -> FloatArray:
    """Relative wind power per hour [0-1 of rated], see the module docstring."""
    hub = np.asarray(wind_speed_10m_m_s, dtype=float) * (HUB_HEIGHT_M / MEASURED_HEIGHT_M) ** (
        SHEAR_EXPONENT
    )
    fraction = np.minimum(hub / RATED_M_S, 1.0) ** 3
    return np.where(hub >= CUT_OUT_M_S, 0.0, fraction)


def shaped_delivery_kwh(
    shape: FloatArray,
    month_of_hour: IntArray,
    *,
    annual_kwh: float | None = None,
    monthly_kwh: FloatArray | None = None,
) -> FloatArray:
    """Spread a contracted volume over hours in proportion to ``shape``.

    Parameters
    ----------
    shape
        Non-negative weight per hour (H,); e.g. a per-kWp PV profile, wind fraction, ones.
    month_of_hour
        Month 1-12 of every hour (H,).
    annual_kwh
        Contracted annual volume [kWh]; spread over the year by ``shape``.
    monthly_kwh
        Twelve contracted monthly volumes [kWh]; each spread over its month.

    Returns
    -------
    numpy.ndarray
        Delivery per hour [kWh] (H,). A month whose shape is all zero gets a flat spread.
    """
    if (annual_kwh is None) == (monthly_kwh is None):
        raise ValueError("give exactly one of annual_kwh or monthly_kwh")
    weights = np.asarray(shape, dtype=float)
    if np.any(weights < 0) or not np.all(np.isfinite(weights)):
        raise ValueError("a delivery shape must be finite and non-negative")
    if annual_kwh is not None:
        total = weights.sum()
        return annual_kwh * (
            weights / total if total > 0 else np.full_like(weights, 1 / weights.size)
        )
    index = np.asarray(month_of_hour) - 1
    volumes = np.asarray(monthly_kwh, dtype=float)
    month_weight = month_totals(weights, month_of_hour)[index]
    flat = month_weight <= 0
    month_hours = month_totals(np.ones(weights.size), month_of_hour)[index]
    denominator = np.where(flat, month_hours, month_weight)
    numerator = np.where(flat, 1.0, weights)
    return volumes[index] * numerator / denominator
