"""``greenpark scenario run|compare`` end to end on the demo park."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner, Result

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
    # values keep the unit column's units: the label names no (display) unit of its own
    assert table.at["electricity_kwh", "unit"] == "kWh"
    assert "MWh" not in table.at["electricity_kwh", "label"]


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


def test_compare_writes_a_page_and_a_workbook(scenario_file: Path, tmp_path: Path) -> None:
    page, book = tmp_path / "c.html", tmp_path / "c.xlsx"
    for out in (page, book):
        result = runner.invoke(
            app, ["scenario", "compare", str(DEMO), str(scenario_file), "--out", str(out)]
        )
        assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    assert "情景对比" in html and 'id="chart-mac"' in html and "<svg" in html
    assert openpyxl.load_workbook(book).sheetnames == ["情景对比", "各项措施", "图表"]


SWEEP = """\
name: 光伏扫描
measures:
- name: 全园区光伏
  pv: {whole_park: true, commissioning_date: '2025-06-01'}
  sweep: {share_of_potential_fraction: [0, 0.5]}
"""


def _sweep(tmp_path: Path, grid_text: str) -> tuple[Result, str, Path]:
    """``greenpark scenario sweep`` of the demo park on one local process: the result, the
    run store and the CSV written."""
    grid = tmp_path / "sweep.yaml"
    grid.write_text(grid_text, encoding="utf-8")
    db, out = f"sqlite:///{tmp_path}/runs.db", tmp_path / "sweep.csv"
    args = ["scenario", "sweep", str(DEMO), str(grid), "--workers", "1", "--db", db]
    result = runner.invoke(app, [*args, "--out", str(out)], env={"DASK_SCHEDULER_ADDRESS": ""})
    return result, db, out


def test_sweep_stores_each_run_and_writes_its_rows(tmp_path: Path) -> None:
    result, db, out = _sweep(tmp_path, SWEEP)
    assert result.exit_code == 0, result.output
    assert "基准与 2 个点的运行均已存入运行数据库" in result.output
    rows = pd.read_csv(out, encoding="utf-8-sig")
    assert list(rows["点"]) == [0, 1]
    assert list(rows["全园区光伏.share_of_potential_fraction"]) == [0.0, 0.5]
    assert rows["绿电占比（年度） fraction"].is_monotonic_increasing
    listed = runner.invoke(app, ["runs", "list", "--db", db])
    assert all(run_id in listed.output for run_id in rows["运行编号"])


REFUSING_SWEEP = """\
name: 节能与绿证扫描
measures:
- name: E01 节能
  efficiency: {enterprise: E01, carrier: electricity, saving_fraction: 0.9}
- name: E01 绿证
  certificate: {id: GEC-SWEEP, production_start: '2025-01', production_end: '2025-12',
    technology: wind, project: sweep wind, holder: E01, claim_year: 2025}
  sweep: {quantity_mwh: [null, 10000]}
"""


def test_sweep_reports_a_refused_point_and_goes_on(tmp_path: Path) -> None:
    """E01 uses 140 GWh and holds 8,000 MWh: saving 90 % leaves 14,000 MWh, which 8,000 fit
    and 18,000 (10,000 more) do not."""
    result, _, out = _sweep(tmp_path, REFUSING_SWEEP)
    assert result.exit_code == 0, result.output
    (warning,) = [line for line in result.output.splitlines() if line.startswith("注意：")]
    assert warning.startswith(
        "注意：点 #1 (E01 绿证.quantity_mwh=10000) 被拒绝：绿证超额申领（按模拟用电）："
    )
    assert (
        "E01 申领 GEC-E01-2025, GEC-SWEEP，共 18,000.000 MWh，超过其 2025 年模拟用电 14,000.000"
        in warning
    )
    assert "基准与 1 个点的运行均已存入运行数据库" in result.output
    rows = pd.read_csv(out, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(rows["E01 绿证.quantity_mwh"]) == ["不含", "10000"]
    assert rows.at[0, "拒绝原因"] == "" and rows.at[1, "拒绝原因"] in warning
    assert rows.at[0, "运行编号"] != "" and rows.at[1, "运行编号"] == "已拒绝"
    assert (
        rows.at[0, "绿电占比（年度） fraction"] != ""
        and rows.at[1, "绿电占比（年度） fraction"] == ""
    )


def test_sweep_refuses_other_files_than_csv_xlsx(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["scenario", "sweep", str(DEMO), str(tmp_path / "s.yaml"), "--out", "s.html"]
    )
    assert result.exit_code == 2 and ".csv|.xlsx" in result.output


def test_scenario_run_of_the_shipped_tenant(tmp_path: Path) -> None:
    """The new tenant's bill is the scenario's whole bill rise; it buys nothing."""
    scenario = DEMO / "scenarios" / "jincheng-new-tenant.yaml"
    out = tmp_path / "out"
    result = runner.invoke(app, ["scenario", "run", str(DEMO), str(scenario), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "E31" in result.output  # the planned-use warning names the tenant
    table = pd.read_csv(out / "comparison.csv", index_col="metric", encoding="utf-8-sig")
    assert float(table.at["capex_cny", "新企业入驻"]) == 0.0
    before, after = (float(table.at["electricity_kwh", c]) for c in ("base", "新企业入驻"))
    assert after > before
    bill = pd.read_csv(out / "bill.csv", index_col="enterprise", encoding="utf-8-sig")
    tenant = bill.filter(like="新企业入驻:").loc["E31"].sum()
    assert bill.filter(like="base:").loc["E31"].isna().all() and tenant > 0
    others = bill.drop(index="E31")
    unchanged = (
        others.filter(like="base:").to_numpy() == others.filter(like="新企业入驻:").to_numpy()
    )
    assert unchanged.all()
    saving = float(table.at["bill_saving_cny_per_year", "新企业入驻"])
    assert saving == pytest.approx(-tenant, rel=1e-9)


def test_a_factor_year_measure_runs_on_that_years_factors(tmp_path: Path) -> None:
    path = tmp_path / "factor-year.yaml"
    path.write_text("name: 2022年因子\nmeasures:\n- factor_year: 2022\n", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["scenario", "run", str(DEMO), str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    table = pd.read_csv(out / "comparison.csv", index_col="metric", encoding="utf-8-sig")
    grid_kwh = float(table.at["grid_import_kwh", "2022年因子"])
    assert grid_kwh == float(table.at["grid_import_kwh", "base"])  # the same year of data
    # Shanxi's 2022 average grid factor, 0.7096 kg/kWh (factors/grid.csv)
    location = float(table.at["scope2_location_co2_kg", "2022年因子"])
    assert location == pytest.approx(grid_kwh * 0.7096, rel=1e-12)
    assert location != pytest.approx(float(table.at["scope2_location_co2_kg", "base"]))
