"""``greenpark check``: a summary on success; every problem on stderr and exit 1 on failure."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from greenpark.cli.app import app
from greenpark.errors import InputError

FIXTURES = Path(__file__).parents[1] / "inputs" / "park_fixtures"
GREENPARK = Path(sys.executable).with_name("greenpark")


def _run(*args: str) -> tuple[int, str, BaseException | None]:
    result = CliRunner().invoke(app, ["check", *args])
    return result.exit_code, result.stdout, result.exception


def test_summary_in_english() -> None:
    code, out, error = _run(str(FIXTURES / "valid"), "--lang", "en")
    assert (code, error) == (0, None)
    for expected in (
        "Mini test park (mini-park)",
        "accounting year",
        "2024",
        "2 (1)",  # roofs (with PV)
        "500 kW",  # installed PV: "0.5 MW"
        "1, 1,200 MWh/yr",  # contracts: "120 万kWh"
        "500 MWh (0 MWh count for 2024 under same_year)",  # produced 2023-07..12
        "1,000 kWh / 500 kW",
        "natural gas",
        "1 (1/1)",  # gas: E01 with hourly readings and bills, counted once
        "8736 h",  # gas: 48 of 8784 hours given
        "100.0%",  # electricity: 12 of 12 months for both enterprises; gas: 12 bills
        "enterprises with monthly data only: E02; without meter data: none",
        "E01 natural_gas (data/hourly_gas.csv; data/monthly.csv), 2024: month(s) 1-12: "
        "8736 h completed from monthly bills",
        "Check passed.",
    ):
        assert expected in out


def test_summary_is_chinese_by_default() -> None:
    code, out, _ = _run(str(FIXTURES / "valid"))
    assert code == 0
    assert "迷你测试园区（mini-park）" in out
    assert "核算年度" in out
    assert "检查通过。" in out


def test_broken_park_raises_one_input_error_with_every_problem() -> None:
    code, out, error = _run(str(FIXTURES / "broken"), "--lang", "en")
    assert code == 1
    assert isinstance(error, InputError)
    fields = [line.split(": ", 2)[1] for line in error.problems]
    assert fields == [
        "data[1] (data/missing_meters.csv).file",
        "rooftops[0] (R001)",
        "rooftops[1] (R002).tilt_deg",
        "rooftops[1] (R002).capacity_kw",
        "contracts[0] (C001).buyer",
    ]
    assert "Check passed." not in out


def test_delivery_profile_of_the_wrong_length_fails_the_check(tmp_path: Path) -> None:
    park = tmp_path / "park"
    shutil.copytree(FIXTURES / "valid", park)
    config = (park / "park.yaml").read_text(encoding="utf-8")
    contract = '    annual_mwh: "120 万kWh"\n'
    assert config.count(contract) == 1
    profile = "    delivery_shape: profile\n    profile_file: data/c001.csv\n"
    (park / "park.yaml").write_text(config.replace(contract, contract + profile), "utf-8")
    (park / "data" / "c001.csv").write_text("weight\n" + "1\n" * 8760, encoding="utf-8")
    code, out, error = _run(str(park), "--lang", "en")
    assert code == 1
    assert isinstance(error, InputError)
    assert error.problems == (
        f"{park / 'data' / 'c001.csv'}: needs 8784 rows (one per hour), got 8760",
    )
    assert "Check passed." not in out


def test_lang_must_be_zh_or_en() -> None:
    code, _, _ = _run(str(FIXTURES / "valid"), "--lang", "fr")
    assert code == 2


def test_command_line_exits_1_with_all_problems_on_stderr() -> None:
    broken = FIXTURES / "broken"
    done = subprocess.run(
        [str(GREENPARK), "check", str(broken), "--lang", "en"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=120,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    label = str(broken / "park.yaml")
    for field in (
        "data[1] (data/missing_meters.csv).file: file not found",
        "rooftops[0] (R001): unknown key 'capcity_kw' (did you mean 'capacity_kw'?)",
        "rooftops[1] (R002).tilt_deg: must be between 0 and 90, got 95",
        "rooftops[1] (R002).capacity_kw: must be ≥ 0, got -50",
        "contracts[0] (C001).buyer: unknown enterprise 'E99'",
    ):
        assert f"{label}: {field}" in done.stderr
    assert "Traceback" not in done.stderr
