"""Check that two versions of greenpark compute the same year: annual() to 1e-9 relative.

    python benchmarks/compare_runs.py PARK_DIR --other OTHER_PYTHON

Runs ``gp.run`` on PARK_DIR with this interpreter's greenpark and with OTHER_PYTHON's (e.g.
the virtualenv of an older commit's checkout, in a child process), then compares the
annual tables (every metric and scope, the values of both within 1e-9 relative; a value
missing in one must be missing in the other) and the hourly tables' sums per column.
Exits with status 1 and the differences when they are not the same.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd

DUMP = """
import sys, greenpark as gp
result = gp.run(gp.RunSpec(sys.argv[1]))
result.annual().to_pickle(sys.argv[2])
result.hourly().drop(columns=["interval_start", "enterprise"]).sum().to_pickle(sys.argv[3])
"""
RELATIVE = 1e-9


def tables(python: str, park: Path, scratch: Path, name: str) -> tuple[pd.DataFrame, pd.Series]:
    """The annual table and the hourly column sums of one run with ``python``'s greenpark
    (started in ``scratch``: ``python -c`` puts the current folder first on its path, and a
    checkout there would be imported instead of ``python``'s own greenpark)."""
    annual, hourly = scratch / f"{name}-annual.pkl", scratch / f"{name}-hourly.pkl"
    command = [python, "-c", DUMP, str(park.resolve()), str(annual), str(hourly)]
    subprocess.run(command, check=True, cwd=scratch)
    return pd.read_pickle(annual), pd.read_pickle(hourly)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("park", type=Path)
    parser.add_argument("--other", required=True, help="python of the other greenpark")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        annual, hourly = tables(sys.executable, args.park, scratch, "this")
        other_annual, other_hourly = tables(args.other, args.park, scratch, "other")
    problems = []
    try:
        pd.testing.assert_frame_equal(
            annual, other_annual, rtol=RELATIVE, atol=0.0, check_dtype=False
        )
    except AssertionError as difference:
        problems.append(f"annual: {difference}")
    try:
        pd.testing.assert_series_equal(
            hourly, other_hourly, rtol=RELATIVE, atol=0.0, check_dtype=False
        )
    except AssertionError as difference:
        problems.append(f"hourly sums: {difference}")
    print(f"{args.park}: annual {annual.shape}, hourly sums {len(hourly)}")
    if problems:
        print("\n".join(problems))
        raise SystemExit(1)
    print(f"same to {RELATIVE:g} relative")


if __name__ == "__main__":
    main()
