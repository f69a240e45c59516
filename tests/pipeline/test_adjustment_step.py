"""``adjustments:`` through a whole run, by hand (greenpark/pipeline/adjustment_step.py):
scaling by hour of day, fuel scaled with time as its shape, coal moved to a heat pump with
the energy balance written out, and a bad adjustment list reported all at once.

Park: A 100 kWh/h and B 200 kWh/h of electricity (continuous), A burns 1,000 t of anthracite
a year (GB/T 32151: NCV 26.7 GJ/t), accounting year 2025 (8,760 h), no PV."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from greenpark.errors import InputError
from greenpark.inputs.park.load import Park
from greenpark.pipeline.accounting import AccountingResult

MakePark = Callable[..., Park]
RunPark = Callable[..., AccountingResult]
Spec = Callable[..., dict[str, Any]]

H = 8760
COAL_T = 1000.0
COAL_GJ = COAL_T * 26.7  # GB/T 32151 anthracite NCV 26.7 GJ/t
COAL_ROWS = [(f"2025-{m:02d}", "A", "coal_anthracite", COAL_T / 12, "t") for m in range(1, 13)]

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def park(park_spec: Spec, make_park: MakePark) -> Park:
    spec = park_spec(["A", "B"])
    spec["enterprises"][1]["industry_code"] = "C26"
    return make_park(spec, {"A": 100.0, "B": 200.0}, COAL_ROWS)


def test_no_adjustments_and_an_empty_list_give_the_same_run(park: Park, run_park: RunPark) -> None:
    base = run_park(park)
    same = run_park(park.with_changes({"adjustments": []}))
    assert np.array_equal(base.balance.load_kwh, same.balance.load_kwh)
    assert np.array_equal(base.emissions.scope1_co2_kg, same.emissions.scope1_co2_kg)


def test_electricity_scaled_in_hours_of_day_for_an_industry(park: Park, run_park: RunPark) -> None:
    patch = {
        "adjustments": [
            {
                "id": "eff",
                "industry": "C3",
                "carrier": "electricity",
                "scale_factor": 0.9,
                "hours_of_day": [8, 9],
            }
        ]
    }
    result = run_park(park.with_changes(patch))
    load = result.balance.load_kwh
    hour = 24 * 10  # 11 January 00:00
    assert load[hour + 8].tolist() == pytest.approx([90.0, 200.0])  # B is C26: untouched
    assert load[hour + 10].tolist() == pytest.approx([100.0, 200.0])
    # A: 2 of 24 hours at 90 %: 100 x 8,760 - 10 x 2 x 365
    assert load[:, 0].sum() == pytest.approx(100.0 * H - 10.0 * 2 * 365)
    effect = result.adjustments.loc["eff"]
    assert effect["electricity_change_kwh"] == pytest.approx(-10.0 * 2 * 365)
    assert effect["fuel_change_gj"] == 0.0


def test_fuel_scaled_in_half_the_hours_keeps_three_quarters(park: Park, run_park: RunPark) -> None:
    base = run_park(park)
    patch = {
        "adjustments": [
            {
                "id": "half",
                "enterprise": "A",
                "carrier": "coal_anthracite",
                "scale_factor": 0.5,
                "hours_of_day": list(range(12)),
            }
        ]
    }
    result = run_park(park.with_changes(patch))
    assert result.activity.fuel[0, 0] == pytest.approx(0.75 * base.activity.fuel[0, 0])
    assert result.emissions.scope1_co2_kg[0] == pytest.approx(
        0.75 * base.emissions.scope1_co2_kg[0]
    )
    assert np.array_equal(result.balance.load_kwh, base.balance.load_kwh)


def test_coal_boiler_to_heat_pump_conserves_useful_heat(park: Park, run_park: RunPark) -> None:
    base = run_park(park)
    shift = {"fuel_efficiency_fraction": 0.8, "cop": 3.0}
    patch = {
        "adjustments": [
            {
                "id": "hp",
                "enterprise": "A",
                "carrier": "coal_anthracite",
                "scale_factor": 0.0,
                "to_electricity": shift,
            }
        ]
    }
    result = run_park(park.with_changes(patch))
    added_kwh = COAL_GJ * 0.8 / 3.0 * 1e6 / 3600  # 26,700 GJ x 0.8 / 3 = 7,120 GJ
    assert added_kwh == pytest.approx(1_977_777.78, abs=0.01)
    load = result.balance.load_kwh
    assert load[:, 0] == pytest.approx(100.0 + added_kwh / H)  # flat
    assert load[:, 1] == pytest.approx(200.0)
    assert result.activity.fuel[0, 0] == 0.0
    assert result.emissions.scope1_co2_kg[0] == 0.0 < base.emissions.scope1_co2_kg[0]
    effect = result.adjustments.loc["hp"]
    assert effect["electricity_change_kwh"] == pytest.approx(added_kwh)
    assert effect["electricity_added_peak_kw"] == pytest.approx(added_kwh / H)
    assert effect["fuel_change_gj"] == pytest.approx(-COAL_GJ)
    assert effect["fuel_change_canonical_unit"] == pytest.approx(-COAL_T * 1000)  # kg
    said = [m for m in result.messages if m.code == "use_adjusted"]
    assert [(m.params["adjustment_id"], m.severity) for m in said] == [("hp", "info")]


def test_electrification_in_a_day_shape(park: Park, run_park: RunPark) -> None:
    day = [0.0] * 8 + [1.0] * 10 + [0.0] * 6  # 08:00-17:59
    shift = {"fuel_efficiency_fraction": 0.9, "cop": 1.0, "shape": day}
    patch = {
        "adjustments": [
            {
                "id": "kiln",
                "enterprise": "A",
                "carrier": "coal_anthracite",
                "scale_factor": 0.5,
                "to_electricity": shift,
            }
        ]
    }
    result = run_park(park.with_changes(patch))
    added_kwh = COAL_GJ * 0.5 * 0.9 * 1e6 / 3600  # half the coal, electric at efficiency 1
    load = result.balance.load_kwh[:, 0]
    assert load[8] == pytest.approx(100.0 + added_kwh / (365 * 10))
    assert load[7] == pytest.approx(100.0)
    assert result.activity.fuel[0, 0] == pytest.approx(0.5 * COAL_T * 1000)  # kg


def test_bad_adjustments_are_listed_at_once_with_file_and_field(park: Park) -> None:
    patch = {
        "adjustments": [
            {"id": "a", "enterprise": "AA", "carrier": "electricity", "scale_factor": 0.9},
            {"id": "b", "enterprise": "A", "carrier": "coal", "scale_factor": 0.9},
            {"id": "c", "industry": "C99", "carrier": "electricity", "scale_factor": 1.1},
            {"id": "d", "enterprise": "B", "carrier": "coal_anthracite", "scale_factor": 0.5},
            {
                "id": "e",
                "enterprise": "A",
                "carrier": "electricity",
                "scale_factor": 0.5,
                "to_electricity": {"fuel_efficiency_fraction": 0.8},
            },
            {"id": "f", "enterprise": "A", "carrier": "electricity", "scale_factor": -1},
        ]
    }
    with pytest.raises(InputError) as raised:
        park.with_changes(patch, label="s.yaml")
    problems = "\n".join(raised.value.problems)
    for expected in (
        "s.yaml: adjustments[0] (a).enterprise",
        "'AA'",
        "adjustments[1] (b).carrier",
        "expected electricity or a fuel",
        "adjustments[2] (c).industry",
        "adjustments[3] (d).carrier: B have no coal_anthracite (fuel) meter data",
        "adjustments[4] (e)",
        "to_electricity applies to a fuel that is burnt",
        "adjustments[5] (f).scale_factor",
    ):
        assert expected in problems, expected
