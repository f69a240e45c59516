"""Cost inputs of a scenario: the shipped illustrative defaults, replaced by the scenario's
own (``economics:`` in the scenario file).

The defaults (``greenpark/criteria/scenario_costs.csv``) are round illustrative figures
marked [C], each with its basis; no source for them was found in the project's reference
material. Replace them with quotes and settlements.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, fields, replace
from functools import lru_cache
from pathlib import Path
from typing import cast

from greenpark.inputs.carriers import load_carriers
from greenpark.scenarios.schema import Economics

COSTS_FILE = Path(__file__).resolve().parents[1] / "criteria" / "scenario_costs.csv"
#: the key prefix of fuel prices in :data:`COSTS_FILE` (``fuel_price.<carrier>``)
FUEL_PRICE = "fuel_price."


@dataclass(frozen=True)
class CostInputs:
    """Every cost input of the economics [units in the names]."""

    pv_capex_cny_per_kw: float
    pv_opex_cny_per_kw_year: float
    storage_capex_cny_per_kwh: float
    storage_opex_cny_per_kwh_year: float
    contract_premium_cny_per_kwh: float
    certificate_price_cny_per_mwh: float
    efficiency_capex_cny_per_mwh_year: float
    heat_pump_capex_cny_per_kw: float
    electric_heating_capex_cny_per_kw: float
    discount_rate_fraction: float
    analysis_years: int
    #: (fuel carrier id, price [CNY/t for fuels in kg, CNY/m³ for gases])
    fuel_prices_cny_per_t_or_m3: tuple[tuple[str, float], ...] = ()

    def fuel_price_cny_per_unit(self, carrier: str) -> float | None:
        """The price of a fuel per its canonical unit [CNY/kg or CNY/m³]; None: not given."""
        price = dict(self.fuel_prices_cny_per_t_or_m3).get(carrier)
        if price is None:
            return None
        return price / 1000.0 if load_carriers()[carrier].canonical_unit == "kg" else price


@dataclass(frozen=True)
class CostDefault:
    """One shipped default with its unit, basis, source and confidence mark."""

    key: str
    value: float
    unit: str
    basis: str
    source: str
    confidence: str


@lru_cache(maxsize=1)
def cost_defaults() -> tuple[CostDefault, ...]:
    """The shipped defaults, in file order."""
    with COSTS_FILE.open(encoding="utf-8", newline="") as handle:
        return tuple(
            CostDefault(
                r["key"], float(r["value"]), r["unit"], r["basis"], r["source"], r["confidence"]
            )
            for r in csv.DictReader(handle)
        )


def cost_inputs(economics: Economics | None = None) -> CostInputs:
    """The defaults with the scenario's own values in their place."""
    values: dict[str, object] = {d.key: d.value for d in cost_defaults()}
    values["analysis_years"] = int(cast(float, values["analysis_years"]))
    prices = {
        d.key.removeprefix(FUEL_PRICE): d.value
        for d in cost_defaults()
        if d.key.startswith(FUEL_PRICE)
    }
    names = [f.name for f in fields(CostInputs) if f.name in values]
    inputs = CostInputs(**{name: values[name] for name in names})  # type: ignore[arg-type]
    own = {} if economics is None else economics.model_dump(exclude_none=True)
    prices.update(own.pop("fuel_prices_cny_per_t_or_m3", {}))
    return replace(inputs, **own, fuel_prices_cny_per_t_or_m3=tuple(sorted(prices.items())))
