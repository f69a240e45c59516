"""Hourly weather for PV: real files, or an embedded synthetic typical year.

Every :class:`Weather` holds hourly rows labelled by the **start** of their interval, in the
park's time zone, with ``ghi``, ``dni``, ``dhi`` [W/m², mean over the hour], ``temp_air`` [°C]
and ``wind_speed`` [m/s]. The sun for a row is evaluated at mid-interval (``sun_times``).

Readers (pvlib.iotools where it has one) and the interval convention each assumes:

========== ==================================================================================
epw        EnergyPlus EPW: hour ``h`` is the interval ``(h−1, h]`` local standard time, so
           "hour 1" is the interval starting 00:00 (sun at 00:30).
pvgis_csv, PVGIS TMY: time stamps are UTC on the hour; PVGIS irradiance is close to the
pvgis_json instant ``HH:00 + offset`` (``Irradiance Time Offset``, ≈ 0.1–0.2 h). Chosen: a row
           stamped ``HH:00`` UTC is the interval starting ``HH:00`` UTC (sun at ``HH:30``) —
           within half an hour of the PVGIS instant; the timing check reports any lag.
tmy3       NREL TMY3: hour-ending like EPW ("01:00" is the interval starting 00:00).
csv        greenpark plain csv, see :func:`~greenpark.inputs.weather.plain_csv.read_plain_csv`.
========== ==================================================================================

Typical-year files (EPW with its 2005 placeholder, TMY3 and PVGIS with mixed years) are
re-stamped onto :data:`~greenpark.inputs.weather.quality.TYPICAL_YEAR`; plain csv keeps its dates.

Without a file, :func:`default_weather` (:mod:`greenpark.inputs.weather.typical_year`) generates a
synthetic typical year interpolated from the national CSWD station climatology.

A file's irradiance can be moved in time (``irradiance_lag``, ``--weather-shift``) when it lags
the sun, as CSWD typical years do by 0.5-1.5 h: see :func:`load_weather`.
"""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Literal

import pandas as pd

from greenpark.core.pv.sun import (
    lag_of_best_correlation_h,
    shifted_hour_mean_clearsky_ghi_w_per_m2,
)
from greenpark.errors import InputError
from greenpark.i18n import text
from greenpark.inputs.weather.data import (
    Weather,
    irradiance_lag_removed,
    resplit_with_decomposition,
    weather_for_year,
)
from greenpark.inputs.weather.plain_csv import read_plain_csv
from greenpark.inputs.weather.quality import (
    COLUMNS,
    FORMATS,
    TYPICAL_YEAR,
    WeatherFile,
    completed_hours,
    detected_format,
    quality_messages,
    restamped,
)
from greenpark.inputs.weather.typical_year import (
    default_weather,
    load_climatology,
    load_kt_transitions,
    load_stations,
)
from greenpark.messages import Message

__all__ = [
    "Weather",
    "default_weather",
    "irradiance_lag_removed",
    "load_climatology",
    "load_kt_transitions",
    "load_stations",
    "load_weather",
    "read_weather",
    "resplit_with_decomposition",
    "weather_for_year",
]


def _read_epw(path: Path) -> WeatherFile:
    """EPW (or gzip-compressed ``.epw.gz``): pvlib labels hour ``h`` (interval ``(h−1, h]``)
    by ``h−1`` — the interval start."""
    from pvlib.iotools import read_epw  # pvlib.iotools imports requests and every web reader

    if path.name.lower().endswith(".gz"):
        with gzip.open(path, "rt", encoding="latin-1") as handle:
            data, meta = read_epw(handle)
    else:
        data, meta = read_epw(path)
    return WeatherFile(
        data[list(COLUMNS)],
        meta["latitude"],
        meta["longitude"],
        meta["altitude"],
        f"{meta['city']} {meta['WMO_code']}",
        typical_year=True,
        components_from_file=True,
    )


def _read_pvgis(path: Path, pvgis_format: str) -> WeatherFile:
    """PVGIS TMY: UTC stamps ``HH:00`` taken as interval starts (module docstring)."""
    from pvlib.iotools import read_pvgis_tmy

    data, meta = read_pvgis_tmy(path, pvgis_format=pvgis_format, map_variables=True)
    inputs = meta["inputs"]
    where = inputs.get("location", inputs)
    offset = inputs.get("irradiance time offset")
    messages: tuple[Message, ...] = ()
    if offset is not None:
        messages = (
            Message("pvgis_time_offset", {"file": path.name, "offset_h": float(offset)}, "info"),
        )
    data.index = pd.DatetimeIndex(data.index).floor("h")
    return WeatherFile(
        data[list(COLUMNS)],
        float(where["latitude"]),
        float(where["longitude"]),
        float(where["elevation"]),
        f"PVGIS TMY {float(where['latitude']):.3f}N {float(where['longitude']):.3f}E",
        typical_year=True,
        components_from_file=True,
        messages=messages,
    )


def _read_tmy3(path: Path) -> WeatherFile:
    """TMY3: stamps mark the interval END (hour-ending); shifted back one hour to the start."""
    from pvlib.iotools import read_tmy3

    data, meta = read_tmy3(path, map_variables=True)
    data.index = pd.DatetimeIndex(data.index) - pd.Timedelta(hours=1)
    return WeatherFile(
        data[list(COLUMNS)],
        meta["latitude"],
        meta["longitude"],
        meta["altitude"],
        f"{str(meta['Name']).strip()} {meta['USAF']}",
        typical_year=True,
        components_from_file=True,
    )


def read_weather(
    path: Path, *, fmt: str | None = None, timezone: str = "Asia/Shanghai"
) -> WeatherFile:
    """Read a weather file as it is (no completion, no checks); see the module docstring.

    Raises
    ------
    InputError
        unknown format, or a file the reader cannot parse.
    """
    path = Path(path)
    return _read_as(path, detected_format(path, fmt), timezone)


def _read_as(path: Path, found: str, timezone: str) -> WeatherFile:
    """Read ``path`` with the reader of format ``found`` (a key of ``FORMATS``)."""
    try:
        if found == "epw":
            return _read_epw(path)
        if found in ("pvgis_csv", "pvgis_json"):
            return _read_pvgis(path, found.removeprefix("pvgis_"))
        if found == "tmy3":
            return _read_tmy3(path)
        return read_plain_csv(path, timezone)
    except InputError:
        raise
    except (ValueError, KeyError, IndexError, TypeError, AttributeError, OSError) as exc:
        raise InputError(
            [
                text(
                    f"{path}: 无法按 {FORMATS[found]} 读取：{exc}",
                    f"{path}: cannot be read as {FORMATS[found]}: {exc}",
                )
            ]
        ) from exc


def load_weather(
    path: Path,
    *,
    fmt: str | None = None,
    park_location: tuple[float, float] | None = None,
    timezone: str = "Asia/Shanghai",
    irradiance_lag_h: float | Literal["auto"] | None = None,
) -> Weather:
    """Read, complete and check a weather file (module docstring; checks in weather_quality).

    Parameters
    ----------
    path : the file.
    fmt : one of ``epw, pvgis_csv, pvgis_json, tmy3, csv``; detected if omitted.
    park_location : (latitude, longitude) of the park [deg]; enables the distance check and
        locates a plain csv without location comments.
    timezone : the park's time zone; the result is indexed in it.
    irradiance_lag_h : how far the file's irradiance lags the sun, to be removed
        (:func:`~greenpark.inputs.weather.data.irradiance_lag_removed`) [h]: a number
        (positive: the data come late), ``"auto"`` for the lag the timing check finds
        (:func:`~greenpark.core.pv.sun.lag_of_best_correlation_h`), or None to keep the file's
        timing (the check then only reports a lag).
    """
    path = Path(path)
    weather, components_from_file = _completed(path, fmt, park_location, timezone)
    location = (weather.latitude_deg, weather.longitude_deg, weather.altitude_m)
    # one clear-sky evaluation serves the lag removal and the checks
    clear = shifted_hour_mean_clearsky_ghi_w_per_m2(pd.DatetimeIndex(weather.data.index), *location)
    if irradiance_lag_h == "auto":
        found = lag_of_best_correlation_h(weather.data["ghi"].to_numpy(float), clear)
        weather = irradiance_lag_removed(weather, found, detected=True)
    elif irradiance_lag_h is not None:
        weather = irradiance_lag_removed(weather, float(irradiance_lag_h), detected=False)
    if not components_from_file:
        weather = resplit_with_decomposition(weather)
    checks = quality_messages(
        weather.data,
        location,
        weather.solar_position,
        path.name,
        park_location=park_location,
        components_from_file=components_from_file,
        shifted_clearsky=clear,
    )
    return weather.replaced(messages=(*weather.messages, *checks))


def _completed(
    path: Path, fmt: str | None, park_location: tuple[float, float] | None, timezone: str
) -> tuple[Weather, bool]:
    """The file read, re-stamped and completed, and whether it gave DNI and DHI itself."""
    found = detected_format(path, fmt)
    raw = _read_as(path, found, timezone)
    latitude, longitude = raw.latitude_deg, raw.longitude_deg
    if latitude is None or longitude is None:
        if park_location is None:
            raise InputError([_no_location(path)])
        latitude, longitude = park_location
    altitude = raw.altitude_m if raw.altitude_m is not None else 0.0
    frame = raw.data.tz_convert(timezone)
    year = TYPICAL_YEAR if raw.typical_year else None
    if year is not None:
        frame = restamped(frame, timezone, year, path.name)
    frame, filled = completed_hours(frame, path.name, year)
    kind = FORMATS[found]
    source = text(f"{kind} 文件 {path}（{raw.name}）", f"{kind} file {path} ({raw.name})")
    messages = (*raw.messages, *filled)
    weather = Weather(frame, float(latitude), float(longitude), float(altitude), source, messages)
    return weather, raw.components_from_file


def _no_location(path: Path) -> str:
    return text(
        f"{path}: 文件未给出经纬度（注释行 '# latitude_deg: …'、'# longitude_deg: …'），"
        "也未给 park_location",
        f"{path}: no location in the file (comments '# latitude_deg: …', '# longitude_deg: …') "
        "and no park_location given",
    )
