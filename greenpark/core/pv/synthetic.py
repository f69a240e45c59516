"""Synthetic typical-year hourly weather from a monthly climatology (no file, no network).

Method (the one HOMER uses), in four steps, seeded and deterministic:

1. **Daily clearness index** ``Kt`` by a first-order Markov chain (Aguiar, Collares-Pereira &
   Conde 1988, "Simple procedure for generating sequences of daily radiation values using a
   library of Markov transition matrices", *Solar Energy* 40(3)). The month's mean ``Kt``
   selects a transition matrix; a day's ``Kt`` is drawn uniformly inside the drawn state.
   The published matrix library is **not** used: the matrices are fitted to the CSWD Shanxi
   typical-year files by ``scripts/derive_climatology.py`` (``factors/weather/kt_transitions.csv``).
   Each month is then rescaled to reproduce its climatological mean daily GHI.
2. **Hourly clearness index** ``kt`` by the TAG model (Aguiar & Collares-Pereira 1992, "TAG: a
   time-dependent, autoregressive, Gaussian model for generating synthetic hourly radiation",
   *Solar Energy* 49(3)): ``kt = ktm(Kt, α) + σ(Kt, α)·y`` with ``y`` a unit-variance AR(1)
   process with lag-one correlation ``φ(Kt)``, draws outside ``[0, kt_cs]`` redrawn, where
   ``kt_cs = 0.88 cos(π (h − 12.5) / 30)`` (``h`` the solar hour). ``sin α`` is the hour-mean
   cosine of the zenith. The coefficients below are those of the paper (cross-checked against
   two independent public implementations and the Meteonorm 7 theory handbook's description).
   Hours are then rescaled (under the ``kt_cs`` ceiling) so each day and month keep their GHI.
3. **DNI/DHI** by a decomposition model (:func:`greenpark.core.pv.sun.decomposed_irradiance`).
4. **Air temperature**: half-cosine daily cycle, minimum at sunrise, maximum at solar noon + 2 h
   (≈ 14:30 Beijing time in Shanxi), daily mean interpolated between mid-month climatological
   means and corrected to reproduce each month's mean; amplitude = the month's mean daily range.
   **Wind speed**: the month's mean, constant (it only enters cell temperature).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from greenpark.core.pv.sun import (
    FloatArray,
    IntervalSun,
    decomposed_irradiance,
    hour_mean_cos_zenith,
    interval_sun,
    solar_position,
)

IntArray = npt.NDArray[np.int64]

#: TAG ceiling on the hourly clearness index at solar noon (Aguiar & Collares-Pereira 1992)
TAG_KT_CS_NOON = 0.88
#: Hours after solar noon of the daily maximum air temperature [h]. A greenpark modelling
#: assumption: the surface air warms for some hours after the sun's peak, so the daily maximum
#: falls in the early-to-mid afternoon; 2 h puts it near 14:30 Beijing time in Shanxi, where the
#: CSWD typical years have their warmest hours (test_synthetic checks the June maximum).
TEMP_MAX_AFTER_NOON_H = 2.0
#: Numerical setting: TAG draws outside [0, kt_cs] are redrawn up to this many times, then
#: clipped. Each redraw is an independent Gaussian draw, so the share still outside after 10
#: is the 10th power of the per-draw share (negligible except for hours whose mean lies at or
#: beyond a bound, where clipping is the intended outcome anyway).
_REDRAWS = 10
#: Numerical setting: at most this many rounds of "scale each group to its total, cap at the
#: ceiling". Each round moves what the cap cut off onto the uncapped hours of the group; the
#: rounds stop once every group is within :data:`_RESCALE_TOLERANCE` of its total (a few rounds
#: in most months; sunny high-altitude months with many capped hours take a few dozen). A group
#: asking for more than its ceilings allow ends at the ceiling, short of its total.
_RESCALE_MAX_ROUNDS = 200
#: Relative tolerance on group totals after rescaling: floating-point rounding of a sum of
#: ~744 hours is ~1e-13, so 1e-12 is "equal to rounding error".
_RESCALE_TOLERANCE = 1e-12


@dataclass(frozen=True)
class MonthlyClimate:
    """Twelve monthly means (January first) that a synthetic year reproduces."""

    mean_daily_ghi_kwh_per_m2: FloatArray
    mean_temp_air_c: FloatArray
    mean_daily_temp_range_c: FloatArray
    mean_wind_speed_m_s: FloatArray


@dataclass(frozen=True)
class KtTransitions:
    """Daily-``Kt`` Markov transition matrices, one per class of monthly mean ``Kt``.

    Class ``c`` covers monthly ``Kt`` up to ``class_upper_kt[c]``; its states split
    ``[daily_kt_min[c], daily_kt_max[c]]`` into equal bins; ``probabilities[c, i, j]`` is the
    chance that a day in state ``i`` is followed by one in state ``j`` (rows sum to 1).
    """

    class_upper_kt: FloatArray
    daily_kt_min: FloatArray
    daily_kt_max: FloatArray
    probabilities: FloatArray


def monthly_extraterrestrial_kwh_per_m2(
    interval_starts: pd.DatetimeIndex, latitude_deg: float, longitude_deg: float
) -> FloatArray:
    """Mean daily extraterrestrial horizontal irradiation of each calendar month [kWh/m²/day].

    Summed from the hour means the generator uses (:func:`hour_mean_cos_zenith`), so a month's
    clearness index is ``mean daily GHI / this``, exactly as :func:`synthetic_weather` sees it.
    ``interval_starts`` must be hourly and cover each month whole (e.g. one year); the result
    has one value per month present, in calendar order.
    """
    sun = interval_sun(interval_starts, latitude_deg, longitude_deg)
    i0 = sun.extraterrestrial_dni_w_per_m2 * hour_mean_cos_zenith(sun, latitude_deg)
    month = pd.Series(i0, index=interval_starts.month)
    grouped = month.groupby(level=0)
    return np.asarray(grouped.sum().to_numpy() / (grouped.size().to_numpy() / 24) / 1000, float)


def daily_clearness_index(
    rng: np.random.Generator,
    monthly_kt: FloatArray,
    day_month: IntArray,
    transitions: KtTransitions,
) -> FloatArray:
    """Markov-chain daily clearness indices, before rescaling to the monthly means [fraction].

    Parameters
    ----------
    rng : the seeded generator.
    monthly_kt : target monthly clearness index, January first [fraction]
    day_month : month (1–12) of each day, in order.
    transitions : the matrix library.
    """
    n_classes, n_states, _ = transitions.probabilities.shape
    klass = np.minimum(np.searchsorted(transitions.class_upper_kt, monthly_kt), n_classes - 1)
    cumulative = np.cumsum(transitions.probabilities, axis=2)
    draws = rng.random((len(day_month), 2))
    kt = np.empty(len(day_month))
    previous = float(monthly_kt[day_month[0] - 1])
    for day, month in enumerate(day_month):
        c = klass[month - 1]
        low, high = transitions.daily_kt_min[c], transitions.daily_kt_max[c]
        width = (high - low) / n_states
        state = int(np.clip((previous - low) // width, 0, n_states - 1))
        following = int(
            np.searchsorted(cumulative[c, state], draws[day, 0] * cumulative[c, state, -1])
        )
        previous = low + (min(following, n_states - 1) + draws[day, 1]) * width
        kt[day] = previous
    return kt


def _tag_parameters(daily_kt: FloatArray, sin_elevation: FloatArray) -> tuple[FloatArray, ...]:
    """TAG mean ``ktm``, standard deviation ``σ`` and lag-one correlation ``φ`` per hour."""
    k = daily_kt[:, None]
    lam = -0.19 + 1.12 * k + 0.24 * np.exp(-8.0 * k)
    eta = 0.32 - 1.6 * (k - 0.5) ** 2
    # κ < 0 only for daily Kt > 0.983, beyond any day the TAG coefficients were fitted to; it
    # would make the hourly mean grow without bound towards the horizon, so it stops at 0
    kappa = np.maximum(0.19 + 2.27 * k**2 - 2.51 * k**3, 0.0)
    with np.errstate(divide="ignore"):
        ktm = lam + eta * np.exp(-kappa / np.where(sin_elevation > 0, sin_elevation, np.nan))
    a = 0.14 * np.exp(-20.0 * (k - 0.35) ** 2)
    b = 3.0 * (k - 0.45) ** 2 + 16.0 * k**5
    sigma = a * np.exp(b * (1.0 - sin_elevation))
    phi = np.broadcast_to(0.38 + 0.06 * np.cos(7.4 * k - 2.5), ktm.shape)
    return np.nan_to_num(ktm), sigma, phi


def hourly_clearness_index(
    rng: np.random.Generator, daily_kt: FloatArray, sin_elevation: FloatArray, kt_cs: FloatArray
) -> FloatArray:
    """TAG hourly clearness index, shape (days, 24) [fraction]; 0 where the sun is down.

    Parameters
    ----------
    rng : the seeded generator.
    daily_kt : daily clearness index [fraction]
    sin_elevation : hour-mean sine of the solar elevation, shape (days, 24)
    kt_cs : ceiling on ``kt`` per hour, shape (days, 24) [fraction]
    """
    ktm, sigma, phi = _tag_parameters(daily_kt, sin_elevation)
    kt = np.zeros_like(sin_elevation)
    y = np.zeros(len(daily_kt))
    for hour in range(sin_elevation.shape[1]):
        day = sin_elevation[:, hour] > 0
        rho = phi[:, hour]
        y_new = rho * y + np.sqrt(1 - rho**2) * rng.standard_normal(len(y))
        for _ in range(_REDRAWS):
            value = ktm[:, hour] + sigma[:, hour] * y_new
            bad = day & ((value < 0) | (value > kt_cs[:, hour]))
            if not bad.any():
                break
            y_new[bad] = rho[bad] * y[bad] + np.sqrt(1 - rho[bad] ** 2) * rng.standard_normal(
                int(bad.sum())
            )
        y = np.where(day, y_new, 0.0)
        kt[:, hour] = np.where(
            day, np.clip(ktm[:, hour] + sigma[:, hour] * y, 0, kt_cs[:, hour]), 0
        )
    return kt


def _rescaled_to_totals(
    values: FloatArray, groups: IntArray, totals: FloatArray, ceiling: FloatArray
) -> FloatArray:
    """Scale ``values`` so each group sums to ``totals[group]``, never above ``ceiling``."""
    for _ in range(_RESCALE_MAX_ROUNDS):
        current = np.bincount(groups, weights=values, minlength=len(totals))
        factor = np.divide(totals, current, out=np.ones_like(totals), where=current > 0)
        scaled = np.minimum(values * factor[groups], ceiling)
        if np.all(np.abs(factor - 1.0) <= _RESCALE_TOLERANCE) or np.array_equal(scaled, values):
            break
        values = scaled
    return values


def _half_cosine(
    hour: FloatArray, start: tuple[object, FloatArray], end: tuple[object, FloatArray]
) -> FloatArray:
    """Half-cosine from ``start = (hour, value)`` to ``end``, evaluated at ``hour``."""
    (h0, v0), (h1, v1) = start, end
    fraction = (hour - np.asarray(h0)) / (np.asarray(h1) - np.asarray(h0))
    return np.asarray(v0 + (v1 - v0) * (1.0 - np.cos(np.pi * fraction)) / 2.0, dtype=float)


def air_temperature_c(
    interval_starts: pd.DatetimeIndex, sun: IntervalSun, climate: MonthlyClimate
) -> FloatArray:
    """Hourly air temperature with a sunrise-minimum, afternoon-maximum daily cycle [°C].

    ``interval_starts`` must cover whole local days; ``sun`` is their
    :func:`~greenpark.core.pv.sun.interval_sun`. Each month's mean equals the climatology.
    """
    days = len(interval_starts) // 24
    clock_h = np.tile(np.arange(24) + 0.5, days)
    solar_minus_clock = (12.0 + sun.hour_angle_deg / 15.0 - clock_h + 12.0) % 24
    solar_h = (clock_h + solar_minus_clock - 12.0).reshape(days, 24)
    sunrise_h = 12.0 - sun.sunset_hour_angle_deg.reshape(days, 24)[:, 12] / 15.0
    max_h = 12.0 + TEMP_MAX_AFTER_NOON_H
    month = np.asarray(interval_starts.month).reshape(days, 24)[:, 12]
    day_of_year = np.arange(days) + 0.5
    mid_month = np.array([np.mean(np.flatnonzero(month == m)) + 0.5 for m in range(1, 13)])
    mean = np.interp(day_of_year, mid_month, climate.mean_temp_air_c, period=days)
    half = climate.mean_daily_temp_range_c[month - 1] / 2.0
    t_min, t_max = (mean - half)[:, None], (mean + half)[:, None]
    sunrise = sunrise_h[:, None]
    next_min, next_rise = np.roll(t_min, -1, axis=0), np.roll(sunrise, -1, axis=0) + 24.0
    prev_max, prev_peak = np.roll(t_max, 1, axis=0), max_h - 24.0
    rising = _half_cosine(solar_h, (sunrise, t_min), (max_h, t_max))
    falling = _half_cosine(solar_h, (max_h, t_max), (next_rise, next_min))
    night = _half_cosine(solar_h, (prev_peak, prev_max), (sunrise, t_min))
    early, late = solar_h < sunrise_h[:, None], solar_h >= max_h
    temp = np.where(early, night, np.where(late, falling, rising)).ravel()
    month_h = np.asarray(interval_starts.month) - 1
    offset = climate.mean_temp_air_c - np.bincount(month_h, temp, 12) / np.bincount(
        month_h, None, 12
    )
    return np.asarray(temp + offset[month_h], dtype=float)


def synthetic_weather(
    interval_starts: pd.DatetimeIndex,
    latitude_deg: float,
    longitude_deg: float,
    altitude_m: float,
    climate: MonthlyClimate,
    transitions: KtTransitions,
    seed: int,
    decomposition: str = "erbs",
) -> pd.DataFrame:
    """One synthetic year of hourly weather reproducing ``climate`` (see module docstring).

    Parameters
    ----------
    interval_starts : hourly interval starts covering whole local days (e.g. 8760 h), tz-aware.
    latitude_deg, longitude_deg, altitude_m : site [deg, deg, m]
    climate : monthly means to reproduce.
    transitions : daily-``Kt`` Markov matrices.
    seed : random seed; the same seed gives the same year.
    decomposition : GHI split model, see :data:`greenpark.core.pv.sun.DECOMPOSITION_MODELS`.

    Returns
    -------
    DataFrame indexed by ``interval_starts``: ``ghi``, ``dni``, ``dhi`` [W/m², hour mean],
    ``temp_air`` [°C], ``wind_speed`` [m/s].
    """
    if len(interval_starts) % 24 or interval_starts[0].hour != 0:
        raise ValueError("synthetic_weather needs whole local days of hourly intervals")
    rng = np.random.default_rng(seed)
    days = len(interval_starts) // 24
    mid = interval_starts + pd.Timedelta(minutes=30)
    sun = interval_sun(interval_starts, latitude_deg, longitude_deg)
    mean_cos_zenith = hour_mean_cos_zenith(sun, latitude_deg)
    i0 = sun.extraterrestrial_dni_w_per_m2 * mean_cos_zenith  # hour-mean, horizontal [W/m²]
    sin_elevation = mean_cos_zenith.reshape(days, 24)
    month_h = np.asarray(interval_starts.month) - 1
    day_month = month_h.reshape(days, 24)[:, 0] + 1
    h0_day = i0.reshape(days, 24).sum(axis=1)
    hours_per_month = np.bincount(month_h, minlength=12)
    target_month = climate.mean_daily_ghi_kwh_per_m2 * 1000.0 * hours_per_month / 24.0
    monthly_kt = target_month / np.bincount(month_h, weights=i0, minlength=12)
    kt_day = daily_clearness_index(rng, monthly_kt, day_month.astype(np.int64), transitions)
    kt_day = _rescaled_to_totals(kt_day * h0_day, day_month - 1, target_month, h0_day) / h0_day
    kt_cs = TAG_KT_CS_NOON * np.cos(np.pi * sun.hour_angle_deg / 15.0 / 30.0)
    ceiling = np.clip(kt_cs, 0.0, None) * i0
    kt = hourly_clearness_index(rng, kt_day, sin_elevation, kt_cs.reshape(days, 24))
    day_h = np.repeat(np.arange(days), 24)
    ghi = _rescaled_to_totals(kt.ravel() * i0, day_h, kt_day * h0_day, ceiling)
    ghi = _rescaled_to_totals(ghi, month_h, target_month, ceiling)
    zenith = solar_position(mid, latitude_deg, longitude_deg, altitude_m)["zenith"]
    split = decomposed_irradiance(pd.Series(ghi, index=interval_starts), zenith, mid, decomposition)
    split["temp_air"] = air_temperature_c(interval_starts, sun, climate)
    split["wind_speed"] = climate.mean_wind_speed_m_s[month_h]
    return split
