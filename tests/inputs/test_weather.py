"""Weather readers (interval conventions), completion, quality checks, defaults, re-stamping."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd
import pvlib
import pytest

from greenpark.core.pv.sun import (
    decomposed_irradiance,
    hour_mean_clearsky_ghi_w_per_m2,
    solar_position,
)
from greenpark.errors import InputError
from greenpark.inputs.weather.files import (
    Weather,
    load_weather,
    read_weather,
    resplit_with_decomposition,
    weather_for_year,
)
from greenpark.inputs.weather.quality import closure_mismatch_fraction
from greenpark.messages import Message
from greenpark.report.messages import render_all

pytestmark = pytest.mark.usefixtures("english")
FIXTURES = Path(__file__).with_name("weather_fixtures")
REPO = Path(__file__).resolve().parents[2]
SITE = (37.78, 112.55, 778.0)


def _at(stamp: str, tz: str = "Asia/Shanghai") -> pd.Timestamp:
    return pd.Timestamp(stamp, tz=tz)


# --- readers: interval conventions on hand-made 48-hour files ---------------------------------


def test_epw_hour_1_is_the_interval_starting_at_midnight() -> None:
    raw = read_weather(FIXTURES / "two_days.epw")
    assert raw.data.index[0] == _at("2005-01-01 00:00")
    assert raw.data["temp_air"].iloc[0] == 1.0  # EPW hour 1
    assert raw.data["ghi"].idxmax() == _at("2005-01-01 13:00")  # EPW hour 14 = (13:00, 14:00]
    assert (raw.latitude_deg, raw.longitude_deg, raw.altitude_m) == (37.78, 112.55, 778.3)
    assert raw.typical_year and raw.components_from_file


def test_tmy3_is_hour_ending_like_epw() -> None:
    raw = read_weather(FIXTURES / "two_days_tmy3.csv")
    assert raw.data.index[0] == _at("1988-01-01 00:00")
    assert raw.data["temp_air"].iloc[0] == 1.0  # stamped 01:00 = interval 00:00–01:00
    assert raw.data.index[-1] == _at("1988-01-02 23:00")  # stamped 24:00
    assert raw.data["ghi"].idxmax() == _at("1988-01-01 13:00")


def test_pvgis_utc_stamp_is_the_interval_start() -> None:
    raw = read_weather(FIXTURES / "two_days_pvgis.json")
    assert raw.data.index[0] == _at("2007-01-01 00:00", "UTC")
    assert raw.data["temp_air"].iloc[0] == 0.0
    assert raw.data["ghi"].idxmax() == _at("2007-01-01 05:00", "UTC")  # 13:00 Beijing time
    assert raw.latitude_deg == 37.78 and raw.typical_year


def test_plain_csv_stamp_is_the_interval_start_in_local_time() -> None:
    raw = read_weather(FIXTURES / "two_days_plain.csv")
    assert raw.data.index[0] == _at("2025-01-01 00:00")
    assert raw.data["ghi"].idxmax() == _at("2025-01-01 13:00")
    assert (raw.latitude_deg, raw.longitude_deg, raw.altitude_m) == (37.78, 112.55, 778.0)
    assert not raw.typical_year and not raw.components_from_file
    assert "no wind_speed column" in words(raw.messages)[0]
    assert (raw.data["wind_speed"] == 0.0).all()


def test_a_48_hour_file_lacks_months() -> None:
    with pytest.raises(InputError) as error:
        load_weather(FIXTURES / "two_days.epw")
    assert "weather file two_days.epw has no data for month 7; expected all 12 months" in (
        error.value.problems
    )
    assert len(error.value.problems) == 11


def test_unknown_formats_are_refused(tmp_path: Path) -> None:
    odd = tmp_path / "weather.xyz"
    odd.write_text("1,2,3\n")
    with pytest.raises(InputError, match="unknown weather file format"):
        load_weather(odd)
    with pytest.raises(InputError, match="got fmt='bogus'"):
        load_weather(FIXTURES / "two_days.epw", fmt="bogus")


def _pvgis_csv(path: Path) -> pd.DataFrame:
    """A PVGIS TMY csv (pvlib reads exactly 8760 rows), UTC stamps, T2m = row number mod 97."""
    stamps = pd.date_range("2010-01-01", periods=8760, freq="h", tz="UTC")
    mid = stamps + pd.Timedelta(minutes=30)
    ghi = 0.7 * hour_mean_clearsky_ghi_w_per_m2(stamps, *SITE).to_numpy()
    split = decomposed_irradiance(
        pd.Series(ghi, index=stamps), solar_position(mid, *SITE)["zenith"], mid
    )
    lines = [
        "Latitude (decimal degrees): 37.780",
        "Longitude (decimal degrees): 112.550",
        "Elevation (m): 778",
        "Irradiance Time Offset (h): 0.1761",
        "month,year",
        *[f"{m},2010" for m in range(1, 13)],
        "time(UTC),T2m,RH,G(h),Gb(n),Gd(h),IR(h),WS10m,WD10m,SP",
    ]
    for i, t in enumerate(stamps):
        row = split.iloc[i]
        lines.append(
            f"{t:%Y%m%d:%H%M},{i % 97},50,{row.ghi:.2f},{row.dni:.2f},{row.dhi:.2f},250,2.0,180,93000"
        )
    lines += ["", "T2m: 2-m air temperature (degree Celsius)"]
    path.write_text("\r\n".join(lines) + "\r\n")
    return split


def test_pvgis_csv_is_restamped_onto_the_typical_year_in_local_time(tmp_path: Path) -> None:
    path = tmp_path / "tmy_37.780_112.550.csv"
    _pvgis_csv(path)
    weather = load_weather(path, park_location=(37.78, 112.55))
    assert len(weather.data) == 8760
    assert weather.data.index[0] == _at("2005-01-01 00:00")
    # 2010-12-31 16:00 UTC is 2011-01-01 00:00 Beijing time: wraps to 1 January of 2005
    assert weather.data["temp_air"].iloc[0] == (8760 - 8) % 97
    assert weather.data["temp_air"].iloc[8] == 0  # 2010-01-01 00:00 UTC = 08:00 Beijing time
    assert weather.data["temp_air"].iloc[9] == 1
    assert any("PVGIS irradiance time offset 0.18 h" in m for m in words(weather.messages))
    assert not any("lags the sun" in m for m in words(weather.messages))


# --- full-year plain csv: completion and quality checks ---------------------------------------


@pytest.fixture(scope="module")
def clean_year() -> pd.DataFrame:
    """2025 at 75% of the hour-mean clear sky, split with Erbs: every check passes."""
    hours = pd.date_range("2025-01-01", periods=8760, freq="h", tz="Asia/Shanghai")
    mid = hours + pd.Timedelta(minutes=30)
    ghi = 0.75 * hour_mean_clearsky_ghi_w_per_m2(hours, *SITE)
    frame = decomposed_irradiance(ghi, solar_position(mid, *SITE)["zenith"], mid)
    return frame.assign(temp_air=12.0, wind_speed=2.0)


def _write(frame: pd.DataFrame, path: Path, *, location: bool = True) -> Path:
    header = "# latitude_deg: 37.78\n# longitude_deg: 112.55\n# altitude_m: 778\n"
    body = frame.rename_axis("timestamp").to_csv(date_format="%Y-%m-%dT%H:%M")
    path.write_text((header if location else "") + body, encoding="utf-8")
    return path


def test_clean_year_loads_without_messages(clean_year: pd.DataFrame, tmp_path: Path) -> None:
    weather = load_weather(_write(clean_year, tmp_path / "w.csv"), park_location=(37.8, 112.6))
    assert words(weather.messages) == ()
    pd.testing.assert_frame_equal(weather.data, clean_year, check_freq=False, atol=1e-9)
    assert weather.source.startswith("greenpark plain csv")


def test_late_data_are_reported_with_their_lag(clean_year: pd.DataFrame, tmp_path: Path) -> None:
    late = clean_year.shift(1).fillna(0.0)
    weather = load_weather(_write(late, tmp_path / "late.csv"))
    assert any("irradiance lags the sun by about +1.00 h" in m for m in words(weather.messages))


def test_missing_hours_are_filled_and_counted(clean_year: pd.DataFrame, tmp_path: Path) -> None:
    gappy = clean_year.drop(clean_year.index[[100, 101, 5000]]).drop(clean_year.index[3000:3030])
    weather = load_weather(_write(gappy, tmp_path / "gappy.csv"))
    assert "w.csv" not in words(weather.messages)[0]
    assert "gappy.csv: 33 missing hours filled" in words(weather.messages)[0]
    assert len(weather.data) == 8760 and weather.data.notna().all().all()
    # a 30-hour gap copies the same hour of the day before
    assert weather.data["ghi"].iloc[3010] == pytest.approx(clean_year["ghi"].iloc[3010 - 24])


def test_a_missing_month_is_fatal(clean_year: pd.DataFrame, tmp_path: Path) -> None:
    no_july = clean_year[clean_year.index.month != 7]
    with pytest.raises(InputError, match="has no data for month 7"):
        load_weather(_write(no_july, tmp_path / "no_july.csv"))


def test_duplicate_stamps_are_fatal(clean_year: pd.DataFrame, tmp_path: Path) -> None:
    doubled = pd.concat([clean_year, clean_year.iloc[[10]]])
    with pytest.raises(InputError, match="1 duplicate time stamps"):
        load_weather(_write(doubled, tmp_path / "doubled.csv"))


def test_a_csv_without_location_needs_the_park(clean_year: pd.DataFrame, tmp_path: Path) -> None:
    path = _write(clean_year, tmp_path / "nowhere.csv", location=False)
    with pytest.raises(InputError, match="no location in the file"):
        load_weather(path)
    weather = load_weather(path, park_location=(37.78, 112.55))
    assert weather.latitude_deg == 37.78
    assert weather.altitude_m == 0.0


def test_ghi_above_clear_sky_is_counted(clean_year: pd.DataFrame, tmp_path: Path) -> None:
    bright = clean_year.assign(ghi=clean_year["ghi"] * 1.6)
    weather = load_weather(_write(bright, tmp_path / "bright.csv"))
    message = next(m for m in words(weather.messages) if "above clear-sky" in m)
    above, daylight = map(int, re.findall(r"in (\d+) of (\d+) daylight hours", message)[0])
    assert above > 0.8 * daylight


def test_closure_mismatch_is_reported_and_resplit_fixes_it(
    clean_year: pd.DataFrame, tmp_path: Path
) -> None:
    weak_beam = clean_year.assign(dni=clean_year["dni"] * 0.8)
    weather = load_weather(_write(weak_beam, tmp_path / "weak.csv"))
    assert any("DNI·cosZ + DHI differs from GHI by -" in m for m in words(weather.messages))
    fixed = resplit_with_decomposition(weather)
    assert closure_mismatch_fraction(fixed.data, fixed.solar_position) == pytest.approx(0, abs=1e-9)
    pd.testing.assert_series_equal(fixed.data["ghi"], weather.data["ghi"])
    assert "split from GHI with the erbs model" in words(fixed.messages)[-1]


def test_ghi_only_is_split_by_decomposition(clean_year: pd.DataFrame, tmp_path: Path) -> None:
    only_ghi = clean_year.drop(columns=["dni", "dhi"])
    weather = load_weather(_write(only_ghi, tmp_path / "ghi.csv"))
    assert "DNI and DHI split from GHI with the erbs model" in words(weather.messages)
    np.testing.assert_allclose(weather.data["dni"], clean_year["dni"], atol=1e-6)


def test_a_distant_file_is_reported_in_km(clean_year: pd.DataFrame, tmp_path: Path) -> None:
    weather = load_weather(_write(clean_year, tmp_path / "far.csv"), park_location=(38.78, 112.55))
    assert any("is 111 km from the park" in m for m in words(weather.messages))


# --- the Weather object and re-stamping --------------------------------------------------------


def _weather(frame: pd.DataFrame) -> Weather:
    return Weather(frame, *SITE, source="test", messages=())


def test_weather_properties(clean_year: pd.DataFrame) -> None:
    weather = _weather(clean_year)
    assert weather.sun_times[0] == _at("2025-01-01 00:30")
    assert weather.annual_ghi_kwh_per_m2 == pytest.approx(clean_year["ghi"].sum() / 1000)
    assert weather.solar_position is weather.solar_position  # computed once
    expected = solar_position(weather.sun_times, *SITE)
    pd.testing.assert_frame_equal(weather.solar_position, expected)


def test_weather_for_a_leap_year_copies_28_february(clean_year: pd.DataFrame) -> None:
    leap = weather_for_year(_weather(clean_year), 2024)
    assert len(leap.data) == 8784 and leap.data.index[0] == _at("2024-01-01 00:00")
    feb = leap.data[leap.data.index.month == 2]
    np.testing.assert_array_equal(
        feb[feb.index.day == 29].to_numpy(), feb[feb.index.day == 28].to_numpy()
    )
    common = weather_for_year(leap, 2026)
    assert len(common.data) == 8760 and common.data.index[-1] == _at("2026-12-31 23:00")
    np.testing.assert_array_equal(common.data.to_numpy(), clean_year.to_numpy())


def test_weather_already_on_the_year_is_kept_as_it_is(clean_year: pd.DataFrame) -> None:
    weather = _weather(clean_year)
    position = weather.solar_position
    same = weather_for_year(weather, 2025)
    assert same is weather and same.solar_position is position
    moved = weather_for_year(weather, 2026)
    assert moved is not weather and moved.data.index[0] == _at("2026-01-01 00:00")
    assert weather_for_year(moved, 2026) is moved


def test_replaced_weather_keeps_the_sun_only_for_the_same_hours(clean_year: pd.DataFrame) -> None:
    weather = _weather(clean_year)
    position = weather.solar_position
    note = Message("weather_resplit", {"model": "erbs"}, "info")
    noted = weather.replaced(messages=(note,))
    assert noted.messages == (note,) and noted.solar_position is position
    dimmer = weather.replaced(data=clean_year.assign(ghi=clean_year["ghi"] / 2))
    assert dimmer.solar_position is position and dimmer.messages == ()
    shorter = weather.replaced(data=clean_year.iloc[:48])
    assert "solar_position" not in shorter.__dict__
    assert len(shorter.solar_position) == 48


def test_only_whole_years_are_restamped(clean_year: pd.DataFrame) -> None:
    with pytest.raises(InputError, match="only one whole year"):
        weather_for_year(_weather(clean_year.iloc[:100]), 2024)


# --- the CSWD Taiyuan file ---------------------------------------------------------------------


def _epw_columns(path: Path) -> tuple[list[str], pd.DataFrame]:
    """An EPW read with plain pandas: header LOCATION fields, and the data rows."""
    location = path.read_text(encoding="utf-8", errors="replace").splitlines()[0].split(",")
    return location, pd.read_csv(path, skiprows=8, header=None)


def test_cswd_taiyuan_epw_lags_and_does_not_close(taiyuan_epw: Path) -> None:
    weather = load_weather(taiyuan_epw, park_location=(37.87, 112.55))
    assert len(weather.data) == 8760 and weather.data.index[0] == _at("2005-01-01 00:00")
    assert "Taiyuan 537720" in weather.source
    # Independent of greenpark, from the file with pandas (EPW fields 14-16, 1-based, are
    # GHI, DNI, DHI [Wh/m²]; hour h covers (h-1, h] at UTC+8; the sun at mid-hour by pvlib):
    location, rows = _epw_columns(taiyuan_epw)
    latitude, longitude, altitude = float(location[6]), float(location[7]), float(location[9])
    ghi, dni, dhi = (rows[column].to_numpy(float) for column in (13, 14, 15))
    # annual GHI = column sum / 1000 = 1419.89 kWh/m² (the file has no missing values)
    assert weather.annual_ghi_kwh_per_m2 == pytest.approx(ghi.sum() / 1000, rel=1e-12)
    mid = pd.date_range("2005-01-01 00:30", periods=8760, freq="h", tz="Asia/Shanghai")
    zenith = pvlib.solarposition.get_solarposition(mid, latitude, longitude, altitude)["zenith"]
    cos_zenith = np.clip(np.cos(np.radians(zenith.to_numpy())), 0, None)
    closure = (dni * cos_zenith + dhi).sum() / ghi.sum() - 1  # -3.97 %
    assert f"{closure:+.1%}" == "-4.0%"
    assert any("differs from GHI by -4.0%" in m for m in words(weather.messages))
    # +0.50 h is greenpark's lag search on this file (a regression value). Independent check:
    # the GHI-weighted mean solar time of the year is 0.49 h after solar noon.
    eot_min = pvlib.solarposition.equation_of_time_spencer71(np.asarray(mid.day_of_year))
    hour_angle = np.asarray(pvlib.solarposition.hour_angle(mid, longitude, eot_min))
    centroid_h = float((ghi * ((hour_angle + 180) % 360 - 180)).sum() / ghi.sum() / 15)
    assert centroid_h == pytest.approx(0.5, abs=0.125)  # within half a search step
    assert any("lags the sun by about +0.50 h" in m for m in words(weather.messages))
    assert not any("from the park" in m for m in words(weather.messages))  # 10 km away


def words(messages: Iterable[Message]) -> tuple[str, ...]:
    """Messages in the current language."""
    return tuple(render_all(messages))
