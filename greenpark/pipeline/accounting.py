"""The accounting year of a park, as a readable list of steps (``greenpark run``).

load activity → rooftop PV → hourly balance with storage → green attribution ledger →
green shares → energy (GB/T 2589) → emissions (Scope 1/2, 910号 basis).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from greenpark.core.attribution import Ledger, attribution_ledger
from greenpark.core.balance import BalanceResult, hourly_energy_balance
from greenpark.core.energy import ComprehensiveEnergy
from greenpark.core.load_profiles import china_major_holiday_breaks
from greenpark.core.shares import GreenShares, green_shares
from greenpark.core.storage import StorageUnit
from greenpark.core.tariff import TouSeason, hourly_price_cny_per_kwh
from greenpark.inputs.factor_table import Factor
from greenpark.inputs.factors import FactorRegistry
from greenpark.inputs.meters import year_hours
from greenpark.inputs.park import Park
from greenpark.inputs.schema import ParkConfig
from greenpark.inputs.weather import Weather, weather_for_year
from greenpark.pipeline.activity import electricity_load
from greenpark.pipeline.emissions_step import (
    Activity,
    Emissions,
    annual_activities,
    emissions,
    energy_use,
)
from greenpark.pipeline.factor_choice import FactorChoice
from greenpark.pipeline.green_sources import (
    certificate_batches,
    contract_deliveries,
    enterprise_pv_kwh,
)
from greenpark.pipeline.pv import PVResult, run_pv


@dataclass(frozen=True)
class AccountingResult:
    """Everything one accounting run computed, in enterprise order."""

    config: ParkConfig
    hours: pd.DatetimeIndex
    modelled: np.ndarray
    pv: PVResult | None
    balance: BalanceResult
    ledger: Ledger
    shares: GreenShares
    activity: Activity
    energy: ComprehensiveEnergy
    emissions: Emissions
    factors: tuple[Factor, ...]
    messages: tuple[str, ...]

    @property
    def enterprise_ids(self) -> tuple[str, ...]:
        return self.config.enterprise_ids()


def _storage_units(config: ParkConfig) -> list[StorageUnit]:
    index = {e: i for i, e in enumerate(config.enterprise_ids())}
    return [
        StorageUnit(
            index[s.owner],
            s.energy_kwh,
            s.power_kw,
            s.round_trip_efficiency,
            s.min_soc_fraction,
            s.max_soc_fraction,
            s.initial_soc_fraction,
            s.dispatch,
        )
        for s in config.storage
    ]


def hourly_price(config: ParkConfig, hours: pd.DatetimeIndex) -> np.ndarray | None:
    """Grid price per hour [CNY/kWh] from the park's tariff, or None without one."""
    tariff = config.tariff
    if tariff is None:
        return None
    major = china_major_holiday_breaks(config.park.accounting_year)
    days = hours.tz_localize(None).normalize().date
    seasons = [
        TouSeason(
            s.months,
            {
                "peak": s.peak_hours,
                "valley": s.valley_hours,
                "critical_peak": s.critical_peak_hours,
                "deep_valley": s.deep_valley_hours,
            },
        )
        for s in tariff.seasons
    ]
    multipliers = {
        "peak": tariff.peak_multiplier,
        "valley": tariff.valley_multiplier,
        "critical_peak": tariff.critical_peak_multiplier,
        "deep_valley": tariff.deep_valley_multiplier,
    }
    return hourly_price_cny_per_kwh(
        tariff.flat_price_cny_per_kwh,
        hours.hour.to_numpy(),
        hours.month.to_numpy(),
        np.array([d in major for d in days]),
        seasons,
        multipliers,
    )


def _pv(
    config: ParkConfig, weather: Weather, hours: pd.DatetimeIndex
) -> tuple[PVResult | None, np.ndarray, np.ndarray]:
    n = len(config.enterprises)
    if not any(r.capacity_kw > 0 for r in config.rooftops):
        return None, np.zeros((len(hours), n)), np.ones((len(hours), n))
    result = run_pv(config, weather)
    roof_kwh = result.hourly_kwh.set_axis(hours, axis=0)
    pv_kwh, kept = enterprise_pv_kwh(config, roof_kwh)
    return result, pv_kwh, kept


def matching_period_of_hour(hours: pd.DatetimeIndex, matching: str) -> np.ndarray:
    """Period number of every hour for contract settlement: hour, calendar month or year."""
    periods = {
        "hourly": np.arange(len(hours)),
        "monthly": hours.month.to_numpy() - 1,
        "annual": np.zeros(len(hours), dtype=int),
    }
    if matching not in periods:
        raise ValueError(f"contract_matching must be one of {list(periods)}, got {matching!r}")
    return periods[matching]


def run_accounting(
    park: Park,
    registry: FactorRegistry,
    weather: Weather,
    delivery_profiles: dict[str, np.ndarray],
    *,
    contract_matching: str = "monthly",
) -> AccountingResult:
    """Run the accounting year of ``park`` (see the module docstring for the steps).

    ``contract_matching`` is the period over which a green-power contract's delivery may
    cover its buyer's grid purchases: ``monthly`` (default; 绿电交易 volumes are settled per
    month), ``hourly`` (strict 24/7 view) or ``annual``. Hourly-matched shares are always
    computed hour by hour, whatever this is.
    """
    config = park.config
    hours = year_hours(config.park.accounting_year, config.park.timezone)
    weather = weather_for_year(weather, config.park.accounting_year)
    choice = FactorChoice(registry)
    electricity = electricity_load(config, park.meters, hours)
    pv, pv_kwh, kept = _pv(config, weather, hours)
    balance = hourly_energy_balance(
        electricity.filled.load_kwh,
        pv_kwh,
        _storage_units(config),
        share_surplus=config.park.surplus_pv == "park_sharing",
        price_cny_per_kwh=hourly_price(config, hours),
    )
    contracts, contract_messages = contract_deliveries(config, weather, delivery_profiles)
    ledger = attribution_ledger(
        config.enterprise_ids(),
        load_kwh=balance.load_kwh,
        pv_self_kwh=balance.pv_self_kwh,
        storage_discharge_green_kwh=balance.storage_discharge_green_kwh,
        shared_out_kwh=balance.shared_out_kwh,
        shared_in_kwh=balance.shared_in_kwh,
        grid_import_kwh=balance.grid_import_kwh,
        kept_fraction=kept,
        accounting_year=config.park.accounting_year,
        contracts=contracts,
        certificates=certificate_batches(config),
        matching_period_of_hour=matching_period_of_hour(hours, contract_matching),
    )
    shares = green_shares(ledger, balance.load_kwh, hours.month.to_numpy())
    grid_kwh = balance.grid_import_kwh.sum(axis=0)
    activity = annual_activities(config, park.meters)
    onsite_renewable_kwh = (
        balance.pv_self_kwh + balance.storage_discharge_green_kwh + balance.shared_in_kwh
    ).sum(axis=0)
    energy = energy_use(config, activity, grid_kwh, onsite_renewable_kwh, choice)
    result_emissions = emissions(
        config,
        activity,
        grid_kwh,
        ledger.contract_kwh,
        ledger.certificate_kwh,
        float(energy.total_calorific_kgce.sum()),
        choice,
    )
    messages = (
        *park.messages,
        *electricity.messages,
        *(pv.messages if pv else ()),
        *contract_messages,
        *ledger.messages,
        *choice.messages,
    )
    return AccountingResult(
        config=config,
        hours=hours,
        modelled=electricity.filled.modelled,
        pv=pv,
        balance=balance,
        ledger=ledger,
        shares=shares,
        activity=activity,
        energy=energy,
        emissions=result_emissions,
        factors=tuple(choice.used.values()),
        messages=tuple(dict.fromkeys(messages)),
    )
