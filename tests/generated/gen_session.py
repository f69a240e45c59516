"""Generate, run and check many parks, spread over worker processes.

A task is ``(seed, how)``: ``in_process`` (the library calls the CLI makes, plus the variant
runs), ``subprocess`` (the real ``greenpark`` commands), ``postgres`` (in process, stored in a
fresh schema of the PostgreSQL at ``GREENPARK_TEST_PG_URL``), ``partial`` (generated with
partial-year hourly data and bills far more often) or ``broken:<kind>`` (a broken variant:
``greenpark check`` must name the mistake, and a park that passes the check must run). Each task returns a
picklable :class:`ParkReport`; park folders and outputs are deleted once checked (the seed
regenerates them: ``python tests/generated/parkgen.py SEED DIR``).
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import shutil
import time
import uuid
import warnings
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from gen_harness import Outcome, StepError, run_in_process, run_subprocess
from gen_invariants import FILE_INVARIANTS, NotChecked, RunFiles
from gen_variants import VARIANT_INVARIANTS
from parkgen import GeneratedPark, generate_park

PG_ENV = "GREENPARK_TEST_PG_URL"
INVARIANTS = (
    "runs_cleanly",
    "check_passes_run_accepts",
    *FILE_INVARIANTS,
    *VARIANT_INVARIANTS,
)


@dataclass
class Evaluation:
    """Violations by invariant (checked ones only), why others were not checked, and the
    park's annual energy as the run reported it [tce] (None without result files)."""

    violations: dict[str, tuple[str, ...]] = field(default_factory=dict)
    not_checked: dict[str, str] = field(default_factory=dict)
    energy_tce: float | None = None


@dataclass(frozen=True)
class ParkReport:
    """What one task found (picklable; travels back from the worker)."""

    seed: int
    how: str
    enterprises: int
    features: frozenset[str]
    evaluation: Evaluation
    seconds: float = 0.0  # wall time
    cpu_seconds: float = 0.0  # this process and its child processes

    @property
    def violations(self) -> dict[str, tuple[str, ...]]:
        return self.evaluation.violations

    @property
    def not_checked(self) -> dict[str, str]:
        return self.evaluation.not_checked

    def checked(self, invariant: str) -> bool:
        return invariant in self.violations

    def failed(self, invariant: str) -> bool:
        return bool(self.violations.get(invariant))


def _guarded(check: object, target: object) -> tuple[list[str] | None, str | None]:
    """Run one invariant: (violations, None), or (None, why it was not checked)."""
    try:
        return list(check(target)), None  # type: ignore[operator]
    except NotChecked as reason:
        return None, str(reason)
    except Exception as exc:  # a check that crashes on a run's output is itself a finding
        return [f"the check crashed: {StepError.of(exc)}"], None


def _energy_tce(files: RunFiles) -> float | None:
    try:
        return float(files.annual.loc["park", "energy_gbt2589_calorific_kgce"]) / 1e3
    except (NotChecked, KeyError):
        return None


def evaluate(outcome: Outcome, *, variants: bool) -> Evaluation:
    """Every invariant on one outcome (the variant ones only when ``variants``)."""
    found = Evaluation()
    found.violations["runs_cleanly"] = tuple(f"{s}: {e}" for s, e in outcome.errors.items())
    run_error = outcome.errors.get("run")
    refused = "check" not in outcome.errors and run_error is not None and run_error.input_error
    found.violations["check_passes_run_accepts"] = (f"run: {run_error}",) if refused else ()
    if outcome.config is None:
        found.not_checked = dict.fromkeys([*FILE_INVARIANTS, *VARIANT_INVARIANTS], "check failed")
        return found
    sources = outcome.computed.ledger_sources() if outcome.computed is not None else None
    files = RunFiles(outcome.park, outcome.config, outcome.out, outcome.record, sources)
    checks = [(n, c, files) for n, c in FILE_INVARIANTS.items()]
    if variants:
        checks += [(n, c, outcome) for n, c in VARIANT_INVARIANTS.items()]
    for name, check, target in checks:
        violations, why = _guarded(check, target)
        if violations is None:
            found.not_checked[name] = str(why)
        else:
            found.violations[name] = tuple(violations)
    found.energy_tce = _energy_tce(files)
    outcome.forget()
    return found


@contextmanager
def _postgres_url() -> Iterator[str]:
    """A URL whose search path is a fresh schema, dropped afterwards."""
    from sqlalchemy import create_engine, text

    base = os.environ[PG_ENV]
    schema = f"gen_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        yield base + ("&" if "?" in base else "?") + f"options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def _run(park: GeneratedPark, how: str, out: Path, work: Path) -> Evaluation:
    sqlite = f"sqlite:///{work / f'runs-{os.getpid()}.db'}"
    if how == "subprocess":
        return evaluate(run_subprocess(park, out, sqlite), variants=False)
    if how == "postgres":
        with _postgres_url() as url:
            outcome = run_in_process(park, out, url)
            return evaluate(outcome, variants=False)
    outcome = run_in_process(park, out, sqlite)
    return evaluate(outcome, variants=True)


def run_task(task: tuple[int, str], work: Path) -> ParkReport:
    """Generate the park of one task, run it, check it, delete its files."""
    seed, how = task
    started, cpu = time.perf_counter(), _cpu_seconds()
    folder, out = work / f"{how}-{seed}", work / f"{how}-{seed}-out"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # as pytest runs (pyproject filterwarnings)
        warnings.filterwarnings("ignore", message=".*dayofyear is deprecated.*")
        if how.startswith("broken:"):
            from gen_broken import check_broken

            park, evaluation = check_broken(seed, how.split(":")[1], folder)
        else:
            park = generate_park(seed, folder, partial_year_bills=how == "partial")
            evaluation = _run(park, how, out, work)
    for path in (folder, out):
        shutil.rmtree(path, ignore_errors=True)
    return ParkReport(
        seed=seed,
        how=how,
        enterprises=len(park.enterprise_ids),
        features=park.features,
        evaluation=evaluation,
        seconds=time.perf_counter() - started,
        cpu_seconds=_cpu_seconds() - cpu,
    )


def _cpu_seconds() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def run_tasks(tasks: Sequence[tuple[int, str]], work: Path, workers: int) -> list[ParkReport]:
    """Every task, on ``workers`` processes (1: here); reports in task order."""
    job = partial(run_task, work=work)
    if workers <= 1:
        return [job(task) for task in tasks]
    context = multiprocessing.get_context("spawn")  # pyarrow's threads make fork unsafe
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return list(pool.map(job, tasks, chunksize=1))
