"""The LP of ``greenpark optimize`` on the demo park: build + solve time for the full year
and for representative days, and the rep-days error against the full-year solution.

Run in a fresh process: ``.venv/bin/python benchmarks/bench_optimize.py [--target T]``.
The park, its base run and the LP's basis are made once (not timed); each solve is timed
(wall and CPU) and compared with the full year: total yearly cost, PV, battery, certificates.
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

import numpy as np

import greenpark as gp
from greenpark.optimize.basis import basis_of
from greenpark.optimize.optimum import Solution, least_cost
from greenpark.optimize.periods import periods_of
from greenpark.optimize.target import parse_target
from greenpark.scenarios.costs import cost_inputs

DEMO = Path(__file__).resolve().parents[1] / "sites" / "jincheng-edz"


def _row(label: str, solution: Solution, wall_s: float, cpu_s: float, full: Solution | None) -> str:
    cost = solution.total_cost_cny
    pv = sum(solution.pv_kw.values())
    error = (
        ""
        if full is None
        else f"  cost error {100 * (cost - full.total_cost_cny) / abs(full.total_cost_cny):+.2f}%"
    )
    return (
        f"{label:>12}  vars {solution.variables:>7}  wall {wall_s:6.1f} s  cpu {cpu_s:6.1f} s  "
        f"cost {cost / 1e6:9.2f} M CNY/yr  PV {pv / 1e3:7.1f} MW  battery "
        f"{solution.storage_kwh / 1e3:7.1f} MWh  certificates {solution.certificate_kwh / 1e6:7.1f} GWh"
        f"  contract {solution.contract_kwh / 1e6:6.1f} GWh{error}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--target", default="green-share=0.9")
    parser.add_argument(
        "--hours", nargs="*", default=["full", "rep-days:4", "rep-days:12", "rep-days:24"]
    )
    args = parser.parse_args()
    park = gp.load_park(DEMO)
    basis = basis_of(gp.run(gp.RunSpec(park)), cost_inputs())
    features = np.column_stack([basis.load_kwh, basis.pv_kwh_per_kw.sum(axis=1)])
    target = parse_target(args.target)
    print(f"target {target.label}; {len(basis.classes)} roof classes")
    full: Solution | None = None
    for hours in args.hours:
        start, cpu = time.perf_counter(), time.process_time()
        solution = least_cost(basis, target, periods_of(hours, features))
        wall_s, cpu_s = time.perf_counter() - start, time.process_time() - cpu
        print(_row(hours, solution, wall_s, cpu_s, full if hours != "full" else None))
        if hours == "full":
            full = solution
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
