"""One factor table (``factors/<family>.csv``): read, validate and convert rows to :class:`Factor`.

A row keeps its value and unit verbatim, as the source prints them (``0.11 tCO2/GJ``,
``389.31 GJ/10^4 Nm3``, ``94 %``), and gains a canonical value and unit on load
(``110 kg/GJ``, ``0.038931 GJ/m**3``, ``0.94 dimensionless``). Canonical units follow
ARCHITECTURE.md; per-carrier quantities (coal equivalents, heating values) are per the
carrier's canonical unit from ``greenpark/inputs/carriers.csv``, the carrier being the second
part of the factor id (``coal_equiv.<carrier>.<variant>``,
``fuel.<carrier>.<parameter>.<vintage>``).
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from greenpark.errors import UnitError
from greenpark.i18n import text
from greenpark.inputs.factors.regions import ANY_REGION
from greenpark.inputs.problems import problem, shown
from greenpark.units import convert

COLUMNS = (
    "id",
    "quantity",
    "region",
    "year",
    "variant",
    "value",
    "unit",
    "gas",
    "source_document",
    "source_number",
    "url",
    "confidence",
    "note",
    "applicable_from",
    "applicable_to",
    "status",
)
#: trailing columns a table may leave out altogether (older tables have 13 columns)
VALIDITY_COLUMNS = ("applicable_from", "applicable_to", "status")
OPTIONAL_COLUMNS = frozenset({"year", "source_number", "url", "note", *VALIDITY_COLUMNS})
CONFIDENCE_MARKS = ("[A]", "[B]", "[C]")
#: ``status`` values: blank (nothing known against the row) or ``suspect`` (the source itself
#: looks wrong; a run that uses the row says so)
SUSPECT = "suspect"
STATUSES = ("", SUSPECT)
CARRIER = "{carrier}"

#: canonical unit of each factor quantity; ``{carrier}`` is the carrier's canonical unit
CANONICAL_UNITS: dict[str, str] = {
    "grid_co2": "kg/kWh",
    "grid_co2_ets": "kg/kWh",
    "electricity_footprint_co2e": "kg/kWh",
    "heat_co2": "kg/GJ",
    "coal_equivalent": f"kgce/{CARRIER}",
    "fuel_ncv": f"GJ/{CARRIER}",
    "fuel_carbon_content": "kg/GJ",
    "fuel_oxidation": "dimensionless",
    "gwp": "dimensionless",
}

_ID = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)+$")
_GAS_LABEL = re.compile(r"^(k?g|t)(CO2e|CO2|C)(?=/|$)")  # kgCO2/kWh, tC/TJ -> kg/kWh, t/TJ


@dataclass(frozen=True)
class Factor:
    """One factor: the table's columns verbatim plus its value in canonical units.

    ``origin`` says where the value came from: ``<file> line <n>`` or a park override.
    """

    id: str
    quantity: str
    region: str
    year: int | None
    variant: str
    value: float
    unit: str
    gas: str
    source_document: str
    source_number: str
    url: str
    confidence: str
    note: str
    canonical_value: float
    canonical_unit: str
    origin: str
    applicable_from: date | None = None
    applicable_to: date | None = None
    status: str = ""

    def applies_in(self, year: int) -> bool:
        """Whether the row's applicability window (if any) overlaps the calendar ``year``."""
        starts_in_time = self.applicable_from is None or self.applicable_from <= date(year, 12, 31)
        lasts = self.applicable_to is None or self.applicable_to >= date(year, 1, 1)
        return starts_in_time and lasts

    @property
    def window(self) -> str:
        """The applicability window as text (``2025-01-01 – ``), empty when there is none."""
        if self.applicable_from is None and self.applicable_to is None:
            return ""
        start = "" if self.applicable_from is None else self.applicable_from.isoformat()
        end = "" if self.applicable_to is None else self.applicable_to.isoformat()
        return f"{start} – {end}".strip()


def pint_unit(unit: str) -> str:
    """A factor table's unit spelled for :mod:`greenpark.units`: gas labels dropped.

    ``10^4 Nm3``, ``万kWh`` and ``%`` are read by :func:`greenpark.units.convert` itself.

    >>> pint_unit("tCO2/MWh"), pint_unit("tC/TJ"), pint_unit("GJ/10^4 Nm3")
    ('t/MWh', 't/TJ', 'GJ/10^4 Nm3')
    """
    return _GAS_LABEL.sub(r"\1", unit.strip())


@lru_cache(maxsize=256)
def unit_scale(unit: str, canonical_unit: str) -> float:
    """Multiplier from a table ``unit`` to ``canonical_unit``; UnitError when they differ."""
    return convert(1.0, pint_unit(unit), canonical_unit)


def canonical_unit_of(
    quantity: str, factor_id: str, carrier_units: Mapping[str, str]
) -> str | None:
    """Canonical unit of ``quantity`` for the factor ``factor_id``; None if it cannot be known."""
    template = CANONICAL_UNITS.get(quantity)
    if template is None or CARRIER not in template:
        return template
    parts = factor_id.split(".")
    carrier_unit = carrier_units.get(parts[1]) if len(parts) > 1 else None
    return None if carrier_unit is None else template.replace(CARRIER, carrier_unit)


def read_factor_table(
    path: Path, carrier_units: Mapping[str, str], region_keys: frozenset[str]
) -> tuple[list[Factor], list[str]]:
    """Read one factor CSV; return its factors and every problem found (empty when fine).

    Parameters
    ----------
    path
        The CSV file, with exactly the columns :data:`COLUMNS`.
    carrier_units
        Carrier id -> canonical unit (``carriers.csv``), for per-carrier quantities.
    region_keys
        Keys allowed in the ``region`` column (besides ``-``).
    """
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        header = tuple(reader.fieldnames or ())
        if header not in (COLUMNS, COLUMNS[: -len(VALIDITY_COLUMNS)]):
            what = text("表头不对", "wrong header")
            return [], [
                problem(
                    str(path), "", what, got=reader.fieldnames, expected=", ".join(COLUMNS)
                ).message
            ]
        rows = list(enumerate(reader, start=2))
    factors: list[Factor] = []
    problems: list[str] = []
    for line, row in rows:
        cells = {column: (row.get(column) or "").strip() for column in COLUMNS}
        found = _row_problems(cells, carrier_units, region_keys)
        where = f"{path} " + text(f"第 {line} 行", f"line {line}")
        if found:
            problems.extend(f"{where}: {cells['id'] or '?'}: {message}" for message in found)
        else:
            factors.append(_factor(cells, carrier_units, where))
    return factors, problems


def _row_problems(
    cells: Mapping[str, str], carrier_units: Mapping[str, str], region_keys: frozenset[str]
) -> list[str]:
    missing = [c for c in COLUMNS if c not in OPTIONAL_COLUMNS and not cells[c]]
    found = [text(f"{c} 不能为空", f"{c} must not be empty") for c in missing]
    if cells["id"] and not _ID.match(cells["id"]):
        found.append(
            _got(
                text("id 格式不对", "id has the wrong form"),
                cells["id"],
                text(
                    "小写点分编号，如 grid.province.shanxi.2023",
                    "a dotted lower-case id such as grid.province.shanxi.2023",
                ),
            )
        )
    if cells["region"] and cells["region"] not in region_keys | {ANY_REGION}:
        found.append(
            _got(
                text("未知地区", "unknown region"),
                cells["region"],
                text("regions.csv 中的键或 -", "a key from regions.csv or -"),
            )
        )
    if cells["confidence"] and cells["confidence"] not in CONFIDENCE_MARKS:
        found.append(_got("confidence", cells["confidence"], " / ".join(CONFIDENCE_MARKS)))
    found.extend(_year_problems(cells["year"]))
    found.extend(_value_problems(cells["value"]))
    found.extend(_validity_problems(cells))
    if cells["quantity"] and cells["unit"]:
        found.extend(_unit_problems(cells, carrier_units))
    return found


def _got(what: str, got: str, expected: str) -> str:
    return what + text(
        f"，实际为 {shown(got)}，应为 {expected}", f", got {shown(got)}, expected {expected}"
    )


def _year_problems(year: str) -> list[str]:
    if not year or (year.isdigit() and 1990 <= int(year) <= 2100):
        return []
    return [
        _got(
            text("year 不对", "bad year"),
            year,
            text("1990–2100 的年份或留空", "a year 1990–2100 or blank"),
        )
    ]


def _date_or_none(cell: str) -> date | None:
    """``YYYY-MM-DD`` as a date, None when blank; ValueError when malformed."""
    if not cell:
        return None
    if len(cell) != len("YYYY-MM-DD"):
        raise ValueError(cell)
    return date.fromisoformat(cell)


def _validity_problems(cells: Mapping[str, str]) -> list[str]:
    """Problems of ``applicable_from``, ``applicable_to`` (dates, in order) and ``status``."""
    found, dates = [], []
    for column in ("applicable_from", "applicable_to"):
        try:
            dates.append(_date_or_none(cells[column]))
        except ValueError:
            dates.append(None)
            expected = text("YYYY-MM-DD 或留空", "YYYY-MM-DD or blank")
            found.append(_got(column, cells[column], expected))
    start, end = dates
    if start is not None and end is not None and end < start:
        expected = text("不早于 applicable_from", "not before applicable_from")
        found.append(_got("applicable_to", cells["applicable_to"], expected))
    if cells["status"] not in STATUSES:
        found.append(_got("status", cells["status"], text("留空或 suspect", "blank or suspect")))
    return found


def _value_problems(value: str) -> list[str]:
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if value and (not math.isfinite(number) or number <= 0):
        return [_got(text("value 不对", "bad value"), value, text("大于 0 的数", "a number > 0"))]
    return []


def _unit_problems(cells: Mapping[str, str], carrier_units: Mapping[str, str]) -> list[str]:
    quantity = cells["quantity"]
    if quantity not in CANONICAL_UNITS:
        return [_got(text("未知的量", "unknown quantity"), quantity, ", ".join(CANONICAL_UNITS))]
    canonical = canonical_unit_of(quantity, cells["id"], carrier_units)
    if canonical is None:
        return [
            _got(
                text("id 第二段应为能源品种", "the id's second part must be a carrier"),
                cells["id"],
                "greenpark/inputs/carriers.csv",
            )
        ]
    try:
        unit_scale(cells["unit"], canonical)
    except UnitError as exc:
        return [
            _got(
                text("单位无法换算", "unit cannot be converted"),
                cells["unit"],
                text(
                    f"可换算为 {canonical} 的单位（{exc}）",
                    f"a unit convertible to {canonical} ({exc})",
                ),
            )
        ]
    return []


def _factor(cells: Mapping[str, str], carrier_units: Mapping[str, str], origin: str) -> Factor:
    canonical = canonical_unit_of(cells["quantity"], cells["id"], carrier_units)
    assert canonical is not None  # checked by _unit_problems
    value = float(cells["value"])
    return Factor(
        id=cells["id"],
        quantity=cells["quantity"],
        region=cells["region"],
        year=int(cells["year"]) if cells["year"] else None,
        variant=cells["variant"],
        value=value,
        unit=cells["unit"],
        gas=cells["gas"],
        source_document=cells["source_document"],
        source_number=cells["source_number"],
        url=cells["url"],
        confidence=cells["confidence"],
        note=cells["note"],
        canonical_value=value * unit_scale(cells["unit"], canonical),
        canonical_unit=canonical,
        origin=origin,
        applicable_from=_date_or_none(cells["applicable_from"]),
        applicable_to=_date_or_none(cells["applicable_to"]),
        status=cells["status"],
    )
