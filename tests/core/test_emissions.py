"""Emissions: hand-computed Scope 1, Scope 2 on three bases, and heat."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from greenpark.core.attribution import ContractDelivery, attribution_ledger
from greenpark.core.certificates import CertificateBatch
from greenpark.core.emissions import (
    fuel_co2_kg_per_unit,
    heat_co2_kg,
    market_below_location_without_instruments,
    net_heat_co2_kg,
    scope1_co2_kg,
    scope1_co2e_kg,
    scope1_fuel_co2_kg,
    scope2_inventory_co2_kg,
    scope2_location_based_co2_kg,
    scope2_market_based_co2_kg,
)
from greenpark.i18n import set_language

# natural gas boiler: 1,000,000 Nm³ × 0.038931 GJ/m³ = 38,931 GJ
# × 15.3 kg C/GJ = 595,644.3 kg C; × 0.99 = 589,687.857 kg C; × 44/12 = 2,162,188.809 kg CO2
GAS_CO2_KG = 2_162_188.809
# bituminous coal (gbt32151): 1,000 t = 1,000,000 kg × 0.019570 GJ/kg = 19,570 GJ
# × 26.1 kg C/GJ (26.1 t C/TJ) = 510,777 kg C; × 0.93 = 475,022.61 kg C; × 44/12
COAL_CO2_KG = 1_741_749.57


@pytest.fixture(autouse=True)
def _english() -> None:
    set_language("en")


def test_natural_gas_boiler() -> None:
    co2 = scope1_fuel_co2_kg(1_000_000.0, 0.038931, 15.3, 0.99)
    assert float(co2) == pytest.approx(GAS_CO2_KG, rel=1e-6)
    # the reference's derived factor: 2.162 kg/Nm³ (21.62 t/10⁴Nm³)
    assert float(fuel_co2_kg_per_unit(0.038931, 15.3, 0.99)) == pytest.approx(2.1622, abs=1e-4)


def test_bituminous_coal_boiler() -> None:
    co2 = scope1_fuel_co2_kg(1_000_000.0, 19.570 / 1000, 26.1, 0.93)
    assert float(co2) == pytest.approx(COAL_CO2_KG, rel=1e-6)


def test_scope1_vectorised_over_enterprises_and_fuels() -> None:
    # rows: enterprises; columns: (natural gas m³, bituminous coal kg). E1 reports under the
    # old NDRC guide (coal CC 26.18), E0 under GB/T 32151 (26.1); gas is the same in both.
    activity = np.array([[1_000_000.0, 1_000_000.0], [0.0, 2_000_000.0]])
    ncv = np.array([0.038931, 0.019570])
    carbon = np.array([[15.3, 26.1], [15.3, 26.18]])
    fuel = scope1_fuel_co2_kg(activity, ncv, carbon, np.array([0.99, 0.93]))
    # E1 coal: 2,000,000 × 0.019570 × 26.18 × 0.93 × 44/12 = 3,494,176.532 kg
    assert fuel == pytest.approx(np.array([[GAS_CO2_KG, COAL_CO2_KG], [0.0, 3_494_176.532]]))
    total = scope1_co2_kg(fuel, np.array([500.0, 0.0]))
    assert total == pytest.approx([GAS_CO2_KG + COAL_CO2_KG + 500.0, 3_494_176.532])
    # process non-CO2 gases stay apart: CO2e = CO2 + given CO2e
    assert scope1_co2e_kg(total, np.array([100.0, 0.0]))[0] == pytest.approx(total[0] + 100.0)


# The simple enterprise (ledger example): grid import 250,000 kWh; contract 110,000 kWh
# attributed; certificates 100,000 kWh; PV 150,000 kWh self-consumed (not in Scope 2).
GRID, CONTRACT, CERTS = 250_000.0, 110_000.0, 100_000.0


def test_scope2_worked_example() -> None:
    # location: 250,000 × 0.6634 (Shanxi 2023) = 165,850 kg
    assert float(scope2_location_based_co2_kg(GRID, 0.6634)) == pytest.approx(165_850.0)
    # market: (250,000 - 110,000 - 100,000) = 40,000 × 0.6096 = 24,384 kg
    market = scope2_market_based_co2_kg(GRID, CONTRACT, CERTS, 0.6096)
    assert float(market) == pytest.approx(24_384.0)
    # never below zero when green covers more than grid import
    assert float(scope2_market_based_co2_kg(GRID, CONTRACT, 200_000.0, 0.6096)) == 0.0


def test_heat_gross_and_net() -> None:
    # 1,000 GJ × 110 kg/GJ = 110,000 kg; export 200 GJ → net 88,000 kg
    assert float(heat_co2_kg(1_000.0)) == pytest.approx(110_000.0)
    assert float(net_heat_co2_kg(1_000.0, 200.0)) == pytest.approx(88_000.0)
    assert float(heat_co2_kg(1_000.0, 95.0)) == pytest.approx(95_000.0)  # measured factor


def test_scope2_inventory_basis() -> None:
    # GB/T 32150/32151: the same 40,000 non-green kWh at the MEE average, national 0.5306
    # (2023) = 21,224 kg or Shanxi 0.6634 = 26,536 kg; green power with proof counts 0
    assert float(scope2_inventory_co2_kg(GRID, CONTRACT, CERTS, 0.5306)) == pytest.approx(21_224.0)
    assert float(scope2_inventory_co2_kg(GRID, CONTRACT, CERTS, 0.6634)) == pytest.approx(26_536.0)
    assert float(scope2_inventory_co2_kg(GRID, CONTRACT, 200_000.0, 0.5306)) == 0.0


def test_three_bases_never_mix() -> None:
    # one enterprise, 250,000 kWh from the grid and nothing green: location at Shanxi 0.6634
    # = 165,850; market at the national residual proxy 0.6096 = 152,400 (below location
    # without any instrument: flagged); inventory at national 0.5306 = 132,650
    location = scope2_location_based_co2_kg(np.array([GRID, GRID]), 0.6634)
    market = scope2_market_based_co2_kg(np.array([GRID, GRID]), 0.0, np.array([0.0, CERTS]), 0.6096)
    inventory = scope2_inventory_co2_kg(np.array([GRID, GRID]), 0.0, 0.0, 0.5306)
    assert location == pytest.approx([165_850.0, 165_850.0])
    assert market == pytest.approx([152_400.0, 91_440.0])  # the second holds 100,000 kWh of GECs
    assert inventory == pytest.approx([132_650.0, 132_650.0])
    flagged = market_below_location_without_instruments(location, market, np.array([0.0, CERTS]))
    assert flagged.tolist() == [True, False]
    # no flag when market-based is above location-based (a low-factor province)
    assert not market_below_location_without_instruments(
        np.array([31_250.0]), np.array([152_400.0]), np.array([0.0])
    ).any()


def _ledger(seed: int, extra_contract: bool = False, extra_mwh: float = 0.0, claimant: int = 0):
    rng = np.random.default_rng(seed)
    load = rng.uniform(0, 20_000, (24, 3))
    pv_self = np.minimum(rng.uniform(0, 25_000, (24, 3)) * (rng.random(24) > 0.5)[:, None], load)
    contracts = [ContractDelivery("A", 1, rng.uniform(0, 8_000, 24))]
    kept = rng.random(3)  # drawn before the extra contract: before and after are one park
    if extra_contract:
        contracts.append(ContractDelivery("new", None if seed % 2 else 2, rng.uniform(0, 9e3, 24)))
    batches = [CertificateBatch("new", extra_mwh, "2024-01", "2024-02", claimant, 2024)]
    return attribution_ledger(
        ["A", "B", "C"],
        load_kwh=load,
        pv_self_kwh=pv_self,
        storage_discharge_green_kwh=np.zeros_like(load),
        shared_out_kwh=np.zeros_like(load),
        shared_in_kwh=np.zeros_like(load),
        grid_import_kwh=load - pv_self,
        certified_fraction=kept,
        accounting_year=2024,
        contracts=contracts,
        certificates=batches[: int(extra_mwh > 0)],
    ), load - pv_self


def _market(ledger, grid) -> np.ndarray:
    return scope2_market_based_co2_kg(
        grid.sum(0), ledger.contract_kwh, ledger.certificate_kwh, 0.6096
    )


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_adding_a_contract_never_raises_market_emissions(seed: int) -> None:
    before, grid = _ledger(seed)
    after, _ = _ledger(seed, extra_contract=True)
    assert np.all(_market(after, grid) <= _market(before, grid) + 1e-6)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(0, 2), st.floats(0.0, 1.0))
def test_adding_a_certificate_never_raises_market_emissions(
    seed: int, claimant: int, fraction: float
) -> None:
    before, grid = _ledger(seed)
    left = grid.sum(0) - before.contract_kwh  # all PV green at most; grid part still uncovered
    mwh = float(np.floor(left[claimant] * fraction / 1000))
    after, _ = _ledger(seed, extra_mwh=mwh, claimant=claimant)
    # the claim fits in the claimant's non-green grid import, so each certificate kWh
    # removes exactly one residual-mix kWh (0.6096 kg/kWh) from the claimant only
    decrease = np.zeros(3)
    decrease[claimant] = mwh * 1000 * 0.6096
    np.testing.assert_allclose(_market(before, grid) - _market(after, grid), decrease, atol=1e-6)
