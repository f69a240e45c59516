"""The demo park, loaded once for the scenario tests."""

from __future__ import annotations

from pathlib import Path

import pytest

import greenpark as gp
from greenpark.inputs.park.load import Park

DEMO = Path(__file__).resolve().parents[2] / "sites" / "jincheng-edz"


@pytest.fixture(scope="session")
def demo_park() -> Park:
    return gp.load_park(DEMO)
