"""``greenpark pv PARK_DIR``: hourly rooftop PV yields, installed or potential."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from greenpark.cli.common import (
    LangOption,
    ResplitOption,
    WeatherFormatOption,
    WeatherOption,
    WeatherShiftOption,
    apply_language,
    importing,
    make_console,
    weather_source,
)
from greenpark.i18n import text


def pv(
    park_dir: Annotated[Path, typer.Argument(help="园区目录 / park folder (with park.yaml)")],
    potential: Annotated[
        bool,
        typer.Option(
            "--potential", help="计算全部屋顶可装潜力 / what every roof could host and produce"
        ),
    ] = False,
    weather: WeatherOption = None,
    weather_format: WeatherFormatOption = None,
    resplit: ResplitOption = None,
    weather_shift: WeatherShiftOption = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="逐时结果 .parquet 或 .csv / hourly kWh per roof"),
    ] = None,
    transposition: Annotated[
        str,
        typer.Option("--transposition", help="斜面辐射模型 / sky model: perez|haydavies|isotropic"),
    ] = "perez",
    lang: LangOption = None,
) -> None:
    """屋顶光伏逐时发电量（分屋顶、分企业）/ hourly rooftop PV yield per roof and enterprise."""
    apply_language(lang)
    source = weather_source(weather, weather_format, resplit, weather_shift)
    with importing():
        from greenpark.api import load_park_config, load_weather
        from greenpark.pipeline.pv import run_pv
        from greenpark.report.messages import message_line
        from greenpark.report.pv import export_pv_hourly, pv_tables

    config = load_park_config(park_dir)
    hourly_weather = load_weather(config, source)
    result = run_pv(config, hourly_weather, potential=potential, transposition_model=transposition)
    console = make_console()
    for table in pv_tables(result):
        console.print(table)
    for message in result.messages:
        console.print(message_line(message), markup=False)
    if out is not None:
        export_pv_hourly(result, out)
        console.print(text(f"逐时结果已写入 {out}", f"hourly results written to {out}"))
