"""Start-up: what every command and every sweep worker pays before it computes anything.

    python benchmarks/bench_startup.py [--park sites/jincheng-edz] [--runs 5] [--vs OTHER_PYTHON]

Each figure is a fresh process (CPU = user + system of that child, ``os.wait4``; wall = a
monotonic clock around start and exit), first call and best of ``--runs``:

- reference: ``python -c "import numpy, pandas"`` (every figure is also given as a ratio to it);
- ``greenpark --help``;
- run start-up: importing every greenpark module that ``greenpark run PARK`` imports (listed
  once from a real run of that Python), and building the unit registry (pint) — a run's
  start-up without its computing;
- ``greenpark run PARK`` whole, into a new output folder and database each time.

``--vs`` names another Python whose ``import greenpark`` is another version (e.g. a wrapper
script that sets ``PYTHONPATH`` to an older checkout and runs the same virtualenv's Python): the
two run in turn, A B A B …, and the median over pairs of A/B CPU is printed. Run from outside
a greenpark checkout (e.g. ``cd /tmp``) so that the current folder does not shadow it.
No assertion on time.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

DEMO = Path(__file__).resolve().parents[1] / "sites" / "jincheng-edz"

#: a child that runs ``greenpark run`` in-process and prints the greenpark modules it imported
LIST_MODULES = """
import json, sys
from greenpark.cli.app import main
sys.argv = ["greenpark", "run", *sys.argv[1:]]
try:
    main()
except SystemExit as done:
    if done.code:
        raise
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] == "greenpark")))
"""
#: a child that imports the listed modules (a JSON file) and builds the unit registry
IMPORT_MODULES = """
import importlib, json, sys
for name in json.loads(open(sys.argv[1], encoding="utf-8").read()):
    importlib.import_module(name)
from greenpark.units import registry
registry()
"""


@dataclass(frozen=True)
class Sample:
    """One finished child process: wall and CPU seconds."""

    wall_s: float
    cpu_s: float


def child(command: list[str]) -> Sample:
    """``command`` in a fresh process, its output discarded; an error stops the benchmark."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall_s = time.perf_counter() - start
    error = process.stderr.read().decode() if process.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{error}")
    return Sample(wall_s, usage.ru_utime + usage.ru_stime)


def run_modules(python: Path, park: Path, scratch: Path) -> Path:
    """A JSON file listing the greenpark modules a ``greenpark run`` of ``park`` imports."""
    work = Path(tempfile.mkdtemp(dir=scratch))
    args = [str(park), "--out", str(work / "out"), "--db", f"sqlite:///{work / 'runs.db'}"]
    done = subprocess.run(
        [str(python), "-c", LIST_MODULES, *args], capture_output=True, text=True, check=True
    )
    listing = work / "modules.json"
    listing.write_text(done.stdout.strip().splitlines()[-1], encoding="utf-8")
    return listing


def measurements(python: Path, park: Path, scratch: Path) -> dict[str, Callable[[], Sample]]:
    """Each measured command of ``python``, as a function that runs it once."""
    listing = run_modules(python, park, scratch)

    def whole_run() -> Sample:
        work = Path(tempfile.mkdtemp(dir=scratch))
        out = ["--out", str(work / "out"), "--db", f"sqlite:///{work / 'runs.db'}"]
        sample = child([str(python), "-m", "greenpark", "run", str(park), *out])
        shutil.rmtree(work)
        return sample

    return {
        "import numpy, pandas": lambda: child([str(python), "-c", "import numpy, pandas"]),
        "greenpark --help": lambda: child([str(python), "-m", "greenpark", "--help"]),
        "run start-up": lambda: child([str(python), "-c", IMPORT_MODULES, str(listing)]),
        "greenpark run (whole)": whole_run,
    }


def collect(pythons: list[Path], park: Path, runs: int) -> list[dict[str, list[Sample]]]:
    """Samples of every measurement of every Python, the Pythons taking turns."""
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        plans = [measurements(python, park, scratch) for python in pythons]
        samples: list[dict[str, list[Sample]]] = [{name: [] for name in plan} for plan in plans]
        for _ in range(runs):
            for name in plans[0]:
                for plan, taken in zip(plans, samples, strict=True):
                    taken[name].append(plan[name]())
    return samples


def report(label: str, samples: dict[str, list[Sample]]) -> None:
    """First call and best of each measurement, absolute and as a ratio to numpy + pandas."""
    reference = samples["import numpy, pandas"]
    first_ref, best_ref = reference[0].cpu_s, min(s.cpu_s for s in reference)
    print(f"{label}:")
    for name, taken in samples.items():
        first, best = taken[0], min(taken, key=lambda s: s.cpu_s)
        print(
            f"  {name:<22} cpu {first.cpu_s:6.2f} s first ({first.cpu_s / first_ref:5.1f}x), "
            f"{best.cpu_s:6.2f} s best ({best.cpu_s / best_ref:5.1f}x) | wall "
            f"{first.wall_s:6.2f} s first, {min(s.wall_s for s in taken):6.2f} s best"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--park", type=Path, default=DEMO)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--vs", type=Path, default=None, help="another Python (greenpark)")
    args = parser.parse_args()
    pythons = [Path(sys.executable)] + ([args.vs] if args.vs is not None else [])
    samples = collect(pythons, args.park.resolve(), args.runs)
    print(f"park {args.park.resolve().name}; {args.runs} runs; ratios to 'import numpy, pandas'")
    report(f"A = {pythons[0]}", samples[0])
    if args.vs is not None:
        report(f"B = {args.vs}", samples[1])
        print("A/B CPU, median over pairs:")
        for name in samples[0]:
            pairs = zip(samples[0][name], samples[1][name], strict=True)
            ratio = statistics.median(a.cpu_s / b.cpu_s for a, b in pairs)
            print(f"  {name:<22} {ratio:.2f}")


if __name__ == "__main__":
    main()
