"""Emissions and energy of a run: activity arrays × the factors the run chose."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from greenpark.core import emissions as em
from greenpark.core.energy import ComprehensiveEnergy, comprehensive_energy_kgce
from greenpark.inputs.carriers import load_carriers
from greenpark.inputs.meters import MeterData
from greenpark.inputs.schema import ParkConfig
from greenpark.pipeline.activity import annual_activity
from greenpark.pipeline.factor_choice import FactorChoice

ELECTRICITY_PRIMARY_ID = "coal_equiv.electricity.equivalent"
ELECTRICITY_CALORIFIC_ID = "coal_equiv.electricity.calorific"
HEAT_CO2_ID = "heat.purchased.default"
HEAT_KGCE_ID = "coal_equiv.heat_purchased.calorific"


@dataclass(frozen=True)
class Emissions:
    """Annual emissions per enterprise [kg] (E,) and the park's 910号 basis."""

    scope1_fuel_co2_kg: np.ndarray
    process_co2_kg: np.ndarray
    scope1_co2_kg: np.ndarray
    scope1_co2e_kg: np.ndarray
    scope2_location_co2_kg: np.ndarray
    scope2_market_co2_kg: np.ndarray
    heat_gross_co2_kg: np.ndarray
    heat_net_co2_kg: np.ndarray
    park_910: em.Park910Co2
    core_indicator: em.CoreIndicator


@dataclass(frozen=True)
class Activity:
    """Annual activity per enterprise (E,) or (E, fuels) in canonical units."""

    fuels: tuple[str, ...]
    fuel: np.ndarray
    purchased_heat_gj: np.ndarray
    exported_heat_gj: np.ndarray
    exported_electricity_kwh: np.ndarray
    process_co2_kg: np.ndarray
    process_co2e_kg: np.ndarray


def annual_activities(config: ParkConfig, meters: MeterData) -> Activity:
    """Fuels used by any enterprise, heat, exports and process emissions of the year."""
    ids = list(config.enterprise_ids())
    fuel_carriers = [c.id for c in load_carriers().values() if c.kind == "fuel"]
    used = [c for c in fuel_carriers if c in meters.hourly or c in meters.monthly]
    fuel = np.column_stack([annual_activity(meters, c, ids) for c in used] or [np.zeros(len(ids))])

    def total(*carriers: str) -> np.ndarray:
        return sum((annual_activity(meters, c, ids) for c in carriers), np.zeros(len(ids)))

    return Activity(
        fuels=tuple(used),
        fuel=fuel if used else np.zeros((len(ids), 0)),
        purchased_heat_gj=total("heat_purchased", "steam_purchased"),
        exported_heat_gj=total("heat_exported"),
        exported_electricity_kwh=total("electricity_exported"),
        process_co2_kg=total("process_co2"),
        process_co2e_kg=total("process_co2e"),
    )


def _fuel_parameters(
    config: ParkConfig, fuels: tuple[str, ...], choice: FactorChoice
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """NCV, carbon content and oxidation per enterprise and fuel (E, fuels), by vintage."""
    shape = (len(config.enterprises), len(fuels))
    ncv, carbon, oxidation = np.zeros(shape), np.zeros(shape), np.zeros(shape)
    for row, enterprise in enumerate(config.enterprises):
        for column, fuel in enumerate(fuels):
            values = choice.fuel_co2_parameters(fuel, enterprise.fuel_factor_vintage)
            ncv[row, column], carbon[row, column], oxidation[row, column] = values
    return ncv, carbon, oxidation


def energy_use(
    config: ParkConfig,
    activity: Activity,
    grid_import_kwh: np.ndarray,
    onsite_renewable_kwh: np.ndarray,
    choice: FactorChoice,
) -> ComprehensiveEnergy:
    """GB/T 2589 comprehensive energy per enterprise, electricity by 当量值 and 等价值."""
    coefficients = np.array(
        [
            [choice.coal_equivalent(f, e.fuel_factor_vintage) for f in activity.fuels]
            for e in config.enterprises
        ]
    ).reshape(len(config.enterprises), len(activity.fuels))
    return comprehensive_energy_kgce(
        fuel_activity=activity.fuel,
        fuel_kgce_per_unit=coefficients,
        grid_import_kwh=grid_import_kwh,
        electricity_primary_kgce_per_kwh=choice.get(ELECTRICITY_PRIMARY_ID),
        electricity_calorific_kgce_per_kwh=choice.get(ELECTRICITY_CALORIFIC_ID),
        purchased_heat_gj=activity.purchased_heat_gj,
        exported_heat_gj=activity.exported_heat_gj,
        exported_electricity_kwh=activity.exported_electricity_kwh,
        onsite_renewable_kwh=onsite_renewable_kwh,
        heat_kgce_per_gj=choice.get(HEAT_KGCE_ID),
    )


def emissions(
    config: ParkConfig,
    activity: Activity,
    grid_import_kwh: np.ndarray,
    attributes_kwh: tuple[np.ndarray, np.ndarray, np.ndarray],
    energy_kgce: float,
    choice: FactorChoice,
) -> Emissions:
    """Scope 1, Scope 2 (location and market), heat, and the 910号 park basis.

    ``attributes_kwh`` per enterprise: contract green, certificate green, and PV consumed
    whose certificates were sold (market-based Scope 2 prices the last at the residual mix).
    """
    contract_kwh, certificate_kwh, attribute_sold_kwh = attributes_kwh
    year, province = config.park.accounting_year, config.park.province
    fuel_co2 = em.scope1_fuel_co2_kg(
        activity.fuel, *_fuel_parameters(config, activity.fuels, choice)
    )
    scope1 = em.scope1_co2_kg(fuel_co2, activity.process_co2_kg)
    heat_factor = choice.get(HEAT_CO2_ID)
    park_910 = em.park_910_co2_kg(
        grid_import_kwh=grid_import_kwh,
        contract_kwh=contract_kwh,
        certificate_kwh=certificate_kwh,
        fossil_co2_kg_per_kwh=choice.grid(region="national", year=year, variant="fossil_only"),
        purchased_heat_gj=activity.purchased_heat_gj,
        scope1_co2=scope1,
        exported_heat_gj=activity.exported_heat_gj,
        heat_co2_kg_per_gj=heat_factor,
    )
    return Emissions(
        scope1_fuel_co2_kg=fuel_co2.sum(axis=-1),
        process_co2_kg=activity.process_co2_kg,
        scope1_co2_kg=scope1,
        scope1_co2e_kg=em.scope1_co2e_kg(scope1, activity.process_co2e_kg),
        scope2_location_co2_kg=em.scope2_location_based_co2_kg(
            grid_import_kwh, choice.grid(region=province, year=year, variant="average")
        ),
        scope2_market_co2_kg=em.scope2_market_based_co2_kg(
            grid_import_kwh,
            contract_kwh,
            certificate_kwh,
            choice.grid(region="national", year=year, variant="excl_market_nonfossil"),
            attribute_sold_kwh,
        ),
        heat_gross_co2_kg=em.heat_co2_kg(activity.purchased_heat_gj, heat_factor),
        heat_net_co2_kg=em.net_heat_co2_kg(
            activity.purchased_heat_gj, activity.exported_heat_gj, heat_factor, heat_factor
        ),
        park_910=park_910,
        core_indicator=em.zero_carbon_park_core_indicator(park_910.total_co2_kg, energy_kgce),
    )
