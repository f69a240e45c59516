"""The whole ``greenpark run`` on a generated park: wall, CPU and peak memory, and its stages.

    python benchmarks/bench_run.py PARK_DIR [--runs 5] [--vs OTHER_GREENPARK] [--stages]

PARK_DIR is a park made by ``benchmarks/make_park.py``. Each run is the real command
``greenpark run PARK_DIR --out DIR --db sqlite:///FILE`` started as a fresh process (new
output folder and new database each time, so every run computes, exports and stores); its
CPU (user + system) and peak resident memory are the operating system's accounting of that
one child (``os.wait4``), its wall time a monotonic clock around start and exit. The first
run is reported on its own (a command pays it), then the median and best of all runs.

``--vs`` names another ``greenpark`` executable (e.g. a checkout of an older commit with its
own virtualenv): the two then run in turn, A B A B …, and the ratio A/B is taken pair by
pair (its median is printed), so a machine whose speed drifts does not bias it.

``--stages`` also times the stages inside one process with ``time.perf_counter``, through the
public steps a run is made of: import, ``gp.load_park`` (meter files), ``gp.load_weather``,
``gp.run`` (PV and the accounting), ``export_run`` and ``RunStore.save_run``; with
``--load-only`` only import and ``gp.load_park`` (with ``--runs 0``: the loading side alone).
No assertion on time.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

GREENPARK = Path(sys.executable).with_name("greenpark")


@dataclass(frozen=True)
class Sample:
    """One finished process: wall and CPU seconds, peak resident memory [MiB]."""

    wall_s: float
    cpu_s: float
    peak_mib: float


def run_once(greenpark: Path, park: Path, scratch: Path) -> Sample:
    """``greenpark run`` in a fresh process, into a new output folder and database."""
    work = Path(tempfile.mkdtemp(dir=scratch))
    command = [str(greenpark), "run", str(park), "--out", str(work / "out")]
    command += ["--db", f"sqlite:///{work / 'runs.db'}"]
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall_s = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    error = child.stderr.read().decode() if child.stderr else ""
    shutil.rmtree(work)
    if child.returncode != 0:
        raise SystemExit(f"{greenpark} run failed ({child.returncode}):\n{error}")
    # ru_maxrss is in KiB on Linux
    return Sample(wall_s, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def summary(label: str, samples: list[Sample]) -> str:
    """First call, median and best of wall and CPU; median and largest peak memory."""
    walls, cpus = [s.wall_s for s in samples], [s.cpu_s for s in samples]
    peaks = [s.peak_mib for s in samples]
    return (
        f"{label}: wall {walls[0]:.2f} s first, {statistics.median(walls):.2f} median, "
        f"{min(walls):.2f} best | cpu {cpus[0]:.2f} s first, {statistics.median(cpus):.2f} "
        f"median, {min(cpus):.2f} best | peak RSS {statistics.median(peaks):.0f} MiB median, "
        f"{max(peaks):.0f} max ({len(samples)} runs)"
    )


def paired_ratios(a: list[Sample], b: list[Sample]) -> str:
    """Median over pairs of A/B for wall, CPU and peak memory."""

    def median_ratio(field: str) -> float:
        pairs = zip(a, b, strict=True)
        return statistics.median(float(getattr(x, field) / getattr(y, field)) for x, y in pairs)

    return (
        f"A/B paired median: wall {median_ratio('wall_s'):.2f}, cpu {median_ratio('cpu_s'):.2f}, "
        f"peak RSS {median_ratio('peak_mib'):.2f}"
    )


def stage_times(park: Path, *, load_only: bool = False) -> list[tuple[str, float, float]]:
    """Wall and CPU seconds of each public step of a run, in one process (first call);
    ``load_only`` stops after ``load_park`` (the loading side: park.yaml and meter files)."""
    clock = (time.perf_counter(), time.process_time())
    times: list[tuple[str, float, float]] = []

    def lap(name: str) -> None:
        nonlocal clock
        now = (time.perf_counter(), time.process_time())
        times.append((name, now[0] - clock[0], now[1] - clock[1]))
        clock = now

    import greenpark as gp
    from greenpark.report.run_files import export_run
    from greenpark.store.database import RunStore

    lap("import")
    loaded = gp.load_park(park)
    lap("load_park (meter files)")
    if load_only:
        return times
    gp.load_weather(loaded.config)  # made once per process: the run reuses it
    lap("load_weather")
    result = gp.run(gp.RunSpec(loaded))
    lap("run (PV + accounting)")
    with tempfile.TemporaryDirectory() as scratch:
        export_run(result, Path(scratch) / "out")
        lap("export")
        with RunStore(f"sqlite:///{scratch}/runs.db", create=True) as store:
            store.save_run(result)
        lap("store (SQLite)")
    return times


def resource_peak_mib() -> float:
    """This process's peak resident memory so far [MiB] (ru_maxrss is KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("park", type=Path)
    parser.add_argument("--runs", type=int, default=5, help="0: only --stages")
    parser.add_argument("--greenpark", type=Path, default=GREENPARK)
    parser.add_argument("--vs", type=Path, default=None, help="another greenpark executable")
    parser.add_argument("--stages", action="store_true")
    parser.add_argument("--load-only", action="store_true", help="--stages up to load_park")
    args = parser.parse_args()
    park = args.park.resolve()
    with tempfile.TemporaryDirectory() as scratch:
        a: list[Sample] = []
        b: list[Sample] = []
        for _ in range(args.runs):
            a.append(run_once(args.greenpark, park, Path(scratch)))
            if args.vs is not None:
                b.append(run_once(args.vs, park, Path(scratch)))
    print(f"park {park.name}; A = {args.greenpark}")
    if a:
        print(summary("A", a))
    if args.vs is not None and b:
        print(f"B = {args.vs}")
        print(summary("B", b))
        print(paired_ratios(a, b))
    if args.stages:
        stages = stage_times(park, load_only=args.load_only)
        total = sum(cpu for _, _, cpu in stages)
        for name, wall, cpu in stages:
            print(f"  {name:<26} wall {wall:7.2f} s  cpu {cpu:7.2f} s  {100 * cpu / total:4.0f}%")
        print(f"  peak RSS of the stages process: {resource_peak_mib():.0f} MiB")


if __name__ == "__main__":
    main()
