"""Derive the synthetic-weather tables from the CSWD Shanxi typical-year EPW files.

Writes

- ``factors/weather_climatology.csv`` — one row per station × month: mean daily GHI
  [kWh/m²/day], mean air temperature [°C], mean daily temperature range (daily max − min of the
  hourly values) [°C], mean wind speed [m/s], with the station's location and the file's sha256.
- ``factors/weather/kt_transitions.csv`` — Markov transition matrices of the daily clearness
  index ``Kt`` (method of Aguiar, Collares-Pereira & Conde 1988, *Solar Energy* 40(3)), fitted to
  the same files because the published matrix library is not reproduced here. The 48
  station-months are split into :data:`N_CLASSES` classes of monthly mean ``Kt`` at its
  terciles; in each class the observed daily ``Kt`` range is cut into :data:`N_STATES` equal
  states and day-to-day transitions within a month are counted. A state never left in the data
  gets the class's overall state frequencies.

``Kt`` = daily GHI / daily extraterrestrial horizontal irradiation, both from hourly values
(:func:`greenpark.core.pv.sun.extraterrestrial_horizontal_w_per_m2`), as the generator uses it.

The EPW files are third-party data (CSWD: China Meteorological Bureau Climate Information Center
and Tsinghua University, via the EnergyPlus weather library); they must never be copied into
this repository. Provenance and hashes: ``../shared/weather/README.md``.

Usage (from the repository root)::

    .venv/bin/python scripts/derive_climatology.py [--weather-dir ../shared/weather] [--factors-dir factors]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
from pathlib import Path

import numpy as np
import pandas as pd

from greenpark.core.pv.sun import extraterrestrial_horizontal_w_per_m2
from greenpark.inputs.weather import read_weather

#: EPW 6-digit station id -> (Chinese name, English name); the EPW header has no Chinese name
STATIONS = {
    "537720": ("太原", "Taiyuan"),
    "534870": ("大同", "Datong"),
    "536730": ("原平", "Yuanping"),
    "537870": ("榆社", "Yushe"),
}
N_CLASSES = 3
N_STATES = 10
CONFIDENCE = "[B]"
UPSTREAM = (
    "China Meteorological Bureau Climate Information Center & Tsinghua University, "
    "via EnergyPlus weather library"
)


def station_days(path: Path) -> tuple[dict[str, object], pd.DataFrame]:
    """One station's header facts and its daily table (ghi_wh, h0_wh, t_mean, t_range, wind)."""
    raw = read_weather(path, fmt="epw")
    data = raw.data.astype(float)
    index = pd.DatetimeIndex(data.index)
    assert raw.latitude_deg is not None and raw.longitude_deg is not None
    h0 = extraterrestrial_horizontal_w_per_m2(index, raw.latitude_deg, raw.longitude_deg)
    day = index.normalize()
    daily = pd.DataFrame(
        {
            "ghi_wh": data["ghi"].groupby(day).sum(),
            "h0_wh": h0.groupby(day).sum(),
            "t_mean": data["temp_air"].groupby(day).mean(),
            "t_range": data["temp_air"].groupby(day).max() - data["temp_air"].groupby(day).min(),
            "wind": data["wind_speed"].groupby(day).mean(),
        }
    )
    daily["month"] = pd.DatetimeIndex(daily.index).month
    station_id = raw.name.split()[-1]
    facts = {
        "station_id": station_id,
        "lat": raw.latitude_deg,
        "lon": raw.longitude_deg,
        "altitude_m": raw.altitude_m,
        "file": path.name,
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
    }
    return facts, daily


def climatology_rows(facts: dict[str, object], daily: pd.DataFrame) -> list[dict[str, object]]:
    """Twelve rows (one per month) of ``weather_climatology.csv`` for one station."""
    zh, en = STATIONS[str(facts["station_id"])]
    source = (
        f"Derived by scripts/derive_climatology.py from CSWD EPW "
        f"{Path(str(facts['file'])).stem} ({UPSTREAM}); sha256 {facts['sha256']}"
    )
    monthly = daily.groupby("month")
    return [
        {
            "station_id": facts["station_id"],
            "station_name_zh": zh,
            "station_name_en": en,
            "lat": facts["lat"],
            "lon": facts["lon"],
            "altitude_m": facts["altitude_m"],
            "month": month,
            "mean_daily_ghi_kwh_per_m2": round(group["ghi_wh"].mean() / 1000.0, 3),
            "mean_temp_air_c": round(group["t_mean"].mean(), 2),
            "mean_daily_temp_range_c": round(group["t_range"].mean(), 2),
            "mean_wind_speed_m_s": round(group["wind"].mean(), 2),
            "source": source,
            "confidence": CONFIDENCE,
        }
        for month, group in monthly
    ]


def transition_rows(months: list[pd.DataFrame], source: str) -> list[dict[str, object]]:
    """Rows of ``weather/kt_transitions.csv`` from every station-month's daily table."""
    monthly_kt = np.array([m["ghi_wh"].sum() / m["h0_wh"].sum() for m in months])
    cuts = np.round(np.quantile(monthly_kt, np.arange(1, N_CLASSES) / N_CLASSES), 3)
    upper = [*cuts.tolist(), 1.0]
    rows: list[dict[str, object]] = []
    for klass in range(N_CLASSES):
        members = [
            (m["ghi_wh"] / m["h0_wh"]).to_numpy()
            for m, kt in zip(months, monthly_kt, strict=True)
            if np.searchsorted(cuts, kt) == klass
        ]
        every = np.concatenate(members)
        low = np.floor(every.min() * 1000) / 1000
        high = np.ceil(every.max() * 1000) / 1000
        width = (high - low) / N_STATES
        counts = np.zeros((N_STATES, N_STATES))
        for kt in members:
            state = np.clip(((kt - low) // width).astype(int), 0, N_STATES - 1)
            np.add.at(counts, (state[:-1], state[1:]), 1)
        marginal = counts.sum(axis=0) / counts.sum()
        for i in range(N_STATES):
            total = counts[i].sum()
            probability = counts[i] / total if total else marginal
            rows.extend(
                {
                    "kt_class": klass + 1,
                    "class_upper_monthly_kt": upper[klass],
                    "daily_kt_min": low,
                    "daily_kt_max": high,
                    "from_state": i + 1,
                    "to_state": j + 1,
                    "transitions": int(counts[i, j]),
                    "probability": round(float(probability[j]), 4),
                    "source": source,
                    "confidence": CONFIDENCE,
                }
                for j in range(N_STATES)
            )
    return rows


def write_csv(path: Path, rows: list[dict[str, object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weather-dir", type=Path, default=Path("../shared/weather"))
    parser.add_argument("--factors-dir", type=Path, default=Path("factors"))
    args = parser.parse_args()
    climatology: list[dict[str, object]] = []
    months: list[pd.DataFrame] = []
    hashes = []
    for path in sorted(args.weather_dir.glob("CHN_Shanxi.*_CSWD.epw")):
        facts, daily = station_days(path)
        climatology.extend(climatology_rows(facts, daily))
        months.extend(group for _, group in daily.groupby("month"))
        hashes.append(f"{facts['station_id']} sha256 {str(facts['sha256'])[:16]}…")
    source = (
        "Fitted by scripts/derive_climatology.py to daily clearness indices of CSWD EPW "
        f"Shanxi stations {', '.join(hashes)} ({UPSTREAM}); "
        "method of Aguiar, Collares-Pereira & Conde 1988, Solar Energy 40(3)"
    )
    (args.factors_dir / "weather").mkdir(parents=True, exist_ok=True)
    write_csv(args.factors_dir / "weather_climatology.csv", climatology)
    write_csv(args.factors_dir / "weather" / "kt_transitions.csv", transition_rows(months, source))


if __name__ == "__main__":
    main()
