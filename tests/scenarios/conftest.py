"""The demo park, loaded once for the scenario tests; a Dask cluster for the sweep tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import greenpark as gp
from greenpark.inputs.park.load import Park

DEMO = Path(__file__).resolve().parents[2] / "sites" / "jincheng-edz"


@pytest.fixture(scope="session")
def demo_park() -> Park:
    return gp.load_park(DEMO)


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    """A real ``dask.distributed`` cluster: two worker processes, one thread each."""
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as found:
        yield found.scheduler_address
