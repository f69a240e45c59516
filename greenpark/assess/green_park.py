"""绿色园区 (MIIT 《绿色园区评价要求》, 工信厅节函〔2016〕586号; 2025 round 390号): the
indicators the park's data support (``green_park.csv``).

Value added, output and CO2 are summed over the enterprises that report value added; CO2 is
Scope 1 + Scope 2 on the Chinese inventory basis (GB/T 32150/32151). Energy is GB/T 2589 at
当量值. The 2016 引领值 are recalled values ([C]): the output says so beside every row. The
year-over-year CO2-intensity cut needs the previous year's run; without it the row is
``no_data``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from greenpark.assess.indicators import green_energy_share, resource_rate
from greenpark.assess.mu_efficiency import KG_PER_T, KGCE_PER_TCE, year_figures
from greenpark.assess.table import PARK, Row, assessment_frame, ratio
from greenpark.inputs.factors.indicator_criteria import load_criteria, with_supplied
from greenpark.provenance import RunTables
from greenpark.run_result import RunResult

YUAN_PER_WAN = 1e4
WAN_PER_YI = 1e4
MU_PER_KM2 = 1500.0  # 1 km² = 1,000,000 m²; 1 亩 = 10,000/15 m²
#: indicators that depend on the electricity conversion: computed at 当量值
_BASES = {
    "gp.energy_productivity": "calorific",
    "gp.renewable_share": "calorific",
    "gp.clean_energy_rate": "calorific",
}


@dataclass(frozen=True)
class GreenParkAssessment:
    """The indicators (:data:`greenpark.assess.table.ASSESSMENT_COLUMNS`) and the ids of
    the thresholds the user supplied."""

    indicators: pd.DataFrame
    supplied: tuple[str, ...]


def _reporting(figures: pd.DataFrame) -> pd.DataFrame:
    """The enterprises that report value added."""
    return figures[figures["value_added_wan_cny"].notna()]


def co2_t_per_wan_cny(figures: pd.DataFrame) -> float | None:
    """Park CO2 per 万元 value added [t/万元] over the enterprises reporting value added."""
    rows = _reporting(figures)
    return ratio(float(rows["co2_kg"].sum()) / KG_PER_T, float(rows["value_added_wan_cny"].sum()))


def _water_productivity(result: RunResult, figures: pd.DataFrame) -> float | None:
    """Value added [元] ÷ water withdrawal [m³] of the enterprises reporting both."""
    water = result.resources().drop(index=PARK)["water_withdrawal_m3"].astype(float)
    both = _reporting(figures).join(water).dropna(subset=["water_withdrawal_m3"])
    value_yuan = float(both["value_added_wan_cny"].sum()) * YUAN_PER_WAN
    return ratio(value_yuan, float(both["water_withdrawal_m3"].sum())) if len(both) else None


def _land_km2(result: RunResult) -> float | None:
    park = result.config.park
    if park.land_area_km2 is not None:
        return float(park.land_area_km2)
    return None if park.land_area_mu is None else float(park.land_area_mu) / MU_PER_KM2


def _values(result: RunResult, previous: RunTables | None) -> dict[str, float | None]:
    figures = year_figures(result.annual(), result.config)
    rows = _reporting(figures)
    value_added = float(rows["value_added_wan_cny"].sum()) if len(rows) else None
    energy_tce = float(rows["energy_kgce"].sum()) / KGCE_PER_TCE
    intensity = co2_t_per_wan_cny(figures)
    cut = None
    if previous is not None and intensity is not None:
        config = previous.config if isinstance(previous, RunResult) else None
        before = co2_t_per_wan_cny(year_figures(previous.annual(), config))
        cut = None if before is None else ratio(before - intensity, before)
    green = green_energy_share(result, "calorific")
    land = _land_km2(result)
    return {
        "gp.energy_productivity": ratio(value_added, energy_tce),
        "gp.renewable_share": green,
        "gp.clean_energy_rate": green,
        "gp.water_productivity": _water_productivity(result, figures),
        "gp.land_productivity": None
        if value_added is None
        else ratio(value_added / WAN_PER_YI, land),
        "gp.solid_waste_utilisation": resource_rate(result, "solid_waste_utilisation"),
        "gp.water_reuse": resource_rate(result, "water_reuse"),
        "gp.waste_heat_recovery": resource_rate(result, "waste_heat_utilisation"),
        "gp.co2_intensity_reduction": cut,
        "gp.co2_per_value_added": intensity,
    }


def assess_green_park(
    result: RunResult,
    *,
    previous: RunTables | None = None,
    supplied: Mapping[str, float] | None = None,
) -> GreenParkAssessment:
    """The green-park indicators of ``result``'s park (see the module docstring);
    ``previous`` the previous year's run, ``supplied`` the user's thresholds (``gp.*``)."""
    supplied = dict(supplied or {})
    criteria = with_supplied(load_criteria("green_park"), supplied)
    values = _values(result, previous)
    reasons = {"gp.co2_intensity_reduction": None if previous is not None else "no_previous_run"}
    rows = [Row(c, values[c.id], PARK, _BASES.get(c.id, ""), reasons.get(c.id)) for c in criteria]
    supplied_ids = tuple(sorted(k for k in supplied if k.startswith("gp.")))
    return GreenParkAssessment(assessment_frame(rows), supplied_ids)
