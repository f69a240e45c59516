"""A tiny park for the LP, built by hand (one enterprise, one roof class, one battery, a flat
tariff, one modelled day standing for the year), and the demo park for the re-run tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import greenpark as gp
from greenpark.inputs.park.load import Park
from greenpark.optimize.basis import Basis, Park910Basis, RoofClass
from greenpark.scenarios.costs import CostInputs

DEMO = Path(__file__).resolve().parents[2] / "sites" / "jincheng-edz"
HOURS = 24
LOAD_KW = 100.0  # flat load [kWh each hour]
PV_HOURS = (10, 11, 12, 13)  # the roof yields 1 kWh per kWp in each of these hours
PRICE = 0.5  # flat tariff [CNY/kWh]
#: annuity = capex (no discounting, one year): PV 3 CNY/kWp, battery 1 CNY/kWh
COSTS = CostInputs(
    pv_capex_cny_per_kw=3.0,
    pv_opex_cny_per_kw_year=0.0,
    storage_capex_cny_per_kwh=1.0,
    storage_opex_cny_per_kwh_year=0.0,
    contract_premium_cny_per_kwh=0.02,
    certificate_price_cny_per_mwh=5.0,
    efficiency_capex_cny_per_mwh_year=0.0,  # the LP buys no efficiency or electrification
    heat_pump_capex_cny_per_kw=0.0,
    electric_heating_capex_cny_per_kw=0.0,
    discount_rate_fraction=0.0,
    analysis_years=1,
)


def tiny(**changes: Any) -> Basis:
    """The tiny park's basis: 2,400 kWh of load, no green yet, a 500 kWp roof, export worth
    nothing, a 2-hour battery with 81 % round trip (90 % each way); ``changes`` replace fields."""
    profile = np.zeros((HOURS, 1))
    profile[list(PV_HOURS), 0] = 1.0
    load = np.full(HOURS, LOAD_KW)
    values: dict[str, Any] = {
        "hours": pd.date_range("2025-01-01", periods=HOURS, freq="h", tz="Asia/Shanghai"),
        "load_kwh": load,
        "grid_import_kwh": load.copy(),
        "green_hourly_kwh": np.zeros(HOURS),
        "price_cny_per_kwh": np.full(HOURS, PRICE),
        "export_price_cny_per_kwh": 0.0,
        "pv_kwh_per_kw": profile,
        "classes": (RoofClass("t0-a2", ("R1",), (500.0,)),),
        "green_total_kwh": 0.0,
        "uncovered_kwh": float(load.sum()),
        "park_910": Park910Basis(
            total_co2_kg=0.8 * load.sum() + 500.0,
            fixed_co2_kg=500.0,
            electricity_co2_kg_per_kwh=0.8,
            energy_kgce={"calorific": 1000.0, "primary": 1500.0},
            limit_t_per_tce={"calorific": 0.2, "primary": 0.2},
        ),
        "costs": COSTS,
        "storage_round_trip_efficiency": 0.81,
        "storage_hours": 2.0,
    }
    values.update(changes)
    return Basis(**values)


@pytest.fixture
def tiny_basis() -> Callable[..., Basis]:
    return tiny


@pytest.fixture(scope="session")
def demo_park() -> Park:
    return gp.load_park(DEMO)
