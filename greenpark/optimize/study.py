"""One optimisation from a park folder to a proved plan: the base run, the basis, the LP,
the plan as a scenario file, the re-run."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from greenpark.api import run
from greenpark.inputs.park.load import Park
from greenpark.optimize.basis import Basis, basis_of
from greenpark.optimize.model import Limits
from greenpark.optimize.optimum import Solution, least_cost
from greenpark.optimize.periods import periods_of
from greenpark.optimize.plan import plan_scenario, save_plan
from greenpark.optimize.proof import Proof, prove
from greenpark.optimize.target import Target
from greenpark.optimize.topup import (
    first_yield,
    measured_yield,
    missing_kwh,
    top_up_kwh,
    topped_up,
)
from greenpark.run_result import RunResult
from greenpark.run_spec import RunSpec
from greenpark.scenarios.costs import CostInputs, cost_inputs
from greenpark.scenarios.scenario import load_scenario

#: re-runs that may top up a plan falling short of its target
TOP_UPS = 3


@dataclass(frozen=True)
class Study:
    """The base run, the LP's basis and solution, and the plan as scenario-file data."""

    base: RunResult
    basis: Basis
    solution: Solution
    plan: dict[str, object]


def optimize(
    park: Park,
    target: Target,
    *,
    hours: str = "full",
    limits: Limits | None = None,
    costs: CostInputs | None = None,
) -> Study:
    """The least-cost plan for ``target`` on ``park`` (``hours``: ``full`` or ``rep-days:N``)."""
    base = run(RunSpec(park))
    basis = basis_of(base, costs or cost_inputs())
    features = np.column_stack([basis.load_kwh, basis.pv_kwh_per_kw.sum(axis=1)])
    solution = least_cost(basis, target, periods_of(hours, features), limits)
    use = base.annual()["electricity_kwh"].drop("park").astype(float)
    return Study(base, basis, solution, plan_scenario(solution, basis, base.config, use))


def _proved(park: Park, study: Study, path: Path) -> Proof:
    save_plan(study.plan, path)
    return prove(park, study.base, load_scenario(path, park), study.solution)


def prove_plan(park: Park, study: Study, path: Path) -> tuple[Study, Proof]:
    """Write the plan to ``path``, read it back as a scenario of ``park`` and re-run it.

    While the re-run falls short of the target (at most :data:`TOP_UPS` times), the shortfall
    is bought (:func:`greenpark.optimize.topup.topped_up`: certificates, or contract for
    ``cfe``), the plan rewritten and re-run; a top-up the re-run does not count is taken back
    and no more is bought. The study returned is the one whose plan is in ``path``.
    """
    proof = _proved(park, study, path)
    use = study.base.annual()["electricity_kwh"].drop("park").astype(float)
    target, bought, before = study.solution.target, 0.0, 0.0
    previous = (study, proof)
    for attempt in range(TOP_UPS):
        missing = None if proof.meets else missing_kwh(target, study.basis, proof.result)
        if missing is None or missing <= 0:
            break
        share = (
            first_yield(target, proof.result)
            if attempt == 0
            else measured_yield(before, missing, bought)
        )
        if share is None:  # the last top-up did not count: take it back
            study, proof = previous
            save_plan(study.plan, path)
            break
        previous, before, bought = (study, proof), missing, top_up_kwh(missing, share)
        solution = topped_up(study.solution, study.basis, bought)
        plan = plan_scenario(solution, study.basis, study.base.config, use)
        study = Study(study.base, study.basis, solution, plan)
        proof = _proved(park, study, path)
    return study, proof
