"""A sweep on two spawned local processes, for the sweep tests."""

from __future__ import annotations

import pandas as pd

from greenpark.inputs.park.load import Park
from greenpark.inputs.weather.data import Weather
from greenpark.scenarios.executors import local_executor
from greenpark.scenarios.sweep import PointRun, run_sweep
from greenpark.scenarios.sweep_file import Sweep


def on_two_processes(
    grid: Sweep, park: Park, weather: Weather, db_url: str
) -> tuple[PointRun, pd.DataFrame, list[tuple[int, int]]]:
    """The base, the table and each progress report (runs done, runs in all) of ``grid`` run
    on two spawned processes, each storing its runs in ``db_url``."""
    seen: list[tuple[int, int]] = []
    with local_executor(2) as pool:
        base, rows = run_sweep(
            grid,
            park,
            weather,
            executor=pool,
            db_url=db_url,
            progress=lambda d, n: seen.append((d, n)),
        )
    return base, rows, seen
