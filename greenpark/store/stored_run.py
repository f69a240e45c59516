"""Runs in and out of the store as run results (:class:`~greenpark.provenance.RunTables`).

:func:`to_store` turns a run result (:class:`greenpark.run_result.RunResult`, or anything
with its tables) into what the database keeps: a :class:`~greenpark.store.record.RunRecord`
and its results as plain checked tuples;
:class:`StoredRun` gives a stored run back with the same tables — ``annual()``,
``annual_reasons()``, ``park_910()``, ``direct_line()``, ``results()``, ``factors()``,
``messages()`` — so reports read a run computed now and one stored long ago alike.

The database keeps the annual numbers, factors, messages and provenance, not the hourly
results: :meth:`StoredRun.hourly` says so (``greenpark run --out`` writes ``hourly.parquet``;
:attr:`StoredRun.hourly_path` names where it was written).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from greenpark.errors import StoreError
from greenpark.i18n import text
from greenpark.messages import Message
from greenpark.provenance import Provenance, RunTables
from greenpark.result_tables import (
    ResultTuple,
    annual_from_results,
    factors_frame,
    messages_frame,
    metric_frame,
    results_frame,
    table_of,
)
from greenpark.store.record import RESULT_STATUSES, ResultRow, RunRecord


@dataclass(frozen=True)
class RunToStore:
    """A run result made ready for the store (:meth:`RunStore.save_ready
    <greenpark.store.database.RunStore.save_ready>`): its ``record`` without results
    (identity, provenance, factors, messages) and its annual numbers as checked plain tuples
    (``rows``: scope, metric, value, unit, status, reason): 118,000 rows at 2,000
    enterprises, which as :class:`ResultRow` objects took ~1 s to make."""

    record: RunRecord
    rows: tuple[ResultTuple, ...]


def to_store(run: RunTables, hourly_path: str | None = None) -> RunToStore:
    """What the store keeps of ``run``: provenance, factors, messages (words) and every
    annual number (``run.results()``); ``hourly_path`` names a written ``hourly.parquet``."""
    p = run.provenance
    record = RunRecord(
        park_id=p.park_id,
        accounting_year=p.accounting_year,
        inputs_hash=p.inputs_hash,
        code_version=p.code_version,
        code_hash=p.code_hash,
        options=dict(p.options),
        factors=p.factors,
        messages=run.message_items,
        results=(),
        hourly_path=hourly_path,
    )
    return RunToStore(record, checked_rows(run.result_rows()))


def checked_rows(rows: Sequence[ResultTuple]) -> tuple[ResultTuple, ...]:
    """``rows`` (``run.result_rows()``), each checked as :class:`ResultRow` checks one (its
    ValueError for the first that fails): an ok value is a finite float without a reason,
    another status has a reason and no value."""
    for row in rows:
        _, _, value, _, status, reason = row
        if status == "ok":
            fine = value is not None and math.isfinite(value) and reason is None
        else:
            fine = status in RESULT_STATUSES and value is None and bool(reason)
        if not fine:
            ResultRow(*row)  # raises the row's own error
    return tuple(rows)


@dataclass(frozen=True)
class StoredRun:
    """A stored run, read-only, with the tables of a run result (see the module docstring)."""

    record: RunRecord

    @property
    def run_id(self) -> str:
        return self.record.run_id

    @property
    def created_at(self) -> datetime:
        return self.record.created_at

    @property
    def hourly_path(self) -> str | None:
        """Where the run's ``hourly.parquet`` was written (``--out``), if it was."""
        return self.record.hourly_path

    @property
    def provenance(self) -> Provenance:
        r = self.record
        return Provenance(
            r.park_id,
            r.accounting_year,
            r.inputs_hash,
            r.code_version,
            r.code_hash,
            r.options,
            r.factors,
        )

    @property
    def message_items(self) -> tuple[Message, ...]:
        """The stored messages, as data (shown in the reader's language)."""
        return self.record.messages

    def results(self) -> pd.DataFrame:
        """Every stored annual number: scope, metric, value, unit, status, reason."""
        return results_frame(self.result_rows())

    def result_rows(self) -> list[ResultTuple]:
        """The rows of :meth:`results` as plain tuples."""
        return [
            (r.scope, r.metric, r.value, r.unit, r.status, r.reason) for r in self.record.results
        ]

    def annual(self) -> pd.DataFrame:
        return annual_from_results(self.results())[0]

    def annual_reasons(self) -> pd.DataFrame:
        return annual_from_results(self.results())[1]

    def park_910(self) -> pd.DataFrame:
        return metric_frame(table_of(self.results(), "park_910"))

    def direct_line(self) -> pd.DataFrame:
        return metric_frame(table_of(self.results(), "direct_line"))

    def factors(self) -> pd.DataFrame:
        return factors_frame(self.record.factors)

    def messages(self) -> pd.DataFrame:
        return messages_frame(self.message_items)

    def hourly(self) -> pd.DataFrame:
        """Not stored: raises :class:`~greenpark.errors.StoreError` saying where to look."""
        where = self.hourly_path or text("未写出（运行时未用 --out）", "not written (no --out)")
        raise StoreError(
            text(
                f"运行 {self.run_id}：数据库不保存逐时结果；逐时结果文件：{where}",
                f"run {self.run_id}: hourly results are not stored in the database; "
                f"hourly file: {where}",
            )
        )
