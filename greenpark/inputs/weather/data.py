"""The :class:`Weather` of a site and what can be done to it without a file.

Re-split GHI into DNI and DHI with a decomposition model, move irradiance that lags the sun
back onto its hours, or re-stamp a typical year onto a calendar year. Time convention and file
readers: :mod:`greenpark.inputs.weather.files`.
"""

from __future__ import annotations

import calendar
import dataclasses
from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from greenpark.core.pv.sun import decomposed_irradiance, hour_means_read_later, solar_position
from greenpark.errors import InputError
from greenpark.i18n import text
from greenpark.inputs.weather.quality import restamped
from greenpark.messages import Message


@dataclass(frozen=True)
class Weather:
    """Hourly weather of one site (time convention: :mod:`greenpark.inputs.weather.files`)."""

    data: pd.DataFrame
    latitude_deg: float
    longitude_deg: float
    altitude_m: float
    source: str
    messages: tuple[Message, ...]

    @property
    def annual_ghi_kwh_per_m2(self) -> float:
        """Global horizontal irradiation per 365-day year (mean hour × 8760 h) [kWh/m²]."""
        return float(self.data["ghi"].mean()) * 8760.0 / 1000.0

    @property
    def sun_times(self) -> pd.DatetimeIndex:
        """Where the sun is evaluated for each row: interval start + 30 min."""
        return pd.DatetimeIndex(self.data.index) + pd.Timedelta(minutes=30)

    @cached_property
    def solar_position(self) -> pd.DataFrame:
        """Solar position at :attr:`sun_times`, computed once per Weather (see ``sun.py``)."""
        return solar_position(
            self.sun_times, self.latitude_deg, self.longitude_deg, self.altitude_m
        )

    def replaced(
        self, *, data: pd.DataFrame | None = None, messages: tuple[Message, ...] | None = None
    ) -> Weather:
        """A copy with new ``data`` and/or ``messages``, same site.

        A solar position already computed is handed on when the new data have the same index
        (same times, same place: the same sun), so it is not computed again.
        """
        out = dataclasses.replace(
            self,
            data=self.data if data is None else data,
            messages=self.messages if messages is None else messages,
        )
        known = self.__dict__.get("solar_position")
        if known is not None and out.data.index.equals(self.data.index):
            out.__dict__["solar_position"] = known
        return out


def resplit_with_decomposition(weather: Weather, model: str = "erbs") -> Weather:
    """Keep GHI, recompute DNI and DHI with a decomposition model (``erbs`` or ``dirint``)."""
    split = decomposed_irradiance(
        weather.data["ghi"], weather.solar_position["zenith"], weather.sun_times, model
    )
    data = weather.data.assign(dni=split["dni"], dhi=split["dhi"])
    message = Message("weather_resplit", {"model": model}, "info")
    return weather.replaced(data=data, messages=(*weather.messages, message))


def irradiance_lag_removed(weather: Weather, lag_h: float, *, detected: bool) -> Weather:
    """Move ``ghi``, ``dni`` and ``dhi`` ``lag_h`` hours earlier (later if negative).

    For data whose irradiance lags the sun by ``lag_h`` hours: each row takes the irradiance
    the file reports ``lag_h`` hours later (:func:`~greenpark.core.pv.sun.hour_means_read_later`,
    a blend of two rows for a fractional lag). Air temperature and wind keep their hours: the lag
    is found on irradiance only, and half an hour of temperature changes the cell temperature
    by a fraction of a degree. ``detected`` says whether ``lag_h`` was found by the lag search
    (wording of the message) or given by the user.
    """
    if lag_h == 0:
        return weather.replaced(messages=(*weather.messages, _no_lag_message(detected)))
    moved = weather.data.copy()
    for column in ("ghi", "dni", "dhi"):
        moved[column] = hour_means_read_later(moved[column].to_numpy(float), lag_h)
    moved_by = {
        "lag_h": lag_h,
        "minutes": round(abs(lag_h) * 60),
        "direction": "earlier" if lag_h > 0 else "later",
    }
    message = (
        Message("weather_lag_found_and_removed", moved_by, "info")
        if detected
        else Message("weather_shifted", moved_by, "info")
    )
    return weather.replaced(data=moved, messages=(*weather.messages, message))


def _no_lag_message(detected: bool) -> Message:
    if detected:
        return Message("weather_no_lag_found", {}, "info")
    return Message("weather_shift_zero", {}, "info")


def weather_for_year(weather: Weather, year: int) -> Weather:
    """Re-stamp a one-year (typical) weather onto calendar ``year``, same wall-clock hours.

    A leap ``year`` gets 29 February as a copy of 28 February (8760 → 8784 rows); a common
    year drops it. Weather already on ``year`` (every hour of it, in order) is returned as
    it is, with its solar position if computed.

    Raises
    ------
    InputError
        ``weather`` is not one whole calendar year of hourly rows.
    """
    index = pd.DatetimeIndex(weather.data.index)
    first = index[0]
    if len(index) not in (8760, 8784) or (first.month, first.day, first.hour) != (1, 1, 0):
        raise InputError(
            [
                text(
                    f"{weather.source}: 只能把一整年（1 月 1 日起 8760/8784 小时）改到其他年份，"
                    f"实际 {len(index)} 小时，自 {index[0]}",
                    f"{weather.source}: only one whole year (8760/8784 hours from 1 January) "
                    f"can be re-stamped, got {len(index)} hours from {index[0]}",
                )
            ]
        )
    assert index.tz is not None
    if _is_whole_year(index, year):
        return weather
    frame = restamped(weather.data, index.tz, year, weather.source)
    if len(frame) == 8760 and calendar.isleap(year):
        stamps = pd.DatetimeIndex(frame.index)
        feb28 = frame[(stamps.month == 2) & (stamps.day == 28)]
        frame = pd.concat([frame, feb28.set_axis(feb28.index + pd.Timedelta(days=1))]).sort_index()
    return Weather(
        frame,
        weather.latitude_deg,
        weather.longitude_deg,
        weather.altitude_m,
        weather.source,
        weather.messages,
    )


def _is_whole_year(index: pd.DatetimeIndex, year: int) -> bool:
    """Whether ``index`` is every hour of ``year``, in order, once (first hour already checked)."""
    hours = 8784 if calendar.isleap(year) else 8760
    return bool(
        index[0].year == year
        and len(index) == hours
        and index[-1] == index[0] + pd.Timedelta(hours=hours - 1)
        and index.is_monotonic_increasing
        and index.is_unique
    )
