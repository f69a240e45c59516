"""Generate a large synthetic park for the run benchmark (seeded, reproducible).

    python benchmarks/make_park.py OUT_DIR [--enterprises 500] [--resolution hourly|15min]
                                           [--format csv|xlsx] [--layout wide|long|files|exports]
                                           [--batteries 20] [--seed 20260601]

The park has ``--enterprises`` enterprises (ids ``E0001``…), one rooftop with installed PV per
enterprise (seeded tilt 0-30 deg, azimuth 120-240 deg, 100-2,000 kW), ``--batteries``
self-consumption batteries owned by the first enterprises, and one wide electricity file of
the whole accounting year 2025 (``data/electricity.csv``: ``timestamp`` then one column per
enterprise, kWh per interval). Each enterprise's load is a seeded base level (50-5,000 kW)
times a day shape (higher 08:00-20:00) times noise, so every column differs. ``--resolution
15min`` writes the same kind of file with 35,040 quarter-hour rows (17.5 million readings at
500 enterprises). ``--format xlsx`` writes the same table as a workbook
(``data/electricity.xlsx``, one sheet, numbers as number cells, timestamps as text, as a meter
system's export). ``--layout`` (CSV only) writes the same readings in the two other shapes
meter systems export: ``long`` one file with a row per reading (``timestamp, enterprise,
carrier, quantity, unit``: 4.4 million rows at 500 enterprises, hourly), ``files`` one wide
file per enterprise (``data/E0001.csv``: ``timestamp`` and that enterprise's column),
``exports`` one file per enterprise as a meter system exports it (GB18030, a title line,
``户号,采集时间,正向有功总电量(kWh)``, stamps at the interval's end: ``00:15`` … ``24:00``; each
enterprise gets its account number ``31010xxxxx``). No gaps, no weather file: the run uses the
park's default weather.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd
import xlsxwriter
import yaml

YEAR = 2025
STEPS = {"hourly": "h", "15min": "15min"}
PER_HOUR = {"hourly": 1, "15min": 4}


def data_entries(
    ids: list[str], resolution: str, file_format: str, layout: str
) -> list[dict[str, str]]:
    """park.yaml's ``data`` list for the layout."""
    if layout == "long":
        return [{"file": "data/electricity_long.csv", "layout": "long", "resolution": resolution}]
    if layout == "exports":
        marks = {
            "resolution": resolution,
            "carrier": "electricity",
            "timestamp_marks": "interval_end",
        }
        return [{"file": f"data/{e}.csv", **marks} for e in ids]
    files = [f"data/{e}.csv" for e in ids] if layout == "files" else []
    wide = {"layout": "wide", "resolution": resolution, "carrier": "electricity", "unit": "kWh"}
    return [{"file": f, **wide} for f in files or [f"data/electricity.{file_format}"]]


def park_config(
    enterprises: int,
    batteries: int,
    resolution: str,
    seed: int,
    file_format: str = "csv",
    layout: str = "wide",
) -> dict[str, object]:
    """The park.yaml content (a plain mapping)."""
    rng = np.random.default_rng(seed)
    ids = [f"E{i:04d}" for i in range(1, enterprises + 1)]
    return {
        "park": {
            "id": f"bench-{enterprises}",
            "name": f"基准测试园区 {enterprises} 家（合成数据）",
            "province": "山西",
            "grid_region": "华北",
            "location": {"latitude_deg": 37.8, "longitude_deg": 112.55, "altitude_m": 780},
            "land_area_mu": 10 * enterprises,
            "accounting_year": YEAR,
            "timezone": "Asia/Shanghai",
        },
        "enterprises": [
            {"id": e, "name": f"合成企业 {e}", "industry_code": "C34", "land_mu": 10.0}
            | ({"accounts": [account(e)]} if layout == "exports" else {})
            for e in ids
        ],
        "data": data_entries(ids, resolution, file_format, layout),
        "rooftops": [
            {
                "id": f"{e}-R1",
                "owner": e,
                "area_m2": 15_000.0,
                "tilt_deg": round(float(rng.uniform(0.0, 30.0)), 1),
                "azimuth_deg": round(float(rng.uniform(120.0, 240.0)), 1),
                "capacity_kw": round(float(rng.uniform(100.0, 2000.0)), 1),
                "commissioning_year": int(rng.integers(2016, YEAR + 1)),
            }
            for e in ids
        ],
        "storage": [
            {
                "id": f"ESS-{e}",
                "owner": e,
                "energy_kwh": 2000.0,
                "power_kw": 1000.0,
                "round_trip_efficiency": 0.88,
            }
            for e in ids[:batteries]
        ],
    }


def meter_frame(enterprises: int, resolution: str, seed: int) -> pd.DataFrame:
    """The wide meter table: timestamp text, then one kWh column per enterprise."""
    rng = np.random.default_rng(seed + 1)
    starts = pd.date_range(f"{YEAR}-01-01", f"{YEAR + 1}-01-01", freq=STEPS[resolution])[:-1]
    hour = starts.hour.to_numpy()
    shape = np.where((hour >= 8) & (hour < 20), 1.0, 0.55)
    base_kw = rng.uniform(50.0, 5000.0, enterprises)
    noise = rng.uniform(0.85, 1.15, (len(starts), enterprises))
    kwh = np.round(shape[:, None] * base_kw[None, :] * noise / PER_HOUR[resolution], 1)
    columns = [f"E{i:04d}" for i in range(1, enterprises + 1)]
    frame = pd.DataFrame(kwh, columns=columns)
    frame.insert(0, "timestamp", starts.strftime("%Y-%m-%d %H:%M"))
    return frame


def account(enterprise: str) -> int:
    """The enterprise's (made-up) account number, as a utility's export names it: 户号."""
    return 3_101_000_000 + int(enterprise[1:])


def write_exports(frame: pd.DataFrame, resolution: str, folder: Path) -> None:
    """One GB18030 file per enterprise as a meter system exports it: a title line, 户号,
    采集时间 at the interval's end (the day's last as ``24:00``), the reading."""
    ends = pd.to_datetime(frame["timestamp"]) + pd.Timedelta(minutes=60 // PER_HOUR[resolution])
    stamps = ends.dt.strftime("%Y-%m-%d %H:%M").to_numpy(dtype=object)
    midnight = (ends.dt.hour == 0) & (ends.dt.minute == 0)
    day_before = ends[midnight] - pd.Timedelta(days=1)
    stamps[midnight.to_numpy()] = day_before.dt.strftime("%Y-%m-%d 24:00").to_numpy()
    for enterprise in frame.columns[1:]:
        export = pd.DataFrame(
            {
                "户号": account(enterprise),
                "采集时间": stamps,
                "正向有功总电量(kWh)": frame[enterprise],
            }
        )
        with (folder / f"{enterprise}.csv").open("w", encoding="gb18030", newline="") as file:
            file.write("某能源管理系统 数据导出（合成数据）\n")
            export.to_csv(file, index=False)


def write_workbook(frame: pd.DataFrame, path: Path) -> None:
    """``frame`` as a one-sheet workbook: header row, then text timestamps and number cells."""
    with xlsxwriter.Workbook(str(path), {"constant_memory": True}) as workbook:
        sheet = workbook.add_worksheet("electricity")
        sheet.write_row(0, 0, list(frame.columns))
        stamps = frame["timestamp"].tolist()
        numbers = frame.drop(columns="timestamp").to_numpy()
        for i, (stamp, row) in enumerate(zip(stamps, numbers.tolist(), strict=True), start=1):
            sheet.write_string(i, 0, stamp)
            sheet.write_row(i, 1, row)


def write_park(
    out: Path,
    enterprises: int,
    batteries: int,
    resolution: str,
    seed: int,
    file_format: str,
    layout: str = "wide",
) -> None:
    """Write park.yaml and the meter data under ``out``."""
    if file_format == "xlsx" and layout != "wide":
        raise SystemExit("--layout long|files writes CSV only")
    (out / "data").mkdir(parents=True, exist_ok=True)
    config = park_config(enterprises, batteries, resolution, seed, file_format, layout)
    text = yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
    (out / "park.yaml").write_text(text, encoding="utf-8")
    frame = meter_frame(enterprises, resolution, seed)
    if file_format == "xlsx":
        write_workbook(frame, out / "data/electricity.xlsx")
    elif layout == "long":
        long = frame.melt(id_vars="timestamp", var_name="enterprise", value_name="quantity")
        long.insert(2, "carrier", "electricity")
        long.assign(unit="kWh").to_csv(out / "data/electricity_long.csv", index=False)
    elif layout == "exports":
        write_exports(frame, resolution, out / "data")
    elif layout == "files":
        for enterprise in frame.columns[1:]:
            frame[["timestamp", enterprise]].to_csv(out / f"data/{enterprise}.csv", index=False)
    else:
        frame.to_csv(out / "data/electricity.csv", index=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--enterprises", type=int, default=500)
    parser.add_argument("--batteries", type=int, default=20)
    parser.add_argument("--resolution", choices=tuple(STEPS), default="hourly")
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    parser.add_argument("--layout", choices=("wide", "long", "files", "exports"), default="wide")
    parser.add_argument("--seed", type=int, default=20260601)
    args = parser.parse_args()
    write_park(
        args.out,
        args.enterprises,
        args.batteries,
        args.resolution,
        args.seed,
        args.format,
        args.layout,
    )


if __name__ == "__main__":
    main()
