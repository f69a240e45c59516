"""Regions that factors apply to (``factors/regions.csv``): national, grid regions, provinces.

Each row is ``key, name_zh, name_en, grid_region``. A grid region names itself as its
``grid_region``; a province names its grid region; ``national`` has ``-``. People may type a
key (``shanxi``), a Chinese name with or without its suffix (``山西``, ``山西省``) or an English
name (``Shanxi``); :meth:`RegionTable.resolve` maps all of them to one :class:`Region`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from greenpark.i18n import text
from greenpark.inputs.problems import close_match

NATIONAL = "national"
ANY_REGION = "-"  # factor rows that hold for every region (fuel parameters, GWPs, ...)
REGION_COLUMNS = ("key", "name_zh", "name_en", "grid_region")

#: suffixes people add to Chinese place names, longest first
_SUFFIXES = (
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "区域电网",
    "自治区",
    "电网",
    "区域",
    "省",
    "市",
)


@dataclass(frozen=True)
class Region:
    """One row of ``regions.csv``."""

    key: str
    name_zh: str
    name_en: str
    grid_region: str

    @property
    def name(self) -> str:
        """The region's name in the current language."""
        return text(self.name_zh, self.name_en)

    @property
    def is_province(self) -> bool:
        return self.grid_region not in (self.key, ANY_REGION)

    @property
    def is_grid_region(self) -> bool:
        return self.grid_region == self.key


class RegionTable:
    """The known regions, resolvable by key or name."""

    def __init__(self, regions: Iterable[Region]) -> None:
        self._regions = {region.key: region for region in regions}
        self._spellings: dict[str, str] = {}
        for region in self._regions.values():
            for spelling in (region.key, region.name_zh, region.name_en):
                self._spellings[_spelling(spelling)] = region.key

    def known_keys(self) -> frozenset[str]:
        return frozenset(self._regions)

    def grid_region_keys(self) -> tuple[str, ...]:
        """Keys of the grid regions, in table order."""
        return tuple(key for key, region in self._regions.items() if region.is_grid_region)

    def resolve(self, name: str) -> Region | None:
        """The region ``name`` refers to, or None when it names no known region."""
        key = self._spellings.get(_spelling(name))
        return None if key is None else self._regions[key]

    def suggestion(self, name: str) -> str | None:
        """The closest known key or name to an unknown ``name``, if any is close."""
        close = close_match(_spelling(name), self._spellings)
        return None if close is None else self._spellings[close]

    def name_of(self, key: str) -> str:
        """Display name of a region key (``-`` reads as "any region")."""
        return text(*self.names_of(key))

    def names_of(self, key: str) -> tuple[str, str]:
        """Chinese and English names of a region key (``-`` reads as "any region")."""
        if key == ANY_REGION:
            return "不分地区", "any region"
        region = self._regions.get(key)
        return (key, key) if region is None else (region.name_zh, region.name_en)

    def fallback_chain(self, name: str) -> tuple[tuple[str, ...], Region | None]:
        """Region keys to try for ``name``, most specific first, and the resolved region.

        A province gives ``(province, its grid region, national)``, a grid region
        ``(region, national)``; an unknown name gives ``(national,)`` and ``None``.
        """
        region = self.resolve(name)
        if region is None or region.key == NATIONAL:
            return (NATIONAL,), region
        if region.is_province:
            return (region.key, region.grid_region, NATIONAL), region
        return (region.key, NATIONAL), region


def _spelling(name: str) -> str:
    cleaned = name.strip().casefold()
    for suffix in _SUFFIXES:
        if cleaned.endswith(suffix) and len(cleaned) > len(suffix):
            return cleaned.removesuffix(suffix)
    return cleaned


def read_region_table(path: Path) -> tuple[RegionTable, list[str]]:
    """Read ``regions.csv``; return the table and every problem found (empty when fine)."""
    if not path.is_file():
        problem = text(
            f"{path}: 缺少地区表（列：{', '.join(REGION_COLUMNS)}）",
            f"{path}: region table missing (columns: {', '.join(REGION_COLUMNS)})",
        )
        return RegionTable(()), [problem]
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != REGION_COLUMNS:
            return RegionTable(()), [_header_problem(path, reader.fieldnames)]
        rows = [(line, row) for line, row in enumerate(reader, start=2)]
    regions = [Region(*(row[column].strip() for column in REGION_COLUMNS)) for _, row in rows]
    problems = [
        text(
            f"{path} 第 {line} 行：grid_region {row['grid_region']!r} 不是已知区域",
            f"{path} line {line}: grid_region {row['grid_region']!r} is not a known region",
        )
        for (line, row), region in zip(rows, regions, strict=True)
        if region.grid_region != ANY_REGION and region.grid_region not in {r.key for r in regions}
    ]
    return RegionTable(regions), problems


def _header_problem(path: Path, found: object) -> str:
    expected = ", ".join(REGION_COLUMNS)
    return text(
        f"{path}: 表头应为 {expected}，实际为 {found}",
        f"{path}: header must be {expected}, got {found}",
    )
