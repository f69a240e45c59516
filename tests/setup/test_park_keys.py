"""The park.yaml key reference is generated from the schema and kept up to date."""

from __future__ import annotations

from pathlib import Path

from greenpark.inputs.park.schema import Contract, ParkConfig, Rooftop
from greenpark.report.park_keys import park_yaml_reference
from greenpark.setup.keys import keys_of, meanings, sections, unit_of

ROOT = Path(__file__).resolve().parents[2]


def test_the_shipped_reference_is_up_to_date() -> None:
    shipped = (ROOT / "docs" / "park-yaml-keys.md").read_text(encoding="utf-8")
    assert shipped == park_yaml_reference(), (
        "docs/park-yaml-keys.md is out of date: run .venv/bin/python scripts/park_yaml_reference.py"
    )


def test_every_key_has_a_meaning_in_chinese_and_english() -> None:
    missing = [
        f"{section.path}.{key.name}"
        for section in sections()
        for key in keys_of(section.model)
        if not key.zh or not key.en
    ]
    assert missing == [], "give these fields a docstring '中文说明 / English meaning'"


def test_every_model_of_the_schema_is_a_section_once() -> None:
    found = {section.model.__name__: section.path for section in sections()}
    assert found["Rooftop"] == "rooftops[]"
    assert found["Location"] == "park.location"
    assert found["Product"] == "enterprises[].products[]"
    assert found["MeasuredHeatingValue"] == "enterprises[].fuel_ncv.<key>"
    assert found["TariffSeason"] == "tariff.seasons[]"
    assert len(found) == len(sections())  # tariff and tariffs[] share one section


def test_keys_carry_the_schema_constraints() -> None:
    rooftop = {key.name: key for key in keys_of(Rooftop)}
    tilt = rooftop["tilt_deg"]
    assert (tilt.kind, tilt.required, tilt.unit) == ("number", True, "°")
    assert (tilt.bounds.ge, tilt.bounds.le) == (0.0, 90.0)
    assert rooftop["usable_fraction"].default == 0.7
    assert rooftop["gec_registered"].kind == "bool"
    assert rooftop["commissioning_date"].kind == "date"
    assert rooftop["export_certificates"].choices == ("kept", "sold", "provincial_mechanism")
    contract = {key.name: key for key in keys_of(Contract)}
    assert contract["monthly_mwh"].kind == "list"
    assert contract["monthly_mwh"].unit == "MWh"
    assert contract["technology"].required
    assert {key.name for key in keys_of(ParkConfig)} == set(ParkConfig.model_fields)


def test_units_come_from_key_names() -> None:
    assert unit_of("capacity_kw") == "kW"
    assert unit_of("energy_kwh") == "kWh"
    assert unit_of("power_density_kw_per_m2") == "kW/m²"
    assert unit_of("price_cny_per_kwh") == "元/kWh"
    assert unit_of("roof_setback_m") == "m"
    assert unit_of("name") == ""


def test_meanings_split_at_a_bar_or_a_slash() -> None:
    assert meanings("容配比（直流/交流）/ DC/AC ratio") == ("容配比（直流/交流）", "DC/AC ratio")
    assert meanings("文件路径（相对园区文件夹）| the file, relative") == (
        "文件路径（相对园区文件夹）",
        "the file, relative",
    )
    assert meanings("only one language") == ("only one language", "")
