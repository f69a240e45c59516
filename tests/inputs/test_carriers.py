"""The carrier table: every row usable, names resolve to ids, unknown names get a hint."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from greenpark.i18n import set_language
from greenpark.inputs.carriers import carrier_lookup, load_carriers, unknown_carrier_hint
from greenpark.units import CANONICAL_UNITS, convert


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    set_language("en")
    yield
    set_language("zh")


def test_every_carrier_has_a_canonical_unit_of_the_core() -> None:
    carriers = load_carriers()
    assert carriers["electricity"].canonical_unit == "kWh"
    assert carriers["coal_raw"].kind == "fuel"
    for carrier in carriers.values():
        assert carrier.canonical_unit in CANONICAL_UNITS.values(), carrier
        assert convert(1.0, carrier.canonical_unit, carrier.canonical_unit) == 1.0
        assert carrier.name_zh and carrier.name_en


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
