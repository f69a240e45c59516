"""Delivery-profile files of green-power contracts (``delivery_shape: profile``).

A CSV with a ``weight`` column and one row per hour of the accounting year (an optional
``timestamp`` column is ignored); weights are relative, any non-negative scale. Read by
:func:`greenpark.inputs.park.load.load_park`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from greenpark.errors import InputError
from greenpark.i18n import text
from greenpark.inputs.park.paths import outside_park
from greenpark.inputs.park.schema import Contract


def read_delivery_profile(path: Path, n_hours: int) -> np.ndarray:
    """Hourly weights (n_hours,) from ``path``; InputError naming the file otherwise."""
    try:
        frame = pd.read_csv(path, encoding="utf-8-sig")
    except (OSError, ValueError) as exc:
        raise InputError([f"{path}: {text('无法读取', 'cannot be read')} ({exc})"]) from exc
    problems = []
    if "weight" not in frame.columns:
        problems.append(
            text(
                f"{path}：缺少 weight 列，实际列为 {list(frame.columns)}",
                f"{path}: no 'weight' column, got columns {list(frame.columns)}",
            )
        )
    elif len(frame) != n_hours:
        problems.append(
            text(
                f"{path}：需要 {n_hours} 行（每小时一行），实际 {len(frame)} 行",
                f"{path}: needs {n_hours} rows (one per hour), got {len(frame)}",
            )
        )
    else:
        weights = pd.to_numeric(frame["weight"], errors="coerce").to_numpy(dtype=float)
        bad = np.nonzero(~np.isfinite(weights) | (weights < 0))[0]
        if bad.size:
            problems.append(
                text(
                    f"{path} 第 {bad[0] + 2} 行：weight 须为非负数，实际 {frame['weight'].iloc[bad[0]]!r}"
                    f"（共 {bad.size} 行）",
                    f"{path} row {bad[0] + 2}: weight must be a non-negative number, got "
                    f"{frame['weight'].iloc[bad[0]]!r} ({bad.size} rows in all)",
                )
            )
        else:
            return weights
    raise InputError(problems)


def load_delivery_profiles(
    park_dir: Path, contracts: Iterable[Contract], n_hours: int
) -> dict[str, np.ndarray]:
    """Profiles of the ``contracts`` with a ``profile_file``, keyed by contract id.

    ``n_hours`` is the length of the accounting year [h] (8784 in a leap year); InputError
    listing every bad file.
    """
    profiles: dict[str, np.ndarray] = {}
    problems: list[str] = []
    for contract in contracts:
        if contract.profile_file is None:
            continue
        refused = outside_park(park_dir, contract.profile_file)
        if refused is not None:  # never opened
            problems.append(f"{contract.profile_file.as_posix()}: {refused}")
            continue
        try:
            profiles[contract.id] = read_delivery_profile(park_dir / contract.profile_file, n_hours)
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    return profiles
