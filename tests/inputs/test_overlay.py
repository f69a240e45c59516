"""Overlays: ``park.with_changes(patch)`` merges a park.yaml-shaped patch and checks the result
like a file, with the same problems a user editing ``park.yaml`` would get.

The park is ``tests/parks/two_firms`` (F1 uses 730 MWh a month, F2 200 MWh; roof F1-R1 of
1,200 kW on 8,000 m²; battery ESS-F1; certificates GEC-F1 and GEC-PARK).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

import greenpark as gp
from greenpark.errors import InputError
from greenpark.inputs.park.overlay import merged

TWO_FIRMS = Path(__file__).parents[1] / "parks" / "two_firms"


@pytest.fixture(scope="module")
def park() -> gp.Park:
    return gp.load_park(TWO_FIRMS)


def _refused(park: gp.Park, patch: dict[str, Any]) -> tuple[str, ...]:
    with pytest.raises(InputError) as refused:
        park.with_changes(patch)
    return refused.value.problems


def test_mappings_merge_key_by_key_and_none_removes_a_key() -> None:
    base = {"park": {"id": "p", "land_area_mu": 300, "name": "x"}, "tariff": {"name": "t"}}
    out = merged(base, {"park": {"land_area_mu": None, "name": "y"}, "tariff": None}, "overlay")
    assert out == {"park": {"id": "p", "name": "y"}}
    assert base["park"] == {"id": "p", "land_area_mu": 300, "name": "x"}  # not changed


def test_items_merge_by_id_new_ones_are_added_and_delete_removes() -> None:
    base = {"rooftops": [{"id": "R1", "tilt_deg": 10}, {"id": "R2"}, {"id": "R3"}]}
    patch = {
        "rooftops": ({"id": "R1", "tilt_deg": 20}, {"id": "R2", "_delete": True}, {"id": "R9"})
    }
    out = merged(base, patch, "overlay")
    assert out["rooftops"] == [{"id": "R1", "tilt_deg": 20}, {"id": "R3"}, {"id": "R9"}]


def test_other_keys_identify_data_overrides_and_tariffs_and_other_lists_are_replaced() -> None:
    base = {
        "data": [{"file": "data/a.csv", "resolution": "monthly"}, {"file": "data/b.csv"}],
        "overrides": [{"factor_id": "f.1", "value": 1}],
        "enterprises": [{"id": "E1", "products": [{"name": "a"}, {"name": "b"}]}],
    }
    patch = {
        "data": [{"file": "./data/a.csv", "resolution": "hourly"}],
        "overrides": [{"factor_id": "f.1", "value": 2}],
        "enterprises": [{"id": "E1", "products": [{"name": "c"}]}],
    }
    out = merged(base, patch, "overlay")
    assert out["data"] == [{"file": "./data/a.csv", "resolution": "hourly"}, {"file": "data/b.csv"}]
    assert out["overrides"] == [{"factor_id": "f.1", "value": 2}]
    assert out["enterprises"] == [{"id": "E1", "products": [{"name": "c"}]}]


def test_patch_items_that_cannot_apply_are_all_reported() -> None:
    base = {"rooftops": [{"id": "R1"}]}
    patch = {
        "rooftops": [{"tilt_deg": 5}, {"id": "R7", "_delete": True}, {"id": "R1", "_delete": 1}]
    }
    with pytest.raises(InputError) as refused:
        merged(base, patch, "scenario.yaml")
    first, second, third = refused.value.problems
    assert first.startswith("scenario.yaml: rooftops[0]: ") and "id" in first
    assert second.startswith("scenario.yaml: rooftops[1]: ") and "'R7'" in second
    assert third.startswith("scenario.yaml: rooftops[2]: ")
    with pytest.raises(InputError, match="overlay: "):
        merged(base, [{"id": "R1"}], "overlay")


def test_a_change_is_checked_and_converted_like_the_file(park: gp.Park) -> None:
    changed = park.with_changes({"rooftops": [{"id": "F1-R1", "capacity_kw": "1.5 MW"}]})
    assert changed.config.rooftops[0].capacity_kw == 1500.0  # "1.5 MW" converted, not kept
    assert park.config.rooftops[0].capacity_kw == 1200.0  # the park itself is unchanged
    assert changed.changes == ('{"rooftops": [{"capacity_kw": "1.5 MW", "id": "F1-R1"}]}',)
    assert changed.meters is park.meters  # the meter data do not depend on roofs: not re-read


def test_mistakes_are_input_errors_located_in_the_overlay(park: gp.Park) -> None:
    problems = _refused(
        park,
        {
            "rooftops": [{"id": "F1-R1", "capacity_kw": -5}],
            "storage": [{"id": "ESS-F1", "owner": "F3"}],  # a typo: no enterprise F3
        },
    )
    assert any(p.startswith("overlay: rooftops[0] (F1-R1).capacity_kw: ") for p in problems)
    assert any(
        p.startswith("overlay: storage[0] (ESS-F1).owner: ") and "'F3'" in p for p in problems
    )


def _copy_with(tmp_path: Path, patch: dict[str, Any]) -> Path:
    """The park folder with ``patch`` merged into its park.yaml, written as a file."""
    folder = tmp_path / "park"
    shutil.copytree(TWO_FIRMS, folder)
    raw = yaml.safe_load((folder / "park.yaml").read_text(encoding="utf-8"))
    text = yaml.safe_dump(merged(raw, patch, "overlay"), allow_unicode=True, sort_keys=False)
    (folder / "park.yaml").write_text(text, encoding="utf-8")
    return folder


def _where_free(problems: tuple[str, ...], label: str) -> list[str]:
    """Problems without their file label and line number."""
    return sorted(re.sub(r"（第 \d+ 行）$", "", p.replace(label, "<file>", 1)) for p in problems)


@pytest.mark.parametrize(
    "patch",
    [
        {"rooftops": [{"id": "F1-R1", "capacity_kw": 3000}]},  # above 0.35 kW/m² of roof
        {"certificates": [{"id": "GEC-F1", "quantity_mwh": 9000, "holder": "F2"}]},  # over-claim
        {"storage": [{"id": "ESS-F1", "energy_kwh": "2 MW", "owner": "F9"}]},
        {"enterprises": [{"id": "F2", "_delete": True}]},
        {"park": {"accounting_year": 2026}},  # the data files have no 2026: coverage refuses
        {
            "overrides": [
                {"factor_id": "no.such.factor", "value": 1, "unit": "kg", "source": "测试来源"}
            ]
        },
    ],
    ids=["roof density", "over-claim", "storage", "deleted enterprise", "coverage", "override"],
)
def test_an_overlay_is_refused_with_the_problems_of_the_same_file(
    park: gp.Park, tmp_path: Path, patch: dict[str, Any]
) -> None:
    from_overlay = _refused(park, patch)
    folder = _copy_with(tmp_path, patch)
    with pytest.raises(InputError) as from_file:
        gp.load_park(folder)
    assert _where_free(from_overlay, "overlay") == _where_free(
        from_file.value.problems, str(folder / "park.yaml")
    )


def test_changed_data_are_read_again_with_the_parks_allow_gaps(park: gp.Park) -> None:
    problems = _refused(park, {"data": [{"file": "data/monthly.csv", "_delete": True}]})
    assert any("F1" in p and "2025" in p for p in problems)  # F1 has no electricity data left
    relaxed = park.with_changes({}, allow_gaps=True)
    assert relaxed.allow_gaps and relaxed.meters is not park.meters
    assert relaxed.changes == ()
