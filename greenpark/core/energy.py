"""Comprehensive energy consumption (综合能耗, GB/T 2589) [kgce] and energy intensities.

Total = Σ fuels × coefficient + purchased (grid) electricity × coefficient + purchased heat
× 34.12 kgce/GJ − exported energy converted the same way. Electricity is converted both by
当量值 (calorific, 0.1229 kgce/kWh) and by 等价值 (primary-energy, the caller's coefficient,
e.g. 0.31), side by side, because the 910号 annexes do not say which one applies
(assessment-criteria §1.1 (c), §6 item 4).

On-site renewable electricity (self-consumed PV, including park-shared PV): excluded from the
total and reported as a separate memo line at 当量值. Basis: 发改环资〔2024〕113号 — non-fossil
energy is excluded from energy-consumption totals (china-factors §6); the GB/T 2589-2020 clause
itself was not available to the project. Because PV input is outside the total, exported PV
surplus is outside it too: pass as ``exported_electricity_kwh`` only electricity generated
from energy that is counted (e.g. a fuel-fired CHP unit).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
Denominator = FloatArray | Sequence[float | None] | float | None

ELECTRICITY_CALORIFIC_KGCE_PER_KWH = 0.1229  # GB/T 2589 电力当量值 (3,600 kJ/kWh) [A]
HEAT_KGCE_PER_GJ = 34.12  # GB/T 2589 热力当量值 0.03412 kgce/MJ [A]


@dataclass(frozen=True)
class ComprehensiveEnergy:
    """GB/T 2589 comprehensive energy consumption per enterprise [kgce] (E,).

    ``*_calorific_*`` use the electricity 当量值, ``*_primary_*`` the 等价值; fuels and heat are
    the same in both. ``onsite_renewable_memo_kgce`` is a memo line, not in either total.
    """

    fuels_kgce: FloatArray
    electricity_calorific_kgce: FloatArray
    electricity_primary_kgce: FloatArray
    heat_kgce: FloatArray
    exported_calorific_kgce: FloatArray
    exported_primary_kgce: FloatArray
    total_calorific_kgce: FloatArray
    total_primary_kgce: FloatArray
    onsite_renewable_memo_kgce: FloatArray


def fuel_kgce(fuel_activity: npt.ArrayLike, fuel_kgce_per_unit: npt.ArrayLike) -> FloatArray:
    """Standard coal of fuels [kgce] (E,): Σ_fuels activity [kg or m³] × coefficient [kgce/unit]."""
    product = np.asarray(fuel_activity, dtype=np.float64) * np.asarray(
        fuel_kgce_per_unit, dtype=np.float64
    )
    total: FloatArray = product.sum(axis=-1)
    return total


def comprehensive_energy_kgce(
    *,
    fuel_activity: npt.ArrayLike,
    fuel_kgce_per_unit: npt.ArrayLike,
    grid_import_kwh: npt.ArrayLike,
    electricity_primary_kgce_per_kwh: float,
    purchased_heat_gj: npt.ArrayLike,
    exported_heat_gj: npt.ArrayLike,
    exported_electricity_kwh: npt.ArrayLike,
    onsite_renewable_kwh: npt.ArrayLike,
    electricity_calorific_kgce_per_kwh: float = ELECTRICITY_CALORIFIC_KGCE_PER_KWH,
    heat_kgce_per_gj: float = HEAT_KGCE_PER_GJ,
) -> ComprehensiveEnergy:
    """Comprehensive energy consumption [kgce] per enterprise, by 当量值 and by 等价值.

    Parameters
    ----------
    fuel_activity, fuel_kgce_per_unit
        Fuel use (E, fuels) [kg or m³] and GB/T 2589 coefficients [kgce/unit], broadcastable.
    grid_import_kwh
        Purchased electricity (E,) [kWh].
    electricity_primary_kgce_per_kwh
        等价值 coefficient [kgce/kWh] (no fixed value; e.g. 0.31 in DB37/T 2672-2019).
    purchased_heat_gj, exported_heat_gj
        Heat (and steam as heat) bought and supplied to others (E,) [GJ].
    exported_electricity_kwh
        Electricity supplied to others from counted energy (E,) [kWh]; not PV surplus.
    onsite_renewable_kwh
        Self-consumed on-site and park-shared renewable electricity (E,) [kWh], memo only.
    """
    fuels = fuel_kgce(fuel_activity, fuel_kgce_per_unit)
    grid = np.asarray(grid_import_kwh, dtype=np.float64)
    exported_kwh = np.asarray(exported_electricity_kwh, dtype=np.float64)
    heat = np.asarray(purchased_heat_gj, dtype=np.float64) * heat_kgce_per_gj
    exported_heat = np.asarray(exported_heat_gj, dtype=np.float64) * heat_kgce_per_gj
    exported_calorific = exported_heat + exported_kwh * electricity_calorific_kgce_per_kwh
    exported_primary = exported_heat + exported_kwh * electricity_primary_kgce_per_kwh
    calorific = grid * electricity_calorific_kgce_per_kwh
    primary = grid * electricity_primary_kgce_per_kwh
    return ComprehensiveEnergy(
        fuels_kgce=fuels,
        electricity_calorific_kgce=calorific,
        electricity_primary_kgce=primary,
        heat_kgce=heat,
        exported_calorific_kgce=exported_calorific,
        exported_primary_kgce=exported_primary,
        total_calorific_kgce=fuels + calorific + heat - exported_calorific,
        total_primary_kgce=fuels + primary + heat - exported_primary,
        onsite_renewable_memo_kgce=np.asarray(onsite_renewable_kwh, dtype=np.float64)
        * electricity_calorific_kgce_per_kwh,
    )


def _denominator_array(values: Denominator) -> FloatArray:
    if values is None:
        return np.asarray(np.nan)
    if isinstance(values, np.ndarray | float | int):
        return np.asarray(values, dtype=np.float64)
    return np.array([np.nan if v is None else v for v in values], dtype=np.float64)


def intensity_per_unit(numerator: npt.ArrayLike, denominator: Denominator) -> FloatArray:
    """numerator ÷ denominator, element-wise; NaN where the denominator is missing or ≤ 0."""
    top = np.asarray(numerator, dtype=np.float64)
    bottom = _denominator_array(denominator)
    out: FloatArray = np.full(np.broadcast(top, bottom).shape, np.nan)
    np.divide(top, bottom, out=out, where=np.nan_to_num(bottom, nan=0.0) > 0)
    return out


@dataclass(frozen=True)
class EnergyIntensities:
    """Energy intensities (E,) or scalar; NaN where the denominator is missing or zero."""

    kgce_per_wan_cny_output_value: FloatArray
    kgce_per_wan_cny_value_added: FloatArray
    kgce_per_mu: FloatArray
    kgce_per_product_unit: FloatArray


def energy_intensities(
    energy_kgce: npt.ArrayLike,
    *,
    output_value_wan_cny: Denominator = None,
    value_added_wan_cny: Denominator = None,
    land_mu: Denominator = None,
    product_units: Denominator = None,
) -> EnergyIntensities:
    """Energy use [kgce] per 万元 output value, per 万元 value added, per 亩 and per product unit.

    ``product_units`` is the output of one product per enterprise in its own unit; give None
    where an enterprise has several products (its energy is not split between them here).
    """
    return EnergyIntensities(
        kgce_per_wan_cny_output_value=intensity_per_unit(energy_kgce, output_value_wan_cny),
        kgce_per_wan_cny_value_added=intensity_per_unit(energy_kgce, value_added_wan_cny),
        kgce_per_mu=intensity_per_unit(energy_kgce, land_mu),
        kgce_per_product_unit=intensity_per_unit(energy_kgce, product_units),
    )
