"""The offline default weather: a synthetic typical year for any site in China, no file needed.

The site's monthly climate is interpolated from the CSWD typical-year stations
(:mod:`greenpark.core.pv.stations`: clearness index by inverse distance squared over the 6
nearest stations, temperature with the standard lapse rate), then a seeded synthetic year is
generated from it (:mod:`greenpark.core.pv.synthetic`). The run is told which stations were
used, how far they are and what error to expect at that distance; a site farther from every
station than the leave-one-out validation reached is refused. Method, validation and how to
regenerate everything: ``docs/default-weather.md``.

Tables (factor directory, ``factor_dir()``; made by ``scripts/derive_climatology.py`` except
the last, made by ``scripts/validate_default_weather.py``):

- ``weather/stations.csv`` — one row per station: ``station_id`` (EPW 6-digit WMO id),
  ``name_zh``, ``name_en``, ``name_zh_source``, ``province``, ``grid_region``,
  ``latitude_deg``, ``longitude_deg``, ``altitude_m``, ``source``, ``confidence``.
- ``weather_climatology.csv`` — one row per station × month: ``station_id``, ``month``,
  ``mean_daily_ghi_kwh_per_m2``, ``clearness_index``, ``mean_temp_air_c``,
  ``mean_daily_temp_range_c`` (mean of daily max − min), ``mean_wind_speed_m_s``, ``source``,
  ``confidence``.
- ``weather/kt_transitions.csv`` — daily clearness-index Markov matrices: ``kt_class``,
  ``class_upper_monthly_kt``, ``daily_kt_min``, ``daily_kt_max`` (the states split this range
  equally), ``from_state``, ``to_state``, ``transitions`` (count), ``probability``, ``source``,
  ``confidence``.
- ``weather/default_weather_error.csv`` — the leave-one-out error of the annual PV yield by
  distance to the nearest station: ``nearest_station_km_up_to``, ``stations``,
  ``median_abs_error_fraction``, ``p90_abs_error_fraction``, ``source``, ``confidence``; its
  largest distance is the coverage limit.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from greenpark.core.pv.stations import (
    IDW_NEIGHBOURS,
    STANDARD_LAPSE_RATE_C_PER_M,
    StationClimates,
    great_circle_distance_km,
    idw_weights,
    site_climate,
)
from greenpark.core.pv.sun import FloatArray
from greenpark.core.pv.synthetic import (
    KtTransitions,
    monthly_extraterrestrial_kwh_per_m2,
    synthetic_weather,
)
from greenpark.errors import InputError
from greenpark.i18n import text
from greenpark.inputs.factors.registry import factor_dir
from greenpark.inputs.weather.data import Weather
from greenpark.inputs.weather.quality import TYPICAL_YEAR
from greenpark.messages import Message

_CLIMATE_COLUMNS = (
    "clearness_index",
    "mean_temp_air_c",
    "mean_daily_temp_range_c",
    "mean_wind_speed_m_s",
)


def load_stations() -> pd.DataFrame:
    """``weather/stations.csv`` of the factor directory, indexed by ``station_id``."""
    return _stations(factor_dir() / "weather" / "stations.csv")


@cache
def _stations(path: Path) -> pd.DataFrame:
    table = pd.read_csv(path, dtype={"station_id": str})
    return table.set_index("station_id").sort_index()


def load_climatology() -> pd.DataFrame:
    """``weather_climatology.csv`` of the factor directory (``factor_dir()``, which honours
    ``$GREENPARK_FACTORS_DIR``): one row per station and month (module docstring)."""
    return _climatology(factor_dir() / "weather_climatology.csv")


@cache
def _climatology(path: Path) -> pd.DataFrame:
    table = pd.read_csv(path, dtype={"station_id": str})
    return table.sort_values(["station_id", "month"]).reset_index(drop=True)


def load_kt_transitions() -> KtTransitions:
    """``weather/kt_transitions.csv`` of the factor directory as arrays, rows renormalised to
    sum to 1."""
    return _kt_transitions(factor_dir() / "weather" / "kt_transitions.csv")


@cache
def _kt_transitions(path: Path) -> KtTransitions:
    table = pd.read_csv(path)
    classes = table.groupby("kt_class").first().sort_index()
    n_classes, n_states = len(classes), int(table["to_state"].max())
    matrix = np.zeros((n_classes, n_states, n_states))
    where = (table["kt_class"] - 1, table["from_state"] - 1, table["to_state"] - 1)
    matrix[where] = table["probability"]
    return KtTransitions(
        classes["class_upper_monthly_kt"].to_numpy(float),
        classes["daily_kt_min"].to_numpy(float),
        classes["daily_kt_max"].to_numpy(float),
        matrix / matrix.sum(axis=2, keepdims=True),
    )


def load_error_by_distance() -> pd.DataFrame:
    """``weather/default_weather_error.csv``: expected annual-yield error by nearest-station
    distance, sorted by distance (module docstring)."""
    return _error_table(factor_dir() / "weather" / "default_weather_error.csv")


@cache
def _error_table(path: Path) -> pd.DataFrame:
    return pd.read_csv(path).sort_values("nearest_station_km_up_to").reset_index(drop=True)


def station_climates(stations: pd.DataFrame, climatology: pd.DataFrame) -> StationClimates:
    """The stations' monthly arrays in the order of ``stations`` (indexed by ``station_id``)."""
    monthly = [
        climatology.pivot(index="station_id", columns="month", values=column)
        .reindex(index=stations.index, columns=range(1, 13))
        .to_numpy(float)
        for column in _CLIMATE_COLUMNS
    ]
    return StationClimates(
        stations["latitude_deg"].to_numpy(float),
        stations["longitude_deg"].to_numpy(float),
        stations["altitude_m"].to_numpy(float),
        *monthly,
    )


@cache
def _station_climates(directory: Path) -> StationClimates:
    return station_climates(
        _stations(directory / "weather" / "stations.csv"),
        _climatology(directory / "weather_climatology.csv"),
    )


@dataclass(frozen=True)
class StationBlend:
    """The stations a site's climate is interpolated from (positions in ``stations.csv``)."""

    weights: FloatArray
    distance_km: FloatArray
    used: list[int]  # positions with weight > 0, nearest first


def station_blend(latitude_deg: float, longitude_deg: float) -> StationBlend:
    """Inverse-distance weights and distances of the shipped stations for a site."""
    climates = _station_climates(factor_dir())
    distance = great_circle_distance_km(
        latitude_deg, longitude_deg, climates.latitude_deg, climates.longitude_deg
    )
    weights = idw_weights(distance)
    used = [int(i) for i in np.argsort(distance, kind="stable") if weights[i] > 0]
    return StationBlend(weights, distance, used)


def default_weather(
    latitude_deg: float,
    longitude_deg: float,
    altitude_m: float | None = None,
    *,
    timezone: str = "Asia/Shanghai",
    seed: int = 20250101,
) -> Weather:
    """A synthetic typical year for a site in China, from the nearest CSWD stations.

    Seeded and deterministic (same seed → same year). ``altitude_m`` defaults to the
    inverse-distance mean of the stations' altitudes (then the lapse-rate correction is nil
    on average). See the module docstring.

    Raises
    ------
    InputError
        The site is farther from every station than the validated range (coverage limit).
    """
    directory = factor_dir()
    blend = station_blend(latitude_deg, longitude_deg)
    nearest_km = float(blend.distance_km[blend.used[0]])
    errors = load_error_by_distance()
    _check_coverage(latitude_deg, longitude_deg, nearest_km, blend, errors)
    climates = _station_climates(directory)
    altitude = float(blend.weights @ climates.altitude_m) if altitude_m is None else altitude_m
    index = pd.date_range(f"{TYPICAL_YEAR}-01-01", periods=8760, freq="h", tz=timezone)
    h0 = monthly_extraterrestrial_kwh_per_m2(index, latitude_deg, longitude_deg)
    climate = site_climate(climates, blend.weights, altitude, h0)
    data = synthetic_weather(
        index, latitude_deg, longitude_deg, altitude, climate, load_kt_transitions(), seed
    )
    stations = load_stations()
    messages = (_default_note(len(stations)), _error_note(blend, stations, errors))
    source = _source(blend, stations, seed)
    return Weather(data, latitude_deg, longitude_deg, altitude, source, messages)


def _labels(blend: StationBlend, stations: pd.DataFrame, column: str) -> list[str]:
    return [
        f"{stations[column].iloc[i]} {blend.distance_km[i]:.0f} km {blend.weights[i]:.0%}"
        for i in blend.used
    ]


def _source(blend: StationBlend, stations: pd.DataFrame, seed: int) -> str:
    return text(
        f"合成典型年：由 CSWD 站 {'、'.join(_labels(blend, stations, 'name_zh'))}"
        f"（站名 距离 权重）的月气候统计反距离插值生成（种子 {seed}）",
        f"synthetic typical year interpolated (inverse distance) from the monthly climatology "
        f"of CSWD stations {', '.join(_labels(blend, stations, 'name_en'))} "
        f"(name, distance, weight; seed {seed})",
    )


def _default_note(n_stations: int) -> Message:
    return Message(
        "default_weather",
        {
            "neighbours": IDW_NEIGHBOURS,
            "stations": n_stations,
            "lapse_c_per_km": STANDARD_LAPSE_RATE_C_PER_M * 1000,
        },
    )


def _error_note(blend: StationBlend, stations: pd.DataFrame, errors: pd.DataFrame) -> Message:
    nearest = blend.used[0]
    km = float(blend.distance_km[nearest])
    row = errors.iloc[int(np.searchsorted(errors["nearest_station_km_up_to"], km))]
    return Message(
        "default_weather_error",
        {
            "station_zh": str(stations["name_zh"].iloc[nearest]),
            "station_en": str(stations["name_en"].iloc[nearest]),
            "distance_km": km,
            "median_error_fraction": float(row["median_abs_error_fraction"]),
            "p90_error_fraction": float(row["p90_abs_error_fraction"]),
        },
        "info",
    )


def _check_coverage(
    latitude_deg: float,
    longitude_deg: float,
    nearest_km: float,
    blend: StationBlend,
    errors: pd.DataFrame,
) -> None:
    limit = float(errors["nearest_station_km_up_to"].max())
    if nearest_km <= limit:
        return
    stations = load_stations()
    nearest = blend.used[0]
    raise InputError(
        [
            text(
                f"园区位置（北纬 {latitude_deg}，东经 {longitude_deg}）距最近的 CSWD 气候站"
                f"（{stations['name_zh'].iloc[nearest]}）{nearest_km:.0f} km，超出合成典型年的"
                f"适用范围 {limit:.0f} km（全国留一法验证覆盖的最远距离）；"
                "请用 --weather 提供当地气象文件（如 PVGIS TMY）",
                f"the site ({latitude_deg} N, {longitude_deg} E) is {nearest_km:.0f} km from the "
                f"nearest CSWD climatology station ({stations['name_en'].iloc[nearest]}), "
                f"beyond the {limit:.0f} km the synthetic typical year covers (the farthest "
                "distance of the national leave-one-out validation); supply a local weather "
                "file with --weather (e.g. a PVGIS TMY)",
            )
        ]
    )
