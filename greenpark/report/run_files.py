"""An accounting run as files for other tools: CSV tables (UTF-8 with BOM for Excel, full
precision, enterprise names beside ids) and the hourly flows.

The hourly flows per (hour, enterprise) go to ``hourly.parquet`` (8,760 × enterprises rows:
4.4 million at 500 enterprises, beyond the 1,048,576 rows of an Excel sheet); ``hourly.csv``
holds the park's totals per hour (8,760 rows at any park size), and the per-enterprise hours
as CSV (``hourly_enterprises.csv``) are written only when asked for
(``export_run(hourly_csv="enterprises")``, ``greenpark run --hourly-csv enterprises``).

The folder is written beside the target and replaces it whole
(:mod:`greenpark.report.out_folder`): an interrupted export never leaves a half-written
result set, nor one mixed with an earlier run's files.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from greenpark.i18n import text
from greenpark.messages import Message
from greenpark.pipeline.availability import status_of
from greenpark.report.availability import unavailable_text
from greenpark.report.csv_headers import CSV_ENCODING as CSV_ENCODING  # where callers find it
from greenpark.report.csv_headers import labelled
from greenpark.report.csv_writer import write_csv
from greenpark.report.hourly_file import hour_text, writing_hourly
from greenpark.report.messages import render_all
from greenpark.report.out_folder import check_out_folder, staged_folder, target

if TYPE_CHECKING:
    from greenpark.run_result import RunResult

STATUS_SUFFIX = "_status"

#: every file a run writes into ``--out``
RESULT_FILES = (
    "annual.csv",
    "coverage.csv",
    "direct_line.csv",  # no rows unless sharing_channel: direct_line
    "green_ledger.csv",
    "green_share_monthly.csv",
    "hourly.csv",  # the park's totals per hour, for Excel
    "hourly.parquet",  # per (hour, enterprise)
    "messages.json",  # the messages as data: code, severity, parameters
    "messages.txt",  # the messages in words, in the run's language
    "park_910.csv",
    "park_910_overlays.csv",  # no rows for a province without overlays
    "products.csv",
)
#: the files a run writes only when asked (``hourly_csv="enterprises"``): hourly.parquet as CSV
ON_REQUEST_FILES = ("hourly_enterprises.csv",)


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


def _status_words(table: pd.DataFrame) -> pd.Series:
    """The ``reason`` column of a long table as 不适用/无数据 text; empty where there is a value."""
    words = [
        "" if reason is None else unavailable_text(status, reason)
        for status, reason in zip(table["status"], table["reason"], strict=True)
    ]
    return pd.Series(words, index=table.index, dtype=object)


def monthly_share_long(result: RunResult) -> pd.DataFrame:
    """Monthly green shares, one row per (month, scope), with the status beside the value."""
    monthly = result.monthly_shares()
    words = _status_words(monthly)
    value = "green_share_fraction"
    return monthly[["month", "scope", value]].assign(**{f"{value}{STATUS_SUFFIX}": words})


def products_with_status(result: RunResult) -> pd.DataFrame:
    """Energy and CO2 per product unit, with the status beside the values."""
    products = result.products()
    return products.drop(columns=["status", "reason"]).assign(status=_status_words(products))


def check_out_dir(out_dir: Path) -> None:
    """Before computing: ``out_dir`` can take a run's files (missing, empty or an earlier
    run's results), else :class:`~greenpark.errors.OutputError`; cleans killed runs' leftovers."""
    check_out_folder(out_dir, RESULT_FILES + ON_REQUEST_FILES)


#: ``export_run(headers=...)``: machine ids, or labels with units in the reader's language
HEADERS = ("id", "label")
#: ``export_run(hourly_csv=...)``: the park's totals per hour only, or per enterprise as well
HOURLY_CSV = ("park", "enterprises")


def _write_csv(frame: pd.DataFrame, path: Path, headers: str) -> None:
    """``frame`` (no index) as CSV for Excel: BOM, full precision, the chosen headers."""
    shown = labelled(frame) if headers == "label" else frame
    with path.open("w", encoding=CSV_ENCODING, newline="") as handle:
        write_csv(shown, handle)


def _named(
    frame: pd.DataFrame, id_column: str, names: dict[str, str], name_column: str
) -> pd.DataFrame:
    """``frame`` with the enterprise's name beside its id (the park's name for ``park``)."""
    ids = frame[id_column].astype(str)
    at = list(frame.columns).index(id_column) + 1
    named = frame.copy()
    named.insert(at, name_column, [names.get(i, i) for i in ids])
    return named


def _tables(result: RunResult) -> dict[str, pd.DataFrame]:
    """Each CSV of the run as a plain table (ids as columns), names beside enterprise ids."""
    park = result.config.park
    names = {e.id: e.name for e in result.config.enterprises}
    names["park"] = text(park.name, park.name_en or park.name)
    annual = with_status_columns(result.annual(), result.annual_reasons()).reset_index()
    basis = result.park_910()
    basis = basis[["value"]].assign(status=_status_words(basis)).reset_index()
    return {
        "annual.csv": _named(annual, "scope", names, "name"),
        "park_910.csv": basis,
        "green_ledger.csv": _named(result.ledger(), "claimant", names, "claimant_name"),
        "products.csv": _named(products_with_status(result), "enterprise", names, "name"),
        "green_share_monthly.csv": _named(monthly_share_long(result), "scope", names, "name"),
        "park_910_overlays.csv": result.park_910_overlays(),
        "direct_line.csv": result.direct_line()[["value"]].reset_index(),
        "coverage.csv": _named(result.coverage(), "enterprise", names, "name"),
    }


def export_run(
    result: RunResult, out_dir: Path, headers: str = "id", hourly_csv: str = "park"
) -> list[Path]:
    """Replace ``out_dir`` with the run's tables; returns the files written. ``headers``:
    ``id`` (machine ids, the default) or ``label`` (:mod:`greenpark.report.csv_headers`);
    ``hourly_csv``: ``park`` (``hourly.csv`` only) or ``enterprises`` (also
    ``hourly_enterprises.csv``, a row per hour and enterprise)."""
    with exporting(result, out_dir, headers, hourly_csv) as written:
        pass
    return written


@contextmanager
def exporting(
    result: RunResult, out_dir: Path, headers: str = "id", hourly_csv: str = "park"
) -> Iterator[list[Path]]:
    """:func:`export_run` around the body (which gets the files that will be written): the
    hourly files are written in a second thread from the start
    (:func:`~greenpark.report.hourly_file.writing_hourly`), so other work in the body (the
    terminal, the store's record) runs meanwhile; the tables are written after the body, and
    ``out_dir`` is replaced once all are. A failing body leaves ``out_dir`` as it was."""
    if headers not in HEADERS:
        raise ValueError(f"headers must be one of {HEADERS}, got {headers!r}")
    if hourly_csv not in HOURLY_CSV:
        raise ValueError(f"hourly_csv must be one of {HOURLY_CSV}, got {hourly_csv!r}")
    per_enterprise_csv = hourly_csv == "enterprises"
    with (
        staged_folder(out_dir, RESULT_FILES + ON_REQUEST_FILES) as stage,
        writing_hourly(result, stage, headers, per_enterprise_csv),
    ):
        asked = ON_REQUEST_FILES if per_enterprise_csv else ()
        yield [target(out_dir) / name for name in RESULT_FILES + asked]
        for name, frame in _tables(result).items():
            _write_csv(frame, stage / name, headers)
        park_hours = result.hourly_park()
        park_hours["interval_start"] = hour_text(pd.DatetimeIndex(park_hours["interval_start"]))
        _write_csv(park_hours, stage / "hourly.csv", headers)
        _write_messages(stage, result.message_items)


def _write_messages(stage: Path, messages: Sequence[Message]) -> None:
    """``messages.txt`` in words (the current language), ``messages.json`` as data."""
    (stage / "messages.txt").write_text("\n".join(render_all(messages)) + "\n", encoding="utf-8")
    data = [message.as_dict() for message in messages]
    (stage / "messages.json").write_text(
        json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
