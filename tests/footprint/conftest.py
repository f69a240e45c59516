"""One run of the two-firm test park, shared by the footprint tests (a run takes seconds).

The park is changed so that F2 is an enterprise a person can compute by hand: 2,400 MWh of
monthly bills (200 MWh a month), no roof, the 1,000 MWh flat wind contract PPA-F2 and its own
300 MWh batch of solar certificates GEC-F2 (the park's batch GEC-PARK is removed).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import greenpark as gp
from greenpark.footprint.factor_refs import registry_for
from greenpark.inputs.factors.registry import FactorRegistry

TWO_FIRMS = Path(__file__).resolve().parents[1] / "parks" / "two_firms"
F2_CERTIFICATES = {
    "id": "GEC-F2",
    "quantity_mwh": 300,
    "production_start": "2025-01",
    "production_end": "2025-06",
    "technology": "solar",
    "project": "测试光伏电站",
    "holder": "F2",
    "claim_year": 2025,
}
HAND_PATCH = {"certificates": [{"id": "GEC-PARK", "_delete": True}, F2_CERTIFICATES]}


@pytest.fixture(scope="session")
def hand_park() -> gp.Park:
    return gp.load_park(TWO_FIRMS).with_changes(HAND_PATCH)


@pytest.fixture(scope="session")
def hand_run(hand_park: gp.Park) -> gp.RunResult:
    return gp.run(gp.RunSpec(hand_park))


@pytest.fixture(scope="session")
def hand_registry(hand_run: gp.RunResult) -> FactorRegistry:
    return registry_for(hand_run)
