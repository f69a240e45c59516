"""Rules beyond the schema, checked on raw park.yaml data: one test per rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from greenpark.inputs.factors.regions import RegionTable, read_region_table
from greenpark.inputs.park.rules import rule_problems
from greenpark.inputs.problems import SourceFile

pytestmark = pytest.mark.usefixtures("english")

ENTERPRISES = [{"id": "E01"}, {"id": "E02"}]
REGIONS, _ = read_region_table(Path(__file__).resolve().parents[2] / "factors" / "regions.csv")


def _problems(
    raw: dict[str, object],
    park_dir: Path = Path("/nonexistent"),
    regions: RegionTable = REGIONS,
) -> list[str]:
    return [p.message for p in rule_problems(SourceFile("park.yaml", raw, {}), park_dir, regions)]


def _certificate(start: str, end: str, claim_year: int, **extra: object) -> dict[str, object]:
    return {
        "id": "G1",
        "production_start": start,
        "production_end": end,
        "claim_year": claim_year,
        "holder": "E01",
    } | extra


@pytest.mark.parametrize(("section", "key"), [("rooftops", "owner"), ("storage", "owner")])
def test_owner_must_be_an_enterprise_not_the_park(section: str, key: str) -> None:
    raw = {
        "enterprises": ENTERPRISES,
        section: [{"id": "X1", key: "E01"}, {"id": "X2", key: "park"}],
    }
    assert _problems(raw) == [
        f"park.yaml: {section}[1] (X2).{key}: unknown enterprise 'park': not among the "
        "enterprises in the park file, expected an enterprise id from enterprises (E01, E02)"
    ]


def test_contract_buyer_may_be_the_park_but_not_an_unknown_enterprise() -> None:
    raw = {
        "enterprises": ENTERPRISES,
        "contracts": [{"id": "C1", "buyer": "park"}, {"id": "C2", "buyer": "E99"}],
    }
    assert _problems(raw) == [
        "park.yaml: contracts[1] (C2).buyer: unknown enterprise 'E99': not among the "
        "enterprises in the park file, expected an enterprise id from enterprises (E01, E02) "
        "or 'park'"
    ]


def test_certificate_holder_and_claimant_must_exist_with_a_suggestion() -> None:
    batch = _certificate("2024-01", "2024-02", 2024, holder="Zhang", claimed_by="e01")
    found = _problems({"enterprises": ENTERPRISES, "certificates": [batch]})
    assert [line.split(", expected")[0] for line in found] == [
        "park.yaml: certificates[0] (G1).holder: unknown enterprise 'Zhang': "
        "not among the enterprises in the park file",
        "park.yaml: certificates[0] (G1).claimed_by: unknown enterprise 'e01' "
        "(did you mean 'E01'?)",
    ]


def test_references_are_not_checked_without_an_enterprise_list() -> None:
    assert _problems({"enterprises": "E01", "rooftops": [{"id": "R1", "owner": "E01"}]}) == []


@pytest.mark.parametrize(
    ("province", "grid_region"),
    [("山西", "north"), ("shanxi", "华北"), ("Shanxi", "North China"), ("山西省", "华北电网")],
)
def test_province_and_grid_region_in_any_spelling(province: str, grid_region: str) -> None:
    assert _problems({"park": {"province": province, "grid_region": grid_region}}) == []


def test_unknown_province_and_grid_region_suggest_a_known_one() -> None:
    found = _problems({"park": {"province": "shanxii", "grid_region": "nort"}})
    assert found == [
        "park.yaml: park.province: unknown region 'shanxii' (did you mean 'shanxi'?), "
        "expected a region of factors/regions.csv (its key, Chinese or English name)",
        "park.yaml: park.grid_region: unknown region 'nort' (did you mean 'north'?), "
        "expected a region of factors/regions.csv (its key, Chinese or English name)",
    ]


def test_grid_region_must_be_the_provinces_own() -> None:
    (line,) = _problems({"park": {"province": "山西", "grid_region": "east"}})
    assert line == (
        "park.yaml: park.grid_region: does not match the province: Shanxi is in the "
        "North China grid region (north), not East China (east), expected north / North China"
    )


def test_province_must_be_a_province_and_grid_region_a_grid_region() -> None:
    found = _problems({"park": {"province": "华北", "grid_region": "山西"}})
    assert [line.split(", expected")[0] for line in found] == [
        "park.yaml: park.province: North China is not a province",
        "park.yaml: park.grid_region: Shanxi is not a grid region",
    ]
    assert found[1].endswith(
        "expected a grid region (north, northeast, east, central, northwest, south, southwest)"
    )


def test_regions_are_not_checked_without_a_region_table() -> None:
    raw = {"park": {"province": "Atlantis", "grid_region": "east"}}
    assert _problems(raw, regions=RegionTable(())) == []


def test_duplicate_ids_within_a_section() -> None:
    raw = {
        "enterprises": [*ENTERPRISES, {"id": "E01"}],
        "rooftops": [{"id": "R1", "owner": "E01"}] * 2,
        "storage": [{"id": "R1", "owner": "E01"}],
    }  # same id in another section is fine
    assert _problems(raw) == [
        "park.yaml: enterprises[2] (E01).id: duplicate id, first used at enterprises[0], "
        "got 'E01', expected each id used once",
        "park.yaml: rooftops[1] (R1).id: duplicate id, first used at rooftops[0], "
        "got 'R1', expected each id used once",
    ]


def test_enterprise_id_park_is_reserved() -> None:
    (line,) = _problems({"enterprises": [{"id": "park"}]})
    assert line.startswith("park.yaml: enterprises[0] (park).id: 'park' is reserved")


def test_data_file_listed_twice(tmp_path: Path) -> None:
    (tmp_path / "m.csv").write_text("x\n", encoding="utf-8")
    (tmp_path / "m.xlsx").write_text("x\n", encoding="utf-8")
    data = [
        {"file": "m.csv"},
        {"file": "./m.csv"},
        {"file": "m.xlsx", "sheet": "2024"},
        {"file": "m.xlsx", "sheet": "2023"},
    ]
    assert _problems({"data": data}, tmp_path) == [
        "park.yaml: data[1] (./m.csv).file: this data file is already listed at data[0]; "
        "it would count twice, got './m.csv'"
    ]


def test_missing_files_are_reported_relative_to_the_park_folder(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "present.csv").write_text("x\n", encoding="utf-8")
    raw = {
        "data": [{"file": "data/present.csv"}, {"file": "data/absent.csv"}, {"file": "data"}],
        "contracts": [{"id": "C1", "buyer": "park", "profile_file": "profiles/wind.csv"}],
    }
    found = [line.split(", expected")[0] for line in _problems(raw, tmp_path)]
    assert found == [
        "park.yaml: data[1] (data/absent.csv).file: file not found, got 'data/absent.csv'",
        "park.yaml: data[2] (data).file: is a folder, not a file, got 'data'",
        "park.yaml: contracts[0] (C1).profile_file: file not found, got 'profiles/wind.csv'",
    ]
    assert str(tmp_path / "data" / "absent.csv") in _problems(raw, tmp_path)[0]


def test_malformed_items_are_left_to_the_schema_check() -> None:
    raw = {
        "enterprises": [None, {"id": 7}, {"id": "E01"}],
        "rooftops": "none",
        "storage": [{"id": "S1", "owner": 3}],
        "certificates": [
            _certificate("2024-1", "2024-02", 2030),
            _certificate("2020-01", "2020-02", True, id="G2"),
        ],
    }
    assert _problems(raw) == []


def test_time_of_use_battery_needs_a_tariff() -> None:
    raw = {
        "enterprises": ENTERPRISES,
        "storage": [
            {"id": "S1", "owner": "E01"},
            {"id": "S2", "owner": "E01", "dispatch": "tou_arbitrage"},
        ],
    }
    (line,) = _problems(raw)
    assert line.startswith("park.yaml: storage[1] (S2).dispatch: tou_arbitrage dispatch follows")
    assert _problems(raw | {"tariff": {"name": "t"}}) == []


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("/etc/hosts", "an absolute path is not allowed"),
        ("../x.csv", "the path leaves the park folder with .."),
        ("link.csv", "the path is a symbolic link to a place outside"),
    ],
)
def test_files_outside_the_park_folder(tmp_path: Path, name: str, words: str) -> None:
    (tmp_path / "link.csv").symlink_to("/etc/hosts")
    raw = {"data": [{"file": name}]}
    (line,) = _problems(raw, tmp_path)
    assert line.startswith(f"park.yaml: data[0] ({name}).file: {words}")
    assert line.endswith(f", got {name!r}")
