"""``greenpark run --out``: CSV headers are labels with units in the chosen language by
default, the machine ids with ``--csv-headers id``."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from greenpark.cli.app import app
from greenpark.report.run_files import CSV_ENCODING

runner = CliRunner()
PARK = Path(__file__).resolve().parents[1] / "parks" / "two_firms"


def _columns(path: Path) -> list[str]:
    return list(pd.read_csv(path, encoding=CSV_ENCODING, nrows=1).columns)


def test_chinese_headers_by_default_ids_on_request(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'runs.db'}"
    zh = tmp_path / "zh"
    result = runner.invoke(app, ["run", str(PARK), "--out", str(zh), "--db", db, "--lang", "zh"])
    assert result.exit_code == 0, result.output
    assert _columns(zh / "annual.csv")[:3] == ["范围", "名称", "用电量 kWh"]
    assert _columns(zh / "hourly.csv")[:2] == ["时段起始", "用电量 kWh"]
    assert not (zh / "hourly_enterprises.csv").exists()
    ids = tmp_path / "ids"
    result = runner.invoke(
        app, ["run", str(PARK), "--out", str(ids), "--db", db, "--csv-headers", "id"]
    )
    assert result.exit_code == 0, result.output
    assert _columns(ids / "annual.csv")[:3] == ["scope", "name", "electricity_kwh"]
    result = runner.invoke(app, ["run", str(PARK), "--csv-headers", "zh", "--db", db])
    assert result.exit_code == 2 and "--csv-headers" in result.output


def test_hourly_csv_per_enterprise_on_request(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'runs.db'}"
    out = tmp_path / "out"
    command = ["run", str(PARK), "--out", str(out), "--db", db, "--lang", "en"]
    result = runner.invoke(app, [*command, "--hourly-csv", "enterprises"])
    assert result.exit_code == 0, result.output
    assert "hourly_enterprises.csv" in result.output
    assert _columns(out / "hourly_enterprises.csv")[:3] == [
        "interval start",
        "enterprise",
        "load kWh",
    ]
    assert len(pd.read_csv(out / "hourly_enterprises.csv", encoding=CSV_ENCODING)) == 8760 * 2
    result = runner.invoke(app, [*command, "--hourly-csv", "all"])
    assert result.exit_code == 2 and "--hourly-csv" in result.output
