"""Interval blocks laid onto one matrix per (carrier, use): repeats found, quarters summed.

A :class:`Grid` holds every interval of the accounting year (hours, or quarter hours) × the
enterprises with data for one (carrier, use): the first reading of each cell, and the file
and spreadsheet row it came from. Blocks (:mod:`greenpark.inputs.meters.blocks`) are laid on
in file order; a reading for a cell that already holds one is a duplicate, reported with the
file and row of the first (an empty cell is not a reading and never a duplicate). 15-min
readings are summed to hours; an hour with fewer than 4 readings is a gap (NaN), never a
partial sum. A quarter-hourly hour for a cell that also has an hourly reading is a duplicate
of the hourly one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from greenpark.inputs.meters.blocks import PER_HOUR, Block
from greenpark.messages import Message

READINGS_PER_HOUR = PER_HOUR["15min"]
_NO_ROW = np.iinfo(np.int64).max


@dataclass(frozen=True)
class Grid:
    """Intervals × enterprises of one (carrier, use) at one resolution (see the module doc)."""

    values: np.ndarray  # first reading of each cell, NaN = none
    files: np.ndarray  # index of its file in the load's file list, -1 = none
    rows: np.ndarray  # its spreadsheet row

    @classmethod
    def empty(cls, intervals: int, columns: int) -> Grid:
        shape = (intervals, columns)
        return cls(np.full(shape, np.nan), np.full(shape, -1, np.int16), np.zeros(shape, np.int64))


def lay(grid: Grid, block: Block, columns: Sequence[int], file_index: int) -> pd.DataFrame | None:
    """Put the block's readings into empty cells of ``grid``; the repeated ones as a frame
    (``row, column, slot, file_first, row_first``; column = position in the block), or None."""
    where = _region(block.slots, np.asarray(columns))
    held = grid.values[where]
    new = ~np.isnan(block.values)
    repeated = new & ~np.isnan(held)
    rows = block.cell_rows()
    found = None
    if repeated.any():
        i, j = np.nonzero(repeated)
        found = pd.DataFrame(
            {
                "row": rows[i, j],
                "column": j,
                "slot": block.slots[i],
                "file_first": grid.files[where][i, j],
                "row_first": grid.rows[where][i, j],
            }
        )
        new &= ~repeated
    _put(grid.values, where, block.values, new)
    _put(grid.files, where, np.int16(file_index), new)
    _put(grid.rows, where, block.rows, new)
    return found


_Region = tuple[slice, slice] | tuple[np.ndarray, np.ndarray]


def _region(slots: np.ndarray, columns: np.ndarray) -> _Region:
    """Where the block lies in the grid: slices (views) when its slots and columns are runs
    of consecutive numbers (a wide file), else an open mesh (fancy indexing)."""
    runs = [
        slice(int(part[0]), int(part[-1]) + 1)
        for part in (slots, columns)
        if len(part) and bool((np.diff(part) == 1).all())
    ]
    if len(runs) == 2:
        return runs[0], runs[1]
    slot_mesh, column_mesh = np.ix_(slots, columns)
    return slot_mesh, column_mesh


def _put(
    target: np.ndarray, where: _Region, value: np.ndarray | np.int16, mask: np.ndarray
) -> None:
    """``target[where] = value`` where ``mask`` is set (``value`` broadcast to ``mask``)."""
    if isinstance(where[0], slice):
        np.copyto(target[where], value, where=mask)
    else:
        target[where] = np.where(mask, value, target[where])


def summed_hours(quarters: Grid) -> Grid:
    """Quarter-hour grid -> hour grid: the sum where all 4 readings are there, else NaN.

    An hour with at least one reading keeps the file of its first reading and its smallest
    row (``files`` >= 0), so it still counts as given (a duplicate of an hourly reading, a
    series that exists).
    """
    hours, columns = quarters.values.shape[0] // READINGS_PER_HOUR, quarters.values.shape[1]
    shape = (hours, READINGS_PER_HOUR, columns)
    values = quarters.values.reshape(shape)
    present = ~np.isnan(values)
    if present.all():  # a complete year: the same sums, files and rows without the masks
        return Grid(
            np.add.reduce(values, axis=1, initial=0.0),
            quarters.files.reshape(shape)[:, 0, :].copy(),
            np.minimum.reduce(quarters.rows.reshape(shape), axis=1),
        )
    count = present.sum(axis=1)
    total = np.add.reduce(values, axis=1, where=present, initial=0.0)
    first = present.argmax(axis=1)[:, None, :]
    files = np.take_along_axis(quarters.files.reshape(shape), first, axis=1)[:, 0, :]
    rows = np.minimum.reduce(quarters.rows.reshape(shape), axis=1, where=present, initial=_NO_ROW)
    return Grid(
        np.where(count == READINGS_PER_HOUR, total, np.nan),
        np.where(count > 0, files, -1).astype(np.int16),
        np.where(count > 0, rows, 0),
    )


def incomplete_hours(
    hours: Grid, carrier: str, enterprises: Sequence[str], index: pd.DatetimeIndex, files: list[str]
) -> list[Message]:
    """One message per (enterprise, file) with hours of fewer than 4 quarter-hour readings
    (``hours``: a quarter grid summed by :func:`summed_hours`; ``index``: its hours)."""
    incomplete = (hours.files >= 0) & np.isnan(hours.values)
    messages = []
    for j in np.flatnonzero(incomplete.any(axis=0)):
        for file in np.unique(hours.files[incomplete[:, j], j]):
            chosen = np.flatnonzero(incomplete[:, j] & (hours.files[:, j] == file))
            first = index[chosen[0]].strftime("%Y-%m-%d %H:%M")
            params = {
                "file": files[int(file)],
                "enterprise": enterprises[int(j)],
                "carrier": carrier,
            }
            messages.append(
                Message(
                    "quarter_hours_incomplete", {**params, "hours": len(chosen), "first": first}
                )
            )
    return messages


def merged_hours(hourly: Grid, quarters: Grid) -> tuple[Grid, pd.DataFrame | None]:
    """Hourly readings, else the summed quarter hours; the quarter hours that repeat an
    hourly reading as a frame (``row, column, slot, file, file_first, row_first``)."""
    held = ~np.isnan(hourly.values)
    repeated = held & (quarters.files >= 0)
    merged = Grid(
        np.where(held, hourly.values, quarters.values),
        np.where(held, hourly.files, quarters.files),
        np.where(held, hourly.rows, quarters.rows),
    )
    if not repeated.any():
        return merged, None
    i, j = np.nonzero(repeated)
    clashes = pd.DataFrame(
        {
            "row": quarters.rows[i, j],
            "column": j,
            "slot": i,
            "file": quarters.files[i, j],
            "file_first": hourly.files[i, j],
            "row_first": hourly.rows[i, j],
        }
    )
    return merged, clashes
