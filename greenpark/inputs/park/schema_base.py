"""The base of every ``park.yaml`` model: immutable, no unknown keys, finite numbers only.

``allow_inf_nan=False`` refuses ``.inf``, ``.nan`` and ``"inf kW"`` in every number of the
file (YAML reads ``.inf`` as a float), so an infinite roof area or reading never reaches a
computation.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from greenpark.inputs.described import Described
from greenpark.inputs.park.paths import portable

Fraction = Annotated[float, Field(ge=0.0, le=1.0)]
NonNegative = Annotated[float, Field(ge=0.0)]


def _portable(value: object) -> object:
    return portable(value) if isinstance(value, str) else value


#: a file of the park folder: ``data\\m.csv`` and ``data/m.csv`` are the same file everywhere
ParkPath = Annotated[Path, BeforeValidator(_portable)]


class Frozen(Described):  # a field's docstring is its description ("zh / en")
    model_config = ConfigDict(
        frozen=True, extra="forbid", str_strip_whitespace=True, allow_inf_nan=False
    )


_Model = TypeVar("_Model", bound=BaseModel)


def checked(model: _Model, problem: str | None) -> _Model:
    """``model`` when ``problem`` is None; else the problem as a validation error."""
    if problem is not None:
        raise ValueError(problem)
    return model
