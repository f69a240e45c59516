"""Fleet engine vs a loop of pvlib ModelChain runs, measured in the same run.

    python benchmarks/bench_pv_fleet.py [--roofs 500] [--sample 25] [--epw PATH]

500 roofs with seeded random orientations (tilt 0-35 deg, azimuth 90-270 deg, every one
different), sizes (50-3000 kWp), DC/AC ratios, ages and mountings; one full year, hourly.
The reference is pvlib's ModelChain.with_pvwatts run roof by roof; to keep the run short it
is timed on a sample of roofs and extrapolated linearly to the whole fleet (each run is
independent, so the loop's time is proportional to the number of roofs). The weather is the
Taiyuan typical year when ../shared/weather is present, else a clear-sky year made by pvlib.
Peak memory is the tracemalloc peak of the engine call alone. No assertion on time.
"""

from __future__ import annotations

import argparse
import time
import tracemalloc
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pvlib
from pvlib.location import Location

from greenpark.core.pv.fleet import SAPM_MOUNTING, fleet_ac_kwh
from greenpark.core.pv.reference import modelchain_ac_kw

TAIYUAN = Path(__file__).resolve().parents[2] / "shared/weather/CHN_Shanxi.Taiyuan.537720_CSWD.epw"
COLUMNS = ["ghi", "dni", "dhi", "temp_air", "wind_speed"]


def station_weather(epw: Path) -> tuple[pd.DataFrame, Location, str]:
    """Hourly weather indexed by interval start, the site, and a label."""
    site = Location(37.78, 112.55, "Asia/Shanghai", 778.3)
    if epw.is_file():
        data, _ = pvlib.iotools.read_epw(epw)
        return data[COLUMNS].astype(float), site, epw.name
    starts = pd.date_range("2025-01-01", periods=8760, freq="h", tz="Asia/Shanghai")
    clear = site.get_clearsky(starts + pd.Timedelta(minutes=30)).set_axis(starts)
    return clear.assign(temp_air=15.0, wind_speed=2.0), site, "pvlib clear sky (no EPW found)"


def random_fleet(count: int, seed: int = 20250601) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "capacity_kw": rng.uniform(50.0, 3000.0, count),
            "tilt_deg": rng.uniform(0.0, 35.0, count),
            "azimuth_deg": rng.uniform(90.0, 270.0, count),
            "albedo": rng.choice([0.15, 0.2, 0.3], count),
            "mounting": rng.choice(list(SAPM_MOUNTING), count),
            "dc_ac_ratio": rng.uniform(1.0, 1.5, count),
            "losses_fraction": 0.14,
            "shading_fraction": rng.uniform(0.0, 0.1, count),
            "soiling_fraction": 0.02,
            "degradation_per_year_fraction": 0.005,
            "temp_coefficient_per_c": -0.0035,
            "age_years": rng.integers(0, 12, count).astype(float),
        },
        index=[f"roof{i:04d}" for i in range(count)],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--roofs", type=int, default=500)
    parser.add_argument("--sample", type=int, default=25)
    parser.add_argument("--epw", type=Path, default=TAIYUAN)
    args = parser.parse_args()
    warnings.filterwarnings("ignore", message="DatetimeIndex.dayofyear is deprecated")
    weather, site, label = station_weather(args.epw)
    fleet = random_fleet(args.roofs)

    engine_runs_s = []
    for _ in range(3):
        start = time.perf_counter()
        sun = site.get_solarposition(weather.index + pd.Timedelta(minutes=30))
        engine_out = fleet_ac_kwh(weather, sun, fleet)
        engine_runs_s.append(time.perf_counter() - start)
    engine_s = min(engine_runs_s)
    tracemalloc.start()
    fleet_ac_kwh(weather, sun, fleet)
    peak_mb = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()

    sample = fleet.iloc[:: max(1, args.roofs // args.sample)].iloc[: args.sample]
    start = time.perf_counter()
    reference = {rid: modelchain_ac_kw(roof, weather, site) for rid, roof in sample.iterrows()}
    loop_s = (time.perf_counter() - start) * args.roofs / len(sample)
    worst = max(abs(engine_out[rid].sum() / ac.sum() - 1) for rid, ac in reference.items())
    print(f"weather: {label}; {len(weather)} hours; {args.roofs} roofs, all orientations unique")
    print(
        f"engine (sun position included): {engine_s:.3f} s best of 3 "
        f"(first call {engine_runs_s[0]:.3f} s)"
    )
    print(
        f"ModelChain loop: {loop_s:.1f} s for {args.roofs} roofs "
        f"(timed on {len(sample)} roofs, extrapolated)"
    )
    print(
        f"speed-up: {loop_s / engine_s:.0f}x (best) / {loop_s / engine_runs_s[0]:.0f}x (first call)"
    )
    print(f"engine peak memory (tracemalloc): {peak_mb:.0f} MiB")
    print(f"largest annual difference vs ModelChain on the sample: {100 * worst:.5f} %")
    print(f"fleet annual energy: {engine_out.to_numpy().sum() / 1e6:,.1f} GWh")


if __name__ == "__main__":
    main()
