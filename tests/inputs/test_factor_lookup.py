"""Region/year fallback of FactorRegistry.lookup (greenpark/inputs/factors/lookup.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from greenpark.errors import InputError
from greenpark.i18n import set_language
from greenpark.inputs.factors.lookup import FactorLookup
from greenpark.inputs.factors.registry import FactorRegistry, load_factor_registry
from greenpark.inputs.factors.table import COLUMNS
from greenpark.report.messages import render


def words(found: FactorLookup) -> str:
    """The lookup's message in the current language."""
    assert found.message is not None
    return render(found.message)


FACTORS = Path(__file__).resolve().parents[2] / "factors"
REGISTRY = load_factor_registry(FACTORS)
PROVINCES_WITH_DATA = sorted(
    f.region for f in REGISTRY if f.id.startswith("grid.province.") and f.year == 2023
)


def test_exact_match_has_no_message() -> None:
    found = REGISTRY.lookup("grid_co2", region="山西", year=2023)
    assert found.factor.id == "grid.province.shanxi.2023"
    assert found.factor.value == 0.6634  # 生态环境部、国家统计局 公告2025年第47号 (2023 factors)
    assert found.message is None


def test_later_year_falls_back_to_the_nearest_earlier_year() -> None:
    found = REGISTRY.lookup("grid_co2", region="shanxi", year=2025)
    assert found.factor.id == "grid.province.shanxi.2023"
    assert found.message is not None
    assert "2025" in words(found) and "2023" in words(found) and "较早" in words(found)


def test_messages_follow_the_language() -> None:
    message = REGISTRY.lookup("grid_co2", region="Shanxi", year=2025).message
    assert message is not None and message.code == "factor_fallback"
    set_language("en")
    assert (
        render(message)
        == render(message, "en")
        == (
            "grid_co2: asked for Shanxi 2025, used grid.province.shanxi.2023 "
            "(Shanxi 2023, 0.6634 kgCO2/kWh): no data for 2025 yet, "
            "used the nearest earlier year 2023"
        )
    )


def test_province_without_data_uses_its_grid_region() -> None:
    """Tibet is not published separately; the notices' users take 西南."""
    found = REGISTRY.lookup("grid_co2", region="西藏", year=2023)
    assert found.factor.id == "grid.region.southwest.2023"
    assert found.message is not None and "西南" in words(found)


def test_unknown_province_uses_national_and_suggests() -> None:
    found = REGISTRY.lookup("grid_co2", region="shanxii", year=2023)
    assert found.factor.id == "grid.national.average.2023"
    assert found.message is not None
    assert "'shanxii'" in words(found) and "'shanxi'" in words(found)


def test_unknown_province_with_variant() -> None:
    found = REGISTRY.lookup("grid_co2", region="Atlantis", year=2022, variant="fossil_only")
    # national fossil-only 2022: 《关于发布2022年电力二氧化碳排放因子的公告》 (生态环境部、国家统计局)
    assert found.factor.value == 0.8325
    assert found.message is not None and "Atlantis" in words(found)


def test_variant_a_province_lacks_falls_back_to_national() -> None:
    found = REGISTRY.lookup("grid_co2", region="山西", year=2023, variant="excl_market_nonfossil")
    assert found.factor.value == 0.6096  # national excl. market non-fossil, 公告2025年第47号
    assert found.message is not None and "全国" in words(found)


def test_national_without_variant_takes_the_average() -> None:
    found = REGISTRY.lookup("grid_co2", region="全国", year=2023)
    assert (found.factor.value, found.message) == (0.5306, None)  # 公告2025年第47号


def test_year_before_every_table_uses_the_earliest_later_year() -> None:
    found = REGISTRY.lookup("grid_co2", region="shanxi", year=2019)
    assert found.factor.id == "grid.province.shanxi.2021"
    assert found.message is not None and "较晚" in words(found)


def test_ets_factor_for_a_later_reporting_year_is_flagged() -> None:
    found = REGISTRY.lookup("grid_co2_ets", region="national", year=2024)
    assert found.factor.value == 0.5703  # 环办气候函〔2023〕43号 (ETS reporting factor 2022)
    assert found.message is not None and "2022" in words(found)


def test_region_independent_factor_has_no_message() -> None:
    found = REGISTRY.lookup("heat_co2", region="anywhere", year=2030)
    # 0.11 tCO2/GJ = 110 kg/GJ, GB/T 32150—2025 default for purchased heat
    assert (found.factor.canonical_value, found.message) == (110.0, None)


def test_unknown_quantity_or_variant_is_an_error() -> None:
    with pytest.raises(InputError, match="grid_c02"):
        REGISTRY.lookup("grid_c02", region="shanxi", year=2023)
    with pytest.raises(InputError, match="market"):
        REGISTRY.lookup("grid_co2", region="shanxi", year=2023, variant="market")


def test_several_non_default_variants_need_a_choice(tmp_path: Path) -> None:
    shutil.copy(FACTORS / "regions.csv", tmp_path / "regions.csv")
    rows = [f"x.{v},heat_co2,-,,{v},0.1,tCO2/GJ,CO2,doc,,,[B]," for v in ("steam", "hot_water")]
    (tmp_path / "t.csv").write_text("\n".join([",".join(COLUMNS), *rows]) + "\n", "utf-8")
    registry = load_factor_registry(tmp_path)
    with pytest.raises(InputError, match="hot_water, steam"):
        registry.lookup("heat_co2", region="shanxi", year=2023)
    assert registry.lookup("heat_co2", region="shanxi", year=2023, variant="steam").message is None


@settings(max_examples=60, deadline=None)
@given(province=st.sampled_from(PROVINCES_WITH_DATA), year=st.integers(2000, 2040))
def test_province_lookups_stay_in_the_province(province: str, year: int) -> None:
    """Any year finds the province's own value: exact, nearest earlier, or 2021 if older."""
    found = REGISTRY.lookup("grid_co2", region=province, year=year)
    assert found.factor.region == province
    assert found.factor.year == min(max(year, 2021), 2023)
    assert (found.message is None) == (2021 <= year <= 2023)


def _windowed_registry(tmp_path: Path) -> FactorRegistry:
    """Two timeless heat factors: an old one valid to 2020, a new one valid from 2021."""
    shutil.copy(FACTORS / "regions.csv", tmp_path / "regions.csv")
    rows = [
        "h.old,heat_co2,-,,default,0.12,tCO2/GJ,CO2,doc,,,[B],,,2020-12-31,",
        "h.new,heat_co2,-,,default,0.11,tCO2/GJ,CO2,doc,,,[B],,2021-01-01,,",
    ]
    (tmp_path / "t.csv").write_text("\n".join([",".join(COLUMNS), *rows]) + "\n", "utf-8")
    return load_factor_registry(tmp_path)


def test_lookup_takes_the_row_applicable_to_the_year(tmp_path: Path) -> None:
    registry = _windowed_registry(tmp_path)
    assert registry.lookup("heat_co2", region="shanxi", year=2019).factor.id == "h.old"
    found = registry.lookup("heat_co2", region="shanxi", year=2025)
    assert (found.factor.id, found.message) == ("h.new", None)


def test_lookup_without_an_applicable_row_says_so(tmp_path: Path) -> None:
    set_language("en")
    shutil.copy(FACTORS / "regions.csv", tmp_path / "regions.csv")
    row = "h.new,heat_co2,-,,default,0.11,tCO2/GJ,CO2,doc,,,[B],,2021-01-01,2022-12-31,"
    (tmp_path / "t.csv").write_text("\n".join([",".join(COLUMNS), row]) + "\n", "utf-8")
    found = load_factor_registry(tmp_path).lookup("heat_co2", region="shanxi", year=2025)
    assert found.factor.id == "h.new"
    assert found.message is not None
    assert "no factor applies to 2025" in words(found) and "2021-01-01 – 2022-12-31" in words(found)
