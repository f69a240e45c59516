"""Which column of a long meter file is which: the ``columns:`` mapping, then built-in aliases.

Utility and meter-system exports name their columns in Chinese and often put the unit in the
header (``有功总电量(kWh)``). A header is compared without spaces, ignoring case and without a
trailing unit in brackets; that unit is kept for the column (it is the file's unit when the
file has no ``unit`` column). ``columns:`` in the ``data:`` entry is compared with the whole
header text (also without spaces, ignoring case) and wins over the built-in aliases.

Built-in aliases (State Grid bill exports and common meter systems):

- timestamp: 时间, 采集时间, 数据时间, 日期时间, 抄表时间
- month: 电费年月, 账期, 年月, 月份, 结算年月
- account: 户号, 用户编号, 用户号, 客户编号
- enterprise: 企业, 企业编号; carrier: 能源品种, 能源种类; unit: 单位, 计量单位; use: 用途
- quantity: 有功总电量, 正向有功电量, 正向有功总电量, 用电量, 总电量
- time-of-use splits (分时电量): tip 尖/尖峰, peak 峰/高峰, flat 平/平段, valley 谷/低谷, each
  also with 电量 after it and 有功/正向有功 before it (``峰电量``, ``正向有功谷电量``)
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from greenpark.inputs.park.schema_data import COLUMN_NAMES

#: time-of-use split columns (尖/峰/平/谷), in the order bills list them
SPLITS = ("tip", "peak", "flat", "valley")
_UNIT = re.compile(r"^(?P<base>.*?)[(（\[【](?P<unit>[^()（）\[\]【】]+)[)）\]】]$")
_SPACE = re.compile(r"\s+")

_ALIASES = {
    "timestamp": ("时间", "采集时间", "数据时间", "日期时间", "抄表时间"),
    "month": ("电费年月", "账期", "年月", "月份", "结算年月"),
    "account": ("户号", "用户编号", "用户号", "客户编号"),
    "enterprise": ("企业", "企业编号"),
    "carrier": ("能源品种", "能源种类"),
    "unit": ("单位", "计量单位"),
    "use": ("用途",),
    "quantity": ("有功总电量", "正向有功电量", "正向有功总电量", "用电量", "总电量"),
}
_SPLIT_WORDS = {"tip": ("尖", "尖峰"), "peak": ("峰", "高峰"), "flat": ("平", "平段")}
_SPLIT_WORDS["valley"] = ("谷", "低谷")


def _alias_table() -> dict[str, str]:
    table = {name: name for name in COLUMN_NAMES}
    for name, words in _ALIASES.items():
        table.update({word: name for word in words})
    for name, words in _SPLIT_WORDS.items():
        for word in words:
            for prefix in ("", "有功", "正向有功"):
                table.update({prefix + word: name, prefix + word + "电量": name})
    return table


ALIASES = _alias_table()


def _plain(header: str) -> str:
    return _SPACE.sub("", header).casefold()


def split_unit(header: str) -> tuple[str, str | None]:
    """``"有功总电量(kWh)"`` -> ``("有功总电量", "kWh")``; spaces removed, base casefolded."""
    plain = _SPACE.sub("", header)
    found = _UNIT.match(plain)
    if found is None or not found["base"]:
        return plain.casefold(), None
    return found["base"].casefold(), found["unit"]


@dataclass(frozen=True)
class Columns:
    """Where each greenpark column is in a file (``position``) and units named in headers."""

    position: Mapping[str, int]
    header_unit: Mapping[str, str]

    def header_of(self, name: str, header: Sequence[str]) -> str:
        """The file's header text of greenpark column ``name`` (for messages)."""
        return header[self.position[name]]

    def amount_unit(self) -> tuple[str, str] | None:
        """(column, unit) of the quantity (or time-of-use split) header that names a unit,
        e.g. ``("quantity", "kWh")`` for ``有功总电量(kWh)``."""
        for name in ("quantity", *SPLITS):
            if name in self.header_unit:
                return name, self.header_unit[name]
        return None


def find_columns(header: Sequence[str], mapping: Mapping[str, str]) -> Columns:
    """Match a file's headers to greenpark's columns: ``mapping`` (the ``columns:`` entry)
    first, then the built-in aliases; of several headers naming one column the first wins."""
    mapped = {_plain(key): name for key, name in mapping.items()}
    parts = [split_unit(text) for text in header]
    by_mapping = [
        mapped.get(_plain(text)) or mapped.get(base)
        for text, (base, _) in zip(header, parts, strict=True)
    ]
    by_alias = [ALIASES.get(base) for base, _ in parts]
    position: dict[str, int] = {}
    units: dict[str, str] = {}
    for names in (by_mapping, by_alias):
        for i, name in enumerate(names):
            if name is None or name in position or i in position.values():
                continue
            position[name] = i
            unit = parts[i][1]
            if unit is not None:
                units[name] = unit
    return Columns(position, units)


def names_a_column(text: str, wanted: str, mapping: Mapping[str, str]) -> bool:
    """Whether header ``text`` names greenpark column ``wanted`` (to find the header row)."""
    found = find_columns((text,), mapping)
    return wanted in found.position
