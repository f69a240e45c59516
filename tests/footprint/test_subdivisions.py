"""ISO 3166-2:CN codes: every province of factors/regions.csv has one, as pycountry lists it."""

from __future__ import annotations

import pycountry
import pytest

from greenpark.errors import InputError
from greenpark.footprint.subdivisions import ISO_3166_2_CN_NAME, subdivision_code
from greenpark.inputs.factors.registry import load_factor_registry

#: ISO 3166-2:CN's kinds of mainland province-level divisions (not SARs, not CN-TW)
PROVINCE_KINDS = {"Province", "Municipality", "Autonomous region"}
SARS_AND_TAIWAN = {"CN-HK", "CN-MO", "CN-TW"}


def test_every_province_of_the_factor_tables_has_its_iso_code() -> None:
    regions = load_factor_registry().regions
    provinces = [regions.resolve(k) for k in regions.known_keys()]
    names = sorted(r.name_zh for r in provinces if r is not None and r.is_province)
    assert len(names) == 31
    assert sorted(ISO_3166_2_CN_NAME) == names
    codes = {subdivision_code(name) for name in names}
    mainland = {
        s.code
        for s in pycountry.subdivisions.get(country_code="CN")
        if s.type in PROVINCE_KINDS and s.code not in SARS_AND_TAIWAN
    }
    assert codes == mainland


@pytest.mark.parametrize(
    ("province", "code"),
    [
        ("山西", "CN-SX"),
        ("陕西", "CN-SN"),
        ("内蒙古", "CN-NM"),
        ("西藏", "CN-XZ"),
        ("河南", "CN-HA"),
    ],
)
def test_codes_that_are_easily_confused(province: str, code: str) -> None:
    """CN-SX is the PACT example (Shanxi); Shaanxi, Inner Mongolia, Tibet and Henan differ
    from a naive reading of their English names."""
    assert subdivision_code(province) == code
    assert pycountry.subdivisions.get(code=code).name == ISO_3166_2_CN_NAME[province]


def test_a_name_that_is_not_a_province_has_no_code() -> None:
    with pytest.raises(InputError, match="华北"):
        subdivision_code("华北")
