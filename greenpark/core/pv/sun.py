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
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from greenpark.core.pv.pvlib_models import atmosphere, clearsky, irradiance, solarposition, spa

FloatArray = npt.NDArray[np.float64]

#: Quarter-hour grid used to compare measured GHI with the sun at shifted times [h].
#: A greenpark screening setting: it resolves the half-hour offsets that matter (interval start
#: vs middle vs end labelling), and four samples per hour also give the hour-mean clear sky in
#: the hour of sunrise, where the mid-interval value is still zero.
LAG_STEP_H = 0.25
#: Largest time shift tried when looking for a lag between GHI and the sun [h]. A greenpark
#: screening setting: wide enough for hour-beginning/hour-ending confusion (1 h), the 0.5-1.5 h
#: lags of Chinese typical-year files and a clock or zone-meridian mix-up of a few hours; each
#: extra hour costs 8 more year-long correlations, so it is not wider.
LAG_MAX_H = 3.0
#: pvlib ``spa_python``'s defaults (pvlib 0.16 ``solarposition.get_solarposition`` and
#: ``spa_python``; NREL SPA, Reda & Andreas 2004): annual mean air temperature for refraction
#: [°C], ΔT = TT − UT1 [s], atmospheric refraction at sunrise and sunset [deg]
SPA_TEMPERATURE_C = 12.0
SPA_DELTA_T_S = 67.0
SPA_REFRACTION_DEG = 0.5667
#: the columns of :func:`solar_position`, in the order ``pvlib.spa.solar_position`` returns them
SPA_COLUMNS = (
    "apparent_zenith",
    "zenith",
    "apparent_elevation",
    "elevation",
    "azimuth",
    "equation_of_time",
)


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

    The same numbers as ``pvlib.solarposition.get_solarposition(method="nrel_numpy")``, from
    the SPA function it calls (``pvlib.spa.solar_position``) with its defaults
    (:data:`SPA_TEMPERATURE_C`, ...): ``spa_python`` imports ``pvlib.spa`` with ``from pvlib
    import spa``, which imports the whole pvlib package (see :mod:`.pvlib_models`).

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
    angles = spa.solar_position(
        _unix_seconds(times),
        latitude_deg,
        longitude_deg,
        altitude_m,
        atmosphere.alt2pres(altitude_m) / 100,  # [hPa]
        SPA_TEMPERATURE_C,
        SPA_DELTA_T_S,
        SPA_REFRACTION_DEG,
    )
    return pd.DataFrame(dict(zip(SPA_COLUMNS, angles, strict=True)), index=times)


def _unix_seconds(times: pd.DatetimeIndex) -> FloatArray:
    """Seconds since 1970-01-01 00:00 UTC (naive times taken as UTC), as pvlib computes them."""
    epoch = pd.Timestamp("1970-01-01", tz="UTC" if times.tz is not None else None)
    return np.asarray((times - epoch) / pd.Timedelta("1s"), dtype=float)


def extraterrestrial_dni_w_per_m2(times: pd.DatetimeIndex) -> pd.Series:
    """Extraterrestrial normal irradiance at ``times`` (Spencer 1971) [W/m²].

    The day of year is taken in UTC (naive times are taken as UTC), as pvlib does inside
    ``get_extra_radiation`` and so inside ModelChain and ``Location.get_clearsky``.
    """
    utc = times.tz_convert("UTC") if times.tz is not None else times
    day_of_year = np.asarray(utc.day_of_year, dtype=float)
    return pd.Series(
        np.asarray(irradiance.get_extra_radiation(day_of_year), dtype=float), index=times
    )


def hour_angle_deg(times: pd.DatetimeIndex, longitude_deg: float) -> FloatArray:
    """Solar hour angle at tz-aware ``times``, 0 at solar noon, negative in the morning [deg].

    Equation of time after Spencer (1971) on the local day; wrapped to [−180, 180). Equal to
    ``pvlib.solarposition.hour_angle`` (which loops over the times in Python) modulo 360°.
    """
    eot_min = solarposition.equation_of_time_spencer71(np.asarray(times.day_of_year))
    utc = times.tz_convert("UTC")
    hours_utc = np.asarray((utc - utc.normalize()) / pd.Timedelta(hours=1), dtype=float)
    omega = 15.0 * (hours_utc - 12.0) + longitude_deg + np.asarray(eot_min, dtype=float) / 4.0
    return np.asarray((omega + 180.0) % 360.0 - 180.0, dtype=float)


@dataclass(frozen=True)
class IntervalSun:
    """Sun geometry at the middle of each hourly interval (Spencer 1971), one value per interval.

    Computed once by :func:`interval_sun` and passed to whatever needs it.
    """

    hour_angle_deg: FloatArray  # 0 at solar noon, negative in the morning, in [−180, 180)
    declination_rad: FloatArray
    sunset_hour_angle_deg: FloatArray  # geometric sunset on the interval's day (0: polar night)
    extraterrestrial_dni_w_per_m2: FloatArray


def interval_sun(
    interval_starts: pd.DatetimeIndex, latitude_deg: float, longitude_deg: float
) -> IntervalSun:
    """Sun geometry at mid-interval of tz-aware hourly ``interval_starts`` [deg north, deg east]."""
    mid = interval_starts + pd.Timedelta(minutes=30)
    declination = np.asarray(
        solarposition.declination_spencer71(np.asarray(mid.day_of_year)), dtype=float
    )
    cos_sunset = -np.tan(np.radians(latitude_deg)) * np.tan(declination)
    return IntervalSun(
        hour_angle_deg=hour_angle_deg(mid, longitude_deg),
        declination_rad=declination,
        sunset_hour_angle_deg=np.degrees(np.arccos(np.clip(cos_sunset, -1.0, 1.0))),
        extraterrestrial_dni_w_per_m2=extraterrestrial_dni_w_per_m2(mid).to_numpy(),
    )


def hour_mean_cos_zenith(sun: IntervalSun, latitude_deg: float) -> FloatArray:
    """Cosine of the zenith averaged over each hourly interval, 0 while the sun is down.

    The cosine is integrated exactly over the hour angle swept in the interval (Duffie &
    Beckman, *Solar Engineering of Thermal Processes*, eq. 1.10.4 per hour), with the sun below
    the horizon counting as zero; declination and equation of time at mid-interval.
    """
    phi = np.radians(latitude_deg)
    a = np.sin(phi) * np.sin(sun.declination_rad)
    b = np.cos(phi) * np.cos(sun.declination_rad)
    sunset = np.radians(sun.sunset_hour_angle_deg)
    total = np.zeros_like(sun.hour_angle_deg)
    for wrap_deg in (-360.0, 0.0, 360.0):  # an interval may straddle local midnight
        lo = np.clip(np.radians(sun.hour_angle_deg - 7.5 + wrap_deg), -sunset, sunset)
        hi = np.clip(np.radians(sun.hour_angle_deg + 7.5 + wrap_deg), -sunset, sunset)
        total += a * (hi - lo) + b * (np.sin(hi) - np.sin(lo))
    return np.asarray(np.clip(total / np.radians(15.0), 0.0, None), dtype=float)


def extraterrestrial_horizontal_w_per_m2(
    interval_starts: pd.DatetimeIndex, latitude_deg: float, longitude_deg: float
) -> pd.Series:
    """Mean extraterrestrial irradiance on a horizontal plane over each hourly interval [W/m²].

    Extraterrestrial normal irradiance times :func:`hour_mean_cos_zenith`.

    Parameters
    ----------
    interval_starts : tz-aware starts of hourly intervals.
    latitude_deg, longitude_deg : site [deg north, deg east]
    """
    sun = interval_sun(interval_starts, latitude_deg, longitude_deg)
    mean_cos_zenith = hour_mean_cos_zenith(sun, latitude_deg)
    return pd.Series(sun.extraterrestrial_dni_w_per_m2 * mean_cos_zenith, index=interval_starts)


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
        turbidity = clearsky.lookup_linke_turbidity(times, latitude_deg, longitude_deg)
    airmass = atmosphere.get_absolute_airmass(
        atmosphere.get_relative_airmass(apparent_zenith_deg),
        atmosphere.alt2pres(altitude_m),
    )
    clear: pd.DataFrame = clearsky.ineichen(
        apparent_zenith_deg,
        airmass,
        turbidity,
        altitude=altitude_m,
        dni_extra=extraterrestrial_dni_w_per_m2(times),
    )
    return clear[["ghi", "dni", "dhi"]].fillna(0.0)


def _erbs(ghi: pd.Series, zenith_deg: pd.Series, times: pd.DatetimeIndex) -> pd.Series:
    split = irradiance.erbs(ghi.to_numpy(), zenith_deg.to_numpy(), np.asarray(times.day_of_year))
    return pd.Series(np.asarray(split["dni"], dtype=float), index=ghi.index)


def _dirint(ghi: pd.Series, zenith_deg: pd.Series, times: pd.DatetimeIndex) -> pd.Series:
    with _quiet_pvlib_dayofyear():
        dni = irradiance.dirint(ghi.set_axis(times), zenith_deg.set_axis(times), times)
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


def shifted_hour_mean_clearsky_ghi_w_per_m2(
    interval_starts: pd.DatetimeIndex, latitude_deg: float, longitude_deg: float, altitude_m: float
) -> pd.DataFrame:
    """Hour-mean clear-sky GHI of every interval moved by each shift the lag search tries [W/m²].

    One clear-sky evaluation serves the whole search. Columns are the shifts [h], −3 … +3 h in
    steps of :data:`LAG_STEP_H`; column ``0.0`` is the hour mean of the interval itself (as
    :func:`hour_mean_clearsky_ghi_w_per_m2`), column ``s`` that of the interval starting ``s``
    hours later. ``interval_starts`` must be regular hourly, tz-aware.
    """
    per_hour = round(1.0 / LAG_STEP_H)
    pad = round(LAG_MAX_H / LAG_STEP_H)
    first = interval_starts[0] - pad * pd.Timedelta(hours=LAG_STEP_H)
    quarters = (len(interval_starts) + 1) * per_hour + 2 * pad
    clear = _quarter_hour_clearsky_ghi(first, quarters, latitude_deg, longitude_deg, altitude_m)
    hourly_means = np.convolve(clear, np.ones(per_hour) / per_hour, mode="valid")
    rows = np.arange(len(interval_starts)) * per_hour + pad
    shifts = np.arange(-pad, pad + 1)
    return pd.DataFrame(
        hourly_means[rows[:, None] + shifts[None, :]],
        index=interval_starts,
        columns=shifts * LAG_STEP_H,
    )


def lag_of_best_correlation_h(ghi_w_per_m2: FloatArray, shifted_clearsky: pd.DataFrame) -> float:
    """The lag whose shifted clear sky correlates best (Pearson) with hourly GHI [h].

    ``shifted_clearsky`` is :func:`shifted_hour_mean_clearsky_ghi_w_per_m2`; data matching the
    clear sky shifted by ``s`` hours lag the sun by ``−s`` hours.
    """
    clear = shifted_clearsky.to_numpy(dtype=float)
    scores = [np.corrcoef(ghi_w_per_m2, clear[:, k])[0, 1] for k in range(clear.shape[1])]
    shifts_h = shifted_clearsky.columns.to_numpy(dtype=float)
    return float(0.0 - shifts_h[int(np.nanargmax(scores))])


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
    shifted = shifted_hour_mean_clearsky_ghi_w_per_m2(
        interval_starts, latitude_deg, longitude_deg, altitude_m
    )
    return lag_of_best_correlation_h(ghi_w_per_m2, shifted)


def hour_means_read_later(values: FloatArray, lag_h: float) -> FloatArray:
    """Hourly means re-read ``lag_h`` hours later: row ``t`` becomes the mean of the series
    over ``[t + lag_h, t + lag_h + 1)`` [unit of ``values``].

    The series is taken as constant within each hour (what an hour mean says), so a fractional
    lag blends two neighbouring rows: ``(1 − f)·v[t + n] + f·v[t + n + 1]`` for
    ``lag_h = n + f``. This undoes a lag: data that describe ``[t − lag_h, t − lag_h + 1)``
    under the label ``t`` come back onto their own hours. Rows that would need data beyond the
    ends take the end row (night hours, for irradiance). A negative ``lag_h`` moves data later.
    """
    data = np.asarray(values, dtype=float)
    whole = int(np.floor(lag_h))
    fraction = lag_h - whole
    rows = np.arange(len(data)) + whole
    first = data[np.clip(rows, 0, len(data) - 1)]
    second = data[np.clip(rows + 1, 0, len(data) - 1)]
    return np.asarray((1.0 - fraction) * first + fraction * second, dtype=float)
