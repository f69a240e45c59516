"""Accounting year of a 500-enterprise park: the vectorised core vs a per-enterprise pandas loop.

Run: ``python benchmarks/bench_accounting.py [--enterprises 500] [--seed 1]``. Times the core
steps of ``greenpark run`` after PV (balance + storage, attribution with monthly contract
matching, green shares, GB/T 2589 and 能耗双控 energy, emissions and the 910号 basis), first call
and best of 3, next to the same
rules as a plain per-enterprise pandas loop (``bench_balance.reference_balance``, then
attribution, shares and emissions enterprise by enterprise) in the same run; asserts equal park
totals (rtol 1e-6) and prints peak memory (tracemalloc of one vectorised run, process maxrss).

Synthetic park (seeded), 2025: flat/shift load shapes with 5 % hourly noise; PV on ~40 % of
enterprises (daylight bell × season × daily clearness × capacity); 20 batteries on PV owners;
9 direct contracts, flat or solar-shaped (the last exceeds its buyer's load), and 1 park
contract; 28 enterprise and 2 park certificate batches, valid and not over-claimed; 3 fuels and
purchased heat for all, exported heat for ~10 %. Factors: shipped tables via FactorChoice.
Simplified so the reference stays plain: every rooftop is registered (certified fraction 1,
so shared PV always carries certificates), whole certificate batches count (claim rule
validity_2y), every contract is bundled, one fuel vintage, no process CO2.
"""

from __future__ import annotations

import argparse
import resource
import time
import tracemalloc
from dataclasses import dataclass

import numpy as np
import pandas as pd
from bench_balance import HOURS, reference_balance, tou_price  # benchmarks/ is sys.path[0]

from greenpark.core import emissions as em
from greenpark.core import load_profiles as lp
from greenpark.core.attribution import ContractDelivery, Ledger, attribution_ledger
from greenpark.core.balance import hourly_energy_balance
from greenpark.core.certificates import CertificateBatch
from greenpark.core.energy import ByConversion, Coefficients, energy_totals_kgce, fuel_kgce
from greenpark.core.park910 import (
    Supplies,
    Tier,
    core_indicator,
    park_910_co2_kg,
    park_910_energy_kgce,
)
from greenpark.core.shares import green_shares
from greenpark.core.storage import StorageUnit
from greenpark.inputs.factors.criteria import NATIONAL, load_thresholds
from greenpark.inputs.factors.registry import load_factor_registry
from greenpark.pipeline import emissions_step as step
from greenpark.pipeline.factor_choice import FactorChoice

YEAR, VINTAGE = 2025, "gbt32151"
FUELS = ("coal_washed", "natural_gas", "diesel")  # canonical units kg, m³, kg
STAGES = ("balance + storage", "attribution", "green shares", "energy (GB/T 2589)", "emissions")
LEDGER_FLOWS = "load pv_self storage_discharge_green shared_out shared_in grid_import"
TOTALS = "green_kwh contract_kwh certificate_kwh scope2_location_co2_kg scope2_market_co2_kg "
TOTALS += "net_heat_co2_kg park_910_co2_kg energy_tce sum_hourly_matched_fraction"


@dataclass(frozen=True)
class Park:
    load_kwh: np.ndarray
    pv_kwh: np.ndarray
    units: list[StorageUnit]
    price: np.ndarray
    contracts: list[ContractDelivery]
    certificates: list[CertificateBatch]
    fuel: np.ndarray
    heat_gj: np.ndarray
    exported_heat_gj: np.ndarray


@dataclass(frozen=True)
class Factors:
    """Factors from the shipped tables in canonical units; fuel arrays in FUELS order."""

    ncv_gj_per_unit: np.ndarray
    carbon_kg_per_gj: np.ndarray
    oxidation_fraction: np.ndarray
    fuel_kgce_per_unit: np.ndarray
    grid_average: float  # Shanxi average [kg CO2/kWh], location-based Scope 2
    grid_residual: float  # national excl. market-traded non-fossil, market-based Scope 2
    grid_fossil: float  # 910号 Annex-4 factor, 910号 basis
    heat_co2_kg_per_gj: float
    heat_kgce_per_gj: float
    electricity_primary_kgce_per_kwh: float
    electricity_calorific_kgce_per_kwh: float
    tiers: tuple[Tier, ...]  # 910号 national size tiers

    @property
    def coefficients(self) -> Coefficients:
        return Coefficients(
            self.electricity_primary_kgce_per_kwh,
            self.electricity_calorific_kgce_per_kwh,
            self.heat_kgce_per_gj,
        )


def shipped_factors() -> Factors:
    c = FactorChoice(load_factor_registry(), YEAR)
    fuel = []
    for f in FUELS:
        value = c.heating_value(f, VINTAGE)  # one heating value for Scope 1 and tce
        fuel.append((value.gj_per_unit, *c.carbon_and_oxidation(f, VINTAGE), value.kgce_per_unit))
    return Factors(
        *np.array(fuel).T,
        c.grid(region="shanxi", year=YEAR, variant="average"),
        c.grid(region="national", year=YEAR, variant="excl_market_nonfossil"),
        c.get("grid.park910.fossil.annex4"),
        c.get(step.HEAT_CO2_ID),
        c.get(step.HEAT_KGCE_ID),
        c.get(step.ELECTRICITY_PRIMARY_ID),
        c.get(step.ELECTRICITY_CALORIFIC_ID),
        tuple(t.tier for t in load_thresholds() if t.jurisdiction == NATIONAL),
    )


def synthetic_park(n: int, seed: int) -> Park:
    rng = np.random.default_rng(seed)
    shapes = list(rng.choice(["continuous_process", "three_shift", "two_shift", "one_shift"], n))
    monthly = rng.uniform(2e4, 2e6, (1, n)) * rng.uniform(0.8, 1.2, (12, 1))
    makeup = lp.china_makeup_workdays(YEAR)
    load = lp.hourly_from_monthly_kwh(
        monthly, shapes, HOURS, lp.china_holidays(YEAR), makeup_workdays=makeup
    )
    load *= rng.normal(1.0, 0.05, load.shape).clip(0.5)
    season = 1 + 0.25 * np.cos(2 * np.pi * (HOURS.day_of_year.to_numpy() - 172) / 365)
    sun = np.clip(np.sin((HOURS.hour.to_numpy() - 6) / 12 * np.pi), 0, None) * season
    sun *= np.repeat(rng.uniform(0.2, 1.0, 365), 24)
    capacity_kw = rng.uniform(100, 2000, n) * (rng.random(n) < 0.4)
    units = _storage(rng, np.flatnonzero(capacity_kw))
    buyers, others = np.split(rng.permutation(np.flatnonzero(capacity_kw == 0)), [8])
    annual, pv = load.sum(axis=0), sun[:, None] * capacity_kw * 0.8
    contracts = _contracts(rng, annual, sun, [*buyers, buyers[0]])
    certificates = _certificates(rng, annual, others)
    fuel = rng.uniform(0, 1, (n, 3)) * [5e6, 2e6, 2e5] * (rng.random((n, 3)) < 0.5)
    heat_gj = rng.uniform(100, 5e4, n)
    exported_gj = heat_gj * rng.uniform(0, 0.5, n) * (rng.random(n) < 0.1)
    price = tou_price(HOURS)  # Shanxi 2026 spring TOU on a flat price of 1 (china-factors 7c)
    return Park(load, pv, units, price, contracts, certificates, fuel, heat_gj, exported_gj)


def _storage(rng: np.random.Generator, pv_owners: np.ndarray) -> list[StorageUnit]:
    """19 PV owners with one battery each, one of them with a second; every 5th on TOU.

    Synthetic round-trip efficiencies 0.80-0.95; full SOC window, half charged at the start.
    """
    owners = rng.choice(pv_owners, 19, replace=False)
    return [
        StorageUnit(
            int(o),
            rng.uniform(200, 5000),
            rng.uniform(100, 2500),
            rng.uniform(0.8, 0.95),
            dispatch="self_consumption" if i % 5 else "tou_arbitrage",
        )
        for i, o in enumerate([*owners, owners[3]])
    ]


def _contracts(
    rng: np.random.Generator, annual_kwh: np.ndarray, sun: np.ndarray, buyers: list[int]
) -> list[ContractDelivery]:
    shapes = (np.full(len(sun), 1 / len(sun)), sun / sun.sum())
    sizes = [*rng.uniform(0.1, 0.6, len(buyers) - 1), 1.0]
    contracts = [
        ContractDelivery(f"GC{i:02d}", int(b), shapes[i % 2] * annual_kwh[b] * size)
        for i, (b, size) in enumerate(zip(buyers, sizes, strict=True))
    ]
    return [*contracts, ContractDelivery("GC-park", None, shapes[1] * annual_kwh.sum() * 0.03)]


def _certificates(
    rng: np.random.Generator, annual_kwh: np.ndarray, claimants: np.ndarray
) -> list[CertificateBatch]:
    """Enterprise batches of 0.5-3 % of the claimant's load; park batches of 1 % [MWh]."""
    chosen = rng.choice(claimants, 28)
    mwh = [max(1, round(annual_kwh[e] * rng.uniform(0.005, 0.03) / 1e3)) for e in chosen]
    batches = [
        CertificateBatch(f"GEC{i:03d}", mwh[i], "2024-07", "2025-03", int(e), YEAR)
        for i, e in enumerate(chosen)
    ]
    park_mwh = round(annual_kwh.sum() * 0.01 / 1e3)
    return batches + [
        CertificateBatch(f"P{i}", park_mwh, "2025-01", "2025-06", None, YEAR) for i in range(2)
    ]


def vectorised(park: Park, f: Factors) -> tuple[list[float], dict[str, float]]:
    """Stage times [s] and park totals of one run of the core functions, as the pipeline runs."""
    laps = [time.perf_counter()]
    b = hourly_energy_balance(
        park.load_kwh, park.pv_kwh, park.units, share_surplus=True, price_cny_per_kwh=park.price
    )
    laps.append(time.perf_counter())
    ledger = attribution_ledger(
        [f"E{e:03d}" for e in range(b.load_kwh.shape[1])],
        **{f"{name}_kwh": getattr(b, f"{name}_kwh") for name in LEDGER_FLOWS.split()},
        certified_fraction=np.ones(b.load_kwh.shape[1]),
        accounting_year=YEAR,
        contracts=park.contracts,
        certificates=park.certificates,
        matching_period_of_hour=HOURS.month.to_numpy() - 1,
        claim_rule="validity_2y",
    )
    laps.append(time.perf_counter())
    shares = green_shares(ledger, b.load_kwh, HOURS.month.to_numpy())
    laps.append(time.perf_counter())
    grid = b.grid_import_kwh.sum(axis=0)
    onsite = (b.pv_self_kwh + b.storage_discharge_pv_kwh + b.shared_in_kwh).sum(axis=0)
    energy = energy_totals_kgce(
        fuel_kgce=fuel_kgce(park.fuel, f.fuel_kgce_per_unit),
        feedstock_kgce=np.zeros_like(grid),
        grid_import_kwh=grid,
        onsite_renewable_kwh=onsite,
        certified_nonfossil_kwh=ledger.green_kwh,
        purchased_heat_gj=park.heat_gj,
        exported_heat_gj=park.exported_heat_gj,
        exported_electricity_kwh=np.zeros_like(grid),
        coefficients=f.coefficients,
    )
    laps.append(time.perf_counter())
    co2 = _emissions(park, f, grid, ledger, energy.consumed)
    laps.append(time.perf_counter())
    values = (ledger.green_kwh, ledger.contract_kwh, ledger.certificate_kwh, *co2)
    values += (energy.gbt2589.calorific / 1e3, shares.hourly_matched_fraction)
    totals = {name: float(np.sum(v)) for name, v in zip(TOTALS.split(), values, strict=True)}
    return list(np.diff(laps)), totals


def _emissions(
    park: Park, f: Factors, grid_kwh: np.ndarray, ledger: Ledger, consumed: ByConversion
) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """Scope 2 location and market-based, net heat [kg] (E,) and 910号 park CO2 [kg]."""
    fuel_co2 = em.scope1_fuel_co2_kg(
        park.fuel, f.ncv_gj_per_unit, f.carbon_kg_per_gj, f.oxidation_fraction
    )
    scope1 = em.scope1_co2_kg(fuel_co2, np.zeros_like(grid_kwh))
    green, heat_co2 = (ledger.contract_kwh, ledger.certificate_kwh), f.heat_co2_kg_per_gj
    supplies = Supplies(boundary_heat_gj=float(park.exported_heat_gj.sum()))
    park_910 = park_910_co2_kg(
        non_green_electricity_kwh=em.non_green_grid_kwh(grid_kwh, *green),
        electricity_co2_kg_per_kwh=f.grid_fossil,
        purchased_heat_gj=park.heat_gj,
        heat_co2_kg_per_gj=heat_co2,
        scope1_co2=scope1,
        supplies=supplies,
    )
    denominator = park_910_energy_kgce(consumed, supplies, f.coefficients).net
    for conversion in ("calorific", "primary"):
        energy_kgce = float(denominator.get(conversion))
        core_indicator(park_910.total_co2_kg, energy_kgce, f.tiers, conversion)
    return (
        em.scope2_location_based_co2_kg(grid_kwh, f.grid_average),
        em.scope2_market_based_co2_kg(grid_kwh, *green, f.grid_residual),
        em.net_heat_co2_kg(park.heat_gj, park.exported_heat_gj, heat_co2, heat_co2),
        park_910.total_co2_kg,
    )


def reference(park: Park, f: Factors) -> dict[str, float]:
    """The same rules, one enterprise at a time with pandas (see the module docstring)."""
    load, pv = (pd.DataFrame(a, index=HOURS) for a in (park.load_kwh, park.pv_kwh))
    flows = reference_balance(load, pv, park.units, pd.Series(park.price, index=HOURS))
    month = pd.Series(HOURS.month, index=HOURS)
    direct: dict[int, pd.Series] = {}
    for c in (c for c in park.contracts if c.buyer is not None):
        direct[c.buyer] = direct.get(c.buyer, 0.0) + pd.Series(c.delivery_kwh, index=HOURS)
    rows = {}
    for e in load.columns:
        own = ("pv_self_kwh", "storage_discharge_green_kwh", "shared_in_kwh")
        physical, grid = sum(flows[k][e] for k in own), flows["grid_import_kwh"][e]
        uncovered = load[e] - physical
        cap = np.minimum(grid, uncovered.clip(lower=0))
        delivered = direct.get(e, pd.Series(0.0, index=HOURS))
        cap_m, delivered_m = cap.groupby(month).sum(), delivered.groupby(month).sum()
        covered_m = np.minimum(cap_m, delivered_m)
        ratio_m = (covered_m / delivered_m).where(delivered_m > 0, 0.0)
        rows[e] = {
            "load": load[e],
            "physical": physical,
            "uncovered": uncovered.sum(),
            "left_m": cap_m - covered_m,
            "contract": delivered * month.map(ratio_m),
            "grid": grid.sum(),
            "certificate": 0.0,
        }
    _reference_park_green(rows, park, month)
    return _reference_totals(rows, park, f)


def _reference_park_green(rows: dict[int, dict], park: Park, month: pd.Series) -> None:
    """Park contract per month pro rata to cover left; certificates (park: pro rata to left)."""
    park_kwh = sum(
        pd.Series(c.delivery_kwh, index=HOURS) for c in park.contracts if c.buyer is None
    )
    park_m, left_m = park_kwh.groupby(month).sum(), sum(r["left_m"] for r in rows.values())
    fraction_m = (np.minimum(park_m, left_m) / park_m).where(park_m > 0, 0.0)
    for r in rows.values():
        share_m = (r["left_m"] / left_m).where(left_m > 0, 0.0)
        r["contract"] = r["contract"] + park_kwh * month.map(fraction_m * share_m)
    for b in (b for b in park.certificates if b.claimant is not None):
        rows[b.claimant]["certificate"] += b.quantity_mwh * 1e3
    left = {
        e: max(r["uncovered"] - r["contract"].sum() - r["certificate"], 0.0)
        for e, r in rows.items()
    }
    pooled = sum(b.quantity_mwh * 1e3 for b in park.certificates if b.claimant is None)
    for e, r in rows.items():
        r["certificate"] += pooled * left[e] / sum(left.values())


def _reference_totals(rows: dict[int, dict], park: Park, f: Factors) -> dict[str, float]:
    totals = dict.fromkeys(TOTALS.split(), 0.0)
    fuel_co2_per_unit = f.ncv_gj_per_unit * f.carbon_kg_per_gj * f.oxidation_fraction * 44 / 12
    for e, r in rows.items():
        contract, certificate = r["contract"].sum(), r["certificate"]
        non_green = max(r["grid"] - contract - certificate, 0.0)
        heat_gj = park.heat_gj[e] - park.exported_heat_gj[e]
        scope1 = sum(park.fuel[e, k] * fuel_co2_per_unit[k] for k in range(len(FUELS)))
        kgce = park.fuel[e] @ f.fuel_kgce_per_unit + heat_gj * f.heat_kgce_per_gj
        kgce += (r["grid"] + r["physical"].sum()) * f.electricity_calorific_kgce_per_kwh
        timed = (r["physical"] + r["contract"]).clip(lower=0)
        values = (
            r["physical"].sum() + contract + certificate,
            contract,
            certificate,
            r["grid"] * f.grid_average,
            non_green * f.grid_residual,
            heat_gj * f.heat_co2_kg_per_gj,
            non_green * f.grid_fossil + heat_gj * f.heat_co2_kg_per_gj + scope1,
            kgce / 1e3,
            np.minimum(timed, r["load"]).sum() / r["load"].sum(),
        )
        for name, value in zip(totals, values, strict=True):
            totals[name] += value
    return totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enterprises", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    park, factors = synthetic_park(args.enterprises, args.seed), shipped_factors()
    runs = [vectorised(park, factors) for _ in range(3)]
    tracemalloc.start()
    vectorised(park, factors)
    peak_mib = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    rss_fast_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    slow = reference(park, factors)
    slow_s = time.perf_counter() - start
    fast = runs[0][1]
    for name in fast:
        assert np.allclose(fast[name], slow[name], rtol=1e-6, atol=0), (name, fast, slow)
    print(
        f"park: {args.enterprises} enterprises x {len(HOURS)} h, "
        f"{(park.pv_kwh.sum(axis=0) > 0).sum()} with PV, {len(park.units)} storage units, "
        f"{len(park.contracts)} contracts, {len(park.certificates)} certificate batches, "
        f"{len(FUELS)} fuels + heat (PV simulation not timed)"
    )
    print(f"{'vectorised':24s}{'first call':>12s}{'best of 3':>12s}  [ms]")
    for i, stage in enumerate([*STAGES, "total"]):
        times = [sum(t) if stage == "total" else t[i] for t, _ in runs]
        print(f"{stage:24s}{times[0] * 1e3:12.1f}{min(times) * 1e3:12.1f}")
    first, best = sum(runs[0][0]), min(sum(t) for t, _ in runs)
    print(f"{'per-enterprise pandas loop':24s}{slow_s * 1e3:12.1f}")
    print(f"ratio loop / vectorised: {slow_s / first:.1f}x first call, {slow_s / best:.1f}x best")
    print(
        f"same park totals ({len(fast)} compared, rtol 1e-6): green "
        f"{fast['green_kwh'] / 1e6:,.1f} GWh, Scope 2 market-based "
        f"{fast['scope2_market_co2_kg'] / 1e6:,.1f} kt CO2, {fast['energy_tce']:,.0f} tce"
    )
    rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"peak memory: vectorised run {peak_mib:.0f} MiB (tracemalloc); maxrss {rss_fast_mib:.0f} "
        f"MiB after the vectorised runs, {rss_mib:.0f} MiB after the loop"
    )


if __name__ == "__main__":
    main()
