"""Plausibility limits (``factors/plausibility.csv``): values that are refused as impossible.

Each row is one limit with its basis: ``check, subject, lower, upper, unit, confirmable,
basis, source, confidence``. ``check`` names the rule that reads it:

- ``roof_dc_per_area`` — installed DC per m² of roof [kW/m²];
- ``reading_vs_typical`` — a meter reading against its series' median positive reading [-];
- ``reading_hour_max`` — one enterprise-hour's reading per carrier kind (``subject``, a
  ``kind`` of ``carriers.csv``), in the unit given; a month may hold its hours' worth;
- ``override_value`` — a factor override's canonical value, by factor quantity (``subject``);
- ``override_ratio`` — a factor override against the table value it replaces, by quantity.

``lower``/``upper`` may be blank (no bound); they are in the row's ``unit``, which the rule
converts its values to. ``confirmable: yes`` marks limits that a real value may exceed: such a value
is accepted when ``park.yaml`` lists it under ``confirmed:`` with a reason.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

from greenpark.errors import InputError, UnitError
from greenpark.i18n import text
from greenpark.inputs.carriers import load_carriers
from greenpark.inputs.factors.table import CANONICAL_UNITS, CARRIER, CONFIDENCE_MARKS
from greenpark.units import parse_unit

PLAUSIBILITY_CSV = "plausibility.csv"
PLAUSIBILITY_COLUMNS = (
    "check",
    "subject",
    "lower",
    "upper",
    "unit",
    "confirmable",
    "basis",
    "source",
    "confidence",
)
#: check -> the unit its bounds must convert to (None: the row's own unit, any dimension)
CHECK_UNITS: dict[str, str | None] = {
    "roof_dc_per_area": "kW/m**2",
    "reading_vs_typical": "dimensionless",
    "reading_hour_max": None,
    "override_value": None,
    "override_ratio": "dimensionless",
}
ANY_SUBJECT = "-"


@dataclass(frozen=True)
class Limit:
    """One row: bounds in ``unit`` (None when open), whether a user may confirm beyond them."""

    check: str
    subject: str
    lower: float | None
    upper: float | None
    unit: str
    confirmable: bool
    basis: str
    source: str
    confidence: str

    def outside(self, value: float) -> bool:
        """Whether ``value`` (in ``unit``) breaks a bound; a non-finite value always does."""
        if not math.isfinite(value):
            return True
        return (self.lower is not None and value < self.lower) or (
            self.upper is not None and value > self.upper
        )

    def expected(self) -> str:
        """The allowed range as people read it: ``0.05–1.5 kg/kWh``, ``≤ 0.35 kW/m**2``."""
        unit = "" if self.unit == "dimensionless" else f" {self.unit}"
        if self.lower is not None and self.upper is not None:
            return f"{self.lower:g}–{self.upper:g}{unit}"
        if self.upper is not None:
            return f"≤ {self.upper:g}{unit}"
        return f"≥ {self.lower:g}{unit}"


class Plausibility:
    """The limits by (check, subject); a subject-less row (``-``) applies to every subject."""

    def __init__(self, limits: list[Limit]) -> None:
        self._limits = {(limit.check, limit.subject): limit for limit in limits}

    def limit(self, check: str, subject: str = ANY_SUBJECT) -> Limit | None:
        """The limit of ``check`` for ``subject``, else its subject-less row, else None."""
        return self._limits.get((check, subject)) or self._limits.get((check, ANY_SUBJECT))


def load_plausibility(directory: Path) -> Plausibility:
    """Read and validate ``directory/plausibility.csv``; InputError listing every bad row."""
    path = directory / PLAUSIBILITY_CSV
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = tuple(reader.fieldnames or ())
            rows = list(enumerate(reader, start=2))
    except FileNotFoundError as exc:
        raise InputError(
            [
                text(
                    f"{path}: 缺少合理性限值表（与因子表同目录）",
                    f"{path}: the plausibility-limit table is missing (it sits with the factor "
                    "tables)",
                )
            ]
        ) from exc
    if header != PLAUSIBILITY_COLUMNS:
        raise InputError(
            [
                text(
                    f"{path}: 表头应为 {', '.join(PLAUSIBILITY_COLUMNS)}",
                    f"{path}: the header must be {', '.join(PLAUSIBILITY_COLUMNS)}",
                )
            ]
        )
    limits: list[Limit] = []
    problems: list[str] = []
    for line, row in rows:
        cells = {key: (row[key] or "").strip() for key in PLAUSIBILITY_COLUMNS}
        found = _row_problems(cells)
        where = f"{path} " + text(f"第 {line} 行", f"line {line}")
        problems.extend(f"{where}: {message}" for message in found)
        if not found:
            limits.append(_limit(cells))
    if problems:
        raise InputError(problems)
    return Plausibility(limits)


def _bound(cell: str) -> float | None:
    return float(cell) if cell else None


def _limit(cells: dict[str, str]) -> Limit:
    return Limit(
        check=cells["check"],
        subject=cells["subject"],
        lower=_bound(cells["lower"]),
        upper=_bound(cells["upper"]),
        unit=cells["unit"],
        confirmable=cells["confirmable"] == "yes",
        basis=cells["basis"],
        source=cells["source"],
        confidence=cells["confidence"],
    )


def _row_problems(cells: dict[str, str]) -> list[str]:
    found = [
        text(f"{key} 不能为空", f"{key} must not be empty")
        for key in ("check", "subject", "unit", "basis", "source")
        if not cells[key]
    ]
    if cells["check"] not in CHECK_UNITS:
        found.append(text("未知的 check：", "unknown check: ") + repr(cells["check"]))
    if cells["confirmable"] not in ("yes", "no"):
        found.append(text("confirmable 须为 yes 或 no", "confirmable must be yes or no"))
    if cells["confidence"] not in CONFIDENCE_MARKS:
        found.append(text("confidence 须为 ", "confidence must be ") + "/".join(CONFIDENCE_MARKS))
    found.extend(_bound_problems(cells["lower"], cells["upper"]))
    found.extend(_subject_problems(cells["check"], cells["subject"]))
    wanted = CHECK_UNITS.get(cells["check"])
    if cells["check"] == "override_value":
        wanted = CANONICAL_UNITS.get(cells["subject"])
        if wanted is not None and CARRIER in wanted:
            found.append(
                text(
                    "按能源品种计的量请用 override_ratio",
                    "use override_ratio for per-carrier quantities",
                )
            )
            wanted = None
    try:
        unit = parse_unit(cells["unit"])
        if wanted is not None and unit.dimensionality != parse_unit(wanted).dimensionality:
            found.append(text(f"unit 须可换算为 {wanted}", f"unit must convert to {wanted}"))
    except UnitError:
        found.append(text("无法识别的单位：", "unreadable unit: ") + repr(cells["unit"]))
    return found


def _subject_problems(check: str, subject: str) -> list[str]:
    """Override rows name a factor quantity, reading caps a carrier kind, others ``-``."""
    if check.startswith("override_"):
        known = sorted(CANONICAL_UNITS)
    elif check == "reading_hour_max":
        known = sorted({carrier.kind for carrier in load_carriers().values()})
    else:
        known = [ANY_SUBJECT]
    if subject in known:
        return []
    return [
        text(f"subject 须为 {', '.join(known)} 之一", f"subject must be one of {', '.join(known)}")
    ]


def _bound_problems(lower: str, upper: str) -> list[str]:
    try:
        low, high = _bound(lower), _bound(upper)
    except ValueError:
        return [text("lower/upper 须为数字或留空", "lower/upper must be numbers or blank")]
    if low is None and high is None:
        return [text("lower 与 upper 不能都为空", "lower and upper must not both be blank")]
    bounds = [b for b in (low, high) if b is not None]
    ordered = low is None or high is None or low < high
    if not (all(math.isfinite(b) for b in bounds) and ordered):
        return [text("须为有限数且 lower < upper", "must be finite with lower < upper")]
    return []
