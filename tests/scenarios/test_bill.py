"""The bill checked by hand: one enterprise-month's energy charges across all five tariff
periods, the demand and capacity charges of a two-part tariff and their input errors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import greenpark as gp
from greenpark.errors import InputError
from greenpark.inputs.park.load import Park
from greenpark.pipeline.prices import hourly_period, hourly_price
from greenpark.scenarios.bill import BASIC_COLUMNS, ENERGY_COLUMNS, electricity_bill_cny
from greenpark.scenarios.economics import PERIODS, demand_charges_cny, energy_charges_cny
from greenpark.scenarios.measures import measure_patch
from greenpark.scenarios.schema import Measure

#: every hour of the year one season: valley 0-7, peak 8-11 and 17-20 with critical peak
#: 9-10 inside it, deep valley 13-15 on major-holiday days, flat otherwise
TARIFF = {
    "name": "hand-checked tariff",
    "source": "test",
    "flat_price_cny_per_kwh": 0.5,
    "peak_multiplier": 1.5,
    "valley_multiplier": 0.5,
    "critical_peak_multiplier": 2.0,
    "deep_valley_multiplier": 0.3,
    "seasons": [
        {
            "months": list(range(1, 13)),
            "peak_hours": [[8, 11], [17, 20]],
            "valley_hours": [[0, 7]],
            "critical_peak_hours": [[9, 10]],
            "deep_valley_hours": [[13, 15]],
        }
    ],
}


def test_october_bill_by_hand(demo_park: Park) -> None:
    patch = measure_patch(Measure(tariffs=(TARIFF,)), demo_park.config)
    config = demo_park.with_changes(patch).config
    assert [t.name for t in config.all_tariffs] == ["hand-checked tariff"]
    hours = pd.date_range("2025-10-01", periods=31 * 24, freq="h", tz="Asia/Shanghai")
    price, period = hourly_price(config, hours), hourly_period(config, hours)
    assert price is not None and period is not None
    grid_kwh = np.full((len(hours), 1), 2.0)  # 2 kWh every hour of October
    charges = dict(zip(PERIODS, energy_charges_cny(grid_kwh, price, period)[0], strict=True))
    # October 2025: 31 days, of which Oct 1-8 are the National Day break (deep valley days).
    # Per day: valley 7 h, peak 6 h of which 1 h critical peak, deep valley 2 h on the 8
    # break days; flat is the rest: 24 - 7 - 6 = 11 h (9 h on break days).
    by_hand = {
        "valley": 31 * 7 * 2 * (0.5 * 0.5),
        "peak": 31 * 5 * 2 * (0.5 * 1.5),
        "critical_peak": 31 * 1 * 2 * (0.5 * 2.0),
        "deep_valley": 8 * 2 * 2 * (0.5 * 0.3),
        "flat": (23 * 11 + 8 * 9) * 2 * 0.5,
    }
    assert charges == pytest.approx(by_hand, rel=1e-12)
    assert sum(by_hand.values()) == pytest.approx(float((grid_kwh[:, 0] * price).sum()))


def _with_basic_charges(park: Park, charges: dict[str, object], basis: dict[str, object]) -> Park:
    tariff = {**TARIFF, "basic_charges": charges}
    priced = park.with_changes(measure_patch(Measure(tariffs=(tariff,)), park.config))
    enterprises = [{"id": eid, "basic_charge": value} for eid, value in basis.items()]
    return priced.with_changes({"enterprises": enterprises})


def test_demand_and_capacity_charges_by_hand(demo_park: Park) -> None:
    charges = {"demand_cny_per_kw_month": 40.0, "capacity_cny_per_kva_month": 25.0, "source": "t"}
    basis = {"E03": {"basis": "demand"}, "E05": {"basis": "capacity", "transformer_kva": "2 MVA"}}
    result = gp.run(gp.RunSpec(_with_basic_charges(demo_park, charges, basis)))
    bill = electricity_bill_cny(result)
    hourly = result.hourly()
    e03 = hourly[hourly["enterprise"] == "E03"].set_index("interval_start")["grid_import_kwh"]
    march = e03[pd.DatetimeIndex(e03.index).month == 3]
    monthly_peak_kw = e03.groupby(pd.DatetimeIndex(e03.index).month).max()
    # March alone by hand: the highest hourly grid import [kW] × 40 CNY/kW
    assert monthly_peak_kw[3] == pytest.approx(float(march.max()))
    assert bill.loc["E03", "demand_charge_cny"] == pytest.approx(40.0 * monthly_peak_kw.sum())
    assert bill.loc["E05", "capacity_charge_cny"] == pytest.approx(12 * 25.0 * 2000.0)
    # only the billed enterprise pays each charge
    assert bill["demand_charge_cny"].drop("E03").abs().sum() == 0.0
    assert bill["capacity_charge_cny"].drop("E05").abs().sum() == 0.0


def test_a_tariff_without_basic_charges_bills_energy_only(demo_park: Park) -> None:
    config = demo_park.with_changes(measure_patch(Measure(tariffs=(TARIFF,)), demo_park.config))
    result = gp.run(gp.RunSpec(config))
    bill = electricity_bill_cny(result)
    grid = result.hourly().pivot(
        index="interval_start", columns="enterprise", values="grid_import_kwh"
    )
    hours = pd.DatetimeIndex(grid.index)
    price, period = hourly_price(result.config, hours), hourly_period(result.config, hours)
    assert price is not None and period is not None
    ids = list(result.config.enterprise_ids())
    energy = energy_charges_cny(grid[ids].to_numpy(dtype=float), price, period)
    assert bill[list(ENERGY_COLUMNS)].to_numpy() == pytest.approx(energy, rel=1e-9, abs=1e-9)
    assert (bill[list(BASIC_COLUMNS)].to_numpy() == 0.0).all()


def test_the_high_use_discount_by_hand() -> None:
    # 2 months of 24 h; one enterprise, peak 100 kW in January, 50 kW in February
    month = np.repeat([1, 2], 24)
    grid = np.full((48, 1), 10.0)
    grid[5, 0], grid[30, 0] = 100.0, 50.0
    rate, discounted = np.full(48, 40.0), np.ones(48, dtype=bool)
    # January: 23 × 10 + 100 = 330 kWh on 1 kVA ≥ 260 -> 90 %; February 23 × 10 + 50 = 280
    # kWh ≥ 260 as well; on 2 kVA neither month reaches 260 kWh/kVA
    one_kva = demand_charges_cny(grid, month, rate, discounted, np.array([1.0]))
    two_kva = demand_charges_cny(grid, month, rate, discounted, np.array([2.0]))
    assert one_kva[0] == pytest.approx(0.9 * 40.0 * (100.0 + 50.0))
    assert two_kva[0] == pytest.approx(40.0 * (100.0 + 50.0))
    # a battery discharging 30 kW at January's peak hour lowers that month's charge by 30 × 40
    shaved = grid.copy()
    shaved[5, 0] -= 30.0
    lower = demand_charges_cny(shaved, month, rate, ~discounted, np.array([0.0]))
    assert lower[0] == pytest.approx(two_kva[0] - 30.0 * 40.0)


def test_basic_charge_problems_name_their_fields(demo_park: Park) -> None:
    tariff = {**TARIFF, "basic_charges": {"demand_cny_per_kw_month": 40.0, "source": "t"}}
    priced = demo_park.with_changes(measure_patch(Measure(tariffs=(tariff,)), demo_park.config))
    with pytest.raises(InputError) as caught:
        priced.with_changes(
            {
                "enterprises": [
                    {"id": "E03", "basic_charge": {"basis": "capacity"}},
                    {"id": "E05", "basic_charge": {"basis": "capacity", "transformer_kva": 800}},
                ],
                "tariffs": [{"name": TARIFF["name"], "basic_charges": {"source": ""}}],
            }
        )
    message = str(caught.value)
    assert "enterprises[2] (E03).basic_charge" in message and "transformer_kva" in message
    assert "enterprises[4] (E05).basic_charge.basis" in message
    assert "capacity_cny_per_kva_month" in message
    with pytest.raises(InputError, match=r"tariffs\[0\]\.basic_charges\.source"):
        priced.with_changes(
            {"tariffs": [{"name": TARIFF["name"], "basic_charges": {"source": None}}]}
        )


def _monthly_peak_kw(result: gp.RunResult, enterprise: str) -> pd.Series:
    hourly = result.hourly()
    grid = hourly[hourly["enterprise"] == enterprise].set_index("interval_start")
    return grid["grid_import_kwh"].groupby(pd.DatetimeIndex(grid.index).month).max()


def test_a_peak_shaving_battery_lowers_the_demand_charge(demo_park: Park) -> None:
    """A battery told to keep E03's purchase below 95 % of its highest hour: no month's peak
    rises, the year's highest hour falls to the limit (the battery is large enough), and the
    demand charge falls by 40 CNY/kW on every kW shaved off a monthly peak."""
    charges = {"demand_cny_per_kw_month": 40.0, "source": "test"}
    priced = _with_basic_charges(demo_park, charges, {"E03": {"basis": "demand"}})
    base = gp.run(gp.RunSpec(priced))
    before = _monthly_peak_kw(base, "E03")
    limit = 0.95 * float(before.max())
    battery = {
        "id": "ESS-PEAK",
        "owner": "E03",
        "energy_kwh": 40_000,
        "power_kw": 0.2 * limit,
        "round_trip_efficiency": 0.9,
        "dispatch": "peak_shaving",
        "peak_limit_kw": limit,
    }
    shaved = gp.run(gp.RunSpec(priced.with_changes({"storage": [battery]})))
    after = _monthly_peak_kw(shaved, "E03")
    assert (after <= before + 1e-9).all()
    assert float(after.max()) == pytest.approx(limit, rel=1e-9)
    saving = electricity_bill_cny(base) - electricity_bill_cny(shaved)
    assert saving.at["E03", "demand_charge_cny"] == pytest.approx(40.0 * (before - after).sum())
    assert saving.at["E03", "demand_charge_cny"] > 0


def test_peak_limit_without_peak_shaving_is_refused(demo_park: Park) -> None:
    battery = {
        "id": "ESS-X",
        "owner": "E03",
        "energy_kwh": 100,
        "power_kw": 50,
        "round_trip_efficiency": 0.9,
        "peak_limit_kw": 500,
    }
    with pytest.raises(InputError, match="peak_limit_kw"):
        demo_park.with_changes({"storage": [battery]})
