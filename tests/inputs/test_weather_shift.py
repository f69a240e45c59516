"""Removing a lag of irradiance behind the sun (``--weather-shift``): found, moved, checked."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd
import pvlib
import pytest

from greenpark.core.pv.sun import ghi_lag_h, hour_mean_clearsky_ghi_w_per_m2
from greenpark.inputs.weather.files import Weather, load_weather
from greenpark.messages import Message
from greenpark.report.messages import render_all

pytestmark = pytest.mark.usefixtures("english")
SITE = (37.78, 112.55, 778.0)
HOURS = pd.date_range("2025-01-01", periods=8760, freq="h", tz="Asia/Shanghai")


def _ghi_file(path: Path, lag_h: float) -> tuple[Path, np.ndarray]:
    """A GHI-only csv at 75 % of the hour-mean clear sky whose every row describes the hour
    ``lag_h`` earlier than its stamp (the data come ``lag_h`` late), and its GHI."""
    earlier = HOURS - pd.Timedelta(hours=lag_h)
    ghi = 0.75 * hour_mean_clearsky_ghi_w_per_m2(earlier, *SITE).to_numpy()
    frame = pd.DataFrame({"ghi": ghi, "temp_air": 12.0, "wind_speed": 2.0}, index=HOURS)
    header = "# latitude_deg: 37.78\n# longitude_deg: 112.55\n# altitude_m: 778\n"
    body = frame.rename_axis("timestamp").to_csv(date_format="%Y-%m-%dT%H:%M")
    path.write_text(header + body, encoding="utf-8")
    return path, ghi


def _solar_centroid_h(weather: Weather) -> float:
    """GHI-weighted mean solar hour angle of the year [h]: ~0 for data in step with the sun
    (pvlib's hour angle, independent of greenpark's lag search)."""
    mid = weather.sun_times
    eot = pvlib.solarposition.equation_of_time_spencer71(np.asarray(mid.day_of_year))
    angle = np.asarray(pvlib.solarposition.hour_angle(mid, weather.longitude_deg, eot))
    ghi = weather.data["ghi"].to_numpy()
    return float((ghi * ((angle + 180) % 360 - 180)).sum() / ghi.sum() / 15)


@pytest.mark.parametrize(
    ("lag_h", "moved"), [(0.5, "30 min earlier"), (1.0, "60 min earlier"), (-0.75, "45 min later")]
)
def test_auto_finds_a_known_lag_and_removes_it(tmp_path: Path, lag_h: float, moved: str) -> None:
    path, _ = _ghi_file(tmp_path / "late.csv", lag_h)
    as_is = load_weather(path)
    assert any(
        f"irradiance lags the sun by about {lag_h:+.2f} h" in m for m in words(as_is.messages)
    )
    assert any("--weather-shift auto" in m for m in words(as_is.messages))
    fixed = load_weather(path, irradiance_lag_h="auto")
    assert any(
        f"irradiance found lagging the sun by {lag_h:+.2f} h" in m and moved in m
        for m in words(fixed.messages)
    )
    assert not any(
        "lags the sun" in m for m in words(fixed.messages)
    )  # the check finds no lag left
    assert ghi_lag_h(HOURS, fixed.data["ghi"].to_numpy(), *SITE) == 0.0
    assert abs(_solar_centroid_h(fixed)) < abs(_solar_centroid_h(as_is)) / 4
    np.testing.assert_allclose(fixed.data["ghi"].sum(), as_is.data["ghi"].sum(), rtol=1e-9)


def test_a_whole_hour_lag_gives_back_the_clean_hours(tmp_path: Path) -> None:
    path, _ = _ghi_file(tmp_path / "late.csv", 1.0)
    _, clean = _ghi_file(tmp_path / "clean.csv", 0.0)
    fixed = load_weather(path, irradiance_lag_h=1.0)
    np.testing.assert_allclose(fixed.data["ghi"].to_numpy()[:-1], clean[:-1], atol=1e-9)
    assert any(
        "as --weather-shift asks, irradiance (GHI, DNI, DHI) moved 60 min earlier" in m
        for m in words(fixed.messages)
    )


def test_given_minutes_blend_neighbouring_hours_by_hand(tmp_path: Path) -> None:
    path, late = _ghi_file(tmp_path / "late.csv", 0.5)
    fixed = load_weather(path, irradiance_lag_h=0.5)
    # half an hour: each hour takes half of its own row and half of the next
    for t in (8 * 24 + 7, 180 * 24 + 12, 300 * 24 + 16):
        assert fixed.data["ghi"].iloc[t] == pytest.approx(0.5 * (late[t] + late[t + 1]))
    np.testing.assert_allclose(fixed.data["temp_air"], 12.0)  # temperature keeps its hours


def test_cswd_taiyuan_lags_half_an_hour_and_auto_removes_it(taiyuan_epw: Path) -> None:
    as_is = load_weather(taiyuan_epw)
    fixed = load_weather(taiyuan_epw, irradiance_lag_h="auto")
    assert any("found lagging the sun by +0.50 h" in m for m in words(fixed.messages))
    assert not any("lags the sun" in m for m in words(fixed.messages))
    # independent check: the GHI-weighted solar hour moves from +0.49 h to about 0
    assert _solar_centroid_h(as_is) == pytest.approx(0.5, abs=0.125)
    assert _solar_centroid_h(fixed) == pytest.approx(0.0, abs=0.125)


@pytest.mark.parametrize(
    ("station_id", "lag_h"),
    [("579570", 1.5), ("570360", 1.25), ("517090", 1.0), ("592870", 0.5)],
)  # Guilin, Xi'an, Kashi (far west, solar noon ~ 14:00 Beijing time), Guangzhou
def test_national_cswd_files_lose_their_lag(
    cswd_china: Path, station_id: str, lag_h: float
) -> None:
    path = next(cswd_china.glob(f"*.{station_id}_CSWD.epw.gz"))
    as_is = load_weather(path)
    fixed = load_weather(path, irradiance_lag_h="auto")
    assert any(
        f"irradiance lags the sun by about {lag_h:+.2f} h" in m for m in words(as_is.messages)
    )
    assert any(f"found lagging the sun by {lag_h:+.2f} h" in m for m in words(fixed.messages))
    assert _solar_centroid_h(as_is) == pytest.approx(lag_h, abs=0.125)
    assert _solar_centroid_h(fixed) == pytest.approx(0.0, abs=0.125)


def words(messages: Iterable[Message]) -> tuple[str, ...]:
    """Messages in the current language."""
    return tuple(render_all(messages))
