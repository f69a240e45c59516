"""Energy consumption [kgce] on three bases, each by 当量值 and 等价值, and energy intensities.

Every total converts electricity two ways, side by side, because the 910号 annexes do not say
which applies and energy-review practice reports both (assessment-criteria §1.1 (c), §6 item 4;
rules-review-2026 R5): by 当量值 (``calorific``, 0.1229 kgce/kWh, GB/T 2589 Annex A) and by
等价值 (``primary``, the caller's coefficient, e.g. 0.31). Heat has no 等价值 in GB/T 2589: it
is converted by its 当量值 (34.12 kgce/GJ) in both, so the ``primary`` totals are "electricity
等价值 only" (rules-review-2026 §1.2, ``coal_equiv.heat_purchased.calorific``).

The three totals per enterprise (rules-review-2026 R5):

- **GB/T 2589 综合能耗** (``gbt2589``): all energy the enterprise consumed — fuels burnt, fuels
  used as feedstock (原料用能), purchased electricity (grid, including contract and certificate
  power), self-consumed on-site and park-shared renewable electricity, purchased heat — minus
  heat and electricity it supplied to others from counted energy. GB/T 2589-2020 §4 counts
  "用能单位实际消耗的各种能源" [B]; self-generated PV that is used is consumed energy.
  Renewable electricity is converted like grid electricity: by 当量值 and, at 等价值, by the
  generation coal-consumption method national statistics use for primary electricity
  (发电煤耗计算法, rules-review-2026 R5 [C]).
- **能耗双控 basis** (``dual_control``): the GB/T 2589 total minus non-fossil electricity evidenced
  by certificates (发改环资〔2024〕113号: "非化石能源不纳入能源消耗总量和强度调控", certificate
  electricity counts, no double deduction [A]) and minus feedstock energy (发改环资〔2022〕803号,
  原料用能不纳入能源消费总量控制 [C, number from memory]).
- **910号 denominator**: the park's sum of GB/T 2589 totals (:mod:`greenpark.core.park910`).
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
CONVERSIONS = ("calorific", "primary")  # 当量值, 等价值


@dataclass(frozen=True)
class ByConversion:
    """One quantity [kgce] with electricity by 当量值 (``calorific``) and by 等价值 (``primary``)."""

    calorific: FloatArray
    primary: FloatArray

    def __add__(self, other: ByConversion) -> ByConversion:
        return ByConversion(self.calorific + other.calorific, self.primary + other.primary)

    def __sub__(self, other: ByConversion) -> ByConversion:
        return ByConversion(self.calorific - other.calorific, self.primary - other.primary)

    def sum(self) -> ByConversion:
        """Summed over enterprises (the park)."""
        return ByConversion(np.asarray(self.calorific.sum()), np.asarray(self.primary.sum()))

    def get(self, conversion: str) -> FloatArray:
        """``calorific`` or ``primary``."""
        return self.calorific if conversion == "calorific" else self.primary


@dataclass(frozen=True)
class Coefficients:
    """Standard-coal coefficients of electricity and heat."""

    electricity_primary_kgce_per_kwh: float
    electricity_calorific_kgce_per_kwh: float = ELECTRICITY_CALORIFIC_KGCE_PER_KWH
    heat_kgce_per_gj: float = HEAT_KGCE_PER_GJ

    def electricity(self, kwh: npt.ArrayLike) -> ByConversion:
        """Electricity [kWh] in standard coal by both conversions."""
        energy = np.asarray(kwh, dtype=np.float64)
        return ByConversion(
            energy * self.electricity_calorific_kgce_per_kwh,
            energy * self.electricity_primary_kgce_per_kwh,
        )

    def same(self, kgce: npt.ArrayLike) -> ByConversion:
        """Energy that converts the same way in both (fuels, heat) [kgce]."""
        value = np.asarray(kgce, dtype=np.float64)
        return ByConversion(value, value.copy())

    def heat(self, gj: npt.ArrayLike) -> ByConversion:
        """Heat [GJ] by its 当量值 in both (GB/T 2589 gives heat no 等价值)."""
        return self.same(np.asarray(gj, dtype=np.float64) * self.heat_kgce_per_gj)


@dataclass(frozen=True)
class EnergyTotals:
    """Energy per enterprise [kgce] (E,): the parts and the three totals.

    ``exported`` is heat and electricity supplied to others (outside the park or to park
    enterprises); ``certified_nonfossil`` the certificate-evidenced non-fossil electricity the
    能耗双控 basis leaves out.
    """

    fuel_kgce: FloatArray
    feedstock_kgce: FloatArray
    heat: ByConversion
    grid: ByConversion
    onsite_renewable: ByConversion
    exported: ByConversion
    certified_nonfossil: ByConversion
    gbt2589: ByConversion
    dual_control: ByConversion

    @property
    def consumed(self) -> ByConversion:
        """Everything consumed, before deducting what was supplied to others [kgce]."""
        return self.gbt2589 + self.exported


def fuel_kgce(fuel_activity: npt.ArrayLike, fuel_kgce_per_unit: npt.ArrayLike) -> FloatArray:
    """Standard coal of fuels [kgce] (E,): Σ_fuels activity [kg or m³] × coefficient [kgce/unit]."""
    product = np.asarray(fuel_activity, dtype=np.float64) * np.asarray(
        fuel_kgce_per_unit, dtype=np.float64
    )
    total: FloatArray = product.sum(axis=-1)
    return total


def energy_totals_kgce(
    *,
    fuel_kgce: npt.ArrayLike,
    feedstock_kgce: npt.ArrayLike,
    grid_import_kwh: npt.ArrayLike,
    onsite_renewable_kwh: npt.ArrayLike,
    certified_nonfossil_kwh: npt.ArrayLike,
    purchased_heat_gj: npt.ArrayLike,
    exported_heat_gj: npt.ArrayLike,
    exported_electricity_kwh: npt.ArrayLike,
    coefficients: Coefficients,
) -> EnergyTotals:
    """The three energy totals per enterprise [kgce], by 当量值 and by 等价值.

    Parameters
    ----------
    fuel_kgce, feedstock_kgce
        Fuels burnt and fuels used as feedstock (E,) [kgce] (see :func:`fuel_kgce`).
    grid_import_kwh
        Electricity bought from the grid (E,) [kWh], contract and certificate power included.
    onsite_renewable_kwh
        Self-consumed on-site PV (with storage discharge of PV) and park-shared PV received
        (E,) [kWh]; PV exported or shared out is not the producer's consumption.
    certified_nonfossil_kwh
        Non-fossil electricity the enterprise holds certificates for (E,) [kWh]: on-site PV
        whose certificates it keeps, park-shared green PV, contracts with bundled certificates,
        unbundled certificates; never more than it consumed.
    purchased_heat_gj, exported_heat_gj
        Heat (and steam as heat) bought and supplied to others (E,) [GJ].
    exported_electricity_kwh
        Electricity supplied to others from counted energy (E,) [kWh] (a fuel-fired unit);
        not PV surplus.
    coefficients
        Electricity 当量值 and 等价值 and the heat coefficient.
    """
    c = coefficients
    fuel, feedstock = np.asarray(fuel_kgce, np.float64), np.asarray(feedstock_kgce, np.float64)
    heat = c.heat(purchased_heat_gj)
    grid = c.electricity(grid_import_kwh)
    onsite = c.electricity(onsite_renewable_kwh)
    exported = c.heat(exported_heat_gj) + c.electricity(exported_electricity_kwh)
    certified = c.electricity(certified_nonfossil_kwh)
    gbt2589 = c.same(fuel + feedstock) + heat + grid + onsite - exported
    return EnergyTotals(
        fuel_kgce=fuel,
        feedstock_kgce=feedstock,
        heat=heat,
        grid=grid,
        onsite_renewable=onsite,
        exported=exported,
        certified_nonfossil=certified,
        gbt2589=gbt2589,
        dual_control=gbt2589 - c.same(feedstock) - certified,
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
