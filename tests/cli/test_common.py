"""Weather choices shared by ``greenpark pv`` and ``greenpark run``."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from greenpark.cli.common import WeatherChoice
from greenpark.inputs.park import load_park_config
from greenpark.inputs.weather_quality import closure_mismatch_fraction

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "sites" / "jincheng-edz"


def test_default_choice_is_the_synthetic_year() -> None:
    choice = WeatherChoice()
    assert choice.label == "synthetic typical year"
    weather = choice.load(load_park_config(DEMO))
    assert len(weather.data) == 8760
    assert 1200 < weather.annual_ghi_kwh_per_m2 < 1700


def test_resplit_keeps_ghi_and_closes_the_components(taiyuan_epw: Path) -> None:
    config = load_park_config(DEMO)
    raw = WeatherChoice(taiyuan_epw).load(config)
    resplit = WeatherChoice(taiyuan_epw, resplit="erbs")
    fixed = resplit.load(config)
    assert resplit.label == f"{taiyuan_epw.name}, resplit=erbs"
    np.testing.assert_allclose(fixed.data["ghi"], raw.data["ghi"])
    position = fixed.solar_position
    assert abs(closure_mismatch_fraction(raw.data, position)) > 0.02  # CSWD files don't close
    assert abs(closure_mismatch_fraction(fixed.data, position)) < 0.005


def test_weather_shift_is_recorded_in_the_label(taiyuan_epw: Path) -> None:
    assert WeatherChoice(taiyuan_epw, shift="auto").label == f"{taiyuan_epw.name}, shift=auto"
    both = WeatherChoice(taiyuan_epw, resplit="dirint", shift="-30")
    assert both.label == f"{taiyuan_epw.name}, resplit=dirint, shift=-30min"
    assert both.irradiance_lag_h() == -0.5
