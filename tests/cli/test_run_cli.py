"""``greenpark run`` and ``greenpark runs`` end to end on the demo park, with a real SQLite file."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from greenpark.cli.app import app
from greenpark.errors import InputError
from greenpark.store.database import RunStore
from greenpark.store.record import ResultRow, RunRecord

DEMO = Path(__file__).resolve().parents[2] / "sites" / "jincheng-edz"
runner = CliRunner()


@pytest.fixture(scope="module")
def first_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    folder = tmp_path_factory.mktemp("run")
    url = f"sqlite:///{folder / 'runs.db'}"
    result = runner.invoke(
        app, ["run", str(DEMO), "--out", str(folder / "out"), "--db", url, "--csv-headers", "id"]
    )
    assert result.exit_code == 0, result.output
    return folder, url, result.output


def test_run_shows_park_results_in_chinese(first_run: tuple[Path, str, str]) -> None:
    output = first_run[2]
    for words in (
        "绿电占比（年度）",
        "园区逐月绿电占比",
        "范围二 基于市场",
        "范围二 中国清单口径",
        "能耗双控口径",
        "零碳园区口径",
        "单位能耗碳排放（当量值）",
        "单位能耗碳排放（等价值，仅电力）",
        "园区合计",
        "运行已保存",
    ):
        assert words in output


def test_run_writes_tables_that_agree_with_each_other(first_run: tuple[Path, str, str]) -> None:
    out = first_run[0] / "out"
    annual = pd.read_csv(out / "annual.csv", index_col="scope")
    enterprises = annual.drop(index="park")
    assert len(enterprises) == 30
    assert annual.loc["park", "electricity_kwh"] == pytest.approx(
        enterprises["electricity_kwh"].sum()
    )
    hourly = pd.read_parquet(out / "hourly.parquet")
    assert len(hourly) == 8760 * 30
    balance = (
        hourly["load_kwh"]
        + hourly["grid_to_storage_kwh"]
        - (
            hourly["pv_self_kwh"]
            + hourly["storage_discharge_kwh"]
            + hourly["shared_in_kwh"]
            + hourly["grid_import_kwh"]
        )
    )
    assert balance.abs().max() < 1e-6
    products = pd.read_csv(out / "products.csv", index_col="enterprise")
    beer = products.loc["E21"]  # one product: all its energy per unit of output
    expected = annual.loc["E21", "energy_gbt2589_calorific_kgce"] / beer["annual_output"]
    assert beer["kgce_per_unit"] == pytest.approx(expected)
    monthly = pd.read_csv(out / "green_share_monthly.csv", encoding="utf-8-sig")
    assert list(monthly.columns[:4]) == ["month", "scope", "name", "green_share_fraction"]
    assert len(monthly) == 12 * 31 and set(monthly["month"]) == set(range(1, 13))
    shares = monthly["green_share_fraction"]
    assert shares.notna().all() and shares.min() >= 0 and shares.max() <= 1
    fractions = [c for c in annual.columns if c.startswith("green_share_") and "hourly" not in c]
    parts = [
        "green_share_physical_fraction",
        "green_share_trade_fraction",
        "green_share_contract_fraction",
        "green_share_certificate_fraction",
        "green_share_export_certificate_fraction",
    ]
    assert set(parts) <= set(fractions)
    # the CSV keeps full precision
    np.testing.assert_allclose(
        annual[parts].sum(axis=1), annual["green_share_fraction"], rtol=1e-12
    )
    ledger = pd.read_csv(out / "green_ledger.csv")
    assert ledger["kwh"].sum() == pytest.approx(annual.loc["park", "green_total_kwh"])
    # market-based Scope 2 reads the ledger: the purchase no claimed instrument covers,
    # at the national residual factor (2023 value, used for 2025)
    np.testing.assert_allclose(
        annual["scope2_market_co2_kg"], annual["uncovered_grid_kwh"] * 0.6096, rtol=1e-5
    )
    # the hourly file flags contract hours that are modelled, as it flags modelled meter hours
    modelled = hourly[hourly["green_contract_modelled"]]
    assert set(modelled["enterprise"]) == {"E18"} and len(modelled) > 0

    # the 910号 denominator is the park sum of the GB/T 2589 totals, at both conversions
    basis = pd.read_csv(out / "park_910.csv", index_col=0, encoding="utf-8-sig")["value"]
    for conversion in ("calorific", "primary"):
        total = annual.loc["park", f"energy_gbt2589_{conversion}_kgce"]
        assert basis[f"park_910_energy_{conversion}_kgce"] == pytest.approx(total, rel=1e-12)
        assert basis[f"park_910_co2_t_per_tce_{conversion}"] == pytest.approx(
            basis["park_910_total_co2_kg"] / total, rel=1e-12
        )
    overlays = pd.read_csv(out / "park_910_overlays.csv", encoding="utf-8-sig")
    assert overlays.empty  # Shanxi has no provincial overlay: the header only


def test_run_writes_coverage_with_bom_and_full_precision(first_run: tuple[Path, str, str]) -> None:
    path = first_run[0] / "out" / "coverage.csv"
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 BOM for Excel
    coverage = pd.read_csv(path, encoding="utf-8-sig", keep_default_na=False)
    power = coverage.loc[coverage["carrier"] == "electricity"].set_index("enterprise")
    assert len(power) == 30
    annual = pd.read_csv(first_run[0] / "out" / "annual.csv", index_col="scope")
    np.testing.assert_allclose(
        power["total"], annual.loc[power.index, "electricity_kwh"], rtol=1e-5
    )
    fractions = [f"{s}_fraction" for s in ("measured", "billed", "imputed", "extrapolated")]
    np.testing.assert_allclose(coverage[fractions].sum(axis=1), 1.0, rtol=1e-12)
    # E09's 4-hour July gap has no bill: imputed from July's metered hours
    e09 = power.loc["E09"]
    assert (e09["imputed_hours"], e09["imputed_months"], e09["measured_hours"]) == (4, 1, 8756)
    assert len(path.read_text(encoding="utf-8-sig").split("\n")[1].split(",")[6]) > 8  # not %.6g
    monthly_only = power.loc[["E04", "E10", "E24", "E26"]]
    assert (monthly_only["billed_hours"] == 8760).all()


def test_rerun_is_recognised_and_runs_can_be_listed(first_run: tuple[Path, str, str]) -> None:
    _, url, _ = first_run
    again = runner.invoke(app, ["--lang", "en", "run", str(DEMO), "--db", url])
    assert again.exit_code == 0, again.output
    assert "Scope 2 market-based" in again.output
    assert "run already stored" in again.output
    with RunStore(url) as store:
        runs = store.list()
    assert len(runs) == 1
    listed = runner.invoke(app, ["runs", "list", "--db", url])
    assert runs[0].run_id[:8] in listed.output
    shown = runner.invoke(app, ["--lang", "en", "runs", "show", runs[0].run_id[:6], "--db", url])
    assert "grid.province.shanxi.2023" in shown.output
    assert "公告2025年第47号" in shown.output
    assert "park_910_total_co2_kg" in shown.output and "E18" not in shown.output
    units = {r.metric: r.unit for r in runs[0].results if r.scope == "park"}
    assert units["kgce_per_wan_cny_output_value"] == "kgce/万元"
    assert units["kgce_per_mu"] == "kgce/亩"
    assert units["park_910_co2_t_per_tce_calorific"] == "t/tce"
    assert units["park_910_limit_t_per_tce_primary"] == "t/tce"
    assert units["park_910_electricity_factor_kg_per_kwh"] == "kg/kWh"
    assert units["green_share_fraction"] == "fraction"
    assert units["energy_gbt2589_calorific_kgce"] == "kgce" and units["scope1_co2_kg"] == "kg"
    assert units["scope2_inventory_co2_kg"] == "kg"
    assert runs[0].options["park910_electricity_factor"] == "annex4"
    assert runs[0].options["inventory_grid"] == "national"
    one = runner.invoke(app, ["runs", "show", runs[0].run_id, "--scope", "E18", "--db", url])
    assert "E18" in one.output and "park_910_total_co2_kg" not in one.output


def test_bad_park_stores_nothing(tmp_path: Path) -> None:
    broken = tmp_path / "park"
    shutil.copytree(DEMO, broken)
    (broken / "data" / "monthly_energy.csv").unlink()
    url = f"sqlite:///{tmp_path / 'runs.db'}"
    result = runner.invoke(app, ["run", str(broken), "--db", url, "--out", str(tmp_path / "o")])
    assert result.exit_code != 0
    assert isinstance(result.exception, InputError)
    assert "monthly_energy.csv" in str(result.exception)
    assert not (tmp_path / "runs.db").exists()
    assert not (tmp_path / "o").exists()


def test_strict_turns_messages_into_an_error(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["run", str(DEMO), "--strict", "--db", f"sqlite:///{tmp_path}/r.db"]
    )
    assert isinstance(result.exception, InputError)
    assert "--strict" in str(result.exception)


def test_unknown_contract_matching_is_a_usage_error() -> None:
    result = runner.invoke(app, ["run", str(DEMO), "--contract-matching", "weekly"])
    assert result.exit_code == 2


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--park910-factor", "annex_0.8325"),
        ("--market-residual", "residual"),
        ("--inventory-grid", "regional"),
        ("--heating-value", "measured"),
    ],
)
def test_unknown_rule_choice_is_a_usage_error(option: str, value: str) -> None:
    result = runner.invoke(app, ["run", str(DEMO), option, value])
    assert result.exit_code == 2
    assert option in result.output


def test_rule_options_reach_the_run() -> None:
    from greenpark.cli.run import _options
    from greenpark.run_spec import RunOptions

    given = {
        "--contract-matching": "hourly",
        "--park910-factor": "latest_fossil",
        "--market-residual": "fossil_only",
        "--inventory-grid": "provincial",
        "--heating-value": "gbt2589",
    }
    options = _options(given, strict=True, allow_gaps=False)
    assert (options.contract_matching, options.strict, options.allow_gaps) == (
        "hourly",
        True,
        False,
    )
    assert options.rules.options() == {
        "park910_electricity_factor": "latest_fossil",
        "market_residual": "fossil_only",
        "inventory_grid": "provincial",
        "heating_value": "gbt2589",
    }
    with pytest.raises(ValueError, match="inventory_grid"):
        RunOptions(inventory_grid="regional")


def test_runs_show_words_missing_values(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'runs.db'}"
    results = (
        ResultRow("park", "electricity_kwh", 1234.5, "kWh"),
        ResultRow("park", "kgce_per_mu", None, "kgce/亩", "not_applicable", "zero_land_area"),
        ResultRow("park", "kgce_per_wan_cny_value_added", None, "kgce/万元", "no_data", "x_new"),
    )
    record = RunRecord("demo", 2025, "h", "0.1.0", {}, (), (), results, code_hash="c")
    with RunStore(url, create=True) as store:
        run_id = store.save(record).run_id
    shown = runner.invoke(app, ["runs", "show", run_id, "--db", url])
    assert shown.exit_code == 0, shown.output
    assert "1,234.500" in shown.output
    assert "不适用：用地面积为 0" in shown.output
    assert "无数据：x_new" in shown.output  # an unknown reason code is shown as it is
    assert "nan" not in shown.output.lower()
    english = runner.invoke(app, ["--lang", "en", "runs", "show", run_id[:4], "--db", url])
    assert "not applicable: land area is zero" in english.output
    assert "not written (no --out)" in english.output
