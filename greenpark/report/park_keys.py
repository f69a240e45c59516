"""The reference of every ``park.yaml`` key (``docs/park-yaml-keys.md``), rendered from the schema.

``scripts/park_yaml_reference.py`` writes the file; ``tests/setup/test_park_keys.py`` fails
when it is out of date.
"""

from __future__ import annotations

from greenpark.setup.keys import Bounds, Key, Section, keys_of, sections

KIND_WORDS = {
    "text": "文本 text",
    "number": "数 number",
    "integer": "整数 integer",
    "bool": "true / false",
    "choice": "选项 choice",
    "date": "日期 date (YYYY-MM-DD)",
    "path": "路径 path",
    "list": "列表 list",
    "mapping": "映射 mapping",
    "section": "节 section",
}
HEADER = """# park.yaml 键参考 / park.yaml key reference

由 `scripts/park_yaml_reference.py` 从 schema 生成，请勿手改。Generated from the schema by
`.venv/bin/python scripts/park_yaml_reference.py`; do not edit by hand.

数值可直接写该键单位下的数字，也可写带单位的字符串（`capacity_kw: "2.5 MW"`）。
A number is in the key's unit; a string with a unit (`capacity_kw: "2.5 MW"`) is converted.
"必填 required" marks keys without a default; an empty default means "not given".
"""
HINTS_ZH = {
    "bool": "是 / 否",
    "date": "日期",
    "list": "YAML 列表，如 [1, 2]",
    "mapping": "YAML 映射，如 {键: 值}",
    "path": "相对园区文件夹的路径",
}
COLUMNS = (
    "| key | type | unit | default | allowed | 说明 | meaning |\n|---|---|---|---|---|---|---|"
)


def park_yaml_reference() -> str:
    """The whole reference as Markdown."""
    return HEADER + "".join(_section(section) for section in sections())


def hint_zh(key: Key) -> str:
    """What a workbook's unit row says about a key: 必填, unit, allowed values, default."""
    parts = ["必填" if key.required else "", key.unit, bounds_text(key.bounds)]
    parts.append(" / ".join(key.choices))
    parts.append(HINTS_ZH.get(key.kind, ""))
    if isinstance(key.default, bool):
        parts.append("默认 " + ("是" if key.default else "否"))
    elif not key.required and key.default not in (None, ""):
        parts.append("默认 " + value_text(key.default).strip("`"))
    return "；".join(part for part in parts if part)


def _section(section: Section) -> str:
    rows = "\n".join(_row(key) for key in keys_of(section.model))
    return f"\n## `{section.path}` — {section.zh} / {section.en}\n\n{COLUMNS}\n{rows}\n"


def _row(key: Key) -> str:
    cells = (
        f"`{key.name}`",
        KIND_WORDS[key.kind],
        key.unit,
        "必填 required" if key.required else value_text(key.default),
        ", ".join(f"`{choice}`" for choice in key.choices) or bounds_text(key.bounds),
        key.zh,
        key.en,
    )
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"


def value_text(value: object) -> str:
    """A default as shown: ``0.7``, ``true``, ``Asia/Shanghai`` (empty for "not given")."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    return f"`{value:g}`" if isinstance(value, float) else f"`{value}`"


def bounds_text(bounds: Bounds) -> str:
    """The limits of a number as ``≥ 0, ≤ 90`` (empty when it has none)."""
    marks = (("≥", bounds.ge), (">", bounds.gt), ("≤", bounds.le), ("<", bounds.lt))
    return ", ".join(f"{mark} {limit:g}" for mark, limit in marks if limit is not None)
