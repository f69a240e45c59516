"""Energy and material carriers (``carriers.csv``): kind, canonical unit and names.

Each row of ``greenpark/inputs/carriers.csv`` names one carrier that meter files and factor
tables may refer to, the canonical unit its quantities are stored in inside the core, and its
Chinese and English names. :func:`unit_factor` converts a unit to a carrier's canonical unit
or explains, in words, why it cannot.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from greenpark.errors import UnitError
from greenpark.i18n import text
from greenpark.inputs.problems import close_match, did_you_mean
from greenpark.units import CANONICAL_UNITS, convert, parse_unit

CARRIERS_CSV = Path(__file__).with_name("carriers.csv")


@dataclass(frozen=True)
class Carrier:
    """One carrier row: ``id`` (e.g. ``electricity``), its kind and canonical unit."""

    id: str
    kind: str
    canonical_unit: str
    name_zh: str
    name_en: str

    @property
    def name(self) -> str:
        """The carrier's name in the current language."""
        return text(self.name_zh, self.name_en)


@lru_cache(maxsize=1)
def load_carriers() -> Mapping[str, Carrier]:
    """Read ``carriers.csv`` once; return carrier id -> :class:`Carrier` (read-only)."""
    with CARRIERS_CSV.open(encoding="utf-8", newline="") as handle:
        rows = [
            {key: value.strip() for key, value in row.items()} for row in csv.DictReader(handle)
        ]
    carriers = (
        Carrier(row["carrier"], row["kind"], row["canonical_unit"], row["name_zh"], row["name_en"])
        for row in rows
    )
    return MappingProxyType({carrier.id: carrier for carrier in carriers})


@lru_cache(maxsize=1)
def carrier_lookup() -> Mapping[str, str]:
    """Map every accepted spelling of a carrier to its id.

    Accepted: the id itself, its Chinese name and its English name, compared after stripping
    spaces and (for Latin text) ignoring case: ``"Electricity"``, ``"电力"`` -> ``electricity``.
    """
    spellings: dict[str, str] = {}
    for carrier in load_carriers().values():
        for spelling in (carrier.name_en, carrier.name_zh, carrier.id):
            spellings[spelling.strip().casefold()] = carrier.id
    return MappingProxyType(spellings)


#: Chinese names of the quantities in :data:`greenpark.units.CANONICAL_UNITS`
_DIMENSION_ZH = {
    "power": "功率",
    "energy": "能量",
    "heat": "热量",
    "mass": "质量",
    "volume": "体积",
    "area": "面积",
    "length": "长度",
    "coal_equivalent": "标准煤",
    "angle": "角度",
    "fraction": "无量纲数",
}


def unknown_carrier_hint(name: str) -> str:
    """Explain an unknown carrier name, with a did-you-mean suggestion when one is close."""
    lookup = carrier_lookup()
    close = close_match(name.strip().casefold(), lookup)
    if close:
        return text(f"未知的能源品种 {name!r}", f"unknown carrier {name!r}") + did_you_mean(
            lookup[close]
        )
    return text(
        f"未知的能源品种 {name!r}；可用品种见 greenpark/inputs/carriers.csv",
        f"unknown carrier {name!r}; known carriers are listed in greenpark/inputs/carriers.csv",
    )


def unit_factor(unit: str, carrier: Carrier) -> float | str:
    """Factor from ``unit`` to the carrier's canonical unit, or a message why there is none.

    >>> unit_factor("MWh", load_carriers()["electricity"])
    1000.0
    """
    if unit:
        try:
            return convert(1.0, unit, carrier.canonical_unit)
        except UnitError:
            pass  # explained below, naming the quantities
    return _unit_problem(unit, carrier)


def _unit_problem(unit: str, carrier: Carrier) -> str:
    """Why ``unit`` does not measure ``carrier``: missing, unknown or another quantity."""
    shown = carrier.canonical_unit.replace("**", "")
    expected = _dimension(carrier.canonical_unit)
    assert expected is not None  # every canonical unit names its quantity
    if not unit:
        return text(
            f"缺少单位，应为{expected[0]}单位，如 {shown}",
            f"missing unit; expected {expected[1]}, like {shown}",
        )
    found = _dimension(unit)
    if found is None:
        return text(
            f"未知单位 {unit!r}，应为{expected[0]}单位，如 {shown}",
            f"unknown unit {unit!r}; expected {expected[1]}, like {shown}",
        )
    return text(
        f"单位 {unit!r} 是{found[0]}单位，{carrier.name_zh}应为{expected[0]}单位，如 {shown}",
        f"unit {unit!r} is {found[1]}, but {carrier.id} is measured as {expected[1]}, like {shown}",
    )


def _dimension(unit: str) -> tuple[str, str] | None:
    """Chinese and English name of a unit's quantity (``("功率", "power")``); None if unknown."""
    try:
        dimensionality = parse_unit(unit).dimensionality
    except UnitError:
        return None
    for name, canonical in CANONICAL_UNITS.items():
        if parse_unit(canonical).dimensionality == dimensionality:
            return _DIMENSION_ZH[name], name
    return str(dimensionality), str(dimensionality)
