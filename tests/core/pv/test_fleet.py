"""The fleet engine against pvlib's own ModelChain (PVWatts models), and its physical properties."""

from __future__ import annotations

import functools
import typing
from pathlib import Path

import annotated_types
import numpy as np
import pandas as pd
import pvlib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pvlib.location import Location

from greenpark.core.pv.fleet import ROOF_RANGES, SAPM_MOUNTING, fleet_ac_kwh
from greenpark.core.pv.reference import modelchain
from greenpark.core.pv.reference import modelchain_ac_kw as reference_ac_kw
from greenpark.errors import InputError
from greenpark.inputs.park.schema import Rooftop

# pvlib 0.16 calls DatetimeIndex.dayofyear, deprecated in pandas 3, in ModelChain/clear sky
pytestmark = pytest.mark.filterwarnings(
    "ignore:DatetimeIndex.dayofyear is deprecated:pandas.errors.Pandas4Warning"
)
WEATHER_COLUMNS = ["ghi", "dni", "dhi", "temp_air", "wind_speed"]
#: Roof parameters the park schema gives a default for, and the engine uses.
SCHEMA_DEFAULTED = (
    "albedo",
    "mounting",
    "dc_ac_ratio",
    "losses_fraction",
    "shading_fraction",
    "soiling_fraction",
    "degradation_per_year_fraction",
    "temp_coefficient_per_c",
)
# Tolerances of the hour-by-hour comparison with ModelChain, every hour of the year.
# rtol: the engine's one approximation is the tabulated physical IAM (< 1e-6 on the beam term,
# see fleet.py); everything else is the same arithmetic in another order. Measured on the
# Taiyuan year, 6 roofs, 3 sky models: at most 3.5e-7 on hours above 1 % of the AC rating.
RTOL = 1e-6
# atol, per kW of AC rating: just above the PVWatts inverter's zero-output threshold its
# efficiency curve (the -0.0059/zeta term) turns a ~1e-9 relative difference in DC power into
# a much larger relative one in AC power of a few watts. Measured: at most 1.0e-9 kW per kW of
# rating (R3, 2005-10-23 07:00, 0.1 kW); 1e-8 leaves a factor 10, i.e. 10 W on a 1 MW inverter.
ATOL_KW_PER_KW_RATING = 1e-8


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
    """A roof table with the park schema's defaults (``Rooftop`` field defaults) for every
    parameter that has one, and 100 kWp, 25° tilt, due south, new for the rest; keyword
    lists give one roof per element."""
    defaults: dict[str, object] = {
        name: Rooftop.model_fields[name].default for name in SCHEMA_DEFAULTED
    }
    defaults |= {"capacity_kw": 100.0, "tilt_deg": 25.0, "azimuth_deg": 180.0, "age_years": 0.0}
    count = max((len(v) for v in columns.values() if isinstance(v, list)), default=1)
    return pd.DataFrame({**defaults, **columns}, index=[f"R{i}" for i in range(count)])


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
    return np.array(reference_ac_kw(roof, weather, site, transposition), dtype=float)


def assert_matches_pvlib(got: np.ndarray, expected: np.ndarray, roof: pd.Series) -> None:
    """Every hour, tolerances as stated at the top of this module."""
    rating_kw = roof["capacity_kw"] / roof["dc_ac_ratio"]
    atol_kw = ATOL_KW_PER_KW_RATING * rating_kw
    np.testing.assert_allclose(got, expected, rtol=RTOL, atol=atol_kw)


def perez_undefined(weather: pd.DataFrame, sun: pd.DataFrame) -> np.ndarray:
    """Hours where pvlib's Perez sky is 0/0 (GHI but no DNI nor DHI) with the sun up."""
    no_components = (weather["dni"] == 0) & (weather["dhi"] == 0) & (weather["ghi"] > 0)
    return no_components.to_numpy() & (sun["apparent_zenith"].to_numpy() < 90)


def test_every_roof_every_hour_matches_pvlib_modelchain(taiyuan_epw: Path) -> None:
    weather, sun, site = read_station(taiyuan_epw)
    fleet = fleet_ac_kwh(weather, sun, FLEET)
    # The one deliberate difference (fleet.py docstring): in an hour with GHI but neither DNI
    # nor DHI while the sun is up, ModelChain's Perez gives NaN -> 0 kW, the engine counts the
    # ground reflection -- exactly ModelChain's result with the isotropic sky for that hour.
    undefined = perez_undefined(weather, sun)
    hour = pd.Timestamp("2005-02-02 17:00", tz="Asia/Shanghai")
    assert weather.index[undefined].tolist() == [hour]  # zenith 86°, GHI 217 W/m²
    for roof_id, roof in FLEET.iterrows():
        expected = modelchain_ac_kw(roof, weather, site)
        assert (expected[undefined] == 0).all()
        isotropic = modelchain_ac_kw(roof, weather[undefined], site, "isotropic")
        expected[undefined] = isotropic
        assert_matches_pvlib(fleet[roof_id].to_numpy(), expected, roof)
    # R4 (60° tilt, albedo 0.5) is the roof whose ground reflection clears the inverter's
    # threshold: 217 W/m² x 0.5 x (1 - cos 60°)/2 = 27 W/m² on the plane
    assert fleet.at[hour, "R4"] > 1.0
    assert (fleet.loc[hour].drop("R4") == 0).all()


@pytest.mark.parametrize("model", ["haydavies", "isotropic"])
def test_other_transposition_models_match_pvlib(model: str, taiyuan_epw: Path) -> None:
    weather, sun, site = read_station(taiyuan_epw)
    fleet = fleet_ac_kwh(weather, sun, FLEET, transposition_model=model)
    for roof_id, roof in FLEET.iterrows():
        expected = modelchain_ac_kw(roof, weather, site, model)
        assert_matches_pvlib(fleet[roof_id].to_numpy(), expected, roof)


def test_specific_yield_of_each_station_matches_pvlib(station_epws: list[Path]) -> None:
    roof = roofs_table(capacity_kw=1.0)
    assert len(station_epws) == 4
    for path in station_epws:
        weather, sun, site = read_station(path)
        got = fleet_ac_kwh(weather, sun, roof)["R0"].sum()
        expected = modelchain_ac_kw(roof.iloc[0], weather, site).sum()
        assert 1000 < got < 1800, path.name  # kWh/kWp, a plausible range for Shanxi
        # same chain, same arithmetic: measured differences are about 3e-9
        assert got == pytest.approx(expected, rel=1e-6), path.name


def test_roof_ranges_are_the_schema_bounds() -> None:
    """fleet.py repeats the park schema's Rooftop bounds (core cannot import inputs)."""

    def schema_range(field: str) -> tuple[float, float, bool, bool]:
        low, high, low_ok, high_ok = -np.inf, np.inf, False, False
        for bound in Rooftop.model_fields[field].metadata:
            if isinstance(bound, annotated_types.Ge):
                low, low_ok = float(bound.ge), True  # type: ignore[arg-type]
            elif isinstance(bound, annotated_types.Gt):
                low, low_ok = float(bound.gt), False  # type: ignore[arg-type]
            elif isinstance(bound, annotated_types.Le):
                high, high_ok = float(bound.le), True  # type: ignore[arg-type]
            elif isinstance(bound, annotated_types.Lt):
                high, high_ok = float(bound.lt), False  # type: ignore[arg-type]
        return low, high, low_ok, high_ok

    assert set(ROOF_RANGES) - set(Rooftop.model_fields) == {"age_years"}  # derived, not in yaml
    for field in set(ROOF_RANGES) - {"age_years"}:
        assert ROOF_RANGES[field] == schema_range(field), field
    assert ROOF_RANGES["age_years"] == (0.0, np.inf, True, False)
    mounting = Rooftop.model_fields["mounting"].annotation
    assert set(typing.get_args(mounting)) == set(SAPM_MOUNTING)


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


@pytest.mark.usefixtures("english")
def test_impossible_roofs_are_all_reported_by_id() -> None:
    weather, sun = week()
    roofs = roofs_table(
        tilt_deg=[95.0, 20.0, 20.0],
        azimuth_deg=[180.0, -10.0, 180.0],
        capacity_kw=[100.0, 100.0, float("nan")],
        mounting=["close_roof", "close_roof", "on_a_pole"],
    )
    with pytest.raises(ValueError) as error:
        fleet_ac_kwh(weather, sun, roofs, transposition_model="klucher")
    problems = str(error.value).split("\n")
    assert "roof R0: tilt_deg must be a finite number in [0, 90], got 95" in problems
    assert "roof R1: azimuth_deg must be a finite number in [0, 360], got -10" in problems
    assert any(p.startswith("roof R2: capacity_kw") for p in problems)
    assert any(p.startswith("roof R2: mounting") for p in problems)
    assert any("klucher" in p and "perez" in p for p in problems)
    assert len(problems) == 5


@pytest.mark.usefixtures("english")
def test_bad_weather_is_reported() -> None:
    weather, sun = week()
    with pytest.raises(ValueError, match="missing column 'dni'"):
        fleet_ac_kwh(weather.drop(columns="dni"), sun, roofs_table())
    with pytest.raises(ValueError, match="missing values"):
        fleet_ac_kwh(weather.assign(ghi=np.nan), sun, roofs_table())
    with pytest.raises(ValueError, match="rows"):
        fleet_ac_kwh(weather, sun.iloc[:-1], roofs_table())


def test_bad_roofs_are_a_caller_error_not_a_user_one() -> None:
    """Roofs reach the core validated (park file rules); the core only guards its callers."""
    weather, sun = week()
    with pytest.raises(ValueError) as error:
        fleet_ac_kwh(weather, sun, roofs_table(dc_ac_ratio=2.5))
    assert not isinstance(error.value, InputError)
    assert str(error.value) == "roof R0: dc_ac_ratio must be a finite number in (0.5, 2], got 2.5"
