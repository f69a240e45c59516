"""Sweep throughput: scenarios per second on 1 and 2 local processes and on a Dask
``LocalCluster`` (2 worker processes, 1 thread each).

    python benchmarks/bench_sweep.py [PARK_DIR] [--pv-steps 5] [--repeat 1] [--db URL]

The grid is whole-park PV at ``--pv-steps`` shares from 0 to 100 % of the roof potential ×
a battery at E01 left out or 20 MWh (the demo park's sweep without the contract axis), so
``2 × pv-steps`` points plus the base run. Each configuration runs in a fresh Python process
(``--child``), which loads the park, the sweep and the weather, starts its executor, and
times :func:`greenpark.scenarios.sweep.run_sweep` alone (``sweep_s``) and with the
executor's start and stop (``total_s``); throughput is runs (points + base) per second of
``sweep_s``; ``CPU s`` is the child's and its reaped processes' user + system time (the
local pool's and the cluster's worker processes included). Printed: each configuration's
median, and its throughput ratio to one local process measured in the same run. No
assertion on time.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "sites" / "jincheng-edz"
CONFIGS = ("local-1", "local-2", "dask-2")


def grid(pv_steps: int) -> dict[str, object]:
    shares = [round(i / (pv_steps - 1), 6) for i in range(pv_steps)] if pv_steps > 1 else [0.0]
    return {
        "name": "bench",
        "measures": [
            {
                "name": "pv",
                "pv": {"whole_park": True, "commissioning_date": "2025-06-01"},
                "sweep": {"share_of_potential_fraction": shares},
            },
            {
                "name": "ess",
                "storage": {"id": "ESS-BENCH", "owner": "E01", "round_trip_efficiency": 0.88},
                "sweep": {"energy_kwh": [None, 20000], "power_kw": [None, 10000]},
            },
        ],
    }


@contextmanager
def executor(config: str) -> Iterator[object]:
    from greenpark.scenarios.executors import local_executor, sweep_executor

    if config.startswith("local-"):
        with local_executor(int(config.split("-")[1])) as pool:
            yield pool
        return
    from distributed import LocalCluster

    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        sweep_executor(scheduler=cluster.scheduler_address) as pool,
    ):
        yield pool


def child(config: str, park_dir: Path, pv_steps: int, db: str | None) -> None:
    """One configuration in this (fresh) process; prints one JSON line."""
    import greenpark as gp
    from greenpark.scenarios.sweep import run_sweep
    from greenpark.scenarios.sweep_file import sweep_from_data

    park = gp.load_park(park_dir)
    sweep = sweep_from_data(grid(pv_steps), park)
    weather = gp.load_weather(park.config)
    start = time.perf_counter()
    with executor(config) as pool:
        ready = time.perf_counter()
        _, rows = run_sweep(sweep, park, weather, executor=pool, db_url=db)  # type: ignore[arg-type]
        done = time.perf_counter()
    total = time.perf_counter() - start
    cpu = sum(
        u.ru_utime + u.ru_stime
        for u in (
            resource.getrusage(resource.RUSAGE_SELF),
            resource.getrusage(resource.RUSAGE_CHILDREN),
        )
    )
    runs = len(rows) + 1
    print(json.dumps({"runs": runs, "sweep_s": done - ready, "total_s": total, "cpu_s": cpu}))


def measure(config: str, park_dir: Path, pv_steps: int, db: str | None) -> dict[str, float]:
    command = [sys.executable, __file__, str(park_dir), "--child", config]
    command += ["--pv-steps", str(pv_steps)] + (["--db", db] if db else [])
    found = subprocess.run(command, capture_output=True, text=True, check=False)
    if found.returncode != 0:
        sys.exit(f"{config} failed:\n{found.stderr[-3000:]}")
    result: dict[str, float] = json.loads(found.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("park", nargs="?", type=Path, default=DEMO)
    parser.add_argument("--pv-steps", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--db", default=None, help="store every run here (default: not stored)")
    parser.add_argument("--child", choices=CONFIGS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.park, args.pv_steps, args.db)
        return
    medians: dict[str, dict[str, float]] = {}
    for config in CONFIGS:
        samples = [measure(config, args.park, args.pv_steps, args.db) for _ in range(args.repeat)]
        medians[config] = {k: statistics.median(s[k] for s in samples) for k in samples[0]}
    reference = medians["local-1"]["runs"] / medians["local-1"]["sweep_s"]
    print(f"load average at the end: {' '.join(f'{v:.1f}' for v in os.getloadavg())}")
    print(
        f"{'executor':<9} {'runs':>5} {'sweep s':>9} {'with start s':>13} {'CPU s':>8}"
        f" {'runs/s':>8} {'ratio':>6}"
    )
    for config, m in medians.items():
        rate = m["runs"] / m["sweep_s"]
        print(
            f"{config:<9} {m['runs']:>5.0f} {m['sweep_s']:>9.1f} {m['total_s']:>13.1f}"
            f" {m['cpu_s']:>8.1f} {rate:>8.3f} {rate / reference:>6.2f}"
        )


if __name__ == "__main__":
    main()
