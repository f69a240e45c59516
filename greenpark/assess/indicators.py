"""Park indicators several schemes share, computed from a run's tables.

- resource rates (water reuse, solid-waste utilisation, waste-heat use) from
  :meth:`greenpark.RunResult.resources`: park sums over the enterprises that report; an
  enterprise reporting one side of a rate and not the other counts the missing side as 0
  (this can only lower a rate, never make a pass); no enterprise reporting a side = no data;
- the green-electricity share of comprehensive energy use at a conversion [fraction].
"""

from __future__ import annotations

from typing import cast

from greenpark.assess.table import PARK, cell, ratio
from greenpark.run_result import RunResult

#: rate -> (numerator column, denominator columns) of RunResult.resources()
RESOURCE_RATES = {
    "water_reuse": ("water_reused_m3", ("water_withdrawal_m3", "water_reused_m3")),
    "solid_waste_utilisation": ("solid_waste_utilised_kg", ("solid_waste_generated_kg",)),
    "waste_heat_utilisation": ("waste_heat_used_gj", ("waste_heat_recoverable_gj",)),
}
#: conversion -> the factor id turning electricity into standard coal [kgce/kWh]
ELECTRICITY_COAL_FACTORS = {
    "calorific": "coal_equiv.electricity.calorific",
    "primary": "coal_equiv.electricity.equivalent",
}


def resource_rate(result: RunResult, rate: str) -> float | None:
    """A park resource rate [fraction] (see the module docstring); None without data."""
    numerator, denominators = RESOURCE_RATES[rate]
    resources = result.resources()
    values = [cell(resources, PARK, c) for c in (numerator, *denominators)]
    if any(v is None for v in values):
        return None
    total = sum(v for v in values[1:] if v is not None)
    return ratio(values[0], total)


def electricity_kgce_per_kwh(result: RunResult, conversion: str) -> float:
    """The run's coefficient turning electricity into standard coal [kgce/kWh]."""
    factors = result.factors().set_index("factor_id")
    return float(cast(float, factors.at[ELECTRICITY_COAL_FACTORS[conversion], "value"]))


def green_energy_share(result: RunResult, conversion: str) -> float | None:
    """Green electricity attributed in the ledger, in standard coal at ``conversion``, ÷ the
    park's 910号 comprehensive energy use at the same conversion [fraction]."""
    green_kwh = cell(result.annual(), PARK, "green_total_kwh") or 0.0
    green_kgce = green_kwh * electricity_kgce_per_kwh(result, conversion)
    return ratio(green_kgce, cell(result.park_910(), f"park_910_energy_{conversion}_kgce", "value"))
