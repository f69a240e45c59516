"""Park totals from the generated files, in standard coal (GB/T 2589 综合能耗).

Coefficients come from the project's factor table ``factors/coal_equivalents.csv`` (through
:func:`greenpark.inputs.factors.registry.load_factor_registry`, in canonical units); quantities are
converted to each carrier's canonical unit (``greenpark/inputs/carriers.csv``) with
:func:`greenpark.units.convert`. Exported heat and electricity are subtracted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from greenpark.inputs.carriers import load_carriers
from greenpark.inputs.factors.registry import FactorRegistry
from greenpark.inputs.factors.table import Factor
from greenpark.pipeline.factor_choice import FactorChoice
from greenpark.units import convert

#: carriers counted in standard coal, each with the coefficient the accounting run uses by
#: default (greenpark.pipeline.factor_choice: fuels by their one heating value, NCV ÷ 29,307.6
#: kJ per kgce; heat by the GB/T 2589 table)
FUELS = ("coal_anthracite", "coke", "natural_gas", "diesel", "lpg")
COUNTED = (*FUELS, "heat_purchased")
HEAT_KGCE_ID = "coal_equiv.heat_purchased.calorific"
VINTAGE = "gbt32151"
#: electricity basis -> factor id: 当量值 (calorific) and 等价值 (primary-energy equivalent)
ELECTRICITY_IDS: dict[str, str] = {
    "calorific": "coal_equiv.electricity.calorific",
    "equivalent": "coal_equiv.electricity.equivalent",
}
EXPORTS = {"heat_exported": "heat_purchased", "electricity_exported": "electricity"}
BAND_TCE = (200_000, 1_000_000)  # 发改环资〔2025〕910号 core-indicator band [A]


@dataclass(frozen=True)
class Totals:
    electricity_kwh: dict[str, float]  # grid electricity by metering channel
    carriers: pd.Series  # annual quantity per carrier, canonical unit
    kgce: dict[str, pd.Series]  # basis -> standard coal per carrier, exports negative
    factors: tuple[Factor, ...]  # the coefficients used
    pv_kw: float
    pv_systems: int
    roofs: int
    roof_m2: float

    def tce(self, basis: str) -> float:
        return float(self.kgce[basis].sum()) / 1e3


def _canonical_units() -> dict[str, str]:
    return {carrier.id: carrier.canonical_unit for carrier in load_carriers().values()}


def carrier_totals(monthly: pd.DataFrame) -> pd.Series:
    """Annual quantity per carrier in its canonical unit."""
    canonical = _canonical_units()
    factor = {
        (carrier, unit): convert(1.0, unit, canonical[carrier])
        for carrier, unit in monthly[["carrier", "unit"]].drop_duplicates().itertuples(index=False)
    }
    scale = [factor[key] for key in zip(monthly["carrier"], monthly["unit"], strict=True)]
    return (monthly["quantity"] * scale).groupby(monthly["carrier"]).sum()


def coefficients_kgce(registry: FactorRegistry, basis: str) -> dict[str, float]:
    """kgce per canonical unit of every counted carrier, electricity on ``basis``."""
    choice = FactorChoice(registry)
    kgce = _fuel_and_heat_kgce(choice)
    kgce["electricity"] = registry.get(ELECTRICITY_IDS[basis]).canonical_value
    return kgce | {exported: -kgce[source] for exported, source in EXPORTS.items()}


def _fuel_and_heat_kgce(choice: FactorChoice) -> dict[str, float]:
    kgce = {fuel: choice.heating_value(fuel, VINTAGE).kgce_per_unit for fuel in FUELS}
    return kgce | {"heat_purchased": choice.get(HEAT_KGCE_ID)}


def kgce_by_carrier(carriers: pd.Series, grid_kwh: float, kgce: dict[str, float]) -> pd.Series:
    """Standard coal per carrier [kgce]; exports negative."""
    quantities = {**carriers.to_dict(), "electricity": grid_kwh}
    return pd.Series({carrier: quantities.get(carrier, 0.0) * k for carrier, k in kgce.items()})


def totals(
    electricity_kwh: dict[str, float],
    monthly: pd.DataFrame,
    roofs: list[dict[str, Any]],
    registry: FactorRegistry,
) -> Totals:
    """Totals of the generated park, on both electricity bases."""
    carriers = carrier_totals(monthly)
    grid = sum(electricity_kwh.values())
    installed = [roof["capacity_kw"] for roof in roofs if roof.get("capacity_kw", 0) > 0]
    choice = FactorChoice(registry)
    _fuel_and_heat_kgce(choice)
    ids = [*choice.used, *ELECTRICITY_IDS.values()]
    return Totals(
        electricity_kwh=electricity_kwh,
        carriers=carriers,
        kgce={
            basis: kgce_by_carrier(carriers, grid, coefficients_kgce(registry, basis))
            for basis in ELECTRICITY_IDS
        },
        factors=tuple(registry.get(fid) for fid in ids),
        pv_kw=float(sum(installed)),
        pv_systems=len(installed),
        roofs=len(roofs),
        roof_m2=float(sum(roof["area_m2"] for roof in roofs)),
    )
