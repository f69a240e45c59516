"""Meter readings a user has checked and keeps although they look implausible.

A reading far above its series' typical value (``reading_vs_typical`` in
``factors/plausibility.csv``) is refused unless ``park.yaml`` confirms it::

    confirmed_readings:
      - file: data/meters.csv        # a file listed under data:
        rows: [1442, 1450]            # spreadsheet rows (header = row 1), inclusive
        reason: 2025-03 试产，冲击负荷已核对电表
      - file: data/gas_monthly.csv    # no row/rows: every reading of the file
        reason: 采暖季用气，夏季仅有炊事

Give ``row`` for one row or ``rows: [first, last]``; neither confirms the whole file. The
reason is kept with the park's messages. Only the limits marked ``confirmable`` can be
confirmed; impossible values (above the absolute caps, infinite) cannot.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

import numpy as np
import pandas as pd
from pydantic import Field, model_validator

from greenpark.i18n import text
from greenpark.inputs.park.schema_base import Frozen, ParkPath

Row = Annotated[int, Field(ge=2)]


class ReadingConfirmation(Frozen):
    """Readings of one data file, whole or some rows, confirmed as real with a reason."""

    file: ParkPath
    """数据文件路径 / data file path"""
    row: Row | None = None
    """行号（表头为第 1 行）/ row (header = row 1)"""
    rows: tuple[Row, Row] | None = None
    """起止行号 [首, 末] / first and last row"""
    reason: Annotated[str, Field(min_length=2)]
    """核实理由 / reason"""

    @model_validator(mode="after")
    def _one_way_to_name_rows(self) -> ReadingConfirmation:
        if self.row is not None and self.rows is not None:
            raise ValueError(text("row 与 rows 只能填写一个", "give row or rows, not both"))
        if self.rows is not None and self.rows[0] > self.rows[1]:
            raise ValueError(text("rows 须为 [起始行, 结束行]", "rows must be [first, last]"))
        return self

    def row_span(self) -> tuple[int, float]:
        """First and last row confirmed (the whole file: 2 to infinity)."""
        if self.row is not None:
            return self.row, self.row
        if self.rows is not None:
            return self.rows
        return 2, np.inf


def confirmed_mask(
    files: pd.Series, rows: pd.Series, confirmations: Sequence[ReadingConfirmation]
) -> np.ndarray:
    """Which readings (their ``file`` label and spreadsheet ``row``) a confirmation covers."""
    mask = np.zeros(len(rows), dtype=bool)
    if not confirmations:
        return mask
    labels = files.astype(str).to_numpy()
    numbers = rows.to_numpy()
    for confirmation in confirmations:
        first, last = confirmation.row_span()
        name = confirmation.file.as_posix()
        same_file = (labels == name) | np.char.startswith(labels.astype(str), name + " [")
        mask |= same_file & (numbers >= first) & (numbers <= last)
    return mask
