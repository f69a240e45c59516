"""An accounting run as files for other tools: CSV tables and an hourly Parquet file.

The folder is written beside the target and replaces it whole
(:mod:`greenpark.report.out_folder`): an interrupted export never leaves a half-written
result set, nor one mixed with an earlier run's files.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from greenpark.messages import Message
from greenpark.pipeline.accounting import AccountingResult
from greenpark.pipeline.availability import (
    monthly_share_reasons,
    product_reasons,
    status_of,
)
from greenpark.pipeline.results import (
    direct_line_table,
    monthly_share_table,
    park_910_overlay_table,
    product_intensity_table,
)
from greenpark.report.availability import unavailable_text
from greenpark.report.messages import render_all
from greenpark.report.out_folder import check_out_folder, staged_folder, target

#: CSV for Excel: UTF-8 with BOM so Chinese opens right; numbers at full precision
CSV_ENCODING = "utf-8-sig"
STATUS_SUFFIX = "_status"

#: every file a run writes into ``--out``
RESULT_FILES = (
    "annual.csv",
    "coverage.csv",
    "direct_line.csv",  # no rows unless sharing_channel: direct_line
    "green_ledger.csv",
    "green_share_monthly.csv",
    "hourly.parquet",
    "messages.json",  # the messages as data: code, severity, parameters
    "messages.txt",  # the messages in words, in the run's language
    "park_910.csv",
    "park_910_overlays.csv",  # no rows for a province without overlays
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


def _reason_words(reasons: pd.DataFrame) -> pd.DataFrame:
    """Reason codes as 不适用/无数据 text; empty where the value is there."""
    return reasons.map(lambda r: "" if r is None else unavailable_text(status_of(r), r))


def with_status_columns(values: pd.DataFrame, reasons: pd.DataFrame) -> pd.DataFrame:
    """``values`` with a ``<column>_status`` column beside every column that can be
    unavailable (those that have a reason rule), empty where the value is there."""
    columns: dict[str, pd.Series] = {}
    words = _reason_words(reasons)
    for column in values.columns:
        columns[column] = values[column]
        if column in reasons.columns and reasons[column].notna().any():
            columns[f"{column}{STATUS_SUFFIX}"] = words[column]
    return pd.DataFrame(columns, index=values.index)


def monthly_share_long(result: AccountingResult) -> pd.DataFrame:
    """Monthly green shares, one row per (month, scope), with the status beside the value."""
    monthly = monthly_share_table(result)
    words = _reason_words(monthly_share_reasons(monthly))
    value, status = "green_share_fraction", "green_share_fraction_status"
    long = monthly.reset_index().melt(id_vars="month", var_name="scope", value_name=value)
    long[status] = words.reset_index().melt(id_vars="month", value_name=status)[status]
    return long


def products_with_status(result: AccountingResult) -> pd.DataFrame:
    """Energy and CO2 per product unit, with the status beside the values."""
    products = product_intensity_table(result)
    reasons = _reason_words(product_reasons(products).to_frame())
    return products.assign(status=reasons.iloc[:, 0].to_numpy())


def check_out_dir(out_dir: Path) -> None:
    """Before computing: ``out_dir`` can take a run's files (missing, empty or an earlier
    run's results), else :class:`~greenpark.errors.OutputError`; cleans killed runs' leftovers."""
    check_out_folder(out_dir, RESULT_FILES)


def export_run(
    result: AccountingResult,
    annual: pd.DataFrame,
    annual_reasons: pd.DataFrame,
    park_910: pd.Series,
    park_910_reasons: pd.Series,
    out_dir: Path,
) -> list[Path]:
    """Replace ``out_dir`` with the run's tables; returns the files written."""
    with staged_folder(out_dir, RESULT_FILES) as stage:
        with_status_columns(annual, annual_reasons).to_csv(
            stage / "annual.csv", encoding=CSV_ENCODING
        )
        words = _reason_words(park_910_reasons.to_frame()).iloc[:, 0]
        basis = park_910.to_frame("value").assign(status=words.to_numpy())
        basis.to_csv(stage / "park_910.csv", index_label="metric", encoding=CSV_ENCODING)
        result.ledger.entries.to_csv(stage / "green_ledger.csv", index=False, encoding=CSV_ENCODING)
        products_with_status(result).to_csv(
            stage / "products.csv", index=False, encoding=CSV_ENCODING
        )
        monthly_share_long(result).to_csv(
            stage / "green_share_monthly.csv", index=False, encoding=CSV_ENCODING
        )
        park_910_overlay_table(result).to_csv(
            stage / "park_910_overlays.csv", index=False, encoding=CSV_ENCODING
        )
        direct_line_table(result).rename("value").to_csv(
            stage / "direct_line.csv", index_label="metric", encoding=CSV_ENCODING
        )
        hourly_frame(result).to_parquet(stage / "hourly.parquet", index=False)
        result.coverage.to_csv(stage / "coverage.csv", index=False, encoding=CSV_ENCODING)
        _write_messages(stage, result.messages)
    return [target(out_dir) / name for name in RESULT_FILES]


def _write_messages(stage: Path, messages: Sequence[Message]) -> None:
    """``messages.txt`` in words (the current language), ``messages.json`` as data."""
    (stage / "messages.txt").write_text("\n".join(render_all(messages)) + "\n", encoding="utf-8")
    data = [message.as_dict() for message in messages]
    (stage / "messages.json").write_text(
        json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
