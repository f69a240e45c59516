"""Grid and export prices of a run: each hour priced by the tariff in force that day.

A park lists its tariffs with ``effective_from`` / ``effective_to`` (rules-review-2026 R8); the
load rules (:mod:`greenpark.inputs.park.green_rules`) make sure they never overlap and cover the
accounting year. Exported PV is priced per roof by its commissioning date
(:class:`greenpark.inputs.park.green_schema.ExportPrice`; 发改价格〔2025〕136号).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from greenpark.core.allocation import ratio_or_zero
from greenpark.core.load_profiles import china_major_holiday_breaks, hours_on_days
from greenpark.core.tariff import (
    TouSeason,
    export_window_holds,
    export_windows_touching,
    hourly_price_cny_per_kwh,
    period_of_hour,
    window_of_day,
)
from greenpark.inputs.park.green_rules import roof_commissioning_span
from greenpark.inputs.park.schema import ParkConfig, Rooftop
from greenpark.inputs.park.schema_tariff import Tariff


def _tariff_of_hour(config: ParkConfig, hours: pd.DatetimeIndex) -> np.ndarray:
    """Index into ``config.all_tariffs`` of the tariff in force each hour (-1: none)."""
    windows = [(t.effective_from, t.effective_to) for t in config.all_tariffs]
    days = np.asarray(hours.tz_localize(None).normalize(), dtype="datetime64[D]")
    return window_of_day(days, windows)


def _seasons(tariff: Tariff) -> list[TouSeason]:
    return [
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


def _clock(hours: pd.DatetimeIndex, year: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Hour of day, month and whether the day is a major-holiday day (deep valley), per hour."""
    holidays = hours_on_days(hours, china_major_holiday_breaks(year))
    return hours.hour.to_numpy(), hours.month.to_numpy(), holidays


def _tou_price(tariff: Tariff, hours: pd.DatetimeIndex, year: int) -> np.ndarray:
    multipliers = {
        "peak": tariff.peak_multiplier,
        "valley": tariff.valley_multiplier,
        "critical_peak": tariff.critical_peak_multiplier,
        "deep_valley": tariff.deep_valley_multiplier,
    }
    return hourly_price_cny_per_kwh(
        tariff.flat_price_cny_per_kwh, *_clock(hours, year), _seasons(tariff), multipliers
    )


def _in_force(config: ParkConfig, hours: pd.DatetimeIndex) -> np.ndarray:
    which = _tariff_of_hour(config, hours)
    if np.any(which < 0):
        raise ValueError(f"no tariff in force at {hours[int(np.argmax(which < 0))]}")
    return which


def _by_tariff_in_force(
    config: ParkConfig,
    hours: pd.DatetimeIndex,
    of_tariff: Callable[[Tariff], np.ndarray],
) -> np.ndarray | None:
    """Each hour's value from the tariff in force (``of_tariff`` gives a tariff's value for
    every hour), or None without tariffs; ValueError for an hour no tariff prices."""
    tariffs = config.all_tariffs
    if not tariffs:
        return None
    which = _in_force(config, hours)
    values = [of_tariff(tariff) for tariff in tariffs]
    found: np.ndarray = np.zeros(len(hours), dtype=values[0].dtype)
    for i, value in enumerate(values):
        found = np.where(which == i, value, found)
    return found


def hourly_period(config: ParkConfig, hours: pd.DatetimeIndex) -> np.ndarray | None:
    """Each hour's tariff period code (:func:`greenpark.core.tariff.period_of_hour`: 0 flat,
    1 peak, 2 valley, 3 critical peak, 4 deep valley) under the tariff in force, or None
    without tariffs.

    Raises
    ------
    ValueError
        An hour no tariff prices (the load rules refuse such a park first).
    """
    clock = _clock(hours, config.park.accounting_year)
    return _by_tariff_in_force(
        config, hours, lambda tariff: period_of_hour(*clock, _seasons(tariff))
    )


def hourly_price(config: ParkConfig, hours: pd.DatetimeIndex) -> np.ndarray | None:
    """Grid price per hour [CNY/kWh] from the tariff in force, or None without tariffs.

    Raises
    ------
    ValueError
        An hour no tariff prices (the load rules refuse such a park first).
    """
    year = config.park.accounting_year
    return _by_tariff_in_force(config, hours, lambda tariff: _tou_price(tariff, hours, year))


def roof_export_price_cny_per_kwh(tariff: Tariff, roof: Rooftop) -> float:
    """The export price of ``roof`` under ``tariff`` [CNY/kWh] by its commissioning date.

    A roof whose date no window holds (or is unknown across a window's edge, refused at load
    time) gets the tariff's ``export_price_cny_per_kwh``.
    """
    span = roof_commissioning_span(roof) or (date.min, date.min)
    windows = [(p.commissioned_from, p.commissioned_before) for p in tariff.export_prices]
    touching = export_windows_touching(*span, windows)
    if len(touching) == 1 and export_window_holds(*span, windows[touching[0]]):
        return tariff.export_prices[touching[0]].price_cny_per_kwh
    return tariff.export_price_cny_per_kwh


def export_value_cny(
    config: ParkConfig, roof_kwh: pd.DataFrame, export_kwh: np.ndarray, hours: pd.DatetimeIndex
) -> np.ndarray:
    """Value of each enterprise's exported PV [CNY] (E,).

    An enterprise's export of an hour is split over its roofs in proportion to their
    generation that hour, each roof's part priced by the tariff in force and its
    commissioning date. Zero without tariffs.
    """
    value = np.zeros(len(config.enterprises))
    tariffs = config.all_tariffs
    if not tariffs or roof_kwh.empty:
        return value
    which = _tariff_of_hour(config, hours)
    index = config.enterprise_index()
    roofs = {r.id: r for r in config.rooftops}
    generation = np.zeros_like(export_kwh)
    for roof_id in roof_kwh.columns:
        generation[:, index[roofs[roof_id].owner]] += roof_kwh[roof_id].to_numpy(dtype=float)
    exported_share = ratio_or_zero(export_kwh, generation)
    for roof_id in roof_kwh.columns:
        roof = roofs[roof_id]
        prices = np.array([roof_export_price_cny_per_kwh(t, roof) for t in tariffs])
        price = np.where(which >= 0, prices[which], 0.0)
        column = index[roof.owner]
        value[column] += float(
            (roof_kwh[roof_id].to_numpy(dtype=float) * exported_share[:, column] * price).sum()
        )
    return value


@dataclass(frozen=True)
class BasicRates:
    """The basic-charge rates of the tariff in force, per hour (H,)."""

    demand_cny_per_kw_month: np.ndarray
    capacity_cny_per_kva_month: np.ndarray
    high_use_discount: np.ndarray
    """whether the demand charge is discounted by use per kVA (bool)"""


def _basic(tariff: Tariff, key: str) -> float:
    charges = tariff.basic_charges
    value = getattr(charges, key) if charges is not None else None
    return 0.0 if value is None else float(value)


def hourly_basic_rates(config: ParkConfig, hours: pd.DatetimeIndex) -> BasicRates | None:
    """The basic-charge rates of the tariff in force each hour, or None without tariffs.

    A tariff without ``basic_charges`` has rates 0 (the load rules make sure an enterprise
    billed on demand or capacity finds its rate in every tariff).
    """
    demand = _by_tariff_in_force(
        config, hours, lambda t: np.full(len(hours), _basic(t, "demand_cny_per_kw_month"))
    )
    capacity = _by_tariff_in_force(
        config, hours, lambda t: np.full(len(hours), _basic(t, "capacity_cny_per_kva_month"))
    )
    discount = _by_tariff_in_force(
        config,
        hours,
        lambda t: np.full(
            len(hours), t.basic_charges is not None and t.basic_charges.high_use_discount
        ),
    )
    if demand is None or capacity is None or discount is None:
        return None
    return BasicRates(demand, capacity, discount.astype(bool))
