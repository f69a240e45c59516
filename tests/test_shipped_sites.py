"""Every shipped park configuration is itself a test case: it must load and check cleanly."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from greenpark.cli.app import app
from greenpark.inputs.park import load_park

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
