"""Options shared by every command."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal, cast

import typer

from greenpark.i18n import set_language, text

if TYPE_CHECKING:
    from rich.console import Console

    from greenpark.run_spec import WeatherSource

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


@contextmanager
def importing() -> Iterator[None]:
    """A command's imports of its libraries, with the cyclic garbage collector paused, and what
    they built then frozen (:func:`gc.freeze`).

    Importing what ``greenpark run`` needs builds ~140,000 container objects (~270,000 before
    the collector untracks the plain ones) that live as long as the process; with the
    collector on, the allocations trigger collections that walk them again and again (0.2–0.5 s
    of a ~1.6 s start, ``benchmarks/README.md``). Imports leave almost no garbage (~1,000
    unreachable objects), so nothing is collected: the objects go to the permanent generation,
    which the collections of the computing that follows skip as well (a full collection over
    them takes ~0.14 s)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if collecting:
            gc.enable()


def weather_source(
    file: Path | None, fmt: str | None, resplit: str | None, shift: str | None
) -> WeatherSource:
    """The weather options of a command as a :class:`greenpark.WeatherSource`; a bad
    ``--weather-shift`` is a usage error naming the option (nothing is loaded yet)."""
    from greenpark.run_spec import MAX_SHIFT_MIN, WeatherSource, shift_minutes

    if shift is not None and file is None:
        raise typer.BadParameter(
            text(
                "须与 --weather 一起使用（合成典型年与太阳同步，无需校正）",
                "needs --weather (the synthetic typical year is in step with the sun)",
            ),
            param_hint="--weather-shift",
        )
    try:
        minutes = None if shift is None else shift_minutes(shift)
    except ValueError:
        limit = f"{MAX_SHIFT_MIN:.0f}"
        raise typer.BadParameter(
            text(
                f"须为 auto 或 −{limit} 到 {limit} 之间的分钟数，实际为 {shift!r}",
                f"must be auto or minutes between -{limit} and {limit}, got {shift!r}",
            ),
            param_hint="--weather-shift",
        ) from None
    return WeatherSource(file, fmt, resplit, minutes)


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
