"""Pydantic field types for quantities: a bare number in the key's unit or a string with a unit.

A value that cannot be read in the key's unit fails with the error type
:data:`QUANTITY_ERROR`, whose context carries the unit as people write it (``unit``), an
example (``example``) and pint's reason (``reason``); :mod:`greenpark.inputs.problems` turns
it into "expected a number in kW or a quantity convertible to kW (e.g. "2.5 MW")".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from greenpark.errors import UnitError
from greenpark.units import to_canonical

QUANTITY_ERROR = "quantity_unit"


def _in_unit(unit: str, shown: str, example: str) -> Callable[[object], float]:
    def convert(value: object) -> float:
        try:
            return to_canonical(value, unit)
        except UnitError as exc:
            context = {"unit": shown, "example": example, "reason": str(exc)}
            raise PydanticCustomError(QUANTITY_ERROR, "{reason}", context) from exc

    return convert


def quantity(unit: str, shown: str, example: str) -> BeforeValidator:
    """A validator that reads ``250`` or ``"0.25 MW"`` as a float in ``unit`` (pint spelling).

    ``shown`` is the unit as people write it (``m²`` for ``m**2``); ``example`` a value in
    another unit that converts, shown in the error message.
    """
    return BeforeValidator(_in_unit(unit, shown, example))


KW = Annotated[float, quantity("kW", "kW", "2.5 MW")]
KWH = Annotated[float, quantity("kWh", "kWh", "120 万kWh")]
MWH = Annotated[float, quantity("MWh", "MWh", "120 万kWh")]
M2 = Annotated[float, quantity("m**2", "m²", "1.2 万m²")]
MU = Annotated[float, quantity("mu", "亩 (mu)", "1 km²")]
KM2 = Annotated[float, quantity("km**2", "km²", "1500 亩")]
M = Annotated[float, quantity("m", "m", "1.5 km")]
DEG = Annotated[float, quantity("degree", "°", "25°")]
