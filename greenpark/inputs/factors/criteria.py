"""Assessment thresholds as versioned data (``greenpark/criteria/*.csv``), with sources.

``zero_carbon_park.csv`` holds the 910号 core-indicator size tiers (``jurisdiction`` =
``national``) and provincial overlays (a region key of ``factors/regions.csv``: Hunan's staged
thresholds of 湘工信节能〔2025〕467号, Inner Mongolia's regional-level parks). One row per
threshold: the size band of annual comprehensive energy use it applies to [tce] (lower bound
inclusive, blank = open), the target year where the document stages it, the limit
[t CO2/tce] and, for a published range, its upper end; then document, number, URL and the
confidence mark of ``shared/reference`` ([A]/[B]/[C]).
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

from greenpark.errors import InputError
from greenpark.i18n import text
from greenpark.inputs.factors.table import CONFIDENCE_MARKS

CRITERIA_DIR = Path(__file__).resolve().parents[2] / "criteria"
ZERO_CARBON_PARK_CSV = CRITERIA_DIR / "zero_carbon_park.csv"
COLUMNS = (
    "id",
    "scheme",
    "jurisdiction",
    "park_level",
    "energy_min_tce",
    "energy_max_tce",
    "target_year",
    "limit_t_per_tce",
    "limit_upper_t_per_tce",
    "source_document",
    "source_number",
    "url",
    "confidence",
    "note",
)
_NUMBERS = ("energy_min_tce", "energy_max_tce", "limit_t_per_tce", "limit_upper_t_per_tce")
NATIONAL = "national"


@dataclass(frozen=True)
class Threshold:
    """One threshold row; sizes in tce as the documents print them."""

    id: str
    scheme: str
    jurisdiction: str
    park_level: str
    energy_min_tce: float | None
    energy_max_tce: float | None
    target_year: int | None
    limit_t_per_tce: float
    limit_upper_t_per_tce: float | None
    source_document: str
    source_number: str
    url: str
    confidence: str
    note: str

    @property
    def tier(self) -> tuple[float, float | None, float]:
        """(lower [kgce], upper [kgce] or None, limit [t/tce]) for :mod:`greenpark.core.park910`."""
        lower = 0.0 if self.energy_min_tce is None else self.energy_min_tce * 1000.0
        upper = None if self.energy_max_tce is None else self.energy_max_tce * 1000.0
        return lower, upper, self.limit_t_per_tce


def load_thresholds(path: Path = ZERO_CARBON_PARK_CSV) -> tuple[Threshold, ...]:
    """Read and check a criteria table; InputError listing every bad cell."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise InputError(
                [
                    text(
                        f"{path}: 表头应为 {', '.join(COLUMNS)}",
                        f"{path}: the header must be {', '.join(COLUMNS)}",
                    )
                ]
            )
        rows = list(enumerate(reader, start=2))
    thresholds, problems = [], []
    for line, row in rows:
        cells = {column: (row[column] or "").strip() for column in COLUMNS}
        found = _problems(cells)
        where = f"{path} " + text(f"第 {line} 行", f"line {line}")
        problems += [f"{where}: {message}" for message in found]
        if not found:
            thresholds.append(_threshold(cells))
    if problems:
        raise InputError(problems)
    return tuple(thresholds)


def _number(cell: str) -> float | None:
    if not cell:
        return None
    value = float(cell)
    if not math.isfinite(value) or value < 0:
        raise ValueError(cell)
    return value


def _problems(cells: dict[str, str]) -> list[str]:
    found = [
        text(f"{c} 不能为空", f"{c} must not be empty")
        for c in ("id", "scheme", "jurisdiction", "limit_t_per_tce", "source_document")
        if not cells[c]
    ]
    for column in (*_NUMBERS, "target_year"):
        try:
            _number(cells[column])
        except ValueError:
            found.append(
                text(
                    f"{column} 应为非负数，实际为 {cells[column]!r}",
                    f"{column} must be a number ≥ 0, got {cells[column]!r}",
                )
            )
    if cells["confidence"] not in CONFIDENCE_MARKS:
        found.append(
            text(
                f"confidence 应为 {' / '.join(CONFIDENCE_MARKS)}，实际为 {cells['confidence']!r}",
                f"confidence must be {' / '.join(CONFIDENCE_MARKS)}, got {cells['confidence']!r}",
            )
        )
    return found


def _threshold(cells: dict[str, str]) -> Threshold:
    numbers = {column: _number(cells[column]) for column in _NUMBERS}
    limit = numbers.pop("limit_t_per_tce")
    assert limit is not None  # checked: not empty
    year = _number(cells["target_year"])
    return Threshold(
        id=cells["id"],
        scheme=cells["scheme"],
        jurisdiction=cells["jurisdiction"],
        park_level=cells["park_level"],
        energy_min_tce=numbers["energy_min_tce"],
        energy_max_tce=numbers["energy_max_tce"],
        target_year=None if year is None else int(year),
        limit_t_per_tce=limit,
        limit_upper_t_per_tce=numbers["limit_upper_t_per_tce"],
        source_document=cells["source_document"],
        source_number=cells["source_number"],
        url=cells["url"],
        confidence=cells["confidence"],
        note=cells["note"],
    )
