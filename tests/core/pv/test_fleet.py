"""The fleet engine against pvlib's own ModelChain (PVWatts models), and its physical properties."""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pandas as pd
import pvlib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pvlib.location import Location

from greenpark.core.pv.fleet import (
    fleet_ac_kwh,
)
from greenpark.core.pv.reference import modelchain
from greenpark.core.pv.reference import modelchain_ac_kw as reference_ac_kw
from greenpark.errors import InputError

# pvlib 0.16 calls DatetimeIndex.dayofyear, deprecated in pandas 3, in ModelChain/clear sky
pytestmark = pytest.mark.filterwarnings(
    "ignore:DatetimeIndex.dayofyear is deprecated:pandas.errors.Pandas4Warning"
)
WEATHER_DIR = Path(__file__).resolve().parents[3].parent / "shared" / "weather"
TAIYUAN = WEATHER_DIR / "CHN_Shanxi.Taiyuan.537720_CSWD.epw"
STATIONS = sorted(WEATHER_DIR.glob("CHN_Shanxi.*.epw")) if WEATHER_DIR.is_dir() else []
needs_epw = pytest.mark.skipif(not TAIYUAN.is_file(), reason=f"no station weather at {TAIYUAN}")
WEATHER_COLUMNS = ["ghi", "dni", "dhi", "temp_air", "wind_speed"]


def read_station(path: Path) -> tuple[pd.DataFrame, pd.DataFrame, Location]:
    """EPW weather indexed by interval start, the sun at mid-interval, and the station."""
    data, meta = pvlib.iotools.read_epw(path)  # pvlib labels EPW hour h as (h-1):00
    weather = data[WEATHER_COLUMNS].astype(float)
    site = Location(meta["latitude"], meta["longitude"], "Asia/Shanghai", meta["altitude"])
    return weather, sun_at_mid_interval(weather, site), site


def sun_at_mid_interval(weather: pd.DataFrame, site: Location) -> pd.DataFrame:
    """The solar position ModelChain computes for the same (mid-interval) times."""
    return site.get_solarposition(
        weather.index + pd.Timedelta(minutes=30), temperature=weather["temp_air"].to_numpy()
    )


@functools.cache
def week() -> tuple[pd.DataFrame, pd.DataFrame]:
    """A week of clear-sky March weather in Taiyuan, made with pvlib (no files needed)."""
    site = Location(37.78, 112.55, "Asia/Shanghai", 778.0)
    starts = pd.date_range("2025-03-18", periods=7 * 24, freq="h", tz="Asia/Shanghai")
    clear = site.get_clearsky(starts + pd.Timedelta(minutes=30)).set_axis(starts)
    weather = clear.assign(temp_air=25.0, wind_speed=2.0)
    return weather, sun_at_mid_interval(weather, site)


def roofs_table(**columns: object) -> pd.DataFrame:
    """A roof table with the schema's defaults; keyword lists give one roof per element."""
    defaults: dict[str, object] = {
        "capacity_kw": 100.0,
        "tilt_deg": 25.0,
        "azimuth_deg": 180.0,
        "albedo": 0.2,
        "mounting": "close_roof",
        "dc_ac_ratio": 1.15,
        "losses_fraction": 0.14,
        "shading_fraction": 0.0,
        "soiling_fraction": 0.02,
        "degradation_per_year_fraction": 0.005,
        "temp_coefficient_per_c": -0.0035,
        "age_years": 0.0,
    }
    count = max((len(v) for v in columns.values() if isinstance(v, list)), default=1)
    table = pd.DataFrame({**defaults, **columns}, index=[f"R{i}" for i in range(count)])
    return table


FLEET = roofs_table(
    capacity_kw=[100.0, 250.0, 40.0, 500.0, 80.0, 1000.0],
    tilt_deg=[25.0, 10.0, 35.0, 3.0, 60.0, 0.0],
    azimuth_deg=[180.0, 90.0, 270.0, 200.0, 0.0, 180.0],
    albedo=[0.2, 0.3, 0.15, 0.2, 0.5, 0.2],
    mounting=["close_roof", "open_rack", "close_roof", "open_rack", "close_roof", "close_roof"],
    dc_ac_ratio=[1.15, 1.0, 1.3, 1.6, 1.2, 1.1],  # R3 clips hard
    losses_fraction=[0.14, 0.10, 0.14, 0.12, 0.14, 0.14],
    shading_fraction=[0.0, 0.05, 0.0, 0.02, 0.1, 0.0],
    soiling_fraction=[0.02, 0.03, 0.02, 0.0, 0.02, 0.02],
    degradation_per_year_fraction=[0.005, 0.007, 0.005, 0.004, 0.005, 0.005],
    temp_coefficient_per_c=[-0.0035, -0.004, -0.0029, -0.0035, -0.0035, -0.003],
    age_years=[0.0, 3.0, 1.0, 5.0, 10.0, 2.0],
)


def modelchain_ac_kw(
    roof: pd.Series, weather: pd.DataFrame, site: Location, transposition: str = "perez"
) -> np.ndarray:
    """pvlib's ModelChain.with_pvwatts for one roof, run at mid-interval times."""
    assert modelchain(roof, site).aoi_model.__name__ == "physical_aoi_loss"  # as PVWatts
    return reference_ac_kw(roof, weather, site, transposition).to_numpy(dtype=float)


def assert_matches_pvlib(got: np.ndarray, expected: np.ndarray, rating_kw: float) -> None:
    assert got.sum() == pytest.approx(expected.sum(), rel=1e-3)
    lit = expected > 0.01 * rating_kw
    np.testing.assert_allclose(got[lit], expected[lit], rtol=1e-3)


@needs_epw
def test_every_roof_every_hour_matches_pvlib_modelchain() -> None:
    weather, sun, site = read_station(TAIYUAN)
    fleet = fleet_ac_kwh(weather, sun, FLEET)
    for roof_id, roof in FLEET.iterrows():
        rating_kw = roof["capacity_kw"] / roof["dc_ac_ratio"]
        assert_matches_pvlib(
            fleet[roof_id].to_numpy(), modelchain_ac_kw(roof, weather, site), rating_kw
        )


@needs_epw
@pytest.mark.parametrize("model", ["haydavies", "isotropic"])
def test_other_transposition_models_match_pvlib(model: str) -> None:
    weather, sun, site = read_station(TAIYUAN)
    roofs = FLEET.iloc[:3]
    fleet = fleet_ac_kwh(weather, sun, roofs, transposition_model=model)
    for roof_id, roof in roofs.iterrows():
        expected = modelchain_ac_kw(roof, weather, site, model)
        assert_matches_pvlib(fleet[roof_id].to_numpy(), expected, roof["capacity_kw"])


@pytest.mark.skipif(len(STATIONS) < 4, reason=f"the 4 station EPWs are not in {WEATHER_DIR}")
@pytest.mark.parametrize("path", STATIONS, ids=lambda p: p.name.split(".")[1])
def test_specific_yield_of_each_station_within_3_percent_of_pvlib(path: Path) -> None:
    weather, sun, site = read_station(path)
    roof = roofs_table(capacity_kw=1.0, degradation_per_year_fraction=0.0)
    got = fleet_ac_kwh(weather, sun, roof)["R0"].sum()
    expected = modelchain_ac_kw(roof.iloc[0], weather, site).sum()
    assert 1000 < got < 1800  # kWh/kWp, a plausible range for Shanxi
    assert got == pytest.approx(expected, rel=0.03)


def test_south_roof_beats_north_roof_and_night_is_dark() -> None:
    weather, sun = week()
    out = fleet_ac_kwh(weather, sun, roofs_table(azimuth_deg=[180.0, 0.0], tilt_deg=30.0))
    assert out["R0"].sum() > 2 * out["R1"].sum()
    night = sun["apparent_zenith"].to_numpy() >= 90
    assert night.any()
    assert (out.to_numpy()[night] == 0).all()
    assert (out.to_numpy() >= 0).all()


def test_high_dc_ac_ratio_clips_at_the_ac_rating() -> None:
    weather, sun = week()
    roofs = roofs_table(dc_ac_ratio=[1.0, 2.0], losses_fraction=0.0, soiling_fraction=0.0)
    out = fleet_ac_kwh(weather, sun, roofs)
    rating_kw = 100.0 / 2.0
    assert out["R1"].max() == pytest.approx(rating_kw, rel=1e-12)
    assert (out["R1"] <= rating_kw + 1e-9).all()
    assert (out["R1"] >= rating_kw - 1e-9).sum() >= 7  # clipped around noon every day
    assert out["R0"].max() > rating_kw  # the same roof with a big inverter does not clip


@settings(max_examples=20, deadline=None)
@given(age=st.integers(0, 30), d=st.floats(0.0, 0.049), scale=st.floats(0.1, 1000.0))
def test_ageing_compounds_and_output_scales_with_kwp(age: int, d: float, scale: float) -> None:
    weather, sun = week()
    roofs = roofs_table(
        capacity_kw=[100.0, 100.0, 100.0 * scale],
        age_years=[0.0, float(age), 0.0],
        degradation_per_year_fraction=d,
    )
    out = fleet_ac_kwh(weather, sun, roofs).to_numpy()
    np.testing.assert_allclose(out[:, 1], out[:, 0] * (1 - d) ** age, rtol=1e-12)
    np.testing.assert_allclose(out[:, 2], out[:, 0] * scale, rtol=1e-9, atol=1e-12)


def test_blocks_and_roof_order_do_not_change_results() -> None:
    weather, sun = week()
    whole = fleet_ac_kwh(weather, sun, FLEET)
    shuffled = FLEET.sample(frac=1.0, random_state=3)
    by_one = fleet_ac_kwh(weather, sun, shuffled, block_size=1)
    pd.testing.assert_frame_equal(by_one[FLEET.index], whole, rtol=1e-12)


def test_impossible_roofs_are_all_reported_by_id() -> None:
    weather, sun = week()
    roofs = roofs_table(
        tilt_deg=[95.0, 20.0, 20.0],
        azimuth_deg=[180.0, -10.0, 180.0],
        capacity_kw=[100.0, 100.0, float("nan")],
        mounting=["close_roof", "close_roof", "on_a_pole"],
    )
    with pytest.raises(InputError) as error:
        fleet_ac_kwh(weather, sun, roofs, transposition_model="klucher")
    problems = error.value.problems
    assert "roof R0: tilt_deg must be a finite number in [0, 90], got 95" in problems
    assert "roof R1: azimuth_deg must be a finite number in [0, 360], got -10" in problems
    assert any(p.startswith("roof R2: capacity_kw") for p in problems)
    assert any(p.startswith("roof R2: mounting") for p in problems)
    assert any("klucher" in p and "perez" in p for p in problems)
    assert len(problems) == 5


def test_bad_weather_is_reported() -> None:
    weather, sun = week()
    with pytest.raises(InputError, match="missing column 'dni'"):
        fleet_ac_kwh(weather.drop(columns="dni"), sun, roofs_table())
    with pytest.raises(InputError, match="missing values"):
        fleet_ac_kwh(weather.assign(ghi=np.nan), sun, roofs_table())
    with pytest.raises(InputError, match="rows"):
        fleet_ac_kwh(weather, sun.iloc[:-1], roofs_table())
