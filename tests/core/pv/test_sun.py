"""Sun geometry, extraterrestrial and clear-sky irradiance, GHI splitting, lag search."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pvlib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from greenpark.core.pv import sun

TAIYUAN = (37.78, 112.55, 778.3)


def _hours(start: str, periods: int) -> pd.DatetimeIndex:
    return pd.date_range(start, periods=periods, freq="h", tz="Asia/Shanghai")


def test_noon_sun_at_equinox_is_south_at_latitude_zenith() -> None:
    # hand-worked: at the March equinox the noon zenith equals the latitude, sun due south
    times = pd.date_range("2025-03-20 11:00", "2025-03-20 14:00", freq="1min", tz="Asia/Shanghai")
    position = sun.solar_position(times, *TAIYUAN)
    noon = position["zenith"].idxmin()
    assert position.loc[noon, "zenith"] == pytest.approx(37.78, abs=0.5)
    assert position.loc[noon, "azimuth"] == pytest.approx(180.0, abs=1.0)
    # Taiyuan is 7.45° west of 120°E: solar noon ≈ 12:30 Beijing time, minus the equation of time
    assert noon.hour * 60 + noon.minute == pytest.approx(12 * 60 + 30 + 7, abs=3)


def test_hour_angle_is_pvlibs_without_its_python_loop() -> None:
    times = _hours("2025-01-01", 24 * 40) + pd.Timedelta(minutes=30)
    eot_min = pvlib.solarposition.equation_of_time_spencer71(np.asarray(times.day_of_year))
    theirs = pvlib.solarposition.hour_angle(times, TAIYUAN[1], eot_min)
    ours = sun.hour_angle_deg(times, TAIYUAN[1])
    # same angle modulo 360°; ours is wrapped to [-180, 180)
    np.testing.assert_allclose(ours, (theirs + 180.0) % 360.0 - 180.0, rtol=0, atol=1e-9)
    assert ours.min() >= -180.0 and ours.max() < 180.0


@pytest.mark.filterwarnings("ignore:DatetimeIndex.dayofyear is deprecated")
def test_extraterrestrial_dni_takes_the_utc_day_as_pvlib() -> None:
    # 2025-01-02 03:30 Beijing time is still 1 January in UTC
    times = pd.DatetimeIndex(["2025-01-02 03:30", "2025-01-02 09:30"], tz="Asia/Shanghai")
    ours = sun.extraterrestrial_dni_w_per_m2(times).to_numpy()
    np.testing.assert_allclose(ours, pvlib.irradiance.get_extra_radiation(times), rtol=1e-15)
    on_day = pvlib.irradiance.get_extra_radiation(np.array([1.0, 2.0]))
    np.testing.assert_allclose(ours, on_day, rtol=1e-15)


def test_extraterrestrial_hour_means_sum_to_the_daily_formula() -> None:
    # Duffie & Beckman eq. 1.10.3: H0 = 24/π · Gon · (cosφ cosδ sinωs + ωs sinφ sinδ) [Wh/m²]
    days = pd.date_range("2025-01-01", "2025-12-31", freq="D", tz="Asia/Shanghai")
    hours = _hours("2025-01-01", 8760)
    hourly = sun.extraterrestrial_horizontal_w_per_m2(hours, TAIYUAN[0], TAIYUAN[1])
    daily = hourly.groupby(hours.normalize()).sum().to_numpy()
    noon = days + pd.Timedelta(hours=12)
    phi = np.radians(TAIYUAN[0])
    delta = pvlib.solarposition.declination_spencer71(np.asarray(noon.day_of_year))
    omega_s = np.arccos(-np.tan(phi) * np.tan(delta))
    gon = pvlib.irradiance.get_extra_radiation(np.asarray(noon.day_of_year, dtype=float))
    h0 = 24 / np.pi * gon * (np.cos(phi) * np.cos(delta) * np.sin(omega_s))
    h0 += 24 / np.pi * gon * omega_s * np.sin(phi) * np.sin(delta)
    np.testing.assert_allclose(daily, h0, rtol=0.002)


def test_extraterrestrial_hour_means_match_minute_sampling() -> None:
    hours = _hours("2025-06-01", 72)
    minutes = pd.date_range(hours[0], periods=72 * 60, freq="1min")
    zenith = sun.solar_position(minutes, *TAIYUAN)["zenith"].to_numpy()
    e0 = sun.extraterrestrial_dni_w_per_m2(minutes).to_numpy()
    sampled = (e0 * np.clip(np.cos(np.radians(zenith)), 0, None)).reshape(72, 60).mean(axis=1)
    exact = sun.extraterrestrial_horizontal_w_per_m2(hours, TAIYUAN[0], TAIYUAN[1]).to_numpy()
    np.testing.assert_allclose(exact, sampled, atol=12.0)
    assert exact.sum() == pytest.approx(sampled.sum(), rel=0.002)


@pytest.mark.filterwarnings("ignore:DatetimeIndex.dayofyear is deprecated")
def test_clearsky_matches_pvlib_location_ineichen() -> None:
    times = _hours("2025-07-01", 48) + pd.Timedelta(minutes=30)
    ours = sun.clearsky_irradiance(times, *TAIYUAN)
    location = pvlib.location.Location(*TAIYUAN[:2], altitude=TAIYUAN[2])
    theirs = location.get_clearsky(times, model="ineichen").fillna(0.0)
    np.testing.assert_allclose(ours["ghi"], theirs["ghi"], rtol=1e-4)
    assert (ours.loc[ours.index.hour == 0, "ghi"] == 0).all()
    assert ours["ghi"].max() > 800


def test_hour_mean_clearsky_is_positive_in_the_sunrise_hour() -> None:
    hours = _hours("2025-06-21", 24)
    mean = sun.hour_mean_clearsky_ghi_w_per_m2(hours, *TAIYUAN)
    at_mid = sun.clearsky_irradiance(hours + pd.Timedelta(minutes=30), *TAIYUAN)["ghi"]
    sunrise_hour = int(np.argmax(mean.to_numpy() > 0))
    assert mean.iloc[sunrise_hour] > 0
    assert mean.sum() == pytest.approx(at_mid.sum(), rel=0.02)


@pytest.mark.parametrize("model", sorted(sun.DECOMPOSITION_MODELS))
def test_decomposition_preserves_ghi(model: str) -> None:
    hours = _hours("2025-04-10", 48)
    mid = hours + pd.Timedelta(minutes=30)
    zenith = sun.solar_position(mid, *TAIYUAN)["zenith"]
    ghi = 0.9 * sun.clearsky_irradiance(mid, *TAIYUAN)["ghi"].set_axis(hours)
    split = sun.decomposed_irradiance(ghi, zenith, mid, model)
    cos_z = np.clip(np.cos(np.radians(zenith.to_numpy())), 0, None)
    np.testing.assert_allclose(split["dni"] * cos_z + split["dhi"], ghi, atol=1e-9)
    assert (split[["dni", "dhi"]] >= 0).all().all()
    assert split["dni"].max() > 300  # a clear-ish day has beam


def test_erbs_split_is_pvlib_erbs_away_from_the_horizon() -> None:
    hours = _hours("2025-04-10", 24)
    mid = hours + pd.Timedelta(minutes=30)
    zenith = sun.solar_position(mid, *TAIYUAN)["zenith"]
    ghi = pd.Series(np.where(zenith.to_numpy() < 80, 400.0, 0.0), index=hours)
    split = sun.decomposed_irradiance(ghi, zenith, mid, "erbs")
    reference = pvlib.irradiance.erbs(ghi.to_numpy(), zenith.to_numpy(), mid.day_of_year)
    np.testing.assert_allclose(split["dni"], reference["dni"], rtol=1e-9, atol=1e-9)


@settings(max_examples=30, deadline=None)
@given(
    ghi=arrays(np.float64, 24, elements=st.floats(0, 1200)),
    zenith=arrays(np.float64, 24, elements=st.floats(0, 100)),
)
def test_decomposition_closes_for_any_input(ghi: np.ndarray, zenith: np.ndarray) -> None:
    hours = _hours("2025-04-10", 24)
    split = sun.decomposed_irradiance(pd.Series(ghi, index=hours), pd.Series(zenith), hours)
    cos_z = np.clip(np.cos(np.radians(zenith)), 0, None)
    np.testing.assert_allclose(split["dni"] * cos_z + split["dhi"], ghi, atol=1e-6)
    assert (split["dhi"] >= -1e-9).all() and (split["dni"] >= 0).all()


def test_unshifted_column_of_the_lag_search_is_the_hour_mean_clear_sky() -> None:
    hours = _hours("2025-06-01", 72)
    shifted = sun.shifted_hour_mean_clearsky_ghi_w_per_m2(hours, *TAIYUAN)
    assert shifted.columns[0] == -sun.LAG_MAX_H and shifted.columns[-1] == sun.LAG_MAX_H
    mean = sun.hour_mean_clearsky_ghi_w_per_m2(hours, *TAIYUAN)
    np.testing.assert_allclose(shifted[0.0], mean, rtol=1e-12, atol=1e-9)
    # column +1 h is the hour mean of the next interval
    np.testing.assert_allclose(shifted[1.0].iloc[:-1], mean.iloc[1:], rtol=1e-12, atol=1e-9)


@pytest.mark.parametrize("lag_h", [0.0, 1.0, -0.5, 1.5])
def test_lag_of_shifted_clear_sky_is_found(lag_h: float) -> None:
    hours = _hours("2025-03-01", 24 * 30)
    late = sun.hour_mean_clearsky_ghi_w_per_m2(hours - pd.Timedelta(hours=lag_h), *TAIYUAN)
    found = sun.ghi_lag_h(hours, 0.8 * late.to_numpy(), *TAIYUAN)
    assert found == pytest.approx(lag_h)


def test_hour_means_read_later_by_hand() -> None:
    values = np.array([0.0, 10.0, 20.0, 30.0])
    # half an hour: each hour is half its own row and half the next; the last repeats itself
    np.testing.assert_allclose(sun.hour_means_read_later(values, 0.5), [5, 15, 25, 30])
    # 1.25 h: row 0 = 0.75 × 10 + 0.25 × 20 = 12.5
    np.testing.assert_allclose(sun.hour_means_read_later(values, 1.25), [12.5, 22.5, 30, 30])
    # a negative lag moves the data later; the first row repeats itself
    np.testing.assert_allclose(sun.hour_means_read_later(values, -1.0), [0, 0, 10, 20])
    np.testing.assert_allclose(sun.hour_means_read_later(values, 0.0), values)
