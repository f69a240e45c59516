"""Running a sweep: the base and every point of the grid, on any ``concurrent.futures``
executor (local processes or a Dask cluster: :mod:`greenpark.scenarios.executors`).

Each point is one task (:class:`PointTask`: the park, the weather read once, the options
and the point's overlay), run by :func:`run_point` wherever the executor puts it: the run
goes through :func:`greenpark.run`, is stored in the run store when a database URL is given
(writes are guarded, so workers store side by side), and only a small summary
(:class:`PointRun`) travels back. A point the rules refuse (an :class:`InputError` of its run:
its overlay's combination, a modelled over-claim) comes back as a :class:`RefusedPoint`, its
problems in the sweep's language, and is a row of the table; a refused base stops the sweep
(nothing to compare against), and so does any other exception. The summary table has a row
per point: the swept values, the park's green shares, emissions, 910号 result and gap, energy
totals, the money against the base (:func:`~greenpark.scenarios.appraisal.appraisal`), the run
id and why the point was refused (None: it ran).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Executor, as_completed
from dataclasses import dataclass, field

import pandas as pd

from greenpark.api import run
from greenpark.errors import InputError
from greenpark.i18n import Language, get_language, set_language
from greenpark.inputs.park.load import Park
from greenpark.inputs.park.schema import ParkConfig
from greenpark.inputs.weather.data import Weather
from greenpark.metrics import metric
from greenpark.run_spec import RunOptions, RunSpec
from greenpark.scenarios.appraisal import PricedRun, appraisal
from greenpark.scenarios.compare import GAP, MONEY_UNITS
from greenpark.scenarios.measures import Patch
from greenpark.scenarios.sweep_file import Sweep
from greenpark.store.database import RunStore

#: the park values of a sweep's rows
PARK_COLUMNS = (
    "green_share_fraction",
    "green_share_hourly_matched_fraction",
    "green_share_certificate_based_fraction",
    "scope1_co2_kg",
    "scope2_location_co2_kg",
    "scope2_market_co2_kg",
    "park_910_co2_t_per_tce_calorific",
    GAP,
    "electricity_kwh",
    "grid_import_kwh",
    "pv_generation_kwh",
)
#: the money of a sweep's rows, against the base run
MONEY_COLUMNS = (
    "pv_added_kw",
    "storage_added_kwh",
    "contract_change_kwh",
    "capex_cny",
    "net_cash_flow_cny_per_year",
    "npv_cny",
    "irr_fraction",
    "simple_payback_years",
    "abated_market_co2_kg",
    "abatement_cost_market_cny_per_t",
)
LIMIT = "park_910_limit_t_per_tce_calorific"
#: why a point was refused: its problems joined (None: the point ran)
REFUSED = "refused"

#: called after each finished run with (runs done, runs in all)
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class PointTask:
    """One run of a sweep: ``label`` names the point in problems; ``db_url`` the run store
    (None: not stored); ``language`` the language of its problems (a spawned or Dask worker
    starts in Chinese), by default the one of the process building the task."""

    park: Park
    weather: Weather
    options: RunOptions
    overlay: Patch
    label: str
    db_url: str | None = None
    language: Language = field(default_factory=get_language)


@dataclass(frozen=True)
class PointRun:
    """What comes back of a point's run: its id, configuration, total electricity bill and
    its basic charges [CNY],
    park values (None: no value), what its adjustments changed and its fuel use by fuel; an
    :class:`~greenpark.scenarios.appraisal.Priced`."""

    run_id: str
    config: ParkConfig
    total_bill_cny: float
    basic_charge_cny: float
    park: dict[str, float | None]
    adjustment_effects: dict[str, dict[str, float]]
    fuel_totals: dict[str, float]

    def value(self, name: str) -> float:
        """A park value, 0 where it has none."""
        return self.park[name] or 0.0


@dataclass(frozen=True)
class RefusedPoint:
    """A run the rules refused: the problems of its :class:`InputError` (plain text, so that
    what travels back from a worker is data, not an exception)."""

    problems: tuple[str, ...]


def run_point(task: PointTask) -> PointRun | RefusedPoint:
    """Run one point in the task's language: refused by the rules, its problems; else stored
    when asked and summarised."""
    set_language(task.language)
    try:
        return _summary(task)
    except InputError as refused:
        return RefusedPoint(refused.problems)


def _summary(task: PointTask) -> PointRun:
    """Run the point (its overlay checked under its label), store it when asked, summarise."""
    park = task.park.with_changes(task.overlay, label=task.label) if task.overlay else task.park
    result = run(RunSpec(park, task.weather, task.options))
    priced = PricedRun.of(result)
    if task.db_url is not None:
        with RunStore(task.db_url, create=True) as store:
            store.save_run(result)
    values = dict(priced.park)
    ratio, limit = values.get("park_910_co2_t_per_tce_calorific"), values.get(LIMIT)
    values[GAP] = None if ratio is None or limit is None else ratio - limit
    return PointRun(
        result.provenance.run_id,
        result.config,
        priced.total_bill_cny,
        priced.basic_charge_cny,
        values,
        priced.adjustment_effects,
        priced.fuel_totals,
    )


def sweep_tasks(
    sweep: Sweep,
    park: Park,
    weather: Weather,
    options: RunOptions | None = None,
    db_url: str | None = None,
) -> list[PointTask]:
    """The base run's task, then each point's, in grid order."""
    options = options or RunOptions()
    base = PointTask(park, weather, options, {}, sweep.source, db_url)
    return [
        base,
        *(
            PointTask(
                park, weather, options, p.scenario.overlay, f"{sweep.source} {p.label}", db_url
            )
            for p in sweep.points
        ),
    ]


def run_tasks(
    tasks: Sequence[PointTask],
    executor: Executor | None = None,
    progress: Progress | None = None,
) -> tuple[PointRun, list[PointRun | RefusedPoint]]:
    """Run every task (on ``executor`` when given): the base's run (the first task) and each
    other task's outcome, in the order of ``tasks``. The base refused raises its problems at
    once, and any other exception of a run is raised as it comes back; either way the runs
    not started yet are cancelled."""
    if executor is None:
        done: list[PointRun | RefusedPoint] = []
        for task in tasks:
            done.append(run_point(task))
            if len(done) == 1:
                _base_run(done[0])  # refused: no point runs
            if progress is not None:
                progress(len(done), len(tasks))
        return _base_run(done[0]), done[1:]
    futures = [executor.submit(run_point, task) for task in tasks]
    try:
        for count, future in enumerate(as_completed(futures), start=1):
            outcome = future.result()  # a bug or a lost worker is raised here
            if future is futures[0]:
                _base_run(outcome)
            if progress is not None:
                progress(count, len(tasks))
    except BaseException:
        for waiting in futures:
            waiting.cancel()  # the runs not started yet
        raise
    return _base_run(futures[0].result()), [future.result() for future in futures[1:]]


def _base_run(outcome: PointRun | RefusedPoint) -> PointRun:
    """The base's run; refused, its problems (a sweep without a base has nothing to show)."""
    if isinstance(outcome, RefusedPoint):
        raise InputError(outcome.problems)
    return outcome


def sweep_rows(
    sweep: Sweep, base: PointRun, outcomes: Sequence[PointRun | RefusedPoint]
) -> pd.DataFrame:
    """The summary table: a row per point (``outcomes``: each point's, in grid order); a
    refused point has no results (NA) and its problems joined in :data:`REFUSED`."""
    rows = []
    for point, outcome in zip(sweep.points, outcomes, strict=True):
        row: dict[str, object] = {"point": point.index, **dict(point.parameters)}
        if isinstance(outcome, RefusedPoint):
            row[REFUSED] = "; ".join(outcome.problems)
        else:
            money = appraisal(base, outcome, sweep.costs)
            row.update({name: outcome.park.get(name) for name in PARK_COLUMNS})
            row.update({name: money[name] for name in MONEY_COLUMNS})
            row["run_id"] = outcome.run_id
        rows.append(row)
    columns = ["point", *sweep.parameters, *PARK_COLUMNS, *MONEY_COLUMNS, "run_id", REFUSED]
    table = pd.DataFrame(rows, columns=columns)
    # None (a measure left out, no run id, not refused) stays None, never NaN
    for name in (*sweep.parameters, "run_id", REFUSED):
        table[name] = pd.Series([row.get(name) for row in rows], index=table.index, dtype=object)
    return table.astype({name: "Float64" for name in (*PARK_COLUMNS, *MONEY_COLUMNS)})


def run_sweep(
    sweep: Sweep,
    park: Park,
    weather: Weather,
    *,
    options: RunOptions | None = None,
    executor: Executor | None = None,
    db_url: str | None = None,
    progress: Progress | None = None,
) -> tuple[PointRun, pd.DataFrame]:
    """Run the base and every point; the base's summary and the table of
    :func:`sweep_rows`. Each run is stored in ``db_url`` when given (a refused point has no
    run to store)."""
    base, outcomes = run_tasks(
        sweep_tasks(sweep, park, weather, options, db_url), executor, progress
    )
    return base, sweep_rows(sweep, base, outcomes)


def column_units() -> dict[str, str]:
    """The canonical unit of each result column of :func:`sweep_rows`."""
    units = {name: "t/tce" if name == GAP else metric(name).unit for name in PARK_COLUMNS}
    units.update({name: MONEY_UNITS[name] for name in MONEY_COLUMNS})
    return units
