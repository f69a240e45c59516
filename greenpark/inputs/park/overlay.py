"""Overlays: a patch shaped like ``park.yaml``, merged onto a park's configuration as read.

:meth:`greenpark.inputs.park.load.Park.with_changes` merges a patch with :func:`merged` and then
checks the result with every rule a file load runs. The merge rules:

- **Mappings merge key by key.** A value replaces the one there; a mapping merges into the
  mapping there (``{"park": {"accounting_year": 2026}}`` changes only the year); ``None``
  removes the key, so it takes its default again (``{"tariff": None}``).
- **Lists of items with an identity merge item by item**: ``enterprises``, ``rooftops``,
  ``contracts``, ``certificates``, ``storage`` and ``adjustments`` by ``id``, ``overrides`` by ``factor_id``,
  ``data`` by ``file`` (and ``sheet``), ``tariffs`` by ``name``. A patch item whose identity
  is in the list merges into that item by the rules above; one with a new identity is added
  at the end; ``{"id": "R3", "_delete": True}`` removes item ``R3`` (an identity cannot be
  changed: delete the item and add it again).
- **Every other list is replaced whole** (``products``, ``monthly_mwh``, tariff ``seasons``,
  ``confirmed_readings`` …).

Neither the configuration nor the patch is changed. Tuples are read as lists and paths as
text, as YAML would give them.
"""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Mapping
from pathlib import PurePath

from greenpark.errors import InputError
from greenpark.i18n import text
from greenpark.inputs.problems import Problem, problem

DELETE = "_delete"
#: list sections whose items merge by identity -> the keys that identify an item
ITEM_KEYS: Mapping[str, tuple[str, ...]] = {
    "enterprises": ("id",),
    "rooftops": ("id",),
    "contracts": ("id",),
    "certificates": ("id",),
    "storage": ("id",),
    "overrides": ("factor_id",),
    "data": ("file", "sheet"),
    "tariffs": ("name",),
    "adjustments": ("id",),
}


def plain(value: object) -> object:
    """``value`` as YAML would give it: dicts, lists, text, numbers, dates (a deep copy)."""
    if isinstance(value, Mapping):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, PurePath):
        return value.as_posix()
    return copy.deepcopy(value)


def patch_text(patch: Mapping[str, object]) -> str:
    """A patch as canonical JSON text (keys sorted; dates as ISO text): how a run records it."""
    return json.dumps(plain(patch), ensure_ascii=False, sort_keys=True, default=str)


def merged(base: Mapping[str, object], patch: object, label: str) -> dict[str, object]:
    """``base`` with ``patch`` merged in by the module's rules.

    Raises
    ------
    InputError
        Listing every patch item that cannot be applied (not a mapping, no identity, a
        deletion of an item that is not there), each located in the patch under ``label``.
    """
    if not isinstance(patch, Mapping):
        what = text(
            "变更须为键值映射（与 park.yaml 同形）",
            "a patch must be a mapping shaped like park.yaml",
        )
        raise InputError([problem(label, "", what, got=type(patch).__name__).message])
    found: list[Problem] = []
    result, changes = plain(base), plain(patch)
    assert isinstance(result, dict) and isinstance(changes, dict)
    for key, value in changes.items():
        if key in ITEM_KEYS and isinstance(value, list):
            result[key] = _merged_items(result.get(key), value, key, label, found)
        else:
            _merge_value(result, key, value)
    if found:
        raise InputError([p.message for p in found])
    return result


def _merge_value(target: dict[str, object], key: str, value: object) -> None:
    if value is None:
        target.pop(key, None)
    elif isinstance(value, dict) and isinstance(target.get(key), dict):
        inner = target[key]
        assert isinstance(inner, dict)
        for child, child_value in value.items():
            _merge_value(inner, child, child_value)
    else:
        target[key] = value


def _identity(item: Mapping[str, object], keys: tuple[str, ...]) -> tuple[object, ...]:
    """The values naming an item (a file path compared as the path it names)."""
    values = [item.get(key) for key in keys]
    return tuple(os.path.normpath(v.strip()) if k == "file" and isinstance(v, str) else v
                 for k, v in zip(keys, values, strict=True))  # fmt: skip


def _merged_items(
    base: object, patch: list[object], section: str, label: str, found: list[Problem]
) -> list[object]:
    keys = ITEM_KEYS[section]
    items = list(base) if isinstance(base, list) else []
    where = {_identity(item, keys): i for i, item in enumerate(items) if isinstance(item, dict)}
    removed: set[int] = set()
    for n, item in enumerate(patch):
        path = f"{section}[{n}]"
        if not isinstance(item, dict) or item.get(keys[0]) is None:
            found.append(_no_identity(label, path, keys[0]))
            continue
        identity = _identity(item, keys)
        if DELETE in item:
            gone = _deletion(item, identity, keys, where, removed)
            if gone is None:
                removed.add(where[identity])
            else:
                found.append(problem(label, path, gone, got=identity[0]))
        elif identity in where:
            target = items[where[identity]]
            assert isinstance(target, dict)
            for key, value in item.items():
                _merge_value(target, key, value)
        else:
            where[identity] = len(items)
            items.append(item)
    return [item for i, item in enumerate(items) if i not in removed]


def _no_identity(label: str, path: str, key: str) -> Problem:
    return problem(
        label,
        path,
        text(
            f"列表中的每一项须给出 {key}，以指明修改、添加或删除哪一项",
            f"each item needs its {key} to say which item it changes, adds or deletes",
        ),
    )


def _deletion(
    item: Mapping[str, object],
    identity: tuple[object, ...],
    keys: tuple[str, ...],
    where: Mapping[tuple[object, ...], int],
    removed: set[int],
) -> str | None:
    """Why ``item`` cannot delete what it names; None when it can."""
    if item[DELETE] is not True or set(item) - {*keys, DELETE}:
        return text(
            f"删除一项只需写出其 {keys[0]} 与 {DELETE}: true",
            f"a deletion names the item's {keys[0]} and {DELETE}: true, nothing else",
        )
    if identity not in where or where[identity] in removed:
        return text("没有可删除的这一项", "there is no such item to delete")
    return None
