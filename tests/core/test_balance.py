from __future__ import annotations

from dataclasses import fields, replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from greenpark.core.balance import BalanceResult, hourly_energy_balance
from greenpark.core.storage import StorageUnit

#: every (hours, E) flow of a BalanceResult: its array fields and the storage flows, which
#: are properties (kept for the battery owners' columns, made for every column when read)
FLOWS = (
    *(f.name for f in fields(BalanceResult) if f.name != "storage"),
    "pv_to_storage_kwh",
    "grid_to_storage_kwh",
    "storage_discharge_kwh",
    "storage_discharge_pv_kwh",
    "storage_discharge_green_kwh",
    "storage_loss_kwh",
)

TOL = 1e-9
# rt 0.81 -> eta_c = eta_d = 0.9; window 1..9 kWh; starts empty at 1 kWh
BATTERY = StorageUnit(
    owner=0,
    energy_kwh=10.0,
    power_kw=4.0,
    round_trip_efficiency=0.81,
    min_soc_fraction=0.1,
    max_soc_fraction=0.9,
    initial_soc_fraction=0.1,
)


def test_worked_example_battery_and_sharing() -> None:
    # A (col 0) owns the battery, B (col 1) none. share_surplus on.
    load = np.array([[2.0, 3.0], [5.0, 1.0], [3.0, 2.0]])
    pv = np.array([[8.0, 0.0], [1.0, 4.0], [0.0, 0.0]])
    r = hourly_energy_balance(load, pv, [BATTERY], share_surplus=True)
    # h0: A self 2, surplus 6 -> battery takes min(6, 4 kW) = 4, stores 0.9*4 = 3.6 (soc 1 -> 4.6,
    #     green 3.6, loss 0.4); A's last 2 kWh go to B (deficit 3): B shared_in 2, grid 1.
    # h1: A self 1, deficit 4 -> asks 4/0.9 = 4.44 from store, only 4.6 - 1 = 3.6 above min:
    #     delivers 3.6*0.9 = 3.24 (loss 0.36), green share 3.6/4.6 -> green 3.24*3.6/4.6;
    #     A's remaining 0.76 comes from B's surplus 3 (B self 1): B shares 0.76, exports 2.24.
    # h2: battery at min -> A buys 3, B buys 2.
    green_h1 = 3.24 * 3.6 / 4.6
    expected = {
        "pv_self_kwh": [[2, 0], [1, 1], [0, 0]],
        "pv_to_storage_kwh": [[4, 0], [0, 0], [0, 0]],
        "storage_discharge_kwh": [[0, 0], [3.24, 0], [0, 0]],
        "storage_discharge_green_kwh": [[0, 0], [green_h1, 0], [0, 0]],
        "storage_loss_kwh": [[0.4, 0], [0.36, 0], [0, 0]],
        "shared_out_kwh": [[2, 0], [0, 0.76], [0, 0]],
        "shared_in_kwh": [[0, 2], [0.76, 0], [0, 0]],
        "export_kwh": [[0, 0], [0, 2.24], [0, 0]],
        "grid_import_kwh": [[0, 1], [0, 0], [3, 2]],
        "grid_to_storage_kwh": [[0, 0], [0, 0], [0, 0]],
    }
    for name, value in expected.items():
        np.testing.assert_allclose(getattr(r, name), value, atol=1e-12, err_msg=name)
    np.testing.assert_allclose(r.storage_soc_kwh[:, 0], [1.0, 4.6, 1.0, 1.0], atol=1e-12)
    np.testing.assert_allclose(r.storage_soc_green_kwh[:, 0], [0, 3.6, 3.6 / 4.6, 3.6 / 4.6])


def test_worked_example_without_sharing_exports_surplus() -> None:
    load = np.array([[2.0, 3.0], [5.0, 1.0], [3.0, 2.0]])
    pv = np.array([[8.0, 0.0], [1.0, 4.0], [0.0, 0.0]])
    r = hourly_energy_balance(load, pv, [BATTERY])
    # same battery flows; A exports 2 in h0 and buys 0.76 in h1, B exports 3 in h1
    np.testing.assert_allclose(r.export_kwh, [[2, 0], [0, 3], [0, 0]], atol=1e-12)
    np.testing.assert_allclose(r.grid_import_kwh, [[0, 3], [0.76, 0], [3, 2]], atol=1e-12)
    assert not r.shared_in_kwh.any() and not r.shared_out_kwh.any()


def test_worked_example_tou_arbitrage_charges_from_grid() -> None:
    # one day-part of 4 hours, prices 0.3, 1.0, 1.0, 1.6: quantiles q25 = 0.825, q75 = 1.15;
    # h0 cheap (0.3 < 0.81*1.6), h3 expensive, h1-h2 hold.
    price = np.array([0.3, 1.0, 1.0, 1.6])
    load = np.array([[1.0], [1.0], [1.0], [2.0]])
    unit = replace(BATTERY, dispatch="tou_arbitrage")
    r = hourly_energy_balance(load, np.zeros((4, 1)), [unit], price_cny_per_kwh=price)
    # h0: buys 4 for storage (stores 3.6, soc 4.6) + 1 for load; h3: delivers 2 (takes 2/0.9)
    np.testing.assert_allclose(r.grid_to_storage_kwh[:, 0], [4, 0, 0, 0], atol=1e-12)
    np.testing.assert_allclose(r.grid_import_kwh[:, 0], [5, 1, 1, 0], atol=1e-12)
    np.testing.assert_allclose(r.storage_discharge_kwh[:, 0], [0, 0, 0, 2], atol=1e-12)
    np.testing.assert_allclose(r.storage_soc_kwh[:, 0], [1, 4.6, 4.6, 4.6, 4.6 - 2 / 0.9])
    np.testing.assert_allclose(r.storage_loss_kwh[:, 0], [0.4, 0, 0, 2 / 0.9 - 2], atol=1e-12)
    assert not r.storage_discharge_green_kwh.any()  # grid-charged energy is not green
    assert not r.storage_discharge_pv_kwh.any()


def test_battery_carries_the_certificate_status_of_the_hour_it_charged() -> None:
    # rt 0.81 (eta 0.9), 0..10 kWh, starts empty. h0: PV 10, no load -> charges 10, stores 9;
    # h1: load 11, PV 1 -> self 1, battery delivers min(10, 9 x 0.9) = 8.1 (loss 0.9).
    unit = StorageUnit(0, 10.0, 10.0, 0.81, initial_soc_fraction=0.0)
    load, pv = np.array([[0.0], [11.0]]), np.array([[10.0], [1.0]])
    for kept, green in (([0.0, 1.0], 0.0), ([1.0, 0.0], 8.1), ([0.5, 0.5], 4.05)):
        r = hourly_energy_balance(load, pv, [unit], kept_fraction=np.array(kept)[:, None])
        np.testing.assert_allclose(r.storage_discharge_pv_kwh[:, 0], [0, 8.1], atol=1e-12)
        np.testing.assert_allclose(r.storage_discharge_green_kwh[:, 0], [0, green], atol=1e-12)
        np.testing.assert_allclose(r.storage_soc_green_kwh[:, 0], [0, 9 * kept[0], 0], atol=1e-12)
    with pytest.raises(ValueError, match="kept_fraction"):
        hourly_energy_balance(load, pv, [unit], kept_fraction=1.5)


def test_two_units_of_one_owner_act_in_order() -> None:
    second = replace(BATTERY, power_kw=10.0)
    r = hourly_energy_balance(np.array([[0.0]]), np.array([[6.0]]), [BATTERY, second])
    # first takes 4 (its power limit), second the remaining 2 -> nothing exported
    np.testing.assert_allclose(r.storage_soc_kwh[1], [1 + 3.6, 1 + 1.8])
    assert r.export_kwh[0, 0] == pytest.approx(0.0, abs=1e-12)


def test_all_problems_reported_at_once(english: None) -> None:
    bad = StorageUnit(
        owner=5,
        energy_kwh=-1,
        power_kw=1,
        round_trip_efficiency=0.9,
        max_soc_fraction=0.95,
        initial_soc_fraction=0.99,
    )
    tou = replace(BATTERY, dispatch="tou_arbitrage")
    with pytest.raises(ValueError) as caught:
        hourly_energy_balance(np.ones((2, 2)), np.ones((2, 2)), [bad, tou])
    assert len(str(caught.value).split("\n")) == 4
    with pytest.raises(ValueError, match="pv_kwh must be finite"):
        hourly_energy_balance(np.ones((2, 2)), np.full((2, 2), np.nan))


# ---------------------------------------------------------------- properties

flows = st.floats(0, 20, allow_nan=False, allow_infinity=False)
#: load, PV, storage, price, share_surplus, kept_fraction
Park = tuple[np.ndarray, np.ndarray, list[StorageUnit], np.ndarray, bool, np.ndarray]


@st.composite
def parks(draw: st.DrawFn) -> Park:
    n_hours, n_ent = draw(st.integers(1, 50)), draw(st.integers(1, 4))
    load = draw(arrays(float, (n_hours, n_ent), elements=flows))
    pv = draw(arrays(float, (n_hours, n_ent), elements=flows))
    kept = draw(arrays(float, (n_hours, n_ent), elements=st.sampled_from([0.0, 0.3, 1.0])))
    units = []
    for _ in range(draw(st.integers(0, 3))):
        low = draw(st.floats(0, 0.5))
        high = draw(st.floats(low + 0.01, 1))
        units.append(
            StorageUnit(
                owner=draw(st.integers(0, n_ent - 1)),
                energy_kwh=draw(st.floats(0.5, 50)),
                power_kw=draw(st.floats(0.1, 20)),
                round_trip_efficiency=draw(st.floats(0.5, 1)),
                min_soc_fraction=low,
                max_soc_fraction=high,
                initial_soc_fraction=draw(st.floats(low, high)),
                dispatch=draw(st.sampled_from(["self_consumption", "tou_arbitrage"])),
            )
        )
    price = draw(arrays(float, n_hours, elements=st.sampled_from([0.36, 0.45, 1.0, 1.6, 1.92])))
    return load, pv, units, price, draw(st.booleans()), kept


@settings(max_examples=150, deadline=None)
@given(parks())
def test_conservation_limits_and_signs(park: Park) -> None:
    load, pv, units, price, share, kept = park
    r = hourly_energy_balance(
        load, pv, units, share_surplus=share, price_cny_per_kwh=price, kept_fraction=kept
    )
    for name in (*FLOWS, "storage_soc_kwh", "storage_soc_green_kwh"):
        assert np.all(getattr(r, name) >= 0), name
    demand = r.pv_self_kwh + r.storage_discharge_kwh + r.shared_in_kwh + r.grid_import_kwh
    np.testing.assert_allclose(load + r.grid_to_storage_kwh, demand, atol=TOL)
    supply = r.pv_self_kwh + r.pv_to_storage_kwh + r.shared_out_kwh + r.export_kwh
    np.testing.assert_allclose(pv, supply, atol=TOL)
    np.testing.assert_allclose(r.shared_out_kwh.sum(1), r.shared_in_kwh.sum(1), atol=TOL)
    deficit = load - r.pv_self_kwh - r.storage_discharge_kwh
    assert np.all(r.shared_in_kwh <= deficit + TOL)
    assert np.all(r.export_kwh <= pv - r.pv_self_kwh - r.pv_to_storage_kwh + TOL)
    _check_storage(r, units, kept)


def _check_storage(r: BalanceResult, units: list[StorageUnit], kept: np.ndarray) -> None:
    soc, green = r.storage_soc_kwh, r.storage_soc_green_kwh
    for j, unit in enumerate(units):
        assert np.all(soc[:, j] >= unit.min_soc_fraction * unit.energy_kwh - TOL)
        assert np.all(soc[:, j] <= unit.max_soc_fraction * unit.energy_kwh + TOL)
        assert np.all(green[:, j] <= soc[:, j] + TOL)
    eta = np.sqrt([u.round_trip_efficiency for u in units])
    owner_of = np.zeros((len(units), r.load_kwh.shape[1]))
    owner_of[np.arange(len(units)), [u.owner for u in units]] = 1.0
    stored_change = np.diff(soc, axis=0) @ owner_of  # per owner, in the store
    charged = r.pv_to_storage_kwh + r.grid_to_storage_kwh
    losses = charged - r.storage_discharge_kwh - stored_change
    np.testing.assert_allclose(r.storage_loss_kwh, losses, atol=TOL)
    assert np.all(r.storage_discharge_green_kwh <= r.storage_discharge_pv_kwh + TOL)
    assert np.all(r.storage_discharge_pv_kwh <= r.storage_discharge_kwh + TOL)
    if len({u.owner for u in units}) == len(units):  # green pool balance, one unit per owner
        green_in = (r.pv_to_storage_kwh * kept) @ owner_of.T * eta
        green_out = r.storage_discharge_green_kwh @ owner_of.T / eta
        np.testing.assert_allclose(np.diff(green, axis=0), green_in - green_out, atol=TOL)


@settings(max_examples=60, deadline=None)
@given(parks(), st.data())
def test_enterprise_order_does_not_matter(park: Park, data: st.DataObject) -> None:
    load, pv, units, price, share, kept = park
    order = np.array(data.draw(st.permutations(range(load.shape[1]))))
    new_column = np.argsort(order)  # old column c is now at new_column[c]
    moved = [replace(u, owner=int(new_column[u.owner])) for u in units]
    base = hourly_energy_balance(
        load, pv, units, share_surplus=share, price_cny_per_kwh=price, kept_fraction=kept
    )
    perm = hourly_energy_balance(
        load[:, order],
        pv[:, order],
        moved,
        share_surplus=share,
        price_cny_per_kwh=price,
        kept_fraction=kept[:, order],
    )
    for name in FLOWS:
        expected = getattr(base, name)[:, order]
        np.testing.assert_allclose(getattr(perm, name), expected, atol=TOL)
    np.testing.assert_allclose(perm.storage_soc_kwh, base.storage_soc_kwh, atol=TOL)


@settings(max_examples=100, deadline=None)
@given(parks())
def test_self_consumption_battery_never_raises_grid_import(park: Park) -> None:
    load, pv, units, *_ = park
    own_use = [replace(u, dispatch="self_consumption") for u in units]
    with_battery = hourly_energy_balance(load, pv, own_use).grid_import_kwh
    without = hourly_energy_balance(load, pv).grid_import_kwh
    assert np.all(with_battery <= without + TOL)
