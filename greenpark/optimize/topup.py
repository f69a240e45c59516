"""The shortfall of a re-run plan, bought once more.

The LP sees the park as one node; the engine balances each enterprise behind its own meter,
so PV an owner cannot use is exported and batteries follow their dispatch rule. When the
re-run falls short, the missing amount is added where it is linear in the target:
certificates for ``green-share`` (kWh = shortfall × load) and ``zero-carbon-core`` (kWh =
(indicator − limit) × energy ÷ electricity factor at the stricter conversion); a flat contract
for ``cfe`` (kWh = shortfall × load ÷ the share of hours whose load is not yet matched, where
an added flat kWh can still match), plus :data:`MARGIN`, in whole MWh. The top-up's price
is added to the solution's purchases.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from greenpark.optimize.basis import CONVERSIONS, Basis
from greenpark.optimize.optimum import Solution
from greenpark.optimize.target import TARGET_METRICS
from greenpark.run_result import RunResult

#: bought beyond the shortfall: a certificate bought also covers use an exported PV's kept
#: certificate covered before, so the exact shortfall falls short again (greenpark's choice)
MARGIN = 0.02


def _park_value(result: RunResult, name: str) -> float | None:
    values = {**result.annual().loc["park"].to_dict(), **result.park_910()["value"].to_dict()}
    value = values.get(name)
    return None if value is None or value is np.nan or str(value) == "<NA>" else float(value)


def _unmatched_hour_share(result: RunResult) -> float:
    hourly = (
        result.hourly()
        .groupby("interval_start")[
            ["load_kwh", "green_physical_kwh", "green_trade_kwh", "green_contract_kwh"]
        ]
        .sum()
    )
    green = hourly.drop(columns="load_kwh").sum(axis=1)
    return float((green < hourly["load_kwh"]).mean())


def shortfall_kwh(solution: Solution, basis: Basis, result: RunResult) -> float | None:
    """What the re-run ``result`` still lacks [kWh of certificates or contract]; None when
    it has no value of the target's metric."""
    target = solution.target
    if target.kind == "zero-carbon-core":
        p = basis.park_910
        over = []
        for c, name in zip(CONVERSIONS, TARGET_METRICS[target.kind], strict=True):
            value, limit = _park_value(result, name), p.limit_t_per_tce[c]
            if value is None or limit is None:
                return None
            over.append((value - limit) * p.energy_kgce[c])
        return max(over) / p.electricity_co2_kg_per_kwh
    value = _park_value(result, TARGET_METRICS[target.kind][0])
    if value is None:
        return None
    missing = ((target.value_fraction or 0.0) - value) * basis.load_total_kwh
    if target.kind == "cfe":
        share = _unmatched_hour_share(result)
        return missing / share if share > 0 else None
    return missing


def topped_up(solution: Solution, basis: Basis, result: RunResult) -> Solution | None:
    """``solution`` with its shortfall bought (rounded up to whole MWh); None without one."""
    missing = shortfall_kwh(solution, basis, result)
    if missing is None or missing <= 0:
        return None
    kwh = 1000.0 * math.ceil(missing * (1.0 + MARGIN) / 1000.0)
    costs, cost = basis.costs, dict(solution.cost_cny)
    if solution.target.kind == "cfe":
        cost["purchases_cny"] += kwh * costs.contract_premium_cny_per_kwh
        return replace(
            solution, contract_kwh=solution.contract_kwh + kwh, cost_cny=cost, topped_up_kwh=kwh
        )
    cost["purchases_cny"] += kwh * costs.certificate_price_cny_per_mwh / 1000.0
    return replace(
        solution, certificate_kwh=solution.certificate_kwh + kwh, cost_cny=cost, topped_up_kwh=kwh
    )
