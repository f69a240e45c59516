"""Runs shared by the assessment tests (each run once per session: the demo park takes ~15 s).

- ``demo_result``: ``sites/jincheng-edz`` as shipped;
- ``two_firms_result``: ``tests/parks/two_firms`` (monthly bills, natural gas, no water,
  waste or waste-heat data, no products);
- ``electric_park``: a copy of two_firms without its natural gas (every CO2 is electricity, so
  green electricity alone can close the 910号 gap), and its run.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import greenpark as gp

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "sites" / "jincheng-edz"
TWO_FIRMS = ROOT / "tests" / "parks" / "two_firms"


@pytest.fixture(scope="session")
def demo_result() -> gp.RunResult:
    return gp.run(gp.RunSpec(gp.load_park(DEMO)))


@pytest.fixture(scope="session")
def two_firms_result() -> gp.RunResult:
    return gp.run(gp.RunSpec(gp.load_park(TWO_FIRMS)))


@pytest.fixture(scope="session")
def electric_park(tmp_path_factory: pytest.TempPathFactory) -> tuple[gp.Park, gp.RunResult]:
    folder = tmp_path_factory.mktemp("electric") / "park"
    shutil.copytree(TWO_FIRMS, folder)
    monthly = folder / "data" / "monthly.csv"
    lines = monthly.read_text(encoding="utf-8").splitlines(keepends=True)
    monthly.write_text("".join(x for x in lines if ",natural_gas," not in x), encoding="utf-8")
    park = gp.load_park(folder)
    return park, gp.run(gp.RunSpec(park))
