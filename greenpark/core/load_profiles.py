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
from holidays.holiday_base import HolidayBase

from greenpark.core.coverage import IMPUTED, MEASURED, completed_hourly
from greenpark.core.package_parts import without_package_init

# holidays.countries' __init__ imports every country's module (~0.1 s of every start), and
# holidays.country_holidays() imports holidays.countries
with without_package_init("holidays.countries"):
    from holidays.countries.china import China


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
    """Hourly load with the source of every hour: measured, or how it was modelled.

    Attributes
    ----------
    load_kwh : np.ndarray
        (hours, enterprises) electricity use per hour [kWh].
    source : np.ndarray
        (hours, enterprises) int8 source code of every hour (:data:`greenpark.core.coverage.SOURCES`:
        measured, billed, imputed, extrapolated).
    month_source : np.ndarray
        (12, enterprises) int8 source code of every month (measured = fully metered).
    """

    load_kwh: np.ndarray
    source: np.ndarray
    month_source: np.ndarray

    @property
    def modelled(self) -> np.ndarray:
        """(hours, enterprises) bool; True where the value comes from a load shape."""
        flags: np.ndarray = self.source != MEASURED
        return flags

    @property
    def estimated_month(self) -> np.ndarray:
        """(12, enterprises) bool; True where a month's total was estimated from its own
        measured hours (``estimate_missing_totals``) because no monthly total was given."""
        flags: np.ndarray = self.month_source == IMPUTED
        return flags


def _china(year: int, language: str | None = None) -> HolidayBase:
    """holidays' calendar of China for ``year``: ``holidays.country_holidays("CN", ...)``."""
    return China(years=year, language=language)  # type: ignore[no-untyped-call]


def china_holidays(year: int) -> frozenset[date]:
    """Chinese statutory public holidays and bridged days off (放假日) of ``year``."""
    return frozenset(_china(year))


def china_makeup_workdays(year: int) -> frozenset[date]:
    """Weekend days of ``year`` that are official working days (调休上班日)."""
    calendar = _china(year)
    return frozenset(day for day in calendar.weekend_workdays if day.year == year)


#: Holidays whose whole break we read as a "major holiday" (重大节假日) for Shanxi's deep-valley
#: price. 晋发改商品发〔2026〕15号 (china-factors 7c) says only "major holidays"; taking the
#: three long breaks (Spring Festival, Labour Day, National Day) is greenpark's reading.
MAJOR_HOLIDAYS = ("Spring Festival", "Labor Day", "National Day")


def china_major_holiday_breaks(year: int) -> frozenset[date]:
    """Every day of the Spring Festival, Labour Day and National Day breaks of ``year``.

    A break is the whole run of consecutive days off (holidays, bridged days and the
    weekends inside) that contains one of those holidays (:data:`MAJOR_HOLIDAYS`).
    """
    calendar = _china(year, language="en_US")
    makeup = {day for day in calendar.weekend_workdays if day.year == year}
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


def hours_on_days(hours: pd.DatetimeIndex, days: Collection[date]) -> np.ndarray:
    """True for the hours whose date, on their own (local) clock, is in ``days``; (hours,)."""
    local = hours.tz_localize(None) if hours.tz is not None else hours
    day_of_hour = local.normalize().to_numpy(dtype="datetime64[D]")
    return np.isin(day_of_hour, np.array(sorted(days), dtype="datetime64[D]"))


def non_working_hours(
    hours: pd.DatetimeIndex, holidays: Collection[date], makeup_workdays: Collection[date] = ()
) -> np.ndarray:
    """True for hours on weekends or holidays, except make-up working days; shape (hours,).

    ``hours`` are read on their own (local) clock.
    """
    weekend = hours.day_of_week.to_numpy() >= 5
    makeup = hours_on_days(hours, makeup_workdays)
    idle: np.ndarray = (weekend & ~makeup) | hours_on_days(hours, holidays)
    return idle


def shape_weights(
    profiles: Sequence[str],
    hours: pd.DatetimeIndex,
    holidays: Collection[date],
    makeup_workdays: Collection[date] = (),
) -> np.ndarray:
    """Relative load weight of every hour for every enterprise's shape; shape (hours, E) [-]."""
    idle = non_working_hours(hours, holidays, makeup_workdays)
    clock = hours.hour.to_numpy()
    names = sorted(set(profiles))
    columns = np.empty((len(hours), len(names)))
    for j, name in enumerate(names):
        working, non_working = (np.asarray(w) for w in LOAD_SHAPES[name])
        columns[:, j] = np.where(idle, non_working[clock], working[clock])
    weights: np.ndarray = columns[:, [names.index(p) for p in profiles]]
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
    estimate_missing_totals: bool = False,
    extrapolate_missing_months: bool = False,
) -> FilledLoad:
    """Fill missing (NaN) hours of metered load so each month with gaps meets its total.

    In a month with gaps the missing hours share ``monthly - measured`` in proportion to the
    enterprise's shape weights; measured hours are kept as they are. A month without gaps
    keeps its meter data and ignores ``monthly_kwh`` (NaN allowed there). The rules, with
    formulas, are those of :func:`greenpark.core.coverage.completed_hourly`.

    Parameters
    ----------
    measured_kwh : np.ndarray
        (hours, E) metered use, NaN where missing [kWh].
    monthly_kwh : np.ndarray
        (12, E) monthly totals, January first; NaN where unknown [kWh].
    profiles, hours, holidays, makeup_workdays, enterprise_ids
        As in :func:`hourly_from_monthly_kwh`.
    estimate_missing_totals : bool
        Where a month has gaps, measured hours and no total (NaN), estimate the total as
        measured kWh × Σ shape weights of all its hours ÷ Σ shape weights of its measured
        hours, i.e. the missing hours follow the shape at the level the measured hours
        show (source ``imputed``).
    extrapolate_missing_months : bool
        Fill a month with neither measured hours nor a total at the level of the
        enterprise's known months, by its shape (source ``extrapolated``; ``--allow-gaps``).

    Returns
    -------
    FilledLoad
        Load [kWh] and the source of every hour and month.
    """
    ids = list(enterprise_ids) if enterprise_ids is not None else None
    _check_inputs(measured_kwh, monthly_kwh, profiles, hours, ids)
    month = hours.month.to_numpy()
    names = ids or [f"column {i}" for i in range(len(profiles))]
    _check_months_on_axis(monthly_kwh, np.isin(np.arange(1, 13), month), names)
    completed = completed_hourly(
        measured_kwh,
        monthly_kwh,
        shape_weights(profiles, hours, holidays, makeup_workdays),
        month,
        impute=estimate_missing_totals,
        extrapolate=extrapolate_missing_months,
        names=names,
    )
    return FilledLoad(completed.values, completed.source, completed.month_source)


def _check_inputs(
    measured_kwh: np.ndarray,
    monthly_kwh: np.ndarray,
    profiles: Sequence[str],
    hours: pd.DatetimeIndex,
    ids: list[str] | None,
) -> None:
    n = len(profiles)
    problems = _shape_problems(measured_kwh.shape, monthly_kwh.shape, (len(hours), n), ids)
    names = ids if ids is not None and len(ids) == n else [f"column {i}" for i in range(n)]
    problems += [
        f"{name}: unknown load_profile {profile!r}, expected {list(LOAD_SHAPES)}"
        for name, profile in zip(names, profiles, strict=True)
        if profile not in LOAD_SHAPES
    ]
    if len(hours) and hours.year.nunique() != 1:
        years = sorted(set(hours.year))
        problems.append(f"hours span years {years}, expected one calendar year")
    if np.any(monthly_kwh < 0) or np.any(measured_kwh < 0):
        problems.append("electricity use must be >= 0 kWh, got negative values")
    if problems:
        raise ValueError("\n".join(problems))


def _shape_problems(
    measured: tuple[int, ...],
    monthly: tuple[int, ...],
    expected: tuple[int, int],
    ids: list[str] | None,
) -> list[str]:
    """Shape mismatches of the hourly (``expected`` = (hours, E)) and monthly (12, E) input."""
    n, problems = expected[1], []
    if measured != expected:
        problems.append(f"hourly load has shape {measured}, expected {expected}")
    if monthly != (12, n):
        problems.append(f"monthly_kwh has shape {monthly}, expected (12, {n})")
    if ids is not None and len(ids) != n:
        problems.append(f"{len(ids)} enterprise ids for {n} load profiles")
    return problems


def _check_months_on_axis(
    monthly_kwh: np.ndarray, month_has_hours: np.ndarray, names: list[str]
) -> None:
    """A monthly total other than 0 for a month the time axis does not reach is an error."""
    no_hours = ~month_has_hours[:, None] & (np.nan_to_num(monthly_kwh) != 0)
    problems = []
    for month, column in zip(*np.nonzero(no_hours), strict=True):
        where = f"{names[column]} month {month + 1}"
        total = monthly_kwh[month, column]
        problems.append(
            f"{where}: monthly total is {total:.3f} kWh but the time axis has no hours "
            "in that month"
        )
    if problems:
        raise ValueError("\n".join(problems))
