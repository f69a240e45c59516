"""Generated parks: the session generates, runs and checks them once (see ``gen_session``).

- ``PARKGEN_COUNT`` parks (default 200) from seed ``PARKGEN_SEED`` (default 0) run in process;
- samples: 5 as real ``greenpark`` subprocesses, 5 stored in PostgreSQL (when
  ``GREENPARK_TEST_PG_URL`` is set), 10 with partial-year hourly data and bills, and 2 seeds of
  every broken kind;
- on ``PARKGEN_WORKERS`` processes (default: 2, or 1 on a one-CPU machine);
- ``PARKGEN_REPORT=FILE`` writes the failure catalogue of every invariant to FILE.

The terminal summary says how many parks ran and how each invariant fared.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from gen_catalogue import Generated
from gen_session import PG_ENV, run_tasks
from parkgen_broken import BROKEN_KINDS

COUNT = int(os.environ.get("PARKGEN_COUNT", "200"))
FIRST_SEED = int(os.environ.get("PARKGEN_SEED", "0"))
WORKERS = int(os.environ.get("PARKGEN_WORKERS", str(min(2, os.cpu_count() or 1))))
SAMPLE = 5
PARTIAL = 10
BROKEN_SEEDS = 2
GENERATED = pytest.StashKey[Generated]()


def tasks() -> list[tuple[int, str]]:
    """Every task of the session, the slow samples first (so the workers finish together)."""
    found = [(FIRST_SEED + 10_000 + i, "subprocess") for i in range(SAMPLE)]
    if os.environ.get(PG_ENV):
        found += [(FIRST_SEED + 20_000 + i, "postgres") for i in range(SAMPLE)]
    found += [(FIRST_SEED + 30_000 + i, "partial") for i in range(PARTIAL)]
    found += [
        (FIRST_SEED + 40_000 + i, f"broken:{kind}")
        for kind in BROKEN_KINDS
        for i in range(BROKEN_SEEDS)
    ]
    return found + [(FIRST_SEED + i, "in_process") for i in range(COUNT)]


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config) -> Generated:
    started = time.perf_counter()
    reports = run_tasks(tasks(), tmp_path_factory.mktemp("generated"), WORKERS)
    result = Generated(tuple(reports), time.perf_counter() - started, WORKERS)
    pytestconfig.stash[GENERATED] = result
    if os.environ.get("PARKGEN_REPORT"):
        Path(os.environ["PARKGEN_REPORT"]).write_text(result.catalogue_text(), encoding="utf-8")
    return result


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    result = config.stash.get(GENERATED, None)
    if result is None:
        return
    terminalreporter.write_sep("-", "generated parks")
    for line in result.summary_lines():
        terminalreporter.write_line(line)
