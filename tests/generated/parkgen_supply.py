"""Fuels, heat, process emissions and other carriers of generated parks.

Fuels are given monthly (a long file, CSV or ``.xlsx``) or, for natural gas, hourly (a wide
file); some series have empty cells (gaps). The park's drawn annual energy that electricity
does not take is shared between the fuel users.
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
#: kgce per GJ of heat, 当量值 (GB/T 2589-2020 附录A)
KGCE_PER_GJ = 34.12
GAS = ("natural_gas", "coke_oven_gas")
KGCE_PER_KWH = 0.1229


def _monthly(plan: Plan, enterprise: str, carrier: str, annual: float, unit: str) -> Series:
    values = annual / 12 * plan.rng.uniform(0.7, 1.3, 12)
    if plan.chance(0.08, "fuel_gap") and carrier in KGCE_PER_UNIT:
        values[int(plan.rng.integers(12))] = np.nan
        plan.fuel_gaps.append((enterprise, carrier))
    return Series(enterprise, carrier, values, unit)


def _hourly_gas(plan: Plan, enterprise: str, annual: float) -> Series:
    n = len(clock(plan.year).hours)
    values = annual / n * plan.rng.uniform(0.5, 1.5, n)
    if plan.chance(0.2, "fuel_gap"):
        values[gap_mask(plan.rng, n, clock(plan.year).month)] = np.nan
        plan.fuel_gaps.append((enterprise, "natural_gas"))
    return Series(enterprise, "natural_gas", values, "Nm3")


def _fuel_series(
    plan: Plan, users: list[str], fuel_kgce: float
) -> tuple[list[Series], list[Series]]:
    rng = plan.rng
    monthly: list[Series] = []
    hourly: list[Series] = []
    for enterprise, share in zip(users, rng.dirichlet(np.ones(len(users))), strict=True):
        fuels = rng.choice(list(KGCE_PER_UNIT), size=int(rng.integers(1, 3)), replace=False)
        for fuel in map(str, fuels):
            plan.flag(f"fuel_{fuel}")
            annual = fuel_kgce * share / len(fuels) / KGCE_PER_UNIT[fuel]
            if fuel == "natural_gas" and plan.chance(0.25, "fuel_hourly"):
                hourly.append(_hourly_gas(plan, enterprise, annual))
                continue
            units = ("Nm3", "万Nm3", "m³") if fuel in GAS else ("t", "吨", "kg")
            unit = str(rng.choice(units))
            monthly.append(_monthly(plan, enterprise, fuel, annual, unit))
    return monthly, hourly


def _other_carriers(plan: Plan, users: list[str], heat_gj: float) -> list[Series]:
    """Heat bought and sold, steam, process CO2/CO2e, exported electricity, water."""
    rng, found = plan.rng, []
    pick = list(map(str, rng.choice(users, size=min(len(users), 3), replace=False)))
    for enterprise in pick:
        if plan.chance(0.5, "heat_purchased"):
            found.append(_monthly(plan, enterprise, "heat_purchased", heat_gj / len(pick), "GJ"))
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
    return found


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
    monthly += _other_carriers(plan, users, max(heat_gj, 1.0))
    if monthly:
        excel = plan.chance(0.3, "xlsx_monthly")
        style = FileStyle(
            excel=excel,
            chinese_carrier=plan.chance(0.3, "chinese_carrier"),
            drop_gap_rows=plan.chance(0.5, "gap_rows_dropped"),
        )
        name = "data/energy_monthly" + (".xlsx" if excel else ".csv")
        plan.files.append(DataFile(name, "long", "monthly", monthly, style))
    if hourly:
        plan.files.append(DataFile("data/gas_hourly.csv", "wide", "hourly", hourly))
