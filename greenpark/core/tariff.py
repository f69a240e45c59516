"""Time-of-use grid prices per hour from a tariff's periods and multipliers.

Periods are hour ranges ``[start, end)`` on the local clock, given per season (a set of
months). Precedence, lowest to highest: flat, peak, valley, critical peak, deep valley —
so a critical-peak window inside a peak window is priced as critical peak. Deep-valley
windows apply only on the days the caller marks (in Shanxi: 13:00-15:00 on major holidays).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
HourRange = tuple[int, int]
PERIODS = ("peak", "valley", "critical_peak", "deep_valley")


@dataclass(frozen=True)
class TouSeason:
    """Clock-hour windows of one season; months are 1-12."""

    months: tuple[int, ...]
    windows: Mapping[str, Sequence[HourRange]]


def _hour_mask(ranges: Sequence[HourRange]) -> npt.NDArray[np.bool_]:
    mask = np.zeros(24, dtype=bool)
    for start, end in ranges:
        mask[start:end] = True
    return mask


def period_multiplier(
    hour_of_day: npt.NDArray[np.int64],
    month_of_hour: npt.NDArray[np.int64],
    deep_valley_day: npt.NDArray[np.bool_],
    seasons: Sequence[TouSeason],
    multipliers: Mapping[str, float],
) -> FloatArray:
    """Price multiplier relative to the flat price, per hour [-] (H,)."""
    result = np.ones(hour_of_day.shape, dtype=float)
    for season in seasons:
        in_season = np.isin(month_of_hour, season.months)
        for period in PERIODS:
            window = _hour_mask(season.windows.get(period, ()))[hour_of_day] & in_season
            if period == "deep_valley":
                window &= deep_valley_day
            result = np.where(window, multipliers[period], result)
    return result


def hourly_price_cny_per_kwh(
    flat_price_cny_per_kwh: float,
    hour_of_day: npt.NDArray[np.int64],
    month_of_hour: npt.NDArray[np.int64],
    deep_valley_day: npt.NDArray[np.bool_],
    seasons: Sequence[TouSeason],
    multipliers: Mapping[str, float],
) -> FloatArray:
    """Grid price per hour [CNY/kWh] (H,): flat price × the hour's period multiplier."""
    return flat_price_cny_per_kwh * period_multiplier(
        hour_of_day, month_of_hour, deep_valley_day, seasons, multipliers
    )
