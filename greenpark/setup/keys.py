"""The keys of ``park.yaml`` as data, read from the pydantic schema so they cannot drift.

Each field's description (its attribute docstring or ``Field(description=...)``,
``"中文说明 / English meaning"`` or ``"中文说明 | English meaning"``) gives the meaning in both languages; its annotation the kind, the allowed values and the bounds; its
name the unit (house rule: units in key names, ``capacity_kw``). The key reference
(``docs/park-yaml-keys.md``) and the Excel input workbook are both built from these.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal, Union

import annotated_types
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from greenpark.inputs.park.schema import ParkConfig

#: key-name suffix -> the unit the key's number is in, longest suffixes first
UNIT_SUFFIXES = (
    ("_cny_per_kw_month", "元/(kW·月)"),
    ("_cny_per_kva_month", "元/(kVA·月)"),
    ("_kva", "kVA"),
    ("_kw_per_m2", "kW/m²"),
    ("_cny_per_kwh", "元/kWh"),
    ("_per_year_fraction", "1/年"),
    ("_wan_cny", "万元"),
    ("_per_c", "1/°C"),
    ("_fraction", "0–1"),
    ("_kwh", "kWh"),
    ("_mwh", "MWh"),
    ("_km2", "km²"),
    ("_kw", "kW"),
    ("_m2", "m²"),
    ("_mu", "亩"),
    ("_deg", "°"),
    ("_m", "m"),
)

Kind = Literal[
    "text", "number", "integer", "bool", "choice", "date", "path", "list", "mapping", "section"
]
_SCALARS: dict[object, Kind] = {
    bool: "bool",
    int: "integer",
    float: "number",
    str: "text",
    date: "date",
    Path: "path",
}


@dataclass(frozen=True)
class Bounds:
    """Limits of a number: ``ge``/``gt`` below, ``le``/``lt`` above (None: no limit)."""

    ge: float | None = None
    gt: float | None = None
    le: float | None = None
    lt: float | None = None


@dataclass(frozen=True)
class Key:
    """One key of a ``park.yaml`` section."""

    name: str
    kind: Kind
    required: bool
    default: object  # None when required or when the default is "not given"
    choices: tuple[str, ...]
    bounds: Bounds
    unit: str
    zh: str
    en: str
    model: type[BaseModel] | None  # the model of a nested key's items (or of a section)

    @property
    def label_zh(self) -> str:
        """A short Chinese label: the Chinese meaning up to its first comma or bracket."""
        ends = [self.zh.find(mark) for mark in "，（：；、"]
        end = min((i for i in ends if i > 0), default=len(self.zh))
        return self.zh[:end] or self.name


def unit_of(name: str) -> str:
    """The unit a key's bare number is in, from its name (``""`` when it names none)."""
    return next((unit for suffix, unit in UNIT_SUFFIXES if name.endswith(suffix)), "")


def keys_of(model: type[BaseModel]) -> tuple[Key, ...]:
    """Every key of ``model``, in declaration order."""
    return tuple(_key(name, field) for name, field in model.model_fields.items())


@dataclass(frozen=True)
class Section:
    """A model of ``park.yaml`` at the path it first appears at, with the parent key's meaning."""

    path: str
    model: type[BaseModel]
    zh: str
    en: str


def sections() -> tuple[Section, ...]:
    """Every model of ``park.yaml`` once, at the path it first appears at
    (``park.location``, ``enterprises[].products[]``), from the top down."""
    found: dict[type[BaseModel], Section] = {
        ParkConfig: Section("park.yaml", ParkConfig, "园区配置文件", "the park file")
    }
    queue: list[tuple[str, type[BaseModel]]] = [("", ParkConfig)]
    while queue:
        prefix, model = queue.pop(0)
        for key in keys_of(model):
            if key.model is not None and key.model not in found:
                suffix = {"list": "[]", "mapping": ".<key>"}.get(key.kind, "")
                path = f"{prefix}{key.name}{suffix}"
                found[key.model] = Section(path, key.model, key.zh, key.en)
                queue.append((path + ".", key.model))
    return tuple(found.values())


def meanings(description: str) -> tuple[str, str]:
    """The Chinese and English meaning of a field's description, ``"中文 / English"`` or
    ``"中文 | English"`` (split at the first ``|``, else at the first ``/`` before a space)."""
    zh, mark, en = description.partition("|")
    if not mark:
        zh, _, en = description.partition("/ ")
    return zh.strip(), en.strip()


def _key(name: str, field: FieldInfo) -> Key:
    zh, en = meanings(field.description or "")
    inner, metadata = _unwrapped(field.annotation)
    kind, choices, model = _kind(inner)
    default = None if field.is_required() else field.get_default(call_default_factory=True)
    return Key(
        name=name,
        kind=kind,
        required=field.is_required(),
        default=None if isinstance(default, BaseModel | tuple | dict) else default,
        choices=choices,
        bounds=_bounds([*field.metadata, *metadata]),
        unit=unit_of(name) if kind in ("number", "integer", "list") else "",
        zh=zh,
        en=en,
        model=model,
    )


def _unwrapped(annotation: Any) -> tuple[Any, list[Any]]:
    """The annotation without ``None`` and ``Annotated``, and the metadata found on the way."""
    metadata: list[Any] = []
    while True:
        origin = typing.get_origin(annotation)
        if origin is Annotated:
            annotation, *extra = typing.get_args(annotation)
            metadata.extend(extra)
        elif origin in (Union, types.UnionType):
            options = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = options[0]
        else:
            return annotation, metadata


def _kind(annotation: Any) -> tuple[Kind, tuple[str, ...], type[BaseModel] | None]:
    origin = typing.get_origin(annotation)
    if origin is Literal:
        return "choice", tuple(str(v) for v in typing.get_args(annotation)), None
    if origin in (tuple, dict):
        item, _ = _unwrapped(typing.get_args(annotation)[-1 if origin is dict else 0])
        model = item if isinstance(item, type) and issubclass(item, BaseModel) else None
        return ("mapping" if origin is dict else "list"), (), model
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "section", (), annotation
    return _SCALARS.get(annotation, "text"), (), None


def _bounds(metadata: list[Any]) -> Bounds:
    limits: dict[str, float] = {}
    for item in metadata:
        if isinstance(item, FieldInfo):
            limits.update(vars(_bounds(list(item.metadata))))
        for name in ("ge", "gt", "le", "lt"):
            if isinstance(item, getattr(annotated_types, name.capitalize())):
                limits[name] = float(getattr(item, name))
    return Bounds(**{k: v for k, v in limits.items() if v is not None})
