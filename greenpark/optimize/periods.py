"""Which hours the LP models: the full year as one cyclic period, or representative days.

``rep-days:N`` cuts the year into N runs of consecutive days and keeps from each the day whose
load and PV (both scaled to the year's largest hour) are nearest the run's mean day (squared
distance); the day stands for every day of its run (its weight). The battery then cycles
within each representative day (state of charge back where it started at midnight).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from greenpark.errors import InputError
from greenpark.i18n import text

HOURS_PER_DAY = 24


@dataclass(frozen=True)
class Periods:
    """``hour_index`` (P, T): the hours of each period (indices into the year);
    ``weight`` (P,): how many times each period stands in the year."""

    hour_index: npt.NDArray[np.intp]
    weight: npt.NDArray[np.float64]

    @property
    def label(self) -> str:
        count = self.hour_index.shape[0]
        return "full" if count == 1 else f"rep-days:{count}"

    @property
    def modelled_hours(self) -> int:
        return int(self.hour_index.size)


def full_year(hours: int) -> Periods:
    """The whole year as one cyclic period."""
    return Periods(np.arange(hours, dtype=np.intp)[None, :], np.ones(1))


def representative_days(features: npt.NDArray[np.float64], count: int) -> Periods:
    """``count`` representative days of hourly ``features`` (H, F) (see the module text)."""
    days = features.shape[0] // HOURS_PER_DAY
    scale = np.abs(features).max(axis=0)
    scaled = features[: days * HOURS_PER_DAY] / np.where(scale > 0, scale, 1.0)
    daily = scaled.reshape(days, -1)
    chosen, weights = [], []
    for run in np.array_split(np.arange(days), count):
        distance = ((daily[run] - daily[run].mean(axis=0)) ** 2).sum(axis=1)
        chosen.append(int(run[int(np.argmin(distance))]))
        weights.append(float(len(run)))
    index = np.array(chosen, dtype=np.intp)[:, None] * HOURS_PER_DAY + np.arange(HOURS_PER_DAY)
    return Periods(index.astype(np.intp), np.array(weights))


def periods_of(option: str, features: npt.NDArray[np.float64]) -> Periods:
    """``full`` or ``rep-days:N`` (1 ≤ N < days of the year) for hourly ``features`` (H, F).

    Raises
    ------
    InputError
        Any other option.
    """
    hours = features.shape[0]
    if option == "full":
        return full_year(hours)
    kind, _, number = option.partition(":")
    days = hours // HOURS_PER_DAY
    if kind == "rep-days" and number.isdigit() and 1 <= int(number) < days:
        return representative_days(features, int(number))
    raise InputError(
        [
            "--hours: "
            + text(
                f"须为 full 或 rep-days:N（1 ≤ N < {days}），实际为 {option!r}",
                f"must be full or rep-days:N (1 ≤ N < {days}), got {option!r}",
            )
        ]
    )
