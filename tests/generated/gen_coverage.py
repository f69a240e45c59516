"""The coverage rule checked by hand (README "Data coverage"; ``greenpark.inputs.meters.coverage``):
a gap is never counted as zero.

For every series the generator wrote (:mod:`parkgen_readings`), month by month: fully metered
→ the metered sum; a bill and missing hours → the bill; some hours and no bill → the month at
the level of its own metered hours (time-weighted for carriers other than electricity:
metered sum × hours of the month ÷ metered hours); neither → with ``allow_gaps`` the known
months' total × hours of the month ÷ hours of the known months, otherwise the park must have
been refused at check. The run's completed year (``coverage.csv`` ``total``; for fuels also the
run's activity, for process CO2 ``annual.csv``) must be that total, and never below what was
metered. Electricity is shaped by load profiles: its measured and billed months are checked
exactly (from ``hourly.parquet``), its imputed and extrapolated months only against their
metered hours.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from gen_files import RunFiles, close, examples
from parkgen_meters import clock
from parkgen_readings import SeriesReadings

MEASURED, BILLED, IMPUTED, EXTRAPOLATED, MISSING = range(5)


def month_sources(
    series: SeriesReadings, year: int, allow_gaps: bool
) -> tuple[np.ndarray, np.ndarray]:
    """(source code, completed total) of each month, by hand; NaN total where missing."""
    c = clock(year)
    hours = np.bincount(c.month - 1, minlength=12).astype(float)
    readings = series.hourly if series.hourly is not None else np.full(len(c.hours), np.nan)
    present = ~np.isnan(readings)
    metered_hours = np.bincount(c.month[present] - 1, minlength=12)
    metered = np.bincount(c.month[present] - 1, readings[present], minlength=12)
    bills = series.monthly if series.monthly is not None else np.full(12, np.nan)
    source = np.full(12, MISSING)
    source[metered_hours > 0] = IMPUTED
    source[~np.isnan(bills)] = BILLED
    source[metered_hours >= hours] = MEASURED
    total = np.select(
        [source == MEASURED, source == BILLED, source == IMPUTED],
        [metered, np.nan_to_num(bills), metered * hours / np.maximum(metered_hours, 1)],
        np.nan,
    )
    known = source != MISSING
    if allow_gaps and known.any():
        level = total[known].sum() / hours[known].sum()
        total = np.where(known, total, level * hours)
        source = np.where(known, source, EXTRAPOLATED)
    return source, total


def _coverage_totals(run: RunFiles) -> pd.Series:
    frame = run.text("coverage.csv")
    index = pd.MultiIndex.from_frame(frame[["enterprise", "carrier", "use"]])
    return pd.Series(pd.to_numeric(frame["total"]).to_numpy(), index=index)


def _electricity(
    run: RunFiles, key: tuple[str, str, str], source: np.ndarray, total: np.ndarray
) -> list[str]:
    """Measured and billed months exactly; the others at least their metered hours."""
    h = run.hourly
    load = h.loc[h.enterprise == key[0]]
    months = (
        load.groupby(load.interval_start.dt.month)["load_kwh"]
        .sum()
        .reindex(range(1, 13), fill_value=0.0)
    )
    series = run.park.readings[key]
    found = []
    for m in range(12):
        run_total, hand = float(months.iloc[m]), total[m]
        if source[m] in (MEASURED, BILLED) and not close(run_total, hand, hand, 1e-6):
            found.append(f"{key[0]} month {m + 1}: {run_total:.9g} kWh, rule {hand:.9g}")
        metered = (
            np.nansum(series.hourly[clock(run.park.year).month == m + 1])
            if series.hourly is not None
            else 0.0
        )
        if run_total < metered * (1 - 1e-9) - 1e-6:
            found.append(f"{key[0]} month {m + 1}: {run_total:.9g} kWh < metered {metered:.9g}")
    return found


def fuel_gaps_not_counted_as_zero(run: RunFiles) -> list[str]:
    """Every series completed by the coverage rule, never below its readings."""
    totals, year, gaps = _coverage_totals(run), run.park.year, run.park.allow_gaps
    found, missing = [], []
    for key, series in run.park.readings.items():
        source, total = month_sources(series, year, gaps)
        if (source == MISSING).any():
            missing.append(
                f"{key[0]} {key[1]} months {list(np.flatnonzero(source == MISSING) + 1)}"
            )
            continue
        if key[1] == "electricity":
            found += _electricity(run, key, source, total)
            continue
        read = np.nansum(series.hourly) if series.hourly is not None else 0.0
        read += (
            np.nansum(series.monthly)
            if series.hourly is None and series.monthly is not None
            else 0.0
        )
        hand = float(total.sum())
        if key not in totals.index:
            found.append(f"{' '.join(key)}: not in coverage.csv")
        elif not close(float(totals[key]), hand, hand, 1e-6):
            found.append(f"{' '.join(key)}: coverage.csv {float(totals[key]):.9g}, rule {hand:.9g}")
        if hand < read * (1 - 1e-9) - 1e-6:
            found.append(f"{' '.join(key)}: completed {hand:.9g} < metered {read:.9g}")
    return (
        examples("missing months run without allow_gaps", missing)
        + examples("completed year != the coverage rule", found)
        + _process_co2(run)
    )


def _process_co2(run: RunFiles) -> list[str]:
    """annual.csv's process CO2 is the completed process_co2 series."""
    found = []
    for e in run.enterprises.index:
        series = run.park.readings.get((e, "process_co2", "fuel"))
        hand = (
            0.0
            if series is None
            else float(month_sources(series, run.park.year, run.park.allow_gaps)[1].sum())
        )
        written = float(run.enterprises.loc[e, "process_co2_kg"])
        if not close(written, hand, hand, 1e-6):
            found.append(f"{e} process_co2_kg {written:.9g}, rule {hand:.9g}")
    return examples("annual.csv process CO2 != the coverage rule", found)
