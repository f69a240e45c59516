"""``greenpark pathway PARK PATHWAY``: the park year by year (growth, measures by year, PV
ageing, grid-factor trajectory), on both cores."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from greenpark.cli.common import LangOption, apply_language, make_console
from greenpark.i18n import text


def pathway(
    park_dir: Annotated[Path, typer.Argument(help="园区目录 / park folder (with park.yaml)")],
    pathway_file: Annotated[Path, typer.Argument(help="路径文件 / pathway file (.yaml)")],
    out: Annotated[
        Path | None,
        typer.Option("--out", help="输出 .html、.xlsx 或 .csv / write .html, .xlsx or .csv"),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option("--workers", min=1, help="并行进程数（默认：CPU 核数）/ worker processes"),
    ] = None,
    lang: LangOption = None,
) -> None:
    """逐年路径：碳达峰年份、910号 达标年份、累计费用 / a pathway year by year."""
    apply_language(lang)
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    import greenpark as gp
    from greenpark.report.pathway import OUT_SUFFIXES, terminal_tables, write_pathway
    from greenpark.scenarios.pathway import load_pathway
    from greenpark.scenarios.pathway_run import run_pathway

    if out is not None and out.suffix.lower() not in OUT_SUFFIXES:
        raise typer.BadParameter(
            text(f"须为 .html、.xlsx 或 .csv，实际为 {out.name}",
                 f"must be .html, .xlsx or .csv, got {out.name}"),
            param_hint="--out",
        )  # fmt: skip
    park = gp.load_park(park_dir)
    plan = load_pathway(pathway_file, park)
    count = workers or min(os.cpu_count() or 1, len(plan.years))
    with ProcessPoolExecutor(count, mp_context=get_context("spawn")) as executor:
        result = run_pathway(park, plan, executor=executor)
    console = make_console()
    for table in terminal_tables(result):
        console.print(table)
    if out is not None:
        write_pathway(result, out, park.config.park.name)
        typer.echo(text(f"已写出 {out}", f"wrote {out}"))
