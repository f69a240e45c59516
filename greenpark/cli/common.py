"""Options shared by every command."""

from __future__ import annotations

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


def apply_language(lang: str | None) -> None:
    """Set the output language from ``--lang`` (given on the root or on a command)."""
    if lang is None:
        return
    if lang not in ("zh", "en"):
        raise typer.BadParameter(f"--lang must be zh or en, got {lang!r}")
    set_language(cast(Literal["zh", "en"], lang))


def park_weather(config: ParkConfig, weather: Path | None, weather_format: str | None) -> Weather:
    """The weather a command uses: the given file, else the synthetic typical year."""
    from greenpark.inputs.weather import default_weather, load_weather

    site = config.park.location
    if weather is None:
        return default_weather(
            site.latitude_deg, site.longitude_deg, site.altitude_m, timezone=config.park.timezone
        )
    return load_weather(
        weather,
        fmt=weather_format,
        park_location=(site.latitude_deg, site.longitude_deg),
        timezone=config.park.timezone,
    )


WeatherOption = Annotated[
    Path | None,
    typer.Option(
        "--weather",
        help="气象文件 EPW / PVGIS TMY / TMY3 / CSV；缺省用合成典型年 / "
        "weather file; default: a synthetic typical year",
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
