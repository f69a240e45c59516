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
    plan.config.pop("tariffs", None)
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


def fuel_month_missing(plan: Plan) -> tuple[str, ...]:
    """A monthly fuel series without one month (no bill, no --allow-gaps)."""
    data_file = _file(plan, "data/energy_monthly.csv", "long", "monthly")
    values = np.full(12, 3e4)
    values[int(plan.rng.integers(12))] = np.nan
    data_file.series.append(Series(plan.ids[0], "diesel", values, "kg"))
    return (data_file.name, plan.ids[0], "diesel")


def legacy_certificates_key(plan: Plan) -> tuple[str, ...]:
    """A roof using the retired ``certificates: sold`` key."""
    roof = _first_roof(plan)
    roof.pop("export_certificates", None)
    roof["certificates"] = "sold"
    return ("park.yaml", "rooftops[", "certificates", "gec_registered")


def export_without_registration(plan: Plan) -> tuple[str, ...]:
    """Export certificates of a roof that is not registered (it has none)."""
    roof = _first_roof(plan)
    roof.update(capacity_kw=50, commissioning_year=plan.year - 2, gec_registered=False)
    roof["export_certificates"] = "kept"
    roof.pop("commissioning_date", None)
    return ("park.yaml", "rooftops[", "export_certificates")


def hydro_without_facts(plan: Plan) -> tuple[str, ...]:
    """A hydro contract with bundled certificates but no commissioning date."""
    plan.section("contracts").append(
        {"id": "GPT-HYDRO", "buyer": plan.ids[0], "technology": "hydro", "annual_mwh": 1.0,
         "market_based": True}
    )  # fmt: skip
    return ("park.yaml", "contracts[", "commissioning_date")


def tariff_gap(plan: Plan) -> tuple[str, ...]:
    """Dated tariffs that leave January without a tariff."""
    plan.config.pop("tariff", None)
    plan.config["tariffs"] = [
        {"name": "晚生效电价", "source": "生成测试", "flat_price_cny_per_kwh": 0.5,
         "effective_from": f"{plan.year}-02-01"}
    ]  # fmt: skip
    return ("park.yaml", "tariffs", "effective_from", f"{plan.year}-01-01")


def _batch(plan: Plan, batch_id: str, **extra: object) -> dict[str, object]:
    batch: dict[str, object] = {
        "id": batch_id,
        "quantity_mwh": 1,
        "production_start": f"{plan.year}-01",
        "production_end": f"{plan.year}-02",
        "technology": "wind",
        "project": f"示意风电项目{batch_id}",
        "holder": plan.ids[0],
        "claim_year": plan.year,
    }
    plan.section("certificates").append(batch | extra)
    return batch


def serial_overlap(plan: Plan) -> tuple[str, ...]:
    """Two batches whose serial ranges overlap (a certificate claimed twice)."""
    first = "3" * 31
    _batch(plan, "GEC-S1", serial_ranges=[[first + "0", first + "5"]])
    _batch(plan, "GEC-S2", serial_ranges=[[first + "4", first + "9"]])
    return ("park.yaml", "certificates[", "serial_ranges", "GEC-S1")


def produced_after_claim_year(plan: Plan) -> tuple[str, ...]:
    """Certificates claimed for a year before they were produced."""
    _batch(
        plan,
        "GEC-LATE",
        production_start=f"{plan.year + 1}-01",
        production_end=f"{plan.year + 1}-02",
    )
    return ("park.yaml", "certificates[", "claim_year", "GEC-LATE")


def histogram_not_quantity(plan: Plan) -> tuple[str, ...]:
    """A production-month histogram that does not add up to the batch's quantity."""
    months = {f"{plan.year}-01": 1, f"{plan.year}-02": 1}
    _batch(plan, "GEC-HIST", production_months=months)
    return ("park.yaml", "certificates[", "production_months")


def channel_without_sharing(plan: Plan) -> tuple[str, ...]:
    """A sharing channel in a park that exports its surplus PV."""
    plan.info.update(surplus_pv="export", sharing_channel="direct_line")
    return ("park.yaml", "park", "sharing_channel")


def bill_below_metered(plan: Plan) -> tuple[str, ...]:
    """A bill smaller than the metered hours of its partly metered month."""
    c = clock(plan.year)
    values = plan.load_kwh[:, 0].copy() + 1.0
    values[(c.month == 3) & (c.hour == 3)] = np.nan
    _drop_electricity(plan, plan.ids[0])
    _file(plan, "data/electricity_part_year.csv", "long", "hourly").series.append(
        Series(plan.ids[0], "electricity", values, "kWh")
    )
    bills = np.full(12, np.nan)
    bills[2] = 0.5 * np.nansum(values[c.month == 3])
    bill_file = _file(plan, "data/electricity_gap_bills.csv", "long", "monthly")
    bill_file.series.append(Series(plan.ids[0], "electricity", bills, "kWh"))
    return (bill_file.name, "data/electricity_part_year.csv", plan.ids[0])


def feedstock_without_heating_value(plan: Plan) -> tuple[str, ...]:
    """Petroleum coke used as feedstock by an enterprise reporting under the old guides'
    vintage, which (like the GB/T 2589 table) has no heating value for it."""
    enterprise = plan.section("enterprises")[0]
    enterprise["fuel_factor_vintage"] = "ndrc_guide"
    if isinstance(enterprise.get("fuel_ncv"), dict):
        enterprise["fuel_ncv"].pop("petroleum_coke", None)  # type: ignore[union-attr]
    data_file = _file(plan, "data/feedstock_broken.csv", "long", "monthly")
    data_file.style = FileStyle(drop_gap_rows=True, use="feedstock")
    data_file.series.append(
        Series(plan.ids[0], "petroleum_coke", np.full(12, 4e4), "kg", "feedstock")
    )
    return (data_file.name, "petroleum_coke", "ncv.ndrc_guide")


def over_claim_billed_month(plan: Plan) -> tuple[str, ...]:
    """A batch between the enterprise's use and its use with a billed month's metered hours
    counted a second time (the bill already includes them)."""
    c = clock(plan.year)
    load = plan.load_kwh[:, 0] + 1.0
    values = np.where(c.month <= 6, load, np.nan)
    june_30 = (c.month == 6) & (np.asarray(c.hours.day) == 30)
    values[june_30] = np.nan
    bills = monthly_totals(load, plan.year)
    bills[:5] = np.nan  # January-May metered; June metered but a day, and billed; July on billed
    _drop_electricity(plan, plan.ids[0])
    _file(plan, "data/electricity_half_year.csv", "long", "hourly").series.append(
        Series(plan.ids[0], "electricity", values, "kWh")
    )
    _file(plan, "data/electricity_half_year_bills.csv", "long", "monthly").series.append(
        Series(plan.ids[0], "electricity", bills, "kWh")
    )
    june = np.nansum(values[c.month == 6])
    plan.section("certificates").append(
        {
            "id": "GEC-TWICE",
            "quantity_mwh": int((load.sum() + 0.5 * june) / 1e3),
            "production_start": f"{plan.year}-01",
            "production_end": f"{plan.year}-03",
            "technology": "wind",
            "project": "示意风电项目（重复计量）",
            "holder": plan.ids[0],
            "claim_year": plan.year,
        }
    )
    return ("park.yaml", "GEC-TWICE", "quantity_mwh")


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
    "fuel_month_missing": fuel_month_missing,
    "legacy_certificates_key": legacy_certificates_key,
    "export_without_registration": export_without_registration,
    "hydro_without_facts": hydro_without_facts,
    "tariff_gap": tariff_gap,
    "serial_overlap": serial_overlap,
    "produced_after_claim_year": produced_after_claim_year,
    "histogram_not_quantity": histogram_not_quantity,
    "channel_without_sharing": channel_without_sharing,
    "bill_below_metered": bill_below_metered,
    "feedstock_without_heating_value": feedstock_without_heating_value,
    "over_claim_billed_month": over_claim_billed_month,
}


def break_park(plan: Plan, kind: str) -> None:
    """Apply the mistake ``kind`` to ``plan``; remember what check must name."""
    plan.flag(f"broken_{kind}")
    plan.expected = BROKEN_KINDS[kind](plan)
