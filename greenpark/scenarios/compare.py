"""Scenarios side by side, as DataFrames the report code renders (terminal, CSV, HTML, xlsx).

:func:`comparison`: a row per metric (green shares, emissions on every basis, the 910号
result and its gap to the limit, energy totals, the bill by tariff period and basic
charge, costs), a
``unit`` column, then a ``Float64`` column for the base and for each scenario (``<NA>``
where a value does not apply, e.g. the money of the base). :func:`measure_table`: a row
per (scenario, measure) with its money and abatement, for a marginal-abatement-cost chart.
"""

from __future__ import annotations

import pandas as pd

from greenpark.metrics import metric
from greenpark.scenarios.appraisal import ABATEMENT_BASES, Appraisal, PricedRun
from greenpark.scenarios.bill import BILL_COLUMNS
from greenpark.scenarios.runner import BASE, ScenarioRuns

ANNUAL_METRICS = (
    "green_share_fraction",
    "green_share_hourly_matched_fraction",
    "green_share_certificate_based_fraction",
    "scope1_co2_kg",
    "scope2_location_co2_kg",
    "scope2_market_co2_kg",
    "scope2_inventory_co2_kg",
    "electricity_kwh",
    "grid_import_kwh",
    "pv_generation_kwh",
    "pv_export_kwh",
    "green_total_kwh",
    "energy_gbt2589_calorific_kgce",
    "pv_export_value_cny",
)
PARK_910_METRICS = (
    "park_910_total_co2_kg",
    "park_910_co2_t_per_tce_calorific",
    "park_910_limit_t_per_tce_calorific",
)
GAP = "park_910_gap_t_per_tce_calorific"
#: the money metrics of an appraisal -> unit
MONEY_UNITS: dict[str, str] = {
    "pv_added_kw": "kW",
    "storage_added_kwh": "kWh",
    "contract_change_kwh": "kWh",
    "certificate_change_mwh": "MWh",
    "energy_saved_mwh_per_year": "MWh/year",
    "heat_pump_added_kw": "kW",
    "electric_heating_added_kw": "kW",
    "fuel_saving_cny_per_year": "CNY/year",
    "capex_cny": "CNY",
    "opex_cny_per_year": "CNY/year",
    "purchases_cny_per_year": "CNY/year",
    "bill_saving_cny_per_year": "CNY/year",
    "basic_charge_saving_cny_per_year": "CNY/year",
    "export_revenue_change_cny_per_year": "CNY/year",
    "net_cash_flow_cny_per_year": "CNY/year",
    "npv_cny": "CNY",
    "irr_fraction": "fraction",
    "simple_payback_years": "year",
    "pv_lcoe_cny_per_kwh": "CNY/kWh",
    **{f"abated_{basis}_co2_kg": "kg" for basis in ABATEMENT_BASES},
    **{f"abatement_cost_{basis}_cny_per_t": "CNY/t" for basis in ABATEMENT_BASES},
}


def _run_values(priced: PricedRun) -> dict[str, float | None]:
    """The comparison's run metrics of one run (park level)."""
    values = {name: priced.park.get(name) for name in (*ANNUAL_METRICS, *PARK_910_METRICS)}
    ratio, limit = values["park_910_co2_t_per_tce_calorific"], values[PARK_910_METRICS[-1]]
    values[GAP] = None if ratio is None or limit is None else ratio - limit
    bill = priced.bill_cny
    for column in BILL_COLUMNS:
        values[column] = float(bill[column].sum()) if len(bill) else None
    return values


def _units() -> dict[str, str]:
    units = {name: metric(name).unit for name in (*ANNUAL_METRICS, *PARK_910_METRICS)}
    units[GAP] = "t/tce"
    units.update({column: "CNY" for column in BILL_COLUMNS})
    return {**units, **MONEY_UNITS}


def _money(values: Appraisal | None) -> dict[str, float | None]:
    return {name: None if values is None else values[name] for name in MONEY_UNITS}


def comparison(runs: ScenarioRuns) -> pd.DataFrame:
    """The base and every scenario side by side (see the module docstring)."""
    columns = {BASE: {**_run_values(runs.base), **_money(None)}}
    for outcome in runs.outcomes:
        columns[outcome.scenario.name] = {
            **_run_values(outcome.run),
            **_money(outcome.appraisal),
        }
    units = _units()
    table = pd.DataFrame({"unit": pd.Series(units)})
    for name, values in columns.items():
        table[name] = pd.Series([values[m] for m in units], index=table.index, dtype="Float64")
    table.index.name = "metric"
    return table


def measure_table(runs: ScenarioRuns) -> pd.DataFrame:
    """A row per (scenario, measure): kind, then each money metric (``Float64``)."""
    rows = [
        {
            "scenario": outcome.scenario.name,
            "measure": change.name,
            "kind": change.kind,
            **{name: values[name] for name in MONEY_UNITS},
        }
        for outcome in runs.outcomes
        for change, values in outcome.measures
    ]
    table = pd.DataFrame(rows, columns=["scenario", "measure", "kind", *MONEY_UNITS])
    return table.astype({name: "Float64" for name in MONEY_UNITS})


def bill_table(runs: ScenarioRuns) -> pd.DataFrame:
    """The bill by enterprise: a column per (run, bill column), ``base`` first,
    named ``<run>:<period column>`` [CNY]."""
    bills = {BASE: runs.base.bill_cny}
    bills.update({o.scenario.name: o.run.bill_cny for o in runs.outcomes})
    table = pd.concat(bills, axis=1)
    table.columns = [f"{pair[0]}:{pair[1]}" for pair in table.columns]
    return table
