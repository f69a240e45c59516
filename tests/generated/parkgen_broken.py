"""Broken variants of generated parks: one mistake each, which ``greenpark check`` must name.

Each kind changes a generated park (before it is written) and returns the texts the check's
report must contain: the file and the field (or the enterprise, batch or id at fault).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
from parkgen_meters import DataFile, FileStyle, Series, clock, monthly_totals

if TYPE_CHECKING:
    from parkgen import Plan

UNKNOWN_FACTOR = "grid.province.shanxi.2099"


def _electricity(plan: Plan, resolution: str) -> list[tuple[DataFile, Series]]:
    return [
        (f, s)
        for f in plan.files
        for s in f.series
        if s.carrier == "electricity" and f.resolution == resolution
    ]


def _drop_electricity(plan: Plan, enterprise: str) -> None:
    for f in plan.files:
        f.series[:] = [
            s for s in f.series if not (s.carrier == "electricity" and s.enterprise == enterprise)
        ]


def _file(plan: Plan, name: str, layout: str, resolution: str) -> DataFile:
    for f in plan.files:
        if f.name == name:
            return f
    found = DataFile(name, layout, resolution, [], FileStyle(drop_gap_rows=True))
    plan.files.append(found)
    return found


def missing_bill(plan: Plan) -> tuple[str, ...]:
    """An enterprise with monthly bills only has no bill for one month."""
    complete = [(f, s) for f, s in _electricity(plan, "monthly") if not np.isnan(s.values).any()]
    if complete:
        data_file, series = complete[0]
    else:
        enterprise = plan.ids[0]
        _drop_electricity(plan, enterprise)
        totals = monthly_totals(plan.load_kwh[:, 0], plan.year)
        series = Series(enterprise, "electricity", totals, "kWh")
        data_file = _file(plan, "data/electricity_bills.csv", "long", "monthly")
        data_file.series.append(series)
    series.values[int(plan.rng.integers(12))] = np.nan
    return (data_file.name, series.enterprise)


def partial_hourly_no_bills(plan: Plan) -> tuple[str, ...]:
    """Hourly electricity of January-June only, and no bills for the other months."""
    billed = {s.enterprise for _, s in _electricity(plan, "monthly")}
    hourly = [(f, s) for f, s in _electricity(plan, "hourly") if s.enterprise not in billed]
    if hourly:
        data_file, series = hourly[0]
    else:
        enterprise = plan.ids[0]
        _drop_electricity(plan, enterprise)
        series = Series(enterprise, "electricity", plan.load_kwh[:, 0].copy(), "kWh")
        data_file = _file(plan, "data/electricity_part_year.csv", "long", "hourly")
        data_file.series.append(series)
    series.values[clock(plan.year).month > 6] = np.nan
    return (data_file.name, series.enterprise)


def over_claimed_certificate(plan: Plan) -> tuple[str, ...]:
    """A batch of more certificates than its holder uses electricity."""
    column = int(np.argmax(plan.annual_kwh))
    plan.section("certificates").append(
        {
            "id": "GEC-OVER",
            "quantity_mwh": math.ceil(plan.annual_kwh[column] / 1e3 * 2) + 10,
            "production_start": f"{plan.year}-01",
            "production_end": f"{plan.year}-03",
            "technology": "wind",
            "project": "示意风电项目（超额）",
            "holder": plan.ids[column],
            "claim_year": plan.year,
        }
    )
    return ("park.yaml", "GEC-OVER")


def unknown_override(plan: Plan) -> tuple[str, ...]:
    """An override of a factor id the tables do not have."""
    plan.section("overrides").append(
        {"factor_id": UNKNOWN_FACTOR, "value": 0.5, "unit": "kgCO2/kWh", "source": "生成测试"}
    )
    return ("park.yaml", "overrides", UNKNOWN_FACTOR)


def _first_roof(plan: Plan) -> dict[str, object]:
    roofs = plan.section("rooftops")
    if not roofs:
        roofs.append(
            {"id": "R-X", "owner": plan.ids[0], "area_m2": 1000, "tilt_deg": 10, "azimuth_deg": 180}
        )
    return roofs[0]


def negative_capacity(plan: Plan) -> tuple[str, ...]:
    """A roof with a negative installed capacity."""
    _first_roof(plan).update(capacity_kw=-100, commissioning_year=plan.year - 1)
    return ("park.yaml", "rooftops[", "capacity_kw")


def unknown_owner(plan: Plan) -> tuple[str, ...]:
    """A roof owned by no enterprise of the park."""
    _first_roof(plan)["owner"] = "NOBODY"
    return ("park.yaml", "rooftops[", "owner", "NOBODY")


def _first_storage(plan: Plan) -> dict[str, object]:
    units = plan.section("storage")
    if not units:
        units.append(
            {
                "id": "ESS-X",
                "owner": plan.ids[0],
                "energy_kwh": 2000,
                "power_kw": 1000,
                "round_trip_efficiency": 0.9,
            }
        )
    return units[0]


def tou_without_tariff(plan: Plan) -> tuple[str, ...]:
    """A battery dispatched on time-of-use prices in a park without a tariff."""
    plan.config.pop("tariff", None)
    _first_storage(plan)["dispatch"] = "tou_arbitrage"
    return ("park.yaml", "storage[", "tariff")


def soc_outside_window(plan: Plan) -> tuple[str, ...]:
    """A battery whose (default 0.5) initial charge lies below its minimum."""
    unit = _first_storage(plan)
    unit.pop("initial_soc_fraction", None)
    unit.update(min_soc_fraction=0.6, max_soc_fraction=0.9)
    return ("park.yaml", "storage[", "initial_soc_fraction")


def fuel_without_factors(plan: Plan) -> tuple[str, ...]:
    """A fuel (raw coal) that the factor tables have no emission parameters for."""
    data_file = _file(plan, "data/energy_monthly.csv", "long", "monthly")
    data_file.series.append(Series(plan.ids[0], "coal_raw", np.full(12, 5e4), "t"))
    return (data_file.name, "coal_raw")


BROKEN_KINDS: dict[str, Callable[[Plan], tuple[str, ...]]] = {
    "missing_bill": missing_bill,
    "over_claimed_certificate": over_claimed_certificate,
    "unknown_override": unknown_override,
    "partial_hourly_no_bills": partial_hourly_no_bills,
    "negative_capacity": negative_capacity,
    "unknown_owner": unknown_owner,
    "tou_without_tariff": tou_without_tariff,
    "soc_outside_window": soc_outside_window,
    "fuel_without_factors": fuel_without_factors,
}


def break_park(plan: Plan, kind: str) -> None:
    """Apply the mistake ``kind`` to ``plan``; remember what check must name."""
    plan.flag(f"broken_{kind}")
    plan.expected = BROKEN_KINDS[kind](plan)
