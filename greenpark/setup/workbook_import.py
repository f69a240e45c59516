"""``import-workbook`` and ``export-workbook``: the input workbook to and from ``park.yaml``.

Import replaces the workbook's six sections (enterprises, rooftops, contracts, certificates,
storage, data) in the park folder's existing ``park.yaml`` and keeps everything else as written,
comments included (``park:``, tariffs, overrides, ...); a folder without ``park.yaml`` is
refused (``greenpark init`` makes one). The result is checked with every rule of
``greenpark check`` (data files included) before anything is written: on any problem nothing
changes and one :class:`~greenpark.errors.InputError` lists them all, items located by sheet,
row and column.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

import yaml

from greenpark.errors import InputError
from greenpark.i18n import text
from greenpark.inputs.park.load import CONFIG_FILE, load_park_config, load_park_from
from greenpark.inputs.park.yaml_file import read_yaml
from greenpark.setup.workbook_layout import SECTIONS, SHEETS
from greenpark.setup.workbook_read import WorkbookData, read_workbook, where
from greenpark.setup.workbook_write import write_workbook

_TOP_KEY = re.compile(r"^([A-Za-z_][\w]*)\s*:")
_ITEM_PATH = re.compile(
    r"(?<![\w.])(" + "|".join(SECTIONS) + r")\[(\d+)\]( \([^)]*\))?(?:\.([A-Za-z_]\w*))?"
)


def export_workbook(park_dir: Path, path: Path) -> None:
    """Write ``park_dir``'s park (checked like ``load_park_config``) as an input workbook."""
    load_park_config(park_dir)
    config = park_dir / CONFIG_FILE
    raw, _, _ = read_yaml(config, str(config))
    write_workbook(path, raw)


def import_workbook(workbook: Path, park_dir: Path, *, allow_gaps: bool = False) -> Path:
    """Replace the workbook's sections in ``park_dir/park.yaml`` once the result passes every
    check; return the file written.

    Raises
    ------
    InputError
        No ``park.yaml``, a workbook cell that cannot be read, or any problem ``greenpark
        check`` would report, all at once; nothing is written then.
    """
    config = park_dir / CONFIG_FILE
    if not config.is_file():
        raise InputError(
            [
                text(
                    f"{park_dir} 中没有 {CONFIG_FILE}；请先运行 greenpark init {park_dir}",
                    f"{park_dir} has no {CONFIG_FILE}; run greenpark init {park_dir} first",
                )
            ]
        )
    found = read_workbook(workbook)
    raw, _, read_problems = read_yaml(config, str(config))
    problems = [*found.problems, *(p.message for p in read_problems)]
    merged = {**raw, **found.sections}
    try:
        load_park_from(park_dir, merged, str(config), allow_gaps=allow_gaps)
    except InputError as exc:
        problems.extend(_located(line, found, str(config), workbook.name) for line in exc.problems)
    if problems:
        raise InputError(dict.fromkeys(problems))
    content = replaced_sections(config.read_text(encoding="utf-8"), found.sections)
    if _read_back(content) != merged:  # e.g. an alias elsewhere to an anchor replaced here
        raise InputError(
            [
                text(
                    f"{config}: 替换这六节后文件含义会改变（其他部分是否引用了这些节中的 YAML "
                    "锚点？），未写入；请去掉这些引用后再导入",
                    f"{config}: replacing the six sections would change the rest of the file "
                    "(do other parts use YAML anchors defined in them?); nothing written",
                )
            ]
        )
    _replace_file(config, content)
    return config


def _read_back(content: str) -> object:
    try:
        return yaml.safe_load(content)
    except yaml.YAMLError:
        return None


def _located(problem: str, found: WorkbookData, label: str, workbook: str) -> str:
    """A problem about ``rooftops[3] (R3).tilt_deg`` located in the workbook: its name, the
    sheet, row and column."""
    sheets = {sheet.section: sheet.name for sheet in SHEETS}

    def cell(match: re.Match[str]) -> str:
        section, index, item, key = match.groups()
        rows = found.rows.get(section, [])
        if int(index) >= len(rows):
            return match.group(0)
        column = found.columns.get(section, {}).get(key or "", "")
        return where(sheets[section], rows[int(index)], column, key or "", item or "")

    located = _ITEM_PATH.sub(cell, problem)
    if located != problem and located.startswith(label + ": "):
        located = f"{workbook}: {located[len(label) + 2 :]}"
    return located


def replaced_sections(original: str, sections: Mapping[str, object]) -> str:
    """``park.yaml`` text with each top-level section of ``sections`` replaced (or appended);
    every other line (other sections, comments, anchors) is kept as it is."""
    out: list[str] = []
    pending_blank: list[str] = []
    skipping, done = False, set()
    for line in original.splitlines():
        top = _TOP_KEY.match(line)
        if skipping and (top or line.startswith("#")):
            skipping = False
        if skipping:
            if line.strip():
                pending_blank.clear()
            else:
                pending_blank.append(line)
            continue
        out.extend(pending_blank)
        pending_blank.clear()
        if top and top.group(1) in sections:
            out.append(_dumped(top.group(1), sections[top.group(1)]))
            done.add(top.group(1))
            skipping = True
        else:
            out.append(line)
    out.extend(pending_blank)
    missing = [name for name in sections if name not in done]
    out.extend(["", *(_dumped(name, sections[name]) for name in missing)] if missing else [])
    return "\n".join(out) + "\n"


def _dumped(name: str, value: object) -> str:
    dumped = yaml.safe_dump(
        {name: value}, allow_unicode=True, sort_keys=False, default_flow_style=None, width=100
    )
    return dumped.rstrip("\n")


def _replace_file(path: Path, content: str) -> None:
    """Write ``content`` to ``path`` whole or not at all (a temporary file, then a rename)."""
    temporary = path.with_name(path.name + ".importing")
    temporary.write_text(content, encoding="utf-8")
    os.replace(temporary, path)
