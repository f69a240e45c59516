"""Hourly frames of every (carrier, use) from the interval blocks of all files.

Blocks (:mod:`greenpark.inputs.meters.blocks`) are laid onto grids
(:mod:`greenpark.inputs.meters.grid`) in file order, one per (carrier, use) and resolution;
repeated readings are reported (file, row, enterprise, time, and where the first one was
given); quarter hours are summed to hours; the hourly frame of a (carrier, use) is its hourly
readings, else its summed quarter hours.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from greenpark.i18n import text
from greenpark.inputs.carriers import load_carriers
from greenpark.inputs.meters.blocks import PER_HOUR, STEPS, Block
from greenpark.inputs.meters.grid import (
    Grid,
    incomplete_hours,
    lay,
    merged_hours,
    summed_hours,
)
from greenpark.inputs.meters.problems import CAP, Problems
from greenpark.messages import Message

_ORIGIN_COLUMNS = ["enterprise", "carrier", "file", "resolution"]


@dataclass(frozen=True)
class IntervalData:
    """``frames``: (use, carrier) -> hours × enterprises (NaN = gap); ``origins``: the
    file(s) and resolution(s) of every series (``use, enterprise, carrier, file,
    resolution``); ``messages``: incomplete quarter hours."""

    frames: dict[tuple[str, str], pd.DataFrame]
    origins: pd.DataFrame
    messages: list[Message]


def interval_data(
    blocks: Sequence[Block], ids: Sequence[str], index: pd.DatetimeIndex, problems: Problems
) -> IntervalData:
    """Lay every block, report repeated readings, sum quarter hours (see the module doc)."""
    files = list(dict.fromkeys(block.file for block in blocks))
    frames: dict[tuple[str, str], pd.DataFrame] = {}
    origins: list[pd.DataFrame] = []
    messages: list[Message] = []
    repeats: tuple[list[pd.DataFrame], list[pd.DataFrame]] = ([], [])
    for use in ("fuel", "feedstock"):
        for carrier in load_carriers():
            group = [b for b in blocks if (b.carrier, b.use) == (carrier, use)]
            if not group:
                continue
            named = {e for b in group for e in b.enterprises}
            names = [e for e in ids if e in named]
            if len(group) == 1 and group[0].resolution == "hourly":
                hours = _one_block_hours(group[0], names, files, len(index))
            else:
                hours = _carrier_hours(group, names, files, index, repeats, messages)
            frames[use, carrier] = pd.DataFrame(
                hours.values,
                index=index,
                columns=pd.Index(names, name="enterprise"),
                copy=hours.copy,
            )
            origins.append(_origins(group, names, hours, files).assign(use=use))
    for found in repeats:
        _report_repeats(found, files, index[0], problems)
    empty = pd.DataFrame(columns=["use", *_ORIGIN_COLUMNS])
    return IntervalData(frames, pd.concat([empty, *origins], ignore_index=True), messages)


@dataclass(frozen=True)
class _Hours:
    """Hours × enterprises of one (carrier, use) (NaN = gap); ``supplied``: (files ×
    enterprises) whether the file gave a reading of the column; ``used``: per resolution,
    the columns it supplied; ``copy``: whether the frame copies ``values`` (a grid's, in
    rows; a frame keeps each column's hours together)."""

    values: np.ndarray
    supplied: np.ndarray
    used: dict[str, np.ndarray]
    copy: bool = False


def _one_block_hours(block: Block, names: list[str], files: list[str], hours: int) -> _Hours:
    """The hours of a (carrier, use) given by one hourly block alone (one wide file, the
    usual park): no reading can repeat another, so no grid is laid; a block that fills the
    year in column order, laid out column by column, is the frame itself (its values are
    not changed after)."""
    column = {name: j for j, name in enumerate(names)}
    columns = np.array([column[e] for e in block.enterprises], dtype=np.intp)
    whole = np.array_equal(block.slots, np.arange(hours)) and np.array_equal(
        columns, np.arange(len(names))
    )
    values = block.values
    if not (whole and values.flags.f_contiguous):
        values = np.full((hours, len(names)), np.nan, order="F")
        values[np.ix_(block.slots, columns)] = block.values
    given = np.zeros(len(names), dtype=bool)
    given[columns] = ~np.isnan(block.values).all(axis=0)
    supplied = np.zeros((len(files), len(names)), dtype=bool)
    supplied[files.index(block.file)] = given
    return _Hours(values, supplied, {"hourly": given})


def _carrier_hours(
    group: list[Block],
    names: list[str],
    files: list[str],
    index: pd.DatetimeIndex,
    repeats: tuple[list[pd.DataFrame], list[pd.DataFrame]],
    messages: list[Message],
) -> _Hours:
    """The hours of one (carrier, use) laid on grids: repeats found, quarters summed."""
    column = {name: j for j, name in enumerate(names)}
    carrier = group[0].carrier
    grids: dict[str, Grid] = {}
    for resolution in ("hourly", "15min"):
        chosen = [b for b in group if b.resolution == resolution]
        if chosen:
            grid = Grid.empty(len(index) * PER_HOUR[resolution], len(names))
            for block in chosen:
                columns = [column[e] for e in block.enterprises]
                found = lay(grid, block, columns, files.index(block.file))
                if found is not None:
                    about = {"file": block.file, "carrier": carrier, "resolution": resolution}
                    enterprise = np.asarray(block.enterprises)[found["column"].to_numpy()]
                    repeats[0].append(found.assign(enterprise=enterprise, **about))
            grids[resolution] = grid
    if "15min" in grids:
        grids["15min"] = summed_hours(grids["15min"])
        messages += incomplete_hours(grids["15min"], carrier, names, index, files)
    hourly, quarters = grids.get("hourly"), grids.get("15min")
    if hourly is None or quarters is None:
        only = hourly if hourly is not None else grids["15min"]
        used = {r: np.asarray((g.files >= 0).any(axis=0)) for r, g in grids.items()}
        return _Hours(only.values, _files_per_column(only.files, len(files)), used, copy=True)
    merged, found = merged_hours(hourly, quarters)
    if found is not None:
        about = {"carrier": carrier, "resolution": "hourly"}
        named = found.assign(file=[files[f] for f in found["file"]], **about)
        repeats[1].append(named.assign(enterprise=np.asarray(names)[found["column"].to_numpy()]))
    held = ~np.isnan(hourly.values)
    used = {"hourly": held.any(axis=0), "15min": ((quarters.files >= 0) & ~held).any(axis=0)}
    return _Hours(merged.values, _files_per_column(merged.files, len(files)), used, copy=True)


def _origins(group: list[Block], names: list[str], hours: _Hours, files: list[str]) -> pd.DataFrame:
    """File(s) and resolution(s) each series' data came from; for a series with no reading
    at all, every file that names it."""
    rows = []
    supplied, used = hours.supplied, hours.used
    for j, name in enumerate(names):
        given = [files[f] for f in np.flatnonzero(supplied[:, j])]
        resolutions = [r for r, columns in used.items() if columns[j]]
        if not given:
            naming = [b for b in group if name in b.enterprises]
            given = [b.file for b in naming]
            resolutions = [b.resolution for b in naming]
        rows.append(
            {
                "enterprise": name,
                "carrier": group[0].carrier,
                "file": "; ".join(sorted(set(given))),
                "resolution": "+".join(sorted(set(resolutions))),
            }
        )
    return pd.DataFrame(rows, columns=_ORIGIN_COLUMNS)


def _files_per_column(grid_files: np.ndarray, count: int) -> np.ndarray:
    """(files × columns) whether file ``f`` supplied a cell of the column (one pass per
    file over the grid: a file list is short, a park may have thousands of columns)."""
    return np.array([(grid_files == f).any(axis=0) for f in range(count)]).reshape(
        count, grid_files.shape[1]
    )


def _report_repeats(
    found: list[pd.DataFrame], files: list[str], year_start: pd.Timestamp, problems: Problems
) -> None:
    """One line per repeated reading, file by file in row order (first few, then a count)."""
    if not found:
        return
    clashes = pd.concat(found, ignore_index=True)
    for file, part in clashes.groupby("file", sort=False):
        part = part.sort_values(["row", "column"], kind="stable")
        head = part.iloc[:CAP]
        steps = [STEPS[r] for r in head["resolution"]]
        details = [
            text(
                f"{e} {c} 在 {when:%Y-%m-%d %H:%M} 的数据重复（已在 {files[f]} 第 {r} 行给出）",
                f"duplicate reading for {e} {c} at {when:%Y-%m-%d %H:%M} "
                f"(already given in {files[f]} row {r})",
            )
            for e, c, when, f, r in zip(
                head["enterprise"],
                head["carrier"],
                [
                    year_start + int(slot) * step
                    for slot, step in zip(head["slot"], steps, strict=True)
                ],
                head["file_first"],
                head["row_first"],
                strict=True,
            )
        ]
        problems.cells(str(file), part["row"].tolist(), [None] * len(head), details, str)
