"""An accounting run as files for other tools: CSV tables and an hourly Parquet file.

Files are first written into a temporary folder beside the target and then moved in, so
an interrupted export never leaves a half-written result set.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pandas as pd

from greenpark.pipeline.accounting import AccountingResult
from greenpark.pipeline.results import (
    monthly_share_table,
    park_910_overlay_table,
    product_intensity_table,
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


def export_run(
    result: AccountingResult, annual: pd.DataFrame, park_910: pd.Series, out_dir: Path
) -> list[Path]:
    """Write the run's tables into ``out_dir``; returns the files written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out_dir, prefix=".greenpark-") as staging:
        stage = Path(staging)
        annual.to_csv(stage / "annual.csv", float_format="%.6g")
        park_910.to_frame("value").to_csv(stage / "park_910.csv", float_format="%.6g")
        overlays = park_910_overlay_table(result)
        if not overlays.empty:
            overlays.to_csv(stage / "park_910_overlays.csv", index=False)
        result.ledger.entries.to_csv(stage / "green_ledger.csv", index=False)
        product_intensity_table(result).to_csv(stage / "products.csv", index=False)
        monthly_share_table(result).to_csv(stage / "green_share_monthly.csv", float_format="%.6g")
        hourly_frame(result).to_parquet(stage / "hourly.parquet", index=False)
        (stage / "messages.txt").write_text("\n".join(result.messages) + "\n", encoding="utf-8")
        written = []
        for path in sorted(stage.iterdir()):
            target = out_dir / path.name
            shutil.move(path, target)
            written.append(target)
    return written
