"""``greenpark scenario run|compare`` end to end on the demo park."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from greenpark.cli.app import app
from greenpark.errors import InputError

DEMO = Path(__file__).resolve().parents[2] / "sites" / "jincheng-edz"
runner = CliRunner()
SCENARIO = """\
name: 绿证
measures:
- name: E01 绿证
  certificate: {id: GEC-CLI, quantity_mwh: 1000, production_start: '2025-01',
    production_end: '2025-12', technology: wind, project: cli wind, holder: E01, claim_year: 2025}
"""


@pytest.fixture(scope="module")
def scenario_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("scenario") / "gec.yaml"
    path.write_text(SCENARIO, encoding="utf-8")
    return path


def test_scenario_run_writes_its_tables(scenario_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["scenario", "run", str(DEMO), str(scenario_file), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "情景对比" in result.output and "E01 绿证" in result.output
    assert sorted(p.name for p in out.iterdir()) == ["bill.csv", "comparison.csv", "measures.csv"]
    raw = (out / "comparison.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM for Excel
    table = pd.read_csv(out / "comparison.csv", index_col="metric", encoding="utf-8-sig")
    assert list(table.columns) == ["label", "unit", "base", "绿证"]
    assert table.at["npv_cny", "base"] == "不适用"
    assert float(table.at["purchases_cny_per_year", "绿证"]) == 1000 * 5.0
    assert float(table.at["certificate_change_mwh", "绿证"]) == 1000


def test_compare_refuses_other_files_than_csv_html_xlsx(scenario_file: Path) -> None:
    result = runner.invoke(
        app, ["scenario", "compare", str(DEMO), str(scenario_file), "--out", "c.pdf"]
    )
    assert result.exit_code == 2 and ".csv|.html|.xlsx" in result.output


def test_a_broken_scenario_is_refused_with_its_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("name: x\nmeasures:\n- pv: {roofs: [NOPE], share_of_potential_fraction: 2}\n")
    result = runner.invoke(app, ["scenario", "compare", str(DEMO), str(path)])
    assert isinstance(result.exception, InputError)
    assert all(p.startswith(path.as_posix()) for p in result.exception.problems)
