"""An accounting run as files for other tools: CSV tables and an hourly Parquet file.

The folder is written beside the target and replaces it whole
(:mod:`greenpark.report.out_folder`): an interrupted export never leaves a half-written
result set, nor one mixed with an earlier run's files.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from greenpark.pipeline.accounting import AccountingResult
from greenpark.pipeline.results import monthly_share_table, product_intensity_table
from greenpark.report.out_folder import check_out_folder, staged_folder, target

#: every file a run writes into ``--out``
RESULT_FILES = (
    "annual.csv",
    "green_ledger.csv",
    "green_share_monthly.csv",
    "hourly.parquet",
    "messages.txt",
    "park_910.csv",
    "products.csv",
)
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
    """Long hourly table: interval_start, enterprise, every balance flow, green, modelled."""
    hours, ids = result.hours, list(result.enterprise_ids)
    columns: dict[str, object] = {
        "interval_start": hours.repeat(len(ids)),
        "enterprise": ids * len(hours),
    }
    for flow in HOURLY_FLOWS:
        columns[flow] = getattr(result.balance, flow).ravel()
    columns["green_physical_kwh"] = result.ledger.hourly_physical_kwh.ravel()
    columns["green_contract_kwh"] = result.ledger.hourly_contract_kwh.ravel()
    columns["load_modelled"] = result.modelled.ravel()
    return pd.DataFrame(columns)


def check_out_dir(out_dir: Path) -> None:
    """Before computing: ``out_dir`` can take a run's files (missing, empty or an earlier
    run's results), else :class:`~greenpark.errors.OutputError`; cleans killed runs' leftovers."""
    check_out_folder(out_dir, RESULT_FILES)


def export_run(
    result: AccountingResult, annual: pd.DataFrame, park_910: pd.Series, out_dir: Path
) -> list[Path]:
    """Replace ``out_dir`` with the run's tables; returns the files written."""
    with staged_folder(out_dir, RESULT_FILES) as stage:
        annual.to_csv(stage / "annual.csv", float_format="%.6g")
        park_910.to_frame("value").to_csv(stage / "park_910.csv", float_format="%.6g")
        result.ledger.entries.to_csv(stage / "green_ledger.csv", index=False)
        product_intensity_table(result).to_csv(stage / "products.csv", index=False)
        monthly_share_table(result).to_csv(stage / "green_share_monthly.csv", float_format="%.6g")
        hourly_frame(result).to_parquet(stage / "hourly.parquet", index=False)
        (stage / "messages.txt").write_text("\n".join(result.messages) + "\n", encoding="utf-8")
    return [target(out_dir) / name for name in RESULT_FILES]
