"""``greenpark pathway`` end to end on the demo park (two years, two worker processes)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from greenpark.cli.app import app

DEMO = Path(__file__).resolve().parents[2] / "sites" / "jincheng-edz"
PATHWAY = """\
name: 两年
years: {start: 2025, end: 2026}
load_growth:
- {enterprise: E01, carrier: electricity, growth_fraction_per_year: 0.05}
measures:
- from_year: 2026
  efficiency: {enterprise: E02, carrier: electricity, saving_fraction: 0.1}
"""


def test_pathway_writes_csv_with_a_row_per_year(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(PATHWAY, encoding="utf-8")
    out = tmp_path / "p.csv"
    result = CliRunner().invoke(
        app, ["pathway", str(DEMO), str(path), "--out", str(out), "--workers", "2"]
    )
    assert result.exit_code == 0, result.output
    assert "里程碑" in result.output and "910号 首次达标年份" in result.output
    table = pd.read_csv(out, encoding="utf-8-sig")
    assert table["年份"].tolist() == [2025, 2026]
    assert (table["当年投资 万元"] > 0).tolist() == [False, True]  # the efficiency measure


def test_pathway_refuses_an_unknown_output(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["pathway", str(DEMO), str(tmp_path / "p.yaml"), "--out", str(tmp_path / "p.pdf")]
    )
    assert result.exit_code != 0
    assert "p.pdf" in result.output
