"""Loading a park folder: YAML reading, collect-all validation, meter data alongside."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest
import yaml

from greenpark.errors import InputError
from greenpark.i18n import set_language
from greenpark.inputs.park.load import load_park, load_park_config
from greenpark.messages import Message
from greenpark.report.messages import render_all

FIXTURES = Path(__file__).parent / "park_fixtures"
VALID = FIXTURES / "valid"
BROKEN = FIXTURES / "broken"

pytestmark = pytest.mark.usefixtures("english")


def _park_with(tmp_path: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    """A copy of the valid park whose park.yaml is edited by ``change``."""
    park_dir = tmp_path / "park"
    shutil.copytree(VALID, park_dir)
    config = yaml.safe_load((VALID / "park.yaml").read_text(encoding="utf-8"))
    change(config)
    (park_dir / "park.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    return park_dir


def _problems(park_dir: Path) -> tuple[str, ...]:
    with pytest.raises(InputError) as caught:
        load_park_config(park_dir)
    return caught.value.problems


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
    }


def test_valid_park_converts_quantities_to_canonical_units() -> None:
    config = load_park_config(VALID)
    assert config.park.name == "迷你测试园区"
    assert config.enterprise_ids() == ("E01", "E02")
    assert config.rooftops[0].capacity_kw == pytest.approx(500.0)  # "0.5 MW"
    assert config.rooftops[1].area_m2 == pytest.approx(3000.0)  # "0.3 万m²"
    assert config.contracts[0].annual_mwh == pytest.approx(1200.0)  # "120 万kWh"
    assert config.storage[0].energy_kwh == pytest.approx(1000.0)  # "1 MWh"


def test_broken_park_reports_every_mistake_at_once_with_file_and_field() -> None:
    before = _snapshot(BROKEN)
    found = _problems(BROKEN)
    label = str(BROKEN / "park.yaml")
    assert all(line.startswith(label + ": ") for line in found)
    expected = [
        "data[1] (data/missing_meters.csv).file: file not found, got 'data/missing_meters.csv'",
        "rooftops[0] (R001): unknown key 'capcity_kw' (did you mean 'capacity_kw'?) (line 32)",
        "rooftops[1] (R002).tilt_deg: must be between 0 and 90, got 95 (line 36)",
        "rooftops[1] (R002).capacity_kw: must be ≥ 0, got -50 (line 38)",
        "contracts[0] (C001).buyer: unknown enterprise 'E99'",
    ]
    assert len(found) == len(expected)
    for line, start in zip(found, expected, strict=True):
        assert line.removeprefix(label + ": ").startswith(start)
    assert _snapshot(BROKEN) == before  # nothing is written


def test_cross_references_are_checked_even_when_the_schema_fails(tmp_path: Path) -> None:
    def change(config: dict[str, Any]) -> None:
        del config["park"]["province"]
        config["storage"][0]["owner"] = "E9"

    found = _problems(_park_with(tmp_path, change))
    assert [line.split(": ", 2)[1] for line in found] == [
        "park.province",
        "storage[0] (S001).owner",
    ]


def test_wrong_unit_is_one_of_the_problems(tmp_path: Path) -> None:
    def change(config: dict[str, Any]) -> None:
        config["rooftops"][0]["capacity_kw"] = "5 kg"
        config["contracts"][0]["annual_mwh"] = "3 km"

    found = _problems(_park_with(tmp_path, change))
    assert [line.split(": ", 2)[1] for line in found] == [
        "contracts[0] (C001).annual_mwh",
        "rooftops[0] (R001).capacity_kw",
    ]
    assert "wrong or unreadable unit, got '3 km', expected a number in MWh" in found[0]
    assert "wrong or unreadable unit, got '5 kg', expected a number in kW" in found[1]


def test_yaml_syntax_error_gives_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "park.yaml").write_text(
        "park:\n  id: x\n  name: [unclosed\nenterprises: []\n", "utf-8"
    )
    (line,) = _problems(tmp_path)
    assert line.startswith(f"{tmp_path / 'park.yaml'}: YAML syntax error at line 4, column 1")


def test_unreadable_character_is_a_yaml_error(tmp_path: Path) -> None:
    (tmp_path / "park.yaml").write_text("park:\n  name: a\x07\n", encoding="utf-8")
    (line,) = _problems(tmp_path)
    assert line.startswith(f"{tmp_path / 'park.yaml'}: YAML error: unacceptable character #x0007")


def test_key_given_twice_is_reported_with_both_lines(tmp_path: Path) -> None:
    text = (VALID / "park.yaml").read_text(encoding="utf-8")
    text = text.replace("    tilt_deg: 25\n", "    tilt_deg: 25\n    tilt_deg: 30\n", 1)
    park_dir = tmp_path / "park"
    shutil.copytree(VALID, park_dir)
    (park_dir / "park.yaml").write_text(text, encoding="utf-8")
    (line,) = _problems(park_dir)
    assert line.endswith(
        "rooftops[0] (R001): key 'tilt_deg' appears twice (lines 34 and 35); "
        "the second overrides (line 35)"
    )


def test_missing_config_file(tmp_path: Path) -> None:
    assert _problems(tmp_path) == (f"{tmp_path / 'park.yaml'}: file not found",)


def test_config_saved_in_gbk_is_explained(tmp_path: Path) -> None:
    (tmp_path / "park.yaml").write_bytes("park:\n  name: 晋城园区\n".encode("gbk"))
    (line,) = _problems(tmp_path)
    assert "not UTF-8 text (byte 14); save the file as UTF-8" in line


def test_utf8_with_bom_is_read(tmp_path: Path) -> None:
    park_dir = tmp_path / "park"
    shutil.copytree(VALID, park_dir)
    (park_dir / "park.yaml").write_bytes(
        (VALID / "park.yaml").read_text("utf-8").encode("utf-8-sig")
    )
    assert load_park_config(park_dir).park.id == "mini-park"


@pytest.mark.parametrize("content", ["", "- a\n- b\n", "just text\n"])
def test_top_level_must_be_a_mapping(tmp_path: Path, content: str) -> None:
    (tmp_path / "park.yaml").write_text(content, encoding="utf-8")
    (line,) = _problems(tmp_path)
    assert "the top level must be a mapping" in line


def test_problems_are_listed_in_file_order(tmp_path: Path) -> None:
    def change(config: dict[str, Any]) -> None:
        config["storage"][0]["power_kw"] = 0  # last section written
        config["enterprises"][1]["industry_code"] = "bad"
        config["park"]["accounting_year"] = 1850

    found = _problems(_park_with(tmp_path, change))
    fields = [line.split(": ", 2)[1] for line in found]
    # yaml.safe_dump sorts keys: certificates, contracts, data, enterprises, park, rooftops, storage
    assert fields == [
        "enterprises[1] (E02).industry_code",
        "park.accounting_year",
        "storage[0] (S001).power_kw",
    ]


def test_chinese_lines_by_default(tmp_path: Path) -> None:
    set_language("zh")
    found = _problems(BROKEN)
    assert "rooftops[1] (R002).tilt_deg: 必须在 0 到 90 之间，实际为 95（第 36 行）" in found[2]


def test_load_park_reads_meter_data_with_the_config() -> None:
    park = load_park(VALID)
    assert park.directory == VALID
    assert park.config.park.accounting_year == 2024
    electricity = park.meters.monthly["electricity"]
    assert electricity.loc[1, "E01"] == pytest.approx(410_000.0)  # 410 MWh in kWh
    assert any("natural_gas" in message for message in words(park.messages))  # the gas gap


def test_load_park_reports_config_and_meter_problems_together(tmp_path: Path) -> None:
    def change(config: dict[str, Any]) -> None:
        config["rooftops"][0]["tilt_deg"] = 95

    park_dir = _park_with(tmp_path, change)
    monthly = park_dir / "data" / "monthly.csv"
    monthly.write_text(monthly.read_text("utf-8").replace("E02", "E07"), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_park(park_dir)
    found = caught.value.problems
    assert "rooftops[0] (R001).tilt_deg: must be between 0 and 90, got 95" in found[0]
    assert any("monthly.csv" in line and "E07" in line for line in found[1:])


def test_meter_problems_show_even_when_the_config_is_invalid(tmp_path: Path) -> None:
    def change(config: dict[str, Any]) -> None:
        config["park"]["grid_region"] = None
        config["data"].append({"file": "data/absent.csv"})

    park_dir = _park_with(tmp_path, change)
    monthly = park_dir / "data" / "monthly.csv"
    monthly.write_text(monthly.read_text("utf-8").replace("410", "4x0"), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_park(park_dir)
    found = caught.value.problems
    assert any("data/absent.csv" in line for line in found)
    assert any("park.grid_region" in line for line in found)
    assert any("monthly.csv" in line and "4x0" in line for line in found)


def _with_profile(tmp_path: Path, hours: int) -> Path:
    """The valid park with contract C001 delivered by a profile file of ``hours`` rows."""

    def change(config: dict[str, Any]) -> None:
        config["contracts"][0] |= {"delivery_shape": "profile", "profile_file": "data/c001.csv"}

    park_dir = _park_with(tmp_path, change)
    weights = "\n".join(["weight", *(["1"] * 24 + ["0"] * (hours - 24))]) + "\n"
    (park_dir / "data" / "c001.csv").write_text(weights, encoding="utf-8")
    return park_dir


def test_load_park_reads_delivery_profiles_of_the_leap_year(tmp_path: Path) -> None:
    park = load_park(_with_profile(tmp_path, 8784))  # 2024: 366 × 24 hours
    (profile,) = park.delivery_profiles.values()
    assert list(park.delivery_profiles) == ["C001"]
    assert (profile.shape, profile[:24].sum(), profile[24:].sum()) == ((8784,), 24.0, 0.0)
    assert load_park(VALID).delivery_profiles == {}


def test_delivery_profile_of_the_wrong_length_is_a_load_problem(tmp_path: Path) -> None:
    def change(config: dict[str, Any]) -> None:
        config["rooftops"][0]["tilt_deg"] = 95

    park_dir = _with_profile(tmp_path, 8760)
    with pytest.raises(InputError) as caught:
        load_park(park_dir)
    (line,) = caught.value.problems
    assert line == (f"{park_dir / 'data' / 'c001.csv'}: needs 8784 rows (one per hour), got 8760")
    config = yaml.safe_load((park_dir / "park.yaml").read_text(encoding="utf-8"))
    change(config)  # also read when the configuration has other problems
    (park_dir / "park.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    with pytest.raises(InputError) as caught:
        load_park(park_dir)
    assert len(caught.value.problems) == 2 and "c001.csv" in caught.value.problems[1]


def test_province_is_checked_against_the_region_table(tmp_path: Path) -> None:
    def change(config: dict[str, Any]) -> None:
        config["park"]["province"] = "山西x"

    (line,) = _problems(_park_with(tmp_path, change))
    assert line.split(": ", 1)[1] == (
        "park.province: unknown region '山西x' (did you mean 'shanxi'?), expected a region "
        "of factors/regions.csv (its key, Chinese or English name) (line 41)"
    )


def test_measured_heating_values_are_checked_and_converted(tmp_path: Path) -> None:
    def measured(values: dict[str, Any]) -> Callable[[dict[str, Any]], None]:
        def change(config: dict[str, Any]) -> None:
            config["enterprises"][0]["fuel_ncv"] = values

        return change

    good = {"天然气": {"value": 36.0, "unit": "MJ/Nm3", "source": "2025 燃气公司热值报告"}}
    config = load_park_config(_park_with(tmp_path / "good", measured(good)))
    enterprise = config.enterprises[0]
    assert list(enterprise.fuel_ncv) == ["natural_gas"]  # the Chinese name becomes the id
    assert enterprise.measured_ncv_gj_per_unit() == {"natural_gas": pytest.approx(0.036)}
    bad = {
        "electricity": {"value": 1.0, "unit": "MJ/kWh", "source": "abc"},
        "coke": {"value": 28.0, "unit": "MJ/m3", "source": "abc"},
    }
    (line,) = [p for p in _problems(_park_with(tmp_path / "bad", measured(bad))) if "fuel_ncv" in p]
    assert "'electricity' is not a fuel" in line and "'MJ/m3' of coke" in line
    unsourced = {"coke": {"value": 28.0, "unit": "GJ/t"}}
    missing = _problems(_park_with(tmp_path / "unsourced", measured(unsourced)))
    assert any("fuel_ncv.coke.source" in p for p in missing)


def words(messages: Iterable[Message]) -> tuple[str, ...]:
    """Messages in the current language."""
    return tuple(render_all(messages))
