"""Derive the offline default-weather tables from the national CSWD typical-year EPW files.

Writes (into ``--factors-dir``, default ``factors``):

- ``weather/stations.csv`` — one row per station: id (EPW 6-digit WMO id), Chinese and English
  name, province key and grid region (``regions.csv``), latitude, longitude, altitude (EPW
  header), file name and sha256, source and confidence.
- ``weather_climatology.csv`` — one row per station × month: mean daily GHI [kWh/m²/day], the
  month's clearness index ``Kt`` (GHI over extraterrestrial horizontal irradiation, both summed
  over the month from hourly values, as the generator uses it), mean air temperature [°C], mean
  daily temperature range (daily max − min of the hourly values) [°C], mean wind speed [m/s].
- ``weather/kt_transitions.csv`` — Markov transition matrices of the daily clearness index
  (method of Aguiar, Collares-Pereira & Conde 1988, *Solar Energy* 40(3)), fitted to every
  station-month of the set: :data:`N_CLASSES` classes of monthly ``Kt`` cut at its deciles over
  all station-months; in each class the central 99 % of daily ``Kt`` (0.5th to 99.5th
  percentile, so that a few defective days — 134 days with zero GHI, one with Kt > 1 — do not
  stretch the states) is cut into :data:`N_STATES` equal states, and day-to-day transitions
  within a month are counted. A state never left gets the class's overall state frequencies.

Nothing here is random, so there is nothing to seed: the same files give the same tables.
Chinese station names come from ``scripts/cswd_station_names_zh.csv`` (sources inside).

The EPW files are third-party data (CSWD: China Meteorological Administration Climate
Information Center and Tsinghua University, via the EnergyPlus weather library); they must
never be copied into this repository. Provenance: ``../shared/weather/cswd-china/README.md``.

Usage (from the repository root; ``--only`` derives a subset, e.g. for a quick check)::

    .venv/bin/python scripts/derive_climatology.py [--weather-dir ../shared/weather/cswd-china]
        [--factors-dir factors] [--only 537720,534870]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd

from greenpark.core.pv.sun import extraterrestrial_horizontal_w_per_m2
from greenpark.core.pv.synthetic import KtTransitions
from greenpark.inputs.weather.files import read_weather
from greenpark.inputs.weather.quality import TYPICAL_YEAR, completed_hours, restamped

FloatArray = npt.NDArray[np.float64]
N_CLASSES = 10
N_STATES = 10
#: share of a class's daily Kt left outside its states at each end [fraction]
STATE_RANGE_TAIL = 0.005
CONFIDENCE = "[B]"
UPSTREAM = "China Meteorological Administration Climate Information Center & Tsinghua University"
TIMEZONE = "Asia/Shanghai"
REPO = Path(__file__).resolve().parents[1]
NAMES_FILE = REPO / "scripts" / "cswd_station_names_zh.csv"
#: CSWD province names (EPW file names) -> keys of factors/regions.csv
PROVINCE_KEYS = {
    "Guangxi Zhuang": "guangxi",
    "Nei Mongol": "neimenggu",
    "Ningxia Hui": "ningxia",
    "Tibet": "xizang",
    "Xinjiang Uygur": "xinjiang",
}


@dataclass(frozen=True)
class Station:
    """One CSWD file: its header facts and hourly data on the typical year."""

    facts: dict[str, object]
    hourly: pd.DataFrame


def read_station(path: Path, province: str) -> Station:
    """Read one EPW (``.epw.gz``), stamp it on the typical year, fill missing codes."""
    raw = read_weather(path, fmt="epw")
    assert raw.latitude_deg is not None and raw.longitude_deg is not None
    frame = restamped(raw.data.tz_convert(TIMEZONE), TIMEZONE, TYPICAL_YEAR, path.name)
    hourly, _ = completed_hours(frame, path.name, TYPICAL_YEAR)
    facts: dict[str, object] = {
        "station_id": raw.name.split()[-1],
        "name_en": raw.name.rsplit(" ", 1)[0],
        "province_en": province,
        "latitude_deg": raw.latitude_deg,
        "longitude_deg": raw.longitude_deg,
        "altitude_m": raw.altitude_m,
        "file": path.name,
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
    }
    return Station(facts, hourly)


def daily_table(station: Station) -> pd.DataFrame:
    """Daily GHI and extraterrestrial irradiation [Wh/m²], temperature mean and range [°C],
    mean wind [m/s], and the month, one row per day."""
    data, facts = station.hourly, station.facts
    index = pd.DatetimeIndex(data.index)
    h0 = extraterrestrial_horizontal_w_per_m2(
        index, float(str(facts["latitude_deg"])), float(str(facts["longitude_deg"]))
    )
    day = index.normalize()
    temp = data["temp_air"].groupby(day)
    daily = pd.DataFrame(
        {
            "ghi_wh": data["ghi"].groupby(day).sum(),
            "h0_wh": h0.groupby(day).sum(),
            "t_mean": temp.mean(),
            "t_range": temp.max() - temp.min(),
            "wind": data["wind_speed"].groupby(day).mean(),
        }
    )
    daily["month"] = pd.DatetimeIndex(daily.index).month
    return daily


def file_source(facts: dict[str, object], upstream: str = UPSTREAM) -> str:
    """Provenance of one station's numbers: file name, sha256 prefix, the CSWD producers."""
    return f"CSWD {facts['file']} sha256:{str(facts['sha256'])[:16]} ({upstream})"


def station_row(
    facts: dict[str, object], names: pd.DataFrame, regions: pd.DataFrame
) -> dict[str, object]:
    """The ``weather/stations.csv`` row of one station."""
    name = names.loc[str(facts["station_id"])[:5]]
    province_en = str(facts["province_en"])
    province = PROVINCE_KEYS.get(province_en, province_en.lower())
    return {
        "station_id": facts["station_id"],
        "name_zh": name["name_zh"],
        "name_en": facts["name_en"],
        "name_zh_source": name["name_source"],
        "province": province,
        "grid_region": regions.loc[province, "grid_region"],
        "latitude_deg": facts["latitude_deg"],
        "longitude_deg": facts["longitude_deg"],
        "altitude_m": facts["altitude_m"],
        "source": "EPW header of " + file_source(facts),
        "confidence": CONFIDENCE,
    }


def climatology_rows(facts: dict[str, object], daily: pd.DataFrame) -> list[dict[str, object]]:
    """Twelve rows (one per month) of ``weather_climatology.csv`` for one station."""
    source = file_source(facts, "CMA & Tsinghua University")
    return [
        {
            "station_id": facts["station_id"],
            "month": month,
            "mean_daily_ghi_kwh_per_m2": round(group["ghi_wh"].mean() / 1000.0, 3),
            "clearness_index": round(group["ghi_wh"].sum() / group["h0_wh"].sum(), 4),
            "mean_temp_air_c": round(group["t_mean"].mean(), 2),
            "mean_daily_temp_range_c": round(group["t_range"].mean(), 2),
            "mean_wind_speed_m_s": round(group["wind"].mean(), 2),
            "source": source,
            "confidence": CONFIDENCE,
        }
        for month, group in daily.groupby("month")
    ]


@dataclass(frozen=True)
class TransitionFit:
    """Counted daily-Kt transitions: class bounds, state ranges and counts per class."""

    class_upper_kt: FloatArray
    daily_kt_min: FloatArray
    daily_kt_max: FloatArray
    counts: FloatArray  # (classes, from state, to state)

    def probabilities(self) -> FloatArray:
        """Rows normalised; a row never left takes the class's overall to-state shares."""
        totals = self.counts.sum(axis=2, keepdims=True)
        marginal = (
            self.counts.sum(axis=1, keepdims=True) / self.counts.sum(axis=(1, 2))[:, None, None]
        )
        rows = np.divide(self.counts, totals, out=np.zeros_like(self.counts), where=totals > 0)
        return np.asarray(np.where(totals > 0, rows, marginal), dtype=float)

    def transitions(self) -> KtTransitions:
        """The fit as the generator's matrix library."""
        return KtTransitions(
            self.class_upper_kt, self.daily_kt_min, self.daily_kt_max, self.probabilities()
        )


def fit_transitions(
    daily_ghi_wh: FloatArray,
    daily_h0_wh: FloatArray,
    day_month: npt.NDArray[np.int64],
    n_classes: int = N_CLASSES,
) -> TransitionFit:
    """Fit the Markov library to stations' daily clearness indices (module docstring).

    Parameters
    ----------
    daily_ghi_wh, daily_h0_wh : daily GHI and extraterrestrial horizontal irradiation, one row
        per station, one column per day [Wh/m²]
    day_month : month (1-12) of each day (column).
    n_classes : classes of monthly Kt, cut at its quantiles.
    """
    member = (day_month[None, :] == np.arange(1, 13)[:, None]).T.astype(float)  # (days, 12)
    monthly = (daily_ghi_wh @ member) / (daily_h0_wh @ member)  # as the generator classes
    daily_kt = daily_ghi_wh / daily_h0_wh
    cuts = np.round(np.quantile(monthly, np.arange(1, n_classes) / n_classes), 3)
    day_class = np.searchsorted(cuts, monthly)[:, day_month - 1]
    low, high = np.empty(n_classes), np.empty(n_classes)
    for klass in range(n_classes):
        values = daily_kt[day_class == klass]
        low[klass] = np.floor(np.quantile(values, STATE_RANGE_TAIL) * 1000) / 1000
        high[klass] = np.ceil(np.quantile(values, 1 - STATE_RANGE_TAIL) * 1000) / 1000
    width = (high - low) / N_STATES
    state = np.clip((daily_kt - low[day_class]) // width[day_class], 0, N_STATES - 1).astype(int)
    same = day_month[1:] == day_month[:-1]
    counts = np.zeros((n_classes, N_STATES, N_STATES))
    pairs = (day_class[:, :-1][:, same], state[:, :-1][:, same], state[:, 1:][:, same])
    np.add.at(counts, pairs, 1)
    return TransitionFit(np.array([*cuts, 1.0]), low, high, counts)


def transition_rows(fit: TransitionFit, source: str) -> list[dict[str, object]]:
    """Rows of ``weather/kt_transitions.csv``."""
    probabilities = fit.probabilities()
    return [
        {
            "kt_class": klass + 1,
            "class_upper_monthly_kt": round(float(fit.class_upper_kt[klass]), 3),
            "daily_kt_min": round(float(fit.daily_kt_min[klass]), 3),
            "daily_kt_max": round(float(fit.daily_kt_max[klass]), 3),
            "from_state": i + 1,
            "to_state": j + 1,
            "transitions": int(fit.counts[klass, i, j]),
            "probability": round(float(probabilities[klass, i, j]), 4),
            "source": source,
            "confidence": CONFIDENCE,
        }
        for klass in range(len(fit.class_upper_kt))
        for i in range(N_STATES)
        for j in range(N_STATES)
    ]


def daily_matrices(
    dailies: list[pd.DataFrame],
) -> tuple[FloatArray, FloatArray, npt.NDArray[np.int64]]:
    """Daily GHI and extraterrestrial irradiation of every station (rows) [Wh/m²], and the
    month of each day (the arguments of :func:`fit_transitions`)."""
    ghi = np.vstack([d["ghi_wh"].to_numpy(float) for d in dailies])
    h0 = np.vstack([d["h0_wh"].to_numpy(float) for d in dailies])
    return ghi, h0, dailies[0]["month"].to_numpy(np.int64)


def read_all(weather_dir: Path, only: set[str] | None) -> list[tuple[Station, pd.DataFrame]]:
    """Every station of ``stations.csv`` in ``weather_dir`` (or those in ``only``), in id order."""
    listing = pd.read_csv(weather_dir / "stations.csv", dtype={"wmo": str})
    if only is not None:
        listing = listing[listing["wmo"].isin(only)]
    stations = [read_station(weather_dir / row.file, row.province) for row in listing.itertuples()]
    stations.sort(key=lambda s: str(s.facts["station_id"]))
    return [(station, daily_table(station)) for station in stations]


def write_csv(path: Path, rows: list[dict[str, object]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--weather-dir", type=Path, default=REPO.parent / "shared/weather/cswd-china"
    )
    parser.add_argument("--factors-dir", type=Path, default=REPO / "factors")
    parser.add_argument("--only", help="comma-separated EPW station ids (6 digits)")
    args = parser.parse_args()
    only = set(args.only.split(",")) if args.only else None
    names = pd.read_csv(NAMES_FILE, comment="#", dtype={"wmo": str}).set_index("wmo")
    regions = pd.read_csv(REPO / "factors" / "regions.csv").set_index("key")
    read = read_all(args.weather_dir, only)
    write_csv(
        args.factors_dir / "weather" / "stations.csv",
        [station_row(s.facts, names, regions) for s, _ in read],
    )
    write_csv(
        args.factors_dir / "weather_climatology.csv",
        [row for s, daily in read for row in climatology_rows(s.facts, daily)],
    )
    source = (
        f"scripts/derive_climatology.py fit to daily Kt of the {len(read)} CSWD stations in "
        "weather/stations.csv (CMA & Tsinghua); Aguiar et al. 1988, Solar Energy 40(3)"
    )
    fit = fit_transitions(*daily_matrices([daily for _, daily in read]))
    write_csv(args.factors_dir / "weather" / "kt_transitions.csv", transition_rows(fit, source))


if __name__ == "__main__":
    main()
