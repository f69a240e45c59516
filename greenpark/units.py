"""The one pint registry, and conversion of user quantities to canonical units.

pint is used only at the edges (config, factor tables, reports); the core works on plain
floats and numpy arrays in the canonical units listed in :data:`CANONICAL_UNITS`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import pint

from greenpark.errors import UnitError

#: canonical unit of each physical quantity inside the core (see ARCHITECTURE.md)
CANONICAL_UNITS: dict[str, str] = {
    "power": "kW",
    "energy": "kWh",
    "heat": "GJ",
    "mass": "kg",
    "volume": "m**3",
    "area": "m**2",
    "land": "mu",
    "length": "m",
    "coal_equivalent": "kgce",
    "emissions": "kg",
    "angle": "degree",
    "fraction": "dimensionless",
}

_DEFINITIONS = """
kgce = [coal_equivalent] = kilogram_coal_equivalent
tce = 1000 * kgce = tonne_coal_equivalent
Nm3 = meter ** 3 = normal_cubic_meter
mu = 10000 / 15 * meter ** 2
"""

#: Chinese unit spellings users write, rewritten to pint names before parsing
_ALIASES: tuple[tuple[str, str], ...] = (
    ("万", "1e4 * "),
    ("亿", "1e8 * "),
    ("千瓦时", "kWh"),
    ("度", "kWh"),
    ("兆瓦时", "MWh"),
    ("千瓦", "kW"),
    ("兆瓦", "MW"),
    ("吨标煤", "tce"),
    ("千克标煤", "kgce"),
    ("亩", "mu"),
    ("平方米", "m**2"),
    ("平方公里", "km**2"),
    ("立方米", "m**3"),
    ("Nm³", "Nm3"),
    ("m³", "m**3"),
    ("m²", "m**2"),
    ("km²", "km**2"),
    ("吨", "t"),
    ("千克", "kg"),
    ("公斤", "kg"),
    ("吉焦", "GJ"),
    ("°", " degree"),
)


@lru_cache(maxsize=1)
def registry() -> Any:
    """Return the project's single pint registry (built once)."""
    ureg: Any = pint.UnitRegistry(autoconvert_offset_to_baseunit=True)
    for line in _DEFINITIONS.strip().splitlines():
        ureg.define(line)
    return ureg


def _normalise(text: str) -> str:
    for chinese, pint_name in _ALIASES:
        text = text.replace(chinese, pint_name)
    # "120 1e4 * kWh" -> "120 * 1e4 * kWh"
    text = re.sub(r"(\d)\s+1e(\d)", r"\1 * 1e\2", text)
    return text.strip()


def parse_unit(unit: str) -> Any:
    """Parse a unit string (Chinese spellings allowed) into a pint unit-bearing quantity."""
    try:
        return registry().Quantity(1, registry().parse_units(_normalise(unit)))
    except (
        pint.errors.UndefinedUnitError,
        pint.errors.DefinitionSyntaxError,
        ValueError,
        AssertionError,
        AttributeError,
        TypeError,
    ) as exc:
        try:
            return registry().parse_expression(_normalise(unit))
        except Exception:
            raise UnitError(f"unknown unit {unit!r}") from exc


def convert(value: float, from_unit: str, to_unit: str) -> float:
    """Convert ``value`` in ``from_unit`` to ``to_unit``; UnitError on a dimension mismatch."""
    source = parse_unit(from_unit) * value
    try:
        return float(source.to(parse_unit(to_unit)).magnitude)
    except pint.errors.DimensionalityError as exc:
        raise UnitError(
            f"cannot convert {from_unit!r} to {to_unit!r}: "
            f"{source.dimensionality} is not {parse_unit(to_unit).dimensionality}"
        ) from exc


def to_canonical(value: object, unit: str) -> float:
    """Read a config quantity: a bare number in ``unit`` or a string with its own unit.

    Parameters
    ----------
    value
        ``250`` (taken as ``unit``) or ``"2.5 MW"`` / ``"120 万kWh"``.
    unit
        The key's documented unit, e.g. ``"kW"``.

    Returns
    -------
    float
        The magnitude in ``unit``.
    """
    if isinstance(value, bool):
        raise UnitError(f"expected a number or a quantity string in {unit}, got {value!r}")
    if isinstance(value, int | float):
        return float(value)
    if not isinstance(value, str):
        raise UnitError(f"expected a number or a quantity string in {unit}, got {value!r}")
    text = _normalise(value)
    try:
        quantity = registry().parse_expression(text)
    except Exception as exc:  # pint raises many exception types for bad text
        raise UnitError(f"cannot read {value!r} as a quantity in {unit}") from exc
    if not hasattr(quantity, "to"):
        return float(quantity)
    target = parse_unit(unit)
    try:
        return float(quantity.to(target.units).magnitude / target.magnitude)
    except pint.errors.DimensionalityError as exc:
        raise UnitError(
            f"{value!r} is not a {unit} quantity (dimension {quantity.dimensionality}, "
            f"expected {target.dimensionality})"
        ) from exc
