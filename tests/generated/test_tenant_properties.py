"""A new tenant on generated parks (seeds 1-3): the run completes, energy is conserved every
hour, the other enterprises' use is unchanged and the park's rises by exactly the tenant's."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from parkgen import generate_park

import greenpark as gp
from greenpark.inputs.park.load import Park
from greenpark.scenarios.scenario import scenario_from_data

SEEDS = (1, 2, 3)


def _generated(seed: int, folder: Path) -> Park:
    generated = generate_park(seed, folder, max_enterprises=12)
    return gp.load_park(generated.directory, allow_gaps=generated.allow_gaps)


def _tenant(park: Park) -> dict[str, object]:
    """A tenant in the industry (first three characters) of the park's first enterprise with
    an output value, its use from that industry's use per output value."""
    model = next(e for e in park.config.enterprises if (e.output_value_wan_cny or 0) > 0)
    return {"id": "TENANT", "name": "新入驻", "industry_code": model.industry_code,
            "output_value_wan_cny": 1000.0, "profile": {"industry": model.industry_code[:3]}}  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_a_tenant_adds_exactly_its_use(seed: int, tmp_path: Path) -> None:
    park = _generated(seed, tmp_path / "park")
    scenario = scenario_from_data({"name": "t", "measures": [{"tenant": _tenant(park)}]}, park)
    base = gp.run(gp.RunSpec(park)).annual()
    result = gp.run(gp.RunSpec(park.with_changes(scenario.overlay)))
    after = result.annual()
    others = [i for i in base.index if i != "park"]
    tenant = after.at["TENANT", "electricity_kwh"]
    assert tenant > 0, seed
    unchanged = after.loc[others, "electricity_kwh"].to_numpy(float)
    np.testing.assert_allclose(
        unchanged, base.loc[others, "electricity_kwh"].to_numpy(float), rtol=1e-12
    )
    rise = after.at["park", "electricity_kwh"] - base.at["park", "electricity_kwh"]
    assert rise == pytest.approx(tenant, rel=1e-9), seed
    h = result.hourly()
    demand = h.load_kwh + h.grid_to_storage_kwh
    supply = h.pv_self_kwh + h.storage_discharge_kwh + h.shared_in_kwh + h.grid_import_kwh
    np.testing.assert_allclose(demand, supply, rtol=0, atol=1e-6)
    pv = h.pv_self_kwh + h.pv_to_storage_kwh + h.shared_out_kwh + h.export_kwh
    np.testing.assert_allclose(h.pv_kwh, pv, rtol=0, atol=1e-6)
    coverage = result.coverage()
    assert (coverage.loc[coverage["enterprise"] == "TENANT", "planned_fraction"] == 1.0).all()
