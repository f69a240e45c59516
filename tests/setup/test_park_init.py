"""``greenpark init``: a park.yaml that loads for every province, nothing overwritten."""

from __future__ import annotations

from pathlib import Path

import pytest

import greenpark as gp
from greenpark.errors import InputError
from greenpark.setup.park_init import NewPark, init_park, park_block, park_yaml_text, provinces


def _new(province: str = "山西", **changes: object) -> NewPark:
    values: dict[str, object] = {
        "id": "new-park",
        "name": "新园区",
        "province": province,
        "latitude_deg": 35.5,
        "longitude_deg": 112.8,
        "accounting_year": 2025,
        "land_area_mu": 1500.0,
    }
    values.update(changes)
    return NewPark(**values)  # type: ignore[arg-type]


def test_the_region_table_has_the_31_provincial_divisions() -> None:
    assert len(provinces()) == 31  # 22 provinces, 5 autonomous regions, 4 municipalities


@pytest.mark.parametrize("province", [r.name_zh for r in provinces()])
def test_the_written_park_yaml_loads_for_every_province(tmp_path: Path, province: str) -> None:
    (tmp_path / "park.yaml").write_text(park_yaml_text(park_block(_new(province))), "utf-8")
    config = gp.load_park_config(tmp_path)
    assert config.park.province == province
    assert config.enterprises == () and config.data == ()


@pytest.mark.parametrize(
    ("province", "grid"),
    [("山西", "华北"), ("山东省", "华北"), ("Jiangxi", "华中"), ("四川", "西南"), ("贵州", "南方")],
)
def test_grid_region_follows_the_province(province: str, grid: str) -> None:
    assert park_block(_new(province))["grid_region"] == grid


def test_init_writes_park_yaml_data_folder_and_workbook(tmp_path: Path) -> None:
    park = tmp_path / "new"
    written = init_park(park, _new(altitude_m=750.0))
    assert [p.relative_to(park).as_posix() for p in written] == [
        "park.yaml",
        "data/README.md",
        "park-input.xlsx",
    ]
    text = (park / "park.yaml").read_text("utf-8")
    assert "accounting_year: 2025  # 核算年度" in text  # Chinese comments from the schema
    config = gp.load_park_config(park)
    assert (config.park.location.altitude_m, config.park.land_area_mu) == (750.0, 1500.0)


def test_init_never_overwrites(tmp_path: Path) -> None:
    (tmp_path / "park.yaml").write_text("# mine\n", "utf-8")
    with pytest.raises(InputError, match="已存在"):
        init_park(tmp_path, _new())
    assert (tmp_path / "park.yaml").read_text("utf-8") == "# mine\n"
    assert not (tmp_path / "park-input.xlsx").exists()


def test_every_bad_value_is_reported_at_once(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        init_park(tmp_path, _new("火星", id="Bad Id", latitude_deg=95.0))
    problems = caught.value.problems
    assert len(problems) == 3
    assert "'火星'" in problems[0] and "山西" in problems[0]  # lists the known provinces
    assert any(": id:" in p and "Bad Id" in p for p in problems)
    assert any("location.latitude_deg" in p and "95" in p for p in problems)
    assert not (tmp_path / "park.yaml").exists()
