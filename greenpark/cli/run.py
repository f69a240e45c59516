"""``greenpark run PARK_DIR``: the accounting year — balance, green shares, emissions, tce."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from greenpark.cli.common import (
    AllowGapsOption,
    LangOption,
    ResplitOption,
    WeatherChoice,
    WeatherFormatOption,
    WeatherOption,
    WeatherShiftOption,
    apply_language,
)
from greenpark.i18n import text
from greenpark.pipeline.rules import AccountingRules


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
    park910_factor: Annotated[
        str,
        typer.Option(
            "--park910-factor",
            help="910号口径电力因子 annex4（附件4 0.8325）|latest_fossil / 910 electricity factor",
        ),
    ] = "annex4",
    market_residual: Annotated[
        str,
        typer.Option(
            "--market-residual",
            help="基于市场范围二的剩余电量因子 excl_market_nonfossil|fossil_only / residual factor",
        ),
    ] = "excl_market_nonfossil",
    inventory_grid: Annotated[
        str,
        typer.Option(
            "--inventory-grid",
            help="中国清单口径电网因子 national|provincial / grid factor of the inventory basis",
        ),
    ] = "national",
    heating_value: Annotated[
        str,
        typer.Option(
            "--heating-value",
            help="缺省低位发热量 emission_vintage|gbt2589 / default heating value of fuels",
        ),
    ] = "emission_vintage",
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="注意事项视为错误，提示不受影响 / treat warnings as errors (notes stay notes)",
        ),
    ] = False,
    allow_gaps: AllowGapsOption = False,
    lang: LangOption = None,
) -> None:
    """核算年度：能量平衡、绿电占比、排放与综合能耗 / the accounting year of a park."""
    apply_language(lang)
    from greenpark.cli.run_steps import compute, open_outputs, save, show

    if contract_matching not in ("monthly", "hourly", "annual"):
        raise typer.BadParameter(
            text("须为 monthly、hourly 或 annual", "must be monthly, hourly or annual"),
            param_hint="--contract-matching",
        )
    rules = _rules(park910_factor, market_residual, inventory_grid, heating_value)
    with open_outputs(out, db) as store:
        computed = compute(
            park_dir,
            WeatherChoice(weather, weather_format, resplit, weather_shift),
            contract_matching,
            strict,
            rules,
            allow_gaps=allow_gaps,
        )
        show(computed)
        for line in save(computed, out, store):
            typer.echo(line)


def _rules(
    park910_factor: str, market_residual: str, inventory_grid: str, heating_value: str
) -> AccountingRules:
    """The unsettled-rule options as :class:`AccountingRules`; a bad value names its option."""
    given = {
        "--park910-factor": ("park910_electricity_factor", park910_factor),
        "--market-residual": ("market_residual", market_residual),
        "--inventory-grid": ("inventory_grid", inventory_grid),
        "--heating-value": ("heating_value", heating_value),
    }
    for option, (name, value) in given.items():
        allowed = AccountingRules.CHOICES[name]
        if value not in allowed:
            raise typer.BadParameter(
                text(f"须为 {'、'.join(allowed)}", f"must be one of {', '.join(allowed)}"),
                param_hint=option,
            )
    return AccountingRules(**{name: value for name, value in given.values()})
