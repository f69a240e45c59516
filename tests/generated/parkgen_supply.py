"""Fuels, heat, process emissions and other carriers of generated parks.

Fuels are given monthly (a long file, CSV or ``.xlsx``) or, for natural gas and purchased
heat, hourly (a wide file) with gaps within months (imputed, or completed by that month's
bill) and whole months a meter missed, billed in the monthly file. Some fuel is used as
feedstock (its own ``data:`` entry with ``use: feedstock``, or a ``use`` column). Some
enterprises give measured heating values (``fuel_ncv``). In an ``allow_gaps`` park some series
miss whole months without a bill (extrapolated). The park's drawn annual energy that
electricity does not take is shared between the fuel users.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from parkgen_meters import DataFile, FileStyle, Series, clock, gap_mask

if TYPE_CHECKING:
    from parkgen import Plan

#: rough kgce per kg or m³ (GB/T 2589-2020 附录A reference coefficients); sizes fuels only
KGCE_PER_UNIT = {
    "natural_gas": 1.2143,
    "coal_anthracite": 0.9428,
    "coal_bituminous": 0.7143,
    "coke": 0.9714,
    "diesel": 1.4571,
    "lpg": 1.7143,
    "fuel_oil": 1.4286,
    "gasoline": 1.4714,
    "lng": 1.7572,
    "coke_oven_gas": 0.5929,
}
#: net calorific values of fuels.csv (``fuel.<fuel>.ncv.gbt32151``, GB/T 32151.22-2024 表C.1)
#: [MJ per kg or m³]; a measured value is drawn within ±5 % of it
NCV_MJ = {
    "natural_gas": 38.931,
    "coal_anthracite": 26.7,
    "coal_bituminous": 19.57,
    "coke": 28.435,
    "diesel": 42.652,
    "lpg": 50.179,
    "fuel_oil": 41.816,
    "gasoline": 43.07,
    "lng": 51.498,
    "coke_oven_gas": 17.981,
}
#: kgce per GJ of heat, 当量值 (GB/T 2589-2020 附录A)
KGCE_PER_GJ = 34.12
#: kgce per kWh, electricity 当量值 (GB/T 2589-2020 附录A)
KGCE_PER_KWH = 0.1229
GAS = ("natural_gas", "coke_oven_gas")
HOURLY = {"natural_gas": "Nm3", "heat_purchased": "GJ"}
FEEDSTOCK = ("natural_gas", "coal_bituminous", "coke")


def _monthly(plan: Plan, enterprise: str, carrier: str, annual: float, unit: str) -> Series:
    values = annual / 12 * plan.rng.uniform(0.7, 1.3, 12)
    if plan.allow_gaps and carrier in KGCE_PER_UNIT and plan.chance(0.3):
        values[plan.missing_months("fuel_months_missing") - 1] = np.nan
    return Series(enterprise, carrier, values, unit)


def _hourly(
    plan: Plan, enterprise: str, carrier: str, annual: float
) -> tuple[Series, Series | None]:
    """Hourly readings with gaps; bills for the months a meter missed and for some months
    with gaps (the rest imputed); in an allow_gaps park sometimes months with neither."""
    c = clock(plan.year)
    values = annual / len(c.hours) * plan.rng.uniform(0.5, 1.5, len(c.hours))
    truth = np.array([values[c.month == m].sum() for m in range(1, 13)])
    bills = np.full(12, np.nan)
    if plan.chance(0.4, "fuel_gap"):
        values[gap_mask(plan.rng, len(values), c.month)] = np.nan
        gappy = np.unique(c.month[np.isnan(values)])
        billed = gappy[plan.rng.random(len(gappy)) < 0.5]
        bills[billed - 1] = truth[billed - 1]
        plan.flag("fuel_gap_billed", bool(len(billed)))
        plan.flag("fuel_gap_imputed", len(billed) < len(gappy))
    if plan.chance(0.3, "fuel_meter_months_billed"):
        months = plan.rng.choice(np.arange(1, 13), size=int(plan.rng.integers(1, 5)), replace=False)
        values[np.isin(c.month, months)] = np.nan
        bills[months - 1] = truth[months - 1]
    if plan.allow_gaps and plan.chance(0.3):
        months = plan.missing_months("fuel_months_missing")
        values[np.isin(c.month, months)] = np.nan
        bills[months - 1] = np.nan
    unit = HOURLY[carrier]
    hourly = Series(enterprise, carrier, values, unit)
    return hourly, (Series(enterprise, carrier, bills, unit) if (~np.isnan(bills)).any() else None)


def _ncv(plan: Plan, enterprise: dict[str, object], fuel: str) -> None:
    """A measured heating value within ±5 % of the table's, in a unit users write."""
    if not plan.chance(0.2, "fuel_ncv"):
        return
    mj = NCV_MJ[fuel] * float(plan.rng.uniform(0.95, 1.05))
    unit, value = (
        ("MJ/Nm3", mj)
        if fuel in GAS
        else (("GJ/t", mj) if plan.chance(0.5) else ("kJ/kg", mj * 1e3))
    )
    values = enterprise.setdefault("fuel_ncv", {})
    assert isinstance(values, dict)
    key = "天然气" if fuel == "natural_gas" and plan.chance(0.3) else fuel
    values[key] = {
        "value": round(value, 3),
        "unit": unit,
        "source": "2025 年燃料化验报告（生成测试用）",
    }


def _fuel_series(
    plan: Plan, users: list[str], fuel_kgce: float
) -> tuple[list[Series], list[Series]]:
    rng = plan.rng
    monthly: list[Series] = []
    hourly: list[Series] = []
    enterprises = {e["id"]: e for e in plan.section("enterprises")}
    for enterprise, share in zip(users, rng.dirichlet(np.ones(len(users))), strict=True):
        fuels = rng.choice(list(KGCE_PER_UNIT), size=int(rng.integers(1, 3)), replace=False)
        for fuel in map(str, fuels):
            plan.flag(f"fuel_{fuel}")
            _ncv(plan, enterprises[enterprise], fuel)
            annual = fuel_kgce * share / len(fuels) / KGCE_PER_UNIT[fuel]
            if fuel == "natural_gas" and plan.chance(0.3, "fuel_hourly"):
                series, bills = _hourly(plan, enterprise, fuel, annual)
                hourly.append(series)
                monthly += [bills] if bills is not None else []
                continue
            units = ("Nm3", "万Nm3", "m³") if fuel in GAS else ("t", "吨", "kg")
            monthly.append(_monthly(plan, enterprise, fuel, annual, str(rng.choice(units))))
    return monthly, hourly


def _feedstock(plan: Plan, users: list[str], fuel_kgce: float) -> list[Series]:
    """Fuel some enterprises use as raw material (原料用能)."""
    if not plan.chance(0.2, "feedstock"):
        return []
    found = []
    for enterprise in users[: int(plan.rng.integers(1, 3))]:
        fuel = str(plan.rng.choice(FEEDSTOCK))
        annual = fuel_kgce * float(plan.rng.uniform(0.05, 0.3)) / KGCE_PER_UNIT[fuel]
        series = _monthly(plan, enterprise, fuel, annual, "Nm3" if fuel in GAS else "t")
        found.append(Series(series.enterprise, fuel, series.values, series.unit, "feedstock"))
    return found


def _other_carriers(
    plan: Plan, users: list[str], heat_gj: float
) -> tuple[list[Series], list[Series]]:
    """Heat bought (monthly or hourly) and sold, steam, process CO2/CO2e, exported
    electricity, water."""
    rng, found, hourly = plan.rng, [], []
    pick = list(map(str, rng.choice(users, size=min(len(users), 3), replace=False)))
    for enterprise in pick:
        if plan.chance(0.5, "heat_purchased"):
            if plan.chance(0.3, "heat_hourly"):
                series, bills = _hourly(plan, enterprise, "heat_purchased", heat_gj / len(pick))
                hourly.append(series)
                found += [bills] if bills is not None else []
            else:
                found.append(
                    _monthly(plan, enterprise, "heat_purchased", heat_gj / len(pick), "GJ")
                )
        if plan.chance(0.15, "steam_purchased"):
            found.append(_monthly(plan, enterprise, "steam_purchased", heat_gj / 10, "MJ"))
        if plan.chance(0.1, "heat_exported"):
            found.append(_monthly(plan, enterprise, "heat_exported", heat_gj / 20, "GJ"))
        if plan.chance(0.2, "process_co2"):
            found.append(_monthly(plan, enterprise, "process_co2", heat_gj * 10, "t"))
        if plan.chance(0.05, "process_co2e"):
            found.append(_monthly(plan, enterprise, "process_co2e", heat_gj, "kg"))
        if plan.chance(0.05, "electricity_exported"):
            found.append(_monthly(plan, enterprise, "electricity_exported", heat_gj, "kWh"))
        if plan.chance(0.2, "water"):
            found.append(_monthly(plan, enterprise, "water_withdrawal", heat_gj * 3, "m³"))
    return found, hourly


def _files(
    plan: Plan, monthly: list[Series], feedstock: list[Series], hourly: list[Series]
) -> None:
    """The monthly long file (with a use column when feedstock rows share it), a feedstock
    file of its own, and one wide hourly file per carrier."""
    if feedstock and plan.chance(0.5, "feedstock_own_file"):
        style = FileStyle(drop_gap_rows=True, use="feedstock")
        plan.files.append(
            DataFile("data/feedstock_monthly.csv", "long", "monthly", feedstock, style)
        )
    else:
        plan.flag("feedstock_use_column", bool(feedstock))
        monthly = monthly + feedstock
    if monthly:
        excel = plan.chance(0.08, "xlsx_monthly")
        style = FileStyle(
            excel=excel,
            chinese_carrier=plan.chance(0.3, "chinese_carrier"),
            drop_gap_rows=plan.chance(0.5, "gap_rows_dropped"),
        )
        name = "data/energy_monthly" + (".xlsx" if excel else ".csv")
        plan.files.append(DataFile(name, "long", "monthly", monthly, style))
    for carrier in HOURLY:
        series = [s for s in hourly if s.carrier == carrier]
        if series:
            plan.files.append(DataFile(f"data/{carrier}_hourly.csv", "wide", "hourly", series))


def add_fuels_and_heat(plan: Plan) -> None:
    """Fuel, heat and other files for the enterprises that use energy."""
    using = [e for e, kwh in zip(plan.ids, plan.annual_kwh, strict=True) if kwh > 0]
    users = [e for e in using if plan.rng.random() < 0.4]
    if not users:
        return
    electricity_kgce = float(plan.annual_kwh.sum()) * KGCE_PER_KWH
    rest_kgce = max(plan.target_tce * 1e3 - electricity_kgce, 0.0)
    heat_gj = rest_kgce * plan.rng.uniform(0.0, 0.2) / KGCE_PER_GJ
    monthly, hourly = _fuel_series(plan, users, rest_kgce - heat_gj * KGCE_PER_GJ)
    feedstock = _feedstock(plan, users, rest_kgce)
    others, hourly_heat = _other_carriers(plan, users, max(heat_gj, 1.0))
    _files(plan, monthly + others, feedstock, hourly + hourly_heat)
