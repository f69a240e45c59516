"""Emissions and energy of a run: activity arrays × the factors the run chose."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from greenpark.core import emissions as em
from greenpark.core.energy import Coefficients, EnergyTotals, energy_totals_kgce, fuel_kgce
from greenpark.inputs.carriers import load_carriers
from greenpark.inputs.meters.load import MeterData
from greenpark.inputs.park.schema import ParkConfig
from greenpark.messages import Message
from greenpark.pipeline.activity import annual_activity
from greenpark.pipeline.factor_choice import FactorChoice
from greenpark.pipeline.rules import AccountingRules

ELECTRICITY_PRIMARY_ID = "coal_equiv.electricity.equivalent"
ELECTRICITY_CALORIFIC_ID = "coal_equiv.electricity.calorific"
HEAT_CO2_ID = "heat.purchased.default"
HEAT_KGCE_ID = "coal_equiv.heat_purchased.calorific"


@dataclass(frozen=True)
class Activity:
    """Annual activity per enterprise (E,) or (E, fuels) in canonical units.

    ``fuel`` is burnt, ``feedstock`` used as raw material (原料用能). Heat and electricity
    supplied to others are split into boundary exports (``exported_*``: leave the park) and
    supplies to other park enterprises (``in_park_*``).
    """

    fuels: tuple[str, ...]
    fuel: np.ndarray
    feedstock: np.ndarray
    purchased_heat_gj: np.ndarray
    exported_heat_gj: np.ndarray
    in_park_heat_gj: np.ndarray
    exported_electricity_kwh: np.ndarray
    in_park_electricity_kwh: np.ndarray
    process_co2_kg: np.ndarray
    process_co2e_kg: np.ndarray


def annual_activities(config: ParkConfig, meters: MeterData) -> Activity:
    """Fuels used by any enterprise (burnt or as feedstock), heat, supplies and processes."""
    ids = list(config.enterprise_ids())
    fuel_carriers = [c.id for c in load_carriers().values() if c.kind == "fuel"]
    frames = (meters.hourly, meters.monthly, meters.feedstock_hourly, meters.feedstock_monthly)
    used = [c for c in fuel_carriers if any(c in f for f in frames)]

    def by_fuel(use: str) -> np.ndarray:
        columns = [annual_activity(meters, c, ids, use) for c in used]
        return np.column_stack(columns) if used else np.zeros((len(ids), 0))

    def total(*carriers: str) -> np.ndarray:
        return sum((annual_activity(meters, c, ids) for c in carriers), np.zeros(len(ids)))

    return Activity(
        fuels=tuple(used),
        fuel=by_fuel("fuel"),
        feedstock=by_fuel("feedstock"),
        purchased_heat_gj=total("heat_purchased", "steam_purchased"),
        exported_heat_gj=total("heat_exported"),
        in_park_heat_gj=total("heat_supplied_in_park"),
        exported_electricity_kwh=total("electricity_exported"),
        in_park_electricity_kwh=total("electricity_supplied_in_park"),
        process_co2_kg=total("process_co2"),
        process_co2e_kg=total("process_co2e"),
    )


@dataclass(frozen=True)
class FuelFactors:
    """Per enterprise and fuel (E, fuels): the one heating value [GJ/unit] and the standard
    coal [kgce/unit] it gives, carbon content [kg C/GJ] and oxidation [0-1] (0 where unused)."""

    ncv_gj_per_unit: np.ndarray
    kgce_per_unit: np.ndarray
    carbon_kg_per_gj: np.ndarray
    oxidation_fraction: np.ndarray


def fuel_factors(config: ParkConfig, activity: Activity, choice: FactorChoice) -> FuelFactors:
    """Factors of every fuel an enterprise uses; emission parameters only for fuels it burns."""
    shape = activity.fuel.shape
    ncv, kgce, carbon, oxidation = (np.zeros(shape) for _ in range(4))
    for row, enterprise in enumerate(config.enterprises):
        measured = enterprise.measured_ncv_gj_per_unit()
        vintage = enterprise.fuel_factor_vintage
        for column, fuel in enumerate(activity.fuels):
            burnt, feedstock = activity.fuel[row, column], activity.feedstock[row, column]
            if burnt <= 0 and feedstock <= 0:
                continue
            own = fuel in measured
            entry = (enterprise.id, measured[fuel], enterprise.fuel_ncv[fuel]) if own else None
            value = choice.heating_value(fuel, vintage, entry)
            ncv[row, column], kgce[row, column] = value.gj_per_unit, value.kgce_per_unit
            if burnt > 0:
                carbon[row, column], oxidation[row, column] = choice.carbon_and_oxidation(
                    fuel, vintage
                )
    return FuelFactors(ncv, kgce, carbon, oxidation)


def coefficients(choice: FactorChoice) -> Coefficients:
    """Electricity 当量值 and 等价值 and the heat coefficient of the run's factor table."""
    return Coefficients(
        electricity_primary_kgce_per_kwh=choice.get(ELECTRICITY_PRIMARY_ID),
        electricity_calorific_kgce_per_kwh=choice.get(ELECTRICITY_CALORIFIC_ID),
        heat_kgce_per_gj=choice.get(HEAT_KGCE_ID),
    )


@dataclass(frozen=True)
class Electricity:
    """Annual electricity of each enterprise (E,) [kWh], from the balance and the ledger.

    ``certified_nonfossil_kwh`` is the ledger's certificate-backed green power (on-site PV
    whose certificates are kept, park-shared green PV, contracts with bundled certificates,
    unbundled certificates).
    """

    grid_import_kwh: np.ndarray
    onsite_renewable_kwh: np.ndarray
    contract_kwh: np.ndarray
    certificate_kwh: np.ndarray
    certified_nonfossil_kwh: np.ndarray

    @property
    def non_green_kwh(self) -> np.ndarray:
        """Purchased electricity not covered by contracts or certificates [kWh]: what the
        market-based and 910号 bases price."""
        return em.non_green_grid_kwh(self.grid_import_kwh, self.contract_kwh, self.certificate_kwh)


def energy_use(
    activity: Activity, fuels: FuelFactors, electricity: Electricity, choice: FactorChoice
) -> EnergyTotals:
    """The three energy totals per enterprise, electricity by 当量值 and 等价值."""
    return energy_totals_kgce(
        fuel_kgce=fuel_kgce(activity.fuel, fuels.kgce_per_unit),
        feedstock_kgce=fuel_kgce(activity.feedstock, fuels.kgce_per_unit),
        grid_import_kwh=electricity.grid_import_kwh,
        onsite_renewable_kwh=electricity.onsite_renewable_kwh,
        certified_nonfossil_kwh=electricity.certified_nonfossil_kwh,
        purchased_heat_gj=activity.purchased_heat_gj,
        exported_heat_gj=activity.exported_heat_gj + activity.in_park_heat_gj,
        exported_electricity_kwh=activity.exported_electricity_kwh
        + activity.in_park_electricity_kwh,
        coefficients=coefficients(choice),
    )


@dataclass(frozen=True)
class Emissions:
    """Annual emissions per enterprise [kg] (E,): Scope 1, Scope 2 on three bases, heat."""

    scope1_fuel_co2_kg: np.ndarray
    process_co2_kg: np.ndarray
    scope1_co2_kg: np.ndarray
    scope1_co2e_kg: np.ndarray
    scope2_location_co2_kg: np.ndarray
    scope2_market_co2_kg: np.ndarray
    scope2_inventory_co2_kg: np.ndarray
    heat_gross_co2_kg: np.ndarray
    heat_net_co2_kg: np.ndarray
    messages: tuple[Message, ...]


def emissions(
    config: ParkConfig,
    activity: Activity,
    fuels: FuelFactors,
    electricity: Electricity,
    choice: FactorChoice,
    rules: AccountingRules,
) -> Emissions:
    """Scope 1 (one heating value per fuel), Scope 2 location/market/inventory, and heat."""
    year, province = config.park.factor_year_used, config.park.province
    fuel_co2 = em.scope1_fuel_co2_kg(
        activity.fuel, fuels.ncv_gj_per_unit, fuels.carbon_kg_per_gj, fuels.oxidation_fraction
    )
    scope1 = em.scope1_co2_kg(fuel_co2, activity.process_co2_kg)
    heat_factor = choice.get(HEAT_CO2_ID)
    location_factor = choice.grid(region=province, year=year, variant="average")
    residual = choice.grid(region="national", year=year, variant=rules.market_residual)
    inventory_region = "national" if rules.inventory_grid == "national" else province
    average = choice.grid(region=inventory_region, year=year, variant="average")
    e = electricity
    location = em.scope2_location_based_co2_kg(e.grid_import_kwh, location_factor)
    market = em.scope2_market_based_co2_kg(
        e.grid_import_kwh, e.contract_kwh, e.certificate_kwh, residual
    )
    supplied_heat = activity.exported_heat_gj + activity.in_park_heat_gj
    return Emissions(
        scope1_fuel_co2_kg=fuel_co2.sum(axis=-1),
        process_co2_kg=activity.process_co2_kg,
        scope1_co2_kg=scope1,
        scope1_co2e_kg=em.scope1_co2e_kg(scope1, activity.process_co2e_kg),
        scope2_location_co2_kg=location,
        scope2_market_co2_kg=market,
        scope2_inventory_co2_kg=em.scope2_inventory_co2_kg(
            e.grid_import_kwh, e.contract_kwh, e.certificate_kwh, average
        ),
        heat_gross_co2_kg=em.heat_co2_kg(activity.purchased_heat_gj, heat_factor),
        heat_net_co2_kg=em.net_heat_co2_kg(
            activity.purchased_heat_gj, supplied_heat, heat_factor, heat_factor
        ),
        messages=_market_messages(config, location, market, e, (location_factor, residual)),
    )


def _market_messages(
    config: ParkConfig,
    location: np.ndarray,
    market: np.ndarray,
    electricity: Electricity,
    factors: tuple[float, float],
) -> tuple[Message, ...]:
    """Disclose market-based below location-based for enterprises without instruments (R4)."""
    flagged = em.market_below_location_without_instruments(
        location, market, electricity.certified_nonfossil_kwh
    )
    if not flagged.any():
        return ()
    ids = tuple(i for i, f in zip(config.enterprise_ids(), flagged, strict=True) if f)
    local, residual = factors
    return (
        Message(
            "market_below_location_without_instruments",
            {
                "enterprise_ids": ids,
                "residual_kg_per_kwh": residual,
                "location_kg_per_kwh": local,
            },
        ),
    )
