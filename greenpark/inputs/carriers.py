"""Energy and material carriers (``carriers.csv``): kind, canonical unit and names.

Each row of ``greenpark/inputs/carriers.csv`` names one carrier that meter files and factor
tables may refer to, the canonical unit its quantities are stored in inside the core, and its
Chinese and English names.
"""

from __future__ import annotations

import csv
import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from greenpark.i18n import text

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


def unknown_carrier_hint(name: str) -> str:
    """Explain an unknown carrier name, with a did-you-mean suggestion when one is close."""
    close = difflib.get_close_matches(name.strip().casefold(), list(carrier_lookup()), n=1)
    if close:
        suggestion = carrier_lookup()[close[0]]
        return text(
            f"未知的能源品种 {name!r}（是否为 {suggestion!r}？）",
            f"unknown carrier {name!r} (did you mean {suggestion!r}?)",
        )
    return text(
        f"未知的能源品种 {name!r}；可用品种见 greenpark/inputs/carriers.csv",
        f"unknown carrier {name!r}; known carriers are listed in greenpark/inputs/carriers.csv",
    )
