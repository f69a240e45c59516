"""Options shared by every command."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal, cast

import typer

from greenpark.i18n import set_language

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


@dataclass(frozen=True)
class WeatherChoice:
    """The weather options of a command: a file (and its format), or None for the
    synthetic typical year; ``resplit`` (``erbs``/``dirint``) re-derives DNI and DHI from
    the file's GHI, for files whose components do not add up to their GHI."""

    file: Path | None = None
    fmt: str | None = None
    resplit: str | None = None

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
        )
        return loaded if self.resplit is None else resplit_with_decomposition(loaded, self.resplit)

    @property
    def label(self) -> str:
        """How the choice is recorded with a run (language-independent)."""
        name = "synthetic typical year" if self.file is None else self.file.name
        return name if self.resplit is None else f"{name}, resplit={self.resplit}"


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
