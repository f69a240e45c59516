"""``greenpark runs list|show``: stored accounting runs."""

from __future__ import annotations

from typing import Annotated

import typer

from greenpark.cli.common import LangOption, apply_language, make_console

app = typer.Typer(help="已保存的核算运行 / stored accounting runs", no_args_is_help=True)

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="数据库URL（默认 $GREENPARK_DB 或 ./greenpark.db）/ database URL"),
]


@app.command("list")
def list_runs(
    park: Annotated[str | None, typer.Option("--park", help="园区编号 / park id")] = None,
    db: DbOption = None,
    lang: LangOption = None,
) -> None:
    """列出已保存的运行 / list stored runs."""
    from greenpark.report.runs import runs_table
    from greenpark.store.database import RunStore

    apply_language(lang)
    with RunStore(db) as store:
        make_console().print(runs_table(store.list(park)))


@app.command("show")
def show_run(
    run_id: Annotated[str, typer.Argument(help="运行编号（可用前缀）/ run id or prefix")],
    scope: Annotated[
        str,
        typer.Option(
            "--scope", help="park（默认）、企业编号或 all / park (default), an enterprise id or all"
        ),
    ] = "park",
    db: DbOption = None,
    lang: LangOption = None,
) -> None:
    """显示一次运行的来源、因子与结果 / show one run's provenance, factors and results."""
    from greenpark.report.runs import run_detail_tables
    from greenpark.store.database import RunStore

    apply_language(lang)
    console = make_console()
    with RunStore(db) as store:
        for table in run_detail_tables(store.stored_run(run_id), scope):
            console.print(table)
