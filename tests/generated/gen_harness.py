"""Run generated parks the way ``greenpark check`` and ``greenpark run`` do, step by step.

In process, each step is the library call the CLI makes (``load_park`` + the check tables,
``greenpark.run`` + the run tables, then the result files + the run store). A park generated
with whole months missing is checked and run with ``allow_gaps`` (``--allow-gaps``). Every step's
exception is kept (type, message, the innermost greenpark frames), so one failing step does not
hide what the others show. :func:`run_subprocess` runs the real ``greenpark`` commands.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from parkgen import GeneratedPark
from rich.console import Console

import greenpark as gp
from greenpark.errors import InputError
from greenpark.inputs.park.load import Park
from greenpark.inputs.park.schema import ParkConfig
from greenpark.report.check import check_tables
from greenpark.report.run import run_tables
from greenpark.report.run_files import export_run
from greenpark.store.database import RunStore
from greenpark.store.record import RunRecord

GREENPARK = Path(sys.executable).with_name("greenpark")
STEPS = ("check", "run", "save", "read")


@dataclass(frozen=True)
class StepError:
    """Why a step failed: exception type, first line of its message, where it was raised."""

    kind: str
    message: str
    where: str
    input_error: bool

    @classmethod
    def of(cls, exc: BaseException) -> StepError:
        frames = traceback.extract_tb(exc.__traceback__)
        ours = [f for f in frames if "greenpark" in f.filename and "tests" not in f.filename]
        where = " <- ".join(
            f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in reversed(ours[-3:])
        )
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        return cls(type(exc).__name__, first[:300], where, isinstance(exc, InputError))

    def __str__(self) -> str:
        return f"{self.kind}: {self.message} [{self.where}]"


@dataclass
class Outcome:
    """What happened to one generated park."""

    park: GeneratedPark
    out: Path
    db_url: str
    errors: dict[str, StepError] = field(default_factory=dict)
    config: ParkConfig | None = None
    loaded: Park | None = None
    computed: gp.RunResult | None = None
    record: RunRecord | None = None
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def ran(self) -> bool:
        return not self.errors

    def forget(self) -> None:
        """Drop the big in-memory objects once the checks needing them are done."""
        self.loaded = self.computed = None


def _check(outcome: Outcome) -> None:
    park = gp.load_park(outcome.park.directory, allow_gaps=outcome.park.allow_gaps)
    console = Console(file=io.StringIO(), width=160)
    for table in check_tables(park):
        console.print(table)
    outcome.loaded, outcome.config = park, park.config


def _run(outcome: Outcome) -> None:
    park = outcome.loaded
    assert park is not None
    options = gp.RunOptions(contract_matching=outcome.park.matching)
    result = gp.run(gp.RunSpec(park, options=options))
    if outcome.park.show_tables:
        console = Console(file=io.StringIO(), width=180)
        for table in run_tables(result):
            console.print(table)
    outcome.computed = result


def _save(outcome: Outcome) -> None:
    """What ``greenpark run --out --db`` writes: the result files, then the stored run."""
    assert outcome.computed is not None
    export_run(outcome.computed, outcome.out)
    hourly_path = str((outcome.out / "hourly.parquet").resolve())
    with RunStore(outcome.db_url, create=True) as store:
        store.save_run(outcome.computed, hourly_path=hourly_path)


def _read(outcome: Outcome) -> None:
    assert outcome.config is not None
    with RunStore(outcome.db_url) as store:
        runs = store.list(outcome.config.park.id)
    if len(runs) != 1:
        raise AssertionError(f"{len(runs)} stored runs of {outcome.config.park.id}")
    outcome.record = runs[0]


def run_in_process(park: GeneratedPark, out: Path, db_url: str) -> Outcome:
    """check → run → save → read back, each step timed; stops at the first failing step."""
    outcome = Outcome(park, out, db_url)
    for name, step in (("check", _check), ("run", _run), ("save", _save), ("read", _read)):
        started = time.perf_counter()
        try:
            step(outcome)
        except Exception as exc:  # every failure is a finding, kept with its step
            outcome.errors[name] = StepError.of(exc)
            return outcome
        finally:
            outcome.seconds[name] = time.perf_counter() - started
    return outcome


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GREENPARK_")}
    return subprocess.run(
        [str(GREENPARK), *args], capture_output=True, text=True, env=env, check=False
    )


def run_subprocess(park: GeneratedPark, out: Path, db_url: str) -> Outcome:
    """The real ``greenpark check`` and ``greenpark run --out --db`` commands."""
    outcome = Outcome(park, out, db_url)
    gaps = ("--allow-gaps",) if park.allow_gaps else ()
    for name, args in (
        ("check", ("check", str(park.directory), *gaps)),
        ("run", ("run", str(park.directory), "--out", str(out), "--db", db_url, "--csv-headers", "id",
                 "--contract-matching", park.matching, *gaps)),
    ):  # fmt: skip
        done = _cli(*args)
        if done.returncode != 0:
            last = (done.stderr.strip().splitlines() or ["(no output)"])[-1]
            outcome.errors[name] = StepError(f"exit {done.returncode}", last[:300], name, False)
            return outcome
        if name == "check":
            outcome.config = gp.load_park_config(park.directory)
    try:
        _read(outcome)
    except Exception as exc:  # a run that cannot be read back is a finding
        outcome.errors["read"] = StepError.of(exc)
    return outcome
