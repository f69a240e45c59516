"""The electricity bill of a run: grid purchases priced by the tariff in force each hour,
summed by enterprise and tariff period, and the basic charges of a two-part tariff.

An enterprise with ``basic_charge`` pays each month either its maximum demand × the demand
rate or its transformer capacity × the capacity rate (``tariffs[].basic_charges``; see
:mod:`greenpark.inputs.park.schema_charges`). The month's maximum demand is its highest
hourly mean grid import [kW]: the run keeps hourly data only (15-min meter files are summed
to hours on reading), so a utility meter reading 15-min demand would see a higher peak.
Enterprises without ``basic_charge`` pay energy charges only (a single-part tariff).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from greenpark.inputs.park.schema import ParkConfig
from greenpark.pipeline.prices import BasicRates, hourly_basic_rates, hourly_period, hourly_price
from greenpark.run_result import RunResult
from greenpark.scenarios.economics import (
    PERIODS,
    capacity_charges_cny,
    demand_charges_cny,
    energy_charges_cny,
)

ENERGY_COLUMNS = tuple(f"energy_charge_{period}_cny" for period in PERIODS)
BASIC_COLUMNS = ("demand_charge_cny", "capacity_charge_cny")
BILL_COLUMNS = (*ENERGY_COLUMNS, *BASIC_COLUMNS)


def electricity_bill_cny(result: RunResult) -> pd.DataFrame:
    """The electricity bill [CNY]: a row per enterprise (park order), a column per tariff
    period's energy charge and per basic charge (:data:`BILL_COLUMNS`); no rows when the
    park has no tariff."""
    config = result.config
    matrices = result.hourly_matrices()
    hours = matrices.hours
    price, period = hourly_price(config, hours), hourly_period(config, hours)
    rates = hourly_basic_rates(config, hours)
    if price is None or period is None or rates is None:
        return pd.DataFrame(columns=list(BILL_COLUMNS), dtype=float)
    ids = list(matrices.enterprises)  # park order
    grid_kwh = matrices.columns["grid_import_kwh"]
    charges = np.column_stack(
        [
            energy_charges_cny(grid_kwh, price, period),
            *_basic_charges_cny(config, grid_kwh, hours.month.to_numpy(), rates),
        ]
    )
    return pd.DataFrame(charges, index=pd.Index(ids, name="enterprise"), columns=list(BILL_COLUMNS))


def _basic_charges_cny(
    config: ParkConfig, grid_kwh: np.ndarray, month: np.ndarray, rates: BasicRates
) -> tuple[np.ndarray, np.ndarray]:
    """Demand and capacity charges by enterprise [CNY], each (E,)."""
    charges = [enterprise.basic_charge for enterprise in config.enterprises]
    basis = np.array([c.basis if c is not None else "" for c in charges])
    kva = np.array([(c.transformer_kva or 0.0) if c is not None else 0.0 for c in charges])
    demand = demand_charges_cny(
        grid_kwh, month, rates.demand_cny_per_kw_month, rates.high_use_discount, kva
    )
    capacity = capacity_charges_cny(month, rates.capacity_cny_per_kva_month, kva)
    return np.where(basis == "demand", demand, 0.0), np.where(basis == "capacity", capacity, 0.0)
