"""GB/T 2589 comprehensive energy consumption and intensities, hand-computed."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from greenpark.core.energy import comprehensive_energy_kgce, energy_intensities, intensity_per_unit


def example(**overrides):
    """The worked enterprise: 1,000,000 m³ natural gas (1.3300 kgce/m³, GB/T 2589-2008 oil-field
    gas 38,931 kJ/m³), grid import 250,000 kWh, purchased heat 1,000 GJ, PV self-consumed
    150,000 kWh; 等价值 0.31 kgce/kWh (DB37/T 2672-2019 practice)."""
    arguments = {
        "fuel_activity": np.array([[1_000_000.0]]),
        "fuel_kgce_per_unit": np.array([1.33]),
        "grid_import_kwh": np.array([250_000.0]),
        "electricity_primary_kgce_per_kwh": 0.31,
        "purchased_heat_gj": np.array([1_000.0]),
        "exported_heat_gj": np.array([0.0]),
        "exported_electricity_kwh": np.array([0.0]),
        "onsite_renewable_kwh": np.array([150_000.0]),
    }
    return comprehensive_energy_kgce(**(arguments | overrides))


def test_worked_example() -> None:
    energy = example()
    assert energy.fuels_kgce == pytest.approx([1_330_000.0])  # 1,000,000 × 1.33
    assert energy.electricity_calorific_kgce == pytest.approx([30_725.0])  # 250,000 × 0.1229
    assert energy.electricity_primary_kgce == pytest.approx([77_500.0])  # 250,000 × 0.31
    assert energy.heat_kgce == pytest.approx([34_120.0])  # 1,000 GJ × 34.12
    # 1,330,000 + 30,725 + 34,120 = 1,394,845; by 等价值 1,330,000 + 77,500 + 34,120
    assert energy.total_calorific_kgce == pytest.approx([1_394_845.0])
    assert energy.total_primary_kgce == pytest.approx([1_441_620.0])
    # PV: memo only, 150,000 × 0.1229 = 18,435 kgce, not in either total
    assert energy.onsite_renewable_memo_kgce == pytest.approx([18_435.0])
    assert example(onsite_renewable_kwh=np.array([0.0])).total_calorific_kgce == pytest.approx(
        [1_394_845.0]
    )


def test_exports_are_deducted_the_same_way() -> None:
    # a CHP unit supplies 100 GJ heat and 10,000 kWh: 3,412 + 1,229 = 4,641 kgce (当量值);
    # 3,412 + 3,100 = 6,512 kgce (等价值)
    energy = example(
        exported_heat_gj=np.array([100.0]), exported_electricity_kwh=np.array([10_000.0])
    )
    assert energy.exported_calorific_kgce == pytest.approx([4_641.0])
    assert energy.exported_primary_kgce == pytest.approx([6_512.0])
    assert energy.total_calorific_kgce == pytest.approx([1_394_845.0 - 4_641.0])
    assert energy.total_primary_kgce == pytest.approx([1_441_620.0 - 6_512.0])


def test_intensities_with_missing_or_zero_denominators() -> None:
    energy = np.array([1e6, 2e6, 3e6])
    result = energy_intensities(
        energy,
        output_value_wan_cny=[100.0, None, 0.0],
        value_added_wan_cny=np.array([50.0, np.nan, 10.0]),
        land_mu=None,
        product_units=[1_000.0, 4_000.0, None],
    )
    assert np.allclose(result.kgce_per_wan_cny_output_value, [1e4, np.nan, np.nan], equal_nan=True)
    assert np.allclose(result.kgce_per_wan_cny_value_added, [2e4, np.nan, 3e5], equal_nan=True)
    assert np.isnan(result.kgce_per_mu).all()
    assert np.allclose(result.kgce_per_product_unit, [1e3, 500.0, np.nan], equal_nan=True)
    # park-level scalars
    assert float(intensity_per_unit(1e6, 200.0)) == pytest.approx(5_000.0)
    assert np.isnan(intensity_per_unit(1e6, 0.0))


@settings(max_examples=50, deadline=None)
@given(st.floats(0, 1e7), st.floats(0, 1e7), st.floats(0.28, 0.33))
def test_primary_total_at_least_calorific(gas: float, grid: float, primary: float) -> None:
    # 等价值 (≈0.3) > 当量值 (0.1229): the two totals differ by grid import × the difference
    energy = example(
        fuel_activity=np.array([[gas]]),
        grid_import_kwh=np.array([grid]),
        electricity_primary_kgce_per_kwh=primary,
    )
    assert energy.total_primary_kgce[0] >= energy.total_calorific_kgce[0]
    gap = energy.total_primary_kgce - energy.total_calorific_kgce
    assert gap == pytest.approx([grid * (primary - 0.1229)], rel=1e-9, abs=1e-6)
