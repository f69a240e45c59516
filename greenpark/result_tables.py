"""The tables a run result gives, built from plain data: shared by a run computed now
(:mod:`greenpark.run_result`) and one read back from the store (:mod:`greenpark.store.stored_run`).

Values or status, never NaN: a number that is not there is ``<NA>`` in a nullable ``Float64``
column, with its status (``not_applicable`` / ``no_data``) and reason code beside it (long
tables) or in a companion table of reason codes (the wide annual table). Column order and
units come from the metric catalogue (:mod:`greenpark.metrics`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

import pandas as pd

from greenpark.messages import Message
from greenpark.metrics import catalogue, metric_names, unavailable_metrics
from greenpark.provenance import FactorUse

PARK = "park"
#: one annual number: scope, metric, value (None when unavailable), unit, status, reason
ResultTuple = tuple[str, str, float | None, str, str, str | None]
RESULT_COLUMNS = ("scope", "metric", "value", "unit", "status", "reason")
METRIC_COLUMNS = ("value", "unit", "status", "reason")
FACTOR_COLUMNS = ("factor_id", "value", "unit", "source", "confidence")
MESSAGE_COLUMNS = ("code", "severity", "params")


def ordered_annual(values: pd.DataFrame) -> pd.DataFrame:
    """``values`` (a column per annual metric) in catalogue order, as ``Float64`` with
    ``<NA>`` for NaN; ValueError when its columns and the catalogue's differ."""
    names = metric_names("annual")
    if set(values.columns) != set(names):
        differ = sorted(str(c) for c in set(values.columns) ^ set(names))
        raise ValueError(f"annual columns and the metric catalogue differ: {differ}")
    return values[list(names)].astype("Float64")


def annual_reasons_of(reasons: pd.DataFrame) -> pd.DataFrame:
    """The reason codes of the annual metrics that can be unavailable (None where the value
    is there); ValueError when another metric has one (the catalogue would be wrong)."""
    columns = list(unavailable_metrics("annual"))
    others = reasons.drop(columns=columns)
    if others.notna().any().any():
        flagged = sorted(str(c) for c in others.columns[others.notna().any()])
        raise ValueError(f"metrics without a value not marked can_be_unavailable: {flagged}")
    return reasons[columns].astype(object).where(reasons[columns].notna(), None)


def results_frame(rows: Iterable[ResultTuple]) -> pd.DataFrame:
    """Annual numbers as one long table (:data:`RESULT_COLUMNS`); ``value`` is ``Float64``,
    ``reason`` text or None (object dtype, so None stays None)."""
    found = list(rows)
    columns = [list(c) for c in zip(*found, strict=True)] if found else [[]] * 6
    scopes, names, values, units, statuses, reasons = columns
    return pd.DataFrame(
        {
            "scope": pd.Series(scopes, dtype=str),
            "metric": pd.Series(names, dtype=str),
            "value": pd.Series(pd.array(values, dtype="Float64")),
            "unit": pd.Series(units, dtype=str),
            "status": pd.Series(statuses, dtype=str),
            "reason": pd.Series(reasons, dtype=object),
        }
    )


def metric_frame(results: pd.DataFrame) -> pd.DataFrame:
    """Rows of a long result table as a table indexed by metric (:data:`METRIC_COLUMNS`)."""
    frame = results.set_index("metric")[list(METRIC_COLUMNS)]
    frame.index.name = "metric"
    return frame


def table_of(results: pd.DataFrame, table: str) -> pd.DataFrame:
    """The rows of ``results`` whose metric belongs to ``table`` of the catalogue (rows of
    metrics the catalogue does not list count as ``annual``: runs stored by older code)."""
    known = catalogue()
    tables = results["metric"].map(lambda name: known[name].table if name in known else "annual")
    return results.loc[tables == table]


def annual_from_results(results: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The wide annual table and its reasons, rebuilt from long annual rows."""
    rows = table_of(results, "annual")
    scopes = list(dict.fromkeys(rows["scope"]))
    listed = metric_names("annual")
    names = [n for n in listed if n in set(rows["metric"])]
    names += [n for n in dict.fromkeys(rows["metric"]) if n not in listed]
    values = rows.pivot(index="scope", columns="metric", values="value")
    annual = values.reindex(index=scopes, columns=names).astype("Float64")
    annual.index.name, annual.columns.name = "scope", None
    reasons = rows.pivot(index="scope", columns="metric", values="reason")
    unavailable = [n for n in names if n in unavailable_metrics("annual") or n not in listed]
    reasons = reasons.reindex(index=scopes, columns=unavailable).astype(object)
    reasons.index.name, reasons.columns.name = "scope", None
    return annual, reasons.where(reasons.notna(), None)


def factors_frame(factors: Sequence[FactorUse]) -> pd.DataFrame:
    """Every factor a run used: id (naming its vintage), value as published, unit, source,
    confidence mark."""
    rows = [(f.factor_id, f.value, f.unit, f.source, f.confidence) for f in factors]
    return pd.DataFrame(rows, columns=list(FACTOR_COLUMNS))


def _params_json(message: Message) -> str:
    return json.dumps(dict(message.params), ensure_ascii=False, sort_keys=True)


def messages_frame(messages: Sequence[Message]) -> pd.DataFrame:
    """One row per message: code, severity, parameters (JSON text); words come from
    :func:`greenpark.report.messages.render_all` on ``message_items``."""
    rows = [(m.code, m.severity, _params_json(m)) for m in messages]
    return pd.DataFrame(rows, columns=list(MESSAGE_COLUMNS))
