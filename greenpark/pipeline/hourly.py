"""Hourly results of a run: a long table with a row per (hour, enterprise), and the park's
totals with a row per hour."""

from __future__ import annotations

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


def hourly_frame(result: AccountingResult, hours: slice = slice(None)) -> pd.DataFrame:
    """Long hourly table: interval_start, enterprise, every balance flow, green, modelled
    flags (meter hours filled by a load shape; contract hours from a modelled shape); the
    rows of the hours in ``hours`` (positions in the year; all by default)."""
    starts, ids = result.hours[hours], list(result.enterprise_ids)
    columns: dict[str, object] = {
        "interval_start": starts.repeat(len(ids)),
        "enterprise": ids * len(starts),
    }
    for flow in HOURLY_FLOWS:
        columns[flow] = getattr(result.balance, flow)[hours].ravel()
    ledger = result.ledger
    columns["green_physical_kwh"] = ledger.hourly_physical_kwh[hours].ravel()
    columns["green_contract_kwh"] = ledger.hourly_contract_kwh[hours].ravel()
    columns["green_trade_kwh"] = ledger.hourly_trade_kwh[hours].ravel()
    columns["load_modelled"] = result.modelled[hours].ravel()
    columns["green_contract_modelled"] = (ledger.hourly_contract_modelled_kwh[hours] > 0).ravel()
    return pd.DataFrame(columns)


def park_hourly_frame(result: AccountingResult) -> pd.DataFrame:
    """A row per hour: interval_start, every balance flow and green kind summed over the
    enterprises [kWh], and how many enterprises' load (or contract hour) is modelled."""
    columns: dict[str, object] = {"interval_start": result.hours}
    for flow in HOURLY_FLOWS:
        columns[flow] = getattr(result.balance, flow).sum(axis=1)
    ledger = result.ledger
    columns["green_physical_kwh"] = ledger.hourly_physical_kwh.sum(axis=1)
    columns["green_contract_kwh"] = ledger.hourly_contract_kwh.sum(axis=1)
    columns["green_trade_kwh"] = ledger.hourly_trade_kwh.sum(axis=1)
    columns["load_modelled_enterprises"] = np.count_nonzero(result.modelled, axis=1)
    modelled_contract = ledger.hourly_contract_modelled_kwh > 0
    columns["green_contract_modelled_enterprises"] = np.count_nonzero(modelled_contract, axis=1)
    return pd.DataFrame(columns)
