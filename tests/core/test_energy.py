"""Energy totals (GB/T 2589, 能耗双控) at 当量值 and 等价值, and intensities, hand-computed."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from greenpark.core.energy import (
    Coefficients,
    EnergyTotals,
    energy_intensities,
    energy_totals_kgce,
    fuel_kgce,
    intensity_per_unit,
)

# 等价值 0.31 kgce/kWh (DB37/T 2672-2019 practice); 当量值 0.1229 and heat 34.12 kgce/GJ
COEFFICIENTS = Coefficients(electricity_primary_kgce_per_kwh=0.31)


def example(**overrides: Any) -> EnergyTotals:
    """The worked enterprise: burns 1,000,000 m³ natural gas and uses 200,000 m³ as feedstock
    (1.3300 kgce/m³, GB/T 2589-2008 oil-field gas 38,931 kJ/m³); grid import 250,000 kWh, of
    which 110,000 contract and 100,000 certificate power; PV self-consumed 150,000 kWh with its
    certificates kept; purchased heat 1,000 GJ."""
    arguments: dict[str, Any] = {
        "fuel_kgce": fuel_kgce(np.array([[1_000_000.0]]), np.array([1.33])),
        "feedstock_kgce": fuel_kgce(np.array([[200_000.0]]), np.array([1.33])),
        "grid_import_kwh": np.array([250_000.0]),
        "onsite_renewable_kwh": np.array([150_000.0]),
        "certified_nonfossil_kwh": np.array([110_000.0 + 100_000.0 + 150_000.0]),
        "purchased_heat_gj": np.array([1_000.0]),
        "exported_heat_gj": np.array([0.0]),
        "exported_electricity_kwh": np.array([0.0]),
        "coefficients": COEFFICIENTS,
    }
    return energy_totals_kgce(**(arguments | overrides))


def test_worked_example_parts() -> None:
    energy = example()
    assert energy.fuel_kgce == pytest.approx([1_330_000.0])  # 1,000,000 × 1.33
    assert energy.feedstock_kgce == pytest.approx([266_000.0])  # 200,000 × 1.33
    assert energy.grid.calorific == pytest.approx([30_725.0])  # 250,000 × 0.1229
    assert energy.grid.primary == pytest.approx([77_500.0])  # 250,000 × 0.31
    assert energy.onsite_renewable.calorific == pytest.approx([18_435.0])  # 150,000 × 0.1229
    assert energy.onsite_renewable.primary == pytest.approx([46_500.0])  # 150,000 × 0.31
    # heat has no 等价值: 1,000 GJ × 34.12 in both
    assert energy.heat.calorific == pytest.approx([34_120.0])
    assert energy.heat.primary == pytest.approx([34_120.0])


def test_worked_example_gbt2589_total() -> None:
    energy = example()
    # 当量值: 1,330,000 + 266,000 + 30,725 + 18,435 + 34,120 = 1,679,280
    # 等价值: 1,330,000 + 266,000 + 77,500 + 46,500 + 34,120 = 1,754,120
    assert energy.gbt2589.calorific == pytest.approx([1_679_280.0])
    assert energy.gbt2589.primary == pytest.approx([1_754_120.0])


def test_worked_example_dual_control_total() -> None:
    energy = example()
    # certificate-evidenced non-fossil 360,000 kWh: 44,244 kgce (当量值), 111,600 (等价值)
    assert energy.certified_nonfossil.calorific == pytest.approx([44_244.0])
    assert energy.certified_nonfossil.primary == pytest.approx([111_600.0])
    # 1,679,280 − 266,000 feedstock − 44,244 = 1,369,036; 1,754,120 − 266,000 − 111,600
    assert energy.dual_control.calorific == pytest.approx([1_369_036.0])
    assert energy.dual_control.primary == pytest.approx([1_376_520.0])


def test_supplies_to_others_are_deducted_the_same_way() -> None:
    # a CHP unit supplies 100 GJ heat and 10,000 kWh: 3,412 + 1,229 = 4,641 kgce (当量值);
    # 3,412 + 3,100 = 6,512 kgce (等价值)
    energy = example(
        exported_heat_gj=np.array([100.0]), exported_electricity_kwh=np.array([10_000.0])
    )
    assert energy.exported.calorific == pytest.approx([4_641.0])
    assert energy.exported.primary == pytest.approx([6_512.0])
    assert energy.gbt2589.calorific == pytest.approx([1_679_280.0 - 4_641.0])
    assert energy.gbt2589.primary == pytest.approx([1_754_120.0 - 6_512.0])
    assert energy.dual_control.calorific == pytest.approx([1_369_036.0 - 4_641.0])
    # what was consumed does not change
    assert energy.consumed.calorific == pytest.approx([1_679_280.0])


def test_enterprises_are_vectorised() -> None:
    energy = energy_totals_kgce(
        fuel_kgce=np.array([0.0, 100.0]),
        feedstock_kgce=np.zeros(2),
        grid_import_kwh=np.array([1_000.0, 0.0]),
        onsite_renewable_kwh=np.array([0.0, 1_000.0]),
        certified_nonfossil_kwh=np.zeros(2),
        purchased_heat_gj=np.zeros(2),
        exported_heat_gj=np.zeros(2),
        exported_electricity_kwh=np.zeros(2),
        coefficients=COEFFICIENTS,
    )
    # 1,000 kWh from the grid or from own PV is the same energy: 122.9 / 310 kgce
    assert energy.gbt2589.calorific == pytest.approx([122.9, 222.9])
    assert energy.gbt2589.primary == pytest.approx([310.0, 410.0])
    assert float(energy.gbt2589.sum().calorific) == pytest.approx(345.8)


@settings(max_examples=60, deadline=None)
@given(
    load=st.floats(0, 1e8),
    pv_part=st.floats(0, 1),
    certified_part=st.floats(0, 1),
    feedstock=st.floats(0, 1e7),
    primary=st.floats(0.28, 0.33),
)
def test_totals_are_ordered_and_source_blind(
    load: float, pv_part: float, certified_part: float, feedstock: float, primary: float
) -> None:
    pv = load * pv_part
    energy = example(
        feedstock_kgce=np.array([feedstock]),
        grid_import_kwh=np.array([load - pv]),
        onsite_renewable_kwh=np.array([pv]),
        certified_nonfossil_kwh=np.array([load * certified_part]),
        coefficients=Coefficients(primary),
    )
    # GB/T 2589 counts the electricity used, whatever its source
    fixed = 1_330_000.0 + feedstock + 34_120.0
    assert energy.gbt2589.calorific[0] == pytest.approx(fixed + load * 0.1229, rel=1e-9)
    assert energy.gbt2589.primary[0] == pytest.approx(fixed + load * primary, rel=1e-9)
    for conversion in ("calorific", "primary"):
        assert energy.dual_control.get(conversion)[0] <= energy.gbt2589.get(conversion)[0] + 1e-6
    assert energy.gbt2589.primary[0] >= energy.gbt2589.calorific[0]


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
