"""``greenpark scenario run|compare``: what-if runs of a park from scenario files."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from greenpark.cli.common import LangOption, apply_language, make_console
from greenpark.i18n import text

if TYPE_CHECKING:
    from greenpark.scenarios.runner import ScenarioRuns
    from greenpark.scenarios.scenario import Scenario

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


@app.command("compare")
def compare(
    park_dir: ParkArgument,
    scenario_files: Annotated[list[Path], typer.Argument(help="情景文件 / scenario files (.yaml)")],
    out: Annotated[
        Path | None,
        typer.Option("--out", help="对比表 .csv / the comparison as CSV"),
    ] = None,
    lang: LangOption = None,
) -> None:
    """多个情景并列对比 / scenarios side by side."""
    apply_language(lang)
    from greenpark.report.scenarios import comparison_table, measures_table, write_comparison_csv
    from greenpark.scenarios.compare import comparison, measure_table

    if out is not None and out.suffix.lower() != ".csv":
        raise typer.BadParameter(
            text(f"须为 .csv 文件，实际为 {out.name}", f"must be a .csv file, got {out.name}"),
            param_hint="--out",
        )
    runs = _runs(park_dir, scenario_files)
    compared = comparison(runs)
    console = make_console()
    console.print(comparison_table(compared))
    console.print(measures_table(measure_table(runs)))
    if out is not None:
        write_comparison_csv(compared, out)
        typer.echo(text(f"已写出 {out}", f"wrote {out}"))
