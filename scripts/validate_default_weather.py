"""Leave-one-out validation of the offline default weather over the national CSWD stations.

For every station: the annual AC yield of 1 kWp facing south at 25° tilt (the fleet engine,
:func:`greenpark.core.pv.fleet.fleet_ac_kwh`: Perez sky, physical IAM, SAPM cell temperature
close-roof glass/glass, PVWatts DC −0.4 %/°C and inverter at DC/AC 1.0, no other losses,
albedo 0.25) from

- **reference**: the station's real EPW with its irradiance lag removed (the lag the timing
  check finds, ``--weather-shift auto``) and GHI re-split into DNI/DHI by DIRINT, keeping GHI
  (the CSWD files' own DNI·cosZ + DHI falls short of GHI, see ``resplit_with_decomposition``);
  also the file as it is, re-split the same way (the way ``tests/core/pv/test_synthetic.py``
  compares), as a second column;
- **leave-one-out**: the synthetic year built at the station's coordinates and altitude from
  the OTHER stations only (interpolated climatology, and Markov matrices refitted without it);
- **own climatology**: the synthetic year from the station's own monthly means (weight 1),
  which isolates the generator's error from the interpolation's; once with the national
  matrices, once with matrices fitted the same way to the four Shanxi stations only, in 3
  classes (what the previous default used).

Prints the tables of ``docs/default-weather.md``; with ``--write`` also replaces them there,
writes the per-station results (``docs/default-weather-loo.csv``) and the error-by-distance
table the default weather ships (``factors/weather/default_weather_error.csv``). Seeded: the
synthetic years use the default seed of ``default_weather``; reruns give the same numbers.
Takes 15-30 minutes on one core (reading 267 files, a few seconds of PV and weather per
station); ``--from-results`` re-renders the tables from the saved per-station results.

Usage (from the repository root)::

    .venv/bin/python scripts/validate_default_weather.py [--weather-dir DIR] [--only IDS] [--write]
"""

from __future__ import annotations

import argparse
import inspect
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from greenpark.core.pv.fleet import fleet_ac_kwh
from greenpark.core.pv.stations import (
    StationClimates,
    great_circle_distance_km,
    idw_weights,
    site_climate,
)
from greenpark.core.pv.sun import (
    lag_of_best_correlation_h,
    shifted_hour_mean_clearsky_ghi_w_per_m2,
)
from greenpark.core.pv.synthetic import (
    KtTransitions,
    MonthlyClimate,
    monthly_extraterrestrial_kwh_per_m2,
    synthetic_weather,
)
from greenpark.inputs.weather.files import (
    Weather,
    irradiance_lag_removed,
    resplit_with_decomposition,
)
from greenpark.inputs.weather.quality import closure_mismatch_fraction
from greenpark.inputs.weather.typical_year import default_weather, station_climates

sys.path.insert(0, str(Path(__file__).resolve().parent))
import derive_climatology as derive

REPO = Path(__file__).resolve().parents[1]
DOC = REPO / "docs" / "default-weather.md"
RESULTS = REPO / "docs" / "default-weather-loo.csv"
ERROR_TABLE = REPO / "factors" / "weather" / "default_weather_error.csv"
SEED = int(inspect.signature(default_weather).parameters["seed"].default)
#: The one roof of the comparison (fleet-table columns; see the module docstring).
ROOF = pd.DataFrame(
    {
        "capacity_kw": [1.0], "tilt_deg": [25.0], "azimuth_deg": [180.0], "albedo": [0.25],
        "mounting": ["close_roof"], "dc_ac_ratio": [1.0], "losses_fraction": [0.0],
        "shading_fraction": [0.0], "soiling_fraction": [0.0],
        "degradation_per_year_fraction": [0.0], "temp_coefficient_per_c": [-0.004],
        "age_years": [0.0],
    },
    index=["roof"],
)  # fmt: skip
GRID_REGIONS = ("north", "northeast", "east", "central", "northwest", "south", "southwest")


def annual_yield_kwh_per_kwp(weather: Weather) -> float:
    """Annual AC energy of :data:`ROOF` under ``weather`` [kWh/kWp]."""
    return float(fleet_ac_kwh(weather.data, weather.solar_position, ROOF).to_numpy().sum())


@dataclass(frozen=True)
class Network:
    """Every station: facts, hourly data, daily tables and the climatology arrays."""

    facts: pd.DataFrame  # stations.csv rows (+ file) indexed by station_id
    hourly: list[pd.DataFrame]
    daily: list[pd.DataFrame]
    climates: StationClimates

    def without(self, i: int) -> StationClimates:
        keep = np.arange(len(self.hourly)) != i
        return StationClimates(*(np.asarray(v)[keep] for v in vars(self.climates).values()))


def read_network(weather_dir: Path) -> Network:
    """Read every station with the derive script's own functions (the shipped numbers)."""
    read = derive.read_all(weather_dir, None)
    names = pd.read_csv(derive.NAMES_FILE, comment="#", dtype={"wmo": str}).set_index("wmo")
    regions = pd.read_csv(REPO / "factors" / "regions.csv").set_index("key")
    rows = [
        derive.station_row(s.facts, names, regions) | {"file": s.facts["file"]} for s, _ in read
    ]
    facts = pd.DataFrame(rows).set_index("station_id")
    monthly = [row for s, daily in read for row in derive.climatology_rows(s.facts, daily)]
    climates = station_climates(facts, pd.DataFrame(monthly))
    return Network(facts, [s.hourly for s, _ in read], [d for _, d in read], climates)


def fitted(network: Network, keep: np.ndarray, n_classes: int = derive.N_CLASSES) -> KtTransitions:
    """Markov matrices fitted to the stations in ``keep`` (a boolean mask)."""
    ghi, h0, month = derive.daily_matrices(network.daily)
    return derive.fit_transitions(ghi[keep], h0[keep], month, n_classes).transitions()


def synthetic(network: Network, i: int, climate: MonthlyClimate, lib: KtTransitions) -> Weather:
    """The synthetic year at station ``i``'s place from ``climate``."""
    row = network.facts.iloc[i]
    place = (float(row["latitude_deg"]), float(row["longitude_deg"]), float(row["altitude_m"]))
    index = pd.DatetimeIndex(network.hourly[i].index)
    data = synthetic_weather(index, *place, climate, lib, SEED)
    return Weather(data, *place, "synthetic", ())


def loo_climate(network: Network, i: int) -> tuple[MonthlyClimate, float]:
    """Station ``i``'s climate interpolated from the others, and the nearest other [km]."""
    others = network.without(i)
    row = network.facts.iloc[i]
    lat, lon = float(row["latitude_deg"]), float(row["longitude_deg"])
    distance = great_circle_distance_km(lat, lon, others.latitude_deg, others.longitude_deg)
    h0 = monthly_extraterrestrial_kwh_per_m2(pd.DatetimeIndex(network.hourly[i].index), lat, lon)
    climate = site_climate(others, idw_weights(distance), float(row["altitude_m"]), h0)
    return climate, float(distance.min())


def own_climate(network: Network, i: int) -> MonthlyClimate:
    """Station ``i``'s own monthly means (weight 1 on itself)."""
    weights = np.zeros(len(network.hourly))
    weights[i] = 1.0
    row = network.facts.iloc[i]
    index = pd.DatetimeIndex(network.hourly[i].index)
    h0 = monthly_extraterrestrial_kwh_per_m2(
        index, float(row["latitude_deg"]), float(row["longitude_deg"])
    )
    return site_climate(network.climates, weights, float(row["altitude_m"]), h0)


def references(network: Network, i: int) -> tuple[Weather, Weather, float, float]:
    """Real year lag-removed and as it is (both DIRINT re-split), the lag [h], closure."""
    row = network.facts.iloc[i]
    place = (float(row["latitude_deg"]), float(row["longitude_deg"]), float(row["altitude_m"]))
    real = Weather(network.hourly[i], *place, str(row["file"]), ())
    clear = shifted_hour_mean_clearsky_ghi_w_per_m2(pd.DatetimeIndex(real.data.index), *place)
    lag = lag_of_best_correlation_h(real.data["ghi"].to_numpy(float), clear)
    closure = closure_mismatch_fraction(real.data, real.solar_position)
    shifted = irradiance_lag_removed(real, lag, detected=True)
    return (
        resplit_with_decomposition(shifted, "dirint"),
        resplit_with_decomposition(real, "dirint"),
        lag,
        closure,
    )


def daily_kt_stats(weather: Weather, h0_wh: np.ndarray, month: np.ndarray) -> tuple[float, float]:
    """Mean over months of the standard deviation of daily Kt, and the share of days < 0.3."""
    ghi = weather.data["ghi"].to_numpy(float).reshape(-1, 24).sum(axis=1)
    kt = ghi / h0_wh
    std = np.mean([kt[month == m].std() for m in range(1, 13)])
    return float(std), float(np.mean(kt < 0.3))


def station_result(network: Network, i: int, libs: dict[str, KtTransitions]) -> dict[str, object]:
    """Every number of one station (one row of the per-station results)."""
    row = network.facts.iloc[i]
    shifted, as_is, lag, closure = references(network, i)
    climate, nearest_km = loo_climate(network, i)
    loo = synthetic(network, i, climate, libs["loo"])
    own_national = synthetic(network, i, own_climate(network, i), libs["national"])
    own_shanxi = synthetic(network, i, own_climate(network, i), libs["shanxi"])
    daily = network.daily[i]
    h0, month = daily["h0_wh"].to_numpy(float), daily["month"].to_numpy()
    stats = {
        f"{name}_{stat}": value
        for name, weather in (("real", shifted), ("national", own_national), ("shanxi", own_shanxi))
        for stat, value in zip(
            ("kt_std", "overcast_share"), daily_kt_stats(weather, h0, month), strict=True
        )
    }
    return {
        "station_id": network.facts.index[i],
        "name_en": row["name_en"],
        "name_zh": row["name_zh"],
        "province": row["province"],
        "grid_region": row["grid_region"],
        "nearest_other_km": round(nearest_km, 1),
        "lag_h": lag,
        "closure_fraction": round(closure, 4),
        "ghi_real_kwh_per_m2": round(shifted.annual_ghi_kwh_per_m2, 1),
        "ghi_loo_kwh_per_m2": round(loo.annual_ghi_kwh_per_m2, 1),
        "yield_real_kwh_per_kwp": round(annual_yield_kwh_per_kwp(shifted), 2),
        "yield_real_as_is_kwh_per_kwp": round(annual_yield_kwh_per_kwp(as_is), 2),
        "yield_loo_kwh_per_kwp": round(annual_yield_kwh_per_kwp(loo), 2),
        "yield_own_kwh_per_kwp": round(annual_yield_kwh_per_kwp(own_national), 2),
        "yield_own_shanxi_kwh_per_kwp": round(annual_yield_kwh_per_kwp(own_shanxi), 2),
        **{k: round(v, 4) for k, v in stats.items()},
    }


def error_fraction(results: pd.DataFrame, column: str) -> pd.Series:
    """Relative error of a yield column against the lag-removed reference [fraction]."""
    return results[column] / results["yield_real_kwh_per_kwp"] - 1.0


def summary(errors: pd.Series) -> dict[str, object]:
    """n, median and 90th percentile of |error|, and the mean error (bias), in percent."""
    size = errors.abs()
    return {
        "stations": len(errors),
        "median abs error": f"{size.median():.1%}",
        "p90 abs error": f"{size.quantile(0.9):.1%}",
        "mean error": f"{errors.mean():+.1%}",
    }


def region_table(results: pd.DataFrame) -> pd.DataFrame:
    """Leave-one-out error of the annual yield, overall and per grid region."""
    rows = {}
    as_is = results["yield_loo_kwh_per_kwp"] / results["yield_real_as_is_kwh_per_kwp"] - 1
    for region, group in [("all", results), *results.groupby("grid_region", sort=False)]:
        errors = error_fraction(group, "yield_loo_kwh_per_kwp")
        own = error_fraction(group, "yield_own_kwh_per_kwp")
        rows[region] = summary(errors) | {
            "p90, file as is": f"{as_is[group.index].abs().quantile(0.9):.1%}",
            "median, own climatology": f"{own.abs().median():.1%}",
        }
    order = ["all", *[r for r in GRID_REGIONS if r in rows]]
    return pd.DataFrame(rows).T.loc[order]


def distance_bins(results: pd.DataFrame) -> pd.DataFrame:
    """Leave-one-out |error| by nearest-station distance: quartile bins, made non-decreasing
    (an error should not shrink with distance; where the data say so it is noise)."""
    errors = error_fraction(results, "yield_loo_kwh_per_kwp").abs()
    distance = results["nearest_other_km"]
    edges = np.quantile(distance, [0.25, 0.5, 0.75, 1.0])
    upper = np.ceil(edges)
    group = np.searchsorted(edges, distance)
    table = pd.DataFrame(
        {
            "nearest_station_km_up_to": upper,
            "stations": np.bincount(group, minlength=4),
            "median_abs_error_fraction": [errors[group == g].median() for g in range(4)],
            "p90_abs_error_fraction": [errors[group == g].quantile(0.9) for g in range(4)],
        }
    )
    for column in ("median_abs_error_fraction", "p90_abs_error_fraction"):
        table[column] = np.maximum.accumulate(table[column].to_numpy()).round(3)
    return table


def markov_table(results: pd.DataFrame) -> pd.DataFrame:
    """Daily-Kt statistics of the own-climatology synthetic years against the real files."""
    rows = {}
    for region, group in [("all", results), *results.groupby("grid_region", sort=False)]:
        row: dict[str, object] = {}
        for lib in ("shanxi", "national"):
            for stat, label in (("kt_std", "std of daily Kt"), ("overcast_share", "days Kt < 0.3")):
                diff = group[f"{lib}_{stat}"] - group[f"real_{stat}"]
                row[f"{label}, {lib}"] = f"{diff.abs().mean():.3f} ({diff.mean():+.3f})"
        rows[region] = row
    return pd.DataFrame(rows).T.loc[["all", *[r for r in GRID_REGIONS if r in rows]]]


def markdown(table: pd.DataFrame, index_name: str) -> str:
    """A pipe table of ``table`` (index as first column)."""
    header = [index_name, *map(str, table.columns)]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += [
        "| " + " | ".join(map(str, [i, *r])) + " |"
        for i, r in zip(table.index, table.values, strict=True)
    ]
    return "\n".join(lines)


def report(results: pd.DataFrame, bins: pd.DataFrame, interpolation: pd.DataFrame) -> str:
    """The markdown block written into ``docs/default-weather.md``."""
    shown = pd.DataFrame(
        {
            "stations": bins["stations"].to_numpy(),
            "median abs error": bins["median_abs_error_fraction"].map("{:.1%}".format).to_numpy(),
            "p90 abs error": bins["p90_abs_error_fraction"].map("{:.1%}".format).to_numpy(),
        },
        index=bins["nearest_station_km_up_to"].astype(int),
    )
    lags = results["lag_h"].value_counts().sort_index()
    return "\n\n".join(
        [
            "Annual yield, leave-one-out against the lag-removed real file:\n\n"
            + markdown(region_table(results), "grid region"),
            "By distance to the nearest other station, in quartiles of that distance, each "
            "error at least that of the bin before (shipped as "
            "`factors/weather/default_weather_error.csv`):\n\n"
            + markdown(shown, "nearest station up to km"),
            "Daily clearness index of the own-climatology synthetic years against the real "
            "files — mean |difference| (mean difference) of the monthly standard deviation "
            "of daily Kt and of the share of days with Kt < 0.3:\n\n"
            + markdown(markov_table(results), "grid region"),
            "Interpolation variants, leave-one-out on the monthly means alone (no generator, "
            "no PV), all stations:\n\n" + markdown(interpolation, "variant"),
            "Irradiance lag found in the real files (h: stations): "
            + ", ".join(f"{lag:+.2f}: {n}" for lag, n in lags.items()),
        ]
    )


def monthly_arrays(network: Network) -> dict[str, np.ndarray]:
    """Per station × month: mean daily GHI and extraterrestrial irradiation, temperature."""

    def by_month(column: str) -> np.ndarray:
        return np.vstack([d.groupby("month")[column].mean().to_numpy() for d in network.daily])

    return {"ghi": by_month("ghi_wh"), "h0": by_month("h0_wh"), "temp": by_month("t_mean")}


def interpolation_table(network: Network) -> pd.DataFrame:
    """Leave-one-out |error| of the annual GHI (no generator, no PV: monthly means only) for
    interpolation variants, and of the annual mean temperature for lapse rates."""
    arrays = monthly_arrays(network)
    ghi, h0, temp = arrays["ghi"], arrays["h0"], arrays["temp"]
    days = network.daily[0].groupby("month").size().to_numpy()
    lat, lon = network.climates.latitude_deg, network.climates.longitude_deg
    alt = network.climates.altitude_m
    distance = np.array(
        [great_circle_distance_km(a, b, lat, lon) for a, b in zip(lat, lon, strict=True)]
    )
    np.fill_diagonal(distance, np.inf)
    rows = {}
    for what, power, neighbours in [
        ("Kt", 2.0, 1),
        *[("Kt", p, k) for p in (1.0, 2.0, 3.0) for k in (3, 6, 10)],
        ("GHI", 2.0, 6),
    ]:
        weights = np.vstack([idw_weights(d, power, neighbours) for d in distance])
        estimate = weights @ (ghi / h0) * h0 if what == "Kt" else weights @ ghi
        errors = pd.Series((estimate @ days) / (ghi @ days) - 1)
        label = (
            "nearest station" if neighbours == 1 else f"{what}, 1/d^{power:g}, {neighbours} nearest"
        )
        rows[label] = {"quantity": "annual GHI"} | summary(errors)
    weights = np.vstack([idw_weights(d) for d in distance])
    for lapse in (0.0, 0.0055, 0.0065):
        estimate = weights @ (temp + lapse * alt[:, None]) - lapse * alt[:, None]
        error = (estimate - temp).mean(axis=1)
        rows[f"temperature, lapse {lapse * 1000:g} °C/km"] = {
            "quantity": "annual mean °C",
            "stations": len(error),
            "median abs error": f"{np.median(np.abs(error)):.2f}",
            "p90 abs error": f"{np.quantile(np.abs(error), 0.9):.2f}",
            "mean error": f"{error.mean():+.2f}",
        }
    return pd.DataFrame(rows).T


def write_outputs(results: pd.DataFrame, bins: pd.DataFrame, block: str) -> None:
    """Per-station results, the shipped error table and the doc's block."""
    results.to_csv(RESULTS, index=False, lineterminator="\n")
    count = len(results)
    source = (
        f"scripts/validate_default_weather.py leave-one-out over {count} CSWD stations "
        "(CMA & Tsinghua); per-station results in docs/default-weather-loo.csv"
    )
    shipped = bins.assign(source=source, confidence="[B]")
    shipped.to_csv(ERROR_TABLE, index=False, lineterminator="\n")
    text = DOC.read_text(encoding="utf-8")
    pattern = r"(<!-- validation:start -->\n).*?(<!-- validation:end -->)"
    DOC.write_text(re.sub(pattern, lambda m: f"{m[1]}{block}\n{m[2]}", text, flags=re.S), "utf-8")


def held_out_results(network: Network, only: str | None) -> pd.DataFrame:
    """Every number of every held-out station (all, or the ids in ``only``)."""
    everyone = np.ones(len(network.hourly), dtype=bool)
    shanxi = (network.facts["province"] == "shanxi").to_numpy()
    libs = {"national": fitted(network, everyone), "shanxi": fitted(network, shanxi, 3)}
    held = [i for i, sid in enumerate(network.facts.index) if not only or sid in only.split(",")]
    rows = []
    for count, i in enumerate(held, 1):
        libs["loo"] = fitted(network, np.arange(len(everyone)) != i)
        rows.append(station_result(network, i, libs))
        print(f"{count}/{len(held)} {rows[-1]['name_en']}", file=sys.stderr, flush=True)
    return pd.DataFrame(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--weather-dir", type=Path, default=REPO.parent / "shared/weather/cswd-china"
    )
    parser.add_argument("--only", help="comma-separated EPW station ids to hold out (default all)")
    parser.add_argument("--write", action="store_true", help="update the doc and tables")
    parser.add_argument(
        "--from-results",
        action="store_true",
        help="rebuild the tables from docs/default-weather-loo.csv, not station by station",
    )
    args = parser.parse_args()
    network = read_network(args.weather_dir)
    if args.from_results:
        results = pd.read_csv(RESULTS, dtype={"station_id": str})
    else:
        results = held_out_results(network, args.only)
    bins = distance_bins(results)
    block = report(results, bins, interpolation_table(network))
    print(block)
    if args.write:
        write_outputs(results, bins, block)


if __name__ == "__main__":
    main()
