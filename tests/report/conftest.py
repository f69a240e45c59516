"""Report tests share one run of the shipped site (computing it takes seconds)."""

from __future__ import annotations

from pathlib import Path

import pytest

import greenpark as gp
from greenpark.run_result import RunResult

SITE = Path(__file__).resolve().parents[2] / "sites" / "jincheng-edz"


@pytest.fixture(scope="package")
def jincheng_result() -> RunResult:
    """``gp.run`` of sites/jincheng-edz with the default options."""
    return gp.run(gp.RunSpec(gp.load_park(SITE)))
