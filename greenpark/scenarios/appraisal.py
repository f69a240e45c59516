"""What a change costs and saves: two runs (before, after) and the cost inputs -> money.

What is bought is read from the two configurations: added PV [kWp] and battery energy [kWh]
(capex and opex), the change in contracted green power [kWh] (the green premium) and in
unbundled certificates [MWh] (their price); for new ``adjustments`` the run's own effects:
energy saved a year by efficiency [MWh] and the electric capacity electrification adds [kW]
(capex). The fuel bill's fall (each fuel's change × its price) counts with the savings. The purchases are taken to recur every year of
the analysis period, as the accounting year does. Savings are the electricity bill's fall (of which the
basic charges' fall is also shown on its own) and the
change in exported PV's value. Every investment is made in year 0; no replacement, no
degradation and no price change over the period (stated in ``scenario_costs.csv``).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Protocol, cast

import pandas as pd

from greenpark.errors import InputError
from greenpark.i18n import text
from greenpark.inputs.park.schema import Contract, ParkConfig
from greenpark.run_result import RunResult
from greenpark.scenarios import economics as money
from greenpark.scenarios.bill import BASIC_COLUMNS, electricity_bill_cny
from greenpark.scenarios.costs import CostInputs

#: emissions bases of the abatement cost -> the park metrics whose sum is that basis
ABATEMENT_BASES: dict[str, tuple[str, ...]] = {
    "location": ("scope1_co2_kg", "scope2_location_co2_kg"),
    "market": ("scope1_co2_kg", "scope2_market_co2_kg"),
    "inventory": ("scope1_co2_kg", "scope2_inventory_co2_kg"),
    "park_910": ("park_910_total_co2_kg",),
}

Appraisal = dict[str, float | None]


def _added(before: Iterable[tuple[str, float]], after: Iterable[tuple[str, float]]) -> float:
    """Sum of increases per item id (a smaller or removed item adds nothing)."""
    old = dict(before)
    return sum(max(value - old.get(key, 0.0), 0.0) for key, value in after)


def _contract_kwh(contract: Contract) -> float:
    mwh = contract.annual_mwh if contract.monthly_mwh is None else sum(contract.monthly_mwh)
    return 1000.0 * float(mwh or 0.0)


def bought(before: ParkConfig, after: ParkConfig) -> dict[str, float]:
    """Added PV [kWp] and storage [kWh]; change of contracted [kWh] and certificates [MWh]."""
    return {
        "pv_added_kw": _added(
            ((r.id, r.capacity_kw) for r in before.rooftops),
            ((r.id, r.capacity_kw) for r in after.rooftops),
        ),
        "storage_added_kwh": _added(
            ((s.id, s.energy_kwh) for s in before.storage),
            ((s.id, s.energy_kwh) for s in after.storage),
        ),
        "contract_change_kwh": sum(map(_contract_kwh, after.contracts))
        - sum(map(_contract_kwh, before.contracts)),
        "certificate_change_mwh": sum(c.quantity_mwh for c in after.certificates)
        - sum(c.quantity_mwh for c in before.certificates),
    }


def number(value: object) -> float | None:
    """A table cell as a float, None for ``<NA>``, None or NaN."""
    if value is None or value is pd.NA:
        return None
    result = float(cast(float, value))
    return None if math.isnan(result) else result


class Priced(Protocol):
    """What an appraisal reads of a run: its configuration, its total electricity bill and the
    demand and capacity charges in it [CNY], its
    park values, what its adjustments changed (:meth:`RunResult.adjustments` by id) and its
    fuel use by fuel (the park's sums of :meth:`RunResult.fuel_use`, in each fuel's unit) — a
    :class:`PricedRun`, or a sweep point's summary."""

    @property
    def config(self) -> ParkConfig: ...

    @property
    def total_bill_cny(self) -> float: ...

    @property
    def basic_charge_cny(self) -> float: ...

    @property
    def adjustment_effects(self) -> dict[str, dict[str, float]]: ...

    @property
    def fuel_totals(self) -> dict[str, float]: ...

    def value(self, name: str) -> float: ...


@dataclass(frozen=True)
class PricedRun:
    """A run, its electricity bill by enterprise, tariff period and basic charge (:func:`electricity_bill_cny`) and
    its park values (the annual table's ``park`` row and the 910号 basis; None: no value)."""

    result: RunResult
    bill_cny: pd.DataFrame
    park: dict[str, float | None]

    @classmethod
    def of(cls, result: RunResult) -> PricedRun:
        values = {str(k): number(v) for k, v in result.annual().loc["park"].items()}
        values.update({str(k): number(v) for k, v in result.park_910()["value"].items()})
        return cls(result, electricity_bill_cny(result), values)

    def value(self, name: str) -> float:
        """A park value, 0 where it has none."""
        return self.park[name] or 0.0

    @property
    def total_bill_cny(self) -> float:
        return float(self.bill_cny.to_numpy().sum())

    @property
    def basic_charge_cny(self) -> float:
        """The demand and capacity charges of the bill [CNY]."""
        return float(self.bill_cny[list(BASIC_COLUMNS)].to_numpy().sum())

    @property
    def config(self) -> ParkConfig:
        return self.result.config

    @property
    def adjustment_effects(self) -> dict[str, dict[str, float]]:
        return effects_by_id(self.result)

    @property
    def fuel_totals(self) -> dict[str, float]:
        return {str(fuel): float(v) for fuel, v in self.result.fuel_use().sum().items()}


def effects_by_id(result: RunResult) -> dict[str, dict[str, float]]:
    """What each adjustment of ``result`` changed, by adjustment id."""
    table = result.adjustments().to_dict("index")
    return {str(k): {str(c): float(v) for c, v in row.items()} for k, row in table.items()}


def adjustments_bought(
    before: ParkConfig,
    after: ParkConfig,
    effects: dict[str, dict[str, float]],
    not_bought: Collection[str] = (),
) -> dict[str, float]:
    """What the adjustments of ``after`` that ``before`` does not have (by id and content)
    buy: energy saved a year by efficiency (scale below 1, electricity [kWh] and fuel
    [GJ at 3.6 GJ/MWh]) [MWh], and the electric capacity electrification adds (the added
    electricity's highest hour per enterprise, summed) [kW], heat pumps (COP above 1) apart
    from electric boilers and kilns. Adjustments with an id in ``not_bought`` (a pathway's
    load growth) cost nothing."""
    old = set(before.adjustments)
    found = {"energy_saved_mwh_per_year": 0.0, "heat_pump_added_kw": 0.0}
    found["electric_heating_added_kw"] = 0.0
    for item in after.adjustments:
        if item in old or item.id in not_bought:
            continue
        row = effects[item.id]
        if item.to_electricity is not None:
            key = (
                "heat_pump_added_kw" if item.to_electricity.cop > 1 else "electric_heating_added_kw"
            )
            found[key] += float(row["electricity_added_peak_kw"])
        elif item.scale_factor < 1:
            saved_mwh = -row["electricity_change_kwh"] / 1000.0 - row["fuel_change_gj"] / 3.6
            found["energy_saved_mwh_per_year"] += float(saved_mwh)
    return found


def fuel_saving_cny(before: Priced, after: Priced, costs: CostInputs) -> float:
    """The fall of the fuel bill a year [CNY]: each fuel's change × its price.

    Raises
    ------
    InputError
        A fuel whose use changes has no price (every such fuel named).
    """
    fuels = after.fuel_totals.keys() | before.fuel_totals.keys()
    change = {f: after.fuel_totals.get(f, 0.0) - before.fuel_totals.get(f, 0.0) for f in fuels}
    changed = {fuel: v for fuel, v in sorted(change.items()) if v != 0.0}
    prices = {fuel: costs.fuel_price_cny_per_unit(fuel) for fuel in changed}
    missing = [fuel for fuel, price in prices.items() if price is None]
    if missing:
        raise InputError(
            [
                "economics.fuel_prices_cny_per_t_or_m3."
                + fuel
                + text(
                    f": {fuel} 的用量有变化，但没有价格（元/吨，气体为元/立方米）",
                    f": the use of {fuel} changes but it has no price (CNY/t; gases CNY/m³)",
                )
                for fuel in missing
            ]
        )
    return -sum(quantity * (prices[fuel] or 0.0) for fuel, quantity in changed.items())


def yearly_costs(things: dict[str, float], costs: CostInputs) -> tuple[float, float, float]:
    """Capex [CNY], opex [CNY/year] and purchases [CNY/year] of what is bought."""
    capex = (
        things["pv_added_kw"] * costs.pv_capex_cny_per_kw
        + things["storage_added_kwh"] * costs.storage_capex_cny_per_kwh
        + things["energy_saved_mwh_per_year"] * costs.efficiency_capex_cny_per_mwh_year
        + things["heat_pump_added_kw"] * costs.heat_pump_capex_cny_per_kw
        + things["electric_heating_added_kw"] * costs.electric_heating_capex_cny_per_kw
    )
    opex = (
        things["pv_added_kw"] * costs.pv_opex_cny_per_kw_year
        + things["storage_added_kwh"] * costs.storage_opex_cny_per_kwh_year
    )
    purchases = (
        things["contract_change_kwh"] * costs.contract_premium_cny_per_kwh
        + things["certificate_change_mwh"] * costs.certificate_price_cny_per_mwh
    )
    return capex, opex, purchases


def _pv_lcoe(pv_kw: float, pv_kwh: float, costs: CostInputs) -> float | None:
    """LCOE of the added PV [CNY/kWh]; None without added PV."""
    if pv_kw <= 0:
        return None
    return money.lcoe_cny_per_kwh(
        pv_kw * costs.pv_capex_cny_per_kw,
        pv_kw * costs.pv_opex_cny_per_kw_year,
        pv_kwh,
        costs.discount_rate_fraction,
        costs.analysis_years,
    )


def _abatement(before: Priced, after: Priced, annualised_cny: float) -> Appraisal:
    """Abated CO2 [kg/year] and its cost [CNY/t] on each basis of :data:`ABATEMENT_BASES`."""
    result: Appraisal = {}
    for basis, names in ABATEMENT_BASES.items():
        abated = sum(before.value(n) - after.value(n) for n in names)
        result[f"abated_{basis}_co2_kg"] = abated
        result[f"abatement_cost_{basis}_cny_per_t"] = money.abatement_cost_cny_per_t(
            annualised_cny, abated
        )
    return result


def appraisal(before: Priced, after: Priced, costs: CostInputs) -> Appraisal:
    """Money of going from ``before`` to ``after``: capex, yearly flows, NPV, IRR, payback,
    PV LCOE and the abatement cost on each emissions basis (None where it does not apply:
    no investment, no PV added, nothing abated)."""
    things = bought(before.config, after.config)
    things.update(adjustments_bought(before.config, after.config, after.adjustment_effects))
    capex, opex, purchases = yearly_costs(things, costs)
    rate, years = costs.discount_rate_fraction, costs.analysis_years
    bill_saving = before.total_bill_cny - after.total_bill_cny
    export_gain = after.value("pv_export_value_cny") - before.value("pv_export_value_cny")
    fuel_saving = fuel_saving_cny(before, after, costs)
    net = bill_saving + export_gain + fuel_saving - opex - purchases
    flows = money.cash_flows_cny(capex, net, years)
    pv_kwh = after.value("pv_generation_kwh") - before.value("pv_generation_kwh")
    return {
        **things,
        "capex_cny": capex,
        "opex_cny_per_year": opex,
        "purchases_cny_per_year": purchases,
        "bill_saving_cny_per_year": bill_saving,
        "basic_charge_saving_cny_per_year": before.basic_charge_cny - after.basic_charge_cny,
        "fuel_saving_cny_per_year": fuel_saving,
        "export_revenue_change_cny_per_year": export_gain,
        "net_cash_flow_cny_per_year": net,
        "npv_cny": money.npv_cny(flows, rate),
        "irr_fraction": money.irr_fraction(flows) if capex > 0 else None,
        "simple_payback_years": money.simple_payback_years(capex, net),
        "pv_lcoe_cny_per_kwh": _pv_lcoe(things["pv_added_kw"], pv_kwh, costs),
        **_abatement(before, after, money.annualised_cost_cny(capex, net, rate, years)),
    }
