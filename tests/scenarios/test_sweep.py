"""Sweeps on the demo park: the same grid on local processes and on a real Dask
``LocalCluster`` gives identical rows; the zero point is the base run; more PV never lowers
a green share; every row's run reaches the store (SQLite, and PostgreSQL when
``GREENPARK_TEST_PG_URL`` is set); a bad grid lists every problem with file and field."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from spawned_sweep import on_two_processes

import greenpark as gp
from greenpark.errors import InputError
from greenpark.inputs.park.load import Park
from greenpark.inputs.weather.data import Weather
from greenpark.scenarios.executors import dask_executor, local_executor, sweep_executor
from greenpark.scenarios.runner import run_scenarios
from greenpark.scenarios.scenario import scenario_from_data
from greenpark.scenarios.sweep import PARK_COLUMNS, PointRun, run_sweep
from greenpark.scenarios.sweep_file import Sweep, load_sweep, sweep_from_data
from greenpark.store.database import RunStore

PV = "全园区光伏.share_of_potential_fraction"
STORAGE = "储能.energy_kwh"
SHARES = (
    "green_share_fraction",
    "green_share_hourly_matched_fraction",
    "green_share_certificate_based_fraction",
)


def _grid(pv: list[float], storage: list[float | None]) -> dict[str, object]:
    power = [None if e is None else e / 2 for e in storage]
    return {
        "name": "test sweep",
        "measures": [
            {
                "name": "全园区光伏",
                "pv": {"whole_park": True, "commissioning_date": "2025-06-01"},
                "sweep": {"share_of_potential_fraction": pv},
            },
            {
                "name": "储能",
                "storage": {"id": "ESS-T", "owner": "E01", "round_trip_efficiency": 0.9},
                "sweep": {"energy_kwh": storage, "power_kw": power},
            },
        ],
    }


@pytest.fixture(scope="module")
def weather(demo_park: Park) -> Weather:
    return gp.load_weather(demo_park.config)


@pytest.fixture(scope="module")
def grid(demo_park: Park) -> Sweep:
    return sweep_from_data(_grid([0.0, 0.5, 1.0], [None, 20000.0]), demo_park)


@pytest.fixture(scope="module")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('sweep')}/runs.db"


@pytest.fixture(scope="module")
def local(
    grid: Sweep, demo_park: Park, weather: Weather, sqlite_url: str
) -> tuple[PointRun, pd.DataFrame]:
    """The sweep on two spawned local processes, each storing its runs in one SQLite file."""
    base, rows, seen = on_two_processes(grid, demo_park, weather, sqlite_url)
    assert seen == [(i, 7) for i in range(1, 8)]  # the base and six points, each reported
    return base, rows


def test_local_processes_and_dask_give_identical_rows(
    grid: Sweep,
    demo_park: Park,
    weather: Weather,
    local: tuple[PointRun, pd.DataFrame],
    cluster: str,
) -> None:
    with sweep_executor(scheduler=cluster) as executor:
        base, rows = run_sweep(grid, demo_park, weather, executor=executor)
    assert base == local[0]
    pd.testing.assert_frame_equal(rows, local[1], check_exact=True)
    assert len(rows) == 6 and rows["run_id"].is_unique


def test_the_zero_point_is_the_base_run(local: tuple[PointRun, pd.DataFrame]) -> None:
    base, rows = local
    zero = rows.iloc[0]
    assert zero[PV] == 0.0 and zero[STORAGE] is None
    for name in PARK_COLUMNS:
        assert zero[name] == base.park[name], name
    assert zero["run_id"] == base.run_id  # no overlay: the very same run
    assert zero["capex_cny"] == 0 and zero["npv_cny"] == 0


def test_more_pv_never_lowers_a_green_share(local: tuple[PointRun, pd.DataFrame]) -> None:
    rows = local[1]
    for _, same_storage in rows.groupby(rows[STORAGE].astype(str)):
        ordered = same_storage.sort_values(PV)
        assert list(ordered[PV]) == [0.0, 0.5, 1.0]
        for share in SHARES:
            steps = ordered[share].astype(float).diff().dropna()
            assert (steps >= 0).all(), (share, list(ordered[share]))
        assert float(ordered[SHARES[0]].iloc[-1]) > float(ordered[SHARES[0]].iloc[0])


def _assert_stored(url: str, base: PointRun, rows: pd.DataFrame) -> None:
    with RunStore(url) as store:
        assert store.get(base.run_id).park_id == "jincheng-edz"
        for _, row in rows.iterrows():
            annual = store.stored_run(str(row["run_id"])).annual()
            for share in SHARES:
                assert annual.at["park", share] == row[share], (row["point"], share)


def test_rows_reach_the_sqlite_store(local: tuple[PointRun, pd.DataFrame], sqlite_url: str) -> None:
    _assert_stored(sqlite_url, *local)
    with RunStore(sqlite_url) as store:
        assert len(store.list()) == 6  # the zero point is the base run: stored once


@pytest.mark.postgres
def test_rows_reach_the_postgresql_store(
    demo_park: Park, weather: Weather, pg_schema_url: str
) -> None:
    small = sweep_from_data(_grid([0.0, 1.0], [20000.0]), demo_park)
    with local_executor(2) as pool:
        base, rows = run_sweep(small, demo_park, weather, executor=pool, db_url=pg_schema_url)
    _assert_stored(pg_schema_url, base, rows)
    with RunStore(pg_schema_url) as store:
        assert len(store.list()) == 3


def test_a_fixed_measure_is_in_every_point(demo_park: Park) -> None:
    data = _grid([0.0, 0.5], [20000.0])
    fixed = {"name": "E17", "pv": {"enterprise": "E17", "share_of_potential_fraction": 0.8,
                                   "commissioning_date": "2025-06-01"}}  # fmt: skip
    data["measures"] = [fixed, *data["measures"]]  # type: ignore[misc]
    grid = sweep_from_data(data, demo_park)
    assert grid.parameters == (PV, STORAGE, "储能.power_kw")
    assert [p.parameters for p in grid.points] == [
        ((PV, 0.0), (STORAGE, 20000.0), ("储能.power_kw", 10000.0)),
        ((PV, 0.5), (STORAGE, 20000.0), ("储能.power_kw", 10000.0)),
    ]
    for point in grid.points:
        assert [m.name for m in point.scenario.measures] == ["E17", "全园区光伏", "储能"]
        assert [m.label.split(": ")[1] for m in point.scenario.measures] == [
            "measures[0]", "measures[1]", "measures[2]"
        ]  # fmt: skip


def test_a_point_is_the_scenario_file_of_its_measures(demo_park: Park, weather: Weather) -> None:
    """Two efficiency measures: the point's overlay is that of a scenario file with the same
    measures and runs to the same values, each saving acting (with one adjustments id for
    both, the second replaced the first)."""
    measures = [
        {"efficiency": {"enterprise": e, "carrier": "electricity", "saving_fraction": saving}}
        for e, saving in (("E01", 0.1), ("E02", 0.2))
    ]
    data = {"name": "two savings", "measures": measures}
    grid = sweep_from_data(data, demo_park)
    scenario = scenario_from_data(data, demo_park)
    assert grid.points[0].scenario.overlay == scenario.overlay
    rows = run_sweep(grid, demo_park, weather)[1]
    saved = run_scenarios(demo_park, [scenario]).outcomes[0].run
    assert rows.at[0, "electricity_kwh"] == saved.value("electricity_kwh")
    alone = scenario_from_data({**data, "measures": measures[1:]}, demo_park)
    e02_only = run_scenarios(demo_park, [alone]).outcomes[0].run.value("electricity_kwh")
    assert rows.at[0, "electricity_kwh"] < e02_only  # E01's saving acts too


BAD = """\
name: bad sweep
measures:
- pv: {enterprise: E1, commissioning_date: '2025-06-01'}
  sweep: {share_of_potential_fraction: [0.5, 0.7, 1.5]}
- storage: {id: S, owner: E01, round_trip_efficiency: 0.9}
  sweep: {energy_kwh: [null, -5], power_kw: [null, 10]}
- storage: {id: S2, owner: E01, round_trip_efficiency: 0.9}
  sweep: {energy_kwh: [null, 100], power_kw: [100, 10]}
- contract: {id: C, buyer: park, technology: wind}
  sweep: {annual_mwh: [1, 2], monthly_mwh: [null]}
- tariffs: [{name: x}]
  sweep: {name: [a, b]}
- storage: {id: S3, owner: E99, round_trip_efficiency: 0.9, energy_kwh: 10}
  sweep: {power_kw: [5, 10]}
"""


def test_a_bad_grid_lists_every_problem_with_file_and_field(
    demo_park: Park, tmp_path: Path
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(BAD, encoding="utf-8")
    with pytest.raises(InputError) as refused:
        load_sweep(path, demo_park)
    problems = refused.value.problems
    label = path.as_posix()
    assert all(p.startswith(f"{label}: measures[") for p in problems), problems
    # the PV measure's unknown enterprise once (not once per value), and the value 1.5
    assert sum(p.startswith(f"{label}: measures[0].pv.enterprise:") for p in problems) == 1
    assert any("measures[0].pv.share_of_potential_fraction" in p and "1.5" in p for p in problems)
    # the swept value -5, refused by the park rules, with the values swept
    assert any(
        p.startswith(f"{label}: measures[1]: storage[1] (S).energy_kwh:")
        and "-5" in p
        and "扫描取值 energy_kwh=-5, power_kw=10" in p
        for p in problems
    ), problems
    # a position half null; lists of different lengths; a sweep of a measure without fields
    assert any(p.startswith(f"{label}: measures[2].sweep:") and "第 2 个位置" not in p
               and "第 1 个位置" in p for p in problems)  # fmt: skip
    assert any(p.startswith(f"{label}: measures[3].sweep:") for p in problems)
    assert any(p.startswith(f"{label}: measures[4].sweep:") for p in problems)
    # a park rule refusing the measure names the measure and the values swept, at each value
    owner = [p for p in problems if p.startswith(f"{label}: measures[5]: ")]
    assert len(owner) == 2 and "power_kw=5" in owner[0] and "power_kw=10" in owner[1], owner


def test_the_shipped_sweep_loads(demo_park: Park) -> None:
    """The demo park's sweep: 5 PV shares × 3 batteries × 3 contracts, the zero point empty."""
    folder = Path(__file__).resolve().parents[2] / "sites" / "jincheng-edz" / "scenarios"
    grid = load_sweep(folder / "sweeps" / "jincheng-pv-storage-contract.yaml", demo_park)
    assert len(grid.points) == 45
    assert grid.points[0].scenario.overlay == {}
    assert grid.points[-1].parameters == (
        ("全园区光伏.share_of_potential_fraction", 1.0),
        ("E01 储能.energy_kwh", 40000),
        ("E01 储能.power_kw", 20000),
        ("风电绿电交易.annual_mwh", 100000),
    )


@pytest.mark.parametrize("address", ["tcp://127.0.0.1:1", "nonsense://x"])
def test_an_unreachable_scheduler_is_named(address: str) -> None:
    with pytest.raises(InputError) as refused, dask_executor(address, connect_timeout_s=1.0):
        pass
    assert refused.value.problems[0].startswith(f"--scheduler：无法连接 Dask 调度器 {address}")
