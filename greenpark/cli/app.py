"""The ``greenpark`` command: a thin typer shell (open -> call library -> show).

Each command lives in its own module and imports heavy libraries inside the command body,
so ``greenpark --help`` stays fast.
"""

from __future__ import annotations

import gc
import sys
from typing import Annotated

import typer

from greenpark import __version__
from greenpark.cli import (
    assess,
    check,
    db,
    export,
    factors,
    init,
    optimize,
    pathway,
    pv,
    report,
    run,
    runs,
    scenario,
    verify,
    workbook,
)
from greenpark.cli.common import LangOption, apply_language
from greenpark.errors import GreenparkError
from greenpark.i18n import text
from greenpark.inputs.meters.early import read_ahead_for_command

app = typer.Typer(
    name="greenpark",
    help="园区绿电与碳核算 / green-power and carbon accounting for industrial parks",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("check")(check.check)
app.command("pv")(pv.pv)
app.add_typer(factors.app, name="factors")
app.command("run")(run.run)
app.command("assess")(assess.assess)
app.command("report")(report.report)
app.add_typer(runs.app, name="runs")
app.add_typer(db.app, name="db")
app.add_typer(scenario.app, name="scenario")
app.command("optimize")(optimize.optimize)
app.command("pathway")(pathway.pathway)
app.add_typer(export.app, name="export")
app.command("verify")(verify.verify)
app.command("init")(init.init)
app.command("import-workbook")(workbook.import_workbook)
app.command("export-workbook")(workbook.export_workbook)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"greenpark {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    lang: LangOption = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_show_version, is_eager=True, help="版本 / version"),
    ] = False,
) -> None:
    apply_language(lang)


def main() -> None:
    """Entry point: GreenparkError becomes exit code 1 with the message on stderr.

    On the way out the garbage collector is frozen (:func:`gc.freeze`): the process is
    ending, and collecting the objects of every imported library once more while Python
    tears its modules down took 0.3–0.6 s after a ``greenpark run`` (exit handlers still run,
    output is still flushed). A command that loads a park starts parsing its wide meter
    files on the second core first (:mod:`greenpark.inputs.meters.early`)."""
    read_ahead_for_command(sys.argv[1:])
    try:
        app()
    except GreenparkError as exc:
        typer.echo(text("错误：", "error: ") + str(exc), err=True)
        sys.exit(1)
    finally:
        gc.freeze()
