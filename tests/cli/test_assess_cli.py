"""``greenpark assess``: each scheme on the small two-firm park, supplied thresholds, a
previous year, the CSV for Excel (BOM, full precision) and a bad enterprise."""

from __future__ import annotations

import codecs
from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

import greenpark as gp
from greenpark.cli.app import app
from greenpark.errors import InputError

REPO = Path(__file__).resolve().parents[2]
PARK = str(REPO / "tests" / "parks" / "two_firms")
runner = CliRunner()


def test_zero_carbon_park_with_supplied_threshold_and_csv(tmp_path: Path) -> None:
    criteria = tmp_path / "mine.csv"
    criteria.write_text("id,threshold\nzcp.water_reuse,0.85\n", encoding="utf-8")
    out = tmp_path / "zcp.csv"
    args = ["assess", PARK, "--scheme", "zero-carbon-park", "--criteria", str(criteria)]
    result = runner.invoke(app, [*args, "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = result.output
    assert "核心指标" in text and "910号差距分析" in text and "企业贡献排名" in text
    assert "≥85.0%（用户提供）" in text and "无数据" in text
    assert out.read_bytes().startswith(codecs.BOM_UTF8)
    table = pd.read_csv(out, encoding="utf-8-sig")
    core = table[(table["indicator"] == "zcp.core") & (table["basis"] == "calorific")]
    run = gp.run(gp.RunSpec(gp.load_park(PARK)))
    value = float(run.park_910().at["park_910_co2_t_per_tce_calorific", "value"])
    assert float(core["value"].iloc[0]) == value  # full precision, not 6 digits
    assert bool(table.loc[table["indicator"] == "zcp.water_reuse", "supplied"].iloc[0])
    for name in ("gap", "ranking", "roofs"):
        assert (tmp_path / f"zcp_{name}.csv").read_bytes().startswith(codecs.BOM_UTF8)


def test_mu_efficiency_in_english_against_a_previous_year() -> None:
    args = ["--lang", "en", "assess", PARK, "--scheme", "mu-efficiency", "--previous", PARK]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "mu-efficiency evaluation" in result.output and "output growth" in result.output
    assert "F1" in result.output and "weight" in result.output


def test_green_park_and_one_enterprise() -> None:
    result = runner.invoke(app, ["assess", PARK, "--scheme", "green-park"])
    assert result.exit_code == 0, result.output
    assert "能源产出率" in result.output and "需上一年度运行" in result.output
    one = runner.invoke(app, ["assess", PARK, "--scheme", "mu-efficiency", "--enterprise", "F2"])
    assert one.exit_code == 0, one.output
    assert "F2" in one.output and "F1 " not in one.output


def test_unknown_enterprise_is_refused() -> None:
    args = ["assess", PARK, "--scheme", "mu-efficiency", "--enterprise", "F9"]
    result = runner.invoke(app, args)
    assert isinstance(result.exception, InputError)
    assert "F9" in str(result.exception) and "F1" in str(result.exception)


def test_green_factory_of_one_enterprise(tmp_path: Path) -> None:
    criteria = tmp_path / "baselines.csv"
    criteria.write_text("id,threshold\ngf.output_energy.F1,1000\n", encoding="utf-8")
    args = ["assess", PARK, "--scheme", "green-factory", "--enterprise", "F1"]
    result = runner.invoke(app, [*args, "--criteria", str(criteria)])
    assert result.exit_code == 0, result.output
    assert "绿色工厂评价指标" in result.output and "单位产值综合能耗" in result.output
    assert "≤1,000.0（用户提供）" in result.output and "F2" not in result.output
