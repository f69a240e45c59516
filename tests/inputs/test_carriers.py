"""The carrier table: every row usable, names resolve to ids, unknown names get a hint."""

from __future__ import annotations

import pytest

from greenpark.i18n import set_language
from greenpark.inputs.carriers import (
    carrier_lookup,
    load_carriers,
    unit_factor,
    unknown_carrier_hint,
)
from greenpark.units import CANONICAL_UNITS

pytestmark = pytest.mark.usefixtures("english")


def test_every_carrier_has_a_canonical_unit_of_the_core() -> None:
    carriers = load_carriers()
    assert carriers["electricity"].canonical_unit == "kWh"
    assert carriers["coal_raw"].kind == "fuel"
    for carrier in carriers.values():
        assert carrier.canonical_unit in CANONICAL_UNITS.values(), carrier
        assert carrier.name_zh and carrier.name_en


@pytest.mark.parametrize(
    ("unit", "carrier", "factor"),
    [
        ("MWh", "electricity", 1000.0),
        ("万kWh", "electricity", 1e4),
        ("度", "electricity", 1.0),  # 度 on an electricity bill is kWh
        ("t", "coal_raw", 1000.0),
        ("吨", "diesel", 1000.0),
        ("万Nm3", "natural_gas", 1e4),
        ("MJ", "heat_purchased", 1e-3),
        ("万m³", "water_withdrawal", 1e4),
    ],
)
def test_unit_factor_converts_to_the_canonical_unit(unit: str, carrier: str, factor: float) -> None:
    assert unit_factor(unit, load_carriers()[carrier]) == pytest.approx(factor, rel=1e-12)


@pytest.mark.parametrize(
    ("unit", "carrier", "message"),
    [
        (
            "MW",
            "electricity",
            "unit 'MW' is power, but electricity is measured as energy, like kWh",
        ),
        (
            "kWh",
            "natural_gas",
            "unit 'kWh' is energy, but natural_gas is measured as volume, like m3",
        ),
        ("袋", "coal_raw", "unknown unit '袋'; expected mass, like kg"),
        ("度", "natural_gas", "unknown unit '度'; expected volume, like m3"),
        ("", "electricity", "missing unit; expected energy, like kWh"),
    ],
)
def test_unit_factor_explains_a_unit_that_does_not_fit(
    unit: str, carrier: str, message: str
) -> None:
    assert unit_factor(unit, load_carriers()[carrier]) == message


def test_unit_factor_message_in_chinese() -> None:
    set_language("zh")
    assert unit_factor("MW", load_carriers()["electricity"]) == (
        "单位 'MW' 是功率单位，电力应为能量单位，如 kWh"
    )


def test_ids_and_chinese_and_english_names_resolve() -> None:
    lookup = carrier_lookup()
    assert lookup["电力"] == lookup["electricity"] == "electricity"
    assert lookup["天然气"] == lookup["natural gas"] == "natural_gas"
    assert lookup["lpg"] == "lpg"  # English name "LPG", compared ignoring case
    assert set(lookup.values()) == set(load_carriers())


def test_names_follow_the_language() -> None:
    assert load_carriers()["coke"].name == "coke"
    set_language("zh")
    assert load_carriers()["coke"].name == "焦炭"


def test_unknown_carrier_hints() -> None:
    assert unknown_carrier_hint("Natral_gas") == (
        "unknown carrier 'Natral_gas' (did you mean 'natural_gas'?)"
    )
    assert unknown_carrier_hint("xyz").startswith("unknown carrier 'xyz'; known carriers")
