"""``greenpark optimize`` end to end on the demo park: an unreachable target answered in
Chinese with what binds and the best reachable value; bad options refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from greenpark.cli.app import app
from greenpark.cli.optimize import INFEASIBLE_EXIT
from greenpark.errors import InputError

DEMO = Path(__file__).resolve().parents[2] / "sites" / "jincheng-edz"
runner = CliRunner()


@pytest.mark.slow
def test_an_unreachable_910_target_says_why_and_the_best_reachable() -> None:
    result = runner.invoke(
        app, ["optimize", str(DEMO), "--target", "zero-carbon-core", "--hours", "rep-days:2"]
    )
    assert result.exit_code == INFEASIBLE_EXIT, result.output
    assert "目标 zero-carbon-core 无法达到" in result.output
    assert "可达到的最好值" in result.output and "910号单位能耗碳排放（当量值）" in result.output
    assert "受限于：化石燃料与热力排放本身（当量值）" in result.output


def test_a_bad_target_is_refused() -> None:
    result = runner.invoke(app, ["optimize", str(DEMO), "--target", "green=0.9"])
    assert isinstance(result.exception, InputError)
    assert "--target" in result.exception.problems[0]


def test_the_plan_must_be_a_yaml_file(tmp_path: Path) -> None:
    out = tmp_path / "plan.csv"
    result = runner.invoke(app, ["optimize", str(DEMO), "--target", "cfe=0.5", "--out", str(out)])
    assert result.exit_code == 2 and ".yaml" in result.output
    assert not out.exists()
