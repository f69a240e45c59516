"""The park's ``adjustments:`` applied to the year's activity, in list order, after the meter
data are completed and before the balance (:mod:`greenpark.core.adjustment`).

A fuel adjustment changes the annual fuel totals at once; one that moves fuel to electricity
turns the fuel removed into heat with the run's heating value of that fuel for that
enterprise (the one its energy and emissions use) and leaves an electricity change. The
electricity changes (scalings and additions) are applied to the completed hourly use by
:func:`adjusted_load_kwh`, in the order they were written.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from greenpark.core import adjustment as core
from greenpark.inputs.park.adjustment_rules import in_scope
from greenpark.inputs.park.schema import ParkConfig
from greenpark.inputs.park.schema_adjust import ELECTRICITY, Adjustment
from greenpark.pipeline.emissions_step import Activity, fuel_factors
from greenpark.pipeline.factor_choice import FactorChoice

Shape = str | tuple[float, ...]


@dataclass(frozen=True)
class ElectricityChange:
    """One change of the hourly electricity use: the cells of ``columns`` (E,) in ``hours``
    (H,) × ``scale_factor``, then ``added_kwh`` (E,) a year spread by ``shape``."""

    columns: np.ndarray
    hours: np.ndarray
    scale_factor: float
    added_kwh: np.ndarray
    shape: Shape = "flat"


def _columns(config: ParkConfig, item: Adjustment) -> np.ndarray:
    scope = set(in_scope(item, config.enterprises))
    return np.array([e in scope for e in config.enterprise_ids()], dtype=bool)


def _fuel_change(
    config: ParkConfig,
    activity: Activity,
    item: Adjustment,
    hours: np.ndarray,
    choice: FactorChoice,
) -> tuple[Activity, ElectricityChange | None]:
    """The activity with ``item`` applied to its fuel, and the electricity replacing it."""
    column = activity.fuels.index(item.carrier)
    field = "feedstock" if item.use == "feedstock" else "fuel"
    table = np.array(getattr(activity, field), dtype=float)
    columns = _columns(config, item)
    before = table[:, column].copy()
    table[:, column] = core.scaled_total(before, columns, float(hours.mean()), item.scale_factor)
    if field == "feedstock":
        changed = dataclasses.replace(activity, feedstock=table)
    else:
        changed = dataclasses.replace(activity, fuel=table)
    shift = item.to_electricity
    if shift is None:
        return changed, None
    ncv = fuel_factors(config, activity, choice).ncv_gj_per_unit[:, column]
    removed_gj = (before - table[:, column]) * ncv
    added = core.electrified_kwh(removed_gj, shift.fuel_efficiency_fraction, shift.cop)
    return changed, ElectricityChange(columns, np.ones_like(hours), 1.0, added, shift.shape)


def adjusted_activity(
    config: ParkConfig, activity: Activity, choice: FactorChoice, hours: pd.DatetimeIndex
) -> tuple[Activity, tuple[ElectricityChange, ...]]:
    """The activity with every fuel adjustment applied, and the electricity changes."""
    changes: list[ElectricityChange] = []
    hour_of_day = hours.hour.to_numpy()
    none = np.zeros(len(config.enterprises))
    for item in config.adjustments:
        mask = core.hour_mask(hour_of_day, item.hours_of_day)
        if item.carrier == ELECTRICITY:
            changes.append(ElectricityChange(_columns(config, item), mask, item.scale_factor, none))
            continue
        activity, change = _fuel_change(config, activity, item, mask, choice)
        changes.extend([change] if change is not None else [])
    return activity, tuple(changes)


def _weights(shape: Shape, load_kwh: np.ndarray, hour_of_day: np.ndarray) -> np.ndarray:
    if shape == "electricity":
        return load_kwh
    if isinstance(shape, tuple):
        return np.broadcast_to(core.day_shape(hour_of_day, shape)[:, None], load_kwh.shape)
    return np.ones_like(load_kwh)


def adjusted_load_kwh(
    load_kwh: np.ndarray, changes: Sequence[ElectricityChange], hours: pd.DatetimeIndex
) -> np.ndarray:
    """The completed hourly electricity use (H, E) [kWh] with ``changes`` applied in order."""
    hour_of_day = hours.hour.to_numpy()
    for change in changes:
        load_kwh = core.scaled_load_kwh(load_kwh, change.columns, change.hours, change.scale_factor)
        if change.added_kwh.any():
            weights = _weights(change.shape, load_kwh, hour_of_day)
            load_kwh = load_kwh + core.shaped_kwh(change.added_kwh, weights)
    return load_kwh
