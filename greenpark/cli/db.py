"""``greenpark db upgrade|downgrade|current``: the run database's schema (Alembic)."""

from __future__ import annotations

from typing import Annotated

import typer

from greenpark.cli.common import LangOption, apply_language
from greenpark.cli.runs import DbOption
from greenpark.i18n import text

app = typer.Typer(help="运行数据库的结构版本 / the run database's schema", no_args_is_help=True)


@app.command("upgrade")
def upgrade(db: DbOption = None, lang: LangOption = None) -> None:
    """升级数据库结构到最新（空数据库则建表）/ bring the schema to the newest revision."""
    from greenpark.report.runs import schema_change_text
    from greenpark.store.migrate import upgrade_database

    apply_language(lang)
    done = upgrade_database(db)
    typer.echo(with_url(schema_change_text(done.before, done.after), db))


@app.command("downgrade")
def downgrade(
    revision: Annotated[
        str, typer.Argument(help="目标版本，如 0001 或 base / target revision, e.g. 0001 or base")
    ],
    db: DbOption = None,
    lang: LangOption = None,
) -> None:
    """退回到旧的数据库结构（旧结构容不下的数据会删除）/ take the schema back (drops what
    the older schema cannot hold)."""
    from greenpark.report.runs import schema_change_text
    from greenpark.store.migrate import downgrade_database

    apply_language(lang)
    done = downgrade_database(db, revision)
    typer.echo(with_url(schema_change_text(done.before, done.after), db))


@app.command("current")
def current(db: DbOption = None, lang: LangOption = None) -> None:
    """显示数据库结构版本（不创建任何东西）/ show the schema revision (creates nothing)."""
    from greenpark.report.runs import schema_revision_text
    from greenpark.store.migrate import current_revision, head_revision

    apply_language(lang)
    revision = current_revision(db)
    typer.echo(with_url(schema_revision_text(revision, head_revision()), db))


def with_url(message: str, db: str | None) -> str:
    """``message（URL with the password masked）``."""
    from greenpark.store.url import database_url, masked_url

    url = masked_url(database_url(db))
    return text(f"{message}（{url}）", f"{message} ({url})")
