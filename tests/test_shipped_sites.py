"""Every shipped park configuration is itself a test case: it must load and check cleanly."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from greenpark.cli.app import app
from greenpark.inputs.park.load import load_park

SITES = sorted(
    p.parent for p in (Path(__file__).resolve().parents[1] / "sites").glob("*/park.yaml")
)


@pytest.mark.parametrize("site", SITES, ids=lambda p: p.name)
def test_shipped_site_loads_with_all_its_data(site: Path) -> None:
    park = load_park(site)
    assert park.config.enterprises
    assert "electricity" in park.meters.hourly or "electricity" in park.meters.monthly


@pytest.mark.parametrize("site", SITES, ids=lambda p: p.name)
def test_greenpark_check_passes_on_shipped_site(site: Path) -> None:
    result = CliRunner().invoke(app, ["check", str(site)])
    assert result.exit_code == 0, result.output


def test_the_demo_park_is_shipped() -> None:
    assert [s.name for s in SITES] == ["jincheng-edz"]


def test_check_on_a_broken_copy_of_the_demo_lists_every_problem(tmp_path: Path) -> None:
    """The issue's five mistakes, made in a copy of the demo park, all reported in one run."""
    import shutil

    from greenpark.errors import InputError

    demo = SITES[0]
    broken = tmp_path / demo.name
    shutil.copytree(demo, broken)
    yaml_path = broken / "park.yaml"
    content = yaml_path.read_text(encoding="utf-8")
    edits = {
        "capacity_kw: 3430,": "capcity_kw: 3430,",  # unknown key (typo)
        "capacity_kw: 830,": "capacity_kw: -830,",  # negative capacity
        "id: E05-R2, owner: E05, area_m2: 23270, usable_fraction: 0.65, tilt_deg: 20": (
            "id: E05-R2, owner: E05, area_m2: 23270, usable_fraction: 0.65, tilt_deg: 95"
        ),  # tilt 95°
        "buyer: E18\n": "buyer: E99\n",  # contract for an unknown enterprise
    }
    for old, new in edits.items():
        assert content.count(old) == 1, old
        content = content.replace(old, new)
    yaml_path.write_text(content, encoding="utf-8")
    (broken / "data" / "electricity_monthly.csv").unlink()  # a file that does not exist
    result = CliRunner().invoke(app, ["--lang", "en", "check", str(broken)])
    assert result.exit_code != 0
    assert isinstance(result.exception, InputError)
    label = str(yaml_path)
    fields = [line.removeprefix(f"{label}: ") for line in result.exception.problems]
    expected = (
        "data[3] (data/electricity_monthly.csv).file: file not found",
        "rooftops[2] (E01-R3): unknown key 'capcity_kw' (did you mean 'capacity_kw'?)",
        "rooftops[15] (E05-R2).tilt_deg: must be between 0 and 90, got 95",
        "rooftops[58] (E21-R2).capacity_kw: must be ≥ 0, got -830",
        "contracts[0] (GPT-2025-E18-WIND).buyer: unknown enterprise 'E99'",
    )
    assert len(fields) == len(expected)
    for field, start in zip(fields, expected, strict=True):
        assert field.startswith(start), field
