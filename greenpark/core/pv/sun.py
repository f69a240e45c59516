"""The sun seen from a site: position, extraterrestrial and clear-sky irradiance, GHI splitting.

Pure functions over tz-aware ``DatetimeIndex`` es; every pvlib model call for the sun lives here.

Time convention: weather rows are labelled by the START of their hourly interval; the sun for
a row is evaluated at mid-interval (``label + 30 min``, see ``Weather.sun_times``). Functions
that take *interval starts* say so; the others take the instants where the sun is wanted.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import numpy as np
import numpy.typing as npt
import pandas as pd
import pvlib

FloatArray = npt.NDArray[np.float64]

#: Quarter-hour grid used to compare measured GHI with the sun at shifted times [h]
LAG_STEP_H = 0.25
#: Largest time shift tried when looking for a lag between GHI and the sun [h]
LAG_MAX_H = 3.0


@contextmanager
def _quiet_pvlib_dayofyear() -> Iterator[None]:
    """pvlib 0.16 still calls ``DatetimeIndex.dayofyear``, deprecated in pandas 3.1."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="DatetimeIndex.dayofyear is deprecated")
        yield


def solar_position(
    times: pd.DatetimeIndex, latitude_deg: float, longitude_deg: float, altitude_m: float
) -> pd.DataFrame:
    """Solar position at ``times`` (pvlib NREL SPA, numpy implementation).

    Parameters
    ----------
    times : tz-aware instants where the sun is wanted (mid-interval for hourly weather).
    latitude_deg, longitude_deg : site [deg north, deg east]
    altitude_m : site altitude above sea level [m]

    Returns
    -------
    DataFrame indexed by ``times`` with ``apparent_zenith``, ``zenith``, ``apparent_elevation``,
    ``elevation``, ``azimuth`` [deg] and ``equation_of_time`` [min].
    """
    position: pd.DataFrame = pvlib.solarposition.get_solarposition(
        times, latitude_deg, longitude_deg, altitude=altitude_m, method="nrel_numpy"
    )
    return position


def extraterrestrial_dni_w_per_m2(times: pd.DatetimeIndex) -> pd.Series:
    """Extraterrestrial normal irradiance at ``times`` (Spencer 1971) [W/m²]."""
    day_of_year = np.asarray(times.day_of_year, dtype=float)
    return pd.Series(
        np.asarray(pvlib.irradiance.get_extra_radiation(day_of_year), dtype=float), index=times
    )


def hour_angle_deg(times: pd.DatetimeIndex, longitude_deg: float) -> FloatArray:
    """Solar hour angle at ``times``, 0 at solar noon, negative in the morning [deg].

    Equation of time after Spencer (1971); wrapped to [−180, 180).
    """
    eot_min = pvlib.solarposition.equation_of_time_spencer71(np.asarray(times.day_of_year))
    omega = np.asarray(pvlib.solarposition.hour_angle(times, longitude_deg, eot_min), float)
    return (omega + 180.0) % 360.0 - 180.0


def sunset_hour_angle_deg(times: pd.DatetimeIndex, latitude_deg: float) -> FloatArray:
    """Hour angle of geometric sunset on the days of ``times`` (0 in polar night) [deg]."""
    declination = pvlib.solarposition.declination_spencer71(np.asarray(times.day_of_year))
    cos_sunset = -np.tan(np.radians(latitude_deg)) * np.tan(declination)
    return np.asarray(np.degrees(np.arccos(np.clip(cos_sunset, -1.0, 1.0))), dtype=float)


def extraterrestrial_horizontal_w_per_m2(
    interval_starts: pd.DatetimeIndex, latitude_deg: float, longitude_deg: float
) -> pd.Series:
    """Mean extraterrestrial irradiance on a horizontal plane over each hourly interval [W/m²].

    The cosine of the zenith is integrated exactly over the hour angle swept in the interval
    (Duffie & Beckman, *Solar Engineering of Thermal Processes*, eq. 1.10.4 per hour), with the
    sun below the horizon counting as zero; declination and equation of time after Spencer
    (1971), taken at mid-interval.

    Parameters
    ----------
    interval_starts : tz-aware starts of hourly intervals.
    latitude_deg, longitude_deg : site [deg north, deg east]
    """
    mid = interval_starts + pd.Timedelta(minutes=30)
    declination = np.asarray(pvlib.solarposition.declination_spencer71(np.asarray(mid.day_of_year)))
    omega_mid = hour_angle_deg(mid, longitude_deg)
    sunset = np.radians(sunset_hour_angle_deg(mid, latitude_deg))
    phi = np.radians(latitude_deg)
    a = np.sin(phi) * np.sin(declination)
    b = np.cos(phi) * np.cos(declination)
    total = np.zeros_like(omega_mid)
    for wrap_deg in (-360.0, 0.0, 360.0):  # an interval may straddle local midnight
        lo = np.clip(np.radians(omega_mid - 7.5 + wrap_deg), -sunset, sunset)
        hi = np.clip(np.radians(omega_mid + 7.5 + wrap_deg), -sunset, sunset)
        total += a * (hi - lo) + b * (np.sin(hi) - np.sin(lo))
    mean_cos_zenith = np.clip(total / np.radians(15.0), 0.0, None)
    extraterrestrial = extraterrestrial_dni_w_per_m2(mid).to_numpy()
    return pd.Series(extraterrestrial * mean_cos_zenith, index=interval_starts)


def clearsky_irradiance(
    times: pd.DatetimeIndex,
    latitude_deg: float,
    longitude_deg: float,
    altitude_m: float,
    apparent_zenith_deg: pd.Series | None = None,
) -> pd.DataFrame:
    """Clear-sky irradiance at ``times`` (Ineichen–Perez, Linke turbidity climatology).

    The monthly Linke turbidity comes from the table shipped with pvlib (Remund et al.),
    interpolated to the day; no network access.

    Parameters
    ----------
    times : tz-aware instants.
    latitude_deg, longitude_deg : site [deg north, deg east]
    altitude_m : site altitude [m]
    apparent_zenith_deg : refraction-corrected zenith at ``times`` [deg]; computed if omitted.

    Returns
    -------
    DataFrame with ``ghi``, ``dni``, ``dhi`` [W/m²].
    """
    if apparent_zenith_deg is None:
        position = solar_position(times, latitude_deg, longitude_deg, altitude_m)
        apparent_zenith_deg = position["apparent_zenith"]
    with _quiet_pvlib_dayofyear():
        turbidity = pvlib.clearsky.lookup_linke_turbidity(times, latitude_deg, longitude_deg)
    airmass = pvlib.atmosphere.get_absolute_airmass(
        pvlib.atmosphere.get_relative_airmass(apparent_zenith_deg),
        pvlib.atmosphere.alt2pres(altitude_m),
    )
    clear: pd.DataFrame = pvlib.clearsky.ineichen(
        apparent_zenith_deg,
        airmass,
        turbidity,
        altitude=altitude_m,
        dni_extra=extraterrestrial_dni_w_per_m2(times),
    )
    return clear[["ghi", "dni", "dhi"]].fillna(0.0)


def _erbs(ghi: pd.Series, zenith_deg: pd.Series, times: pd.DatetimeIndex) -> pd.Series:
    split = pvlib.irradiance.erbs(
        ghi.to_numpy(), zenith_deg.to_numpy(), np.asarray(times.day_of_year)
    )
    return pd.Series(np.asarray(split["dni"], dtype=float), index=ghi.index)


def _dirint(ghi: pd.Series, zenith_deg: pd.Series, times: pd.DatetimeIndex) -> pd.Series:
    with _quiet_pvlib_dayofyear():
        dni = pvlib.irradiance.dirint(ghi.set_axis(times), zenith_deg.set_axis(times), times)
    return pd.Series(np.asarray(dni, dtype=float), index=ghi.index)


#: GHI decomposition models by name: (ghi, zenith, times) -> dni [W/m²]
DECOMPOSITION_MODELS: dict[str, Callable[[pd.Series, pd.Series, pd.DatetimeIndex], pd.Series]] = {
    "erbs": _erbs,
    "dirint": _dirint,
}


def decomposed_irradiance(
    ghi_w_per_m2: pd.Series,
    solar_zenith_deg: pd.Series,
    times: pd.DatetimeIndex,
    model: str = "erbs",
) -> pd.DataFrame:
    """Split GHI into DNI and DHI so that ``dni·cos(zenith) + dhi == ghi`` exactly.

    Parameters
    ----------
    ghi_w_per_m2 : global horizontal irradiance [W/m²]
    solar_zenith_deg : true solar zenith where the sun is evaluated (mid-interval) [deg]
    times : the instants of ``solar_zenith_deg`` (used for the day of year).
    model : a key of :data:`DECOMPOSITION_MODELS` — ``"erbs"`` (Erbs, Klein & Duffie 1982)
        or ``"dirint"`` (Perez et al. 1992).

    Returns
    -------
    DataFrame indexed like ``ghi_w_per_m2`` with ``ghi``, ``dni``, ``dhi`` [W/m²]. DHI is GHI
    minus the beam on the horizontal, so GHI is preserved.
    """
    ghi = ghi_w_per_m2.clip(lower=0.0)
    zenith = pd.Series(np.asarray(solar_zenith_deg, dtype=float), index=ghi.index)
    dni = DECOMPOSITION_MODELS[model](ghi, zenith, times).fillna(0.0).clip(lower=0.0)
    cos_zenith = pd.Series(np.cos(np.radians(zenith.to_numpy())), index=ghi.index).clip(lower=0.0)
    beam = (dni * cos_zenith).clip(upper=ghi)
    dni = (beam / cos_zenith.where(cos_zenith > 0)).fillna(0.0)
    return pd.DataFrame({"ghi": ghi, "dni": dni, "dhi": ghi - beam})


def _quarter_hour_clearsky_ghi(
    first: pd.Timestamp, quarters: int, latitude_deg: float, longitude_deg: float, altitude_m: float
) -> FloatArray:
    """Clear-sky GHI at the centres of ``quarters`` quarter-hours from ``first`` [W/m²]."""
    step = pd.Timedelta(hours=LAG_STEP_H)
    centres = pd.date_range(first + step / 2, periods=quarters, freq=step)
    return clearsky_irradiance(centres, latitude_deg, longitude_deg, altitude_m)["ghi"].to_numpy()


def hour_mean_clearsky_ghi_w_per_m2(
    interval_starts: pd.DatetimeIndex, latitude_deg: float, longitude_deg: float, altitude_m: float
) -> pd.Series:
    """Clear-sky GHI averaged over each hourly interval (four quarter-hour samples) [W/m²].

    ``interval_starts`` must be regular hourly. Unlike the value at mid-interval, the hour
    mean is not zero for the hour in which the sun rises.
    """
    per_hour = round(1.0 / LAG_STEP_H)
    quarters = _quarter_hour_clearsky_ghi(
        interval_starts[0], len(interval_starts) * per_hour, latitude_deg, longitude_deg, altitude_m
    )
    return pd.Series(quarters.reshape(-1, per_hour).mean(axis=1), index=interval_starts)


def ghi_lag_h(
    interval_starts: pd.DatetimeIndex,
    ghi_w_per_m2: FloatArray,
    latitude_deg: float,
    longitude_deg: float,
    altitude_m: float,
) -> float:
    """How many hours measured GHI lags the sun (positive: the data come late) [h].

    Hourly GHI is correlated with the hour-mean clear-sky GHI of intervals shifted by
    −3 … +3 h in steps of :data:`LAG_STEP_H`; the shift with the highest Pearson correlation
    wins. A file whose hour ``h`` really describes ``(h−1.5, h−0.5]`` returns +0.5.

    Parameters
    ----------
    interval_starts : regular hourly interval starts, tz-aware.
    ghi_w_per_m2 : GHI per interval [W/m²]
    latitude_deg, longitude_deg, altitude_m : site [deg, deg, m]
    """
    per_hour = round(1.0 / LAG_STEP_H)
    pad = round(LAG_MAX_H / LAG_STEP_H)
    first = interval_starts[0] - pad * pd.Timedelta(hours=LAG_STEP_H)
    quarters = (len(interval_starts) + 1) * per_hour + 2 * pad
    clear = _quarter_hour_clearsky_ghi(first, quarters, latitude_deg, longitude_deg, altitude_m)
    hourly_means = np.convolve(clear, np.ones(per_hour) / per_hour, mode="valid")
    rows = np.arange(len(interval_starts)) * per_hour
    shifts = np.arange(-pad, pad + 1)
    scores = [np.corrcoef(ghi_w_per_m2, hourly_means[rows + pad + s])[0, 1] for s in shifts]
    return float(-shifts[int(np.nanargmax(scores))] * LAG_STEP_H)
