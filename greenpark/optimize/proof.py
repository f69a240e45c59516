"""The plan proved: the scenario file read back like any scenario, run through
:func:`greenpark.run`, priced like any scenario (:func:`greenpark.scenarios.appraisal.appraisal`),
and set beside the LP's target values and cost.

Tolerances (stated, checked by :attr:`Proof.agrees`): the re-simulated target metric within
:data:`TARGET_TOLERANCE` of the LP's (absolute; shares and t/tce), the annualised cost within
:data:`COST_TOLERANCE` of the LP's gross spending (capex annuity + opex + purchases), since
the LP sees the park as one node while the engine balances each enterprise behind its meter
and dispatches batteries by its own rule.
"""

from __future__ import annotations

from dataclasses import dataclass

from greenpark.api import run
from greenpark.inputs.park.load import Park
from greenpark.optimize.optimum import Solution
from greenpark.optimize.target import TARGET_METRICS
from greenpark.run_result import RunResult
from greenpark.run_spec import RunSpec
from greenpark.scenarios.appraisal import Appraisal, PricedRun, appraisal
from greenpark.scenarios.economics import capital_recovery_factor
from greenpark.scenarios.scenario import Scenario

TARGET_TOLERANCE = 0.02
COST_TOLERANCE = 0.15


@dataclass(frozen=True)
class Proof:
    """LP and re-simulated values of the target's metrics, and the annualised cost of each
    [CNY/year against the base]; ``meets`` whether the re-run reaches the target."""

    lp_values: dict[str, float]
    run_values: dict[str, float | None]
    lp_cost_cny: dict[str, float]
    run_cost_cny: dict[str, float]
    meets: bool
    result: RunResult

    @property
    def target_gap(self) -> float:
        """Largest |re-run − LP| over the target's metrics (inf where the run has no value)."""
        return max(
            abs(v - self.lp_values[k]) if v is not None else float("inf")
            for k, v in self.run_values.items()
        )

    @property
    def spending_cny(self) -> float:
        """The plan's gross yearly spending [CNY/year]: capex annuity, opex, purchases."""
        lp = self.lp_cost_cny
        return lp["capex_annuity_cny"] + lp["opex_cny"] + lp["purchases_cny"]

    @property
    def cost_gap_cny(self) -> float:
        """Re-run − LP annualised cost [CNY/year]."""
        return sum(self.run_cost_cny.values()) - sum(self.lp_cost_cny.values())

    @property
    def agrees(self) -> bool:
        cost_ok = abs(self.cost_gap_cny) <= COST_TOLERANCE * max(self.spending_cny, 1.0)
        return self.target_gap <= TARGET_TOLERANCE and cost_ok


def _meets(solution: Solution, after: PricedRun) -> bool:
    target = solution.target
    if target.kind == "zero-carbon-core":
        return all(
            (value := after.park.get(name)) is not None
            and (limit := after.park.get(name.replace("_co2_", "_limit_"))) is not None
            and value <= limit
            for name in TARGET_METRICS[target.kind]
        )
    value = after.park.get(TARGET_METRICS[target.kind][0])
    return value is not None and value >= (target.value_fraction or 0.0) - 1e-9


def prove(park: Park, base: RunResult, scenario: Scenario, solution: Solution) -> Proof:
    """Re-run ``park`` with the plan's ``scenario`` and compare with the LP's ``solution``."""
    before = PricedRun.of(base)
    result = run(RunSpec(park, overlay=scenario.overlay))
    after = PricedRun.of(result)
    money = appraisal(before, after, scenario.costs)
    return Proof(
        lp_values=solution.target_values,
        run_values={k: after.park.get(k) for k in TARGET_METRICS[solution.target.kind]},
        lp_cost_cny=dict(solution.cost_cny),
        run_cost_cny=_run_cost(money, scenario),
        meets=_meets(solution, after),
        result=result,
    )


def _run_cost(money: Appraisal, scenario: Scenario) -> dict[str, float]:
    """The re-run's yearly cost in the LP's parts [CNY/year against the base]."""
    costs = scenario.costs
    crf = capital_recovery_factor(costs.discount_rate_fraction, costs.analysis_years)
    return {
        "capex_annuity_cny": crf * (money["capex_cny"] or 0.0),
        "opex_cny": money["opex_cny_per_year"] or 0.0,
        "bill_change_cny": -(money["bill_saving_cny_per_year"] or 0.0),
        "export_change_cny": -(money["export_revenue_change_cny_per_year"] or 0.0),
        "purchases_cny": money["purchases_cny_per_year"] or 0.0,
    }
