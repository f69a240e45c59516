"""Rules a ``park.yaml`` must meet beyond its schema: references, ids, files, regions,
storage.

They run on the raw YAML data, leniently (items of the wrong shape are left to the schema
check), so their problems are reported in the same run as schema errors.

``park.province`` and ``park.grid_region`` must name regions of the factor tables'
``regions.csv`` (the province's grid factor is looked up with them), and the grid region must
be the province's own.

Green-power instruments (certificates, tariffs) have their own rules:
:mod:`greenpark.inputs.park.green_rules`. A battery dispatched on time-of-use prices
(``tou_arbitrage``) needs a tariff. Every file named must lie inside the park folder
(:mod:`greenpark.inputs.park.paths`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from greenpark.i18n import text
from greenpark.inputs.factors.regions import Region, RegionTable
from greenpark.inputs.meters.names import enterprise_problem
from greenpark.inputs.park.paths import FILE_KEYS, outside_park, portable
from greenpark.inputs.park.schema import PARK
from greenpark.inputs.problems import Problem, SourceFile, did_you_mean

_SECTIONS_WITH_IDS = (
    "enterprises",
    "rooftops",
    "contracts",
    "certificates",
    "storage",
    "adjustments",
)
#: (section, key, may name the park itself) for keys that must name an enterprise
_REFERENCES = (
    ("rooftops", "owner", False),
    ("storage", "owner", False),
    ("contracts", "buyer", True),
    ("certificates", "holder", True),
    ("certificates", "claimed_by", True),
    ("adjustments", "enterprise", False),
)


def rule_problems(source: SourceFile, park_dir: Path, regions: RegionTable) -> list[Problem]:
    """Every problem of ``source.raw`` (the parsed ``park.yaml``) beyond its schema.

    ``regions`` is the factor tables' region table; when it is empty (unreadable, reported
    on its own) the province and grid region are not checked.
    """
    raw = source.raw if isinstance(source.raw, dict) else {}
    return [
        *_region_problems(source, raw, regions),
        *_duplicate_id_problems(source, raw),
        *_duplicate_file_problems(source, raw),
        *_reference_problems(source, raw),
        *_storage_problems(source, raw),
        *_file_problems(source, raw, park_dir),
    ]


def section_items(raw: Mapping[str, object], section: str) -> list[tuple[int, dict[str, object]]]:
    """The mapping items of a list section with their index; other shapes are left to pydantic."""
    found = raw.get(section)
    if not isinstance(found, list):
        return []
    return [(index, item) for index, item in enumerate(found) if isinstance(item, dict)]


def enterprise_ids(raw: Mapping[str, object]) -> tuple[str, ...]:
    """The enterprise ids written in ``raw`` (text ids only)."""
    found = (item.get("id") for _, item in section_items(raw, "enterprises"))
    return tuple(value for value in found if isinstance(value, str))


def enterprise_accounts(raw: Mapping[str, object]) -> dict[str, str]:
    """Utility account number (户号) -> enterprise id, as written in ``raw`` (numbers as text)."""
    found: dict[str, str] = {}
    for _, item in section_items(raw, "enterprises"):
        owner, accounts = item.get("id"), item.get("accounts")
        if isinstance(owner, str) and isinstance(accounts, list):
            found.update({str(a).strip(): owner for a in accounts if isinstance(a, str | int)})
    return found


def _duplicate_id_problems(source: SourceFile, raw: Mapping[str, object]) -> list[Problem]:
    """Ids given twice within a section, and an enterprise using the reserved id ``park``."""
    found = []
    for section in _SECTIONS_WITH_IDS:
        first: dict[object, int] = {}
        for index, item in section_items(raw, section):
            value = item.get("id")
            if not isinstance(value, str | int):
                continue
            if value in first:
                where = f"{section}[{first[value]}]"
                what = text(
                    f"重复的 id，首次出现于 {where}", f"duplicate id, first used at {where}"
                )
                expected = text("每个 id 只用一次", "each id used once")
                found.append(
                    source.problem((section, index, "id"), what, got=value, expected=expected)
                )
            first.setdefault(value, index)
    for index, item in section_items(raw, "enterprises"):
        if item.get("id") == PARK:
            what = text(
                f"{PARK!r} 是保留字，指园区整体", f"{PARK!r} is reserved for the whole park"
            )
            expected = text("其他企业 id", "another enterprise id")
            found.append(
                source.problem(("enterprises", index, "id"), what, got=PARK, expected=expected)
            )
    return found


def _duplicate_file_problems(source: SourceFile, raw: Mapping[str, object]) -> list[Problem]:
    """A data file (and sheet) listed twice would count its energy twice."""
    found = []
    listed: dict[tuple[str, object], int] = {}
    for index, item in section_items(raw, "data"):
        file = item.get("file")
        if not isinstance(file, str):
            continue
        key = (os.path.normpath(file.strip()), item.get("sheet"))
        if key in listed:
            where = f"data[{listed[key]}]"
            what = text(
                f"该数据文件已在 {where} 列出，会被重复计入",
                f"this data file is already listed at {where}; it would count twice",
            )
            found.append(source.problem(("data", index, "file"), what, got=file))
        listed.setdefault(key, index)
    return found


def _reference_problems(source: SourceFile, raw: Mapping[str, object]) -> list[Problem]:
    """Owners, buyers, holders and claimants that name no enterprise (nor the park)."""
    if not isinstance(raw.get("enterprises"), list):
        return []  # the schema check reports the section; every reference would be noise
    ids = list(enterprise_ids(raw))
    found = []
    for section, key, park_allowed in _REFERENCES:
        allowed = [*ids, PARK] if park_allowed else ids
        known = frozenset(allowed)  # a list lookup per item grows as items × enterprises
        expected = _enterprise_ids_expected(ids, park_allowed)
        for index, item in section_items(raw, section):
            value = item.get(key)
            unknown = isinstance(value, str) and value not in known
            what = enterprise_problem(str(value), allowed) if unknown else None
            if what is not None:
                found.append(source.problem((section, index, key), what, expected=expected))
    return found


def _enterprise_ids_expected(ids: list[str], park_allowed: bool) -> str:
    listed = ", ".join(ids[:8]) + (", …" if len(ids) > 8 else "") or text("尚无", "none yet")
    if park_allowed:
        return text(
            f"enterprises 中的企业 id（{listed}）或 {PARK!r}",
            f"an enterprise id from enterprises ({listed}) or {PARK!r}",
        )
    return text(
        f"enterprises 中的企业 id（{listed}）", f"an enterprise id from enterprises ({listed})"
    )


def _file_problems(source: SourceFile, raw: Mapping[str, object], park_dir: Path) -> list[Problem]:
    """Data and profile files outside the park folder or that do not exist."""
    found = []
    for section, key in FILE_KEYS:
        for index, item in section_items(raw, section):
            value = item.get(key)
            if not isinstance(value, str) or not value.strip():
                continue
            refused = outside_park(park_dir, value.strip())
            if refused is not None:
                found.append(source.problem((section, index, key), refused, got=value))
                continue
            path = park_dir / portable(value.strip())
            if path.is_file():
                continue
            what = text("文件不存在", "file not found")
            if path.is_dir():
                what = text("这是文件夹，不是文件", "is a folder, not a file")
            expected = text(
                f"相对于园区文件夹的文件路径（查找位置：{path}）",
                f"a file path relative to the park folder (looked for {path})",
            )
            found.append(source.problem((section, index, key), what, got=value, expected=expected))
    return found


def _storage_problems(source: SourceFile, raw: Mapping[str, object]) -> list[Problem]:
    """Batteries dispatched on time-of-use prices need the park's ``tariff``."""
    if isinstance(raw.get("tariff"), dict) or raw.get("tariffs"):
        return []
    return [
        source.problem(
            ("storage", index, "dispatch"),
            text(
                "tou_arbitrage 按分时电价充放电，需要园区的 tariff（分时电价）",
                "tou_arbitrage dispatch follows time-of-use prices and needs the park's tariff",
            ),
            got="tou_arbitrage",
            expected=text(
                "填写 tariff:，或改为 self_consumption", "add tariff:, or use self_consumption"
            ),
        )
        for index, item in section_items(raw, "storage")
        if item.get("dispatch") == "tou_arbitrage"
    ]


def _region_problems(
    source: SourceFile, raw: Mapping[str, object], regions: RegionTable
) -> list[Problem]:
    """``park.province`` a known province, ``park.grid_region`` its own grid region."""
    info = raw.get("park")
    if not isinstance(info, dict) or not regions.known_keys():
        return []
    found: list[Problem] = []
    province = _region(source, info, "province", regions, found)
    grid = _region(source, info, "grid_region", regions, found)
    grid_keys = ", ".join(regions.grid_region_keys())
    if province is not None and not province.is_province:
        what = text(f"{province.name}不是省份", f"{province.name} is not a province")
        expected = text("省份，如 山西 / shanxi", "a province, like 山西 / shanxi")
        found.append(source.problem(("park", "province"), what, expected=expected))
    if grid is not None and not grid.is_grid_region:
        what = text(f"{grid.name}不是区域电网", f"{grid.name} is not a grid region")
        expected = text(f"区域电网（{grid_keys}）", f"a grid region ({grid_keys})")
        found.append(source.problem(("park", "grid_region"), what, expected=expected))
    elif (
        grid is not None
        and province is not None
        and province.is_province
        and province.grid_region != grid.key
    ):
        found.append(_grid_mismatch(source, province, grid, regions))
    return found


def _region(
    source: SourceFile,
    info: Mapping[str, object],
    key: str,
    regions: RegionTable,
    found: list[Problem],
) -> Region | None:
    """The region ``info[key]`` names; an unknown name is added to ``found``."""
    value = info.get(key)
    if not isinstance(value, str):
        return None  # missing or not text: the schema check reports it
    region = regions.resolve(value)
    if region is None:
        what = text(f"未知的地区 {value!r}", f"unknown region {value!r}")
        what += did_you_mean(regions.suggestion(value))
        expected = text(
            "factors/regions.csv 中的地区（键、中文名或英文名）",
            "a region of factors/regions.csv (its key, Chinese or English name)",
        )
        found.append(source.problem(("park", key), what, expected=expected))
    return region


def _grid_mismatch(
    source: SourceFile, province: Region, grid: Region, regions: RegionTable
) -> Problem:
    own = regions.name_of(province.grid_region)
    what = text(
        f"与省份不符：{province.name}属于{own}电网（{province.grid_region}），"
        f"不属于{grid.name}（{grid.key}）",
        f"does not match the province: {province.name} is in the {own} grid region "
        f"({province.grid_region}), not {grid.name} ({grid.key})",
    )
    expected = f"{province.grid_region} / {own}"
    return source.problem(("park", "grid_region"), what, expected=expected)
