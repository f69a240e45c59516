"""Planned use of enterprises without meter readings (``enterprises[].planned_use``,
:mod:`greenpark.inputs.park.schema_planned`): a new tenant in a scenario, or a real park's
planned one.

Electricity: the planned year [kWh] × the profile's hourly weights, which sum to 1: the
summed completed hourly electricity of the profile's metered enterprises (an industry prefix
or one enterprise), or a working-pattern shape (:func:`greenpark.core.load_profiles.shape_weights`,
default the enterprise's own ``load_profile``). Every hour and month gets the source
``planned`` (:data:`greenpark.core.coverage.PLANNED`), so it is modelled, never measured.

Fuels are annual totals (burnt, as a year of bills is counted); with ``scale_by_output_value``
each carrier's year is Σ use ÷ Σ ``output_value_wan_cny`` over the profile enterprises with an
output value above zero, × the enterprise's own output value. The use of the profile
enterprises is their completed metered year, before ``adjustments`` (which then apply to the
planned enterprise as to any other in their scope).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from greenpark.core.coverage import PLANNED
from greenpark.core.load_profiles import (
    FilledLoad,
    china_holidays,
    china_makeup_workdays,
    shape_weights,
)
from greenpark.errors import InputError
from greenpark.i18n import text
from greenpark.inputs.park.planned_rules import profile_enterprises
from greenpark.inputs.park.schema import Enterprise, ParkConfig
from greenpark.inputs.park.schema_planned import ELECTRICITY


def metered_ids(config: ParkConfig) -> list[str]:
    """Enterprises with meter data (no planned use), in park order."""
    return [e.id for e in config.enterprises if e.planned_use is None]


def planned_enterprises(config: ParkConfig) -> list[Enterprise]:
    return [e for e in config.enterprises if e.planned_use is not None]


def _profile_columns(config: ParkConfig, enterprise: Enterprise) -> np.ndarray:
    assert enterprise.planned_use is not None
    index = config.enterprise_index()
    ids = profile_enterprises(enterprise.planned_use.profile, config.enterprises)
    return np.array([index[i] for i in ids], dtype=int)


def profile_weights(
    config: ParkConfig, enterprise: Enterprise, load_kwh: np.ndarray, hours: pd.DatetimeIndex
) -> np.ndarray:
    """(H,) hourly weights summing to 1 of a planned enterprise's electricity.

    ``load_kwh`` (H, E) is the completed electricity of the metered enterprises [kWh]."""
    assert enterprise.planned_use is not None
    profile = enterprise.planned_use.profile
    if profile.from_metered:
        weights = load_kwh[:, _profile_columns(config, enterprise)].sum(axis=1)
    else:
        year = config.park.accounting_year
        name = profile.load_profile or enterprise.load_profile
        shape = shape_weights([name], hours, china_holidays(year), china_makeup_workdays(year))
        weights = shape[:, 0]
    total = float(weights.sum())
    if total <= 0:
        raise InputError(
            [
                text(
                    f"企业 {enterprise.id} 的 planned_use.profile 全年用电为 0，无法作为逐时形状",
                    f"enterprise {enterprise.id}: the planned_use.profile uses no electricity "
                    "in the year; it cannot give an hourly shape",
                )
            ]
        )
    normalised: np.ndarray = weights / total
    return normalised


def planned_year(
    config: ParkConfig, enterprise: Enterprise, carrier: str, annual: np.ndarray
) -> float:
    """The planned year of ``carrier`` [canonical unit]; ``annual`` (E,) the metered
    enterprises' years of that carrier (read only with ``scale_by_output_value``)."""
    planned = enterprise.planned_use
    assert planned is not None
    if not planned.scale_by_output_value:
        return planned.annual.get(carrier, 0.0)
    columns = _profile_columns(config, enterprise)
    output = np.array([config.enterprises[i].output_value_wan_cny or 0.0 for i in columns])
    valued = output > 0
    intensity = float(annual[columns[valued]].sum() / output[valued].sum())
    return intensity * float(enterprise.output_value_wan_cny or 0.0)


def with_planned_load(
    config: ParkConfig, metered: FilledLoad, hours: pd.DatetimeIndex
) -> FilledLoad:
    """The load of every enterprise (H, E): ``metered`` (the columns of :func:`metered_ids`)
    with each planned enterprise's planned year spread by its profile, source ``planned``;
    ``metered`` itself when no enterprise is planned (no copy of the (H, E) arrays)."""
    planned = planned_enterprises(config)
    if not planned:
        return metered
    size = len(config.enterprises)
    columns = [config.enterprise_index()[i] for i in metered_ids(config)]
    load = np.zeros((len(hours), size))
    source = np.full((len(hours), size), PLANNED, dtype=metered.source.dtype)
    month_source = np.full((12, size), PLANNED, dtype=metered.month_source.dtype)
    load[:, columns] = metered.load_kwh
    source[:, columns] = metered.source
    month_source[:, columns] = metered.month_source
    annual = load.sum(axis=0)
    for enterprise in planned:
        kwh = planned_year(config, enterprise, ELECTRICITY, annual)
        column = config.enterprise_index()[enterprise.id]
        load[:, column] = kwh * profile_weights(config, enterprise, load, hours)
    return FilledLoad(load, source, month_source)
