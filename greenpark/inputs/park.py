"""Load a park folder (``sites/<park>/park.yaml`` and its data files), reporting every problem.

:func:`load_park_config` reads and validates ``park.yaml``; :func:`load_park` adds the meter
data and the contracts' delivery profiles. Both collect all problems before raising one
:class:`~greenpark.errors.InputError`: YAML syntax (with line), schema errors (types, ranges,
units, unknown keys; see :mod:`greenpark.inputs.problems`) and the rules of
:mod:`greenpark.inputs.park_rules` (cross-references, duplicate ids, missing files, province
and grid region, expired green certificates). Nothing is written anywhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import TypeVar

import numpy as np
import yaml
from pydantic import BaseModel, ValidationError

from greenpark.errors import InputError
from greenpark.i18n import text
from greenpark.inputs.delivery_profiles import load_delivery_profiles
from greenpark.inputs.factor_regions import read_region_table
from greenpark.inputs.factors import REGIONS_CSV, factor_dir
from greenpark.inputs.meters import MeterData, load_meter_data, year_hours
from greenpark.inputs.park_rules import enterprise_ids, rule_problems, section_items
from greenpark.inputs.problems import (
    Loc,
    Problem,
    SourceFile,
    field_path,
    ordered,
    problem,
    validation_problems,
)
from greenpark.inputs.schema import Contract, DataSource, ParkConfig, ParkInfo, known_timezone

CONFIG_FILE = "park.yaml"
_Item = TypeVar("_Item", bound=BaseModel)


@dataclass(frozen=True)
class Park:
    """A validated park: its folder, configuration, meter data, soft messages and the hourly
    delivery weights of contracts with ``delivery_shape: profile`` (by contract id, one per
    hour of the accounting year)."""

    directory: Path
    config: ParkConfig
    meters: MeterData
    messages: tuple[str, ...]
    delivery_profiles: Mapping[str, np.ndarray]


@dataclass(frozen=True)
class _Checked:
    """``park.yaml`` as read: its raw data, the config if valid, and every problem found."""

    raw: dict[str, object]
    config: ParkConfig | None
    problems: tuple[Problem, ...]


def load_park_config(park_dir: Path) -> ParkConfig:
    """Read, validate and cross-check ``<park_dir>/park.yaml``.

    Raises
    ------
    InputError
        Listing every problem found, one line each: file, field path, what, got, expected.
    """
    checked = _check_config(Path(park_dir))
    if checked.problems:
        raise InputError(ordered(checked.problems))
    assert checked.config is not None  # a config that fails validation has problems
    return checked.config


def load_park(park_dir: Path) -> Park:
    """Load ``park.yaml``, every meter-data file and every delivery profile it lists.

    Problems in the configuration and in the data files are reported together in one
    :class:`~greenpark.errors.InputError`; when the configuration is invalid, the data files
    it names validly are still read, so their problems show in the same run.
    """
    park_dir = Path(park_dir)
    checked = _check_config(park_dir)
    problems = ordered(checked.problems)
    meters = profiles = None
    try:
        meters = _load_meters(park_dir, checked)
    except InputError as exc:
        problems.extend(exc.problems)
    try:
        profiles = _load_profiles(park_dir, checked)
    except InputError as exc:
        problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    assert checked.config is not None and meters is not None and profiles is not None
    messages = _config_messages(checked.config) + tuple(meters.messages)
    return Park(park_dir, checked.config, meters, messages, MappingProxyType(profiles))


def _check_config(park_dir: Path) -> _Checked:
    path = park_dir / CONFIG_FILE
    raw, lines, problems = _read_yaml(path, str(path))
    source = SourceFile(str(path), raw, lines)
    config = None
    try:
        config = ParkConfig.model_validate(raw)
    except ValidationError as exc:
        problems.extend(validation_problems(exc, ParkConfig, source))
    regions, region_problems = read_region_table(factor_dir() / REGIONS_CSV)
    problems.extend(Problem(None, line) for line in region_problems)
    problems.extend(rule_problems(source, park_dir, regions))
    return _Checked(raw, config, tuple(problems))


def _read_yaml(path: Path, label: str) -> tuple[dict[str, object], dict[Loc, int], list[Problem]]:
    """Parse the YAML file; its data, line of every key and item, and duplicate-key problems."""
    node, data = _parse_yaml(_decoded(path, label), label)
    if not isinstance(data, dict):
        kind = type(data).__name__
        raise InputError(
            [
                text(
                    f"{label}: 顶层必须是键值映射（park:、enterprises: …），实际为 {kind}",
                    f"{label}: the top level must be a mapping (park:, enterprises:), got {kind}",
                )
            ]
        )
    lines: dict[Loc, int] = {}
    duplicates: list[tuple[Loc, str, int, int]] = []
    _walk(node, (), lines, duplicates)
    problems = [
        problem(
            label,
            field_path(parent, data),
            text(
                f"键 {key!r} 出现了两次（第 {first} 行与第 {second} 行），后者会覆盖前者",
                f"key {key!r} appears twice (lines {first} and {second}); the second overrides",
            ),
            line=second,
        )
        for parent, key, first, second in duplicates
    ]
    return data, lines, problems


def _decoded(path: Path, label: str) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError as exc:
        raise InputError([text(f"{label}: 文件不存在", f"{label}: file not found")]) from exc
    except NotADirectoryError as exc:
        raise InputError(
            [
                text(
                    f"{path.parent}: 是文件，不是园区目录（应为含 park.yaml 的文件夹）",
                    f"{path.parent}: is a file, not a park folder (a folder with park.yaml)",
                )
            ]
        ) from exc
    except UnicodeDecodeError as exc:
        raise InputError(
            [
                text(
                    f"{label}: 不是 UTF-8 编码（第 {exc.start} 字节），请另存为 UTF-8",
                    f"{label}: not UTF-8 text (byte {exc.start}); save the file as UTF-8",
                )
            ]
        ) from exc


def _parse_yaml(content: str, label: str) -> tuple[yaml.Node | None, object]:
    loader = None
    try:
        loader = yaml.SafeLoader(content)  # rejects unprintable characters already here
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    except yaml.MarkedYAMLError as exc:
        raise InputError([_yaml_syntax_problem(label, exc)]) from exc
    except yaml.YAMLError as exc:
        raise InputError(
            [text(f"{label}: YAML 错误：{exc}", f"{label}: YAML error: {exc}")]
        ) from exc
    finally:
        if loader is not None:
            loader.dispose()


def _yaml_syntax_problem(label: str, exc: yaml.MarkedYAMLError) -> str:
    mark = exc.problem_mark or exc.context_mark
    what = " ".join(str(part) for part in (exc.context, exc.problem) if part)
    if mark is None:
        return text(f"{label}: YAML 语法错误：{what}", f"{label}: YAML syntax error: {what}")
    return text(
        f"{label}: 第 {mark.line + 1} 行第 {mark.column + 1} 列 YAML 语法错误：{what}",
        f"{label}: YAML syntax error at line {mark.line + 1}, column {mark.column + 1}: {what}",
    )


def _walk(
    node: yaml.Node | None,
    path: Loc,
    lines: dict[Loc, int],
    duplicates: list[tuple[Loc, str, int, int]],
) -> None:
    """Record the line of each key and list item below ``node``, and keys given twice."""
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                continue
            key, line = str(key_node.value), key_node.start_mark.line + 1
            if key in seen:
                duplicates.append((path, key, seen[key], line))
            seen[key] = lines[(*path, key)] = line
            _walk(value_node, (*path, key), lines, duplicates)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[(*path, index)] = item.start_mark.line + 1
            _walk(item, (*path, index), lines, duplicates)


def _load_meters(park_dir: Path, checked: _Checked) -> MeterData | None:
    """Read the meter files; with an invalid config, those of its entries that are valid."""
    period = _year_and_timezone(checked)
    if period is None:
        return None
    sources = _valid_items(checked, "data", DataSource)
    if checked.config is None:  # missing files are reported by the rules already
        sources = tuple(s for s in sources if (park_dir / s.file).is_file())
    ids = enterprise_ids(checked.raw) if checked.config is None else checked.config.enterprise_ids()
    year, timezone = period
    return load_meter_data(
        park_dir, sources, enterprise_ids=ids, year=year, timezone=timezone, config_file=CONFIG_FILE
    )


def _load_profiles(park_dir: Path, checked: _Checked) -> dict[str, np.ndarray] | None:
    """Delivery profiles of the (valid) contracts whose profile file exists."""
    period = _year_and_timezone(checked)
    if period is None:
        return None
    contracts = [
        contract
        for contract in _valid_items(checked, "contracts", Contract)
        if contract.profile_file is not None and (park_dir / contract.profile_file).is_file()
    ]  # missing files are reported by the rules already
    return load_delivery_profiles(park_dir, contracts, len(year_hours(*period)))


def _year_and_timezone(checked: _Checked) -> tuple[int, str] | None:
    """The accounting year and time zone, also from an invalid config when both are valid."""
    if checked.config is not None:
        return checked.config.park.accounting_year, checked.config.park.timezone
    info = checked.raw.get("park")
    if not isinstance(info, dict):
        return None
    year = info.get("accounting_year")
    timezone = info.get("timezone", ParkInfo.model_fields["timezone"].default)
    if not isinstance(year, int) or not known_timezone(timezone):
        return None
    return year, timezone


def _valid_items(checked: _Checked, section: str, model: type[_Item]) -> tuple[_Item, ...]:
    """The items of a list section: the config's, or those raw items that are valid alone."""
    if checked.config is not None:
        items: tuple[_Item, ...] = getattr(checked.config, section)
        return items
    valid = []
    for _, item in section_items(checked.raw, section):
        try:
            valid.append(model.model_validate(item))
        except ValidationError:
            continue  # already reported by the config check
    return tuple(valid)


def _config_messages(config: ParkConfig) -> tuple[str, ...]:
    """Soft notes on the configuration: certificates claimed for another year than this one."""
    year = config.park.accounting_year
    return tuple(
        text(
            f"绿证 {c.id} 的 claim_year 为 {c.claim_year}，不计入 {year} 年核算",
            f"certificate batch {c.id} is claimed for {c.claim_year}, not counted in {year}",
        )
        for c in config.certificates
        if c.claim_year != year
    )
