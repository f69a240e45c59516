"""Interval readings of one file as a matrix: intervals of the year × enterprises.

A :class:`Block` holds the hourly or 15-min readings of one file for one (carrier, use):
``values[i, j]`` is enterprise ``j``'s reading in interval ``slots[i]`` of the accounting year
(0 = the first hour or quarter hour), in the carrier's canonical unit, NaN where the cell is
empty (a gap); ``rows`` holds each cell's spreadsheet row. A wide file is one block (its matrix
as read); a long file's records are pivoted into blocks. Within a block every slot appears
once: a file that gives one interval twice becomes one block per repetition, in row order, so
the first reading of every interval is in the first block.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

#: length of one interval of each resolution
STEPS = {"hourly": pd.Timedelta(hours=1), "15min": pd.Timedelta(minutes=15)}
#: intervals per hour of each resolution
PER_HOUR = {"hourly": 1, "15min": 4}


@dataclass(frozen=True)
class Block:
    """Readings of one file for one (carrier, use) at one resolution (see the module doc)."""

    file: str
    carrier: str
    use: str
    resolution: str
    enterprises: tuple[str, ...]
    slots: np.ndarray  # (n,) interval of the year, each once
    values: np.ndarray  # (n, k) canonical unit, NaN = empty cell
    rows: np.ndarray  # (n, k) or (n, 1): spreadsheet row of each cell

    def cell_rows(self) -> np.ndarray:
        """Spreadsheet row of every cell, shaped like ``values``."""
        return np.broadcast_to(self.rows, self.values.shape)


def slots_of(starts: pd.Series, year_start: pd.Timestamp, resolution: str) -> np.ndarray:
    """Interval starts (tz-aware, on the resolution's step, inside the year) -> slot numbers."""
    elapsed = (starts - year_start) / STEPS[resolution]
    return np.asarray(elapsed, dtype=np.int64)


def repetitions(slots: np.ndarray) -> np.ndarray:
    """How often each slot appeared before in ``slots`` (0 for its first appearance)."""
    return np.asarray(pd.Series(slots).groupby(slots).cumcount(), dtype=np.int64)


def wide_blocks(
    names: tuple[str, str, str, str],
    enterprises: Sequence[str],
    slots: np.ndarray,
    values: np.ndarray,
    rows: np.ndarray,
) -> list[Block]:
    """Blocks of a wide file (``names``: file, carrier, use, resolution); ``rows`` (n,).
    Without repeated slots the one block holds ``values`` itself (no copy)."""
    seen = repetitions(slots)
    if not seen.any():
        return [Block(*names, tuple(enterprises), slots, values, rows[:, None])]
    return [
        Block(
            *names,
            tuple(enterprises),
            slots[seen == n],
            values[seen == n],
            rows[seen == n, None],
        )
        for n in range(int(seen.max(initial=0)) + 1)
        if (seen == n).any()
    ]


def long_blocks(records: pd.DataFrame, year_start: pd.Timestamp) -> list[Block]:
    """Blocks of a long file's interval records (``file, row, enterprise, carrier, use,
    start, quantity, resolution``), one per (carrier, use) and repetition."""
    blocks = []
    for (carrier, use), part in records.groupby(["carrier", "use"], sort=False, observed=True):
        resolution = str(part["resolution"].iloc[0])
        slots = slots_of(part["start"], year_start, resolution)
        enterprise = part["enterprise"].astype(str).to_numpy()
        seen = np.asarray(pd.Series(slots).groupby([slots, enterprise]).cumcount())
        for n in range(int(seen.max(initial=0)) + 1):
            pick = seen == n
            chosen = part.loc[pick].assign(slot=slots[pick], enterprise=enterprise[pick])
            if chosen.empty:
                continue
            values = chosen.pivot(index="slot", columns="enterprise", values="quantity")
            rows = chosen.pivot(index="slot", columns="enterprise", values="row")
            names = tuple(str(e) for e in values.columns)
            blocks.append(
                Block(
                    str(part["file"].iloc[0]),
                    str(carrier),
                    str(use),
                    resolution,
                    names,
                    values.index.to_numpy(dtype=np.int64),
                    values.to_numpy(dtype=float),
                    rows.fillna(0).to_numpy(dtype=np.int64),
                )
            )
    return blocks
