from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from greenpark.core.storage import StorageUnit, dispatch_storage, storage_problems, tou_hours

# rt 0.64 -> eta_c = eta_d = 0.8; window 0..10 kWh; starts empty
UNIT = StorageUnit(
    owner=0,
    energy_kwh=10.0,
    power_kw=5.0,
    round_trip_efficiency=0.64,
    min_soc_fraction=0.0,
    max_soc_fraction=1.0,
    initial_soc_fraction=0.0,
)


def _shanxi_2026_spring_day() -> np.ndarray:
    """Relative prices of a spring day, 晋发改商品发〔2026〕15号 windows (china-factors 7c)."""
    price = np.ones(24)
    price[[6, 7, *range(17, 24)]] = 1.60  # peak 06-08, 17-24
    price[[2, 3, 4, *range(9, 15)]] = 0.45  # valley 02-05, 09-15
    return price


def test_tou_hours_on_a_shanxi_spring_day() -> None:
    cheap, expensive = tou_hours(_shanxi_2026_spring_day(), round_trip_efficiency=0.88)
    # 9 valley hours of 24: the 25 % quantile is 0.45 -> every valley hour is cheap;
    # 9 peak hours: the 75 % quantile is 1.6 -> every peak hour is expensive
    assert np.flatnonzero(cheap).tolist() == [2, 3, 4, 9, 10, 11, 12, 13, 14]
    assert np.flatnonzero(expensive).tolist() == [6, 7, *range(17, 24)]


def test_tou_hours_flat_day_is_self_consumption_and_days_are_separate() -> None:
    price = np.concatenate([np.full(24, 0.5), _shanxi_2026_spring_day()])
    cheap, expensive = tou_hours(price, round_trip_efficiency=0.88)
    assert not cheap[:24].any() and expensive[:24].all()
    assert cheap[24:].sum() == 9


def test_tou_hours_partial_last_day_is_its_own_day() -> None:
    # 24 h flat, then 4 h [0.3, 1.0, 1.0, 1.6]: q25 0.825, q75 1.15, top 1.6
    price = np.concatenate([np.ones(24), [0.3, 1.0, 1.0, 1.6]])
    cheap, expensive = tou_hours(price, round_trip_efficiency=0.81)
    assert np.flatnonzero(cheap).tolist() == [24]
    assert np.flatnonzero(expensive[24:]).tolist() == [3]
    assert tou_hours(np.empty(0), 0.9)[0].shape == (0,)


def test_tou_skips_grid_charging_that_cannot_pay_back() -> None:
    # valley 0.9 vs top 1.0: 0.9 >= 0.64 * 1.0, so buying at 0.9 loses money
    price = np.array([0.9] * 12 + [1.0] * 12)
    cheap, _ = tou_hours(price, round_trip_efficiency=0.64)
    assert not cheap.any()


def test_mixed_pool_green_share() -> None:
    # h0: grid-charge 5 (cheap) -> 4 grey kWh stored; h1: PV 5 -> +4 green, pool 8 half green;
    # h2: deliver 4 (takes 5) -> green 4*0.5 = 2 delivered, pool 3 kWh with 1.5 green.
    surplus = np.array([[0.0], [5.0], [0.0]])
    deficit = np.array([[1.0], [0.0], [4.0]])
    unit = replace(UNIT, dispatch="tou_arbitrage")
    out = dispatch_storage(surplus, deficit, [unit], price_cny_per_kwh=np.array([0.3, 1.0, 1.6]))
    np.testing.assert_allclose(out.grid_to_storage_kwh[:, 0], [5, 0, 0])
    np.testing.assert_allclose(out.pv_to_storage_kwh[:, 0], [0, 5, 0])
    np.testing.assert_allclose(out.discharge_kwh[:, 0], [0, 0, 4])
    np.testing.assert_allclose(out.discharge_green_kwh[:, 0], [0, 0, 2])
    np.testing.assert_allclose(out.soc_kwh[:, 0], [0, 4, 8, 3])
    np.testing.assert_allclose(out.soc_green_kwh[:, 0], [0, 0, 4, 1.5])
    np.testing.assert_allclose(out.loss_kwh[:, 0], [1, 1, 1])  # 5-4, 5-4, 5-4
    np.testing.assert_allclose(out.discharge_pv_kwh, out.discharge_green_kwh)  # all kept


def test_mixed_pool_tracks_kept_certificates_separately() -> None:
    # as above, but only half of h1's PV keeps its certificates: the pool holds 4 PV kWh of
    # which 2 are green; delivering 4 of the 8 stored takes PV 4 x 4/8 = 2, green 4 x 2/8 = 1.
    surplus = np.array([[0.0], [5.0], [0.0]])
    deficit = np.array([[1.0], [0.0], [4.0]])
    unit = replace(UNIT, dispatch="tou_arbitrage")
    kept = np.array([[1.0], [0.5], [1.0]])  # h2 (no PV) cannot change the stored status
    price = np.array([0.3, 1.0, 1.6])
    out = dispatch_storage(surplus, deficit, [unit], price_cny_per_kwh=price, kept_fraction=kept)
    np.testing.assert_allclose(out.discharge_pv_kwh[:, 0], [0, 0, 2])
    np.testing.assert_allclose(out.discharge_green_kwh[:, 0], [0, 0, 1])
    np.testing.assert_allclose(out.soc_green_kwh[:, 0], [0, 0, 2, 0.75])  # 2 - 5 x 2/8


def test_power_and_window_limits() -> None:
    # PV surplus 20 for 3 h: 5 kW limit -> stores 4, 4, then only 2 fits (10 kWh full)
    unit = replace(UNIT, max_soc_fraction=1.0)
    out = dispatch_storage(np.full((3, 1), 20.0), np.zeros((3, 1)), [unit])
    np.testing.assert_allclose(out.soc_kwh[:, 0], [0, 4, 8, 10])
    np.testing.assert_allclose(out.pv_to_storage_kwh[:, 0], [5, 5, 2.5])


def test_flows_are_booked_to_the_owner_column() -> None:
    unit = replace(UNIT, owner=2)
    surplus = np.zeros((2, 3))
    surplus[0] = [7.0, 7.0, 3.0]
    out = dispatch_storage(surplus, np.zeros((2, 3)), [unit])
    assert out.pv_to_storage_kwh[0].tolist() == [0.0, 0.0, 3.0]


def test_flows_are_kept_for_the_owners_only() -> None:
    # owners 3 and 1 (two units of 3) of five columns; charged from the surplus, then
    # discharged into the deficit of the next hour
    units = [replace(UNIT, owner=3), replace(UNIT, owner=1), replace(UNIT, owner=3)]
    surplus = np.zeros((2, 5))
    surplus[0] = [9.0, 4.0, 9.0, 8.0, 9.0]
    deficit = np.zeros((2, 5))
    deficit[1] = 2.0
    out = dispatch_storage(surplus, deficit, units)
    assert out.owners == [1, 3]
    assert {flows.shape for flows in out.owner_flows.values()} == {(2, 2)}
    # column 1: 4 kWh charged; column 3: 5 + 3 kWh (the second unit takes what is left)
    np.testing.assert_allclose(out.owner_flows["pv_to_storage_kwh"][0], [4.0, 8.0])
    for name, owner_values in out.owner_flows.items():
        every = out.every_enterprise(name)
        np.testing.assert_array_equal(every[:, [1, 3]], owner_values)
        assert not every[:, [0, 2, 4]].any(), name
        np.testing.assert_allclose(out.annual_kwh(name), every.sum(axis=0), rtol=1e-15)
    np.testing.assert_array_equal(out.discharge_kwh, out.every_enterprise("discharge_kwh"))
    np.testing.assert_allclose(out.discharge_kwh[1], [0.0, 2.0, 0.0, 2.0, 0.0])


def test_defaults_are_the_schema_defaults() -> None:
    unit = StorageUnit(owner=0, energy_kwh=10.0, power_kw=5.0, round_trip_efficiency=0.9)
    assert (unit.min_soc_fraction, unit.max_soc_fraction) == (0.0, 1.0)
    assert unit.initial_soc_fraction == 0.5  # documented assumption
    assert unit.dispatch == "self_consumption"


def test_storage_problems_lists_each() -> None:
    """Storage reaches the core validated (park file rules); the core only guards callers."""
    bad = StorageUnit(owner=-1, energy_kwh=1.0, power_kw=0.0, round_trip_efficiency=1.5)
    problems = storage_problems([bad, UNIT], 4, 1, price=np.ones(3))
    assert len(problems) == 4  # price shape, owner, power, efficiency
    assert problems[3] == "storage[0]: round_trip_efficiency must be in (0, 1], got 1.5"
    with pytest.raises(ValueError):
        dispatch_storage(np.zeros((4, 1)), np.zeros((4, 1)), [bad])


def test_peak_shaving_by_hand() -> None:
    """Limit 6 kW, 5 kW power, round trip 0.64 (η 0.8 each way), starting with 4 kWh stored.

    hour 0: deficit 2 -> 4 kW of room below the limit: charges 4 kWh from the grid (stores
            3.2, 7.2 kWh in all); nothing above the limit to discharge
    hour 1: deficit 9 -> 3 kWh above the limit: discharges 3 (takes 3/0.8 = 3.75 kWh)
    hour 2: deficit 16 -> 10 above: discharges at most 5 kW, but only 3.45 kWh is left,
            which delivers 3.45 × 0.8 = 2.76 kWh
    hour 3: PV surplus 3 -> charges 3 from PV and 2 more from the grid (the power limit)
    """
    unit = replace(UNIT, initial_soc_fraction=0.4, dispatch="peak_shaving", peak_limit_kw=6.0)
    surplus = np.array([[0.0], [0.0], [0.0], [3.0]])
    deficit = np.array([[2.0], [9.0], [16.0], [0.0]])
    out = dispatch_storage(surplus, deficit, [unit])
    assert out.grid_to_storage_kwh[:, 0] == pytest.approx([4.0, 0.0, 0.0, 2.0])
    assert out.pv_to_storage_kwh[:, 0] == pytest.approx([0.0, 0.0, 0.0, 3.0])
    assert out.discharge_kwh[:, 0] == pytest.approx([0.0, 3.0, 2.76, 0.0])
    assert out.soc_kwh[:, 0] == pytest.approx([4.0, 7.2, 3.45, 0.0, 4.0])
    # the grid purchase never rises above the limit because of the battery
    grid = deficit[:, 0] - out.discharge_kwh[:, 0] + out.grid_to_storage_kwh[:, 0]
    assert grid[:2] == pytest.approx([6.0, 6.0])


def test_peak_shaving_with_limit_zero_is_self_consumption() -> None:
    """With limit 0 there is no room below the limit to charge from the grid and every
    deficit is above it: the unit acts exactly as self-consumption does."""
    rng = np.random.default_rng(3)
    surplus = np.where(rng.random((48, 2)) < 0.4, rng.random((48, 2)) * 4, 0.0)
    deficit = np.where(surplus > 0, 0.0, rng.random((48, 2)) * 8)
    shaving = replace(UNIT, dispatch="peak_shaving", peak_limit_kw=0.0)
    a = dispatch_storage(surplus, deficit, [shaving])
    b = dispatch_storage(surplus, deficit, [UNIT])
    for name in ("pv_to_storage_kwh", "grid_to_storage_kwh", "discharge_kwh", "loss_kwh"):
        assert getattr(a, name) == pytest.approx(getattr(b, name), abs=1e-12)


def test_peak_limit_goes_with_peak_shaving_only() -> None:
    without = replace(UNIT, dispatch="peak_shaving")
    stray = replace(UNIT, peak_limit_kw=5.0)
    problems = storage_problems([without, stray], 4, 1, None)
    assert len(problems) == 2 and all("peak_limit_kw" in p for p in problems)
