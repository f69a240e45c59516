"""Changes to metered use (``park.yaml`` ``adjustments:``): scaling and fuel-to-electricity.

Pure functions on the hourly electricity matrix (hours × enterprises) [kWh] and on annual
fuel totals per enterprise [canonical unit]. Fuels carry no hourly shape of their own (time
is their shape, :mod:`greenpark.pipeline.activity`), so scaling a fuel in some hours of the
day scales the share of its annual total that falls in those hours:
``new = total × (1 − f + f × scale)``, ``f`` = hours in the set ÷ hours of the year.

Electrification removes fuel and adds the electricity that gives the same useful heat:
``kWh = GJ removed × 10^6 / 3,600 × fuel efficiency ÷ COP`` (1 kWh = 3.6 MJ). The added
energy is spread over the year by a shape (flat, the enterprise's own electricity use, or 24
values repeated every day); a column whose shape sums to zero (no electricity use at all)
is spread flat.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
KWH_PER_GJ = 1e6 / 3600.0  # 1 kWh = 3.6 MJ (SI)


def hour_mask(hour_of_day: npt.NDArray[np.int64], hours_of_day: Sequence[int]) -> BoolArray:
    """Which hours of the year (H,) fall in ``hours_of_day`` (0-23; empty: every hour)."""
    if not hours_of_day:
        return np.ones(len(hour_of_day), dtype=bool)
    return np.isin(hour_of_day, np.asarray(hours_of_day, dtype=int))


def scaled_load_kwh(
    load_kwh: FloatArray, columns: BoolArray, hours: BoolArray, scale_factor: float
) -> FloatArray:
    """``load_kwh`` (H, E) with the cells of ``columns`` (E,) in ``hours`` (H,) × scale."""
    factor = np.where(hours[:, None] & columns[None, :], scale_factor, 1.0)
    return np.asarray(load_kwh, dtype=float) * factor


def scaled_total(
    total: FloatArray, columns: BoolArray, hour_share: float, scale_factor: float
) -> FloatArray:
    """Annual totals (E,) with the ``hour_share`` of the ``columns`` scaled (time as shape)."""
    factor = np.where(columns, 1.0 - hour_share + hour_share * scale_factor, 1.0)
    return np.asarray(total, dtype=float) * factor


def electrified_kwh(
    removed_gj: FloatArray, fuel_efficiency_fraction: float, cop: float
) -> FloatArray:
    """Electricity [kWh] giving the useful heat of ``removed_gj`` burnt at
    ``fuel_efficiency_fraction`` with a heat pump of ``cop`` (or an electric heater/kiln of
    that efficiency)."""
    return np.asarray(removed_gj, dtype=float) * KWH_PER_GJ * fuel_efficiency_fraction / cop


def shaped_kwh(annual_kwh: FloatArray, shape: FloatArray) -> FloatArray:
    """``annual_kwh`` (E,) spread over the hours by ``shape`` (H, E, non-negative weights);
    each column sums to its annual value (a column of zero weights is spread flat)."""
    weights = np.asarray(shape, dtype=float)
    totals = weights.sum(axis=0)
    flat = np.full_like(weights, 1.0 / len(weights))
    normalised = np.where(totals > 0, weights / np.where(totals > 0, totals, 1.0), flat)
    spread: FloatArray = normalised * np.asarray(annual_kwh, dtype=float)[None, :]
    return spread


def day_shape(hour_of_day: npt.NDArray[np.int64], weights_24: Sequence[float]) -> FloatArray:
    """A weight per hour of the year (H,) from 24 weights by hour of day."""
    weights: FloatArray = np.asarray(weights_24, dtype=float)[hour_of_day]
    return weights
