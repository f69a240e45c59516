"""The shipped factor tables and the registry loader (greenpark/inputs/factors/registry.py).

Published values are checked against the reference (shared/reference/china-factors.md) with
their documents; consistency checks re-derive what the notices state (20 provinces fell in
2023, regional percentage changes, EF = NCV x CC x OF x 44/12).
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from greenpark.errors import InputError
from greenpark.inputs.carriers import load_carriers
from greenpark.inputs.factors.registry import (
    FACTORS_DIR_ENV,
    NON_FACTOR_TABLES,
    FactorRegistry,
    factor_dir,
    load_factor_registry,
)
from greenpark.inputs.factors.table import (
    COLUMNS,
    CONFIDENCE_MARKS,
    VALIDITY_COLUMNS,
    canonical_unit_of,
    unit_scale,
)
from greenpark.inputs.park.schema import FactorOverride

FACTORS = Path(__file__).resolve().parents[2] / "factors"
TABLES = sorted(p for p in FACTORS.glob("*.csv") if p.name not in NON_FACTOR_TABLES)
CO2_PER_C = 44 / 12


@pytest.fixture(scope="module")
def registry() -> FactorRegistry:
    return load_factor_registry(FACTORS)


def _shipped_rows() -> list[tuple[str, dict[str, str]]]:
    rows = []
    for path in TABLES:
        with path.open(encoding="utf-8", newline="") as handle:
            rows.extend((path.name, row) for row in csv.DictReader(handle))
    return rows


SHIPPED = _shipped_rows()


@pytest.mark.parametrize(("table", "row"), SHIPPED, ids=[row["id"] for _, row in SHIPPED])
def test_every_shipped_row_is_sourced_positive_and_convertible(
    table: str, row: dict[str, str]
) -> None:
    carrier_units = {key: c.canonical_unit for key, c in load_carriers().items()}
    assert tuple(row) == COLUMNS, table
    assert row["source_document"].strip()
    assert row["confidence"] in CONFIDENCE_MARKS
    assert float(row["value"]) > 0
    canonical = canonical_unit_of(row["quantity"], row["id"], carrier_units)
    assert canonical is not None
    assert unit_scale(row["unit"], canonical) > 0


def test_shipped_ids_are_unique() -> None:
    ids = [row["id"] for _, row in SHIPPED]
    assert len(ids) == len(set(ids))


def test_registry_holds_every_shipped_row(registry: FactorRegistry) -> None:
    assert len(registry) == len(SHIPPED)
    assert len(SHIPPED) > 250


@pytest.mark.parametrize(
    ("factor_id", "value", "canonical_value", "canonical_unit", "document"),
    [
        ("grid.province.shanxi.2023", 0.6634, 0.6634, "kg/kWh", "公告2025年第47号"),
        ("grid.region.north.2023", 0.6361, 0.6361, "kg/kWh", "公告2025年第47号"),
        ("grid.national.fossil_only.2022", 0.8325, 0.8325, "kg/kWh", "2022年电力二氧化碳"),
        ("grid.national.excl_market_nonfossil.2023", 0.6096, 0.6096, "kg/kWh", "公告2025年第47号"),
        ("grid.national.average.2021", 0.5568, 0.5568, "kg/kWh", "公告2024年第12号"),
        ("grid.ets.national.2022", 0.5703, 0.5703, "kg/kWh", "环办气候函〔2023〕43号"),
        ("footprint.electricity.national.2023", 0.6205, 0.6205, "kg/kWh", "公告2025年第3号"),
        ("heat.purchased.default", 0.11, 110.0, "kg/GJ", "GB/T 32150—2025"),
        ("fuel.natural_gas.ncv.gbt32151", 389.31, 0.038931, "GJ/m**3", "GB/T 32151.22-2024"),
        ("fuel.coal_anthracite.ncv.gbt32151", 26.7, 0.0267, "GJ/kg", "GB/T 32151.22-2024"),
        ("fuel.natural_gas.carbon_content.ndrc_guide", 15.3, 15.3, "kg/GJ", "指南"),
        ("fuel.coke.oxidation.gbt32151", 93, 0.93, "dimensionless", "GB/T 32151.22-2024"),
        ("coal_equiv.electricity.calorific", 0.1229, 0.1229, "kgce/kWh", "GB/T 2589-2020"),
        ("coal_equiv.electricity.equivalent", 0.31, 0.31, "kgce/kWh", "DB37/T 2672-2019"),
        ("coal_equiv.heat_purchased.calorific", 0.03412, 34.12, "kgce/GJ", "GB/T 2589-2020"),
        ("coal_equiv.coal_raw.gbt2589", 0.7143, 0.7143, "kgce/kg", "GB/T 2589-2020"),
        ("coal_equiv.natural_gas.gas_field", 1.2143, 1.2143, "kgce/m**3", "GB/T 2589-2008"),
        ("gwp.ch4.ar5", 28, 28, "dimensionless", "AR5"),
        ("gwp.ch4.ar6", 27.9, 27.9, "dimensionless", "AR6"),
        ("gwp.sf6.sar", 23900, 23900, "dimensionless", "SAR"),
        ("grid.park910.fossil.annex4", 0.8325, 0.8325, "kg/kWh", "发改环资〔2025〕910号"),
        ("footprint.electricity.td_with_losses.2024", 0.0327, 0.0327, "kg/kWh", "2024年电力碳足迹"),
        ("footprint.electricity.td_without_losses.2024", 0.0046, 0.0046, "kg/kWh", "2024年电力"),
        ("fuel.petroleum_coke.ncv.gbt32151", 32.5, 0.0325, "GJ/kg", "GB/T 32151.22-2024"),
        ("fuel.petroleum_coke.carbon_content.gbt32151", 27.5, 27.5, "kg/GJ", "GB/T 32151.22"),
        ("fuel.petroleum_coke.oxidation.gbt32151", 98, 0.98, "dimensionless", "GB/T 32151.22"),
        ("fuel.coal_other_washed.ncv.gbt32151", 12.545, 0.012545, "GJ/kg", "GB/T 32151.22"),
        ("fuel.coal_other_washed.ncv.ndrc_guide", 8.363, 0.008363, "GJ/kg", "指南"),
        ("fuel.briquettes.carbon_content.ndrc_guide", 33.60, 33.6, "kg/GJ", "指南"),
        ("fuel.coal_tar.ncv.gbt32151", 33.453, 0.033453, "GJ/kg", "GB/T 32151.22"),
        ("fuel.crude_benzene.carbon_content.gbt32151", 22.7, 22.7, "kg/GJ", "GB/T 32151.22"),
        ("fuel.refinery_gas.oxidation.ndrc_guide", 99, 0.99, "dimensionless", "指南"),
        ("fuel.other_gas.ncv.gbt32151", 52.270, 0.005227, "GJ/m**3", "GB/T 32151.22"),
        ("coal_equiv.coal_tar.gbt2589", 1.1429, 1.1429, "kgce/kg", "GB/T 2589-2020"),
        ("coal_equiv.refinery_gas.gbt2589", 1.5714, 1.5714, "kgce/kg", "GB/T 2589-2020"),
    ],
)
def test_published_values_with_sources(
    registry: FactorRegistry,
    factor_id: str,
    value: float,
    canonical_value: float,
    canonical_unit: str,
    document: str,
) -> None:
    factor = registry.get(factor_id)
    assert factor.value == value
    assert factor.canonical_value == pytest.approx(canonical_value, rel=1e-12)
    assert factor.canonical_unit == canonical_unit
    assert document in factor.source_document + factor.source_number


def test_confidence_marks_follow_the_reference(registry: FactorRegistry) -> None:
    assert registry.get("grid.province.shanxi.2021").confidence == "[B]"
    assert registry.get("grid.province.shanxi.2022").confidence == "[A]"
    assert registry.get("coal_equiv.electricity.equivalent").confidence == "[B]"
    assert registry.get("fuel.natural_gas.ncv.ndrc_guide").confidence == "[A]"
    assert registry.get("fuel.coal_anthracite.ncv.gbt32151").confidence == "[B]"
    assert registry.get("fuel.kerosene.ncv.gbt32151").confidence == "[B]"  # vintages differ


def test_grid_table_is_complete(registry: FactorRegistry) -> None:
    grid = [f for f in registry if f.quantity == "grid_co2"]
    provinces = [r for r in registry.regions.known_keys() if _is_province(registry, r)]
    assert len(provinces) == 31  # 30 with factors, plus Tibet (西藏) without
    years = (2021, 2022, 2023)
    assert {(f.region, f.year) for f in grid if f.id.startswith("grid.province.")} == {
        (p, y) for p in provinces if p != "xizang" for y in years
    }
    regions = ("north", "northeast", "east", "central", "northwest", "south", "southwest")
    assert {(f.region, f.year) for f in grid if f.id.startswith("grid.region.")} == {
        (r, y) for r in regions for y in years
    }
    national = {(f.variant, f.year) for f in grid if f.id.startswith("grid.national.")}
    variants = ("average", "excl_market_nonfossil", "fossil_only")
    assert national == {(v, y) for v in variants for y in years}
    # the 910号 Annex-4 fixed factor is its own variant, apart from the MEE series
    assert {f.id for f in grid if f.region == "national"} - {
        f.id for f in grid if f.id.startswith("grid.national.")
    } == {"grid.park910.fossil.annex4"}


def _is_province(registry: FactorRegistry, key: str) -> bool:
    region = registry.regions.resolve(key)
    return region is not None and region.is_province


def test_grid_ids_match_their_columns(registry: FactorRegistry) -> None:
    for factor in registry:
        if factor.id.startswith(("grid.province.", "grid.region.")):
            assert factor.id.split(".")[2:] == [factor.region, str(factor.year)]
        elif factor.id.startswith("grid.national."):
            assert factor.id == f"grid.national.{factor.variant}.{factor.year}"


def test_provinces_2023_vs_2022_match_the_mee_statement(registry: FactorRegistry) -> None:
    """MEE: "北京等20个省份下降、广东等10个省份上升" (2023 vs 2022)."""
    changes = {
        f.region: f.value - registry.get(f"grid.province.{f.region}.2022").value
        for f in registry
        if f.id.startswith("grid.province.") and f.year == 2023
    }
    assert sum(change < 0 for change in changes.values()) == 20
    assert sum(change > 0 for change in changes.values()) == 10
    assert changes["beijing"] < 0 < changes["guangdong"]


@pytest.mark.parametrize(
    ("region", "percent"),
    [
        ("north", -6.1),
        ("northeast", -8.0),
        ("east", -2.1),
        ("central", -2.3),
        ("northwest", -5.4),
        ("south", 4.5),
        ("southwest", 9.0),
    ],
)
def test_regional_changes_match_the_2023_release(
    registry: FactorRegistry, region: str, percent: float
) -> None:
    new = registry.get(f"grid.region.{region}.2023").value
    old = registry.get(f"grid.region.{region}.2022").value
    # the release's one-decimal percentages; 东北 computes to -7.94 against a stated -8.0
    assert 100 * (new / old - 1) == pytest.approx(percent, abs=0.1)


@pytest.mark.parametrize(
    ("newer", "older", "percent"),
    [
        ("grid.national.average.2022", "grid.national.average.2021", -3.6),
        ("grid.national.average.2023", "grid.national.average.2022", -1.1),
        (
            "grid.national.excl_market_nonfossil.2023",
            "grid.national.excl_market_nonfossil.2022",
            4.1,
        ),
    ],
)
def test_national_changes_match_the_press_releases(
    registry: FactorRegistry, newer: str, older: str, percent: float
) -> None:
    ratio = registry.get(newer).value / registry.get(older).value
    assert 100 * (ratio - 1) == pytest.approx(percent, abs=0.05)


def _fuel_ef_kg(registry: FactorRegistry, carrier: str, vintage: str) -> float:
    """EF [kg CO2 per kg or m3] = NCV x CC x OF x 44/12, from canonical values."""
    part = {
        p: registry.get(f"fuel.{carrier}.{p}.{vintage}").canonical_value
        for p in ("ncv", "carbon_content", "oxidation")
    }
    return part["ncv"] * part["carbon_content"] * part["oxidation"] * CO2_PER_C


@pytest.mark.parametrize("vintage", ["gbt32151", "ndrc_guide"])
def test_natural_gas_emission_factor(registry: FactorRegistry, vintage: str) -> None:
    """Reference §4: 389.31 GJ/10^4 Nm3 x 15.3 tC/TJ x 99% x 44/12 = 2.162 kg/Nm3."""
    # by hand: 0.038931 GJ/m3 * 15.3 kgC/GJ * 0.99 * 44/12 = 2.16218 kg/m3
    assert _fuel_ef_kg(registry, "natural_gas", vintage) == pytest.approx(2.16218, abs=1e-5)


@pytest.mark.parametrize(
    ("carrier", "ef_published"),
    [
        ("coal_anthracite", 2.52),
        ("coal_bituminous", 1.74),
        ("coal_lignite", 1.17),
        ("coal_washed", 2.21),
        ("coke", 2.86),
        ("crude_oil", 3.02),
        ("fuel_oil", 3.17),
        ("gasoline", 2.93),
        ("diesel", 3.10),
        ("kerosene", 3.03),
        ("lng", 2.83),
        ("lpg", 3.10),
        ("natural_gas", 2.162),  # 21.62 t/10^4 Nm3
        ("coke_oven_gas", 0.886),  # 8.86 t/10^4 Nm3
        ("blast_furnace_gas", 0.848),  # 8.48 t/10^4 Nm3
        ("converter_gas", 1.512),  # 15.12 t/10^4 Nm3
    ],
)
def test_new_vintage_parameters_reproduce_the_reference_ef_column(
    registry: FactorRegistry, carrier: str, ef_published: float
) -> None:
    """The reference's derived EF column (rounded), per kg or per m3 of fuel."""
    decimals = len(str(ef_published).split(".")[1])
    ef = _fuel_ef_kg(registry, carrier, "gbt32151")
    assert abs(ef - ef_published) <= 0.5 * 10**-decimals + 1e-9


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("山西", "shanxi"),
        ("山西省", "shanxi"),
        ("Shanxi", "shanxi"),
        ("SHANXI", "shanxi"),
        ("陕西", "shaanxi"),
        ("内蒙古自治区", "neimenggu"),
        ("广西壮族自治区", "guangxi"),
        ("北京市", "beijing"),
        ("华北", "north"),
        ("华北电网", "north"),
        ("全国", "national"),
    ],
)
def test_region_names_resolve(registry: FactorRegistry, name: str, key: str) -> None:
    region = registry.regions.resolve(name)
    assert region is not None and region.key == key


def test_shanxi_is_in_north_china(registry: FactorRegistry) -> None:
    shanxi = registry.regions.resolve("shanxi")
    assert shanxi is not None and shanxi.grid_region == "north"


def test_get_unknown_id_suggests_the_closest(registry: FactorRegistry) -> None:
    with pytest.raises(InputError) as caught:
        registry.get("grid.province.shanxii.2023")
    assert "grid.province.shanxi.2023" in str(caught.value)


def test_filter_by_province_name_and_year(registry: FactorRegistry) -> None:
    shanxi_2023 = {f.id: f.value for f in registry.filter(province="山西", year=2023)}
    # the province, its grid region (华北) and the national factors of that year
    assert shanxi_2023 == {
        "grid.province.shanxi.2023": 0.6634,
        "grid.region.north.2023": 0.6361,
        "grid.national.average.2023": 0.5306,
        "grid.national.excl_market_nonfossil.2023": 0.6096,
        "grid.national.fossil_only.2023": 0.8273,
        "footprint.electricity.national.2023": 0.6205,
        "footprint.electricity.wind.2023": 0.0336,
        "footprint.electricity.pv.2023": 0.0545,
        "footprint.electricity.biomass.2023": 0.0457,
        "footprint.electricity.td_without_losses.2023": 0.0036,
    }
    north = registry.filter(province="华北", quantity="grid_co2")
    assert {f.year for f in north} == {2021, 2022, 2023}
    assert {f.region for f in north} == {"north", "national"}
    assert len(registry.filter(quantity="gwp", year=2023)) == 0


def test_filter_rejects_unknown_province_and_quantity(registry: FactorRegistry) -> None:
    with pytest.raises(InputError) as caught:
        registry.filter(province="shanxii", quantity="grid_c02")
    assert len(caught.value.problems) == 2
    assert "shanxi" in caught.value.problems[0]
    assert "grid_co2" in caught.value.problems[1]


def test_override_replaces_value_and_source(registry: FactorRegistry) -> None:
    override = FactorOverride(
        factor_id="grid.province.shanxi.2023",
        value=0.61,
        unit="tCO2/MWh",
        source="Shanxi provincial letter (example)",
    )
    overridden = load_factor_registry(FACTORS, overrides=[override])
    factor = overridden.get("grid.province.shanxi.2023")
    assert (factor.value, factor.canonical_value) == (0.61, pytest.approx(0.61))
    assert factor.confidence == "[site]"
    assert factor.source_document == "Shanxi provincial letter (example)"
    assert overridden.lookup("grid_co2", region="山西", year=2023).factor == factor
    assert registry.get("grid.province.shanxi.2023").value == 0.6634  # others untouched


def test_override_in_other_units_converts_to_canonical() -> None:
    override = FactorOverride(
        factor_id="coal_equiv.natural_gas.gas_field",
        value=12.11,
        unit="tce/(1e4 m**3)",
        source="measured LHV 35.5 MJ/m3 (example)",
    )
    factor = load_factor_registry(FACTORS, overrides=[override]).get(override.factor_id)
    # 35.5 MJ/m3 / 29.3076 MJ/kgce = 1.211 kgce/m3 = 12.11 tce/10^4 m3
    assert factor.canonical_value == pytest.approx(1.211)


def test_bad_overrides_are_all_reported() -> None:
    overrides = [
        FactorOverride(
            factor_id="grid.province.shanxii.2023", value=0.6, unit="kg/kWh", source="abc"
        ),
        FactorOverride(factor_id="heat.purchased.default", value=0.1, unit="kg/m**3", source="abc"),
    ]
    with pytest.raises(InputError) as caught:
        load_factor_registry(FACTORS, overrides=overrides)
    assert len(caught.value.problems) == 2
    assert "grid.province.shanxi.2023" in caught.value.problems[0]
    assert "kg/GJ" in caught.value.problems[1]


def _table(directory: Path, rows: list[str], header: str = ",".join(COLUMNS)) -> Path:
    shutil.copy(FACTORS / "regions.csv", directory / "regions.csv")
    path = directory / "t.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


GOOD = "grid.province.shanxi.2023,grid_co2,shanxi,2023,average,0.6634,kgCO2/kWh,CO2,doc,,,[A],"


def test_every_bad_row_is_reported_with_file_and_line(tmp_path: Path) -> None:
    rows = [
        GOOD,
        "grid.x.2023,grid_co2,atlantis,2023,average,-1,kgCO2/kWh,CO2,doc,,,[A],",
        "grid.y.2023,grid_co2,shanxi,2023,average,0.5,kgCO2/GJx,CO2,,,,[D],",
        "fuel.plutonium.ncv.gbt32151,fuel_ncv,-,,gbt32151,1,GJ/t,-,doc,,,[B],",
        "Bad Id,grid_co2,shanxi,20x3,average,0.5,kg/kWh,CO2,doc,,,[A],",
        GOOD,
    ]
    path = _table(tmp_path, rows)
    with pytest.raises(InputError) as caught:
        load_factor_registry(tmp_path)
    problems = caught.value.problems
    expected = [
        ("第 3 行", "atlantis"),
        ("第 3 行", "'-1'"),
        ("第 4 行", "source_document"),
        ("第 4 行", "[D]"),
        ("第 4 行", "kgCO2/GJx"),
        ("第 5 行", "carriers.csv"),
        ("第 6 行", "Bad Id"),
        ("第 6 行", "20x3"),
        ("第 7 行", "grid.province.shanxi.2023"),
    ]
    for line, detail in expected:
        assert any(str(path) in p and line in p and detail in p for p in problems), detail
    assert len(problems) == len(expected)


def test_wrong_header_is_reported(tmp_path: Path) -> None:
    _table(tmp_path, [GOOD], header=",".join(COLUMNS[:-1]))  # status alone left out
    with pytest.raises(InputError, match="status"):
        load_factor_registry(tmp_path)


def test_tables_without_the_validity_columns_still_load(tmp_path: Path) -> None:
    # older (and users') tables have the first 13 columns only
    _table(tmp_path, [GOOD], header=",".join(COLUMNS[: -len(VALIDITY_COLUMNS)]))
    factor = load_factor_registry(tmp_path).get("grid.province.shanxi.2023")
    assert (factor.applicable_from, factor.applicable_to, factor.status) == (None, None, "")
    assert factor.applies_in(1990) and factor.window == ""


def test_validity_columns_are_read_and_checked(tmp_path: Path) -> None:
    rows = [
        GOOD + ",2025-01-01,2026-12-31,",
        "grid.a.2023,grid_co2,shanxi,2023,x,0.5,kgCO2/kWh,CO2,doc,,,[A],,2025-13-01,,",
        "grid.b.2023,grid_co2,shanxi,2023,y,0.5,kgCO2/kWh,CO2,doc,,,[A],,2025,,",
        "grid.c.2023,grid_co2,shanxi,2023,z,0.5,kgCO2/kWh,CO2,doc,,,[A],,2025-02-01,2025-01-01,",
        "grid.d.2023,grid_co2,shanxi,2023,w,0.5,kgCO2/kWh,CO2,doc,,,[A],,,,dubious",
    ]
    _table(tmp_path, rows)
    with pytest.raises(InputError) as caught:
        load_factor_registry(tmp_path)
    problems = caught.value.problems
    assert len(problems) == 4
    for line, detail in (
        ("第 3 行", "2025-13-01"),
        ("第 4 行", "'2025'"),
        ("第 5 行", "2025-01-01"),
    ):
        assert any(line in p and detail in p for p in problems), detail
    assert any("第 6 行" in p and "suspect" in p for p in problems)
    _table(tmp_path, rows[:1])
    factor = load_factor_registry(tmp_path).get("grid.province.shanxi.2023")
    assert factor.window == "2025-01-01 – 2026-12-31"
    assert [factor.applies_in(y) for y in (2024, 2025, 2026, 2027)] == [False, True, True, False]


def test_annex_factor_applies_from_the_910_baseline_year(registry: FactorRegistry) -> None:
    annex = registry.get("grid.park910.fossil.annex4")
    assert (annex.year, annex.variant, annex.confidence) == (2022, "park910_annex4", "[B]")
    assert annex.applicable_from is not None and annex.applicable_from.isoformat() == "2025-01-01"
    assert not annex.applies_in(2024) and annex.applies_in(2025) and annex.applies_in(2030)


def test_old_guide_lng_rows_are_marked_suspect(registry: FactorRegistry) -> None:
    suspect = {f.id for f in registry if f.status == "suspect"}
    assert suspect == {f"fuel.lng.{p}.ndrc_guide" for p in ("ncv", "carbon_content", "oxidation")}
    assert "41.868" in registry.get("fuel.lng.ncv.ndrc_guide").note


def test_missing_region_table_is_reported(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_text(",".join(COLUMNS) + "\n" + GOOD + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"regions\.csv"):
        load_factor_registry(tmp_path)


def test_factor_dir_defaults_to_the_repository_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(FACTORS_DIR_ENV, raising=False)
    assert (factor_dir() / "grid.csv").is_file()


def test_factor_dir_env_override(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(FACTORS_DIR_ENV, str(tmp_path))
    assert factor_dir() == tmp_path
    monkeypatch.setenv(FACTORS_DIR_ENV, str(tmp_path / "missing"))
    with pytest.raises(InputError, match=FACTORS_DIR_ENV):
        factor_dir()


def test_user_directory_with_own_table(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _table(tmp_path, [GOOD])
    monkeypatch.setenv(FACTORS_DIR_ENV, str(tmp_path))
    registry = load_factor_registry()
    assert [f.id for f in registry] == ["grid.province.shanxi.2023"]
