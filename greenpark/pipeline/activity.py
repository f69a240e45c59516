"""Activity data of the accounting year as arrays in enterprise order.

Electricity becomes a complete hourly matrix: metered hours as measured, monthly bills and
meter gaps spread by the enterprise's load shape (every such hour flagged as modelled).
Other carriers become annual totals per enterprise, completed the same way with time as the
shape (:mod:`greenpark.core.coverage`): a month without data is never counted as zero. The
load-time rules (:mod:`greenpark.inputs.meters.coverage`) have already refused, naming files,
every series these steps could not complete; the errors raised here are a safety net.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from greenpark.core.coverage import Completed, completed_hourly
from greenpark.core.load_profiles import (
    FilledLoad,
    china_holidays,
    china_makeup_workdays,
    fill_hourly_load_kwh,
)
from greenpark.inputs.meters.load import MeterData
from greenpark.inputs.park.schema import ParkConfig
from greenpark.pipeline.planned_load import metered_ids, with_planned_load


@dataclass(frozen=True)
class Electricity:
    """Hourly electricity use (H,E) [kWh] with the source of every hour."""

    filled: FilledLoad


def _matrix(frame: pd.DataFrame | None, ids: list[str], index: pd.Index) -> np.ndarray:
    if frame is None:
        return np.full((len(index), len(ids)), np.nan)
    return frame.reindex(index=index, columns=ids).to_numpy(dtype=float)


def electricity_load(config: ParkConfig, meters: MeterData, hours: pd.DatetimeIndex) -> Electricity:
    """Complete hourly electricity use of every enterprise in the accounting year (an
    enterprise with a planned use: its planned year, :mod:`greenpark.pipeline.planned_load`)."""
    ids = metered_ids(config)
    year = config.park.accounting_year
    profiles = {e.id: e.load_profile for e in config.enterprises}
    filled = fill_hourly_load_kwh(
        _matrix(meters.hourly.get("electricity"), ids, hours),
        _matrix(meters.monthly.get("electricity"), ids, pd.RangeIndex(1, 13)),
        [profiles[e] for e in ids],
        hours,
        china_holidays(year),
        makeup_workdays=china_makeup_workdays(year),
        enterprise_ids=ids,
        estimate_missing_totals=True,
        extrapolate_missing_months=meters.allow_gaps,
    )
    return Electricity(with_planned_load(config, filled, hours))


def completed_carrier(
    meters: MeterData, carrier: str, use: str = "fuel"
) -> tuple[list[str], Completed]:
    """The enterprises with data for ``carrier`` (burnt, or used as ``feedstock``) and their
    completed hourly series.

    Time is the shape (every hour weighs 1); months without data are extrapolated only when
    the meter data allow gaps.
    """
    hourly, monthly = (found.get(carrier) for found in meters.frames(use))
    frames = [f for f in (hourly, monthly) if f is not None]
    ids = list(dict.fromkeys(str(e) for frame in frames for e in frame.columns))
    measured = _matrix(hourly, ids, meters.hours)
    completed = completed_hourly(
        measured,
        _matrix(monthly, ids, pd.RangeIndex(1, 13)),
        np.ones_like(measured),
        meters.hours.month.to_numpy(),
        extrapolate=meters.allow_gaps,
        names=[f"{e} {carrier}" for e in ids],
    )
    return ids, completed


def annual_activity(
    meters: MeterData, carrier: str, ids: list[str], use: str = "fuel"
) -> np.ndarray:
    """Annual total of ``carrier`` per enterprise in its canonical unit (E,).

    0 for an enterprise with no data for the carrier (it does not use it); otherwise its
    completed year: readings, bills, imputed and (with ``allow_gaps``) extrapolated months.
    ``use`` ``feedstock`` reads what was used as raw material (原料用能) instead.
    """
    found, completed = completed_carrier(meters, carrier, use)
    totals = pd.Series(completed.month_total.sum(axis=0), index=found, dtype=float)
    return totals.reindex(ids, fill_value=0.0).to_numpy(dtype=float)


#: resource carriers (water, solid waste, waste heat) -> their result column [canonical unit]
RESOURCE_COLUMNS = {
    "water_withdrawal": "water_withdrawal_m3",
    "water_reused": "water_reused_m3",
    "solid_waste_generated": "solid_waste_generated_kg",
    "solid_waste_utilised": "solid_waste_utilised_kg",
    "waste_heat_recoverable": "waste_heat_recoverable_gj",
    "waste_heat_used": "waste_heat_used_gj",
}


def resource_totals(meters: MeterData, ids: list[str]) -> pd.DataFrame:
    """Annual water, solid-waste and waste-heat totals per enterprise (a column per
    :data:`RESOURCE_COLUMNS`, canonical units); NaN where an enterprise has no data for the
    carrier (no data is not zero: an assessment shows it as 无数据)."""
    columns = {}
    for carrier, column in RESOURCE_COLUMNS.items():
        if not any(carrier in frames for frames in meters.frames("fuel")):
            columns[column] = pd.Series(np.nan, index=ids, dtype=float)
            continue
        found, completed = completed_carrier(meters, carrier)
        totals = pd.Series(completed.month_total.sum(axis=0), index=found, dtype=float)
        columns[column] = totals.reindex(ids)
    return pd.DataFrame(columns, index=pd.Index(ids, name="enterprise"))
