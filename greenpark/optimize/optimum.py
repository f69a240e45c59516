"""The least-cost plan for a target, or, when none reaches it, the best reachable value and
what binds (solve again maximising the target)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from greenpark.errors import GreenparkError
from greenpark.i18n import text
from greenpark.optimize.basis import CONVERSIONS, Basis
from greenpark.optimize.model import Built, Limits, build, solve, target_kwh
from greenpark.optimize.periods import Periods
from greenpark.optimize.target import Target

#: relative closeness at which a bound counts as reached
AT_BOUND = 1e-3
#: how far below the best reachable value the least-cost plan for it may stay (relative)
BEST_SLACK = 1e-6


@dataclass(frozen=True)
class Binding:
    """A constraint that stops the target: ``code`` and its numbers (units in the names)."""

    code: str
    params: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Solution:
    """What the LP chose [units in names] and what it costs [CNY/year, against the base];
    ``target_values`` the target's metrics as the LP estimates them; without a feasible
    plan, ``feasible`` is False, ``best_values`` the best reachable and ``binding`` why."""

    target: Target
    periods: str
    variables: int
    feasible: bool
    pv_kw: dict[str, float]
    storage_kwh: float
    storage_kw: float
    contract_kwh: float
    certificate_kwh: float
    uncovered_left_kwh: float
    cost_cny: dict[str, float]
    target_values: dict[str, float]
    best_values: dict[str, float] = field(default_factory=dict)
    binding: tuple[Binding, ...] = ()
    topped_up_kwh: float = 0.0

    @property
    def total_cost_cny(self) -> float:
        return float(sum(self.cost_cny.values()))


def _value(expression: Any) -> float:
    """The solved value of a linopy variable or expression (summed)."""
    return float(np.asarray(expression.solution).sum())


def _hourly(built: Built, name: str) -> np.ndarray:
    return np.asarray(built.hourly[name].solution, dtype=float)


def target_values(built: Built, basis: Basis, periods: Periods, target: Target) -> dict[str, float]:
    """The target's metrics at the solution (LP estimate, park level)."""
    m = built.model
    if target.kind == "green-share":
        green = basis.green_total_kwh + _value(built.green_kwh)
        return {"green_share_fraction": min(green / basis.load_total_kwh, 1.0)}
    if target.kind == "cfe":
        load = basis.load_kwh[periods.hour_index]
        timed = (
            basis.green_hourly_kwh[periods.hour_index]
            + _hourly(built, "used_kwh")
            + np.asarray(m.variables["contract_used_kwh"].solution, dtype=float)
        )
        weight = periods.weight[:, None]
        matched = float((weight * np.minimum(timed, load)).sum())
        return {"green_share_hourly_matched_fraction": matched / float((weight * load).sum())}
    p = basis.park_910
    co2 = p.total_co2_kg - p.electricity_co2_kg_per_kwh * _value(built.covered_kwh)
    return {f"park_910_co2_t_per_tce_{c}": co2 / p.energy_kgce[c] for c in CONVERSIONS}


def _solution(built: Built, basis: Basis, periods: Periods, target: Target) -> Solution:
    m = built.model
    pv = m.variables["pv_kw"].solution
    return Solution(
        target=target,
        periods=periods.label,
        variables=int(m.nvars),
        feasible=True,
        pv_kw={
            str(c): max(float(pv.sel(roof_class=c)), 0.0) for c in pv.coords["roof_class"].values
        },
        storage_kwh=max(_value(m.variables["storage_kwh"]), 0.0),
        storage_kw=max(_value(m.variables["storage_kw"]), 0.0),
        contract_kwh=max(_value(m.variables["contract_kwh"]), 0.0),
        certificate_kwh=max(_value(m.variables["certificate_kwh"]), 0.0),
        uncovered_left_kwh=basis.uncovered_kwh - _value(built.uncovered_kwh),
        cost_cny={name: _value(expr) for name, expr in built.cost.items()},
        target_values=target_values(built, basis, periods, target),
    )


def least_cost(
    basis: Basis, target: Target, periods: Periods, limits: Limits | None = None
) -> Solution:
    """The least-cost plan reaching ``target``; without one, the best reachable
    (:func:`best_reachable`)."""
    built = build(basis, periods, limits or Limits())
    reached, needed = target_kwh(built, basis, periods, target)
    built.model.add_constraints(reached >= needed, name="target")
    built.model.add_objective(sum(built.cost.values()))
    if solve(built.model):
        return _solution(built, basis, periods, target)
    return best_reachable(basis, target, periods, limits or Limits())


def _solved(built: Built) -> None:
    if not solve(built.model):
        raise GreenparkError(
            text(
                "求解器（HiGHS）未能求出目标的最好可达值；请用 --hours rep-days:N 重试",
                "the solver (HiGHS) found no best reachable value of the target; "
                "try again with --hours rep-days:N",
            )
        )


def best_reachable(basis: Basis, target: Target, periods: Periods, limits: Limits) -> Solution:
    """The best reachable target value, what binds there (from the plan maximising the
    target) and the least-cost plan reaching that value (within :data:`BEST_SLACK`), marked
    infeasible."""
    built = build(basis, periods, limits)
    reached, _ = target_kwh(built, basis, periods, target)
    built.model.add_objective(reached, sense="max")
    _solved(built)
    most = _value(reached)
    found = binding(_solution(built, basis, periods, target), basis, limits)
    built = build(basis, periods, limits)
    reached, _ = target_kwh(built, basis, periods, target)
    built.model.add_constraints(reached >= most - BEST_SLACK * abs(most), name="best")
    built.model.add_objective(sum(built.cost.values()))
    _solved(built)
    best = _solution(built, basis, periods, target)
    return replace(best, feasible=False, best_values=best.target_values, binding=found)


def _near(value: float, bound: float) -> bool:
    return value >= bound * (1.0 - AT_BOUND)


def binding(best: Solution, basis: Basis, limits: Limits) -> tuple[Binding, ...]:
    """What stops the best plan going further: fuels and heat over the 910号 limit, roof
    potential used up, all grid electricity already green, market limits reached."""
    found: list[Binding] = []
    p = basis.park_910
    if best.target.kind == "zero-carbon-core":
        for c in CONVERSIONS:
            limit = p.limit_t_per_tce[c]
            floor = p.fixed_co2_kg / p.energy_kgce[c]
            if limit is not None and floor > limit:
                found.append(
                    Binding(
                        f"fixed_co2_over_limit_{c}",
                        {"co2_t_per_tce": floor, "limit_t_per_tce": limit},
                    )
                )
    bound = sum(c.bound_kw for c in basis.classes)
    if _near(sum(best.pv_kw.values()), bound):
        found.append(Binding("roof_potential_used", {"pv_kw": bound}))
    if best.uncovered_left_kwh <= AT_BOUND * basis.uncovered_kwh:
        found.append(Binding("all_electricity_green", {"kwh": basis.uncovered_kwh}))
    for name in ("storage", "contract", "certificate"):
        cap = getattr(limits, f"{name}_kwh")
        if cap is not None and _near(getattr(best, f"{name}_kwh"), cap):
            found.append(Binding(f"{name}_limit", {"kwh": cap}))
    return tuple(found)
