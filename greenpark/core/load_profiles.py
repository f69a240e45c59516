"""Hourly electricity load from monthly totals, shaped by documented industry load shapes.

Many enterprises report only monthly consumption (电费账单 / 月度抄表). To balance them against
hourly PV, each month's total is spread over the month's hours with a *shape*: a relative
weight for every clock hour, one row for working days and one for non-working days
(weekends and Chinese public holidays, minus the make-up working weekends 调休上班日).

The shapes below are **modelling assumptions written by greenpark, not measured factors and not
taken from any standard or reference source**. They only distribute a known monthly total; they
never change it. Every hourly value they produce is flagged as modelled so reports can show
measured vs modelled shares.

Relative hour weights (clock hour ``h`` covers ``[h:00, h+1:00)`` local time):

================== ===================================================== ===================
shape              working day                                           non-working day
================== ===================================================== ===================
continuous_process 1.0 every hour (kilns, furnaces, chemical units)      1.0 every hour
data_centre        0.96 at night, rising to 1.04 at 12–15 (cooling)      same as working day
three_shift        1.0, dips to 0.92 at shift handovers 00, 08, 16        0.6 × working day
two_shift          shifts 08–16 and 16–24 at 1.0 (12 at 0.9, handover    0.3 every hour
                   16 at 0.9, 23 at 0.8); ramp 06 0.4, 07 0.7; night 0.3  (base load)
one_shift          08–17 at 1.0 (lunch 12 at 0.7); 07 and 17 at 0.6;     0.25 every hour
                   18 at 0.4; otherwise 0.25
office             09–17 at 1.0 (08 and 17 at 0.8, lunch 12 at 0.85);    0.2 every hour
                   07 0.4, 18 0.5, 19 0.35; otherwise 0.2
================== ===================================================== ===================
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

import numpy as np
import pandas as pd
from holidays import country_holidays

from greenpark.errors import InputError
from greenpark.i18n import text


def _shape(base: float, levels: dict[tuple[int, int], float]) -> tuple[float, ...]:
    """24 hour weights: ``base``, then each [start, end) clock-hour span set (later wins)."""
    weights = [base] * 24
    for (start, end), weight in levels.items():
        weights[start:end] = [weight] * (end - start)
    return tuple(weights)


# fmt: off
_DATA_CENTRE_DAY: Final = (
    0.96, 0.96, 0.96, 0.96, 0.96, 0.96, 0.96, 0.98, 1.0, 1.01, 1.02, 1.03,
    1.04, 1.04, 1.04, 1.04, 1.03, 1.02, 1.01, 1.0, 0.99, 0.98, 0.97, 0.96,
)
# fmt: on
_THREE_SHIFT_DAY: Final = _shape(1.0, {(0, 1): 0.92, (8, 9): 0.92, (16, 17): 0.92})

#: shape name -> (working-day weights, non-working-day weights), 24 clock hours each.
LOAD_SHAPES: Final[dict[str, tuple[tuple[float, ...], tuple[float, ...]]]] = {
    "continuous_process": ((1.0,) * 24, (1.0,) * 24),
    "data_centre": (_DATA_CENTRE_DAY, _DATA_CENTRE_DAY),
    "three_shift": (_THREE_SHIFT_DAY, tuple(0.6 * w for w in _THREE_SHIFT_DAY)),
    "two_shift": (
        _shape(
            0.3,
            {(6, 7): 0.4, (7, 8): 0.7, (8, 24): 1.0, (12, 13): 0.9, (16, 17): 0.9, (23, 24): 0.8},
        ),
        (0.3,) * 24,
    ),
    "one_shift": (
        _shape(0.25, {(7, 8): 0.6, (8, 17): 1.0, (12, 13): 0.7, (17, 18): 0.6, (18, 19): 0.4}),
        (0.25,) * 24,
    ),
    "office": (
        _shape(
            0.2,
            {
                (7, 8): 0.4,
                (8, 9): 0.8,
                (9, 17): 1.0,
                (12, 13): 0.85,
                (17, 18): 0.8,
                (18, 19): 0.5,
                (19, 20): 0.35,
            },
        ),
        (0.2,) * 24,
    ),
}


@dataclass(frozen=True)
class FilledLoad:
    """Hourly load with a flag for every hour that was modelled rather than measured.

    Attributes
    ----------
    load_kwh : np.ndarray
        (hours, enterprises) electricity use per hour [kWh].
    modelled : np.ndarray
        (hours, enterprises) bool; True where the value comes from a load shape.
    """

    load_kwh: np.ndarray
    modelled: np.ndarray


def china_holidays(year: int) -> frozenset[date]:
    """Chinese statutory public holidays and bridged days off (放假日) of ``year``."""
    return frozenset(country_holidays("CN", years=year))


def china_makeup_workdays(year: int) -> frozenset[date]:
    """Weekend days of ``year`` that are official working days (调休上班日)."""
    calendar = country_holidays("CN", years=year)
    return frozenset(day for day in calendar.weekend_workdays if day.year == year)


#: holidays whose whole break counts as a major holiday (重大节假日) for Shanxi's deep valley
MAJOR_HOLIDAYS = ("Spring Festival", "Labor Day", "National Day")


def china_major_holiday_breaks(year: int) -> frozenset[date]:
    """Every day of the Spring Festival, Labour Day and National Day breaks of ``year``.

    A break is the whole run of consecutive days off (holidays, bridged days and the
    weekends inside) that contains one of those holidays.
    """
    calendar = country_holidays("CN", years=year, language="en_US")
    makeup = china_makeup_workdays(year)
    off = {d for d in calendar if d.year == year}
    anchors = sorted(d for d in off if any(name in calendar[d] for name in MAJOR_HOLIDAYS))
    days: set[date] = set()
    for anchor in anchors:
        for step in (1, -1):
            day = anchor
            while day.year == year and (day in off or (day.weekday() >= 5 and day not in makeup)):
                days.add(day)
                day = day + timedelta(days=step)
    return frozenset(days)


def non_working_hours(
    hours: pd.DatetimeIndex, holidays: Collection[date], makeup_workdays: Collection[date] = ()
) -> np.ndarray:
    """True for hours on weekends or holidays, except make-up working days; shape (hours,).

    ``hours`` are read on their own (local) clock.
    """
    days = hours.tz_localize(None).normalize() if hours.tz is not None else hours.normalize()
    day_array = days.to_numpy(dtype="datetime64[D]")
    weekend = hours.day_of_week.to_numpy() >= 5
    holiday = np.isin(day_array, np.array(sorted(holidays), dtype="datetime64[D]"))
    makeup = np.isin(day_array, np.array(sorted(makeup_workdays), dtype="datetime64[D]"))
    return (weekend & ~makeup) | holiday


def shape_weights(
    profiles: Sequence[str],
    hours: pd.DatetimeIndex,
    holidays: Collection[date],
    makeup_workdays: Collection[date] = (),
) -> np.ndarray:
    """Relative load weight of every hour for every enterprise's shape; shape (hours, E) [-]."""
    idle = non_working_hours(hours, holidays, makeup_workdays)
    clock = hours.hour.to_numpy()
    weights = np.empty((len(hours), len(profiles)))
    for name in set(profiles):
        working, non_working = (np.asarray(w) for w in LOAD_SHAPES[name])
        column = np.where(idle, non_working[clock], working[clock])
        weights[:, [i for i, p in enumerate(profiles) if p == name]] = column[:, None]
    return weights


def hourly_from_monthly_kwh(
    monthly_kwh: np.ndarray,
    profiles: Sequence[str],
    hours: pd.DatetimeIndex,
    holidays: Collection[date],
    *,
    makeup_workdays: Collection[date] = (),
    enterprise_ids: Sequence[str] | None = None,
) -> np.ndarray:
    """Hourly load whose month sums equal ``monthly_kwh`` exactly; shape (hours, E) [kWh].

    Parameters
    ----------
    monthly_kwh : np.ndarray
        (12, E) electricity use per calendar month, January first [kWh].
    profiles : Sequence[str]
        Load-shape name per enterprise, a key of :data:`LOAD_SHAPES`.
    hours : pd.DatetimeIndex
        Hour starts in local clock time, all in one calendar year.
    holidays : Collection[date]
        Non-working days besides weekends, e.g. :func:`china_holidays`.
    makeup_workdays : Collection[date]
        Weekend days worked, e.g. :func:`china_makeup_workdays`.
    enterprise_ids : Sequence[str], optional
        Column names used in error messages.

    Every value returned is modelled; :func:`fill_hourly_load_kwh` mixes in meter data.
    """
    measured = np.full((len(hours), len(profiles)), np.nan)
    filled = fill_hourly_load_kwh(
        measured,
        monthly_kwh,
        profiles,
        hours,
        holidays,
        makeup_workdays=makeup_workdays,
        enterprise_ids=enterprise_ids,
    )
    return filled.load_kwh


def fill_hourly_load_kwh(
    measured_kwh: np.ndarray,
    monthly_kwh: np.ndarray,
    profiles: Sequence[str],
    hours: pd.DatetimeIndex,
    holidays: Collection[date],
    *,
    makeup_workdays: Collection[date] = (),
    enterprise_ids: Sequence[str] | None = None,
) -> FilledLoad:
    """Fill missing (NaN) hours of metered load so each month with gaps meets its total.

    In a month with gaps the missing hours share ``monthly - measured`` in proportion to the
    enterprise's shape weights; measured hours are kept as they are. A month without gaps
    keeps its meter data and ignores ``monthly_kwh`` (NaN allowed there).

    Parameters
    ----------
    measured_kwh : np.ndarray
        (hours, E) metered use, NaN where missing [kWh].
    monthly_kwh : np.ndarray
        (12, E) monthly totals, January first; NaN where unknown [kWh].
    profiles, hours, holidays, makeup_workdays, enterprise_ids
        As in :func:`hourly_from_monthly_kwh`.

    Returns
    -------
    FilledLoad
        Load [kWh] and the mask of modelled hours.
    """
    ids = list(enterprise_ids) if enterprise_ids is not None else None
    _check_inputs(measured_kwh, monthly_kwh, profiles, hours, ids)
    modelled = np.isnan(measured_kwh)
    month_of_hour = hours.month.to_numpy() - 1
    in_month = np.arange(12)[:, None] == month_of_hour[None, :]  # (12, H)
    month_sum = in_month.astype(float)
    gap_weights = np.where(modelled, shape_weights(profiles, hours, holidays, makeup_workdays), 0.0)
    gap_weight_sum = month_sum @ gap_weights  # (12, E)
    measured_sum = month_sum @ np.where(modelled, 0.0, measured_kwh)
    remainder = monthly_kwh - measured_sum
    names = ids or [f"column {i}" for i in range(len(profiles))]
    _check_remainders(remainder, gap_weight_sum, in_month.any(axis=1), names)
    has_gap = gap_weight_sum > 0
    scale = np.divide(remainder, gap_weight_sum, out=np.zeros_like(remainder), where=has_gap)
    load = np.where(modelled, gap_weights * scale[month_of_hour], measured_kwh)
    return FilledLoad(load_kwh=load, modelled=modelled)


def _check_inputs(
    measured_kwh: np.ndarray,
    monthly_kwh: np.ndarray,
    profiles: Sequence[str],
    hours: pd.DatetimeIndex,
    ids: list[str] | None,
) -> None:
    problems = []
    n = len(profiles)
    if measured_kwh.shape != (len(hours), n):
        problems.append(f"hourly load has shape {measured_kwh.shape}, expected ({len(hours)}, {n})")
    if monthly_kwh.shape != (12, n):
        problems.append(f"monthly_kwh has shape {monthly_kwh.shape}, expected (12, {n})")
    if ids is not None and len(ids) != n:
        problems.append(f"{len(ids)} enterprise ids for {n} load profiles")
    names = ids if ids is not None and len(ids) == n else [f"column {i}" for i in range(n)]
    for name, profile in zip(names, profiles, strict=True):
        if profile not in LOAD_SHAPES:
            problems.append(
                f"{name}: unknown load_profile {profile!r}, expected {list(LOAD_SHAPES)}"
            )
    if len(hours) and hours.year.nunique() != 1:
        problems.append(f"hours span years {sorted(set(hours.year))}, expected one calendar year")
    if np.any(monthly_kwh < 0) or np.any(measured_kwh < 0):
        problems.append("electricity use must be >= 0 kWh, got negative values")
    if problems:
        raise InputError(problems)


def _check_remainders(
    remainder: np.ndarray, gap_weight_sum: np.ndarray, hours_in_month: np.ndarray, names: list[str]
) -> None:
    problems = []
    for month, column in zip(*np.nonzero(gap_weight_sum > 0), strict=True):
        where = f"{names[column]} month {month + 1}"
        if np.isnan(remainder[month, column]):
            problems.append(
                text(
                    f"{where}：逐时数据有缺口，但没有月度总量可用于补齐",
                    f"{where}: hourly data has gaps but no monthly total to fill them",
                )
            )
        elif remainder[month, column] < 0:
            excess = -remainder[month, column]
            problems.append(
                text(
                    f"{where}：实测小时之和比月度总量多 {excess:.3f} kWh，缺测小时无电量可分；请核对计量数据或账单",
                    f"{where}: measured hours exceed the monthly total by {excess:.3f} kWh, leaving "
                    "nothing for the missing hours; check the meter data or the bill",
                )
            )
    no_hours = ~hours_in_month[:, None] & (np.nan_to_num(remainder) != 0)
    for month, column in zip(*np.nonzero(no_hours), strict=True):
        problems.append(
            f"{names[column]} month {month + 1}: monthly total is "
            f"{remainder[month, column]:.3f} kWh but the time axis has no hours in that month"
        )
    if problems:
        raise InputError(problems)


def gap_month_totals_kwh(
    measured_kwh: np.ndarray,
    profiles: Sequence[str],
    hours: pd.DatetimeIndex,
    holidays: Collection[date],
    makeup_workdays: Collection[date] = (),
) -> np.ndarray:
    """Estimated totals of months with gaps, from the measured hours of the same month.

    total = measured kWh × Σ shape weights of all hours ÷ Σ shape weights of measured hours,
    i.e. the missing hours are assumed to follow the enterprise's shape at the level the
    measured hours of that month show. NaN for months without gaps or without any
    measured hour (those cannot be estimated this way); shape (12, E) [kWh].
    """
    weights = shape_weights(profiles, hours, holidays, makeup_workdays)
    missing = np.isnan(measured_kwh)
    month = hours.month.to_numpy() - 1
    in_month = (np.arange(12)[:, None] == month[None, :]).astype(float)  # (12, H)
    measured_sum = in_month @ np.where(missing, 0.0, measured_kwh)
    measured_weight = in_month @ np.where(missing, 0.0, weights)
    all_weight = in_month @ weights
    has_gap = (in_month @ missing.astype(float)) > 0
    estimable = has_gap & (measured_weight > 0)
    estimate = np.full(measured_sum.shape, np.nan)
    np.divide(measured_sum * all_weight, measured_weight, out=estimate, where=estimable)
    return estimate
