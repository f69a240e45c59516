"""Hourly results of a run: a long table with a row per (hour, enterprise), the park's
totals with a row per hour, and the (hours × enterprises) arrays both are made of."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from greenpark.pipeline.accounting import AccountingResult

#: balance flows of every hour and enterprise [kWh]
HOURLY_FLOWS = (
    "load_kwh",
    "pv_kwh",
    "pv_self_kwh",
    "pv_to_storage_kwh",
    "grid_to_storage_kwh",
    "storage_discharge_kwh",
    "storage_loss_kwh",
    "shared_out_kwh",
    "shared_in_kwh",
    "export_kwh",
    "grid_import_kwh",
)
#: the modelled flags of the hourly table (bool), beside the flows and green kinds [kWh]
HOURLY_FLAGS = ("load_modelled", "green_contract_modelled")


@dataclass(frozen=True)
class HourlyMatrices:
    """The hourly table before it is made long: ``hours`` (the rows), ``enterprises`` (the
    columns, park order) and each per-enterprise column of the table, in its order, as an
    (hours × enterprises) array: flows and green kinds [kWh] as float, the flags as bool.
    The arrays are the run's own (views, not copies): read them, never write."""

    hours: pd.DatetimeIndex
    enterprises: tuple[str, ...]
    columns: dict[str, np.ndarray]


def hourly_matrices(result: AccountingResult, hours: slice = slice(None)) -> HourlyMatrices:
    """The hours in ``hours`` (positions in the year; all by default) of every balance flow,
    green kind (physical, contract, trade) and modelled flag (meter hours filled by a load
    shape; contract hours from a modelled shape)."""
    columns = {flow: getattr(result.balance, flow)[hours] for flow in HOURLY_FLOWS}
    ledger = result.ledger
    columns["green_physical_kwh"] = ledger.hourly_physical_kwh[hours]
    columns["green_contract_kwh"] = ledger.hourly_contract_kwh[hours]
    columns["green_trade_kwh"] = ledger.hourly_trade_kwh[hours]
    columns["load_modelled"] = result.modelled[hours]
    columns["green_contract_modelled"] = ledger.hourly_contract_modelled_kwh[hours] > 0
    return HourlyMatrices(result.hours[hours], result.enterprise_ids, columns)


def hourly_frame(result: AccountingResult, hours: slice = slice(None)) -> pd.DataFrame:
    """Long hourly table: interval_start, enterprise, then the columns of
    :func:`hourly_matrices`; the rows of the hours in ``hours`` (all by default)."""
    matrices = hourly_matrices(result, hours)
    starts, ids = matrices.hours, list(matrices.enterprises)
    columns: dict[str, object] = {
        "interval_start": starts.repeat(len(ids)),
        "enterprise": ids * len(starts),
    }
    columns.update({name: values.ravel() for name, values in matrices.columns.items()})
    return pd.DataFrame(columns)


def park_hourly_frame(result: AccountingResult) -> pd.DataFrame:
    """A row per hour: interval_start, every balance flow and green kind summed over the
    enterprises [kWh], and how many enterprises' load (or contract hour) is modelled."""
    matrices = hourly_matrices(result)
    columns: dict[str, object] = {"interval_start": matrices.hours}
    for name, values in matrices.columns.items():
        if name in HOURLY_FLAGS:
            columns[f"{name}_enterprises"] = np.count_nonzero(values, axis=1)
        else:
            columns[name] = values.sum(axis=1)
    return pd.DataFrame(columns)
