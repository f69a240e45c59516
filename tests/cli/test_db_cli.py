"""``greenpark db upgrade|downgrade|current`` on a SQLite file, in process."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from greenpark.cli.app import app
from greenpark.errors import StoreError

runner = CliRunner()


def test_schema_commands_walk_a_database_up_and_down(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'runs.db'}"
    missing = runner.invoke(app, ["db", "current", "--db", url])
    assert isinstance(missing.exception, StoreError) and "不存在" in str(missing.exception)
    assert not (tmp_path / "runs.db").exists()
    steps = [
        (["db", "upgrade"], "数据库结构 空（无表） → 0004"),
        (["db", "current"], "数据库结构版本 0004（最新）"),
        (["db", "upgrade"], "数据库结构已是 0004"),
        (["db", "downgrade", "0001"], "数据库结构 0004 → 0001"),
        (["db", "current"], "数据库结构版本 0001，最新为 0004：运行 greenpark db upgrade"),
    ]
    for args, words in steps:
        done = runner.invoke(app, [*args, "--db", url])
        assert done.exit_code == 0, done.output
        assert words in done.output and url in done.output
    old = runner.invoke(app, ["runs", "list", "--db", url])
    assert isinstance(old.exception, StoreError)
    assert "greenpark db upgrade" in str(old.exception)
    back = runner.invoke(app, ["--lang", "en", "db", "upgrade", "--db", url])
    assert "database schema 0001 → 0004" in back.output
    listed = runner.invoke(app, ["runs", "list", "--db", url])
    assert listed.exit_code == 0, listed.output


def test_an_unknown_target_is_a_clear_error(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'runs.db'}"
    runner.invoke(app, ["db", "upgrade", "--db", url])
    done = runner.invoke(app, ["db", "downgrade", "0xyz", "--db", url])
    assert isinstance(done.exception, StoreError)
    assert "迁移数据库失败" in str(done.exception) and "0xyz" in str(done.exception)
