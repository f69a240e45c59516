"""Running scenarios: every run goes through :func:`greenpark.run`, as a list of
:class:`~greenpark.run_spec.RunSpec` that any ``concurrent.futures``-style executor can map
(pathways and sweeps hand their own lists of specs to :func:`run_specs`).

A scenario takes one run with its whole overlay; with more than one measure, each measure
also runs alone against the base, so that each has its own cost and abatement.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from greenpark.api import run
from greenpark.errors import InputError
from greenpark.i18n import text
from greenpark.inputs.park.load import Park
from greenpark.run_result import RunResult
from greenpark.run_spec import RunOptions, RunSpec, WeatherSource
from greenpark.scenarios.appraisal import Appraisal, PricedRun, appraisal
from greenpark.scenarios.scenario import MeasureChange, Scenario

#: the name of the base run among scenario names (a comparison's first column)
BASE = "base"


class Executor(Protocol):
    """What :func:`run_specs` needs of an executor (``ProcessPoolExecutor``, a Dask client's
    ``concurrent.futures`` executor, …)."""

    def map(
        self, fn: Callable[[RunSpec], RunResult], *iterables: Iterable[RunSpec]
    ) -> Iterator[RunResult]: ...


@dataclass(frozen=True)
class ScenarioOutcome:
    """A scenario's run and money against the base; ``measures`` each measure's own money
    (run alone; the scenario's own when it has one measure)."""

    scenario: Scenario
    run: PricedRun
    appraisal: Appraisal
    measures: tuple[tuple[MeasureChange, Appraisal], ...]


@dataclass(frozen=True)
class ScenarioRuns:
    """The base run and each scenario's outcome, in the order given."""

    base: PricedRun
    outcomes: tuple[ScenarioOutcome, ...]


def run_specs(specs: Sequence[RunSpec], executor: Executor | None = None) -> list[RunResult]:
    """Run every spec, on ``executor`` when given (results in the order of ``specs``)."""
    if executor is None:
        return [run(spec) for spec in specs]
    return list(executor.map(run, specs))


def scenario_specs(
    park: Park, scenario: Scenario, options: RunOptions, weather: WeatherSource | None = None
) -> list[RunSpec]:
    """The scenario's run, then (with more than one measure) each measure's run alone."""
    overlays = [scenario.overlay]
    if len(scenario.measures) > 1:
        overlays += [m.patch for m in scenario.measures]
    return [RunSpec(park, weather, options, overlay) for overlay in overlays]


def _check_names(scenarios: Sequence[Scenario]) -> None:
    """Scenario names are the comparison's columns: unique, and not the base's."""
    seen: dict[str, str] = {}
    problems = []
    for scenario in scenarios:
        if scenario.name == BASE or scenario.name in seen:
            other = seen.get(scenario.name, text("基准运行", "the base run"))
            problems.append(
                f"{scenario.source}: name: "
                + text(
                    f"情景名称须互不相同，'{scenario.name}' 已用于 {other}",
                    f"scenario names must differ, '{scenario.name}' is taken by {other}",
                )
            )
        seen[scenario.name] = scenario.source
    if problems:
        raise InputError(problems)


def run_scenarios(
    park: Park,
    scenarios: Sequence[Scenario],
    options: RunOptions | None = None,
    *,
    weather: WeatherSource | None = None,
    executor: Executor | None = None,
) -> ScenarioRuns:
    """The base run and every scenario's runs (all runs in one list for ``executor``)."""
    _check_names(scenarios)
    options = options or RunOptions()
    groups = [scenario_specs(park, s, options, weather) for s in scenarios]
    specs = [RunSpec(park, weather, options), *(spec for group in groups for spec in group)]
    results = iter([PricedRun.of(r) for r in run_specs(specs, executor)])
    base = next(results)
    outcomes = []
    for scenario, group in zip(scenarios, groups, strict=True):
        runs = [next(results) for _ in group]
        whole = appraisal(base, runs[0], scenario.costs)
        alone = [appraisal(base, r, scenario.costs) for r in runs[1:]]
        if len(scenario.measures) == 1:
            alone = [whole]
        measures = tuple(zip(scenario.measures, alone, strict=True))
        outcomes.append(ScenarioOutcome(scenario, runs[0], whole, measures))
    return ScenarioRuns(base, tuple(outcomes))
