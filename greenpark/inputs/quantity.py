"""Pydantic field types for quantities: a bare number in the key's unit or a string with a unit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from pydantic import BeforeValidator

from greenpark.errors import UnitError
from greenpark.units import to_canonical


def _in_unit(unit: str) -> Callable[[object], float]:
    def convert(value: object) -> float:
        try:
            return to_canonical(value, unit)
        except UnitError as exc:  # pydantic collects ValueError, not TypeError
            raise ValueError(str(exc)) from exc

    return convert


def quantity(unit: str) -> BeforeValidator:
    """A validator that reads ``250`` or ``"0.25 MW"`` as a float in ``unit``."""
    return BeforeValidator(_in_unit(unit))


KW = Annotated[float, quantity("kW")]
KWH = Annotated[float, quantity("kWh")]
MWH = Annotated[float, quantity("MWh")]
M2 = Annotated[float, quantity("m**2")]
MU = Annotated[float, quantity("mu")]
KM2 = Annotated[float, quantity("km**2")]
M = Annotated[float, quantity("m")]
DEG = Annotated[float, quantity("degree")]
