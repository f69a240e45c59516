"""The PACT declared unit of a product is its own unit, converted to a PACT unit."""

from __future__ import annotations

import pytest

from greenpark.errors import InputError
from greenpark.footprint.pact_products import declared_unit
from greenpark.inputs.park.schema import Product


@pytest.mark.parametrize(
    ("unit", "mass", "expected"),
    [
        ("t", None, ("kilogram", 1000.0, 1000.0)),
        ("万t", None, ("kilogram", 1e7, 1e7)),
        ("万只", "3 kg", ("piece", 10_000.0, 3.0)),
        ("台", 850, ("piece", 1.0, 850.0)),
        ("万kWh", None, ("kilowatt hour", 10_000.0, 0.0)),
    ],
)
def test_declared_units(unit: str, mass: object, expected: tuple[str, float, float]) -> None:
    product = Product.model_validate(
        {"name": "p", "annual_output": 1, "unit": unit, "mass_kg_per_unit": mass}
    )
    assert declared_unit(product) == expected


def test_a_unit_pact_has_not_and_a_piece_without_mass_are_refused(english: None) -> None:
    modules = Product(name="光伏组件", annual_output=1200, unit="MW")
    with pytest.raises(InputError, match="no PACT declared unit"):
        declared_unit(modules)
    gears = Product(name="精密齿轮", annual_output=150, unit="万件")
    with pytest.raises(InputError, match="mass_kg_per_unit"):
        declared_unit(gears)
