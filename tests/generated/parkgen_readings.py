"""What greenpark reads from a generated park's meter files, series by series.

The tests check the coverage rule (:mod:`greenpark.inputs.meters.coverage`) by hand against
these: every (enterprise, carrier, use) with its hourly readings and monthly bills in the
carrier's canonical unit, NaN where the files have none; a 15-min series becomes hourly, an
hour with a quarter missing being a gap (as :mod:`greenpark.inputs.meters.load` reads it).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from parkgen_meters import DataFile, clock

if TYPE_CHECKING:
    from parkgen import Plan

QUARTERS = 4


@dataclass(frozen=True)
class SeriesReadings:
    """One series as read: hourly readings (H,) and monthly bills (12,), None if no file
    gives that resolution; NaN = no reading."""

    hourly: np.ndarray | None
    monthly: np.ndarray | None

    @property
    def has_gaps(self) -> bool:
        """Some hour has neither a reading nor a bill for its month."""
        return bool(self.gap_hours().any())

    def gap_hours(self) -> np.ndarray:
        hours = self.hourly
        if hours is None:
            assert self.monthly is not None
            return np.isnan(self.monthly)
        return np.isnan(hours)


#: (enterprise, carrier, use) -> its readings
Readings = Mapping[tuple[str, str, str], SeriesReadings]


def _hourly(data_file: DataFile, values: np.ndarray) -> np.ndarray:
    if data_file.resolution == "15min":
        return values.reshape(-1, QUARTERS).sum(axis=1)  # NaN when a quarter is missing
    return values


def _merge(old: np.ndarray | None, new: np.ndarray) -> np.ndarray:
    return new.copy() if old is None else np.where(np.isnan(old), new, old)


def readings_of(files: Iterable[DataFile], year: int) -> dict[tuple[str, str, str], SeriesReadings]:
    """Every series of ``files`` as greenpark reads it (see the module docstring)."""
    hourly: dict[tuple[str, str, str], np.ndarray] = {}
    monthly: dict[tuple[str, str, str], np.ndarray] = {}
    for data_file in files:
        for series in data_file.series:
            key = (series.enterprise, series.carrier, series.use)
            values = series.read_back()
            if data_file.resolution == "monthly":
                monthly[key] = _merge(monthly.get(key), values)
            else:
                hourly[key] = _merge(hourly.get(key), _hourly(data_file, values))
    keys = dict.fromkeys([*hourly, *monthly])
    assert all(len(v) == len(clock(year).hours) for v in hourly.values())
    return {k: SeriesReadings(hourly.get(k), monthly.get(k)) for k in keys}


def metered_kwh(plan: Plan) -> np.ndarray:
    """Electricity use per enterprise (E,) [kWh] a certificate batch may safely claim: the
    least of the true use and the metered use the load-time over-claim rule sums (hourly
    readings plus bills, a gap counting nothing)."""
    found = readings_of(plan.files, plan.year)
    metered = np.zeros(len(plan.ids))
    for column, enterprise in enumerate(plan.ids):
        series = found.get((enterprise, "electricity", "fuel"))
        if series is None:
            continue
        for values in (series.hourly, series.monthly):
            if values is not None:
                metered[column] += np.nansum(values)
    return np.minimum(metered, plan.annual_kwh)


def drop_bills_below_meters(files: Iterable[DataFile], year: int) -> None:
    """Leave out a bill written below its month's metered readings (a bill in 万kWh rounds
    away a small gap): greenpark rightly refuses such a bill; the month is then imputed."""
    files = list(files)
    found = readings_of(files, year)
    month = clock(year).month
    for data_file in files:
        if data_file.resolution != "monthly":
            continue
        for series in data_file.series:
            hourly = found[(series.enterprise, series.carrier, series.use)].hourly
            if hourly is None:
                continue
            present = ~np.isnan(hourly)
            metered = np.bincount(month[present] - 1, hourly[present], minlength=12)
            low = (series.read_back() < metered * (1 + 1e-9) + 1e-6) & (metered > 0)
            series.values[low] = np.nan
