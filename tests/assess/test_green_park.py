"""绿色园区: the indicators the demo park's data support, computed by hand from park.yaml and
the run; the year-over-year CO2 cut with and without a previous run; supplied thresholds."""

from __future__ import annotations

from pathlib import Path

import pytest

import greenpark as gp
from greenpark.assess.green_park import assess_green_park

TWO_FIRMS = Path(__file__).resolve().parents[1] / "parks" / "two_firms"


def test_demo_indicators_by_hand(demo_result: gp.RunResult) -> None:
    rows = assess_green_park(demo_result).indicators.set_index("indicator")
    config = demo_result.config
    value_added = sum(e.value_added_wan_cny or 0.0 for e in config.enterprises)
    annual = demo_result.annual().drop(index="park")
    energy_tce = float(annual["energy_gbt2589_calorific_kgce"].sum()) / 1000
    assert rows.at["gp.energy_productivity", "value"] == pytest.approx(value_added / energy_tce)
    # 12 km² in park.yaml; 亿元 = 10^4 万元
    assert rows.at["gp.land_productivity", "value"] == pytest.approx(value_added / 1e4 / 12.0)
    water = demo_result.resources().drop(index="park")["water_withdrawal_m3"].astype(float)
    assert water.notna().all()  # every demo enterprise reports withdrawal
    assert rows.at["gp.water_productivity", "value"] == pytest.approx(
        value_added * 1e4 / water.sum()
    )
    co2 = float((annual["scope1_co2_kg"] + annual["scope2_inventory_co2_kg"]).sum()) / 1000
    assert rows.at["gp.co2_per_value_added", "value"] == pytest.approx(co2 / value_added)
    assert rows.at["gp.co2_per_value_added", "status"] == "no_data"  # value not published
    assert rows.at["gp.co2_intensity_reduction", "reason"] == "no_previous_run"
    assert rows.at["gp.renewable_share", "threshold"] == 0.15
    assert set(rows["confidence"]) <= {"[B]", "[C]"}


def test_co2_intensity_cut_against_a_previous_year(two_firms_result: gp.RunResult) -> None:
    # the previous year made the same CO2 with 10 % less value added at F1 and F2
    park = gp.load_park(TWO_FIRMS)
    smaller = {
        "enterprises": [
            {"id": "F1", "value_added_wan_cny": 5_400},
            {"id": "F2", "value_added_wan_cny": 2_700},
        ]
    }
    before = gp.run(gp.RunSpec(park.with_changes(smaller)))
    rows = assess_green_park(two_firms_result, previous=before).indicators.set_index("indicator")
    # intensity now = C / 9,000; before = C / 8,100; cut = 1 - 8,100 / 9,000 = 0.10
    assert rows.at["gp.co2_intensity_reduction", "value"] == pytest.approx(0.10)
    assert rows.at["gp.co2_intensity_reduction", "status"] == "pass"  # >= 3 %
    supplied = assess_green_park(two_firms_result, supplied={"gp.co2_per_value_added": 10.0})
    row = supplied.indicators.set_index("indicator").loc["gp.co2_per_value_added"]
    assert row["status"] == "pass" and bool(row["supplied"])
    assert supplied.supplied == ("gp.co2_per_value_added",)
