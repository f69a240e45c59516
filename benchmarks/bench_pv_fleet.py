"""Fleet engine vs a plain loop of pvlib functions and vs a loop of ModelChain runs.

    python benchmarks/bench_pv_fleet.py [--roofs 500] [--sample 25] [--rounds 5] [--epw PATH]

500 roofs with seeded random orientations (tilt 0-35 deg, azimuth 90-270 deg, every one
different), sizes (50-3000 kWp), DC/AC ratios, shading, ages and mountings; every other
parameter is the park schema's default (``greenpark.inputs.park.schema.Rooftop``), through the
same roof table the PV pipeline builds. One full year, hourly. The weather is loaded as the
pipeline loads it (``load_weather``) and the roofs stand at the weather file's own location;
without a file (no ../shared/weather), a pvlib clear-sky year at Taiyuan. The reference is
first reference is a plain loop, roof by roof, of the pvlib functions ModelChain.with_pvwatts
calls (Perez transposition, physical IAM, SAPM cell temperature, PVWatts DC, losses and
inverter) with the sun, extraterrestrial irradiance and air mass computed ONCE for all roofs,
from the same solar position the engine uses: what a careful pvlib user would write. Its
outputs are compared with the engine's hour by hour in the same run. The second is pvlib's
ModelChain.with_pvwatts run roof by roof (which recomputes the sun per roof). Both loops are
timed on a sample of roofs and extrapolated linearly to the whole fleet (each roof is
independent, so a loop's time is proportional to the number of roofs; the plain loop's
sun is timed once on top). The engine and the plain loop run in turn, ``--rounds`` times, in
this one process (the engine with its sun position each time), so each round gives a paired
ratio that a machine whose speed drifts does not bias; printed are the lowest and median
paired ratios and the ratios of the medians and of the bests, with the median, best, worst and
first time of each. The ModelChain loop runs ``--rounds // 2`` times, each followed by an
engine run for its pair. Peak memory is the tracemalloc peak of the engine call alone. No
assertion on time.
"""

from __future__ import annotations

import argparse
import statistics
import time
import tracemalloc
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from pvlib import atmosphere, inverter, irradiance, pvsystem, temperature
from pvlib import iam as pvlib_iam
from pvlib.location import Location
from pvlib.temperature import TEMPERATURE_MODEL_PARAMETERS

from greenpark.core.pv.fleet import INVERTER_NOMINAL_EFFICIENCY, SAPM_MOUNTING, fleet_ac_kwh
from greenpark.core.pv.reference import modelchain_ac_kw
from greenpark.core.pv.sun import solar_position
from greenpark.inputs.park.schema import Rooftop
from greenpark.inputs.weather.files import Weather, load_weather
from greenpark.pipeline.pv import roof_table

TAIYUAN = Path(__file__).resolve().parents[2] / "shared/weather/CHN_Shanxi.Taiyuan.537720_CSWD.epw"
YEAR = 2025


def station_weather(epw: Path) -> tuple[Weather, str]:
    """The weather (a file through load_weather, else a clear-sky year) and a label."""
    if epw.is_file():
        return load_weather(epw), epw.name
    site = Location(37.78, 112.55, "Asia/Shanghai", 778.3)
    starts = pd.date_range(f"{YEAR}-01-01", periods=8760, freq="h", tz="Asia/Shanghai")
    clear = site.get_clearsky(starts + pd.Timedelta(minutes=30)).set_axis(starts)
    data = clear.assign(temp_air=15.0, wind_speed=2.0)
    label = "pvlib clear sky at Taiyuan (no EPW found)"
    return Weather(data, site.latitude, site.longitude, site.altitude, label, ()), label


def random_fleet(count: int, seed: int = 20250601) -> pd.DataFrame:
    """Engine parameter table: random geometry, size and age; schema defaults otherwise."""
    rng = np.random.default_rng(seed)
    rooftops = tuple(
        Rooftop(
            id=f"roof{i:04d}",
            owner="E1",
            area_m2=10_000.0,
            tilt_deg=rng.uniform(0.0, 35.0),
            azimuth_deg=rng.uniform(90.0, 270.0),
            capacity_kw=rng.uniform(50.0, 3000.0),
            commissioning_year=YEAR - int(rng.integers(0, 12)),
            albedo=float(rng.choice([0.15, 0.2, 0.3])),
            mounting=str(rng.choice(list(SAPM_MOUNTING))),
            dc_ac_ratio=rng.uniform(1.0, 1.5),
            shading_fraction=rng.uniform(0.0, 0.1),
        )
        for i in range(count)
    )
    return roof_table(rooftops, YEAR)


def sun_once(weather: Weather) -> tuple[pd.DataFrame, pd.Series, pd.Series]:
    """The sun (the engine's own solar position), extraterrestrial DNI and relative air mass,
    at mid-interval, for every roof of the plain loop."""
    sun = solar_position(
        weather.sun_times, weather.latitude_deg, weather.longitude_deg, weather.altitude_m
    )
    dni_extra = irradiance.get_extra_radiation(sun.index)
    airmass = atmosphere.get_relative_airmass(sun["apparent_zenith"])
    return sun, dni_extra, airmass


def plain_loop_ac_kw(
    roof: pd.Series, weather: pd.DataFrame, sun: tuple[pd.DataFrame, pd.Series, pd.Series]
) -> np.ndarray:
    """One roof's hourly AC [kW] from the pvlib functions ModelChain.with_pvwatts uses."""
    position, dni_extra, airmass = sun
    zenith, azimuth = position["apparent_zenith"], position["azimuth"]
    w = {c: pd.Series(weather[c].to_numpy(), index=position.index) for c in weather.columns}
    tilt, facing = roof["tilt_deg"], roof["azimuth_deg"]
    poa = irradiance.get_total_irradiance(
        tilt, facing, zenith, azimuth, w["dni"], w["ghi"], w["dhi"],
        dni_extra=dni_extra, airmass=airmass, albedo=roof["albedo"], model="perez",
    )  # fmt: skip
    aoi = irradiance.aoi(tilt, facing, zenith, azimuth)
    effective = poa["poa_direct"] * pvlib_iam.physical(aoi) + poa["poa_diffuse"]
    sapm = TEMPERATURE_MODEL_PARAMETERS["sapm"][SAPM_MOUNTING[roof["mounting"]]]
    cell = temperature.sapm_cell(poa["poa_global"], w["temp_air"], w["wind_speed"], **sapm)
    dc = pvsystem.pvwatts_dc(effective, cell, roof["capacity_kw"], roof["temp_coefficient_per_c"])
    losses = pvsystem.pvwatts_losses(
        soiling=100 * roof["soiling_fraction"], shading=100 * roof["shading_fraction"],
        mismatch=100 * roof["losses_fraction"], snow=0, wiring=0, connections=0, lid=0,
        nameplate_rating=0, age=0, availability=0,
    )  # fmt: skip
    dc_ac = roof["capacity_kw"] / (roof["dc_ac_ratio"] * INVERTER_NOMINAL_EFFICIENCY)
    ac = inverter.pvwatts(dc * (1 - losses / 100), dc_ac)
    ageing = (1 - roof["degradation_per_year_fraction"]) ** roof["age_years"]
    return np.asarray(np.nan_to_num(ac.to_numpy(dtype=float)) * ageing)


@dataclass(frozen=True)
class Setup:
    """The fleet, its weather and site, and the sample of roofs the loops run."""

    weather: Weather
    label: str
    site: Location
    fleet: pd.DataFrame
    sample: pd.DataFrame


def engine_once(weather: Weather, fleet: pd.DataFrame) -> tuple[float, pd.DataFrame]:
    """Seconds of one engine run, the sun position included (what ``Weather.solar_position``
    computes once per Weather), and its output."""
    start = time.perf_counter()
    sun = solar_position(
        weather.sun_times, weather.latitude_deg, weather.longitude_deg, weather.altitude_m
    )
    out = fleet_ac_kwh(weather.data, sun, fleet)
    return time.perf_counter() - start, out


def plain_once(setup: Setup, roofs: int) -> tuple[float, dict[str, np.ndarray]]:
    """Seconds of the plain loop for ``roofs`` roofs (the sun once, then the sample's roofs,
    extrapolated linearly), and the sample's outputs."""
    start = time.perf_counter()
    sun = sun_once(setup.weather)
    sun_s = time.perf_counter() - start
    start = time.perf_counter()
    out = {
        str(rid): plain_loop_ac_kw(roof, setup.weather.data, sun)
        for rid, roof in setup.sample.iterrows()
    }
    return sun_s + (time.perf_counter() - start) * roofs / len(setup.sample), out


def spread(label: str, seconds: list[float]) -> str:
    return (
        f"{label}: {statistics.median(seconds):.3f} s median, {min(seconds):.3f} best, "
        f"{max(seconds):.3f} worst, first {seconds[0]:.3f} ({len(seconds)} runs)"
    )


def ratios(label: str, reference: list[float], engine: list[float]) -> str:
    """Reference ÷ engine of each round (run in turn), and of the medians and bests."""
    paired = [r / e for r, e in zip(reference, engine, strict=True)]
    return (
        f"speed-up vs {label}: {min(paired):.0f}x lowest round, {statistics.median(paired):.0f}x "
        f"median round ({len(paired)} rounds, in turn); medians {statistics.median(reference) / statistics.median(engine):.0f}x, "
        f"bests {min(reference) / min(engine):.0f}x"
    )


def make_setup(args: argparse.Namespace) -> Setup:
    weather, label = station_weather(args.epw)
    timezone = str(pd.DatetimeIndex(weather.data.index).tz)
    site = Location(weather.latitude_deg, weather.longitude_deg, timezone, weather.altitude_m)
    fleet = random_fleet(args.roofs)
    sample = fleet.iloc[:: max(1, args.roofs // args.sample)].iloc[: args.sample]
    return Setup(weather, label, site, fleet, sample)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--roofs", type=int, default=500)
    parser.add_argument("--sample", type=int, default=25)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--epw", type=Path, default=TAIYUAN)
    args = parser.parse_args()
    warnings.filterwarnings("ignore", message="DatetimeIndex.dayofyear is deprecated")
    setup = make_setup(args)
    engine_s, plain_s, modelchain_s = [], [], []
    for _ in range(args.rounds):  # in turn, so that a drifting machine biases no ratio
        seconds, engine_out = engine_once(setup.weather, setup.fleet)
        engine_s.append(seconds)
        seconds, plain = plain_once(setup, args.roofs)
        plain_s.append(seconds)
    for _ in range(max(1, args.rounds // 2)):
        start = time.perf_counter()
        reference = {
            str(rid): modelchain_ac_kw(roof, setup.weather.data, setup.site)
            for rid, roof in setup.sample.iterrows()
        }
        modelchain_s.append((time.perf_counter() - start) * args.roofs / len(setup.sample))
        engine_s.append(engine_once(setup.weather, setup.fleet)[0])
    report(args, setup, (engine_s, plain_s, modelchain_s), (engine_out, plain, reference))


def report(
    args: argparse.Namespace,
    setup: Setup,
    times: tuple[list[float], list[float], list[float]],
    outputs: tuple[pd.DataFrame, dict[str, np.ndarray], dict[str, pd.Series]],
) -> None:
    """Print the times, the paired ratios, the differences and the engine's peak memory."""
    engine_s, plain_s, modelchain_s = times
    engine_out, plain, reference = outputs
    rounds = len(plain_s)
    capacity = {str(k): v for k, v in setup.sample["capacity_kw"].items()}
    plain_worst = max(
        np.abs(engine_out[rid].to_numpy() - ac).max() / capacity[rid] for rid, ac in plain.items()
    )
    worst = max(abs(engine_out[rid].sum() / ac.sum() - 1) for rid, ac in reference.items())
    weather = setup.weather
    print(f"weather: {setup.label}; {len(weather.data)} hours; {args.roofs} roofs, all unique")
    print(
        f"site {weather.latitude_deg:.2f}N {weather.longitude_deg:.2f}E {weather.altitude_m:.0f} m"
    )
    print(spread("engine (sun position included)", engine_s))
    print(
        spread(f"plain pvlib loop, sun once (on {len(setup.sample)} roofs, extrapolated)", plain_s)
    )
    print(ratios("the plain loop", plain_s, engine_s[:rounds]))
    print(f"largest hourly difference engine vs plain loop: {plain_worst:.2e} of the roof's kWp")
    print(spread(f"ModelChain loop (on {len(setup.sample)} roofs, extrapolated)", modelchain_s))
    print(ratios("ModelChain", modelchain_s, engine_s[rounds:]))
    tracemalloc.start()
    fleet_ac_kwh(weather.data, weather.solar_position, setup.fleet)
    print(f"engine peak memory (tracemalloc): {tracemalloc.get_traced_memory()[1] / 2**20:.0f} MiB")
    tracemalloc.stop()
    # ModelChain refracts the sun with each hour's air temperature, the engine's sun with the
    # standard 12 °C: that, not the chain, makes the few-ppm difference
    print(f"largest annual difference vs ModelChain on the sample: {100 * worst:.5f} %")
    print(f"fleet annual energy: {engine_out.to_numpy().sum() / 1e6:,.1f} GWh")


if __name__ == "__main__":
    main()
