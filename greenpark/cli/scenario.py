"""``greenpark scenario run|compare|sweep``: what-if runs of a park from scenario files, and
sweeps over a grid of them (local processes or a Dask cluster)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from greenpark.cli.common import LangOption, WeatherOption, apply_language, make_console
from greenpark.cli.runs import DbOption
from greenpark.i18n import text

if TYPE_CHECKING:
    import pandas as pd

    from greenpark.scenarios.runner import ScenarioRuns
    from greenpark.scenarios.scenario import Scenario
    from greenpark.scenarios.sweep_file import Sweep

app = typer.Typer(
    help="情景分析（措施、经济性、对比）/ scenarios: measures, economics, comparison",
    no_args_is_help=True,
)

ParkArgument = Annotated[Path, typer.Argument(help="园区目录 / park folder (with park.yaml)")]


def _runs(park_dir: Path, files: list[Path]) -> ScenarioRuns:
    """Load the park and every scenario file (all problems at once), run them all."""
    import greenpark as gp
    from greenpark.errors import InputError
    from greenpark.scenarios.runner import run_scenarios
    from greenpark.scenarios.scenario import load_scenario

    park = gp.load_park(park_dir)
    scenarios: list[Scenario] = []
    problems: list[str] = []
    for file in files:
        try:
            scenarios.append(load_scenario(file, park))
        except InputError as refused:
            problems += refused.problems
    if problems:
        raise InputError(problems)
    return run_scenarios(park, scenarios)


@app.command("run")
def run(
    park_dir: ParkArgument,
    scenario_file: Annotated[Path, typer.Argument(help="情景文件 / scenario file (.yaml)")],
    out: Annotated[
        Path | None,
        typer.Option("--out", help="结果目录（CSV）/ folder for the scenario's tables"),
    ] = None,
    lang: LangOption = None,
) -> None:
    """一个情景：与基准对比、各项措施的经济性 / one scenario against the base run."""
    apply_language(lang)
    from greenpark.report.messages import message_line
    from greenpark.report.scenarios import (
        check_scenario_out,
        comparison_table,
        export_scenario,
        measures_table,
    )
    from greenpark.scenarios.compare import bill_table, comparison, measure_table

    if out is not None:
        check_scenario_out(out)
    runs = _runs(park_dir, [scenario_file])
    console = make_console()
    compared, measures = comparison(runs), measure_table(runs)
    console.print(comparison_table(compared))
    console.print(measures_table(measures))
    base_messages = runs.base.result.message_items
    for message in runs.outcomes[0].run.result.message_items:
        if message not in base_messages:  # what the measures change, e.g. a new over-claim
            console.print(message_line(message), markup=False)
    if out is not None:
        for path in export_scenario(compared, measures, bill_table(runs), out):
            typer.echo(text(f"已写出 {path}", f"wrote {path}"))


COMPARE_SUFFIXES = (".csv", ".html", ".xlsx")


@app.command("compare")
def compare(
    park_dir: ParkArgument,
    scenario_files: Annotated[list[Path], typer.Argument(help="情景文件 / scenario files (.yaml)")],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", help="对比结果 .csv|.html|.xlsx / the comparison as CSV, a page or a workbook"
        ),
    ] = None,
    lang: LangOption = None,
) -> None:
    """多个情景并列对比 / scenarios side by side."""
    apply_language(lang)
    from greenpark.report.scenario_compare import write_compare
    from greenpark.report.scenarios import comparison_table, measures_table, write_comparison_csv
    from greenpark.scenarios.compare import comparison, measure_table

    if out is not None:
        _check_suffix(out, COMPARE_SUFFIXES)
    runs = _runs(park_dir, scenario_files)
    compared, measures = comparison(runs), measure_table(runs)
    console = make_console()
    console.print(comparison_table(compared))
    console.print(measures_table(measures))
    if out is not None:
        if out.suffix.lower() == ".csv":
            write_comparison_csv(compared, out)
        else:
            info = runs.base.result.config.park
            write_compare(compared, measures, text(info.name, info.name_en or info.name), out)
        typer.echo(text(f"已写出 {out}", f"wrote {out}"))


def _check_suffix(out: Path, suffixes: tuple[str, ...]) -> None:
    """Before computing: ``--out`` names a file of a kind the command writes."""
    if out.suffix.lower() not in suffixes:
        kinds = "|".join(suffixes)
        raise typer.BadParameter(
            text(
                f"须为 {kinds} 文件，实际为 {out.name}", f"must be a {kinds} file, got {out.name}"
            ),
            param_hint="--out",
        )


@app.command("sweep")
def sweep(
    park_dir: ParkArgument,
    sweep_file: Annotated[Path, typer.Argument(help="扫描文件 / sweep file (.yaml)")],
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers", help="本地进程数（缺省为 CPU 核数）/ local processes (default: CPUs)"
        ),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            envvar="DASK_SCHEDULER_ADDRESS",
            help="Dask 调度器地址 tcp://host:8786 / run on this Dask cluster",
        ),
    ] = None,
    db: DbOption = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="汇总表 .csv|.xlsx / the summary as CSV or workbook"),
    ] = None,
    weather: WeatherOption = None,
    lang: LangOption = None,
) -> None:
    """参数网格扫描，每点一次运行并存入运行数据库 / a grid of scenarios, each run stored."""
    apply_language(lang)
    import greenpark as gp
    from greenpark.report.sweep_report import SWEEP_SUFFIXES
    from greenpark.run_spec import WeatherSource
    from greenpark.scenarios.executors import sweep_executor
    from greenpark.scenarios.sweep import run_sweep
    from greenpark.scenarios.sweep_file import load_sweep
    from greenpark.store.database import RunStore
    from greenpark.store.url import database_url

    if out is not None:
        _check_suffix(out, SWEEP_SUFFIXES)
    park = gp.load_park(park_dir)
    grid = load_sweep(sweep_file, park)
    url = database_url(db)
    with RunStore(url, create=True) as store:  # the database is usable before any run
        shown_url = store.shown_url
    climate = gp.load_weather(park.config, WeatherSource(weather))
    with _progress() as advance, sweep_executor(workers or os.cpu_count() or 1, scheduler) as pool:
        _, rows = run_sweep(grid, park, climate, executor=pool, db_url=url, progress=advance)
    _show_sweep(grid, rows, shown_url, out)


def _show_sweep(grid: Sweep, rows: pd.DataFrame, shown_url: str, out: Path | None) -> None:
    """A sweep's table, a warning per refused point, where its runs are stored; ``out``
    written when given."""
    from greenpark.report.sweep_report import refused_lines, sweep_terminal_table, write_sweep
    from greenpark.scenarios.sweep import column_units

    units = column_units()
    console = make_console()
    console.print(sweep_terminal_table(rows, grid.parameters, units))
    for line in refused_lines(grid, rows):
        console.print(line, markup=False, soft_wrap=True)  # one line each, whole
    ran = int(rows["run_id"].notna().sum())
    typer.echo(
        text(
            f"基准与 {ran} 个点的运行均已存入运行数据库（{shown_url}；相同运行只存一次）",
            f"the base and {ran} points are in the run store ({shown_url}; a run "
            "already there is not stored again)",
        )
    )
    if out is not None:
        write_sweep(rows, grid.parameters, units, out)
        typer.echo(text(f"已写出 {out}", f"wrote {out}"))


@contextmanager
def _progress() -> Iterator[Callable[[int, int], None]]:
    """A progress bar on stderr; yields the callback a sweep calls after each run."""
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True)) as bar:
        task = bar.add_task(text("运行", "runs"), total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield advance
