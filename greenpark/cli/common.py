"""Options shared by every command."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal, cast

import typer

from greenpark.i18n import set_language, text

if TYPE_CHECKING:
    from rich.console import Console

    from greenpark.inputs.schema import ParkConfig
    from greenpark.inputs.weather import Weather

LangOption = Annotated[
    str | None,
    typer.Option("--lang", help="输出语言 zh|en / output language zh|en", envvar="GREENPARK_LANG"),
]

AllowGapsOption = Annotated[
    bool,
    typer.Option(
        "--allow-gaps",
        help="无数据的月份按已知月份外推（标记为外推值），而不报错 / extrapolate months "
        "without data from the known months (flagged) instead of refusing them",
    ),
]


def apply_language(lang: str | None) -> None:
    """Set the output language from ``--lang`` (given on the root or on a command)."""
    if lang is None:
        return
    if lang not in ("zh", "en"):
        raise typer.BadParameter(f"--lang must be zh or en, got {lang!r}")
    set_language(cast(Literal["zh", "en"], lang))


#: Largest ``--weather-shift`` in minutes: the range of the lag search (3 h, see
#: ``greenpark.core.pv.sun.LAG_MAX_H``); a larger offset is a time-zone error, not a lag.
MAX_SHIFT_MIN = 180.0


@dataclass(frozen=True)
class WeatherChoice:
    """The weather options of a command: a file (and its format), or None for the
    synthetic typical year; ``resplit`` (``erbs``/``dirint``) re-derives DNI and DHI from
    the file's GHI, for files whose components do not add up to their GHI; ``shift``
    (``auto`` or minutes, positive when the data come late) removes a lag of the file's
    irradiance behind the sun."""

    file: Path | None = None
    fmt: str | None = None
    resplit: str | None = None
    shift: str | None = None

    def __post_init__(self) -> None:
        if self.shift is not None and self.file is None:
            raise typer.BadParameter(
                text(
                    "须与 --weather 一起使用（合成典型年与太阳同步，无需校正）",
                    "needs --weather (the synthetic typical year is in step with the sun)",
                ),
                param_hint="--weather-shift",
            )
        self.irradiance_lag_h()  # refuse a bad value before any work

    def irradiance_lag_h(self) -> float | Literal["auto"] | None:
        """``shift`` as ``load_weather`` takes it: None, ``"auto"`` or hours."""
        if self.shift is None:
            return None
        if self.shift == "auto":
            return "auto"
        try:
            minutes = float(self.shift)
        except ValueError:
            minutes = float("nan")
        if not abs(minutes) <= MAX_SHIFT_MIN:
            raise typer.BadParameter(
                text(
                    f"须为 auto 或 −{MAX_SHIFT_MIN:.0f} 到 {MAX_SHIFT_MIN:.0f} 之间的分钟数，"
                    f"实际为 {self.shift!r}",
                    f"must be auto or minutes between -{MAX_SHIFT_MIN:.0f} and "
                    f"{MAX_SHIFT_MIN:.0f}, got {self.shift!r}",
                ),
                param_hint="--weather-shift",
            )
        return minutes / 60.0

    def load(self, config: ParkConfig) -> Weather:
        from greenpark.inputs.weather import (
            default_weather,
            load_weather,
            resplit_with_decomposition,
        )

        site = config.park.location
        if self.file is None:
            return default_weather(
                site.latitude_deg,
                site.longitude_deg,
                site.altitude_m,
                timezone=config.park.timezone,
            )
        loaded = load_weather(
            self.file,
            fmt=self.fmt,
            park_location=(site.latitude_deg, site.longitude_deg),
            timezone=config.park.timezone,
            irradiance_lag_h=self.irradiance_lag_h(),
        )
        return loaded if self.resplit is None else resplit_with_decomposition(loaded, self.resplit)

    @property
    def label(self) -> str:
        """How the choice is recorded with a run (language-independent)."""
        name = "synthetic typical year" if self.file is None else self.file.name
        if self.resplit is not None:
            name += f", resplit={self.resplit}"
        if self.shift is not None:
            name += ", shift=auto" if self.shift == "auto" else f", shift={self.shift}min"
        return name


WeatherOption = Annotated[
    Path | None,
    typer.Option(
        "--weather",
        help="气象文件 EPW / PVGIS TMY / TMY3 / CSV；缺省用合成典型年 / "
        "weather file; default: a synthetic typical year",
    ),
]
ResplitOption = Annotated[
    str | None,
    typer.Option(
        "--resplit",
        help="用 GHI 重新分解直射/散射 erbs|dirint / re-split DNI and DHI from GHI: erbs|dirint",
    ),
]
WeatherShiftOption = Annotated[
    str | None,
    typer.Option(
        "--weather-shift",
        help="校正辐照滞后：auto 自动检测，或分钟数（正数表示数据晚于太阳）/ remove a lag of "
        "irradiance behind the sun: auto (detected) or MINUTES (positive: the data come late)",
    ),
]
WeatherFormatOption = Annotated[
    str | None,
    typer.Option(
        "--weather-format", help="epw|pvgis_csv|pvgis_json|tmy3|csv（缺省自动识别 / detected)"
    ),
]


def make_console() -> Console:
    """A rich console; when output is a file or pipe, wide enough for the widest table."""
    from rich.console import Console

    console = Console()
    return console if console.is_terminal else Console(width=180)
