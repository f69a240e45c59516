"""Station climatologies interpolated to a site: distances, weights, Kt, lapse rate."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from greenpark.core.pv import stations
from greenpark.core.pv.synthetic import monthly_extraterrestrial_kwh_per_m2

YEAR = pd.date_range("2005-01-01", periods=8760, freq="h", tz="Asia/Shanghai")
MONTHS = np.arange(1, 13, dtype=float)


def _two_stations() -> stations.StationClimates:
    """A at 37°N, 0 m: Kt 0.5, 20 °C, range 10 °C, wind 2 m/s; B at 39°N, 1000 m: Kt 0.6,
    10 °C, range 14 °C, wind 4 m/s (every month alike, plus the month number / 100 on Kt)."""
    return stations.StationClimates(
        latitude_deg=np.array([37.0, 39.0]),
        longitude_deg=np.array([112.0, 112.0]),
        altitude_m=np.array([0.0, 1000.0]),
        clearness_index=np.vstack([0.5 + MONTHS / 100, 0.6 + MONTHS / 100]),
        mean_temp_air_c=np.vstack([np.full(12, 20.0), np.full(12, 10.0)]),
        mean_daily_temp_range_c=np.vstack([np.full(12, 10.0), np.full(12, 14.0)]),
        mean_wind_speed_m_s=np.vstack([np.full(12, 2.0), np.full(12, 4.0)]),
    )


def test_one_degree_of_latitude_is_111_km() -> None:
    # hand-worked: π · 6371.0088 km / 180 = 111.195 km
    km = stations.great_circle_distance_km(37.0, 112.0, np.array([38.0]), np.array([112.0]))
    assert km[0] == pytest.approx(111.195, abs=0.001)


def test_weights_between_two_stations_by_hand() -> None:
    # one third of the way from A (37°N) to B (39°N): d_A = 2/3°, d_B = 4/3° of the same
    # meridian, so 1/d² are in the ratio 4 : 1 -> weights 4/5 and 1/5
    two = _two_stations()
    distance = stations.great_circle_distance_km(
        37 + 2 / 3, 112.0, two.latitude_deg, two.longitude_deg
    )
    np.testing.assert_allclose(distance, [2 / 3 * 111.195, 4 / 3 * 111.195], rtol=1e-4)
    np.testing.assert_allclose(stations.idw_weights(distance), [0.8, 0.2], rtol=1e-12)


def test_only_the_nearest_stations_count_and_a_station_site_takes_it_alone() -> None:
    distance = np.array([80.0, 10.0, 40.0, 20.0, 70.0, 30.0, 60.0, 50.0])
    weights = stations.idw_weights(distance)
    # the six nearest (10 … 60 km) share 1 in proportion to 1/d²; 70 and 80 km get nothing
    inverse = 1 / np.array([10.0, 20.0, 30.0, 40.0, 50.0, 60.0]) ** 2
    np.testing.assert_allclose(weights[[1, 3, 5, 2, 7, 6]], inverse / inverse.sum())
    assert weights[[0, 4]].tolist() == [0.0, 0.0]
    on_station = stations.idw_weights(np.array([15.0, 0.0, 3.0]))
    assert on_station.tolist() == [0.0, 1.0, 0.0]


def test_a_site_on_a_station_gets_that_stations_climate() -> None:
    two = _two_stations()
    weights = stations.idw_weights(
        stations.great_circle_distance_km(39.0, 112.0, two.latitude_deg, two.longitude_deg)
    )
    h0 = monthly_extraterrestrial_kwh_per_m2(YEAR, 39.0, 112.0)
    climate = stations.site_climate(two, weights, 1000.0, h0)
    np.testing.assert_allclose(climate.mean_daily_ghi_kwh_per_m2, (0.6 + MONTHS / 100) * h0)
    np.testing.assert_allclose(climate.mean_temp_air_c, 10.0, rtol=0, atol=1e-12)
    np.testing.assert_allclose(climate.mean_daily_temp_range_c, 14.0)
    np.testing.assert_allclose(climate.mean_wind_speed_m_s, 4.0)


def test_temperature_follows_the_lapse_rate_by_hand() -> None:
    two = _two_stations()
    half = np.array([0.5, 0.5])
    h0 = monthly_extraterrestrial_kwh_per_m2(YEAR, 38.0, 112.0)
    # at sea level A is 20 °C and B 10 + 6.5 = 16.5 °C; their mean 18.25 °C, at 500 m
    # 18.25 − 0.0065 × 500 = 15.0 °C (a plain mean of 20 and 10 would give 15.0 only at 500 m
    # by coincidence, so check 2000 m too: 18.25 − 13.0 = 5.25 °C)
    at_500 = stations.site_climate(two, half, 500.0, h0)
    at_2000 = stations.site_climate(two, half, 2000.0, h0)
    np.testing.assert_allclose(at_500.mean_temp_air_c, 15.0, rtol=0, atol=1e-12)
    np.testing.assert_allclose(at_2000.mean_temp_air_c, 5.25, rtol=0, atol=1e-12)
    assert stations.STANDARD_LAPSE_RATE_C_PER_M == 0.0065


def test_the_clearness_index_is_interpolated_and_the_site_keeps_its_own_sun() -> None:
    two = _two_stations()
    half = np.array([0.5, 0.5])
    h0_site = monthly_extraterrestrial_kwh_per_m2(YEAR, 38.0, 112.0)
    climate = stations.site_climate(two, half, 0.0, h0_site)
    kt = 0.55 + MONTHS / 100
    np.testing.assert_allclose(climate.mean_daily_ghi_kwh_per_m2, kt * h0_site)
    # not the mean of the stations' GHI: their suns differ (December: 4 % less at 39°N)
    h0_a = monthly_extraterrestrial_kwh_per_m2(YEAR, 37.0, 112.0)
    h0_b = monthly_extraterrestrial_kwh_per_m2(YEAR, 39.0, 112.0)
    assert h0_b[11] < 0.97 * h0_a[11]
    ghi_mean = 0.5 * (two.clearness_index[0] * h0_a + two.clearness_index[1] * h0_b)
    assert not np.allclose(climate.mean_daily_ghi_kwh_per_m2, ghi_mean, rtol=1e-4)


def test_monthly_extraterrestrial_irradiation_by_the_daily_formula() -> None:
    h0 = monthly_extraterrestrial_kwh_per_m2(YEAR, 37.78, 112.55)
    # Duffie & Beckman eq. 1.10.3 for each day, with Spencer's declination (eq. 1.6.1b) and
    # Sun-Earth distance (eq. 1.4.1b), solar constant 1367 W/m²:
    # H0 = 24/π · G_on · (cos φ cos δ sin ωs + ωs sin φ sin δ)
    b = 2 * np.pi * (np.arange(1, 366) - 1) / 365
    delta = (
        0.006918
        - 0.399912 * np.cos(b)
        + 0.070257 * np.sin(b)
        - 0.006758 * np.cos(2 * b)
        + 0.000907 * np.sin(2 * b)
        - 0.002697 * np.cos(3 * b)
        + 0.00148 * np.sin(3 * b)
    )
    g_on = 1367 * (
        1.000110
        + 0.034221 * np.cos(b)
        + 0.001280 * np.sin(b)
        + 0.000719 * np.cos(2 * b)
        + 0.000077 * np.sin(2 * b)
    )
    phi = np.radians(37.78)
    omega_s = np.arccos(-np.tan(phi) * np.tan(delta))
    daily_wh = (
        24
        / np.pi
        * g_on
        * (np.cos(phi) * np.cos(delta) * np.sin(omega_s) + omega_s * np.sin(phi) * np.sin(delta))
    )
    month = pd.date_range("2005-01-01", periods=365, freq="D").month
    by_hand = pd.Series(daily_wh / 1000).groupby(month).mean().to_numpy()
    # the generator takes the declination at each hour's middle, not once a day
    np.testing.assert_allclose(h0, by_hand, rtol=0.002)
