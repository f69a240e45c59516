"""Results that do not apply or cannot be computed: a status and a reason, never NaN.

A small park (not the demo): A has monthly bills and no output value, B uses no electricity
and reports output value and land, the park is far below 200,000 tce and gives its land.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import greenpark as gp
from greenpark.pipeline.availability import explained, status_of
from greenpark.pipeline.results import PARK_ROW
from greenpark.report.run_files import export_run

PARK_YAML = """\
park: {id: tiny, name: 小园区, province: 山西, grid_region: 华北,
       location: {latitude_deg: 36.2, longitude_deg: 113.1}, accounting_year: 2025,
       land_area_mu: 300}
enterprises:
- {id: A, name: 甲公司, industry_code: C3484}
- {id: B, name: 乙公司, industry_code: C3484, output_value_wan_cny: 1000, land_mu: 0}
data:
- {file: data/m.csv, layout: wide, resolution: monthly, carrier: 电力, unit: 万kWh}
"""


@pytest.fixture(scope="module")
def computed(tmp_path_factory: pytest.TempPathFactory) -> gp.RunResult:
    park = tmp_path_factory.mktemp("tiny")
    (park / "data").mkdir()
    (park / "park.yaml").write_text(PARK_YAML, encoding="utf-8")
    rows = ["month,A,B", *(f"2025-{m:02d},10,0" for m in range(1, 13))]
    (park / "data" / "m.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return gp.run(gp.RunSpec(park))


def test_each_missing_value_has_its_own_reason(computed: gp.RunResult) -> None:
    reasons, annual = computed.annual_reasons(), computed.annual()
    assert reasons.at["A", "kgce_per_wan_cny_output_value"] == "no_output_value"
    assert reasons.at["A", "kgce_per_mu"] == "no_land_area"
    assert reasons.at["B", "kgce_per_mu"] == "zero_land_area"
    assert reasons.at["B", "green_share_fraction"] == "zero_electricity"
    assert reasons.at["B", "measured_fraction"] == "zero_electricity"
    assert reasons.at[PARK_ROW, "kgce_per_wan_cny_value_added"] == "no_enterprise_reports"
    # the park's land area is given, so the park has energy per mu although A and B have none
    assert reasons.at[PARK_ROW, "kgce_per_mu"] is None
    assert annual.at[PARK_ROW, "kgce_per_mu"] == pytest.approx(
        annual.at[PARK_ROW, "energy_gbt2589_calorific_kgce"] / 300
    )
    assert status_of("no_output_value") == "no_data"
    assert status_of("zero_electricity") == "not_applicable"
    # every cell without a value has a reason, and only those; no value is NaN, only <NA>
    assert (annual[reasons.columns].isna().to_numpy() == reasons.notna().to_numpy()).all()
    assert annual.drop(columns=reasons.columns).notna().all().all()
    assert (annual.dtypes == "Float64").all()


def test_park_below_200k_tce_has_no_limit_for_a_reason(computed: gp.RunResult) -> None:
    for conversion in ("calorific", "primary"):
        basis = computed.park_910()
        limit = basis.loc[f"park_910_limit_t_per_tce_{conversion}"]
        assert (limit["reason"], limit["status"]) == ("below_910_scope", "not_applicable")
        assert limit["value"] is pd.NA
        indicator = basis.loc[f"park_910_co2_t_per_tce_{conversion}"]
        assert (indicator["reason"], indicator["status"]) == (None, "ok")


def test_files_have_no_nan_and_say_why(computed: gp.RunResult, tmp_path: Path) -> None:
    export_run(computed, tmp_path)
    annual_text = (tmp_path / "annual.csv").read_text(encoding="utf-8")
    assert annual_text.startswith("\ufeff")  # BOM: Chinese Excel opens it as UTF-8
    assert "nan" not in annual_text.lower() and "inf" not in annual_text.lower()
    annual = pd.read_csv(tmp_path / "annual.csv", index_col="scope", keep_default_na=False)
    assert annual.at["A", "kgce_per_wan_cny_output_value"] == ""
    assert annual.at["A", "kgce_per_wan_cny_output_value_status"].startswith("无数据")
    assert "output_value_wan_cny" in annual.at["A", "kgce_per_wan_cny_output_value_status"]
    assert annual.at["B", "green_share_fraction_status"].startswith("不适用")
    assert annual.at["A", "green_share_fraction_status"] == ""
    basis = pd.read_csv(tmp_path / "park_910.csv", index_col="metric", keep_default_na=False)
    assert basis.at["park_910_limit_t_per_tce_calorific", "value"] == ""
    assert "20 万吨标准煤" in basis.at["park_910_limit_t_per_tce_calorific", "status"]
    monthly = pd.read_csv(tmp_path / "green_share_monthly.csv", keep_default_na=False)
    b_rows = monthly[monthly["scope"] == "B"]
    assert (b_rows["green_share_fraction"] == "").all()
    assert b_rows["green_share_fraction_status"].str.startswith("不适用").all()
    for name in ("annual.csv", "park_910.csv", "green_share_monthly.csv", "products.csv"):
        assert "nan" not in (tmp_path / name).read_text(encoding="utf-8-sig").lower(), name


def test_full_precision_in_files(computed: gp.RunResult, tmp_path: Path) -> None:
    export_run(computed, tmp_path)
    annual = pd.read_csv(tmp_path / "annual.csv", index_col="scope")
    expected = computed.annual()
    for column in ("scope2_location_co2_kg", "energy_gbt2589_primary_kgce", "scope2_market_co2_kg"):
        assert annual.at[PARK_ROW, column] == expected.at[PARK_ROW, column]  # exact, not 6 digits


def test_a_nan_without_a_reason_is_a_defect() -> None:
    values = pd.DataFrame({"x_fraction": [float("nan")]}, index=["A"])
    reasons = pd.DataFrame({"x_fraction": [None]}, index=["A"], dtype=object)
    with pytest.raises(ValueError, match="A/x_fraction"):
        explained(values, reasons, "test")
    with pytest.raises(ValueError, match="infinite"):
        explained(pd.DataFrame({"x": [float("inf")]}), pd.DataFrame({"x": [None]}), "test")
