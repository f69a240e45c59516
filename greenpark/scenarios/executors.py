"""Where a sweep's runs happen: local processes or a Dask cluster, behind one
``concurrent.futures.Executor`` so the sweep's code is the same on both.

- local (default): a ``ProcessPoolExecutor`` of ``workers`` processes started with *spawn*
  (a fresh interpreter each, never a fork of a process holding database connections or
  threads);
- Dask: a ``dask.distributed`` client on an existing scheduler (``tcp://host:8786``, or the
  ``DASK_SCHEDULER_ADDRESS`` environment variable), its ``concurrent.futures`` executor. The
  optional extra ``greenpark[dask]`` installs ``distributed``; the cluster's workers need
  greenpark installed and, for stored runs, the database reachable.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager

from greenpark.errors import InputError
from greenpark.i18n import text

SCHEDULER_ENV = "DASK_SCHEDULER_ADDRESS"


def scheduler_address(given: str | None = None) -> str | None:
    """The Dask scheduler to use: ``given``, else ``$DASK_SCHEDULER_ADDRESS``, else None
    (local processes)."""
    return given or os.environ.get(SCHEDULER_ENV) or None


@contextmanager
def local_executor(workers: int) -> Iterator[Executor]:
    """``workers`` spawned processes; shut down (waiting for them) on leaving."""
    if workers < 1:
        raise InputError(
            [
                text(
                    f"--workers：须至少为 1，实际为 {workers}",
                    f"--workers: must be at least 1, got {workers}",
                )
            ]
        )
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        yield pool


@contextmanager
def dask_executor(address: str, connect_timeout_s: float = 30.0) -> Iterator[Executor]:
    """The ``concurrent.futures`` executor of a Dask client connected to ``address``; every
    task is its own (``pure=False``: a point is never taken for another with equal inputs).
    A scheduler not reached within ``connect_timeout_s`` is an :class:`InputError`."""
    try:
        from distributed import Client
    except ImportError:
        raise InputError(
            [
                text(
                    "使用 Dask 集群需要安装 distributed：pip install 'greenpark[dask]'",
                    "a Dask cluster needs distributed: pip install 'greenpark[dask]'",
                )
            ]
        ) from None
    try:
        client = Client(address, timeout=connect_timeout_s)  # type: ignore[no-untyped-call]
    except (OSError, ValueError) as exc:  # TimeoutError is an OSError; ValueError: bad address
        raise InputError(
            [
                text(
                    f"--scheduler：无法连接 Dask 调度器 {address}（{exc}）",
                    f"--scheduler: cannot reach the Dask scheduler {address} ({exc})",
                )
            ]
        ) from None
    with client:
        yield client.get_executor(pure=False)  # type: ignore[no-untyped-call]


@contextmanager
def sweep_executor(workers: int = 1, scheduler: str | None = None) -> Iterator[Executor]:
    """A Dask executor when a scheduler is named (argument or environment), else local
    processes."""
    address = scheduler_address(scheduler)
    chosen = dask_executor(address) if address is not None else local_executor(workers)
    with chosen as executor:
        yield executor
