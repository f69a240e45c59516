"""The electricity bill of a run: grid purchases priced by the tariff in force each hour,
summed by enterprise and tariff period (energy charges only: the park's tariffs carry no
demand or capacity charges)."""

from __future__ import annotations

import pandas as pd

from greenpark.pipeline.prices import hourly_period, hourly_price
from greenpark.run_result import RunResult
from greenpark.scenarios.economics import PERIODS, energy_charges_cny

BILL_COLUMNS = tuple(f"energy_charge_{period}_cny" for period in PERIODS)


def energy_bill_cny(result: RunResult) -> pd.DataFrame:
    """Energy charges [CNY]: a row per enterprise (park order), a column per tariff period
    (:data:`BILL_COLUMNS`); no rows when the park has no tariff."""
    config = result.config
    ids = list(config.enterprise_ids())
    hourly = result.hourly()
    grid = hourly.pivot(index="interval_start", columns="enterprise", values="grid_import_kwh")
    hours = pd.DatetimeIndex(grid.index)
    price, period = hourly_price(config, hours), hourly_period(config, hours)
    if price is None or period is None:
        return pd.DataFrame(columns=list(BILL_COLUMNS), dtype=float)
    charges = energy_charges_cny(grid[ids].to_numpy(dtype=float), price, period)
    return pd.DataFrame(charges, index=pd.Index(ids, name="enterprise"), columns=list(BILL_COLUMNS))
