"""greenpark: green-power and carbon accounting for Chinese industrial parks.

The public API (``docs/python-api.md``)::

    import greenpark as gp

    park = gp.load_park("sites/jincheng-edz")
    result = gp.run(gp.RunSpec(park, options=gp.RunOptions(contract_matching="hourly")))
    result.annual()  # a row per enterprise and the park, units in column names

Names are imported when first used, so ``import greenpark`` (and ``greenpark --help``) stays
fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: public name -> the module that defines it
_EXPORTS = {
    "load_park": "greenpark.api",
    "load_park_config": "greenpark.api",
    "load_weather": "greenpark.api",
    "run": "greenpark.api",
    "RunSpec": "greenpark.run_spec",
    "RunOptions": "greenpark.run_spec",
    "WeatherSource": "greenpark.run_spec",
    "RunResult": "greenpark.run_result",
    "Provenance": "greenpark.provenance",
    "FactorUse": "greenpark.provenance",
    "Park": "greenpark.inputs.park.load",
    "Weather": "greenpark.inputs.weather.data",
    "Message": "greenpark.messages",
    "GreenparkError": "greenpark.errors",
    "InputError": "greenpark.errors",
    "StrictError": "greenpark.errors",
}
__all__ = [
    "FactorUse",
    "GreenparkError",
    "InputError",
    "Message",
    "Park",
    "Provenance",
    "RunOptions",
    "RunResult",
    "RunSpec",
    "StrictError",
    "Weather",
    "WeatherSource",
    "__version__",
    "load_park",
    "load_park_config",
    "load_weather",
    "run",
]

if TYPE_CHECKING:
    from greenpark.api import load_park, load_park_config, load_weather, run
    from greenpark.errors import GreenparkError, InputError, StrictError
    from greenpark.inputs.park.load import Park
    from greenpark.inputs.weather.data import Weather
    from greenpark.messages import Message
    from greenpark.provenance import FactorUse, Provenance
    from greenpark.run_result import RunResult
    from greenpark.run_spec import RunOptions, RunSpec, WeatherSource


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'greenpark' has no attribute {name!r}")
    value = getattr(importlib.import_module(_EXPORTS[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
