"""Assessment indicators as versioned data (``greenpark/criteria/<scheme>.csv``), with sources.

One row per indicator of a scheme: its id, names, unit, how a value is compared with the
threshold (``ge``: at least, ``le``: at most), the threshold (blank where the official value is
sector-specific or unpublished: the user supplies it), a weight where the scheme scores, and
the source document, number, article, URL and confidence mark of ``shared/reference``
([A]/[B]/[C]). ``mu_efficiency_classes.csv`` holds the 亩均效益 classes by rank share.

A user's ``--criteria FILE`` (columns ``id,threshold`` and an optional ``note``) supplies or
replaces thresholds; rows it touches are marked ``supplied``. Ids of the form
``<indicator>.<enterprise>`` (e.g. ``zcp.product_energy.E07``) supply a per-enterprise value.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType

from greenpark.errors import InputError
from greenpark.i18n import text
from greenpark.inputs.factors.criteria import CRITERIA_DIR
from greenpark.inputs.factors.table import CONFIDENCE_MARKS

COLUMNS = (
    "id",
    "scheme",
    "indicator_zh",
    "indicator_en",
    "unit",
    "comparison",
    "threshold",
    "weight",
    "source_document",
    "source_number",
    "article",
    "url",
    "confidence",
    "note",
)
CLASS_COLUMNS = (
    "class",
    "rank_share_upto",
    "label_zh",
    "label_en",
    "source_document",
    "url",
    "confidence",
)
COMPARISONS = ("ge", "le")
_REQUIRED = ("id", "scheme", "indicator_zh", "indicator_en", "unit", "source_document")
SCHEME_FILES = {
    "zero_carbon_park": "zero_carbon_park_guiding.csv",
    "green_park": "green_park.csv",
    "mu_efficiency": "mu_efficiency.csv",
    "green_factory": "green_factory.csv",
}


@dataclass(frozen=True)
class Criterion:
    """One indicator of a scheme; ``threshold`` None = the user must supply it."""

    id: str
    scheme: str
    indicator_zh: str
    indicator_en: str
    unit: str
    comparison: str
    threshold: float | None
    weight: float | None
    source_document: str
    source_number: str
    article: str
    url: str
    confidence: str
    note: str
    supplied: bool = False

    @property
    def name(self) -> str:
        """The indicator's name in the current language."""
        return text(self.indicator_zh, self.indicator_en)

    @property
    def source(self) -> str:
        """Document, number and article in one line."""
        return " ".join(p for p in (self.source_document, self.source_number, self.article) if p)


@dataclass(frozen=True)
class RankClass:
    """A class of the 亩均效益 evaluation: enterprises ranked in the top ``rank_share_upto``."""

    name: str
    rank_share_upto: float
    label_zh: str
    label_en: str
    source_document: str
    url: str
    confidence: str


def _rows(path: Path, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        found = tuple(reader.fieldnames or ())
        if not set(columns) <= set(found):
            raise InputError(
                [
                    text(
                        f"{path}: 表头应为 {', '.join(columns)}",
                        f"{path}: the header must be {', '.join(columns)}",
                    )
                ]
            )
        return [
            (line, {c: (row.get(c) or "").strip() for c in found})
            for line, row in enumerate(reader, start=2)
        ]


def _number(cell: str) -> float | None:
    if not cell:
        return None
    value = float(cell)
    if not math.isfinite(value):
        raise ValueError(cell)
    return value


def _numbers(cells: Mapping[str, str], columns: tuple[str, ...]) -> list[str]:
    found = []
    for column in columns:
        try:
            _number(cells[column])
        except ValueError:
            found.append(
                text(
                    f"{column} 应为数字，实际为 {cells[column]!r}",
                    f"{column} must be a number, got {cells[column]!r}",
                )
            )
    return found


def _criterion_problems(cells: Mapping[str, str]) -> list[str]:
    found = [text(f"{c} 不能为空", f"{c} must not be empty") for c in _REQUIRED if not cells[c]]
    if cells["comparison"] not in COMPARISONS:
        found.append(
            text(
                f"comparison 应为 ge / le，实际为 {cells['comparison']!r}",
                f"comparison must be ge / le, got {cells['comparison']!r}",
            )
        )
    if cells["confidence"] not in CONFIDENCE_MARKS:
        found.append(
            text(
                f"confidence 应为 {' / '.join(CONFIDENCE_MARKS)}，实际为 {cells['confidence']!r}",
                f"confidence must be {' / '.join(CONFIDENCE_MARKS)}, got {cells['confidence']!r}",
            )
        )
    return found + _numbers(cells, ("threshold", "weight"))


def _where(path: Path, line: int) -> str:
    return f"{path} " + text(f"第 {line} 行", f"line {line}")


def _criterion(cells: Mapping[str, str]) -> Criterion:
    c = cells
    return Criterion(
        id=c["id"],
        scheme=c["scheme"],
        indicator_zh=c["indicator_zh"],
        indicator_en=c["indicator_en"],
        unit=c["unit"],
        comparison=c["comparison"],
        threshold=_number(c["threshold"]),
        weight=_number(c["weight"]),
        source_document=c["source_document"],
        source_number=c["source_number"],
        article=c["article"],
        url=c["url"],
        confidence=c["confidence"],
        note=c["note"],
    )


def load_criteria(scheme: str, path: Path | None = None) -> tuple[Criterion, ...]:
    """The indicators of ``scheme`` (shipped table unless ``path``); InputError listing
    every bad cell."""
    path = CRITERIA_DIR / SCHEME_FILES[scheme] if path is None else path
    criteria, problems = [], []
    for line, cells in _rows(path, COLUMNS):
        found = _criterion_problems(cells)
        problems += [f"{_where(path, line)}: {message}" for message in found]
        if not found:
            criteria.append(_criterion(cells))
    if problems:
        raise InputError(problems)
    return tuple(criteria)


def load_rank_classes(path: Path | None = None) -> tuple[RankClass, ...]:
    """The 亩均效益 classes, best first (rank shares rising to 1)."""
    path = CRITERIA_DIR / "mu_efficiency_classes.csv" if path is None else path
    classes, problems = [], []
    for line, cells in _rows(path, CLASS_COLUMNS):
        found = _numbers(cells, ("rank_share_upto",))
        problems += [f"{_where(path, line)}: {message}" for message in found]
        if not found:
            share = _number(cells["rank_share_upto"]) or 0.0
            values = [cells[c] for c in CLASS_COLUMNS]
            classes.append(RankClass(values[0], share, *values[2:]))
    shares = [c.rank_share_upto for c in classes]
    if classes and (shares != sorted(shares) or shares[-1] != 1.0):
        problems.append(
            text(
                f"{path}: rank_share_upto 须递增且最后一类为 1",
                f"{path}: rank_share_upto must rise and end at 1",
            )
        )
    if problems:
        raise InputError(problems)
    return tuple(classes)


def read_supplied_values(path: Path) -> Mapping[str, float]:
    """A user's criteria file: ``id`` -> threshold; InputError listing every bad row."""
    values: dict[str, float] = {}
    problems = []
    for line, cells in _rows(path, ("id", "threshold")):
        found = _numbers(cells, ("threshold",))
        if not cells["id"] or not cells["threshold"]:
            found.append(text("id 与 threshold 均不能为空", "id and threshold must not be empty"))
        problems += [f"{_where(path, line)}: {message}" for message in found]
        if not found:
            values[cells["id"]] = float(cells["threshold"])
    if problems:
        raise InputError(problems)
    return MappingProxyType(values)


def with_supplied(
    criteria: tuple[Criterion, ...], supplied: Mapping[str, float]
) -> tuple[Criterion, ...]:
    """``criteria`` with the user's values in place (marked ``supplied``)."""
    return tuple(
        replace(c, threshold=supplied[c.id], supplied=True) if c.id in supplied else c
        for c in criteria
    )
