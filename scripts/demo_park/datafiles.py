"""The meter-data tables of the illustrative park, as DataFrames ready to write as CSV.

Layouts (read by ``greenpark.inputs.meters.load``):

- hourly wide: ``timestamp,E01,E02,…`` [kWh per hour], local clock, interval start;
- 15-minute long: ``timestamp,enterprise,carrier,quantity,unit``;
- monthly long: ``month,enterprise,carrier,quantity,unit`` (bills, fuels, heat, water, waste).
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

import numpy as np
import pandas as pd

from demo_park.firms import Firm
from demo_park.loads import Calendar, hourly_load_kwh, temperature_c

#: the deliberate meter gap: enterprise, first missing hour, number of missing hours
GAP: tuple[str, str, int] = ("E09", "2025-07-15 09:00", 4)
BILL_UNIT = "万kWh"
KWH_PER_BILL_UNIT = 1e4

#: share of space heating per month in the Jincheng heating season (15 Nov – 15 Mar)
HEATING_MONTHS = np.array([1.0, 0.9, 0.45, 0, 0, 0, 0, 0, 0, 0, 0.5, 0.95])
MONTHLY_NOISE = 0.04  # month-to-month scatter of fuel, water and waste quantities [fraction]
DECIMALS = {"t": 1}  # decimals kept per unit in monthly_energy.csv (others: whole numbers)


def stream(seed: int, label: str) -> np.random.Generator:
    """An independent, reproducible random stream per purpose (stable when firms are added)."""
    return np.random.default_rng([seed, zlib.crc32(label.encode("utf-8"))])


def electricity_kwh(firms: Sequence[Firm], cal: Calendar, seed: int) -> dict[str, np.ndarray]:
    """Hourly electricity of every enterprise [kWh], keyed by enterprise id."""
    temp_c = temperature_c(cal, stream(seed, "temperature"))
    return {
        firm.id: hourly_load_kwh(
            firm.profile, firm.season, firm.electricity_mwh * 1e3, cal, temp_c,
            stream(seed, f"load-{firm.id}"),
        )
        for firm in firms
    }  # fmt: skip


def _stamps(index: pd.DatetimeIndex) -> list[str]:
    return list(index.strftime("%Y-%m-%d %H:%M"))


def hourly_wide(loads: dict[str, np.ndarray], ids: Sequence[str], cal: Calendar) -> pd.DataFrame:
    """The wide hourly file, with the documented gap left empty."""
    frame = pd.DataFrame({firm_id: loads[firm_id] for firm_id in ids}, index=cal.index)
    gap_id, gap_start, gap_hours = GAP
    if gap_id in frame.columns:
        missing = pd.date_range(gap_start, periods=gap_hours, freq="h")
        frame.loc[frame.index.isin(missing), gap_id] = np.nan
    frame.insert(0, "timestamp", _stamps(cal.index))
    return frame.reset_index(drop=True)


def quarter_hour_long(
    firm_id: str, hourly: np.ndarray, cal: Calendar, rng: np.random.Generator
) -> pd.DataFrame:
    """15-minute readings whose four quarters sum to the hourly value [kWh]."""
    weights = np.clip(rng.normal(1.0, 0.04, (hourly.size, 4)), 0.5, 1.5)
    quarters = (hourly[:, None] * weights / weights.sum(axis=1, keepdims=True)).ravel()
    index = pd.date_range(cal.index[0], periods=quarters.size, freq="15min")
    return pd.DataFrame(
        {
            "timestamp": _stamps(index),
            "enterprise": firm_id,
            "carrier": "electricity",
            "quantity": quarters,
            "unit": "kWh",
        }
    )


def _month_sums(hourly: np.ndarray, cal: Calendar) -> np.ndarray:
    return np.bincount(cal.index.month - 1, weights=hourly, minlength=12)


def monthly_bills(loads: dict[str, np.ndarray], ids: Sequence[str], cal: Calendar) -> pd.DataFrame:
    """Monthly electricity bills in 万kWh for the enterprises metered monthly only."""
    rows = [
        (f"{cal.index[0].year}-{month:02d}", firm_id, "electricity", kwh / KWH_PER_BILL_UNIT)
        for firm_id in ids
        for month, kwh in enumerate(_month_sums(loads[firm_id], cal), start=1)
    ]
    frame = pd.DataFrame(rows, columns=["month", "enterprise", "carrier", "quantity"])
    frame["quantity"] = frame["quantity"].round(2)
    frame["unit"] = BILL_UNIT
    return frame


def _pattern(name: str, load_share: np.ndarray, days: np.ndarray) -> np.ndarray:
    heating = HEATING_MONTHS / HEATING_MONTHS.sum()
    patterns: dict[str, np.ndarray] = {
        "load": load_share,
        "flat": days / days.sum(),
        "heating": heating,
        "mixed_heating": 0.5 * load_share + 0.5 * heating,
    }
    return patterns[name]


def _monthly_quantities(
    annual: float, share: np.ndarray, decimals: int, rng: np.random.Generator
) -> np.ndarray:
    """Monthly split of ``annual`` that, after rounding, still sums to ``annual`` exactly."""
    noisy = share * np.clip(rng.normal(1.0, MONTHLY_NOISE, 12), 0.8, 1.2)
    months: np.ndarray = np.round(annual * noisy / noisy.sum(), decimals)
    months[np.argmax(months)] += round(annual - months.sum(), decimals)
    return months


def monthly_energy(
    firms: Sequence[Firm], loads: dict[str, np.ndarray], cal: Calendar, seed: int
) -> pd.DataFrame:
    """Monthly fuels, heat, process emissions, water and waste of every enterprise."""
    year = cal.index[0].year
    days = np.bincount(cal.index.month - 1, minlength=12) / 24
    rows = []
    for firm in firms:
        load = _month_sums(loads[firm.id], cal)
        rng = stream(seed, f"monthly-{firm.id}")
        for carrier, annual, unit, pattern in firm.monthly:
            share = _pattern(pattern, load / load.sum(), days)
            quantities = _monthly_quantities(annual, share, DECIMALS.get(unit, 0), rng)
            rows += [
                (f"{year}-{month:02d}", firm.id, carrier, quantity, unit)
                for month, quantity in enumerate(quantities, start=1)
            ]  # a month without use is a measured zero, not a gap: keep its row
    return pd.DataFrame(rows, columns=["month", "enterprise", "carrier", "quantity", "unit"])
