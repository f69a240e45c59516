"""Wide meter files read on a second thread while ``park.yaml`` is checked (both cores).

Reading a wide file into a float matrix (:func:`~greenpark.inputs.meters.matrix.read_matrix`)
is mostly pyarrow's CSV parser or fastexcel (calamine), which release the GIL; checking
``park.yaml`` (schema, rules, factor tables) is Python. ``load_park`` starts reading the
``data:`` entries that are valid on their own before it checks the file, and takes each
matrix when it loads the meter data, so the two overlap. A matrix read ahead is the one
:func:`~greenpark.inputs.meters.matrix.read_matrix` returns for the same entry later; an entry
not read ahead (or not the same after the checks) is read then. The entries are validated
here, on the caller's thread (validating a unit builds the unit registry, once).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from concurrent.futures import Executor, Future
from pathlib import Path

from pydantic import ValidationError

from greenpark.inputs.meters.matrix import Matrix, read_matrix
from greenpark.inputs.park.schema import DataSource


class MatricesAhead:
    """A :func:`read_matrix` that answers from reads started on ``pool`` at creation."""

    def __init__(self, pool: Executor, park_dir: Path, sources: Iterable[DataSource]) -> None:
        self._park_dir = park_dir
        self._pending: list[tuple[DataSource, Future[Matrix | None]]] = [
            (source, pool.submit(read_matrix, park_dir, source)) for source in sources
        ]

    def __call__(self, park_dir: Path, source: DataSource) -> Matrix | None:
        """``read_matrix(park_dir, source)``, read ahead when it was started (each once)."""
        for k, (ahead, future) in enumerate(self._pending):
            if ahead == source and park_dir == self._park_dir:
                del self._pending[k]
                return future.result()
        return read_matrix(park_dir, source)


def matrix_sources(items: Iterable[Mapping[str, object]]) -> list[DataSource]:
    """The ``data:`` items that are valid alone and name a file the matrix path may read
    (wide, hourly or 15-min); the others are read, or reported, as before."""
    sources = []
    for item in items:
        try:
            source = DataSource.model_validate(item)
        except ValidationError:
            continue  # reported by the checks of park.yaml
        if source.layout == "wide" and source.resolution != "monthly":
            sources.append(source)
    return sources
