"""Pydantic errors turned into problem lines: path with ids, got, expected, line, language."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from greenpark.i18n import set_language
from greenpark.inputs.park.schema import ParkConfig, Rooftop
from greenpark.inputs.problems import (
    Problem,
    SourceFile,
    close_match,
    did_you_mean,
    field_path,
    ordered,
    validation_problems,
)

PARK = {
    "id": "p",
    "name": "P",
    "province": "山西",
    "grid_region": "north",
    "location": {"latitude_deg": 37.9, "longitude_deg": 112.5},
    "land_area_mu": 100,
    "accounting_year": 2024,
}
ROOF = {"id": "R004", "owner": "E01", "area_m2": 1000, "tilt_deg": 20, "azimuth_deg": 180}


pytestmark = pytest.mark.usefixtures("english")


def _lines(
    raw: dict[str, object], lines: dict[tuple[str | int, ...], int] | None = None
) -> list[str]:
    source = SourceFile("park.yaml", raw, lines or {})
    with pytest.raises(ValidationError) as caught:
        ParkConfig.model_validate(raw)
    return [p.message for p in validation_problems(caught.value, ParkConfig, source)]


def _config(**sections: object) -> dict[str, object]:
    return {
        "park": PARK,
        "enterprises": [{"id": "E01", "name": "A", "industry_code": "C33"}],
    } | sections


def test_field_path_names_items_by_id_or_file() -> None:
    raw = {"rooftops": [{}, {"id": "R002"}], "data": [{"file": "m.csv"}]}
    assert field_path(("rooftops", 1, "tilt_deg"), raw) == "rooftops[1] (R002).tilt_deg"
    assert field_path(("rooftops", 0, "tilt_deg"), raw) == "rooftops[0].tilt_deg"
    assert field_path(("data", 0), raw) == "data[0] (m.csv)"
    assert field_path(("park", "location", "latitude_deg"), raw) == "park.location.latitude_deg"


def test_range_error_gives_both_bounds_the_value_and_the_line() -> None:
    raw = _config(rooftops=[ROOF, ROOF, ROOF, {**ROOF, "tilt_deg": 95}])
    lines = {("rooftops", 3, "tilt_deg"): 42}
    assert _lines(raw, lines) == [
        "park.yaml: rooftops[3] (R004).tilt_deg: must be between 0 and 90, got 95 (line 42)"
    ]


def test_one_sided_and_open_bounds() -> None:
    raw = _config(rooftops=[{**ROOF, "capacity_kw": -5, "commissioning_year": 2020}])
    assert _lines(raw) == ["park.yaml: rooftops[0] (R004).capacity_kw: must be ≥ 0, got -5"]
    raw = _config(rooftops=[{**ROOF, "losses_fraction": 1}])
    assert _lines(raw) == [
        "park.yaml: rooftops[0] (R004).losses_fraction: must be ≥ 0 and < 1, got 1"
    ]


def test_percent_given_for_a_fraction_gets_a_hint() -> None:
    (line,) = _lines(_config(rooftops=[{**ROOF, "usable_fraction": 70}]))
    assert "must be between 0 and 1 (fractions are 0–1, not percent), got 70" in line


def test_nested_list_item_bounds_are_found() -> None:
    months = [{"months": list(range(1, 13)), "peak_hours": [[8, 30]]}]
    tariff = {"name": "t", "source": "s", "flat_price_cny_per_kwh": 0.5, "seasons": months}
    (line,) = _lines(_config(tariff=tariff))
    assert line == "park.yaml: tariff.seasons[0].peak_hours[0][1]: must be between 0 and 24, got 30"


def test_wrong_dimension_names_the_expected_unit() -> None:
    (line,) = _lines(
        _config(rooftops=[{**ROOF, "capacity_kw": "5 kg", "commissioning_year": 2020}])
    )
    assert line.startswith("park.yaml: rooftops[0] (R004).capacity_kw: wrong or unreadable unit")
    assert "got '5 kg', expected a number in kW or a quantity convertible to kW" in line


def test_null_is_shown_as_written_in_yaml() -> None:
    (line,) = _lines(_config(rooftops=[{**ROOF, "azimuth_deg": None}]))
    assert "azimuth_deg: wrong or unreadable unit, got null, expected a number in °" in line


def test_unknown_key_suggests_the_closest_field() -> None:
    (line,) = _lines(
        _config(rooftops=[{**ROOF, "capcity_kw": 300}]), {("rooftops", 0, "capcity_kw"): 9}
    )
    assert line == (
        "park.yaml: rooftops[0] (R004): unknown key 'capcity_kw' "
        "(did you mean 'capacity_kw'?) (line 9)"
    )


def test_unknown_key_without_close_match_lists_the_known_keys() -> None:
    (line,) = _lines(_config(colour="green"))
    assert line.startswith("park.yaml: unknown key 'colour' (known keys: park, pv_defaults, ")


def test_missing_key_type_and_choice_errors() -> None:
    roof = {key: value for key, value in ROOF.items() if key != "tilt_deg"}
    enterprise = {"id": "E01", "name": "A", "industry_code": "C33", "load_profile": "night"}
    found = _lines(_config(rooftops=[{**roof, "area_m2": [1]}], enterprises=[enterprise]))
    assert found == [
        "park.yaml: enterprises[0] (E01).load_profile: not one of the allowed values, got 'night', "
        "expected 'continuous_process', 'three_shift', 'two_shift', 'one_shift', 'office' or "
        "'data_centre'",
        "park.yaml: rooftops[0] (R004).area_m2: wrong or unreadable unit, "
        'expected a number in m² or a quantity convertible to m² (e.g. "1.2 万m²")',
        "park.yaml: rooftops[0] (R004).tilt_deg: required key is missing",
    ]


def test_chinese_is_the_default_language() -> None:
    set_language("zh")
    (line,) = _lines(_config(rooftops=[{**ROOF, "tilt_deg": 95}]))
    assert line == "park.yaml: rooftops[0] (R004).tilt_deg: 必须在 0 到 90 之间，实际为 95"


def test_problems_are_ordered_as_in_the_file() -> None:
    found = [Problem(None, "c"), Problem(12, "b"), Problem(3, "a")]
    assert ordered(found) == ["a", "b", "c"]


def test_model_level_errors_do_not_repeat_the_whole_item() -> None:
    with pytest.raises(ValidationError) as caught:
        Rooftop.model_validate({**ROOF, "capacity_kw": 10})
    (found,) = validation_problems(caught.value, Rooftop, SourceFile("f.yaml", ROOF, {}))
    assert found.message == (
        "f.yaml: an installed system (capacity_kw > 0) needs commissioning_year"
    )


def test_close_match_compares_folded_names_and_returns_the_choice() -> None:
    assert close_match("Steel", ["STEEL", "E01"]) is None  # case differs in 4 of 5 letters
    assert close_match("Steel", ["STEEL", "E01"], fold=str.casefold) == "STEEL"
    assert close_match("capcity_kw", ["capacity_kw", "area_m2"]) == "capacity_kw"
    assert close_match("xyz", ["capacity_kw"]) is None
    assert close_match("x", []) is None


def test_did_you_mean_follows_the_language() -> None:
    assert did_you_mean("E01") == " (did you mean 'E01'?)"
    assert did_you_mean(None) == ""
    set_language("zh")
    assert did_you_mean("E01") == "（是否为 'E01'？）"
