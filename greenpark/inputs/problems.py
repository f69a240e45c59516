"""Problem lines for people: ``<file>: <field path>: <what>, got <x>, expected <y>``.

Turns pydantic's validation errors into such lines, in Chinese or English
(:func:`greenpark.i18n.text`), with the item's id in the path (``rooftops[3] (R004).tilt_deg``),
the value found, the range or type expected, and the line in the YAML file.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from annotated_types import Ge, Gt, Le, Lt
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from greenpark.i18n import text
from greenpark.inputs.quantity import QUANTITY_ERROR

Loc = tuple[str | int, ...]

_ID_KEYS = ("id", "file", "factor_id")
_NOT_GIVEN = object()


@dataclass(frozen=True)
class Problem:
    """One problem found in a file; ``line`` (1-based) orders problems as in the file."""

    line: int | None
    message: str


def problem(
    file: str,
    path: str,
    what: str,
    *,
    got: object = _NOT_GIVEN,
    expected: str | None = None,
    line: int | None = None,
) -> Problem:
    """Build one problem line: where (file, field path, line), what, got, expected."""
    message = f"{file}: {path}: {what}" if path else f"{file}: {what}"
    if got is not _NOT_GIVEN:
        message += text(f"，实际为 {shown(got)}", f", got {shown(got)}")
    if expected is not None:
        message += text(f"，应为 {expected}", f", expected {expected}")
    if line is not None:
        message += text(f"（第 {line} 行）", f" (line {line})")
    return Problem(line, message)


def close_match(
    name: str, choices: Iterable[str], *, fold: Callable[[str], str] | None = None
) -> str | None:
    """The choice most like ``name`` (difflib ratio ≥ 0.6), or None when none is close.

    With ``fold`` (e.g. ``str.casefold``) names are compared folded; the choice is returned
    as given: ``close_match("steel", ["STEEL"], fold=str.casefold)`` -> ``"STEEL"``.
    """
    folded = {(fold or str)(choice): choice for choice in choices}
    close = difflib.get_close_matches((fold or str)(name), list(folded), n=1)
    return folded[close[0]] if close else None


def did_you_mean(match: str | None) -> str:
    """``（是否为 'x'？）`` / `` (did you mean 'x'?)`` for a close match; empty for None."""
    if match is None:
        return ""
    return text(f"（是否为 {match!r}？）", f" (did you mean {match!r}?)")


def ordered(problems: Sequence[Problem]) -> list[str]:
    """The messages in file order; problems without a line come last, in their given order."""
    return [p.message for p in sorted(problems, key=lambda p: (p.line is None, p.line or 0))]


def shown(value: object) -> str:
    """A value as a person would write it, shortened when long."""
    if value is None or isinstance(value, bool):
        return {None: "null", True: "true", False: "false"}[value]  # as written in YAML
    result = repr(value) if isinstance(value, str) else str(value)
    return result if len(result) <= 60 else result[:57] + "..."


def field_path(loc: Loc, raw: object) -> str:
    """``("rooftops", 3, "tilt_deg")`` -> ``rooftops[3] (R004).tilt_deg`` using the raw data."""
    path = ""
    node = raw
    for key in loc:
        if isinstance(key, int) and not isinstance(node, dict):
            node = node[key] if isinstance(node, list) and -len(node) <= key < len(node) else None
            path += f"[{key}]" + _item_label(node)
        else:
            node = node.get(key) if isinstance(node, dict) else None
            path += f".{key}" if path else str(key)
    return path


def _item_label(node: object) -> str:
    if not isinstance(node, dict):
        return ""
    for key in _ID_KEYS:
        if isinstance(node.get(key), str | int):
            return f" ({node[key]})"
    return ""


def line_of(loc: Loc, lines: Mapping[Loc, int]) -> int | None:
    """Line of the deepest part of ``loc`` found in the YAML line map."""
    for end in range(len(loc), -1, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return None


@dataclass(frozen=True)
class SourceFile:
    """A file being checked: its name as shown, its raw data and the line of each key/item."""

    label: str
    raw: object
    lines: Mapping[Loc, int]

    def problem(
        self, loc: Loc, what: str, *, got: object = _NOT_GIVEN, expected: str | None = None
    ) -> Problem:
        """A problem at ``loc`` (e.g. ``("rooftops", 3, "tilt_deg")``) in this file."""
        return problem(
            self.label,
            field_path(loc, self.raw),
            what,
            got=got,
            expected=expected,
            line=line_of(loc, self.lines),
        )


def validation_problems(
    error: ValidationError, model: type[BaseModel], source: SourceFile
) -> list[Problem]:
    """One :class:`Problem` per pydantic error, for ``source.raw`` validated as ``model``."""
    found = []
    for detail in error.errors(include_url=False):
        loc: Loc = tuple(detail["loc"])
        if detail["type"] == "extra_forbidden":
            what = _unknown_key(str(loc[-1]), _model_at(model, loc[:-1]))
            path = field_path(loc[:-1], source.raw)
            found.append(problem(source.label, path, what, line=line_of(loc, source.lines)))
            continue
        what, expected = _describe(detail, _schema_at(model, loc))
        got = detail.get("input", _NOT_GIVEN)
        if detail["type"] == "missing" or isinstance(got, dict | list):
            got = _NOT_GIVEN  # the message says what is missing or wrong with a whole item
        elif detail["type"] == "value_error" and shown(got) in what:
            got = _NOT_GIVEN
        found.append(source.problem(loc, what, got=got, expected=expected))
    return found


def _unknown_key(key: str, parent: type[BaseModel] | None) -> str:
    known = list(parent.model_fields) if parent is not None else []
    close = close_match(key, known)
    if close:
        return text(f"未知的键 {key!r}", f"unknown key {key!r}") + did_you_mean(close)
    if known:
        listed = ", ".join(known)
        return text(
            f"未知的键 {key!r}（可用的键：{listed}）", f"unknown key {key!r} (known keys: {listed})"
        )
    return text(f"未知的键 {key!r}", f"unknown key {key!r}")


def _describe(detail: Any, schema: object) -> tuple[str, str | None]:
    """(what is wrong, what is expected) for one pydantic error."""
    kind = detail["type"]
    ctx = detail.get("ctx", {})
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        return _out_of_range(detail, schema)
    if kind == QUANTITY_ERROR:
        return _unit_error(ctx)
    if kind == "value_error" and isinstance(ctx.get("error"), Exception):
        return str(ctx["error"]), None
    if kind == "literal_error":
        return text("不是允许的取值", "not one of the allowed values"), str(ctx.get("expected"))
    if kind == "string_too_short":
        size = ctx.get("min_length")
        return text(f"太短，至少需要 {size} 个字符", f"too short: at least {size} characters"), None
    if kind == "string_pattern_mismatch":
        return text("格式不对", "wrong form"), text(
            f"符合 {ctx.get('pattern')} 的文字", f"text matching {ctx.get('pattern')}"
        )
    words = _TYPE_WORDS.get(kind)
    return (text(*words) if words else str(detail["msg"])), None


_TYPE_WORDS: dict[str, tuple[str, str]] = {
    "missing": ("缺少必填项", "required key is missing"),
    "int_type": ("必须为整数", "must be a whole number"),
    "int_parsing": ("必须为整数", "must be a whole number"),
    "int_from_float": ("必须为整数", "must be a whole number"),
    "float_type": ("必须为数字", "must be a number"),
    "float_parsing": ("必须为数字", "must be a number"),
    "finite_number": (
        "必须为有限的数（不能是 .inf、.nan 或无穷大）",
        "must be a finite number (not .inf, .nan or infinite)",
    ),
    "string_type": ("必须为文字（必要时加引号）", "must be text (quote it if needed)"),
    "bool_type": ("必须为 true 或 false", "must be true or false"),
    "bool_parsing": ("必须为 true 或 false", "must be true or false"),
    "tuple_type": ("必须为列表（每项以 - 开头）", "must be a list (items starting with -)"),
    "list_type": ("必须为列表（每项以 - 开头）", "must be a list (items starting with -)"),
    "model_type": ("必须为键值映射（键: 值）", "must be a mapping (key: value)"),
    "dict_type": ("必须为键值映射（键: 值）", "must be a mapping (key: value)"),
    "model_attributes_type": ("必须为键值映射（键: 值）", "must be a mapping (key: value)"),
}


def _out_of_range(detail: Any, schema: object) -> tuple[str, str | None]:
    bounds = {}
    for constraint in _constraints(schema):
        name = type(constraint).__name__.lower()  # Ge -> "ge", the attribute holding the bound
        bounds[name] = _number_value(getattr(constraint, name))
    if not bounds:
        bounds = {key: _number_value(value) for key, value in detail.get("ctx", {}).items()}
    if "ge" in bounds and "le" in bounds:
        what = text(
            f"必须在 {bounds['ge']} 到 {bounds['le']} 之间",
            f"must be between {bounds['ge']} and {bounds['le']}",
        )
    else:
        signs = {"ge": "≥", "gt": ">", "le": "≤", "lt": "<"}
        parts = [f"{signs[k]} {v}" for k, v in bounds.items() if k in signs]
        what = text("必须 " + " 且 ".join(parts), "must be " + " and ".join(parts))
    field = str(detail["loc"][-1]) if detail["loc"] else ""
    value = detail["input"]
    if field.endswith("_fraction") and isinstance(value, int | float) and 1 < value <= 100:
        what += text("（比例用 0–1 的小数，不用百分数）", " (fractions are 0–1, not percent)")
    return what, None


def _number_value(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _unit_error(ctx: Mapping[str, object]) -> tuple[str, str]:
    """A quantity that is not a number nor convertible to the key's unit (see quantity.py)."""
    unit, example = ctx["unit"], ctx["example"]
    return text("单位不对或无法识别", "wrong or unreadable unit"), text(
        f'以 {unit} 计的数字，或可换算为 {unit} 的带单位量（如 "{example}"）',
        f'a number in {unit} or a quantity convertible to {unit} (e.g. "{example}")',
    )


def _parts(expr: object) -> list[object]:
    """The parts of a type expression that describe the same value (not its list items)."""
    if isinstance(expr, FieldInfo):
        return [expr.annotation, *expr.metadata]
    origin = get_origin(expr)
    if origin is Annotated:
        return list(get_args(expr))
    if origin in (Union, UnionType):
        return [arg for arg in get_args(expr) if arg is not type(None)]
    return []


def _flattened(expr: object) -> list[object]:
    found = [expr]
    for part in _parts(expr):
        found.extend(_flattened(part))
    return found


def _constraints(expr: object) -> list[object]:
    return [part for part in _flattened(expr) if isinstance(part, Ge | Gt | Le | Lt)]


def _schema_at(model: type[BaseModel], loc: Loc) -> object:
    """The field (or list item) type at ``loc`` inside ``model``; None when not found."""
    expr: object = model
    for key in loc:
        expr = _step(expr, key)
        if expr is None:
            return None
    return expr


def _step(expr: object, key: str | int) -> object:
    for part in _flattened(expr):
        if isinstance(key, str) and isinstance(part, type) and issubclass(part, BaseModel):
            return part.model_fields.get(key)
        if isinstance(key, int) and get_origin(part) is tuple:
            args = get_args(part)
            if len(args) == 2 and args[1] is Ellipsis:
                return args[0]
            return args[key] if 0 <= key < len(args) else None
    return None


def _model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    for part in _flattened(_schema_at(model, loc)):
        if isinstance(part, type) and issubclass(part, BaseModel):
            return part
    return None
