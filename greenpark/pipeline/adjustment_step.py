"""The park's ``adjustments:`` applied to the year's activity, in list order, after the meter
data are completed and before the balance (:mod:`greenpark.core.adjustment`).

A fuel adjustment changes the annual fuel totals at once; one that moves fuel to electricity
turns the fuel removed into heat with the run's heating value of that fuel for that
enterprise (the one its energy and emissions use) and leaves an electricity change. The
electricity changes (scalings and additions) are applied to the completed hourly use by
:func:`adjusted_load_kwh`, in the order they were written. :func:`adjustment_table` says what
each adjustment changed (for the economics of scenario measures).
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
from greenpark.messages import Message
from greenpark.pipeline.emissions_step import Activity, fuel_factors
from greenpark.pipeline.factor_choice import FactorChoice

Shape = str | tuple[float, ...]
#: columns of :func:`adjustment_table` (a row per adjustment id) [units in the names]
EFFECT_COLUMNS = (
    "electricity_change_kwh",
    "electricity_added_peak_kw",
    "fuel_change_gj",
    "fuel_change_canonical_unit",
)


@dataclass(frozen=True)
class ElectricityChange:
    """One change of the hourly electricity use: the cells of ``columns`` (E,) in ``hours``
    (H,) × ``scale_factor``, then ``added_kwh`` (E,) a year spread by ``shape``."""

    id: str
    columns: np.ndarray
    hours: np.ndarray
    scale_factor: float
    added_kwh: np.ndarray
    shape: Shape = "flat"


@dataclass(frozen=True)
class FuelEffect:
    """What one adjustment changed in a fuel: park total [canonical unit] and [GJ]."""

    id: str
    change: float
    change_gj: float


def _columns(config: ParkConfig, item: Adjustment) -> np.ndarray:
    scope = set(in_scope(item, config.enterprises))
    return np.array([e in scope for e in config.enterprise_ids()], dtype=bool)


def _fuel_change(
    config: ParkConfig,
    activity: Activity,
    item: Adjustment,
    hours: np.ndarray,
    choice: FactorChoice,
) -> tuple[Activity, FuelEffect, ElectricityChange | None]:
    """The activity with ``item`` applied to its fuel, its effect and the electricity
    replacing the fuel (None when it is not moved to electricity)."""
    column = activity.fuels.index(item.carrier)
    table = np.array(activity.feedstock if item.use == "feedstock" else activity.fuel, dtype=float)
    columns = _columns(config, item)
    before = table[:, column].copy()
    table[:, column] = core.scaled_total(before, columns, float(hours.mean()), item.scale_factor)
    ncv = fuel_factors(config, activity, choice).ncv_gj_per_unit[:, column]
    change = table[:, column] - before
    effect = FuelEffect(item.id, float(change.sum()), float((change * ncv).sum()))
    if item.use == "feedstock":
        changed = dataclasses.replace(activity, feedstock=table)
    else:
        changed = dataclasses.replace(activity, fuel=table)
    shift = item.to_electricity
    if shift is None:
        return changed, effect, None
    added = core.electrified_kwh(-change * ncv, shift.fuel_efficiency_fraction, shift.cop)
    everywhere = np.ones_like(hours)
    return changed, effect, ElectricityChange(item.id, columns, everywhere, 1.0, added, shift.shape)


def adjusted_activity(
    config: ParkConfig, activity: Activity, choice: FactorChoice, hours: pd.DatetimeIndex
) -> tuple[Activity, tuple[ElectricityChange, ...], tuple[FuelEffect, ...]]:
    """The activity with every fuel adjustment applied, the electricity changes and what
    each fuel adjustment changed."""
    changes: list[ElectricityChange] = []
    effects: list[FuelEffect] = []
    hour_of_day = hours.hour.to_numpy()
    none = np.zeros(len(config.enterprises))
    for item in config.adjustments:
        mask = core.hour_mask(hour_of_day, item.hours_of_day)
        if item.carrier == ELECTRICITY:
            columns = _columns(config, item)
            changes.append(ElectricityChange(item.id, columns, mask, item.scale_factor, none))
            continue
        activity, effect, change = _fuel_change(config, activity, item, mask, choice)
        effects.append(effect)
        changes.extend([change] if change is not None else [])
    return activity, tuple(changes), tuple(effects)


def _weights(shape: Shape, load_kwh: np.ndarray, hour_of_day: np.ndarray) -> np.ndarray:
    if shape == "electricity":
        return load_kwh
    if isinstance(shape, tuple):
        return np.broadcast_to(core.day_shape(hour_of_day, shape)[:, None], load_kwh.shape)
    return np.ones_like(load_kwh)


def _applied(
    load_kwh: np.ndarray, change: ElectricityChange, hour_of_day: np.ndarray
) -> tuple[np.ndarray, np.ndarray | None]:
    """The load after ``change`` and the electricity it added (H, E) (None: nothing added)."""
    scaled = core.scaled_load_kwh(load_kwh, change.columns, change.hours, change.scale_factor)
    if not change.added_kwh.any():
        return scaled, None
    added = core.shaped_kwh(change.added_kwh, _weights(change.shape, scaled, hour_of_day))
    return scaled + added, added


def adjusted_load_kwh(
    load_kwh: np.ndarray, changes: Sequence[ElectricityChange], hours: pd.DatetimeIndex
) -> np.ndarray:
    """The completed hourly electricity use (H, E) [kWh] with ``changes`` applied in order."""
    hour_of_day = hours.hour.to_numpy()
    for change in changes:
        load_kwh, _ = _applied(load_kwh, change, hour_of_day)
    return load_kwh


def adjustment_messages(config: ParkConfig, table: pd.DataFrame) -> tuple[Message, ...]:
    """An info message per adjustment: what it changed (the use is modelled, not metered)."""
    rows = table.to_dict("index")
    return tuple(
        Message(
            "use_adjusted",
            {
                "adjustment_id": item.id,
                "carrier": item.carrier,
                "electricity_change_kwh": float(rows[item.id]["electricity_change_kwh"]),
                "fuel_change_gj": float(rows[item.id]["fuel_change_gj"]),
            },
            "info",
        )
        for item in config.adjustments
    )


def adjustment_table(
    config: ParkConfig,
    load_kwh: np.ndarray,
    changes: Sequence[ElectricityChange],
    effects: Sequence[FuelEffect],
    hours: pd.DatetimeIndex,
) -> pd.DataFrame:
    """A row per adjustment (``id``), :data:`EFFECT_COLUMNS`: the year's electricity change
    [kWh], the sum over enterprises of each one's highest hourly added electricity [kW],
    the fuel change [GJ] and [the fuel's canonical unit]; ``load_kwh`` before the changes."""
    table = pd.DataFrame(
        0.0, index=pd.Index([a.id for a in config.adjustments], name="id"), columns=EFFECT_COLUMNS
    )
    hour_of_day = hours.hour.to_numpy()
    for change in changes:
        after, added = _applied(load_kwh, change, hour_of_day)
        table.loc[change.id, "electricity_change_kwh"] = float((after - load_kwh).sum())
        if added is not None:
            table.loc[change.id, "electricity_added_peak_kw"] = float(added.max(axis=0).sum())
        load_kwh = after
    for effect in effects:
        table.loc[effect.id, "fuel_change_gj"] = effect.change_gj
        table.loc[effect.id, "fuel_change_canonical_unit"] = effect.change
    return table
