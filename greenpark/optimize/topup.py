"""The shortfall of a re-run plan, bought once more.

The LP sees the park as one node; the engine balances each enterprise behind its own meter,
so PV an owner cannot use is exported and batteries follow their dispatch rule. When the
re-run falls short, the missing amount is added where it is linear in the target:
certificates for ``green-share`` (kWh = shortfall × load) and ``zero-carbon-core`` (kWh =
(indicator − limit) × energy ÷ electricity factor at the stricter conversion); a flat contract
for ``cfe`` (kWh = shortfall × load ÷ the share of hours whose load is not yet matched, where
an added flat kWh can still match; from the second top-up on, the share the last one
actually gained), plus :data:`MARGIN`, in whole MWh. The top-up's price is added to the
solution's purchases.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from greenpark.optimize.basis import CONVERSIONS, Basis
from greenpark.optimize.optimum import Solution
from greenpark.optimize.target import TARGET_METRICS, Target
from greenpark.run_result import RunResult

#: bought beyond the shortfall: a certificate bought also covers use an exported PV's kept
#: certificate covered before, so the exact shortfall falls short again (greenpark's choice)
MARGIN = 0.02
#: the least share of a top-up that must count for another to be bought
MIN_YIELD = 0.05


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


def missing_kwh(target: Target, basis: Basis, result: RunResult) -> float | None:
    """What the re-run ``result`` lacks, as kWh of green that would close the gap if every
    kWh counted (share gap × use; CO2 over the limit ÷ the factor at the stricter
    conversion); None when the run has no value of the target's metric."""
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
    return ((target.value_fraction or 0.0) - value) * basis.load_total_kwh


def first_yield(target: Target, result: RunResult) -> float:
    """The share of a bought kWh expected to count before any is measured: all of it, but
    for ``cfe`` only in hours whose use is not yet matched."""
    return _unmatched_hour_share(result) if target.kind == "cfe" else 1.0


def measured_yield(
    missing_before_kwh: float, missing_after_kwh: float, bought_kwh: float
) -> float | None:
    """The share of the last top-up that counted (at most 1); None below :data:`MIN_YIELD`
    (buying more would not help: the engine does not count it)."""
    counted = (missing_before_kwh - missing_after_kwh) / bought_kwh
    return None if counted < MIN_YIELD else min(counted, 1.0)


def top_up_kwh(missing: float, yield_fraction: float) -> float:
    """What to buy for ``missing`` kWh when ``yield_fraction`` of it counts, plus
    :data:`MARGIN`, in whole MWh."""
    return 1000.0 * math.ceil(missing * (1.0 + MARGIN) / yield_fraction / 1000.0)


def topped_up(solution: Solution, basis: Basis, kwh: float) -> Solution:
    """``solution`` with ``kwh`` more certificates (contract for ``cfe``), priced."""
    costs, cost = basis.costs, dict(solution.cost_cny)
    total = solution.topped_up_kwh + kwh
    if solution.target.kind == "cfe":
        cost["purchases_cny"] += kwh * costs.contract_premium_cny_per_kwh
        return replace(
            solution, contract_kwh=solution.contract_kwh + kwh, cost_cny=cost, topped_up_kwh=total
        )
    cost["purchases_cny"] += kwh * costs.certificate_price_cny_per_mwh / 1000.0
    return replace(
        solution, certificate_kwh=solution.certificate_kwh + kwh, cost_cny=cost, topped_up_kwh=total
    )
