"""The PV pipeline: park config + weather -> hourly, per-roof, per-enterprise and monthly yields."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from greenpark.core.pv.fleet import fleet_ac_kwh
from greenpark.core.pv.sun import solar_position
from greenpark.errors import InputError
from greenpark.inputs.park.load import load_park_config
from greenpark.inputs.park.schema import ParkConfig
from greenpark.inputs.weather.files import Weather, default_weather, load_weather, weather_for_year
from greenpark.messages import Message
from greenpark.pipeline.pv import roof_table, run_pv
from greenpark.report.messages import render

# pvlib 0.16 calls DatetimeIndex.dayofyear (deprecated in pandas 3) when the weather helper
# computes extraterrestrial irradiance from timestamps
pytestmark = pytest.mark.filterwarnings(
    "ignore:DatetimeIndex.dayofyear is deprecated:pandas.errors.Pandas4Warning"
)
REPO = Path(__file__).resolve().parents[2]
ROOF: dict[str, Any] = {"owner": "E1", "area_m2": 400.0, "tilt_deg": 25, "azimuth_deg": 180}


def park(year: int = 2025, **extra: Any) -> ParkConfig:
    rooftops = [
        {**ROOF, "id": "new", "capacity_kw": 40, "commissioning_year": year},
        {**ROOF, "id": "old", "capacity_kw": 40, "commissioning_year": year - 5},
        {**ROOF, "id": "bare", "owner": "E2"},
        {**ROOF, "id": "future", "capacity_kw": 40, "commissioning_year": year + 1},
        {**ROOF, "id": "full", "owner": "E2", "capacity_kw": 60, "commissioning_year": year},
    ]
    return ParkConfig.model_validate(
        {
            "park": {
                "id": "demo",
                "name": "示意园区",
                "province": "山西",
                "grid_region": "north",
                "location": {"latitude_deg": 37.78, "longitude_deg": 112.55, "altitude_m": 778},
                "land_area_mu": 100,
                "accounting_year": year,
            },
            "enterprises": [
                {"id": "E1", "name": "一号企业", "industry_code": "C30"},
                {"id": "E2", "name": "二号企业", "industry_code": "C31"},
            ],
            "rooftops": rooftops,
            **extra,
        }
    )


@functools.cache
def weather() -> Weather:
    return default_weather(37.78, 112.55, 778.0)


def test_installed_roofs_sum_up_consistently() -> None:
    result = run_pv(park(), weather())
    assert list(result.roofs.index) == ["new", "old", "full"]
    hourly = result.hourly_kwh
    assert len(hourly) == 8760 and hourly.index[0] == pd.Timestamp("2025-01-01", tz="Asia/Shanghai")
    roofs = result.roofs
    np.testing.assert_allclose(roofs["annual_kwh"], hourly.sum())
    np.testing.assert_allclose(roofs["kwh_per_kwp"], roofs["annual_kwh"] / roofs["capacity_kw"])
    np.testing.assert_allclose(roofs["capacity_factor"], roofs["kwh_per_kwp"] / 8760)
    assert 1000 < roofs.at["new", "kwh_per_kwp"] < 1700
    np.testing.assert_allclose(result.monthly_roof_kwh.sum(), roofs["annual_kwh"])
    firms = result.enterprises
    assert firms.loc["E1", ["name", "roofs", "capacity_kw"]].tolist() == ["一号企业", 2, 80.0]
    assert firms.at["E1", "annual_kwh"] == pytest.approx(
        roofs.loc[["new", "old"], "annual_kwh"].sum()
    )
    assert result.monthly_enterprise_kwh.sum().to_dict() == pytest.approx(
        firms["annual_kwh"].to_dict()
    )
    assert result.annual_ghi_kwh_per_m2 == pytest.approx(weather().annual_ghi_kwh_per_m2)
    assert result.weather_source == weather().source


def test_age_in_the_accounting_year_drives_degradation() -> None:
    result = run_pv(park(), weather())
    ratio = result.hourly_kwh["old"].sum() / result.hourly_kwh["new"].sum()
    assert ratio == pytest.approx((1 - 0.005) ** 5, rel=1e-12)


def test_roofs_left_out_are_explained() -> None:
    messages = run_pv(park(), weather()).messages
    assert [m for m in messages if m.code.startswith(("pv_", "roofs_"))] == [
        Message(
            "pv_commissioned_after_year",
            {"roof_id": "future", "commissioned_year": 2026, "year": 2025},
            "info",
        ),
        Message("roofs_without_pv", {"roofs": 1}, "info"),
    ]
    assert "1 个屋顶尚无光伏" in render(messages[-1])


def test_potential_adds_new_pv_to_existing() -> None:
    installed = run_pv(park(), weather())
    result = run_pv(park(), weather(), potential=True)
    roofs = result.roofs
    # 400 m² -> (20 - 2 x 1 m)² = 324 m² x 0.7 usable x 0.2 kWp/m² = 45.36 kWp per roof
    assert roofs["potential_kw"].tolist() == pytest.approx([45.36, 45.36, 45.36, 45.36, 60.0])
    assert roofs.at["old", "new_kw"] == pytest.approx(5.36)
    assert roofs.at["full", "new_kw"] == 0.0
    np.testing.assert_allclose(result.hourly_kwh["full"], installed.hourly_kwh["full"])
    assert (result.hourly_kwh["old"] >= installed.hourly_kwh["old"]).all()
    assert result.enterprises.at["E2", "roofs"] == 2
    assert result.roofs["capacity_kw"].sum() == pytest.approx(4 * 45.36 + 60)


def test_a_leap_accounting_year_gets_8784_hours() -> None:
    result = run_pv(park(2024), weather())
    assert len(result.hourly_kwh) == 8784
    assert result.monthly_roof_kwh.loc[2].sum() > 0


def test_a_park_without_roofs_is_an_input_error() -> None:
    config = park().model_copy(update={"rooftops": ()})
    with pytest.raises(InputError, match="rooftops"):
        run_pv(config, weather())


@pytest.mark.usefixtures("english")
def test_unknown_sky_model_is_an_input_error() -> None:
    with pytest.raises(InputError, match="transposition model"):
        run_pv(park(), weather(), transposition_model="klucher")


def test_shipped_site_runs_installed_and_potential() -> None:
    config = load_park_config(REPO / "sites" / "jincheng-edz")
    installed = run_pv(config, weather())
    potential = run_pv(config, weather(), potential=True)
    installed_ids = [r.id for r in config.rooftops if r.capacity_kw > 0]
    assert sorted(installed.roofs.index) == sorted(installed_ids)
    assert len(potential.roofs) == len(config.rooftops)
    assert potential.roofs["annual_kwh"].sum() > installed.roofs["annual_kwh"].sum()
    assert installed.roofs["kwh_per_kwp"].between(900, 1600).all()


def test_a_station_file_runs_and_is_named(taiyuan_epw: Path) -> None:
    station = load_weather(taiyuan_epw, park_location=(37.78, 112.55))
    result = run_pv(park(), station)
    assert "Taiyuan" in result.weather_source
    # the file's GHI column (EPW field 14) summed with plain pandas: 1419.89 kWh/m²; the
    # 2005 typical year re-stamped onto 2025 (both 8760 h) keeps every hour
    ghi_column = pd.read_csv(taiyuan_epw, skiprows=8, header=None)[13]
    assert result.annual_ghi_kwh_per_m2 == pytest.approx(ghi_column.sum() / 1000, rel=1e-12)
    assert 1000 < result.roofs.at["new", "kwh_per_kwp"] < 1700


def test_the_sun_is_computed_once_for_a_park_at_the_weather_site() -> None:
    on_year = weather_for_year(weather(), 2025)
    position = on_year.solar_position
    first = run_pv(park(), on_year)
    assert on_year.solar_position is position  # neither re-stamped nor recomputed
    pd.testing.assert_frame_equal(first.hourly_kwh, run_pv(park(), weather()).hourly_kwh)


def test_a_park_away_from_the_weather_site_gets_its_own_sun() -> None:
    config = park()
    south = config.park.location.model_copy(update={"latitude_deg": 32.78})
    away = config.model_copy(update={"park": config.park.model_copy(update={"location": south})})
    result = run_pv(away, weather())
    on_year = weather_for_year(weather(), 2025)
    sun = solar_position(on_year.sun_times, 32.78, 112.55, 778.0)
    roofs = roof_table(config.rooftops, 2025).loc[["new", "old", "full"]]
    expected = fleet_ac_kwh(on_year.data, sun, roofs)
    pd.testing.assert_frame_equal(result.hourly_kwh, expected)
    at_the_station = run_pv(config, weather()).hourly_kwh
    assert not np.allclose(result.hourly_kwh, at_the_station)


def test_a_later_run_on_the_same_site_and_year_reuses_the_sun() -> None:
    first, second = weather_for_year(weather(), 2026), weather_for_year(weather(), 2026)
    assert first is not second  # each run re-stamps the weather anew
    result = run_pv(park(2026), first)
    again = run_pv(park(2026), second)
    assert "solar_position" not in second.__dict__  # not computed again for the new Weather
    pd.testing.assert_frame_equal(again.hourly_kwh, result.hourly_kwh)
