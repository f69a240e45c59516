"""Assessment tables: an indicator's value against its threshold, with status and source.

Every scheme returns its indicators as one DataFrame of :data:`ASSESSMENT_COLUMNS`:
``indicator`` (criteria id), ``indicator_zh`` / ``indicator_en``, ``scope`` (``park`` or an
enterprise id), ``basis`` (the electricity conversion, ``calorific`` 当量值 / ``primary``
等价值, or empty), ``value`` and ``threshold`` (nullable ``Float64``, full precision, never
NaN), ``unit``, ``comparison`` (``ge`` at least / ``le`` at most), ``status``, ``reason``,
``confidence`` (of the threshold), ``source`` (document, number, article), ``supplied``
(the threshold came from the user's criteria file) and ``note``.

Status: ``pass``, ``fail``, ``no_data`` (the value or the threshold is missing: never a pass)
or ``not_applicable`` (e.g. a park below the lowest 910号 size band); ``reason`` says why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

import pandas as pd

from greenpark.inputs.factors.indicator_criteria import Criterion

ASSESSMENT_COLUMNS = (
    "indicator",
    "indicator_zh",
    "indicator_en",
    "scope",
    "basis",
    "value",
    "unit",
    "threshold",
    "comparison",
    "status",
    "reason",
    "confidence",
    "source",
    "supplied",
    "note",
)
PARK = "park"
STATUSES = ("pass", "fail", "no_data", "not_applicable")
#: reasons that make a row not applicable rather than missing
NOT_APPLICABLE_REASONS = frozenset({"below_910_scope"})


@dataclass(frozen=True)
class Row:
    """One assessed indicator (see the module docstring for the fields)."""

    criterion: Criterion
    value: float | None
    scope: str = PARK
    basis: str = ""
    reason: str | None = None
    threshold: float | None = None
    note: str = ""
    supplied: bool = False

    @property
    def limit(self) -> float | None:
        """The threshold the value is compared with: given here, else the criterion's."""
        return self.threshold if self.threshold is not None else self.criterion.threshold


def verdict(value: float | None, threshold: float | None, comparison: str) -> str:
    """``pass`` / ``fail`` for a value against a threshold; ``no_data`` when either is
    missing (no data is never a pass)."""
    if value is None or threshold is None:
        return "no_data"
    passed = value >= threshold if comparison == "ge" else value <= threshold
    return "pass" if passed else "fail"


def _reason(row: Row) -> str | None:
    if row.reason is not None:
        return row.reason
    if row.value is None:
        return "no_data"
    return "no_threshold" if row.limit is None else None


def _record(row: Row) -> dict[str, object]:
    c = row.criterion
    status = verdict(row.value, row.limit, c.comparison)
    if row.reason in NOT_APPLICABLE_REASONS:
        status = "not_applicable"
    return {
        "indicator": c.id,
        "indicator_zh": c.indicator_zh,
        "indicator_en": c.indicator_en,
        "scope": row.scope,
        "basis": row.basis,
        "value": row.value,
        "unit": c.unit,
        "threshold": row.limit,
        "comparison": c.comparison,
        "status": status,
        "reason": _reason(row),
        "confidence": c.confidence,
        "source": c.source,
        "supplied": c.supplied or row.supplied,
        "note": row.note,
    }


def assessment_frame(rows: Sequence[Row]) -> pd.DataFrame:
    """The rows as an assessment table (:data:`ASSESSMENT_COLUMNS`)."""
    frame = pd.DataFrame([_record(r) for r in rows], columns=list(ASSESSMENT_COLUMNS))
    for column in ("value", "threshold"):
        frame[column] = pd.array(
            [None if v is None or pd.isna(v) else float(v) for v in frame[column]],
            dtype="Float64",
        )
    frame["supplied"] = frame["supplied"].astype(bool)
    frame["reason"] = frame["reason"].astype(object).where(frame["reason"].notna(), None)
    return frame


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    """numerator ÷ denominator; None when either is missing or the denominator is not
    positive."""
    if numerator is None or denominator is None or denominator <= 0:
        return None
    return numerator / denominator


def cell(table: pd.DataFrame, row: str, column: str) -> float | None:
    """A nullable table cell as a float (None for ``<NA>``)."""
    value = cast(float, table.at[row, column])
    return None if pd.isna(value) else float(value)
