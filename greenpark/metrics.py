"""The catalogue of result metrics (``greenpark/metrics.csv``): every annual number a run gives,
described once.

One row per metric: ``name`` (the column name, unit-suffixed), ``table`` (``annual``: a row
per enterprise and the park; ``park_910``: the 910号 park basis; ``direct_line``: the 绿电直连
tests), ``unit`` (as stored with the run), ``dimension``, ``label_zh`` / ``label_en`` (what
people read), ``format`` (how :mod:`greenpark.report.formatting` shows it), whether it
``can_be_unavailable`` (a status and reason instead of a value, see
:mod:`greenpark.pipeline.availability`) and a ``description``. Tables, result files, the run
store and reports read it; a test keeps it and the results in step. The monthly green shares
are ``green_share_fraction`` by month.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from pathlib import Path

CATALOGUE = Path(__file__).resolve().parent / "metrics.csv"
TABLES = ("annual", "park_910", "direct_line")
#: how a metric is shown (``greenpark.report.formatting.METRIC_FORMATS`` and ``SYSTEM_FORMATS``
#: implement each)
FORMATS = (
    "mwh",
    "tco2",
    "tco2e",
    "tce",
    "percent",
    "kgce_1",
    "ratio_2",
    "ratio_3",
    "factor",
    "cny",
)


@dataclass(frozen=True)
class Metric:
    """One row of the catalogue (see the module docstring)."""

    name: str
    table: str
    unit: str
    dimension: str
    label_zh: str
    label_en: str
    format: str
    can_be_unavailable: bool
    description: str


def _metric(row: dict[str, str], line: int) -> Metric:
    flag = row["can_be_unavailable"]
    if row["table"] not in TABLES or row["format"] not in FORMATS or flag not in ("true", "false"):
        raise ValueError(f"{CATALOGUE.name} line {line}: bad table, format or flag in {row}")
    return Metric(
        name=row["name"],
        table=row["table"],
        unit=row["unit"],
        dimension=row["dimension"],
        label_zh=row["label_zh"],
        label_en=row["label_en"],
        format=row["format"],
        can_be_unavailable=flag == "true",
        description=row["description"],
    )


@functools.cache
def catalogue() -> dict[str, Metric]:
    """Every metric by name, in catalogue order (the order of result columns)."""
    with CATALOGUE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    metrics = [_metric(row, line) for line, row in enumerate(rows, start=2)]
    found = {m.name: m for m in metrics}
    if len(found) != len(metrics):
        raise ValueError(f"{CATALOGUE.name}: a metric is listed twice")
    return found


def metric(name: str) -> Metric:
    """The catalogue row of ``name``; KeyError names the file for a metric not listed."""
    try:
        return catalogue()[name]
    except KeyError:
        raise KeyError(f"{name!r} is not in {CATALOGUE.name}") from None


def metric_names(table: str) -> tuple[str, ...]:
    """The metrics of one table (``annual``, ``park_910``, ``direct_line``), in order."""
    return tuple(m.name for m in catalogue().values() if m.table == table)


def unavailable_metrics(table: str) -> tuple[str, ...]:
    """The metrics of ``table`` that can have no value (a status and reason instead)."""
    return tuple(m.name for m in catalogue().values() if m.table == table and m.can_be_unavailable)
