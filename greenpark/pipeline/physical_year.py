"""The physical year of a park: electricity use, rooftop PV and the hourly balance with
storage priced by the park's time-of-use tariffs (the one in force each day)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from greenpark.core.balance import BalanceResult, hourly_energy_balance
from greenpark.core.storage import StorageUnit
from greenpark.inputs.meters.load import MeterData
from greenpark.inputs.park.schema import ParkConfig
from greenpark.inputs.weather.files import Weather
from greenpark.pipeline.activity import Electricity, electricity_load
from greenpark.pipeline.adjustment_step import ElectricityChange, adjusted_load_kwh
from greenpark.pipeline.green_sources import EnterprisePv, enterprise_pv
from greenpark.pipeline.prices import hourly_price
from greenpark.pipeline.pv import PVResult, run_pv


@dataclass(frozen=True)
class PhysicalYear:
    """Electricity use, PV (per enterprise, with its certificate status) and the balance of
    every hour, priced by the tariff in force (``price_cny_per_kwh``, None without one)."""

    electricity: Electricity
    pv: PVResult | None
    pv_status: EnterprisePv
    balance: BalanceResult
    price_cny_per_kwh: np.ndarray | None


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
            s.peak_limit_kw,
        )
        for s in config.storage
    ]


def _pv(
    config: ParkConfig, weather: Weather, hours: pd.DatetimeIndex
) -> tuple[PVResult | None, EnterprisePv]:
    if not any(r.capacity_kw > 0 for r in config.rooftops):
        return None, enterprise_pv(config, pd.DataFrame(index=hours))
    result = run_pv(config, weather)
    return result, enterprise_pv(config, result.hourly_kwh.set_axis(hours, axis=0))


def physical_year(
    config: ParkConfig,
    meters: MeterData,
    weather: Weather,
    hours: pd.DatetimeIndex,
    changes: Sequence[ElectricityChange] = (),
) -> PhysicalYear:
    """Electricity (with the park's adjustments, ``changes``) → installed PV → hourly balance
    with storage (weather already on ``hours``)."""
    electricity = electricity_load(config, meters, hours)
    load_kwh = electricity.filled.load_kwh
    if changes:
        load_kwh = adjusted_load_kwh(load_kwh, changes, hours)
    pv, status = _pv(config, weather, hours)
    price = hourly_price(config, hours)
    balance = hourly_energy_balance(
        load_kwh,
        status.pv_kwh,
        _storage_units(config),
        share_surplus=config.park.surplus_pv == "park_sharing",
        price_cny_per_kwh=price,
        kept_fraction=status.certified_fraction,
    )
    return PhysicalYear(electricity, pv, status, balance, price)
