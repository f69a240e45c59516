"""Running a pathway: the reference run (the park as it is), then every year's run on an
executor (``concurrent.futures``-style; the weather read once and shipped with each spec),
and the year table with the pathway's milestones.

Per year (:data:`YEAR_COLUMNS`): energy, emissions on every basis (Scope 1 plus Scope 2
location-, market- and inventory-based; the 910号 total), green shares, the 910号 result
and whether it meets its limit, and costs: the electricity bill (energy charges), the fuel
bill (every fuel used must have a price, else 不适用), opex and green purchases of what the
year holds beyond the base park, the investment made that year (the rise of the
investment the year holds over the year before), their total and the running total.
Milestones: the peak year of each basis (碳达峰; none while emissions still rise in the
last year), the first year 910号 is met, the cumulative cost.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from greenpark.api import load_weather, run
from greenpark.inputs.factors.registry import load_factor_registry
from greenpark.inputs.factors.table import Factor
from greenpark.inputs.park.load import Park
from greenpark.inputs.weather.data import Weather
from greenpark.run_result import RunResult
from greenpark.run_spec import RunOptions, RunSpec, WeatherSource
from greenpark.scenarios.appraisal import (
    PricedRun,
    adjustments_bought,
    bought,
    effects_by_id,
    yearly_costs,
)
from greenpark.scenarios.pathway import GROWTH_PREFIX, Pathway, year_overlay
from greenpark.scenarios.runner import Executor, run_specs

#: emissions bases of the year table -> the park values summed [kg CO2]
BASES: dict[str, tuple[str, ...]] = {
    "emissions_location_co2_kg": ("scope1_co2_kg", "scope2_location_co2_kg"),
    "emissions_market_co2_kg": ("scope1_co2_kg", "scope2_market_co2_kg"),
    "emissions_inventory_co2_kg": ("scope1_co2_kg", "scope2_inventory_co2_kg"),
    "park_910_total_co2_kg": ("park_910_total_co2_kg",),
}
RUN_COLUMNS = (
    "electricity_kwh",
    "grid_import_kwh",
    "pv_generation_kwh",
    "energy_gbt2589_calorific_kgce",
    "scope1_co2_kg",
    "green_share_fraction",
    "green_share_hourly_matched_fraction",
    "green_share_certificate_based_fraction",
    "park_910_co2_t_per_tce_calorific",
    "park_910_limit_t_per_tce_calorific",
)
COST_COLUMNS = (
    "electricity_bill_cny",
    "fuel_bill_cny",
    "opex_cny",
    "purchases_cny",
    "capex_cny",
    "total_cost_cny",
    "cumulative_cost_cny",
)
YEAR_COLUMNS = (*RUN_COLUMNS, *BASES, "park_910_met", *COST_COLUMNS)


@dataclass(frozen=True)
class PathwayResult:
    """A pathway's year table (a row per year, :data:`YEAR_COLUMNS`, ``Float64``; ``<NA>``
    where a value does not apply) and its runs (reference first, then by year)."""

    pathway: Pathway
    reference: RunResult
    runs: tuple[RunResult, ...]
    table: pd.DataFrame

    def peak_year(self, basis: str) -> int | None:
        """The year emissions on ``basis`` (a key of :data:`BASES`) are highest; None while
        they still rise in the last year (no peak within the pathway)."""
        series = self.table[basis].dropna()
        year = int(str(series.idxmax()))
        return None if year == self.table.index[-1] and len(series) > 1 else year

    @property
    def first_910_year(self) -> int | None:
        """The first year the 910号 result meets its limit (None: not within the pathway)."""
        met = self.table.index[self.table["park_910_met"] == 1]
        return int(met[0]) if len(met) else None

    @property
    def cumulative_cost_cny(self) -> float | None:
        value = self.table["cumulative_cost_cny"].iloc[-1]
        return None if pd.isna(value) else float(value)


def _series(factors: Sequence[Factor]) -> tuple[list[Factor], dict[str, dict[int, float]]]:
    """The grid factors a run used that belong to a yearly series, and each one's
    published values by year (the shipped tables)."""
    registry = load_factor_registry()
    used = [
        f for f in factors if f.quantity == "grid_co2" and f.year and f.id.endswith(f".{f.year}")
    ]
    series = {
        f.id: {
            g.year: g.value
            for g in registry
            if (g.quantity, g.region, g.variant) == (f.quantity, f.region, f.variant)
            and g.year is not None
            and g.id.endswith(f".{g.year}")
        }
        for f in used
    }
    return used, series


def run_pathway(
    park: Park,
    pathway: Pathway,
    options: RunOptions | None = None,
    *,
    weather: WeatherSource | Weather | None = None,
    executor: Executor | None = None,
) -> PathwayResult:
    """The reference run, then every pathway year (on ``executor`` when given)."""
    options = options or RunOptions()
    if not isinstance(weather, Weather):
        weather = load_weather(park.config, weather)
    reference = run(RunSpec(park, weather, options))
    used, series = _series(reference.accounting.factors)
    overlays = [year_overlay(pathway, park, y, used, series) for y in pathway.years]
    specs = [RunSpec(park, weather, options, o) for o in overlays if o]
    results = iter(run_specs(specs, executor))
    runs = tuple(next(results) if o else reference for o in overlays)
    return PathwayResult(pathway, reference, runs, year_table(pathway, reference, runs))


def _fuel_bill_cny(result: RunResult, pathway: Pathway) -> float | None:
    use = result.fuel_use().sum()
    prices = {fuel: pathway.costs.fuel_price_cny_per_unit(str(fuel)) for fuel in use.index}
    if any(prices[fuel] is None for fuel, amount in use.items() if amount > 0):
        return None
    return float(sum(amount * (prices[fuel] or 0.0) for fuel, amount in use.items()))


def _year_row(
    pathway: Pathway, reference: RunResult, result: RunResult, capex_before: float
) -> dict[str, float | None]:
    priced = PricedRun.of(result)
    row: dict[str, float | None] = {name: priced.park.get(name) for name in RUN_COLUMNS}
    for basis, names in BASES.items():
        row[basis] = sum(priced.value(n) for n in names)
    ratio, limit = row["park_910_co2_t_per_tce_calorific"], row[RUN_COLUMNS[-1]]
    row["park_910_met"] = None if ratio is None or limit is None else float(ratio <= limit)
    things = bought(reference.config, result.config)
    growth = [a.id for a in result.config.adjustments if a.id.startswith(GROWTH_PREFIX)]
    things.update(
        adjustments_bought(reference.config, result.config, effects_by_id(result), growth)
    )
    capex, opex, purchases = yearly_costs(things, pathway.costs)
    fuel = _fuel_bill_cny(result, pathway)
    row.update(electricity_bill_cny=priced.total_bill_cny, fuel_bill_cny=fuel)
    row.update(opex_cny=opex, purchases_cny=purchases, capex_cny=max(capex - capex_before, 0.0))
    row["total_cost_cny"] = None if fuel is None else (
        priced.total_bill_cny + fuel + opex + purchases + max(capex - capex_before, 0.0)
    )  # fmt: skip
    row["capex_held_cny"] = capex
    return row


def year_table(pathway: Pathway, reference: RunResult, runs: Sequence[RunResult]) -> pd.DataFrame:
    """The year table of :class:`PathwayResult` from the runs (one per year, in order)."""
    rows: dict[int, Mapping[str, float | None]] = {}
    held, total, complete = 0.0, 0.0, True
    for year, result in zip(pathway.years, runs, strict=True):
        row = dict(_year_row(pathway, reference, result, held))
        held = float(row.pop("capex_held_cny") or 0.0)
        complete = complete and row["total_cost_cny"] is not None
        total += float(row["total_cost_cny"] or 0.0)
        row["cumulative_cost_cny"] = total if complete else None
        rows[year] = row
    table = pd.DataFrame.from_dict(rows, orient="index")[list(YEAR_COLUMNS)]
    return table.astype("Float64").rename_axis("year")
