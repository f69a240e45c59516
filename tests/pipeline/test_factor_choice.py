"""One heating value per fuel per run, factor caveats (greenpark/pipeline/factor_choice.py)."""

from __future__ import annotations

import pytest

from greenpark.errors import InputError
from greenpark.inputs.factors.heating_values import MeasuredHeatingValue
from greenpark.inputs.factors.registry import load_factor_registry
from greenpark.pipeline.factor_choice import FactorChoice
from greenpark.report.messages import render

REGISTRY = load_factor_registry()
KJ_PER_KGCE = 29_307.6

pytestmark = pytest.mark.usefixtures("english")


def choice(basis: str = "emission_vintage", year: int = 2025) -> FactorChoice:
    return FactorChoice(REGISTRY, year, basis)


def test_natural_gas_uses_the_vintage_heating_value_for_both() -> None:
    chosen = choice()
    value = chosen.heating_value("natural_gas", "gbt32151")
    # GB/T 32151: 389.31 GJ/10⁴Nm³ = 0.038931 GJ/m³ -> 38,931 / 29,307.6 = 1.328359 kgce/m³
    assert value.gj_per_unit == pytest.approx(0.038931, rel=1e-12)
    assert value.kgce_per_unit == pytest.approx(1.3283585145, rel=1e-9)
    assert value.factor_id == "fuel.natural_gas.ncv.gbt32151"
    # GB/T 2589-2008 gas-field 1.2143 kgce/m³ = 35.588 MJ/m³: 9.4 % apart, said and not used
    (message,) = chosen.messages
    assert message.code == "heating_value_disagreement"
    assert message.params["other_factor_id"] == "coal_equiv.natural_gas.gas_field"
    assert message.params["change_fraction"] == pytest.approx(38.931 / 35.58822 - 1, rel=1e-4)
    assert message.params["switch"] == "gbt2589"
    words = render(message)
    assert "coal_equiv.natural_gas.gas_field" in words and "+9.4%" in words
    assert "--heating-value gbt2589" in words
    assert "38.931 MJ/m³ = 1.3284 kgce/m³" in words
    assert "coal_equiv.natural_gas.gas_field" not in chosen.used


def test_gbt2589_basis_takes_the_table_coefficient() -> None:
    chosen = choice("gbt2589")
    value = chosen.heating_value("natural_gas", "gbt32151")
    # 1.2143 kgce/m³ × 29,307.6 kJ/kgce = 35,588.22 kJ/m³; standard coal is the table's again
    assert value.gj_per_unit == pytest.approx(1.2143 * KJ_PER_KGCE / 1e6, rel=1e-12)
    assert value.kgce_per_unit == pytest.approx(1.2143, rel=1e-12)
    (message,) = chosen.messages
    assert message.params["other_factor_id"] == "fuel.natural_gas.ncv.gbt32151"
    assert f"{message.params['change_fraction']:+.1%}" == "-8.6%"  # 35.588 / 38.931 − 1


@pytest.mark.parametrize(
    ("basis", "vintage", "kgce_per_kg"),
    [
        ("emission_vintage", "gbt32151", 26.7e3 / KJ_PER_KGCE),  # 0.911027
        ("emission_vintage", "ndrc_guide", 20.304e3 / KJ_PER_KGCE),  # 0.692790
        ("gbt2589", "gbt32151", 0.7143),  # counted as 原煤, as the statistics forms do
        ("gbt2589", "ndrc_guide", 0.7143),
    ],
)
def test_anthracite_follows_the_chosen_basis(basis: str, vintage: str, kgce_per_kg: float) -> None:
    chosen = choice(basis)
    assert chosen.heating_value("coal_anthracite", vintage).kgce_per_unit == pytest.approx(
        kgce_per_kg, rel=1e-9
    )
    (message,) = chosen.messages
    ids = {message.params["used_factor_id"], message.params.get("other_factor_id")}
    assert "coal_equiv.coal_raw.gbt2589" in ids


def test_values_that_agree_within_rounding_say_nothing() -> None:
    # diesel: GB/T 32151 42.652 GJ/t against GB/T 2589 1.4571 × 29.3076 = 42.704 (0.12 %)
    chosen = choice()
    assert chosen.heating_value("diesel", "gbt32151").gj_per_unit == pytest.approx(0.042652)
    assert chosen.messages == []


def test_measured_value_comes_first_and_is_listed_with_its_source() -> None:
    chosen = choice()
    entry = MeasuredHeatingValue(value=36.0, unit="MJ/Nm3", source="2025 燃气公司热值报告")
    value = chosen.heating_value("natural_gas", "gbt32151", ("E07", 0.036, entry))
    assert value.kgce_per_unit == pytest.approx(36_000 / KJ_PER_KGCE, rel=1e-12)  # 1.228350
    factor = chosen.used["fuel.natural_gas.ncv.measured.E07"]
    assert (factor.value, factor.unit, factor.confidence) == (36.0, "MJ/Nm3", "[site]")
    assert factor.source_document == "2025 燃气公司热值报告"
    assert factor.canonical_unit == "GJ/m**3" and chosen.messages == []


def test_fuel_without_vintage_value_falls_back_and_says_so() -> None:
    chosen = choice()
    # 原煤 has a GB/T 2589 coefficient only: 0.7143 kgce/kg
    assert chosen.heating_value("coal_raw", "gbt32151").kgce_per_unit == pytest.approx(0.7143)
    (message,) = chosen.messages
    assert (message.code, message.params["basis"]) == ("heating_value_fallback", "emission_vintage")
    assert message.params["used_factor_id"] == "coal_equiv.coal_raw.gbt2589"
    assert render(message).startswith("coal_raw: the chosen emission-parameter vintage has no")


def test_fuel_with_no_heating_value_at_all_is_an_input_error() -> None:
    # petroleum coke has no row in the old guides and none in GB/T 2589
    with pytest.raises(InputError, match="fuel_ncv"):
        choice().heating_value("petroleum_coke", "ndrc_guide")
    value = choice().heating_value("petroleum_coke", "gbt32151")
    assert value.gj_per_unit == pytest.approx(0.0325)  # 32.5 GJ/t


def test_suspect_rows_and_windows_are_said_when_used() -> None:
    chosen = choice()
    chosen.heating_value("lng", "ndrc_guide")
    chosen.carbon_and_oxidation("lng", "ndrc_guide")
    suspect = [m.params["factor_id"] for m in chosen.messages if m.code == "factor_suspect"]
    assert set(suspect) == {
        "fuel.lng.ncv.ndrc_guide",
        "fuel.lng.carbon_content.ndrc_guide",
        "fuel.lng.oxidation.ndrc_guide",
    }
    early = choice(year=2024)
    assert early.get("grid.park910.fossil.annex4") == 0.8325
    (outside,) = early.messages
    assert outside.params == {
        "factor_id": "grid.park910.fossil.annex4",
        "window": "2025-01-01 –",
        "year": 2024,
    }
    assert render(outside) == (
        "grid.park910.fossil.annex4 applies 2025-01-01 –, not to the accounting year 2024"
    )
    on_time = choice(year=2025)
    on_time.get("grid.park910.fossil.annex4")
    assert on_time.messages == []


def test_unknown_basis_is_refused() -> None:
    with pytest.raises(ValueError, match="heating_value_basis"):
        FactorChoice(REGISTRY, 2025, "measured")
