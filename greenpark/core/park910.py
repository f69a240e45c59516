"""The 发改环资〔2025〕910号 park basis: CO2, the energy denominator and the core indicator.

The core indicator 单位能耗碳排放 = park CO2 ÷ park 综合能源消费量 [t CO2/tce] (Annex 3; CO2 only,
energy and industrial processes; assessment-criteria §1.1: thresholds [A], definition [B]).

**CO2** (Annex 4 as two independent implementations quote it [B]): electricity that is not
green — grid import not covered by contracts or certificates, plus PV consumed whose
certificates were sold — × the run's electricity factor (the annex's printed 0.8325 or the
newest fossil-only factor); non-fossil direct supply, 绿电 and 绿证 count 0; purchased heat ×
0.11 tCO2/GJ unless measured; Scope 1 CO2 (fuels burnt and process CO2; feedstock carbon is
not combustion CO2).

**Denominator** (rules-review-2026 R1): the park's comprehensive energy consumption including
self-consumed on-site and park-shared renewable electricity — the park sum of the enterprises'
GB/T 2589 totals (:mod:`greenpark.core.energy`), by 当量值 and by 等价值. Leaving PV out, as
before, made the indicator rise as a park built PV; with it in, the same MWh from own PV or
from certificates gives the same indicator.

**Exports** (R6): heat and electricity supplied to others are deducted from CO2 at the factor
that prices the same energy bought, and from energy at the same coefficients, so numerator and
denominator treat them alike. Supplies to another park enterprise are intra-park transfers: the
receiver counts them as bought and the supplier deducts them, so they net to zero in the park;
boundary exports leave it. Both are reported apart, gross and net. Whether the annex deducts
exports at all is unconfirmed [C].

**Size tiers** use the same denominator as the indicator, at each conversion: 200,000–
1,000,000 tce → ≤ 0.20, ≥ 1,000,000 tce → ≤ 0.30 (910号 [A], passed in as data). Below the
lowest tier no national threshold is published; the lowest limit is shown for reference.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from greenpark.core.energy import ByConversion, Coefficients

#: (lower bound [kgce], upper bound [kgce] or None, limit [t CO2/tce]); lower inclusive
Tier = tuple[float, float | None, float]


@dataclass(frozen=True)
class Supplies:
    """Park totals of heat [GJ] and electricity [kWh] supplied to others from counted energy."""

    boundary_heat_gj: float = 0.0
    boundary_electricity_kwh: float = 0.0
    in_park_heat_gj: float = 0.0
    in_park_electricity_kwh: float = 0.0


@dataclass(frozen=True)
class Park910Co2:
    """Park CO2 on the 910号 basis [kg]: gross parts, what supplies take off, and net totals."""

    electricity_gross_co2_kg: float
    electricity_exported_co2_kg: float
    electricity_in_park_co2_kg: float
    heat_gross_co2_kg: float
    heat_exported_co2_kg: float
    heat_in_park_co2_kg: float
    scope1_co2_kg: float

    @property
    def electricity_co2_kg(self) -> float:
        """Net electricity CO2 [kg] (gross − boundary exports − intra-park supplies)."""
        return (
            self.electricity_gross_co2_kg
            - self.electricity_exported_co2_kg
            - self.electricity_in_park_co2_kg
        )

    @property
    def heat_co2_kg(self) -> float:
        """Net heat CO2 [kg] (gross − boundary exports − intra-park supplies)."""
        return self.heat_gross_co2_kg - self.heat_exported_co2_kg - self.heat_in_park_co2_kg

    @property
    def total_co2_kg(self) -> float:
        """Park CO2 [kg]: net electricity + net heat + Scope 1."""
        return self.electricity_co2_kg + self.heat_co2_kg + self.scope1_co2_kg


def park_910_co2_kg(
    *,
    non_green_electricity_kwh: npt.ArrayLike,
    electricity_co2_kg_per_kwh: float,
    purchased_heat_gj: npt.ArrayLike,
    heat_co2_kg_per_gj: float,
    scope1_co2: npt.ArrayLike,
    supplies: Supplies,
) -> Park910Co2:
    """Park CO2 [kg] on the 910号 basis from per-enterprise arrays (E,).

    ``non_green_electricity_kwh`` is grid import not covered by contract or certificate green
    power, plus PV consumed whose certificates were sold [kWh].
    """
    factor, heat_factor = electricity_co2_kg_per_kwh, heat_co2_kg_per_gj
    return Park910Co2(
        electricity_gross_co2_kg=float(np.sum(non_green_electricity_kwh)) * factor,
        electricity_exported_co2_kg=supplies.boundary_electricity_kwh * factor,
        electricity_in_park_co2_kg=supplies.in_park_electricity_kwh * factor,
        heat_gross_co2_kg=float(np.sum(purchased_heat_gj)) * heat_factor,
        heat_exported_co2_kg=supplies.boundary_heat_gj * heat_factor,
        heat_in_park_co2_kg=supplies.in_park_heat_gj * heat_factor,
        scope1_co2_kg=float(np.sum(scope1_co2)),
    )


@dataclass(frozen=True)
class Park910Energy:
    """The 910号 denominator [kgce], park totals by 当量值 and 等价值."""

    consumed: ByConversion
    exported: ByConversion
    in_park: ByConversion

    @property
    def net(self) -> ByConversion:
        """The denominator: consumed − boundary exports − intra-park supplies [kgce]."""
        return self.consumed - self.exported - self.in_park


def park_910_energy_kgce(
    consumed: ByConversion, supplies: Supplies, coefficients: Coefficients
) -> Park910Energy:
    """The denominator from what enterprises consumed (E,) and what they supplied [kgce].

    ``consumed`` is every enterprise's energy before deducting supplies, on-site and shared
    renewable electricity included (:attr:`greenpark.core.energy.EnergyTotals.consumed`).
    """
    c = coefficients
    return Park910Energy(
        consumed=consumed.sum(),
        exported=c.heat(supplies.boundary_heat_gj)
        + c.electricity(supplies.boundary_electricity_kwh),
        in_park=c.heat(supplies.in_park_heat_gj) + c.electricity(supplies.in_park_electricity_kwh),
    )


def limit_t_per_tce(energy_kgce: float, tiers: Sequence[Tier]) -> float | None:
    """The limit [t CO2/tce] of the tier ``energy_kgce`` falls in; None outside every tier."""
    for lower, upper, limit in tiers:
        if energy_kgce >= lower and (upper is None or energy_kgce < upper):
            return limit
    return None


@dataclass(frozen=True)
class CoreIndicator:
    """单位能耗碳排放 at one electricity conversion, against the size tier of that denominator.

    ``co2_t_per_tce`` is None when the denominator is not positive; ``limit_t_per_tce`` None
    when no tier applies (``reason`` says why: ``zero_energy`` or ``below_910_scope``), and
    then ``reference_limit_t_per_tce`` is the lowest tier's limit, shown for reference only.
    """

    conversion: str
    energy_kgce: float
    co2_t_per_tce: float | None
    limit_t_per_tce: float | None
    reference_limit_t_per_tce: float | None
    meets: bool | None
    reason: str | None


def core_indicator(
    co2_kg: float, energy_kgce: float, tiers: Sequence[Tier], conversion: str
) -> CoreIndicator:
    """Park CO2 [kg] per energy [kgce] (= t/tce) and its verdict against ``tiers``."""
    if energy_kgce <= 0:
        return CoreIndicator(conversion, energy_kgce, None, None, None, None, "zero_energy")
    value = co2_kg / energy_kgce
    limit = limit_t_per_tce(energy_kgce, tiers)
    if limit is None:
        lowest = min(tiers, key=lambda tier: tier[0])[2] if tiers else None
        return CoreIndicator(conversion, energy_kgce, value, None, lowest, None, "below_910_scope")
    return CoreIndicator(conversion, energy_kgce, value, limit, None, value <= limit, None)


def overlay_verdict(
    co2_t_per_tce: float | None,
    energy_kgce: float,
    tier: Tier,
    limit_upper_t_per_tce: float | None = None,
) -> str:
    """A provincial threshold row against the park: ``met``, ``within_range`` (between the two
    ends of a published range), ``not_met``, ``outside_size`` (the park's energy is outside
    the row's size band) or ``no_value`` (no indicator)."""
    if co2_t_per_tce is None:
        return "no_value"
    if limit_t_per_tce(energy_kgce, [tier]) is None:
        return "outside_size"
    if co2_t_per_tce <= tier[2]:
        return "met"
    if limit_upper_t_per_tce is not None and co2_t_per_tce <= limit_upper_t_per_tce:
        return "within_range"
    return "not_met"
