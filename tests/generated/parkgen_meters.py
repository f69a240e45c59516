"""Meter data of generated parks: hourly load shapes and the files users send.

Layouts and resolutions follow :mod:`greenpark.inputs.meters.load`: long or wide; hourly, 15-min
or monthly; CSV (with or without the BOM Excel writes) or ``.xlsx``; gaps as empty cells or
missing rows. Values are given in the carrier's canonical unit (kWh, kg, m³, GJ) and written
in the unit a :class:`Series` names. Everything is vectorised: a 60-enterprise hourly file is
written with pyarrow's CSV writer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

#: factor from a written unit to the carrier's canonical unit (kWh, kg, m³, GJ)
UNIT_SCALE = {
    "kWh": 1.0,
    "MWh": 1e3,
    "万kWh": 1e4,
    "t": 1e3,
    "吨": 1e3,
    "kg": 1.0,
    "Nm3": 1.0,
    "m³": 1.0,
    "万Nm3": 1e4,
    "GJ": 1.0,
    "MJ": 1e-3,
}
#: clock-hour level by load profile (index = hour of day), then the weekend level
_DAY = np.array([0.15] * 8 + [1.0] * 10 + [0.15] * 6)
_TWO_SHIFT = np.array([0.3] * 6 + [1.0] * 16 + [0.3] * 2)
SHAPES = {
    "continuous_process": (np.ones(24), 1.0),
    "data_centre": (np.ones(24), 1.0),
    "three_shift": (np.ones(24), 0.85),
    "two_shift": (_TWO_SHIFT, 0.5),
    "one_shift": (_DAY, 0.2),
    "office": (_DAY, 0.15),
}


@dataclass(frozen=True)
class Clock:
    """The hours of an accounting year (local clock, naive) and their texts."""

    hours: pd.DatetimeIndex
    starts: np.ndarray  # "YYYY-MM-DD HH:MM" of each interval start
    ends: np.ndarray  # ... of each interval end (interval_end marks)
    month: np.ndarray  # 1-12 per hour
    hour: np.ndarray  # 0-23 per hour
    weekend: np.ndarray  # Saturday or Sunday, per hour
    months: tuple[str, ...]  # "YYYY-MM" x 12


@cache
def clock(year: int) -> Clock:
    hours = pd.date_range(f"{year}-01-01", f"{year + 1}-01-01", freq="h", inclusive="left")
    fmt = "%Y-%m-%d %H:%M"
    return Clock(
        hours,
        np.asarray(hours.strftime(fmt), dtype=object),
        np.asarray((hours + pd.Timedelta(hours=1)).strftime(fmt), dtype=object),
        np.asarray(hours.month),
        np.asarray(hours.hour),
        np.asarray(hours.day_of_week) >= 5,
        tuple(f"{year}-{m:02d}" for m in range(1, 13)),
    )


@cache
def quarter_texts(year: int, interval_end: bool) -> np.ndarray:
    start = pd.Timestamp(f"{year}-01-01") + pd.Timedelta(minutes=15 if interval_end else 0)
    quarters = pd.date_range(start, periods=len(clock(year).hours) * 4, freq="15min")
    return np.asarray(quarters.strftime("%Y-%m-%d %H:%M"), dtype=object)


def hourly_loads(
    rng: np.random.Generator, profiles: Sequence[str], annual_kwh: np.ndarray, year: int
) -> np.ndarray:
    """(H, E) hourly use [kWh] that sums to ``annual_kwh`` per enterprise, by profile."""
    c = clock(year)
    day = np.stack([SHAPES[p][0] for p in profiles])  # (E, 24)
    weekend = np.array([SHAPES[p][1] for p in profiles])
    season = 1.0 + 0.15 * np.cos(2 * np.pi * (c.month - 1) / 12)[:, None]
    shape = day[:, c.hour].T * np.where(c.weekend[:, None], weekend, 1.0) * season
    shape = shape * np.exp(0.08 * rng.standard_normal(shape.shape))
    scale = np.divide(annual_kwh, shape.sum(axis=0))
    return shape * scale


def monthly_totals(hourly: np.ndarray, year: int) -> np.ndarray:
    """(12, ...) calendar-month sums of an (H, ...) array."""
    month = clock(year).month
    return np.stack([hourly[month == m].sum(axis=0) for m in range(1, 13)])


def gap_mask(rng: np.random.Generator, n_hours: int, month: np.ndarray) -> np.ndarray:
    """1-3 runs of 1-72 missing hours, each inside one month and never a whole month."""
    mask = np.zeros(n_hours, dtype=bool)
    for _ in range(int(rng.integers(1, 4))):
        start = int(rng.integers(0, n_hours - 80))
        length = int(rng.integers(1, 73))
        stop = start + length
        mask[start:stop] = month[start:stop] == month[start]
    return mask


@dataclass(frozen=True)
class Series:
    """One enterprise's readings of one carrier: (H,), (4H,) or (12,) values in the
    canonical unit, NaN where a cell is left empty, written in ``unit``."""

    enterprise: str
    carrier: str
    values: np.ndarray
    unit: str
    use: str = "fuel"  # or feedstock (原料用能)

    def written(self) -> np.ndarray:
        return np.round(self.values / UNIT_SCALE[self.unit], 4)

    def read_back(self) -> np.ndarray:
        """The values greenpark reads from the file, in the canonical unit (NaN = gap)."""
        return self.written() * UNIT_SCALE[self.unit]


@dataclass(frozen=True)
class FileStyle:
    """How a file is written: ``.xlsx`` or CSV, with a BOM, timestamps marking interval ends,
    the carrier written by its Chinese name, gaps as missing rows instead of empty cells."""

    excel: bool = False
    bom: bool = False
    interval_end: bool = False
    chinese_carrier: bool = False
    drop_gap_rows: bool = False
    use: str = "fuel"  # the data: entry's use (a long file may also say it per row)


CHINESE = {"electricity": "电力", "natural_gas": "天然气", "heat_purchased": "外购热力"}
#: how a long file's optional use column says a row's use (blank: the entry's)
USE_WORDS = {"feedstock": ("feedstock", "原料"), "fuel": ("fuel", "燃料")}


def _periods(resolution: str, year: int, style: FileStyle) -> np.ndarray:
    if resolution == "monthly":
        return np.asarray(clock(year).months, dtype=object)
    if resolution == "15min":
        return quarter_texts(year, style.interval_end)
    c = clock(year)
    return c.ends if style.interval_end else c.starts


def _write(path: Path, columns: dict[str, np.ndarray], style: FileStyle) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if style.excel:
        pd.DataFrame(columns).to_excel(path, index=False, sheet_name="data")
        return
    arrays = [
        pa.array(v, mask=np.isnan(v)) if v.dtype.kind == "f" else pa.array(v, type=pa.string())
        for v in columns.values()
    ]
    header = ("\ufeff" if style.bom else "") + ",".join(columns) + "\n"
    with path.open("wb") as sink:
        sink.write(header.encode("utf-8"))
        options = pa_csv.WriteOptions(include_header=False, quoting_style="none")
        pa_csv.write_csv(pa.table(arrays, names=list(columns)), sink, options)


def _entry(path: str, layout: str, resolution: str, style: FileStyle) -> dict[str, object]:
    entry: dict[str, object] = {"file": path, "layout": layout, "resolution": resolution}
    if style.interval_end:
        entry["timestamp_marks"] = "interval_end"
    if style.excel:
        entry["sheet"] = "data"
    if style.use != "fuel":
        entry["use"] = style.use
    return entry


def write_wide(
    park_dir: Path,
    name: str,
    series: Sequence[Series],
    resolution: str,
    year: int,
    style: FileStyle,
) -> dict[str, object]:
    """A wide file (one column per enterprise, one carrier and unit); its ``data:`` entry."""
    first = "month" if resolution == "monthly" else "timestamp"
    columns = {first: _periods(resolution, year, style)}
    columns |= {s.enterprise: s.written() for s in series}
    _write(park_dir / name, columns, style)
    entry = _entry(name, "wide", resolution, style)
    carrier = series[0].carrier
    written = CHINESE.get(carrier, carrier) if style.chinese_carrier else carrier
    return entry | {"carrier": written, "unit": series[0].unit}


def write_long(
    park_dir: Path,
    name: str,
    series: Sequence[Series],
    resolution: str,
    year: int,
    style: FileStyle,
) -> dict[str, object]:
    """A long file (a row per reading, carrier and unit on every row); its ``data:`` entry."""
    periods = _periods(resolution, year, style)
    per_row = any(s.use != style.use for s in series)
    parts = []
    for s in series:
        values = s.written()
        keep = ~np.isnan(values) if style.drop_gap_rows else np.ones(len(values), dtype=bool)
        carrier = CHINESE.get(s.carrier, s.carrier) if style.chinese_carrier else s.carrier
        n = int(keep.sum())
        use = USE_WORDS[s.use][style.chinese_carrier] if s.use != style.use else ""
        parts.append(
            (periods[keep], np.full(n, s.enterprise, object), np.full(n, carrier, object),
             values[keep], np.full(n, s.unit, object), np.full(n, use, object))
        )  # fmt: skip
    names = ("month" if resolution == "monthly" else "timestamp", "enterprise", "carrier")
    stacked = [np.concatenate(column) for column in zip(*parts, strict=True)]
    columns = dict(zip((*names, "quantity", "unit", "use"), stacked, strict=True))
    if not per_row:
        del columns["use"]
    _write(park_dir / name, columns, style)
    return _entry(name, "long", resolution, style)


@dataclass
class DataFile:
    """One meter file of a park being generated: written when the park is."""

    name: str
    layout: str
    resolution: str
    series: list[Series]
    style: FileStyle = FileStyle()

    def write(self, park_dir: Path, year: int) -> dict[str, object]:
        writer = write_wide if self.layout == "wide" else write_long
        return writer(park_dir, self.name, self.series, self.resolution, year, self.style)


def write_profile(path: Path, weights: np.ndarray, year: int) -> None:
    """A contract delivery profile: ``timestamp,weight`` with one row per hour."""
    columns = {"timestamp": clock(year).starts, "weight": np.round(weights, 6)}
    _write(path, columns, FileStyle())
