"""A solution as a scenario file (the format of :mod:`greenpark.scenarios.schema`).

- PV: one ``pv`` measure per roof class over its roofs without PV, at the class's chosen share
  of their potential; a roof with PV already gets its own measure (its installed kWp plus the
  class's share of its free capacity, as a share of its potential). New PV is commissioned on
  1 January of the accounting year (its export price is the one the LP used).
- Storage: the park battery split over the enterprises in proportion to their electricity use
  (one ``storage`` item each, ``tou_arbitrage``, the basis's round-trip efficiency), since a
  battery sits behind one meter and discharges only into its owner's load.
- Contract: one flat contract bought by the park (``annual_mwh``, bundled certificates).
- Certificates: one batch held by the park, produced over the accounting year, rounded up to
  whole MWh (one certificate is 1 MWh).
Amounts below :data:`SMALLEST` are left out (solver noise).
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import yaml

from greenpark.inputs.park.schema import ParkConfig
from greenpark.optimize.basis import Basis
from greenpark.optimize.optimum import Solution
from greenpark.scenarios.costs import CostInputs

#: kWp, kWh: smaller decisions are interior-point noise, not a plan
SMALLEST = 1.0
PLAN_PREFIX = "OPT"

Item = dict[str, object]


def _pv_measures(solution: Solution, basis: Basis, config: ParkConfig, day: str) -> list[Item]:
    installed = {r.id: r.capacity_kw for r in config.rooftops}
    measures: list[Item] = []
    for roof_class in basis.classes:
        chosen = solution.pv_kw.get(roof_class.name, 0.0)
        if chosen < SMALLEST:
            continue
        share = min(round(chosen / roof_class.bound_kw, 4), 1.0)
        bare = [r for r in roof_class.roof_ids if installed[r] == 0]
        if bare:
            measures.append(
                {
                    "name": f"光伏 {roof_class.name}",
                    "pv": {
                        "roofs": bare,
                        "share_of_potential_fraction": share,
                        "commissioning_date": day,
                    },
                }
            )
        for roof_id, free in zip(roof_class.roof_ids, roof_class.free_kw, strict=True):
            if installed[roof_id] > 0:
                kw = installed[roof_id]
                fraction = round((kw + share * free) / (kw + free), 4)
                measures.append(
                    {
                        "name": f"光伏 {roof_id}",
                        "pv": {"roofs": [roof_id], "share_of_potential_fraction": fraction},
                    }
                )
    return measures


def _storage_measures(solution: Solution, basis: Basis, use_kwh: pd.Series) -> list[Item]:
    if solution.storage_kwh < SMALLEST:
        return []
    shares = use_kwh / use_kwh.sum()
    return [
        {
            "name": f"储能 {owner}",
            "storage": {
                "id": f"{PLAN_PREFIX}-ESS-{owner}",
                "owner": str(owner),
                "energy_kwh": solution.storage_kwh * float(share),
                "power_kw": solution.storage_kw * float(share),
                "round_trip_efficiency": basis.storage_round_trip_efficiency,
                "dispatch": "tou_arbitrage",
            },
        }
        for owner, share in shares.items()
        if solution.storage_kwh * float(share) >= SMALLEST
    ]


def _green_measures(solution: Solution, year: int) -> list[Item]:
    measures: list[Item] = []
    if solution.contract_kwh >= SMALLEST:
        contract = {
            "id": f"{PLAN_PREFIX}-GPT-{year}",
            "buyer": "park",
            "technology": "mixed",
            "annual_mwh": solution.contract_kwh / 1000.0,
            "delivery_shape": "flat",
            "bundled_certificates": True,
        }
        measures.append({"name": "绿电交易", "contract": contract})
    if solution.certificate_kwh >= SMALLEST:
        batch = {
            "id": f"{PLAN_PREFIX}-GEC-{year}",
            "quantity_mwh": math.ceil(solution.certificate_kwh / 1000.0 - 1e-6),
            "production_start": f"{year}-01",
            "production_end": f"{year}-12",
            "technology": "wind",
            "project": "待采购（优化方案）",
            "holder": "park",
            "claim_year": year,
        }
        measures.append({"name": "外购绿证", "certificate": batch})
    return measures


def plan_scenario(
    solution: Solution, basis: Basis, config: ParkConfig, use_kwh: pd.Series
) -> dict[str, object]:
    """The scenario file's data of ``solution`` on the park of ``config``; ``use_kwh`` each
    enterprise's electricity use in the base run [kWh] (splits the battery)."""
    year = config.park.accounting_year
    measures = [
        *_pv_measures(solution, basis, config, f"{year}-01-01"),
        *_storage_measures(solution, basis, use_kwh),
        *_green_measures(solution, year),
    ]
    costs = basis.costs
    return {
        "name": f"优化方案 {solution.target.label}",
        "name_en": f"Least-cost plan {solution.target.label}",
        "description": f"greenpark optimize --target {solution.target.label} --hours {solution.periods}",
        "economics": _economics(costs),
        "measures": measures,
    }


def _economics(costs: CostInputs) -> dict[str, object]:
    """``costs`` as a scenario file's ``economics`` (fuel prices as a mapping by fuel)."""
    found: dict[str, object] = {k: getattr(costs, k) for k in costs.__dataclass_fields__}
    found["fuel_prices_cny_per_t_or_m3"] = dict(costs.fuel_prices_cny_per_t_or_m3)
    return found


def save_plan(data: dict[str, object], path: Path) -> None:
    """Write a scenario file (UTF-8 YAML, keys in order)."""
    path.write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8"
    )
