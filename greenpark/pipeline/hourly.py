"""Hourly results of a run as one long table: a row per (hour, enterprise)."""

from __future__ import annotations

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


def hourly_frame(result: AccountingResult) -> pd.DataFrame:
    """Long hourly table: interval_start, enterprise, every balance flow, green, modelled
    flags (meter hours filled by a load shape; contract hours from a modelled shape)."""
    hours, ids = result.hours, list(result.enterprise_ids)
    columns: dict[str, object] = {
        "interval_start": hours.repeat(len(ids)),
        "enterprise": ids * len(hours),
    }
    for flow in HOURLY_FLOWS:
        columns[flow] = getattr(result.balance, flow).ravel()
    columns["green_physical_kwh"] = result.ledger.hourly_physical_kwh.ravel()
    columns["green_contract_kwh"] = result.ledger.hourly_contract_kwh.ravel()
    columns["green_trade_kwh"] = result.ledger.hourly_trade_kwh.ravel()
    columns["load_modelled"] = result.modelled.ravel()
    columns["green_contract_modelled"] = (result.ledger.hourly_contract_modelled_kwh > 0).ravel()
    return pd.DataFrame(columns)
