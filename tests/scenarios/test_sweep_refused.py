"""Sweep points the rules refuse when they run are rows, not the end of the sweep.

A small park (not the demo): A uses 100 kWh every hour, 876 MWh in 2025, and holds 500 MWh of
certificates; B uses 50 kWh an hour (438 MWh) and holds 300 MWh. The grid saves 20 % or 40 % of
A's electricity and gives A no or 100 MWh more certificates: saving 40 % leaves A 525.6 MWh,
which 500 MWh fit and 600 MWh do not, so only that combination over-claims (each value alone
runs). The refused row has its swept values, no results and the over-claim as its reason, in
the language of the sweep, in process, on spawned processes and on Dask workers alike; the
other rows are those of sweeps without the refused combination. A refused base stops the
sweep with every problem it has.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import pytest
from spawned_sweep import on_two_processes

import greenpark as gp
from greenpark.errors import InputError
from greenpark.i18n import set_language
from greenpark.inputs.park.load import Park
from greenpark.inputs.weather.data import Weather
from greenpark.scenarios.executors import local_executor, sweep_executor
from greenpark.scenarios.sweep import MONEY_COLUMNS, PARK_COLUMNS, REFUSED, run_sweep
from greenpark.scenarios.sweep_file import Sweep, sweep_from_data
from greenpark.store.database import RunStore

if TYPE_CHECKING:
    from conftest import ParkMaker

SAVING = "A 节能.saving_fraction"
EXTRA = "A 绿证.quantity_mwh"
REFUSED_ZH = "A 申领 GEC-A, GEC-SWEEP，共 600.000 MWh，超过其 2025 年模拟用电 525.600 MWh"
REFUSED_EN = (
    "A claims GEC-A, GEC-SWEEP, 600.000 MWh in all, more than its modelled electricity use "
    "of 2025, 525.600 MWh"
)


def batch(batch_id: str, holder: str, mwh: float | None = None) -> dict[str, object]:
    """A wind certificate batch of 2025 held by ``holder`` (no quantity: a sweep gives it)."""
    found: dict[str, object] = {
        "id": batch_id,
        "production_start": "2025-01",
        "production_end": "2025-12",
        "technology": "wind",
        "project": "测试风电",
        "holder": holder,
        "claim_year": 2025,
    }
    return found if mwh is None else {**found, "quantity_mwh": mwh}


def grid_data(savings: list[float], extra_mwh: list[float | None]) -> dict[str, object]:
    return {
        "name": "refusing sweep",
        "measures": [
            {
                "name": "A 节能",
                "efficiency": {"enterprise": "A", "carrier": "electricity"},
                "sweep": {"saving_fraction": savings},
            },
            {
                "name": "A 绿证",
                "certificate": batch("GEC-SWEEP", "A"),
                "sweep": {"quantity_mwh": extra_mwh},
            },
        ],
    }


def write_park(maker: ParkMaker) -> Path:
    hourly = [
        maker.hourly("A", "electricity", "kWh", 100.0),
        maker.hourly("B", "electricity", "kWh", 50.0),
    ]
    return maker.write("two", {"A": "one_shift", "B": "one_shift"}, {"h.csv": hourly})


@pytest.fixture(scope="module")
def park(module_park_maker: ParkMaker) -> Park:
    loaded = gp.load_park(write_park(module_park_maker))
    return loaded.with_changes(
        {"certificates": [batch("GEC-A", "A", 500), batch("GEC-B", "B", 300)]}
    )


@pytest.fixture(scope="module")
def weather(park: Park) -> Weather:
    return gp.load_weather(park.config)


@pytest.fixture(scope="module")
def grid(park: Park) -> Sweep:
    return sweep_from_data(grid_data([0.2, 0.4], [None, 100.0]), park)


@pytest.fixture(scope="module")
def in_process(grid: Sweep, park: Park, weather: Weather) -> pd.DataFrame:
    """The sweep without an executor, in Chinese."""
    return run_sweep(grid, park, weather)[1]


@pytest.fixture(scope="module")
def in_english() -> Iterator[None]:
    """English for the module's fixtures (each test starts in Chinese again)."""
    set_language("en")
    yield
    set_language("zh")


@pytest.fixture(scope="module")
def spawned(
    grid: Sweep,
    park: Park,
    weather: Weather,
    tmp_path_factory: pytest.TempPathFactory,
    in_english: None,
) -> tuple[pd.DataFrame, str, list[tuple[int, int]]]:
    """The sweep in English on two spawned processes storing in SQLite: rows, store, progress."""
    url = f"sqlite:///{tmp_path_factory.mktemp('refused')}/runs.db"
    _, rows, seen = on_two_processes(grid, park, weather, url)
    return rows, url, seen


def test_the_refused_combination_is_a_row_without_results(in_process: pd.DataFrame) -> None:
    rows = in_process
    assert list(rows["point"]) == [0, 1, 2, 3]
    assert list(rows[SAVING]) == [0.2, 0.2, 0.4, 0.4]
    assert list(rows[EXTRA]) == [None, 100.0, None, 100.0]
    refused = rows.iloc[3]
    assert REFUSED_ZH in refused[REFUSED] and "绿证超额申领（按模拟用电）" in refused[REFUSED]
    assert refused["run_id"] is None
    for name in (*PARK_COLUMNS, *MONEY_COLUMNS):
        assert refused[name] is pd.NA, name  # missing, never 0
        assert str(rows[name].dtype) == "Float64", name
    ran = rows.iloc[:3]
    assert ran[REFUSED].isna().all() and ran["run_id"].notna().all()
    # A's saving by hand: 876 MWh × 0.8 or × 0.6, B's 438 MWh as metered
    assert list(ran["electricity_kwh"]) == pytest.approx([1_138_800, 1_138_800, 963_600])
    shares = ["green_share_fraction", "green_share_certificate_based_fraction"]
    assert not ran[[*shares, "scope2_market_co2_kg", "capex_cny"]].isna().any().any()


def test_the_rows_that_ran_are_those_of_sweeps_without_the_refused_combination(
    park: Park, weather: Weather, in_process: pd.DataFrame
) -> None:
    """Without the extra certificates (points 0 and 2) and without the deeper saving (points
    0 and 1): every value equal, the same run ids."""
    without_extra = sweep_from_data(grid_data([0.2, 0.4], [None]), park)
    shallow = sweep_from_data(grid_data([0.2], [None, 100.0]), park)
    for smaller, points in ((without_extra, [0, 2]), (shallow, [0, 1])):
        rows = run_sweep(smaller, park, weather)[1]
        assert rows[REFUSED].isna().all()
        expected = in_process.iloc[points].reset_index(drop=True)
        pd.testing.assert_frame_equal(
            rows.drop(columns="point"), expected.drop(columns="point"), check_exact=True
        )


def test_spawned_workers_give_the_same_rows_in_the_language_of_the_sweep(
    in_process: pd.DataFrame, spawned: tuple[pd.DataFrame, str, list[tuple[int, int]]]
) -> None:
    rows, url, seen = spawned
    assert seen == [(i, 5) for i in range(1, 6)]  # the base and four points, each reported
    pd.testing.assert_frame_equal(
        rows.drop(columns=REFUSED), in_process.drop(columns=REFUSED), check_exact=True
    )
    reason = rows.at[3, REFUSED]
    assert reason.startswith("certificate over-claim (against the modelled use): ")
    assert REFUSED_EN in reason
    with RunStore(url) as store:  # the base and the three points that ran; nothing refused
        stored = {run.run_id for run in store.list()}
    assert len(stored) == 4 and set(rows["run_id"].dropna()) < stored


def test_dask_workers_send_the_refused_point_back_as_a_row(
    grid: Sweep,
    park: Park,
    weather: Weather,
    spawned: tuple[pd.DataFrame, str, list[tuple[int, int]]],
    cluster: str,
    english: None,
) -> None:
    """The language travels with the task (the workers' own is Chinese)."""
    with sweep_executor(scheduler=cluster) as executor:
        rows = run_sweep(grid, park, weather, executor=executor)[1]
    pd.testing.assert_frame_equal(rows, spawned[0], check_exact=True)
    assert REFUSED_EN in rows.at[3, REFUSED]


@pytest.mark.parametrize("workers", [None, 2], ids=["in process", "spawned processes"])
def test_a_refused_base_stops_the_sweep_with_every_problem(
    grid: Sweep, park: Park, weather: Weather, workers: int | None
) -> None:
    """Both enterprises' use halved by the park itself: A's 438 MWh below its 500, B's 219
    below its 300 — the base over-claims twice, and there is nothing to compare with."""
    halved = [
        {"id": f"half-{e}", "enterprise": e, "carrier": "electricity", "scale_factor": 0.5}
        for e in ("A", "B")
    ]
    refusing = park.with_changes({"adjustments": halved})
    with pytest.raises(InputError) as refused:
        if workers is None:
            run_sweep(grid, refusing, weather)
        else:
            with local_executor(workers) as pool:
                run_sweep(grid, refusing, weather, executor=pool)
    problems = refused.value.problems
    assert len(problems) == 2, problems
    assert "A 申领 GEC-A，共 500.000 MWh，超过其 2025 年模拟用电 438.000 MWh" in problems[0]
    assert "B 申领 GEC-B，共 300.000 MWh，超过其 2025 年模拟用电 219.000 MWh" in problems[1]
