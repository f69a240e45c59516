"""The LP: least annualised cost of reaching a park target, built with linopy, solved by HiGHS.

Decisions: PV per roof class ``pv_kw[c]`` (up to the class's free capacity), one battery's
energy ``storage_kwh`` and power ``storage_kw`` (≤ energy ÷ ``storage_hours``), a new
green-power contract bought by the park ``contract_kwh`` (flat delivery, a year's kWh) and
unbundled certificates ``certificate_kwh``. Hourly, in each modelled period (cyclic):

- new PV is used on site, stored, or exported: ``gen = used + to_storage + export``;
- what it displaces is at most the base run's grid import: ``used + discharge ≤ grid_base``;
- the battery charges from PV any hour and from the grid in cheap hours, and discharges in
  expensive hours only (the engine's ``tou_arbitrage`` hours, which the plan's batteries
  follow): ``soc = soc[t-1] + η·(to_storage + grid_charge) − discharge/η``,
  ``soc ≤ storage_kwh``, ``to_storage + grid_charge, discharge ≤ storage_kw``,
  η = √(round trip);
- contracts and certificates cover grid electricity still not green, with the exported PV's
  kept certificates: ``contract + certificates + Σ export ≤ uncovered_base − Σ(used + discharge)``.

Objective [CNY/year, change against the base]: capex × capital recovery factor + opex of PV
and storage, − grid purchases avoided × the hour's price, − exports × min(export price, the
hour's grid price − 0.001) (the engine uses PV on site before exporting, so an export must never pay
more than using it), + contract premium and certificate price. Targets (park-level): ``green-share`` green_base +
Σ(used + η²·to_storage) + contract + certificates ≥ X × load (exported PV's kept certificates
are left out: the engine counts them only against the owner's own uncovered use); ``cfe`` Σ matched ≥ X ×
load with matched_h ≤ load_h and ≤ timed green_base_h + used_h + contract_h, contract_h no
more than its flat delivery nor than the hour's remaining grid purchase (the battery's
discharge is not counted: it may hold grid energy);
``zero-carbon-core`` CO2_base − factor × (Σ(used + discharge) + contract + certificates) ≤
limit × energy at each conversion (PV used replaces grid electricity at the same coefficient
in the denominator, which is therefore unchanged).
"""

from __future__ import annotations

import logging
import math
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np
import xarray as xr

from greenpark.optimize.basis import CONVERSIONS, Basis
from greenpark.optimize.periods import Periods
from greenpark.optimize.target import Target
from greenpark.scenarios.economics import capital_recovery_factor

DIMS = ("period", "t")
#: how much less than the hour's grid price an export may earn [CNY/kWh] (a tie-break)
TIE_BREAK_CNY_PER_KWH = 0.001
#: HiGHS options: interior point without crossover (issue 15: 4× faster than the default)
HIGHS_OPTIONS: dict[str, Any] = {"solver": "ipm", "run_crossover": "off", "output_flag": False}


@dataclass(frozen=True)
class Limits:
    """Upper bounds on what may be bought: battery energy [kWh], contract and certificates
    [kWh/year] (None: no bound)."""

    contract_kwh: float | None = None
    certificate_kwh: float | None = None
    storage_kwh: float | None = None


@dataclass(frozen=True)
class Built:
    """A built model and the linear expressions the solution is read from."""

    model: Any
    hourly: dict[str, Any]
    green_kwh: Any
    covered_kwh: Any
    uncovered_kwh: Any
    cost: dict[str, Any]


def _array(values: np.ndarray, periods: Periods) -> xr.DataArray:
    return xr.DataArray(values[periods.hour_index], dims=DIMS)


def _decisions(m: Any, basis: Basis, limits: Limits) -> None:
    classes = [c.name for c in basis.classes]
    bounds = xr.DataArray([c.bound_kw for c in basis.classes], coords={"roof_class": classes})
    m.add_variables(lower=0, upper=bounds, name="pv_kw")
    m.add_variables(lower=0, name="storage_kw")
    for name in ("storage_kwh", "contract_kwh", "certificate_kwh"):
        bound = getattr(limits, name)
        m.add_variables(lower=0, upper=math.inf if bound is None else bound, name=name)


def _hourly(m: Any, basis: Basis, periods: Periods) -> dict[str, Any]:
    coords = [np.arange(n) for n in periods.hour_index.shape]
    cheap, expensive = basis.battery_hours()
    upper = {
        "grid_charge_kwh": xr.DataArray(
            np.where(cheap, np.inf, 0.0)[periods.hour_index], dims=DIMS
        ),
        "discharge_kwh": xr.DataArray(
            np.where(expensive, np.inf, 0.0)[periods.hour_index], dims=DIMS
        ),
    }
    flows = {
        name: m.add_variables(
            lower=0, upper=upper.get(name, np.inf), coords=coords, dims=DIMS, name=name
        )
        for name in (
            "used_kwh",
            "to_storage_kwh",
            "grid_charge_kwh",
            "export_kwh",
            "discharge_kwh",
            "soc_kwh",
        )
    }
    profile = xr.DataArray(
        basis.pv_kwh_per_kw[periods.hour_index],
        dims=(*DIMS, "roof_class"),
        coords={"roof_class": [c.name for c in basis.classes]},
    )
    gen = (profile * m.variables["pv_kw"]).sum("roof_class")
    m.add_constraints(
        gen - flows["used_kwh"] - flows["to_storage_kwh"] - flows["export_kwh"] == 0,
        name="pv_split",
    )
    grid = _array(basis.grid_import_kwh, periods)
    m.add_constraints(flows["used_kwh"] + flows["discharge_kwh"] <= grid, name="displaced")
    _storage(m, basis, flows)
    return flows


def _storage(m: Any, basis: Basis, flows: dict[str, Any]) -> None:
    eta = math.sqrt(basis.storage_round_trip_efficiency)
    soc, discharge = flows["soc_kwh"], flows["discharge_kwh"]
    charge = flows["to_storage_kwh"] + flows["grid_charge_kwh"]
    m.add_constraints(soc - soc.roll(t=1) - eta * charge + (1.0 / eta) * discharge == 0, name="soc")
    m.add_constraints(soc - m.variables["storage_kwh"] <= 0, name="soc_max")
    m.add_constraints(charge - m.variables["storage_kw"] <= 0, name="charge_max")
    m.add_constraints(discharge - m.variables["storage_kw"] <= 0, name="discharge_max")
    m.add_constraints(
        basis.storage_hours * m.variables["storage_kw"] - m.variables["storage_kwh"] <= 0,
        name="storage_duration",
    )


def _cost(m: Any, basis: Basis, periods: Periods, flows: dict[str, Any]) -> dict[str, Any]:
    c = basis.costs
    crf = capital_recovery_factor(c.discount_rate_fraction, c.analysis_years)
    pv_kw = m.variables["pv_kw"].sum()
    storage = m.variables["storage_kwh"]
    weight = xr.DataArray(periods.weight, dims="period")
    price = _array(basis.price_cny_per_kwh, periods)
    avoided = flows["used_kwh"] + flows["discharge_kwh"] - flows["grid_charge_kwh"]
    # the engine uses PV on site before exporting it: an export earns less than the grid
    # price of its hour (by TIE_BREAK), so the LP never exports PV the park could use
    export_price = np.minimum(price - TIE_BREAK_CNY_PER_KWH, basis.export_price_cny_per_kwh)
    return {
        "capex_annuity_cny": crf
        * (c.pv_capex_cny_per_kw * pv_kw + c.storage_capex_cny_per_kwh * storage),
        "opex_cny": c.pv_opex_cny_per_kw_year * pv_kw + c.storage_opex_cny_per_kwh_year * storage,
        "bill_change_cny": -(weight * price * avoided).sum(),
        "export_change_cny": -(weight * export_price * flows["export_kwh"]).sum(),
        "purchases_cny": c.contract_premium_cny_per_kwh * m.variables["contract_kwh"]
        + c.certificate_price_cny_per_mwh / 1000.0 * m.variables["certificate_kwh"],
    }


def build(basis: Basis, periods: Periods, limits: Limits) -> Built:
    """The model without target or objective (see :func:`with_target`, :func:`best_reachable`)."""
    import linopy

    m = linopy.Model()
    _decisions(m, basis, limits)
    flows = _hourly(m, basis, periods)
    weight = xr.DataArray(periods.weight, dims="period")
    eta_rt = basis.storage_round_trip_efficiency
    bought = m.variables["contract_kwh"] + m.variables["certificate_kwh"]
    displaced = (
        weight * (flows["used_kwh"] + flows["discharge_kwh"] - flows["grid_charge_kwh"])
    ).sum()
    exported = (weight * flows["export_kwh"]).sum()
    used_up = bought + exported + displaced
    m.add_constraints(used_up <= basis.uncovered_kwh, name="uncovered")
    green = (weight * (flows["used_kwh"] + eta_rt * flows["to_storage_kwh"])).sum() + bought
    return Built(m, flows, green, displaced + bought, used_up, _cost(m, basis, periods, flows))


def _weighted(values: np.ndarray, periods: Periods) -> float:
    return float((values[periods.hour_index] * periods.weight[:, None]).sum())


def matched_kwh(built: Built, basis: Basis, periods: Periods) -> Any:
    """Σ weight × matched_h (adds ``matched_kwh`` ≤ load_h and ≤ timed green_h, and the
    contract's delivery the hour can take, ``contract_used_kwh``: no more than is delivered
    (flat: a year's kWh ÷ the hours of the year) nor than is still bought from the grid, since
    the engine attributes contract power to grid purchases only)."""
    m, flows = built.model, built.hourly
    coords = [np.arange(n) for n in periods.hour_index.shape]
    matched = m.add_variables(lower=0, coords=coords, dims=DIMS, name="matched_kwh")
    taken = m.add_variables(lower=0, coords=coords, dims=DIMS, name="contract_used_kwh")
    m.add_constraints(matched <= _array(basis.load_kwh, periods), name="matched_load")
    m.add_constraints(
        taken - m.variables["contract_kwh"] * (1.0 / len(basis.hours)) <= 0, name="delivered"
    )
    m.add_constraints(
        taken + flows["used_kwh"] + flows["discharge_kwh"] - flows["grid_charge_kwh"]
        <= _array(basis.grid_import_kwh, periods),
        name="contract_on_purchases",
    )
    m.add_constraints(
        matched - flows["used_kwh"] - taken <= _array(basis.green_hourly_kwh, periods),
        name="matched_green",
    )
    return (xr.DataArray(periods.weight, dims="period") * matched).sum()


def covered_needed_kwh(basis: Basis) -> float:
    """Non-green electricity the 910号 target needs covered [kWh]: CO2 over the limit at the
    stricter conversion ÷ the electricity factor (≤ 0: already met)."""
    p = basis.park_910
    over = [
        p.total_co2_kg - limit * p.energy_kgce[c]
        for c in CONVERSIONS
        if (limit := p.limit_t_per_tce[c]) is not None
    ]
    return max(over, default=0.0) / p.electricity_co2_kg_per_kwh


def target_kwh(built: Built, basis: Basis, periods: Periods, target: Target) -> tuple[Any, float]:
    """The target as ``expression ≥ needed`` [kWh]."""
    share = target.value_fraction or 0.0
    if target.kind == "green-share":
        return built.green_kwh, share * basis.load_total_kwh - basis.green_total_kwh
    if target.kind == "cfe":
        load = _weighted(basis.load_kwh, periods)
        return matched_kwh(built, basis, periods), share * load
    return built.covered_kwh, covered_needed_kwh(basis)


@contextmanager
def _native_stdout_closed() -> Iterator[None]:
    """HiGHS prints its banner from C++ when a solver is made, whatever its options: send the
    process's standard output to the null device meanwhile (library code prints nothing)."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 1)
            yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def solve(model: Any) -> bool:
    """Solve with HiGHS (:data:`HIGHS_OPTIONS`); True when an optimum was found. linopy's
    log is silenced meanwhile: an infeasible target is an answer, not a warning."""
    log = logging.getLogger("linopy")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        with _native_stdout_closed():
            status, condition = model.solve(
                solver_name="highs", io_api="direct", progress=False, **HIGHS_OPTIONS
            )
    finally:
        log.setLevel(level)
    return bool(status == "ok" and condition == "optimal")
