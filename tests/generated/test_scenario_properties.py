"""Scenario properties on generated parks: bought certificates never raise market-based
emissions (seeds 1-5); more PV never lowers a green share (seeds 3, 6, 10, 11, 19: the first
generated parks with roofs that have room for more PV)."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from parkgen import generate_park

import greenpark as gp
from greenpark.inputs.park.load import Park
from greenpark.scenarios.runner import run_scenarios
from greenpark.scenarios.scenario import Scenario, scenario_from_data

CERTIFICATE_SEEDS = (1, 2, 3, 4, 5)
PV_SEEDS = (3, 6, 10, 11, 19)
SHARES = ("green_share_fraction", "green_share_hourly_matched_fraction")


def _pv(park: Park, share: float) -> Scenario:
    measure = {"whole_park": True, "share_of_potential_fraction": share,
               "commissioning_date": f"{park.config.park.accounting_year}-06-01"}  # fmt: skip
    return scenario_from_data({"name": f"pv {share}", "measures": [{"pv": measure}]}, park)


def _certificates(park: Park, holder: str, mwh: int) -> Scenario:
    year = park.config.park.accounting_year
    batch = {"id": "GEC-SCENARIO", "quantity_mwh": mwh, "production_start": f"{year}-01",
             "production_end": f"{year}-12", "technology": "wind", "project": "scenario wind",
             "holder": holder, "claim_year": year}  # fmt: skip
    return scenario_from_data({"name": "gec", "measures": [{"certificate": batch}]}, park)


def _generated(seed: int, folder: Path) -> Park:
    generated = generate_park(seed, folder, max_enterprises=12)
    return gp.load_park(generated.directory, allow_gaps=generated.allow_gaps)


@pytest.mark.slow
@pytest.mark.parametrize("seed", PV_SEEDS)
def test_more_pv_never_lowers_a_green_share(seed: int, tmp_path: Path) -> None:
    park = _generated(seed, tmp_path / "park")
    scenarios = [_pv(park, 0.5), _pv(park, 1.0)]
    assert all(s.overlay.get("rooftops") for s in scenarios), seed  # PV is really added
    runs = run_scenarios(park, scenarios)
    annuals = [runs.base.result.annual(), *(o.run.result.annual() for o in runs.outcomes)]
    for before, after in pairwise(annuals):
        for share in SHARES:
            lower = after[share].fillna(0) < before[share].fillna(0) - 1e-12
            assert not lower.any(), (seed, share, list(after.index[lower]))


@pytest.mark.slow
@pytest.mark.parametrize("seed", CERTIFICATE_SEEDS)
def test_certificates_never_raise_market_emissions(seed: int, tmp_path: Path) -> None:
    park = _generated(seed, tmp_path / "park")
    base = gp.run(gp.RunSpec(park)).annual()
    electricity = base["electricity_kwh"].drop("park")
    holder = str(electricity.idxmax())
    mwh = int(electricity[holder] / 1000 / 10)  # a tenth of the holder's use
    assert mwh >= 1, (seed, holder)
    with_gec = run_scenarios(park, [_certificates(park, holder, mwh)]).outcomes[0]
    market = with_gec.run.result.annual()["scope2_market_co2_kg"]
    assert (market <= base["scope2_market_co2_kg"] + 1e-6).all(), seed
    assert market[holder] < base.at[holder, "scope2_market_co2_kg"], seed
