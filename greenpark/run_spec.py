"""What one run is: a park, its weather, the run's options and an optional overlay.

:class:`RunSpec` is plain, frozen, picklable data; :func:`greenpark.run` turns it into a
:class:`~greenpark.run_result.RunResult`. Every option is checked when the object is made, so
a mistake is an :class:`~greenpark.errors.InputError` before any work (all problems at once).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar, Literal

import pandas as pd

from greenpark.errors import InputError
from greenpark.i18n import text
from greenpark.inputs.park.load import Park
from greenpark.inputs.park.overlay import plain
from greenpark.inputs.weather.data import Weather
from greenpark.inputs.weather.quality import FORMATS
from greenpark.pipeline.rules import AccountingRules

#: largest weather shift in minutes: the range of the lag search (3 h, see
#: ``greenpark.core.pv.sun.LAG_MAX_H``); a larger offset is a time-zone error, not a lag
MAX_SHIFT_MIN = 180.0
RESPLIT_MODELS = ("erbs", "dirint")
CONTRACT_MATCHING = ("monthly", "hourly", "annual")


def _choice_problem(name: str, value: object, allowed: tuple[str, ...]) -> str | None:
    if value in allowed:
        return None
    return text(
        f"{name}：须为 {'、'.join(allowed)} 之一，实际为 {value!r}",
        f"{name}: must be one of {', '.join(allowed)}, got {value!r}",
    )


def _raise(problems: Sequence[str | None]) -> None:
    found = [p for p in problems if p is not None]
    if found:
        raise InputError(found)


def weather_digest(weather: Weather) -> str:
    """16 hex digits of SHA-256 over a weather's hourly values, time stamps and location."""
    digest = hashlib.sha256()
    digest.update(pd.util.hash_pandas_object(weather.data, index=True).to_numpy().tobytes())
    digest.update(repr((weather.latitude_deg, weather.longitude_deg, weather.altitude_m)).encode())
    return digest.hexdigest()[:16]


def shift_minutes(value: str) -> float | Literal["auto"]:
    """``"auto"`` or a number of minutes within ±:data:`MAX_SHIFT_MIN`, from text (the CLI's
    ``--weather-shift``); ValueError otherwise."""
    if value == "auto":
        return "auto"
    minutes = float(value)  # ValueError for text that is no number
    if not abs(minutes) <= MAX_SHIFT_MIN:
        raise ValueError(f"{value!r} is beyond ±{MAX_SHIFT_MIN:.0f} minutes")
    return minutes


@dataclass(frozen=True)
class WeatherSource:
    """Where a run's hourly weather comes from.

    ``file`` None is the synthetic typical year of the park's location; otherwise a weather
    file (EPW, PVGIS TMY, TMY3 or greenpark csv; ``format`` detected when None). ``resplit``
    (``erbs``/``dirint``) re-derives DNI and DHI from the file's GHI; ``shift_min``
    (``"auto"`` or minutes, positive when the data come late) removes a lag of the file's
    irradiance behind the sun. The CLI's ``--weather``, ``--weather-format``, ``--resplit``
    and ``--weather-shift``.
    """

    file: Path | None = None
    format: str | None = None
    resplit: str | None = None
    shift_min: float | Literal["auto"] | None = None

    def __post_init__(self) -> None:
        if self.file is not None:
            object.__setattr__(self, "file", Path(self.file))
        problems = [
            None if self.format is None else _choice_problem("format", self.format, (*FORMATS,)),
            None
            if self.resplit is None
            else _choice_problem("resplit", self.resplit, RESPLIT_MODELS),
            self._shift_problem(),
        ]
        _raise(problems)

    def _shift_problem(self) -> str | None:
        shift = self.shift_min
        if shift is None:
            return None
        if self.file is None:
            return text(
                "shift_min：须与气象文件一起使用（合成典型年与太阳同步，无需校正）",
                "shift_min needs a weather file (the synthetic typical year is in step "
                "with the sun)",
            )
        if shift == "auto" or (
            isinstance(shift, int | float)
            and not isinstance(shift, bool)
            and abs(shift) <= MAX_SHIFT_MIN
        ):
            return None
        limit = f"{MAX_SHIFT_MIN:.0f}"
        return text(
            f"shift_min：须为 'auto' 或 −{limit} 到 {limit} 之间的分钟数，实际为 {shift!r}",
            f"shift_min: must be 'auto' or minutes between -{limit} and {limit}, got {shift!r}",
        )

    @property
    def irradiance_lag_h(self) -> float | Literal["auto"] | None:
        """The shift as :func:`greenpark.inputs.weather.files.load_weather` takes it."""
        if self.shift_min is None or self.shift_min == "auto":
            return self.shift_min
        return self.shift_min / 60.0

    @property
    def label(self) -> str:
        """How the choice is recorded with a run (language-independent)."""
        name = "synthetic typical year" if self.file is None else self.file.name
        if self.resplit is not None:
            name += f", resplit={self.resplit}"
        if self.shift_min == "auto":
            name += ", shift=auto"
        elif self.shift_min is not None:
            name += f", shift={self.shift_min:g}min"
        return name


@dataclass(frozen=True)
class RunOptions:
    """The choices of one run (each is a ``greenpark run`` option).

    - ``contract_matching``: the period over which a contract's delivery may cover its buyer's
      purchase — ``monthly`` (default; 绿电交易 volumes are settled per month), ``hourly`` or
      ``annual`` (``--contract-matching``).
    - ``strict``: soft messages are errors (``--strict``).
    - ``allow_gaps``: months without data are extrapolated (``--allow-gaps``); None (default)
      keeps what the park was loaded with (:func:`greenpark.load_park`).
    - the choices where the Chinese rules are unsettled
      (:class:`~greenpark.pipeline.rules.AccountingRules`): ``park910_electricity_factor``
      (``--park910-factor``), ``market_residual``, ``inventory_grid``, ``heating_value``.
    """

    contract_matching: str = "monthly"
    strict: bool = False
    allow_gaps: bool | None = None
    park910_electricity_factor: str = "annex4"
    market_residual: str = "excl_market_nonfossil"
    inventory_grid: str = "national"
    heating_value: str = "emission_vintage"

    #: option -> its allowed values
    CHOICES: ClassVar[Mapping[str, tuple[str, ...]]] = {
        "contract_matching": CONTRACT_MATCHING,
        **AccountingRules.CHOICES,
    }

    def __post_init__(self) -> None:
        problems = [_choice_problem(k, getattr(self, k), v) for k, v in self.CHOICES.items()]
        for name in ("strict", "allow_gaps"):
            value = getattr(self, name)
            if not isinstance(value, bool) and not (name == "allow_gaps" and value is None):
                problems.append(
                    text(
                        f"{name}：须为 True 或 False，实际为 {value!r}",
                        f"{name}: must be True or False, got {value!r}",
                    )
                )
        _raise(problems)

    @property
    def rules(self) -> AccountingRules:
        """The unsettled-rule choices, as the pipeline takes them."""
        return AccountingRules(
            park910_electricity_factor=self.park910_electricity_factor,
            market_residual=self.market_residual,
            inventory_grid=self.inventory_grid,
            heating_value=self.heating_value,
        )


@dataclass(frozen=True)
class RunSpec:
    """One run: ``park`` (a :class:`~greenpark.inputs.park.load.Park` from
    :func:`greenpark.load_park`, or its folder, loaded when the run starts), ``weather`` (a
    :class:`WeatherSource`, a weather file's path, None for the synthetic typical year, or a
    :class:`~greenpark.inputs.weather.data.Weather` already loaded with
    :func:`greenpark.load_weather` — read once, shared by many runs; recorded with a digest of
    its values),
    ``options`` and ``overlay`` (a patch shaped like ``park.yaml``, applied with
    :meth:`~greenpark.inputs.park.load.Park.with_changes` and checked like a file).

    After creation ``park`` is a Park or a Path, ``weather`` a WeatherSource and ``overlay``
    a private copy (later changes to the dict given have no effect).
    """

    park: Park | Path | str
    weather: WeatherSource | Weather | Path | str | None = None
    options: RunOptions = field(default_factory=RunOptions)
    overlay: Mapping[str, object] | None = None

    def __post_init__(self) -> None:
        if isinstance(self.park, str | os.PathLike):
            object.__setattr__(self, "park", Path(self.park))
        if not isinstance(self.weather, WeatherSource | Weather):
            file = None if self.weather is None else Path(self.weather)
            object.__setattr__(self, "weather", WeatherSource(file))
        problems = []
        if not isinstance(self.park, Park | Path):
            problems.append(_type_problem("park", "Park / path", self.park))
        if not isinstance(self.options, RunOptions):
            problems.append(_type_problem("options", "RunOptions", self.options))
        if self.overlay is not None and not isinstance(self.overlay, Mapping):
            problems.append(_type_problem("overlay", "dict", self.overlay))
        _raise(problems)
        if self.overlay is not None:
            object.__setattr__(self, "overlay", plain(self.overlay))

    @property
    def weather_label(self) -> str:
        """How the weather is recorded with the run (part of its identity): the source's
        label, or for a given :class:`~greenpark.inputs.weather.data.Weather` a digest of its
        hourly values and site (not its ``source`` text, which is in the language it was
        loaded in: a sweep run in English stored every run again)."""
        if isinstance(self.weather, Weather):
            return f"given: hourly weather ({weather_digest(self.weather)})"
        assert isinstance(self.weather, WeatherSource)
        return self.weather.label

    @property
    def weather_file(self) -> Path | None:
        """The weather file the run reads, if any."""
        return self.weather.file if isinstance(self.weather, WeatherSource) else None


def _type_problem(name: str, expected: str, value: object) -> str:
    return text(
        f"{name}：须为 {expected}，实际为 {type(value).__name__}",
        f"{name}: must be a {expected}, got {type(value).__name__}",
    )
