"""The 发改环资〔2025〕910号 park basis of a run: CO2, denominator, indicator and overlays.

See :mod:`greenpark.core.park910` for the rules. The electricity factor is the run's choice
(:class:`~greenpark.pipeline.rules.AccountingRules`); the national size tiers and the
provincial overlays of the park's province come from ``greenpark/criteria`` as data.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from greenpark.core.energy import CONVERSIONS, EnergyTotals
from greenpark.core.park910 import (
    CoreIndicator,
    Park910Co2,
    Park910Energy,
    Supplies,
    core_indicator,
    overlay_verdict,
    park_910_co2_kg,
    park_910_energy_kgce,
)
from greenpark.inputs.factors.criteria import NATIONAL, Threshold, load_thresholds
from greenpark.inputs.park.schema import ParkConfig
from greenpark.pipeline.emissions_step import (
    HEAT_CO2_ID,
    Activity,
    Electricity,
    coefficients,
)
from greenpark.pipeline.factor_choice import FactorChoice
from greenpark.pipeline.rules import AccountingRules

ANNEX_FACTOR_ID = "grid.park910.fossil.annex4"


@dataclass(frozen=True)
class OverlayResult:
    """A provincial threshold row against the park at one conversion (see
    :func:`greenpark.core.park910.overlay_verdict` for ``verdict``)."""

    threshold: Threshold
    conversion: str
    energy_kgce: float
    co2_t_per_tce: float | None
    verdict: str


@dataclass(frozen=True)
class Park910:
    """The park's 910号 basis: CO2, denominator, the indicator at both conversions."""

    co2: Park910Co2
    energy: Park910Energy
    electricity_factor_id: str
    electricity_co2_kg_per_kwh: float
    indicators: dict[str, CoreIndicator]
    overlays: tuple[OverlayResult, ...]


def _electricity_factor(config: ParkConfig, choice: FactorChoice, rule: str) -> tuple[str, float]:
    """The factor id and value [kg/kWh] that prices non-green electricity on this basis."""
    if rule == "annex4":
        return ANNEX_FACTOR_ID, choice.get(ANNEX_FACTOR_ID)
    year = config.park.factor_year_used
    factor = choice.grid_factor(region="national", year=year, variant="fossil_only")
    return factor.id, factor.canonical_value


def _supplies(activity: Activity) -> Supplies:
    return Supplies(
        boundary_heat_gj=float(activity.exported_heat_gj.sum()),
        boundary_electricity_kwh=float(activity.exported_electricity_kwh.sum()),
        in_park_heat_gj=float(activity.in_park_heat_gj.sum()),
        in_park_electricity_kwh=float(activity.in_park_electricity_kwh.sum()),
    )


def park_910(
    config: ParkConfig,
    activity: Activity,
    electricity: Electricity,
    energy: EnergyTotals,
    scope1_co2_kg: np.ndarray,
    choice: FactorChoice,
    rules: AccountingRules,
) -> Park910:
    """The 910号 basis of the park, indicator and size tier at 当量值 and at 等价值."""
    factor_id, factor = _electricity_factor(config, choice, rules.park910_electricity_factor)
    supplies = _supplies(activity)
    co2 = park_910_co2_kg(
        non_green_electricity_kwh=electricity.non_green_kwh,
        electricity_co2_kg_per_kwh=factor,
        purchased_heat_gj=activity.purchased_heat_gj,
        heat_co2_kg_per_gj=choice.get(HEAT_CO2_ID),
        scope1_co2=scope1_co2_kg,
        supplies=supplies,
    )
    denominator = park_910_energy_kgce(energy.consumed, supplies, coefficients(choice))
    thresholds = load_thresholds()
    tiers = [t.tier for t in thresholds if t.jurisdiction == NATIONAL]
    indicators = {
        c: core_indicator(co2.total_co2_kg, float(denominator.net.get(c)), tiers, c)
        for c in CONVERSIONS
    }
    region = choice.registry.regions.resolve(config.park.province)
    own = [t for t in thresholds if region is not None and t.jurisdiction == region.key]
    overlays = tuple(_overlay(t, indicators[c]) for t in own for c in CONVERSIONS)
    return Park910(co2, denominator, factor_id, factor, indicators, overlays)


def _overlay(threshold: Threshold, indicator: CoreIndicator) -> OverlayResult:
    value, energy_kgce = indicator.co2_t_per_tce, indicator.energy_kgce
    verdict = overlay_verdict(value, energy_kgce, threshold.tier, threshold.limit_upper_t_per_tce)
    return OverlayResult(threshold, indicator.conversion, energy_kgce, value, verdict)
