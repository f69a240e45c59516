"""``greenpark run PARK_DIR``: the accounting year — balance, green shares, emissions, tce."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from greenpark.cli.common import (
    LangOption,
    ResplitOption,
    WeatherChoice,
    WeatherFormatOption,
    WeatherOption,
    WeatherShiftOption,
    apply_language,
)
from greenpark.i18n import text


def run(
    park_dir: Annotated[Path, typer.Argument(help="园区目录 / park folder (with park.yaml)")],
    out: Annotated[
        Path | None,
        typer.Option("--out", help="结果目录（CSV + Parquet）/ folder for result files"),
    ] = None,
    db: Annotated[
        str | None,
        typer.Option(
            "--db", help="数据库URL（默认 $GREENPARK_DB 或 ./greenpark.db）/ database URL"
        ),
    ] = None,
    weather: WeatherOption = None,
    weather_format: WeatherFormatOption = None,
    resplit: ResplitOption = None,
    weather_shift: WeatherShiftOption = None,
    contract_matching: Annotated[
        str,
        typer.Option(
            "--contract-matching",
            help="绿电交易结算周期 monthly|hourly|annual / period a contract may cover",
        ),
    ] = "monthly",
    strict: Annotated[
        bool, typer.Option("--strict", help="提示视为错误 / treat messages as errors")
    ] = False,
    lang: LangOption = None,
) -> None:
    """核算年度：能量平衡、绿电占比、排放与综合能耗 / the accounting year of a park."""
    apply_language(lang)
    from greenpark.cli.run_steps import compute, save, show

    if contract_matching not in ("monthly", "hourly", "annual"):
        raise typer.BadParameter(
            text("须为 monthly、hourly 或 annual", "must be monthly, hourly or annual"),
            param_hint="--contract-matching",
        )
    choice = WeatherChoice(weather, weather_format, resplit, weather_shift)
    computed = compute(park_dir, choice, contract_matching, strict)
    show(computed)
    written = save(computed, out, db)
    for line in written:
        typer.echo(line)
