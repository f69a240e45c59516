"""The 910号 park basis through a whole run: size tiers by conversion, provincial overlays,
exports and intra-park supplies, hand-computed (accounting year 2025, 8,760 h, no PV)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from greenpark.inputs.park.load import Park
from greenpark.pipeline.accounting import AccountingResult
from greenpark.pipeline.results import (
    PARK_ROW,
    annual_table,
    park_910_overlay_table,
    park_910_table,
)

H = 8760
ANNEX = 0.8325  # grid.park910.fossil.annex4, kg/kWh
MakePark = Callable[..., Park]
RunPark = Callable[..., AccountingResult]
Spec = Callable[..., dict[str, Any]]


@pytest.mark.parametrize(
    ("kwh_per_h", "calorific_limit", "primary_limit"),
    [
        # 876 GWh: 107,660.4 tce by 当量值 (below 200,000: no national threshold) but
        # 271,560 tce by 等价值 (0.20 tier)
        (100_000.0, None, 0.20),
        # 4,380 GWh: 538,302 tce (0.20 tier) against 1,357,800 tce (0.30 tier)
        (500_000.0, 0.20, 0.30),
        # 8,760 GWh: 1,076,604 tce and 2,715,600 tce: both in the 0.30 tier
        (1_000_000.0, 0.30, 0.30),
    ],
)
def test_the_size_tier_follows_each_conversion(
    park_spec: Spec,
    make_park: MakePark,
    run_park: RunPark,
    kwh_per_h: float,
    calorific_limit: float | None,
    primary_limit: float,
) -> None:
    result = run_park(make_park(park_spec(["E1"]), {"E1": kwh_per_h}))
    p910 = park_910_table(result)
    use_kwh = kwh_per_h * H
    # no green power: CO2 = use × 0.8325; per tce 0.8325 / 0.1229 = 6.773800 and
    # 0.8325 / 0.31 = 2.685484, whatever the size
    assert p910["park_910_total_co2_kg"] == pytest.approx(use_kwh * ANNEX, rel=1e-12)
    assert p910["park_910_energy_calorific_kgce"] == pytest.approx(use_kwh * 0.1229, rel=1e-12)
    assert p910["park_910_energy_primary_kgce"] == pytest.approx(use_kwh * 0.31, rel=1e-12)
    assert p910["park_910_co2_t_per_tce_calorific"] == pytest.approx(ANNEX / 0.1229, rel=1e-12)
    assert p910["park_910_co2_t_per_tce_primary"] == pytest.approx(ANNEX / 0.31, rel=1e-12)
    calorific = p910["park_910_limit_t_per_tce_calorific"]
    assert np.isnan(calorific) if calorific_limit is None else calorific == calorific_limit
    assert p910["park_910_limit_t_per_tce_primary"] == primary_limit
    reasons = {c: i.reason for c, i in result.park_910.indicators.items()}
    assert reasons["calorific"] == (None if calorific_limit else "below_910_scope")
    assert reasons["primary"] is None


def green_park(park_spec: Spec, province: str) -> dict[str, Any]:
    """876 GWh of use (100,000 kWh/h), 800,000 MWh of it covered by same-year certificates."""
    spec = park_spec(["E1"], province=province)
    spec["certificates"] = [
        {
            "id": "GEC-1",
            "quantity_mwh": 800_000,
            "production_start": "2025-01",
            "production_end": "2025-06",
            "technology": "wind",
            "project": "某风电场",
            "holder": "E1",
            "claim_year": 2025,
        }
    ]
    return spec


# 76,000 MWh not green × 0.8325 = 63,270 t; over 107,660.4 tce (当量值) = 0.587681 t/tce,
# over 271,560 tce (等价值) = 0.232987 t/tce
CALORIFIC, PRIMARY = 63_270_000 / 107_660_400, 63_270_000 / 271_560_000


def test_hunan_staged_thresholds(park_spec: Spec, make_park: MakePark, run_park: RunPark) -> None:
    result = run_park(make_park(green_park(park_spec, "湖南"), {"E1": 100_000.0}))
    p910 = park_910_table(result)
    assert p910["park_910_co2_t_per_tce_calorific"] == pytest.approx(CALORIFIC, rel=1e-9)
    assert p910["park_910_co2_t_per_tce_primary"] == pytest.approx(PRIMARY, rel=1e-9)
    overlays = park_910_overlay_table(result).set_index(["threshold", "conversion"])["verdict"]
    # 湘工信节能〔2025〕467号, parks of 20,000-1,000,000 tce: ≤ 1.0 / 0.7 / 0.3 in 2027/30/35
    assert overlays.to_dict() == {
        ("hunan.small.2027", "calorific"): "met",
        ("hunan.small.2027", "primary"): "met",
        ("hunan.small.2030", "calorific"): "met",
        ("hunan.small.2030", "primary"): "met",
        ("hunan.small.2035", "calorific"): "not_met",  # 0.5877 > 0.3
        ("hunan.small.2035", "primary"): "met",  # 0.2330 ≤ 0.3
        # the ≥ 1,000,000 tce rows do not fit a park of 107,660 / 271,560 tce
        **{
            (f"hunan.large.{y}", c): "outside_size"
            for y in (2027, 2030, 2035)
            for c in ("calorific", "primary")
        },
    }
    # nationally the 当量值 denominator is below 200,000 tce; by 等价值 0.2330 > 0.20
    assert result.park_910.indicators["primary"].meets is False


def test_inner_mongolia_regional_range(
    park_spec: Spec, make_park: MakePark, run_park: RunPark
) -> None:
    result = run_park(make_park(green_park(park_spec, "内蒙古"), {"E1": 100_000.0}))
    table = park_910_overlay_table(result)
    # regional-level parks 0.4-0.6: 0.5877 is within the range, 0.2330 meets its lower end
    assert table.set_index("conversion")["verdict"].to_dict() == {
        "calorific": "within_range",
        "primary": "met",
    }
    assert set(table["limit_upper_t_per_tce"]) == {0.6}


def test_a_province_without_overlays_has_none(
    park_spec: Spec, make_park: MakePark, run_park: RunPark
) -> None:
    result = run_park(make_park(green_park(park_spec, "山西"), {"E1": 100_000.0}))
    assert park_910_overlay_table(result).empty


def test_exports_and_intra_park_supplies(
    park_spec: Spec, make_park: MakePark, run_park: RunPark
) -> None:
    """A (1,000 kWh/h) burns gas in a CHP unit, supplies 500 GJ of heat to its neighbour B,
    exports 200 GJ of heat and 10,000 kWh out of the park; B (500 kWh/h) buys 800 GJ of heat,
    500 of them from A."""
    rows = [
        ("2025-01", "A", "natural_gas", 100_000, "Nm3"),
        ("2025-01", "A", "heat_supplied_in_park", 500, "GJ"),
        ("2025-01", "A", "heat_exported", 200, "GJ"),
        ("2025-01", "A", "electricity_exported", 10_000, "kWh"),
        ("2025-01", "B", "heat_purchased", 800, "GJ"),
    ]
    result = run_park(make_park(park_spec(["A", "B"]), {"A": 1_000.0, "B": 500.0}, rows))
    p910 = park_910_table(result)
    # heat: gross 800 × 110 = 88,000; boundary 200 × 110 = 22,000; in park 500 × 110 =
    # 55,000; net 11,000 kg (the park buys 100 GJ net)
    assert p910["park_910_heat_gross_co2_kg"] == pytest.approx(88_000.0)
    assert p910["park_910_heat_exported_co2_kg"] == pytest.approx(22_000.0)
    assert p910["park_910_heat_in_park_co2_kg"] == pytest.approx(55_000.0)
    assert p910["park_910_heat_co2_kg"] == pytest.approx(11_000.0)
    # electricity: (1,000 + 500) × 8,760 = 13,140,000 kWh × 0.8325 = 10,939,050 kg gross;
    # the export of 10,000 kWh takes 8,325 kg off (symmetric with the denominator)
    assert p910["park_910_electricity_gross_co2_kg"] == pytest.approx(10_939_050.0)
    assert p910["park_910_electricity_co2_kg"] == pytest.approx(10_939_050.0 - 8_325.0)
    # energy (当量值): gas 100,000 × 1.3283585 = 132,835.85; electricity 13,140,000 × 0.1229
    # = 1,614,906; heat 800 × 34.12 = 27,296 -> consumed 1,775,037.85 kgce; boundary 200 ×
    # 34.12 + 10,000 × 0.1229 = 8,053; in park 500 × 34.12 = 17,060
    gas_kgce = 100_000 * 38_931 / 29_307.6
    consumed = gas_kgce + 1_614_906.0 + 27_296.0
    assert p910["park_910_energy_consumed_calorific_kgce"] == pytest.approx(consumed, rel=1e-12)
    assert p910["park_910_energy_exported_calorific_kgce"] == pytest.approx(8_053.0)
    assert p910["park_910_energy_in_park_calorific_kgce"] == pytest.approx(17_060.0)
    net = consumed - 8_053.0 - 17_060.0
    assert p910["park_910_energy_calorific_kgce"] == pytest.approx(net, rel=1e-12)
    # the denominator is the park sum of the enterprises' GB/T 2589 totals
    annual = annual_table(result)
    assert annual.at[PARK_ROW, "energy_gbt2589_calorific_kgce"] == pytest.approx(net, rel=1e-12)
    assert annual.at[PARK_ROW, "energy_gbt2589_primary_kgce"] == pytest.approx(
        p910["park_910_energy_primary_kgce"], rel=1e-12
    )
