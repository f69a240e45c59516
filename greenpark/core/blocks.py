"""Row blocks of (hours × enterprises) arrays.

Work that reads several full-year arrays but keeps only their sums (per enterprise, month or
hour) goes block by block of hours: its temporaries are a block large (a few hundred hours,
in cache) instead of a year, and no full-size temporary is made. One pass over a fresh
(8760 × 500) float64 array costs several times a pass over memory already in use, so a
temporary that is never kept is the dearest thing the core can make.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

import numpy as np
import numpy.typing as npt

#: bytes of one float64 block temporary (2 MiB: in the second-level cache of common CPUs)
BLOCK_BYTES = 2**21


def row_blocks(shape: tuple[int, ...], block_bytes: int = BLOCK_BYTES) -> Iterator[slice]:
    """Consecutive slices of the first axis covering ``range(shape[0])``, each about
    ``block_bytes`` of float64 (at least one row)."""
    rows = shape[0] if shape else 0
    row_bytes = 8 * math.prod(shape[1:])
    step = max(1, block_bytes // max(row_bytes, 1))
    for start in range(0, rows, step):
        yield slice(start, min(start + step, rows))


def labelled_blocks(
    labels: npt.NDArray[np.int64], shape: tuple[int, ...], block_bytes: int = BLOCK_BYTES
) -> Iterator[tuple[slice, int]]:
    """Row blocks as :func:`row_blocks`, each also ending where ``labels`` (one per row, e.g.
    the month of each hour) changes, with the label of its rows."""
    rows = len(labels)
    ends = [*np.flatnonzero(labels[1:] != labels[:-1]).tolist(), rows - 1]
    start = 0
    for end in ends:
        for block in row_blocks((end + 1 - start, *shape[1:]), block_bytes):
            yield slice(start + block.start, start + block.stop), int(labels[start])
        start = end + 1
