"""Synthetic hourly electric load shapes for the illustrative park, by load profile.

A shape is built day by day from the Chinese calendar of the year (``holidays.China``:
statutory holidays, weekend make-up working days 调休, the Spring Festival), a 24-hour
pattern per day kind, a demand season, a synthetic temperature for cooling, planned outages
for continuous processes and multiplicative noise; it is then scaled to the annual energy.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import holidays
import numpy as np
import pandas as pd

HOURS = np.arange(24)


def _shift(on: tuple[int, int], high: float, low: float) -> np.ndarray:
    """A 24-hour pattern at ``high`` within the [start, end) clock hours and ``low`` outside."""
    inside = (HOURS >= on[0]) & (HOURS < on[1])  # noqa: SIM300
    return np.where(inside, high, low).astype(float)


def _two_shift_day() -> np.ndarray:
    day = _shift((8, 24), 1.0, 0.3)
    day[[7, 12, 18]] = (0.6, 0.85, 0.85)  # start-up, meal breaks
    return day


def _one_shift_day() -> np.ndarray:
    day = _shift((8, 17), 1.0, 0.12)
    day[[7, 12, 17]] = (0.4, 0.6, 0.45)
    return day


def _office_day() -> np.ndarray:
    day = _shift((8, 18), 1.0, 0.25)
    day[[7, 18, 19]] = (0.5, 0.6, 0.4)
    return day


def _three_shift_day() -> np.ndarray:
    day = np.ones(24)
    day[[0, 8, 16]] = 0.92  # shift changes
    return day


@dataclass(frozen=True)
class Profile:
    """24-hour patterns for working and rest days, and levels for holidays [fraction]."""

    working: np.ndarray
    rest: np.ndarray
    holiday_level: float  # multiplies the rest-day pattern on statutory holidays
    spring_festival_level: float  # multiplies the rest-day pattern in the shutdown window
    cooling_per_c: float  # extra load per °C above the cooling threshold, when occupied
    noise_day: float
    noise_hour: float


PROFILES: dict[str, Profile] = {
    "continuous_process": Profile(np.ones(24), np.ones(24), 0.97, 0.9, 0.0, 0.02, 0.015),
    "three_shift": Profile(_three_shift_day(), 0.85 * _three_shift_day(), 0.7, 0.55, 0.004,
                           0.035, 0.025),
    "two_shift": Profile(_two_shift_day(), _shift((8, 24), 0.45, 0.25), 0.8, 0.7, 0.006,
                         0.05, 0.04),
    "one_shift": Profile(_one_shift_day(), np.full(24, 0.15), 0.9, 0.8, 0.008, 0.05, 0.04),
    "office": Profile(_office_day(), np.full(24, 0.3), 0.85, 0.75, 0.012, 0.04, 0.03),
    "data_centre": Profile(np.ones(24), np.ones(24), 1.0, 1.0, 0.0, 0.01, 0.008),
}  # fmt: skip

COOLING_THRESHOLD_C = 24.0
DATA_CENTRE_FREE_COOLING_C = 12.0  # below this, chillers idle (economiser)
DATA_CENTRE_COOLING_PER_C = 0.012  # extra load per °C above free cooling [fraction of IT]


@dataclass(frozen=True)
class Calendar:
    """Day-level facts of one year, each an array over the days of the year."""

    index: pd.DatetimeIndex  # hourly, local clock, interval start
    working: np.ndarray  # bool: a working day (weekdays and 调休 make-up days)
    holiday: np.ndarray  # bool: a statutory public holiday
    spring_festival: np.ndarray  # bool: inside the manufacturing shutdown window
    spring_festival_day: int  # day of year (1-based) of 春节
    mid_autumn_day: int  # day of year of 中秋节


def _holiday_day(calendar: holidays.HolidayBase, name: str) -> dt.date:
    return min(day for day, label in calendar.items() if name in label)


def calendar(year: int) -> Calendar:
    """Return the hourly index and day kinds of ``year`` from ``holidays.China``."""
    china = holidays.country_holidays("CN", years=year, language="en_US")
    days = pd.date_range(f"{year}-01-01", f"{year}-12-31", freq="D")
    spring = _holiday_day(china, "Spring Festival")
    autumn = _holiday_day(china, "Mid-Autumn")
    shutdown = (days >= pd.Timestamp(spring - dt.timedelta(days=5))) & (
        days <= pd.Timestamp(spring + dt.timedelta(days=9))
    )
    return Calendar(
        index=pd.date_range(f"{year}-01-01", periods=len(days) * 24, freq="h"),
        working=np.array([china.is_working_day(day.date()) for day in days]),
        holiday=np.array([day.date() in china for day in days]),
        spring_festival=np.asarray(shutdown),
        spring_festival_day=spring.timetuple().tm_yday,
        mid_autumn_day=autumn.timetuple().tm_yday,
    )


def temperature_c(cal: Calendar, rng: np.random.Generator) -> np.ndarray:
    """Synthetic hourly air temperature near Jincheng [°C]: seasonal, daily, weather noise.

    Annual mean 11.5 °C, seasonal amplitude 13 °C (coldest mid-January), daily amplitude 5 °C
    (warmest 15:00), and an AR(1) day-to-day anomaly (φ 0.8, σ 1.8 °C). Illustrative only.
    """
    n_days = len(cal.working)
    doy = np.arange(1, n_days + 1)
    anomaly = np.zeros(n_days)
    shocks = rng.normal(0.0, 1.8, n_days)
    for day in range(1, n_days):
        anomaly[day] = 0.8 * anomaly[day - 1] + shocks[day]
    daily_mean = 11.5 - 13.0 * np.cos(2 * np.pi * (doy - 18) / 365.25) + anomaly
    diurnal = 5.0 * np.cos(2 * np.pi * (HOURS - 15) / 24)
    hourly_c: np.ndarray = (daily_mean[:, None] + diurnal[None, :]).ravel()
    return hourly_c


def _bump(doy: np.ndarray, centre: float, width: float) -> np.ndarray:
    bump: np.ndarray = np.exp(-0.5 * ((doy - centre) / width) ** 2)
    return bump


def season_factor(season: str, cal: Calendar) -> np.ndarray:
    """Daily demand multiplier of a season name [fraction], one value per day."""
    doy = np.arange(1, len(cal.working) + 1, dtype=float)
    factors = {
        "flat": np.ones_like(doy),
        # vegetable processing: late-summer and autumn harvest
        "harvest": 0.75 + 0.75 * _bump(doy, 258, 28),
        # mooncakes before 中秋, pastries before 春节
        "festival": 0.8
        + 0.9 * _bump(doy, cal.mid_autumn_day - 18, 12)
        + 0.5 * _bump(doy, cal.spring_festival_day - 18, 10),
        "summer": 0.8 + 0.45 * _bump(doy, 196, 40),  # beer
    }
    return factors[season]


def _day_patterns(profile: Profile, cal: Calendar) -> np.ndarray:
    """Pattern of every day by its kind [fraction], shape (days, 24)."""
    patterns = np.where(cal.working[:, None], profile.working[None, :], profile.rest[None, :])
    patterns = np.where(cal.holiday[:, None], profile.holiday_level * profile.rest, patterns)
    return np.where(
        cal.spring_festival[:, None], profile.spring_festival_level * profile.rest, patterns
    )


def _outages(n_days: int, rng: np.random.Generator) -> np.ndarray:
    """Three planned maintenance outages of 2–3 days at 20–35 % load [fraction per day]."""
    level = np.ones(n_days)
    for first, last in ((90, 150), (180, 240), (280, 320)):
        start = int(rng.integers(first, last))
        level[start : start + int(rng.integers(2, 4))] = rng.uniform(0.2, 0.35)
    return level


def hourly_load_kwh(
    profile_name: str, season: str, annual_kwh: float, cal: Calendar, temp_c: np.ndarray,
    rng: np.random.Generator,
) -> np.ndarray:  # fmt: skip
    """Hourly electricity use of one enterprise [kWh], summing to ``annual_kwh``."""
    profile = PROFILES[profile_name]
    n_days = len(cal.working)
    day_level = season_factor(season, cal) * rng.normal(1.0, profile.noise_day, n_days)
    if profile_name == "continuous_process":
        day_level = day_level * _outages(n_days, rng)
    shape = (_day_patterns(profile, cal) * day_level[:, None]).ravel()
    if profile_name == "data_centre":
        cooling = DATA_CENTRE_COOLING_PER_C * np.maximum(temp_c - DATA_CENTRE_FREE_COOLING_C, 0)
        shape = shape * (1.0 + cooling)
    else:
        shape = shape * (1.0 + profile.cooling_per_c * np.maximum(temp_c - COOLING_THRESHOLD_C, 0))
    shape = np.clip(shape * rng.normal(1.0, profile.noise_hour, shape.size), 0.0, None)
    load_kwh: np.ndarray = annual_kwh * shape / shape.sum()
    return load_kwh
