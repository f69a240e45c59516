"""The park.yaml schema: quantities with units, ranges, carriers, cross-field rules."""

from __future__ import annotations

import re

import pytest
from pydantic import ValidationError

from greenpark.i18n import set_language
from greenpark.inputs.park.schema import (
    Certificate,
    Contract,
    DataSource,
    FactorOverride,
    Rooftop,
    Storage,
)
from greenpark.inputs.park.schema_tariff import TariffSeason
from greenpark.inputs.quantity import QUANTITY_ERROR

ROOF = {"id": "R1", "owner": "E01", "area_m2": 1000, "tilt_deg": 20, "azimuth_deg": 180}

pytestmark = pytest.mark.usefixtures("english")


def _error_types(error: ValidationError) -> list[tuple[tuple[str | int, ...], str]]:
    return [(tuple(e["loc"]), e["type"]) for e in error.errors()]


@pytest.mark.parametrize(
    ("written", "kw"),
    [
        ("2.5 MW", 2500.0),
        ("2500 kW", 2500.0),
        (300, 300.0),
        ("0.3 万kW", 3000.0),
        ("1.5兆瓦", 1500.0),
    ],
)
def test_capacity_accepts_numbers_in_kw_and_strings_with_power_units(
    written: object, kw: float
) -> None:
    roof = Rooftop(**ROOF, capacity_kw=written, commissioning_year=2023)
    assert roof.capacity_kw == pytest.approx(kw)


def test_capacity_in_kilograms_is_rejected_as_a_unit_error() -> None:
    with pytest.raises(ValidationError) as caught:
        Rooftop(**ROOF, capacity_kw="5 kg", commissioning_year=2023)
    (error,) = caught.value.errors()
    assert (error["loc"], error["type"]) == (("capacity_kw",), QUANTITY_ERROR)
    assert (error["ctx"]["unit"], error["ctx"]["example"]) == ("kW", "2.5 MW")
    assert "'5 kg' is not a kW quantity" in error["msg"]


@pytest.mark.parametrize(
    ("written", "degrees"), [(25, 25.0), ("25°", 25.0), ("25度", 25.0), ("25 degree", 25.0)]
)
def test_tilt_in_degrees_also_written_with_du(written: object, degrees: float) -> None:
    """度 is an angle where an angle is expected (and kWh where energy is)."""
    assert Rooftop(**{**ROOF, "tilt_deg": written}).tilt_deg == pytest.approx(degrees)


def test_energy_quantities_convert_chinese_units() -> None:
    contract = Contract(id="C1", buyer="E01", technology="wind", annual_mwh="120 万kWh")
    storage = Storage(
        id="S1", owner="E01", energy_kwh="2 MWh", power_kw="1 MW", round_trip_efficiency=0.9
    )
    assert contract.annual_mwh == pytest.approx(1200.0)
    assert (storage.energy_kwh, storage.power_kw) == (pytest.approx(2000.0), pytest.approx(1000.0))


def test_tilt_above_vertical_is_out_of_range() -> None:
    with pytest.raises(ValidationError) as caught:
        Rooftop(**{**ROOF, "tilt_deg": 95})
    assert _error_types(caught.value) == [(("tilt_deg",), "less_than_equal")]


def test_unknown_key_is_forbidden() -> None:
    with pytest.raises(ValidationError) as caught:
        Rooftop(**ROOF, capcity_kw=300)
    assert _error_types(caught.value) == [(("capcity_kw",), "extra_forbidden")]


def test_installed_roof_needs_commissioning_year() -> None:
    with pytest.raises(ValidationError, match="commissioning_year"):
        Rooftop(**ROOF, capacity_kw=100)


def test_schema_messages_follow_the_language() -> None:
    set_language("zh")
    with pytest.raises(ValidationError, match="须且只须填写一个"):
        Contract(id="C1", buyer="E01", technology="wind")


def test_contract_needs_exactly_one_volume_and_twelve_months() -> None:
    with pytest.raises(ValidationError, match="exactly one of annual_mwh or monthly_mwh"):
        Contract(id="C1", buyer="E01", technology="wind", annual_mwh=1, monthly_mwh=[1] * 12)
    with pytest.raises(ValidationError, match="needs 12 values, got 11"):
        Contract(id="C1", buyer="E01", technology="wind", monthly_mwh=[1] * 11)


def test_certificates_are_whole_mwh_in_year_month_order() -> None:
    batch = {"id": "G1", "technology": "solar", "project": "P", "holder": "E01", "claim_year": 2024}
    with pytest.raises(ValidationError, match="whole MWh"):
        Certificate(
            **batch, quantity_mwh=10.5, production_start="2024-01", production_end="2024-02"
        )
    with pytest.raises(ValidationError, match="before production_start"):
        Certificate(**batch, quantity_mwh=10, production_start="2024-05", production_end="2024-02")
    with pytest.raises(ValidationError, match="YYYY-MM"):
        Certificate(**batch, quantity_mwh=10, production_start="2024-5", production_end="2024-06")


@pytest.mark.parametrize("spelling", ["electricity", "Electricity", "电力", " electricity "])
def test_data_source_carrier_accepts_id_or_names_and_keeps_the_id(spelling: str) -> None:
    source = DataSource(file="a.csv", layout="wide", carrier=spelling, unit="MWh")
    assert source.carrier == "electricity"


def test_data_source_rejects_unknown_carrier_with_suggestion() -> None:
    with pytest.raises(ValidationError, match="did you mean 'natural_gas'"):
        DataSource(file="a.csv", carrier="natural gaz")


def test_data_source_unit_must_fit_the_carrier() -> None:
    with pytest.raises(ValidationError) as caught:
        DataSource(file="a.csv", layout="wide", carrier="electricity", unit="MW")
    assert "unit 'MW' is power, but electricity is measured as energy, like kWh" in str(
        caught.value
    )
    assert DataSource(file="a.csv", layout="wide", carrier="diesel", unit="t").unit == "t"


def test_wide_file_needs_carrier_and_unit() -> None:
    with pytest.raises(ValidationError, match="wide file needs"):
        DataSource(file="a.csv", layout="wide")
    with pytest.raises(ValidationError, match="wide file needs"):
        DataSource(file="a.csv", layout="wide", carrier="electricity")


def test_long_file_carrier_and_unit_are_defaults_checked_together() -> None:
    source = DataSource(file="a.csv", carrier="电力", unit="万kWh")
    assert (source.carrier, source.unit) == ("electricity", "万kWh")
    with pytest.raises(ValidationError) as caught:
        DataSource(file="a.csv", carrier="electricity", unit="t")
    assert "electricity" in str(caught.value)


def test_columns_map_each_greenpark_column_once() -> None:
    source = DataSource(file="a.xlsx", columns={"户号": "account", "电费年月": "month"})
    assert source.columns == {"户号": "account", "电费年月": "month"}
    with pytest.raises(ValidationError) as caught:
        DataSource(file="a.csv", columns={"用电量": "quantity", "有功总电量": "quantity"})
    assert "columns maps more than one header to quantity" in str(caught.value)
    with pytest.raises(ValidationError) as caught:
        DataSource(file="a.csv", columns={"户号": "customer"})
    assert "'timestamp', 'month', 'enterprise', 'account'" in str(caught.value)


def test_new_data_keys_are_described() -> None:
    described = {"header_row", "skip_rows", "columns", "enterprise", "carrier", "unit"}
    for name in described | {"timestamp_marks"}:
        assert DataSource.model_fields[name].description, name


@pytest.mark.parametrize("value", [0, -0.5])
def test_factor_override_value_must_be_positive(value: float) -> None:
    with pytest.raises(ValidationError) as caught:
        FactorOverride(factor_id="x.y", value=value, unit="kg/kWh", source="abc")
    assert _error_types(caught.value) == [(("value",), "greater_than")]


def test_config_objects_are_frozen() -> None:
    roof = Rooftop(**ROOF)
    with pytest.raises(ValidationError):
        roof.tilt_deg = 30  # type: ignore[misc]


@pytest.mark.parametrize(
    "value", [float("inf"), float("-inf"), float("nan"), "inf kW", "nan MW", "1e400 kW"]
)
def test_numbers_must_be_finite(value: object) -> None:
    with pytest.raises(ValidationError) as caught:
        Rooftop.model_validate(ROOF | {"capacity_kw": value, "commissioning_year": 2020})
    assert _error_types(caught.value) == [(("capacity_kw",), "finite_number")]


def _season(**windows: object) -> dict[str, object]:
    return {"months": [1], **windows}


@pytest.mark.parametrize(
    "windows",
    [
        {"peak_hours": [[6, 8], [17, 24]], "valley_hours": [[0, 6], [9, 15]]},  # touching
        # critical peak inside peak and deep valley inside valley: as designed
        {"peak_hours": [[17, 24]], "critical_peak_hours": [[18, 21]], "valley_hours": [[0, 8]]},
        {"valley_hours": [[10, 15]], "deep_valley_hours": [[13, 15]]},
        # deep valley replaces any period on major holidays, even peak hours
        {"peak_hours": [[10, 12]], "deep_valley_hours": [[11, 13]]},
    ],
)
def test_tariff_windows_that_are_allowed(windows: dict[str, object]) -> None:
    TariffSeason.model_validate(_season(**windows))


@pytest.mark.parametrize(
    ("windows", "words"),
    [
        (
            {"peak_hours": [[6, 8], [17, 24]], "valley_hours": [[2, 7], [22, 24]]},
            "peak_hours and valley_hours share 06:00–07:00, 22:00–24:00",
        ),
        (
            {"critical_peak_hours": [[12, 14]], "valley_hours": [[10, 15]]},
            "critical_peak_hours and valley_hours share 12:00–14:00",
        ),
        ({"valley_hours": [[22, 6]]}, "got [22, 6], expected [start, end)"),
        ({"peak_hours": [[8, 8]]}, "got [8, 8]"),
    ],
)
def test_tariff_windows_that_contradict(windows: dict[str, object], words: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(words)):
        TariffSeason.model_validate(_season(**windows))


BATTERY = {
    "id": "S1",
    "owner": "E01",
    "energy_kwh": 100,
    "power_kw": 50,
    "round_trip_efficiency": 0.9,
}


@pytest.mark.parametrize(
    ("window", "ok"),
    [
        ({}, True),  # 0 <= 0.5 <= 1
        ({"min_soc_fraction": 0.5, "max_soc_fraction": 0.9}, True),  # the edge is inside
        ({"min_soc_fraction": 0.6, "max_soc_fraction": 0.9}, False),  # the default 0.5 is below
        ({"max_soc_fraction": 0.4}, False),
        ({"min_soc_fraction": 0.1, "max_soc_fraction": 0.9, "initial_soc_fraction": 0.95}, False),
    ],
)
def test_the_year_starts_inside_the_state_of_charge_window(
    window: dict[str, float], ok: bool
) -> None:
    """The balance refuses a battery starting outside its window: so does the schema (check)."""
    if ok:
        Storage(**BATTERY, **window)
        return
    with pytest.raises(ValidationError) as caught:
        Storage(**BATTERY, **window)
    assert _error_types(caught.value) == [(("initial_soc_fraction",), "value_error")]
    assert "must lie between min_soc_fraction and max_soc_fraction" in str(caught.value)
