"""Catalogue metrics (:mod:`greenpark.metrics`) as report columns and cells: the unit a
report shows (MWh, tCO2, tce), the value scaled to it at full precision, and the words
why a value is missing."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from greenpark.i18n import text
from greenpark.metrics import metric
from greenpark.pipeline.availability import status_of
from greenpark.report.availability import STATUS_WORDS, unavailable_text
from greenpark.report.document import Cell, Column
from greenpark.report.formatting import metric_label

#: a catalogue format -> (factor from the stored unit to the shown one, column kind)
SCALES: dict[str, tuple[float, str]] = {
    "mwh": (1e-3, "n1"),
    "tco2": (1e-3, "n0"),
    "tco2e": (1e-3, "n0"),
    "tce": (1e-3, "n0"),
    "percent": (1.0, "percent"),
    "kgce_1": (1.0, "n1"),
    "ratio_2": (1.0, "n2"),
    "ratio_3": (1.0, "n3"),
    "factor": (1.0, "general"),
    "cny": (1.0, "n0"),
}


def metric_column(name: str) -> Column:
    """A metric's column: its label with the unit shown, and its kind."""
    return Column(metric_label(name), SCALES[metric(name).format][1])


def metric_kind(name: str) -> str:
    return SCALES[metric(name).format][1]


def scaled(name: str, value: float) -> float:
    """A metric's value in the unit the report shows (kWh -> MWh, kg -> t, kgce -> tce)."""
    return float(value) * SCALES[metric(name).format][0]


def metric_cell(
    name: str, values: Mapping[Any, Any], reasons: Mapping[Any, Any], short: bool = True
) -> Cell:
    """A metric of one row (``values``/``reasons``: a row of ``annual()`` and of
    ``annual_reasons()``) as a report cell: the scaled value, or why there is none."""
    reason = reasons.get(name)
    if isinstance(reason, str):
        status = status_of(reason)
        return text(*STATUS_WORDS[status]) if short else unavailable_text(status, reason)
    return scaled(name, values[name])
