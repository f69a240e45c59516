"""A run's messages on screen, in ``--out`` and in the database; ``--strict``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from greenpark.cli.app import app
from greenpark.errors import InputError
from greenpark.messages import Message
from greenpark.report.messages import render, strict_problems
from greenpark.store.database import RunStore

DEMO = Path(__file__).resolve().parents[2] / "sites" / "jincheng-edz"
runner = CliRunner()


@pytest.fixture(scope="module")
def chinese_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    folder = tmp_path_factory.mktemp("run")
    url = f"sqlite:///{folder / 'runs.db'}"
    result = runner.invoke(app, ["run", str(DEMO), "--out", str(folder / "out"), "--db", url])
    assert result.exit_code == 0, result.output
    return folder, url, result.output


def test_messages_are_printed_written_and_stored_alike(chinese_run: tuple[Path, str, str]) -> None:
    folder, url, output = chinese_run
    with RunStore(url) as store:
        (record,) = store.list()
    stored = record.messages
    assert {m.severity for m in stored} == {"info", "warning"}  # the demo has both
    data = json.loads((folder / "out" / "messages.json").read_text(encoding="utf-8"))
    assert tuple(Message.from_dict(d) for d in data) == stored
    lines = (folder / "out" / "messages.txt").read_text(encoding="utf-8").splitlines()
    assert lines == [render(m, "zh") for m in stored]
    printed = [line for line in output.splitlines() if line.startswith(("提示：", "注意："))]
    assert len(printed) == len(stored)
    for message in stored:
        word = "提示：" if message.severity == "info" else "注意："
        assert (word + render(message, "zh"))[:40] in output


def test_a_run_stored_in_chinese_shows_in_english(chinese_run: tuple[Path, str, str]) -> None:
    _, url, _ = chinese_run
    with RunStore(url) as store:
        (record,) = store.list()
    shown = runner.invoke(app, ["--lang", "en", "runs", "show", record.run_id, "--db", url])
    assert shown.exit_code == 0, shown.output
    assert "no weather file given" in shown.output and "warning" in shown.output
    assert "未提供气象文件" not in shown.output
    chinese = runner.invoke(app, ["--lang", "zh", "runs", "show", record.run_id, "--db", url])
    assert "未提供气象文件" in chinese.output and "注意" in chinese.output


def test_strict_refuses_the_warnings_only(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["--lang", "en", "run", str(DEMO), "--strict", "--db", f"sqlite:///{tmp_path}/r.db"]
    )
    assert isinstance(result.exception, InputError)
    head, *warnings = result.exception.problems
    assert head == "--strict: warnings are errors:"
    assert any(w.startswith("no weather file given") for w in warnings)
    assert not any(w.startswith("the nearest climatology station") for w in warnings)  # info
    assert not (tmp_path / "r.db").exists()


def test_strict_lets_notes_pass() -> None:
    note = Message("roofs_without_pv", {"roofs": 2}, "info")
    warning = Message("contract_unbundled", {"contract_id": "C1"})
    assert strict_problems([note]) == []
    assert strict_problems([note, warning], "zh") == [
        "--strict：以下注意事项视为错误：",
        "合同 C1 未捆绑绿证，其电量不计为绿电（绿证是唯一证明，1044号）",
    ]
