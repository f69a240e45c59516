"""Planned fuels and the message that a run counts planned figures
(``enterprises[].planned_use``; the rules and the electricity are in
:mod:`greenpark.pipeline.planned_load`)."""

from __future__ import annotations

import dataclasses

import numpy as np

from greenpark.inputs.park.schema import ParkConfig
from greenpark.inputs.park.schema_planned import ELECTRICITY
from greenpark.messages import Message, Param
from greenpark.pipeline.emissions_step import Activity
from greenpark.pipeline.planned_load import planned_enterprises, planned_year


def with_planned_fuels(config: ParkConfig, activity: Activity) -> Activity:
    """``activity`` with the planned enterprises' fuels (burnt) added, a column per fuel
    that a planned use names and no meter file has."""
    planned = planned_enterprises(config)
    named = [c for e in planned for c in (e.planned_use.annual if e.planned_use else {})]
    fuels = (*activity.fuels, *dict.fromkeys(c for c in named if c != ELECTRICITY))
    fuels = tuple(dict.fromkeys(fuels))
    table = np.zeros((len(config.enterprises), len(fuels)))
    table[:, : len(activity.fuels)] = activity.fuel
    feedstock = np.zeros_like(table)
    feedstock[:, : len(activity.fuels)] = activity.feedstock
    index = config.enterprise_index()
    for enterprise in planned:
        for column, carrier in enumerate(fuels):
            year = planned_year(config, enterprise, carrier, table[:, column])
            table[index[enterprise.id], column] = year
    return dataclasses.replace(activity, fuels=fuels, fuel=table, feedstock=feedstock)


def planned_fuel_totals(config: ParkConfig, activity: Activity) -> list[tuple[str, str, float]]:
    """(enterprise, fuel, planned year [canonical unit]) of every planned fuel in use."""
    index = config.enterprise_index()
    return [
        (e.id, carrier, float(activity.fuel[index[e.id], j]))
        for e in planned_enterprises(config)
        for j, carrier in enumerate(activity.fuels)
        if activity.fuel[index[e.id], j] > 0
    ]


def planned_messages(
    config: ParkConfig, load_kwh: np.ndarray, activity: Activity
) -> tuple[Message, ...]:
    """A warning per planned enterprise: its figures are planned, not metered."""
    index = config.enterprise_index()
    messages = []
    for enterprise in planned_enterprises(config):
        assert enterprise.planned_use is not None
        column = index[enterprise.id]
        profile = enterprise.planned_use.profile
        shape = profile.industry or profile.enterprise or profile.load_profile
        used = [c for j, c in enumerate(activity.fuels) if activity.fuel[column, j] > 0]
        params: dict[str, Param] = {
            "enterprise": enterprise.id,
            "electricity_kwh": float(load_kwh[:, column].sum()),
            "fuels": tuple(used),
            "fuel_note": "fuels" if used else (),
            "planned_basis": "output_value"
            if enterprise.planned_use.scale_by_output_value
            else "annual",
            "profile": shape or enterprise.load_profile,
        }
        messages.append(Message("planned_use", params, "warning"))
    return tuple(messages)
