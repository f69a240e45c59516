"""Coverage of the run's activity data: one row per (enterprise, carrier) saying how much of
the year was measured, completed from bills, imputed or extrapolated (``coverage.csv``).

Shares are weighted by quantity (kWh, m³, GJ …) where the series has any; a series whose
completed year sums to zero (a zero-use enterprise) is weighted by hours instead, and
``fraction_basis`` says which. Hours and months are counted by source as well: an hour is
measured when its reading is; a month is measured when every one of its hours is, otherwise
it is counted under the way its missing hours were filled (:mod:`greenpark.core.coverage`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from greenpark.core.coverage import FILLED_CODES, PLANNED, SOURCES, source_counts, source_sums
from greenpark.core.load_profiles import FilledLoad
from greenpark.inputs.carriers import load_carriers
from greenpark.inputs.meters.load import MeterData
from greenpark.pipeline.activity import completed_carrier

_FILLED = tuple(SOURCES[code] for code in FILLED_CODES)  # measured … extrapolated, planned
#: the ``files`` of a planned series (``enterprises[].planned_use`` in the park file)
PLANNED_FILES = "planned_use"
COVERAGE_COLUMNS = (
    "enterprise",
    "carrier",
    "use",
    "unit",
    "files",
    "total",
    *(f"{source}_fraction" for source in _FILLED),
    "fraction_basis",
    *(f"{source}_hours" for source in _FILLED),
    *(f"{source}_months" for source in _FILLED),
)


def coverage_table(
    meters: MeterData,
    electricity: FilledLoad,
    enterprise_ids: Sequence[str],
    planned_fuels: Sequence[tuple[str, str, float]] = (),
) -> pd.DataFrame:
    """Coverage of every enterprise's electricity and of every other series with data.

    Rows are in enterprise order, then in the order of ``carriers.csv``; ``total`` is the
    completed year in the carrier's canonical ``unit``. ``planned_fuels`` (enterprise, fuel,
    year) are the fuels of enterprises with a planned use: all ``planned``, as is their
    electricity (``files``: :data:`PLANNED_FILES`).
    """
    ids = list(enterprise_ids)
    electricity_kwh = source_sums(electricity.load_kwh, electricity.source, FILLED_CODES)
    parts = [
        _rows(ids, "electricity", electricity_kwh, electricity.source, electricity.month_source),
        *(_planned_row(meters, *fuel) for fuel in planned_fuels),
    ]
    for use in ("fuel", "feedstock"):
        for carrier in load_carriers():
            if (carrier, use) == ("electricity", "fuel"):
                continue
            if any(carrier in frames for frames in meters.frames(use)):
                found, completed = completed_carrier(meters, carrier, use)
                quantity = np.c_[completed.quantity_by_source(), np.zeros(len(found))]
                rows = _rows(found, carrier, quantity, completed.source, completed.month_source)
                parts.append(rows.assign(use=use))
    table = pd.concat(parts, ignore_index=True)
    files = _files(meters.quality)
    table["files"] = [
        files.get(series, "")
        for series in zip(table["enterprise"], table["carrier"], table["use"], strict=True)
    ]
    table.loc[table["planned_hours"] > 0, "files"] = PLANNED_FILES
    order = {e: i for i, e in enumerate(ids)}
    carriers = {c: i for i, c in enumerate(load_carriers())}
    table = table.sort_values(
        ["enterprise", "carrier"],
        key=lambda column: column.map(order if column.name == "enterprise" else carriers),
        kind="stable",
    )
    return table.loc[:, list(COVERAGE_COLUMNS)].reset_index(drop=True)


def _rows(
    ids: list[str],
    carrier: str,
    sums: np.ndarray,
    source: np.ndarray,
    month_source: np.ndarray,
) -> pd.DataFrame:
    """Coverage rows of one carrier: quantity by source (S, 4), hour and month sources."""
    hours = source_counts(source, FILLED_CODES)
    total = sums.sum(axis=1)
    by_quantity = total > 0
    weights = np.where(by_quantity[:, None], sums, hours)
    fractions = weights / weights.sum(axis=1, keepdims=True)
    months = source_counts(month_source, FILLED_CODES)
    columns: dict[str, object] = {
        "enterprise": ids,
        "carrier": carrier,
        "use": "fuel",
        "unit": load_carriers()[carrier].canonical_unit,
        "total": total,
        "fraction_basis": np.where(by_quantity, "quantity", "hours"),
    }
    for i, name in enumerate(_FILLED):
        columns[f"{name}_fraction"] = fractions[:, i]
        columns[f"{name}_hours"] = hours[:, i]
        columns[f"{name}_months"] = months[:, i]
    return pd.DataFrame(columns)


def _planned_row(meters: MeterData, enterprise: str, carrier: str, year: float) -> pd.DataFrame:
    """The coverage row of a planned fuel: every hour and month ``planned``."""
    size = len(meters.hours)
    sums = np.zeros((1, len(FILLED_CODES)))
    sums[0, FILLED_CODES.index(PLANNED)] = year
    source = np.full((size, 1), PLANNED)
    return _rows([enterprise], carrier, sums, source, np.full((12, 1), PLANNED))


def _files(quality: pd.DataFrame) -> dict[tuple[str, str, str], str]:
    """(enterprise, carrier, use) -> the files of its series, joined in quality order."""
    files: dict[tuple[str, str, str], list[str]] = {}
    columns = (quality[name] for name in ("enterprise", "carrier", "use", "file"))
    for enterprise, carrier, use, file in zip(*columns, strict=True):
        files.setdefault((str(enterprise), str(carrier), str(use)), []).append(str(file))
    return {series: "; ".join(found) for series, found in files.items()}
