"""``greenpark assess PARK --scheme …``: a park against 零碳园区, 绿色园区, 亩均效益 or, per
enterprise, 绿色工厂."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from greenpark.cli.common import (
    AllowGapsOption,
    LangOption,
    WeatherFormatOption,
    WeatherOption,
    apply_language,
    importing,
    make_console,
    weather_source,
)
from greenpark.i18n import text

if TYPE_CHECKING:
    import pandas as pd
    from rich.table import Table

    from greenpark.provenance import RunTables
    from greenpark.run_result import RunResult
    from greenpark.run_spec import WeatherSource


class Scheme(StrEnum):
    zero_carbon_park = "zero-carbon-park"
    green_park = "green-park"
    mu_efficiency = "mu-efficiency"
    green_factory = "green-factory"


def assess(
    park_dir: Annotated[Path, typer.Argument(help="园区目录 / park folder (with park.yaml)")],
    scheme: Annotated[Scheme, typer.Option("--scheme", help="评价体系 / assessment scheme")],
    enterprise: Annotated[
        str | None, typer.Option("--enterprise", help="只看一个企业 / one enterprise only")
    ] = None,
    criteria: Annotated[
        Path | None,
        typer.Option(
            "--criteria",
            help="用户提供的阈值/基准值 CSV（id,threshold）/ your thresholds (id,threshold)",
        ),
    ] = None,
    previous: Annotated[
        str | None,
        typer.Option(
            "--previous", help="上一年度：园区目录或运行编号 / previous year: park folder or run id"
        ),
    ] = None,
    db: Annotated[
        str | None, typer.Option("--db", help="运行数据库（--previous 为运行编号时）/ run database")
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="结果 CSV（UTF-8 BOM）/ results as CSV")
    ] = None,
    weather: WeatherOption = None,
    weather_format: WeatherFormatOption = None,
    allow_gaps: AllowGapsOption = False,
    lang: LangOption = None,
) -> None:
    """园区评价：零碳园区（910号）、绿色园区、亩均效益、绿色工厂 / assess a park against a scheme."""
    apply_language(lang)
    with importing():
        import greenpark as gp
        from greenpark.api import load_park  # the loading and the pipeline behind it
        from greenpark.inputs.factors.indicator_criteria import read_supplied_values

    source = weather_source(weather, weather_format, None, None)
    result = gp.run(gp.RunSpec(load_park(park_dir, allow_gaps=allow_gaps), weather=source))
    _check_enterprise(result, enterprise)
    supplied = dict(read_supplied_values(criteria)) if criteria else {}
    before = _previous(previous, db) if previous else None
    tables, frames = _assessed(scheme, result, supplied, before, enterprise, source)
    console = make_console()
    for table in tables:
        console.print(table)
    if out is not None:
        from greenpark.report.assess import write_csv_files

        for path in write_csv_files(frames, out):
            console.print(text(f"已写入 {path}", f"written: {path}"))


def _check_enterprise(result: RunResult, enterprise: str | None) -> None:
    from greenpark.errors import InputError

    known = result.config.enterprise_ids()
    if enterprise is not None and enterprise not in known:
        raise InputError(
            [
                text(
                    f"--enterprise：园区没有企业 {enterprise!r}；可用 {', '.join(known)}",
                    f"--enterprise: the park has no enterprise {enterprise!r}; "
                    f"known: {', '.join(known)}",
                )
            ]
        )


def _previous(previous: str, db: str | None) -> RunTables:
    """The previous year's run: a park folder is run; anything else is a stored run's id."""
    import greenpark as gp

    if Path(previous).is_dir():
        return gp.run(gp.RunSpec(gp.load_park(previous)))
    from greenpark.store.database import RunStore

    with RunStore(db) as store:
        return store.stored_run(previous)


def _assessed(
    scheme: Scheme,
    result: RunResult,
    supplied: dict[str, float],
    previous: RunTables | None,
    enterprise: str | None,
    source: WeatherSource,
) -> tuple[list[Table], dict[str, pd.DataFrame]]:
    from greenpark.report import assess as shown

    if scheme is Scheme.zero_carbon_park:
        from greenpark.assess import assess_zero_carbon_park, rooftop_potential

        roofs = rooftop_potential(result, source)
        zcp = assess_zero_carbon_park(result, supplied=supplied, roof_potential=roofs)
        frames = {"indicators": _joined(zcp.core, zcp.guiding), "gap": zcp.gap}
        frames |= {"ranking": zcp.ranking, "roofs": zcp.roofs}
        return shown.zero_carbon_tables(zcp, enterprise), frames
    if scheme is Scheme.green_factory:
        from greenpark.assess.green_factory import assess_green_factory

        factory = assess_green_factory(result, enterprise=enterprise, supplied=supplied)
        return shown.green_factory_tables(factory), {"indicators": factory.indicators}
    if scheme is Scheme.green_park:
        from greenpark.assess.green_park import assess_green_park

        green = assess_green_park(result, previous=previous, supplied=supplied)
        return shown.green_park_tables(green), {"indicators": green.indicators}
    from greenpark.assess.mu_efficiency import assess_mu_efficiency

    mu = assess_mu_efficiency(result, previous=previous, supplied=supplied)
    frames = {"enterprises": mu.enterprises.reset_index(), "criteria": mu.criteria}
    return shown.mu_efficiency_tables(mu, enterprise), frames


def _joined(*frames: pd.DataFrame) -> pd.DataFrame:
    import pandas as pd

    return pd.concat(frames, ignore_index=True)
