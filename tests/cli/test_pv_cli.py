"""``greenpark pv`` on the shipped site: tables, weather shown, hourly files, bad options."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from greenpark.cli.app import app
from greenpark.errors import InputError

pytestmark = pytest.mark.filterwarnings(
    "ignore:DatetimeIndex.dayofyear is deprecated:pandas.errors.Pandas4Warning"
)
REPO = Path(__file__).resolve().parents[2]
SITE = str(REPO / "sites" / "jincheng-edz")
runner = CliRunner()


def test_installed_pv_shows_weather_enterprises_and_roofs() -> None:
    result = runner.invoke(app, ["--lang", "en", "pv", SITE])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "synthetic typical year" in out and "annual GHI kWh/m²" in out
    assert "By enterprise" in out and "By roof" in out and "Monthly energy MWh" in out
    assert "E01-R3" in out and "E01-R1 " not in out  # installed roofs only
    assert "see --potential" in out


def test_potential_in_chinese_writes_hourly_csv(tmp_path: Path) -> None:
    out_file = tmp_path / "pv_hourly.csv"
    result = runner.invoke(app, ["pv", SITE, "--potential", "--out", str(out_file)])
    assert result.exit_code == 0, result.output
    assert "屋顶潜力" in result.output and "可新增 kWp" in result.output
    hourly = pd.read_csv(out_file)
    assert len(hourly) == 8760
    assert hourly.columns[0] == "interval_start" and "E01-R1_kwh" in hourly.columns
    assert hourly["E01-R1_kwh"].sum() > 0


def test_station_file_and_parquet_output(tmp_path: Path, station_epws: list[Path]) -> None:
    yushe = next(path for path in station_epws if ".Yushe." in path.name)
    out_file = tmp_path / "pv_hourly.parquet"
    args = ["--lang", "en", "pv", SITE, "--weather", str(yushe), "--out", str(out_file)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "Yushe" in result.output
    hourly = pd.read_parquet(out_file)
    assert str(hourly["interval_start"].dt.tz) == "Asia/Shanghai"
    assert hourly["interval_start"].iloc[0] == pd.Timestamp("2025-01-01", tz="Asia/Shanghai")


def test_unknown_output_format_is_an_input_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["pv", SITE, "--out", str(tmp_path / "pv.xlsx")])
    assert isinstance(result.exception, InputError)
    assert ".xlsx" in str(result.exception)


def test_unknown_sky_model_is_an_input_error() -> None:
    result = runner.invoke(app, ["pv", SITE, "--transposition", "klucher"])
    assert isinstance(result.exception, InputError)
    assert "klucher" in str(result.exception)


def test_weather_shift_auto_removes_the_lag_and_says_so(station_epws: list[Path]) -> None:
    yushe = next(path for path in station_epws if ".Yushe." in path.name)
    args = ["--lang", "en", "pv", SITE, "--weather", str(yushe), "--weather-shift", "auto"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "irradiance found lagging the sun by +0.50 h" in result.output
    assert "moved 30 min earlier" in result.output


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--weather", "w.epw", "--weather-shift", "soon"], "must be auto or minutes"),
        (["--weather", "w.epw", "--weather-shift", "240"], "between -180 and 180, got '240'"),
        (["--weather-shift", "30"], "needs --weather"),
    ],
)
@pytest.mark.parametrize("command", ["pv", "run"])
def test_a_bad_weather_shift_is_refused(command: str, args: list[str], words: str) -> None:
    result = runner.invoke(app, ["--lang", "en", command, SITE, *args])
    assert result.exit_code == 2
    assert words in " ".join(re.sub("[│╭╮╰╯─]", " ", result.output).split())
