"""Weather files: format detection, a complete hourly index, checks.

Used by :mod:`greenpark.inputs.weather.files` (which holds the pvlib.iotools readers); the physics
(sun, clear sky, decomposition, lag search) is in :mod:`greenpark.core.pv.sun`.

Checks, each a message (soft) or an :class:`~greenpark.errors.InputError` line (fatal):

- unknown format; duplicate or non-hourly time stamps; a calendar month with no data — fatal.
- missing hours (absent rows, empty cells, EPW missing codes 9999 / 99.9 / 999): gaps of up to
  :data:`INTERPOLATE_MAX_H` hours are interpolated, longer ones copy the same hour of the nearest
  day with data; the count is reported.
- GHI more than 10 % (and 20 W/m²) above the hour-mean clear-sky GHI (Ineichen, Linke
  turbidity climatology): hours counted.
- closure: ``DNI·cos Z + DHI`` against GHI over the year, when the file gives DNI and DHI;
  reported beyond ±:data:`CLOSURE_WARN_FRACTION`, with the GHI-preserving re-split to use.
- timing: best lag of GHI against the sun (:func:`greenpark.core.pv.sun.ghi_lag_h`), reported
  when ``|lag| ≥`` :data:`LAG_WARN_H` — Chinese typical-year files often lag by 0.5–1.5 h.
- distance: file location more than :data:`MAX_DISTANCE_KM` from the park.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from greenpark.core.pv.stations import great_circle_distance_km
from greenpark.core.pv.sun import (
    FloatArray,
    lag_of_best_correlation_h,
    shifted_hour_mean_clearsky_ghi_w_per_m2,
)
from greenpark.errors import InputError
from greenpark.i18n import text
from greenpark.messages import Message

#: accepted formats: name -> what it is
FORMATS: dict[str, str] = {
    "epw": "EnergyPlus EPW (.epw, or gzip-compressed .epw.gz)",
    "pvgis_csv": "PVGIS TMY csv",
    "pvgis_json": "PVGIS TMY json",
    "tmy3": "NREL TMY3 csv",
    "csv": "greenpark plain csv (timestamp, ghi, [dni, dhi], temp_air, [wind_speed])",
}
#: calendar year that typical-year files (EPW, TMY3, PVGIS TMY) are stamped onto
TYPICAL_YEAR = 2005
COLUMNS = ("ghi", "dni", "dhi", "temp_air", "wind_speed")
#: values at or above these are missing-data codes (EPW: 9999 W/m², 99.9 °C, 999 m/s)
MISSING_CODES = {"ghi": 9999.0, "dni": 9999.0, "dhi": 9999.0, "temp_air": 99.9, "wind_speed": 999.0}
# The thresholds below are greenpark screening assumptions (not from a standard): they decide
# when a file is completed one way or another and when a note is shown, never a result.
#: Longest gap filled by linear interpolation [h]. Up to 3 h the gap is short against the
#: daily cycle, so a straight line between its ends stays close to it; a longer gap would cut
#: a chord across the morning rise or evening fall, so it copies the same hour of the nearest
#: day with data instead.
INTERPOLATE_MAX_H = 3
#: Distance from the park beyond which a weather file's location gets a note [km]. About half
#: the spacing of the Shanxi reference stations (nearest neighbours 88-161 km apart:
#: Taiyuan-Yushe 88, Taiyuan-Yuanping 107, Yuanping-Datong 161 km): farther than that, the
#: file may well describe another basin's climate.
MAX_DISTANCE_KM = 50.0
#: Smallest lag of GHI behind the sun that gets a note [h]: two steps of the 0.25 h search grid,
#: and half an hour is the size of a start/middle/end-of-interval labelling mix-up. Smaller
#: apparent lags are within the grid and PVGIS-style instant offsets (0.1-0.2 h).
LAG_WARN_H = 0.5
#: Annual closure mismatch |Σ(DNI·cos Z + DHI) / Σ GHI − 1| that gets a note [fraction]. 2 %
#: is small against the other uncertainties of a PV yield, and well below the 3-7 % shortfall
#: seen in the CSWD files, which should be flagged.
CLOSURE_WARN_FRACTION = 0.02
#: An hour counts as "above clear sky" when its GHI exceeds the hour-mean Ineichen clear sky by
#: more than this factor and this margin. 10 % leaves room for the error of a climatological
#: Linke turbidity and for cloud-edge enhancement in an hour mean; the 20 W/m² margin keeps
#: hours near sunrise and sunset, where the clear sky is only a few W/m², from counting on
#: small absolute differences.
CLEARSKY_RATIO = 1.10
CLEARSKY_MARGIN_W_PER_M2 = 20.0


def detected_format(path: Path, fmt: str | None) -> str:
    """The file's format: ``fmt`` if given, else from the extension and first lines."""
    if fmt is not None:
        if fmt not in FORMATS:
            raise InputError([_unknown_format(path, f"fmt={fmt!r}")])
        return fmt
    suffix = path.suffix.lower()
    if suffix == ".epw" or path.name.lower().endswith(".epw.gz"):
        return "epw"
    if suffix == ".json":
        return "pvgis_json"
    if suffix in (".csv", ".txt"):
        with path.open(encoding="utf-8-sig", errors="replace") as handle:
            first, second = handle.readline(), handle.readline()
        if first.startswith("Latitude (decimal degrees)"):
            return "pvgis_csv"
        if second.startswith("Date (MM/DD/YYYY)"):
            return "tmy3"
        return "csv"
    raise InputError([_unknown_format(path, repr(path.suffix))])


def _unknown_format(path: Path, got: str) -> str:
    names = ", ".join(FORMATS)
    return text(
        f"{path}: 无法识别的气象文件格式，实际为 {got}，应为 {names} 之一（可用 fmt= 指定）",
        f"{path}: unknown weather file format, got {got}, expected one of {names} (set fmt=)",
    )


@dataclass(frozen=True)
class WeatherFile:
    """A weather file as read, before completion and checks (``weather.read_weather``).

    ``data`` has a tz-aware index of interval starts and the columns :data:`COLUMNS`
    (``dni``/``dhi`` all NaN when the file has none); location fields are None if unknown.
    """

    data: pd.DataFrame
    latitude_deg: float | None
    longitude_deg: float | None
    altitude_m: float | None
    name: str
    typical_year: bool
    components_from_file: bool
    messages: tuple[Message, ...] = ()


def restamped(
    frame: pd.DataFrame, timezone: str | dt.tzinfo, year: int, where: str
) -> pd.DataFrame:
    """Put a typical year onto calendar ``year`` in ``timezone`` (wall-clock month/day/hour kept).

    Rows are first converted to ``timezone``; rows that land in another year (a UTC file's
    last hours) wrap around. 29 February is dropped for a common year.
    """
    local = pd.DatetimeIndex(frame.index).tz_convert(timezone)
    keep = ~((local.month == 2) & (local.day == 29)) | calendar.isleap(year)
    parts = pd.DataFrame({"year": year, "month": local.month, "day": local.day, "hour": local.hour})
    wall = pd.DatetimeIndex(pd.to_datetime(parts[keep]))
    out = frame[keep].set_axis(wall.tz_localize(timezone)).sort_index()
    _raise_on_duplicates(pd.DatetimeIndex(out.index), where)
    return pd.DataFrame(out)


def _raise_on_duplicates(index: pd.DatetimeIndex, where: str) -> None:
    duplicated = index[index.duplicated()]
    if len(duplicated):
        shown = ", ".join(str(t) for t in duplicated[:5])
        raise InputError(
            [
                text(
                    f"{where}: 时间戳重复（{len(duplicated)} 个），例如 {shown}",
                    f"{where}: {len(duplicated)} duplicate time stamps, e.g. {shown}",
                )
            ]
        )


def completed_hours(
    frame: pd.DataFrame, where: str, year: int | None
) -> tuple[pd.DataFrame, list[Message]]:
    """Reindex onto every hour (of ``year``, or first to last row) and fill missing hours.

    Raises
    ------
    InputError
        time stamps off the hour, duplicates, or a calendar month without any data.
    """
    index = pd.DatetimeIndex(frame.index)
    off_hour = index[(index.minute != 0) | (index.second != 0)]
    if len(off_hour):
        raise InputError(
            [
                text(
                    f"{where}: 时间戳须为整点（每小时一行），实际有 {off_hour[0]}",
                    f"{where}: time stamps must be on the hour (hourly rows), got {off_hour[0]}",
                )
            ]
        )
    _raise_on_duplicates(index, where)
    frame = frame.sort_index().astype(float)
    for column, code in MISSING_CODES.items():
        frame[column] = frame[column].where(frame[column] < code)
    tz = index.tz
    start = pd.Timestamp(year, 1, 1, tz=tz) if year else frame.index[0]
    end = pd.Timestamp(year, 12, 31, 23, tz=tz) if year else frame.index[-1]
    hours = pd.date_range(start, end, freq="h")
    full = frame.reindex(hours)
    present = full["ghi"].notna() & full["temp_air"].notna()
    empty = sorted(set(range(1, 13)) - set(hours.month[present.to_numpy()]))
    if empty:
        raise InputError([_no_month(where, month) for month in empty])
    full[["ghi", "dni", "dhi"]] = full[["ghi", "dni", "dhi"]].clip(lower=0.0)
    missing = int((~present).sum())
    if not missing:
        return full, []
    filled = full.interpolate(limit=INTERPOLATE_MAX_H, limit_area="inside")
    filled = filled.groupby(hours.hour).ffill().groupby(hours.hour).bfill()
    return filled, [
        Message(
            "weather_hours_filled",
            {"file": where, "hours": missing, "interpolate_max_h": INTERPOLATE_MAX_H},
        )
    ]


def _no_month(where: str, month: int) -> str:
    return text(
        f"气象文件 {where} 没有 {month} 月的数据，应覆盖全年 12 个月",
        f"weather file {where} has no data for month {month}; expected all 12 months",
    )


def quality_messages(
    frame: pd.DataFrame,
    location: tuple[float, float, float],
    position: pd.DataFrame,
    where: str,
    *,
    park_location: tuple[float, float] | None,
    components_from_file: bool,
    shifted_clearsky: pd.DataFrame | None = None,
) -> list[Message]:
    """Soft findings about a complete hourly weather frame (see module docstring).

    Parameters
    ----------
    frame : hourly weather, index = interval starts.
    location : (latitude [deg], longitude [deg], altitude [m]) of the data.
    position : solar position at mid-interval (``Weather.solar_position``).
    where : file name for the messages.
    park_location : (latitude, longitude) of the park [deg], if known.
    components_from_file : whether DNI and DHI came from the file (closure is checked).
    shifted_clearsky : :func:`~greenpark.core.pv.sun.shifted_hour_mean_clearsky_ghi_w_per_m2`
        of ``frame``'s index and ``location``, if already computed.
    """
    latitude, longitude, _ = location
    # one clear-sky evaluation for both the clear-sky check (shift 0) and the lag search
    shifted = shifted_clearsky
    if shifted is None:
        shifted = shifted_hour_mean_clearsky_ghi_w_per_m2(pd.DatetimeIndex(frame.index), *location)
    ghi = frame["ghi"].to_numpy(float)
    messages: list[Message | None] = [_clearsky_message(ghi, shifted[0.0].to_numpy(), where)]
    if components_from_file:
        messages.append(_closure_message(frame, position, where))
    lag = lag_of_best_correlation_h(ghi, shifted)
    if abs(lag) >= LAG_WARN_H:
        messages.append(Message("weather_lags_sun", {"file": where, "lag_h": lag}))
    if park_location is not None:
        park_lat, park_lon = park_location
        here = great_circle_distance_km(
            park_lat, park_lon, np.array([latitude]), np.array([longitude])
        )
        km = float(here[0])
        if km > MAX_DISTANCE_KM:
            messages.append(
                Message(
                    "weather_far_from_park",
                    {"file": where, "distance_km": km, "max_distance_km": MAX_DISTANCE_KM},
                )
            )
    return [message for message in messages if message is not None]


def _clearsky_message(ghi: FloatArray, clear: FloatArray, where: str) -> Message | None:
    """Note on hours whose GHI is far above the hour-mean clear-sky GHI ``clear`` [W/m²]."""
    above = int(np.sum(ghi > np.maximum(CLEARSKY_RATIO * clear, clear + CLEARSKY_MARGIN_W_PER_M2)))
    if not above:
        return None
    daylight = int(np.sum(clear > 0))
    return Message(
        "weather_above_clearsky", {"file": where, "hours": above, "daylight_hours": daylight}
    )


def _closure_message(frame: pd.DataFrame, position: pd.DataFrame, where: str) -> Message | None:
    mismatch = closure_mismatch_fraction(frame, position)
    if abs(mismatch) <= CLOSURE_WARN_FRACTION:
        return None
    return Message("weather_closure", {"file": where, "mismatch_fraction": mismatch})


def closure_mismatch_fraction(frame: pd.DataFrame, position: pd.DataFrame) -> float:
    """Annual ``(Σ (DNI·cos Z + DHI) − Σ GHI) / Σ GHI`` with Z at mid-interval [fraction]."""
    cos_zenith = np.clip(np.cos(np.radians(position["zenith"].to_numpy(float))), 0.0, None)
    components = frame["dni"].to_numpy(float) * cos_zenith + frame["dhi"].to_numpy(float)
    ghi_total = float(frame["ghi"].sum())
    return float(components.sum() / ghi_total - 1.0) if ghi_total > 0 else 0.0
