"""Run generated parks the way ``greenpark check`` and ``greenpark run`` do, step by step.

In process, each step is the library call the CLI makes (``load_park`` + the check tables;
``run_accounting`` + the tables and reasons ``cli.run_steps.compute`` builds; ``open_outputs``
+ ``save`` = result files + the run store; reading the run back), with one difference for
speed: the synthetic weather of a site and the factor registry are made once and shared. A
park generated with whole months missing is checked and run with ``allow_gaps``
(``--allow-gaps``). Every step's exception is kept (type, message, the innermost greenpark
frames), so one failing step does not hide what the others show. :func:`run_subprocess` runs
the real ``greenpark`` commands.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
import traceback
from contextlib import redirect_stdout
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from parkgen import GeneratedPark
from rich.console import Console

from greenpark.cli.common import WeatherChoice
from greenpark.cli.run_steps import Computed, open_outputs, save, show
from greenpark.errors import InputError
from greenpark.inputs.factors import FactorRegistry, factor_dir, load_factor_registry
from greenpark.inputs.fingerprint import inputs_hash, park_input_files
from greenpark.inputs.park import Park, load_park, load_park_config
from greenpark.inputs.schema import ParkConfig
from greenpark.inputs.weather import Weather, default_weather
from greenpark.pipeline.accounting import AccountingResult, run_accounting
from greenpark.pipeline.availability import annual_reasons, park_910_reasons
from greenpark.pipeline.results import annual_table, park_910_table
from greenpark.pipeline.rules import AccountingRules
from greenpark.report.check import check_tables
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
    result: AccountingResult | None = None
    computed: Computed | None = None
    record: RunRecord | None = None
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def ran(self) -> bool:
        return not self.errors

    def forget(self) -> None:
        """Drop the big in-memory objects once the checks needing them are done."""
        self.loaded = self.result = self.computed = None


@cache
def site_weather(
    latitude: float, longitude: float, altitude: float | None, timezone: str
) -> Weather:
    return default_weather(latitude, longitude, altitude, timezone=timezone)


def weather_for(config: ParkConfig) -> Weather:
    """The weather ``WeatherChoice()`` (no ``--weather``) loads for the park's site."""
    site = config.park.location
    return site_weather(
        site.latitude_deg, site.longitude_deg, site.altitude_m, config.park.timezone
    )


_REGISTRIES: dict[str, FactorRegistry] = {}


def registry_for(config: ParkConfig) -> FactorRegistry:
    """The factor registry with the park's overrides (one per distinct set of overrides)."""
    key = repr(config.overrides)
    if key not in _REGISTRIES:
        _REGISTRIES[key] = load_factor_registry(overrides=config.overrides)
    return _REGISTRIES[key]


def _check(outcome: Outcome) -> None:
    park = load_park(outcome.park.directory, allow_gaps=outcome.park.allow_gaps)
    console = Console(file=io.StringIO(), width=160)
    for table in check_tables(park):
        console.print(table)
    outcome.loaded, outcome.config = park, park.config


def computed_of(park: Park, matching: str, allow_gaps: bool) -> Computed:
    """What ``cli.run_steps.compute`` returns for a loaded park (default rules, synthetic
    weather), without loading it again."""
    config, rules, choice = park.config, AccountingRules(), WeatherChoice()
    result = run_accounting(
        park, registry_for(config), weather_for(config), contract_matching=matching, rules=rules
    )
    options = {"contract_matching": matching, "weather": choice.label, **rules.options()}
    if allow_gaps:
        options["allow_gaps"] = "true"
    files = park_input_files(park.directory, config)
    digest = inputs_hash(files, [factor_dir()], extra=repr(sorted(options.items())))
    annual, park_910 = annual_table(result), park_910_table(result)
    return Computed(
        result,
        annual,
        annual_reasons(annual, config),
        park_910,
        park_910_reasons(park_910, result.park_910),
        digest,
        options,
    )


def _run(outcome: Outcome) -> None:
    assert outcome.loaded is not None
    computed = computed_of(outcome.loaded, outcome.park.matching, outcome.park.allow_gaps)
    if outcome.park.show_tables:
        with redirect_stdout(io.StringIO()):
            show(computed)
    outcome.result, outcome.computed = computed.result, computed


def _save(outcome: Outcome) -> None:
    assert outcome.computed is not None
    with open_outputs(outcome.out, outcome.db_url) as store:
        save(outcome.computed, outcome.out, store)


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
        ("run", ("run", str(park.directory), "--out", str(out), "--db", db_url,
                 "--contract-matching", park.matching, *gaps)),
    ):  # fmt: skip
        done = _cli(*args)
        if done.returncode != 0:
            last = (done.stderr.strip().splitlines() or ["(no output)"])[-1]
            outcome.errors[name] = StepError(f"exit {done.returncode}", last[:300], name, False)
            return outcome
        if name == "check":
            outcome.config = load_park_config(park.directory)
    try:
        _read(outcome)
    except Exception as exc:  # a run that cannot be read back is a finding
        outcome.errors["read"] = StepError.of(exc)
    return outcome
