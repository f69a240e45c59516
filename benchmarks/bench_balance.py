"""Hourly balance + storage for a 500-enterprise park, vectorised vs a per-enterprise pandas loop.

Run: ``python benchmarks/bench_balance.py``. Prints both times measured in the same run, their
ratio and the peak memory of the vectorised call (tracemalloc), and checks that both give the
same numbers. The park is synthetic: loads from the load shapes, PV from a daylight bell with
random daily clearness, ~20 batteries (a few on time-of-use arbitrage, one owner with two;
synthetic round-trip efficiencies 0.80-0.95, full SOC window, half charged at the start),
park-wide surplus sharing on. Prices come from :func:`greenpark.core.tariff.hourly_price_cny_per_kwh`
with the Shanxi 2026 spring TOU windows and multipliers (china-factors.md 7c) applied all
year on a flat price of 1; only their order matters here.
"""

from __future__ import annotations

import time
import tracemalloc
from collections import defaultdict

import numpy as np
import pandas as pd

from greenpark.core.balance import hourly_energy_balance
from greenpark.core.load_profiles import (
    LOAD_SHAPES,
    china_holidays,
    china_makeup_workdays,
    hourly_from_monthly_kwh,
)
from greenpark.core.storage import HIGH_QUANTILE, LOW_QUANTILE, StorageUnit
from greenpark.core.tariff import TouSeason, hourly_price_cny_per_kwh

N_ENTERPRISES = 500
HOURS = pd.date_range("2025-01-01", periods=8760, freq="h", tz="Asia/Shanghai")
#: 晋发改商品发〔2026〕15号 spring windows and multipliers (china-factors 7c), all year
SHANXI_SPRING = TouSeason(
    tuple(range(1, 13)), {"peak": [(6, 8), (17, 24)], "valley": [(2, 5), (9, 15)]}
)
SHANXI_MULTIPLIERS = {"peak": 1.6, "valley": 0.45, "critical_peak": 1.92, "deep_valley": 0.36}


def tou_price(hours: pd.DatetimeIndex) -> np.ndarray:
    """Relative TOU price per hour [flat = 1] from the tariff core (no deep-valley days)."""
    no_major_holiday = np.zeros(len(hours), dtype=bool)
    return hourly_price_cny_per_kwh(
        1.0,
        hours.hour.to_numpy(),
        hours.month.to_numpy(),
        no_major_holiday,
        [SHANXI_SPRING],
        SHANXI_MULTIPLIERS,
    )


def synthetic_park(seed: int = 1) -> tuple[np.ndarray, np.ndarray, list[StorageUnit], np.ndarray]:
    """Load and PV (8760, 500) [kWh], 21 storage units, hourly price [relative]."""
    rng = np.random.default_rng(seed)
    profiles = list(rng.choice(list(LOAD_SHAPES), N_ENTERPRISES))
    monthly = rng.uniform(2e4, 2e6, size=(1, N_ENTERPRISES)) * rng.uniform(0.8, 1.2, (12, 1))
    load = hourly_from_monthly_kwh(
        monthly, profiles, HOURS, china_holidays(2025), makeup_workdays=china_makeup_workdays(2025)
    )
    daylight = np.clip(np.sin((HOURS.hour.to_numpy() - 6) / 12 * np.pi), 0, None)
    clearness = np.repeat(rng.uniform(0.2, 1.0, 365), 24)
    capacity_kw = rng.uniform(0, 2000, N_ENTERPRISES) * (rng.random(N_ENTERPRISES) < 0.6)
    pv = (daylight * clearness)[:, None] * capacity_kw[None, :] * 0.8
    owners = rng.choice(N_ENTERPRISES, 20, replace=False)
    units = [
        StorageUnit(
            owner=int(owner),
            energy_kwh=float(rng.uniform(200, 5000)),
            power_kw=float(rng.uniform(100, 2500)),
            round_trip_efficiency=float(efficiency),
            dispatch="tou_arbitrage" if i % 5 == 0 else "self_consumption",
        )
        for i, (owner, efficiency) in enumerate(
            zip([*owners, owners[3]], rng.uniform(0.8, 0.95, len(owners) + 1), strict=True)
        )
    ]
    return load, pv, units, tou_price(HOURS)


def reference_balance(
    load: pd.DataFrame, pv: pd.DataFrame, units: list[StorageUnit], price: pd.Series
) -> dict[str, pd.DataFrame]:
    """The same rules written plainly: one enterprise, one unit, one hour at a time."""
    out: dict[str, dict[int, pd.Series]] = defaultdict(dict)
    surplus, deficit = {}, {}
    for e in load.columns:
        pv_self = pv[e].where(pv[e] < load[e], load[e])
        flows = _unit_flows_reference(pv[e] - pv_self, load[e] - pv_self, e, units, price)
        for name, series in flows.items():
            out[name][e] = series
        out["pv_self_kwh"][e] = pv_self
        surplus[e] = pv[e] - pv_self - flows["pv_to_storage_kwh"]
        deficit[e] = load[e] - pv_self - flows["storage_discharge_kwh"]
    pool, need = sum(surplus.values()), sum(deficit.values())
    moved = np.minimum(pool, need)
    for e in load.columns:
        out["shared_out_kwh"][e] = surplus[e] * (moved / pool).where(pool > 0, 0.0)
        out["shared_in_kwh"][e] = deficit[e] * (moved / need).where(need > 0, 0.0)
        out["export_kwh"][e] = surplus[e] - out["shared_out_kwh"][e]
        grid_charge = out["grid_to_storage_kwh"][e]
        out["grid_import_kwh"][e] = deficit[e] - out["shared_in_kwh"][e] + grid_charge
    return {name: pd.DataFrame(series) for name, series in out.items() if series}


def _unit_flows_reference(
    surplus: pd.Series, deficit: pd.Series, owner: int, units: list[StorageUnit], price: pd.Series
) -> dict[str, pd.Series]:
    names = ["pv_to_storage_kwh", "grid_to_storage_kwh", "storage_discharge_kwh"]
    names += ["storage_discharge_pv_kwh", "storage_discharge_green_kwh", "storage_loss_kwh"]
    totals = {name: pd.Series(0.0, index=surplus.index) for name in names}
    surplus, deficit = surplus.to_numpy().copy(), deficit.to_numpy().copy()
    for unit in (u for u in units if u.owner == owner):
        cheap, expensive = _tou_reference(price, unit)
        flows = _one_unit_reference(unit, surplus, deficit, cheap, expensive)
        for name, values in zip(names, flows, strict=True):
            totals[name] += values
        surplus -= flows[0]
        deficit -= flows[2]
    return totals


def _tou_reference(price: pd.Series, unit: StorageUnit) -> tuple[np.ndarray, np.ndarray]:
    if unit.dispatch == "self_consumption":
        return np.zeros(len(price), bool), np.ones(len(price), bool)
    day = price.groupby(price.index.date)
    low = day.transform(lambda p: p.quantile(LOW_QUANTILE))
    high = day.transform(lambda p: p.quantile(HIGH_QUANTILE))
    top = day.transform("max")
    cheap = (price <= low) & (price < high) & (price < unit.round_trip_efficiency * top)
    return cheap.to_numpy(), (price >= high).to_numpy()


def _one_unit_reference(
    unit: StorageUnit, surplus: np.ndarray, deficit: np.ndarray, cheap: np.ndarray, dear: np.ndarray
) -> list[np.ndarray]:
    eta = unit.round_trip_efficiency**0.5
    low, high = unit.min_soc_fraction * unit.energy_kwh, unit.max_soc_fraction * unit.energy_kwh
    soc, green = unit.initial_soc_fraction * unit.energy_kwh, 0.0
    flows = [np.zeros(len(surplus)) for _ in range(6)]
    for h in range(len(surplus)):
        room = max((high - soc) / eta, 0.0)
        pv_in = min(surplus[h], unit.power_kw, room)
        grid_in = min(unit.power_kw - pv_in, room - pv_in) if cheap[h] else 0.0
        out = min(deficit[h], unit.power_kw, (soc - low) * eta) if dear[h] and not cheap[h] else 0.0
        share = green / soc if soc > 0 else 0.0
        soc += eta * (pv_in + grid_in) - out / eta
        green += eta * pv_in - share * out / eta
        loss = (1 - eta) * (pv_in + grid_in) + out / eta - out
        values = (pv_in, grid_in, out, share * out, share * out, loss)  # all PV certificates kept
        for flow, value in zip(flows, values, strict=True):
            flow[h] = value
    return flows


def main() -> None:
    load, pv, units, price = synthetic_park()
    fast_s = []
    for _ in range(3):
        start = time.perf_counter()
        result = hourly_energy_balance(load, pv, units, share_surplus=True, price_cny_per_kwh=price)
        fast_s.append(time.perf_counter() - start)

    tracemalloc.start()
    hourly_energy_balance(load, pv, units, share_surplus=True, price_cny_per_kwh=price)
    peak_mb = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()

    frames = (pd.DataFrame(load, index=HOURS), pd.DataFrame(pv, index=HOURS))
    start = time.perf_counter()
    reference = reference_balance(*frames, units, pd.Series(price, index=HOURS))
    slow_s = time.perf_counter() - start

    for name, frame in reference.items():
        assert np.allclose(getattr(result, name), frame.to_numpy(), rtol=1e-9, atol=1e-6), name
    print(f"park: {load.shape[0]} h x {load.shape[1]} enterprises, {len(units)} storage units")
    first, best = fast_s[0], min(fast_s)
    print(f"vectorised balance + storage: {first * 1e3:8.1f} ms first call")
    print(f"                              {best * 1e3:8.1f} ms best of 3")
    print(f"per-enterprise pandas loop:   {slow_s * 1e3:8.1f} ms")
    print(f"speed-up: {slow_s / first:.1f}x (first call), {slow_s / best:.1f}x (best)")
    print(f"same numbers: yes ({len(reference)} flows compared with np.allclose)")
    print(f"peak memory of the vectorised call (tracemalloc): {peak_mb:.0f} MiB")


if __name__ == "__main__":
    main()
