"""Time-of-use grid prices per hour from a tariff's periods and multipliers.

Periods are hour ranges ``[start, end)`` on the local clock, given per season (a set of
months). Precedence, lowest to highest: flat, peak, valley, critical peak, deep valley —
so a critical-peak window inside a peak window is priced as critical peak. Deep-valley
windows apply only on the days the caller marks (in Shanxi: 13:00-15:00 on major holidays).

Tariffs are dated (rules-review-2026 R8): each day is priced by the one tariff whose window
``[effective_from, effective_to]`` (inclusive, open ends allowed) holds it; windows may not
overlap. Export prices are chosen by a roof's commissioning date from windows
``[commissioned_from, commissioned_before)`` (发改价格〔2025〕136号: 存量 before 2025-06-01
keeps a mechanism price, 增量 is market-priced, china-factors §7c).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
HourRange = tuple[int, int]
DateWindow = tuple[date | None, date | None]
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


def period_of_hour(
    hour_of_day: npt.NDArray[np.int64],
    month_of_hour: npt.NDArray[np.int64],
    deep_valley_day: npt.NDArray[np.bool_],
    seasons: Sequence[TouSeason],
) -> npt.NDArray[np.int64]:
    """Each hour's period code (H,): 0 flat, then 1 + the index in :data:`PERIODS`."""
    result = np.zeros(hour_of_day.shape, dtype=np.int64)
    for season in seasons:
        in_season = np.isin(month_of_hour, season.months)
        for code, period in enumerate(PERIODS, start=1):
            window = _hour_mask(season.windows.get(period, ()))[hour_of_day] & in_season
            if period == "deep_valley":
                window &= deep_valley_day
            result = np.where(window, code, result)
    return result


def period_multiplier(
    hour_of_day: npt.NDArray[np.int64],
    month_of_hour: npt.NDArray[np.int64],
    deep_valley_day: npt.NDArray[np.bool_],
    seasons: Sequence[TouSeason],
    multipliers: Mapping[str, float],
) -> FloatArray:
    """Price multiplier relative to the flat price, per hour [-] (H,)."""
    by_code = np.array([1.0, *(multipliers[period] for period in PERIODS)])
    return np.asarray(
        by_code[period_of_hour(hour_of_day, month_of_hour, deep_valley_day, seasons)], dtype=float
    )


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


def overlapping_windows(windows: Sequence[DateWindow]) -> list[tuple[int, int]]:
    """Pairs (i, j), i < j, of inclusive date windows that share a day (None: open end)."""
    low, high = date.min, date.max
    pairs = []
    for i, (start_i, end_i) in enumerate(windows):
        for j in range(i + 1, len(windows)):
            start_j, end_j = windows[j]
            if max(start_i or low, start_j or low) <= min(end_i or high, end_j or high):
                pairs.append((i, j))
    return pairs


def uncovered_days(first: date, last: date, windows: Sequence[DateWindow]) -> list[DateWindow]:
    """Runs of days in ``first..last`` that no inclusive window holds, as (first, last)."""
    gaps: list[DateWindow] = []
    gap_start: date | None = None
    day = first
    while day <= last:
        held = any((s or date.min) <= day <= (e or date.max) for s, e in windows)
        if not held and gap_start is None:
            gap_start = day
        if held and gap_start is not None:
            gaps.append((gap_start, day - timedelta(days=1)))
            gap_start = None
        day += timedelta(days=1)
    if gap_start is not None:
        gaps.append((gap_start, last))
    return gaps


def window_of_day(
    day: npt.NDArray[np.datetime64], windows: Sequence[DateWindow]
) -> npt.NDArray[np.int64]:
    """Index of the inclusive window holding each day (H,), -1 where none does.

    Raises
    ------
    ValueError
        Overlapping windows (the caller checks them at load time).
    """
    if overlapping_windows(windows):
        raise ValueError(f"date windows overlap: {overlapping_windows(windows)}")
    days = np.asarray(day, dtype="datetime64[D]")
    index = np.full(days.shape, -1, dtype=np.int64)
    for i, (start, end) in enumerate(windows):
        inside = np.ones(days.shape, dtype=bool)
        if start is not None:
            inside &= days >= np.datetime64(start, "D")
        if end is not None:
            inside &= days <= np.datetime64(end, "D")
        index[inside] = i
    return index


def export_windows_touching(first: date, last: date, windows: Sequence[DateWindow]) -> list[int]:
    """Export-price windows ``[from, before)`` that share a day with ``first..last``.

    A roof commissioned on a known date has ``first == last``; one known only by its year has
    the whole year, and is priced unambiguously only when one window touches it and holds it.
    """
    return [
        i
        for i, (start, before) in enumerate(windows)
        if (start or date.min) <= last and (before is None or first < before)
    ]


def export_window_holds(first: date, last: date, window: DateWindow) -> bool:
    """Whether the export window ``[from, before)`` holds every day of ``first..last``."""
    start, before = window
    return (start or date.min) <= first and (before is None or last < before)
