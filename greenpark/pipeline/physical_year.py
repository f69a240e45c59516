"""The physical year of a park: electricity use, rooftop PV and the hourly balance with
storage priced by the park's time-of-use tariff."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from greenpark.core.balance import BalanceResult, hourly_energy_balance
from greenpark.core.load_profiles import china_major_holiday_breaks, hours_on_days
from greenpark.core.storage import StorageUnit
from greenpark.core.tariff import TouSeason, hourly_price_cny_per_kwh
from greenpark.inputs.meters import MeterData
from greenpark.inputs.schema import ParkConfig
from greenpark.inputs.weather import Weather
from greenpark.pipeline.activity import Electricity, electricity_load
from greenpark.pipeline.green_sources import enterprise_pv_kwh
from greenpark.pipeline.pv import PVResult, run_pv


@dataclass(frozen=True)
class PhysicalYear:
    """Electricity use, PV and the balance of every hour; ``kept_fraction`` (H,E) is the
    share of each enterprise's PV whose certificates it keeps."""

    electricity: Electricity
    pv: PVResult | None
    kept_fraction: np.ndarray
    balance: BalanceResult


def _storage_units(config: ParkConfig) -> list[StorageUnit]:
    index = config.enterprise_index()
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
        hours_on_days(hours, china_major_holiday_breaks(config.park.accounting_year)),
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


def physical_year(
    config: ParkConfig, meters: MeterData, weather: Weather, hours: pd.DatetimeIndex
) -> PhysicalYear:
    """Electricity → installed PV → hourly balance with storage (weather already on ``hours``)."""
    electricity = electricity_load(config, meters, hours)
    pv, pv_kwh, kept = _pv(config, weather, hours)
    balance = hourly_energy_balance(
        electricity.filled.load_kwh,
        pv_kwh,
        _storage_units(config),
        share_surplus=config.park.surplus_pv == "park_sharing",
        price_cny_per_kwh=hourly_price(config, hours),
        kept_fraction=kept,
    )
    return PhysicalYear(electricity, pv, kept, balance)
