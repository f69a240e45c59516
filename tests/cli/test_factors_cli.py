"""``greenpark factors list|show`` (greenpark/cli/factors.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from greenpark.cli.app import app
from greenpark.errors import InputError

runner = CliRunner()


def test_list_one_province_and_year() -> None:
    result = runner.invoke(app, ["factors", "list", "--province", "山西", "--year", "2023"])
    assert result.exit_code == 0, result.output
    assert "编号" in result.output and "可信度" in result.output
    assert "grid.province.shanxi.2023" in result.output
    assert "0.6634" in result.output
    assert "grid.region.north.2023" in result.output and "0.6361" in result.output
    assert "grid.province.shanxi.2022" not in result.output
    assert "共 10 条" in result.output  # 9 CO2 and footprint factors + T&D without losses


def test_list_in_english_by_quantity() -> None:
    result = runner.invoke(app, ["factors", "list", "--quantity", "gwp", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "confidence" in result.output and "编号" not in result.output
    assert "gwp.ch4.ar5" in result.output and "gwp.sf6.ar6" in result.output
    assert "grid." not in result.output


def test_list_with_nothing_matching() -> None:
    result = runner.invoke(app, ["factors", "list", "--province", "山西", "--year", "2019"])
    assert result.exit_code == 0
    assert "没有符合条件的因子" in result.output


def test_province_without_own_factor_lists_its_grid_region() -> None:
    result = runner.invoke(app, ["factors", "list", "--province", "西藏", "--quantity", "grid_co2"])
    assert "grid.region.southwest.2023" in result.output and "grid.province" not in result.output


def test_list_unknown_province_is_an_input_error() -> None:
    result = runner.invoke(app, ["factors", "list", "--province", "shanxii"])
    assert result.exit_code == 1
    assert isinstance(result.exception, InputError)
    assert "'shanxi'" in str(result.exception)


def test_show_value_source_and_canonical_value() -> None:
    result = runner.invoke(app, ["factors", "show", "fuel.natural_gas.ncv.gbt32151"])
    assert result.exit_code == 0, result.output
    assert "389.31 GJ/10^4 Nm3" in result.output
    assert "0.038931 GJ/m**3" in result.output
    assert "GB/T 32151.22-2024" in result.output
    assert "[A]" in result.output


def test_show_grid_factor_in_english() -> None:
    result = runner.invoke(app, ["factors", "show", "grid.province.shanxi.2023", "--lang", "en"])
    assert result.exit_code == 0, result.output
    for expected in (
        "source document",
        "0.6634 kgCO2/kWh",
        "公告2025年第47号",
        "https://www.mee.gov.cn/xxgk2018/xxgk/xxgk01/202512/t20251231_1139517.html",
    ):
        assert expected in result.output


def test_show_from_another_directory(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["factors", "show", "grid.province.shanxi.2023", "--dir", str(tmp_path)]
    )
    assert result.exit_code == 1
    assert isinstance(result.exception, InputError)
    assert "regions.csv" in str(result.exception)


def test_show_unknown_id_exits_1_with_suggestion_on_stderr() -> None:
    """Through the installed entry point, whose main() maps GreenparkError to exit code 1."""
    executable = Path(sys.executable).parent / "greenpark"
    env = {k: v for k, v in os.environ.items() if not k.startswith("GREENPARK_")}
    done = subprocess.run(
        [str(executable), "factors", "show", "grid.province.shanxii.2023", "--lang", "en"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert "unknown factor id 'grid.province.shanxii.2023'" in done.stderr
    assert "(did you mean 'grid.province.shanxi.2023'?)" in done.stderr


def test_show_applicability_and_suspect_status() -> None:
    annex = runner.invoke(app, ["factors", "show", "grid.park910.fossil.annex4", "--lang", "en"])
    assert annex.exit_code == 0, annex.output
    assert "2025-01-01 –" in annex.output and "normal" in annex.output
    lng = runner.invoke(app, ["factors", "show", "fuel.lng.ncv.ndrc_guide", "--lang", "en"])
    assert "suspect" in lng.output and "any time" in lng.output
