"""Energy and emissions per product unit: an enterprise's year split between its products.

The enterprise's energy inside its gate (gate-to-gate: electricity [kWh], GB/T 2589
comprehensive energy at the calorific value [kgce], direct Scope 1 [kg CO2e], purchased heat
net [kg CO2]) and its electricity emissions on every labelled basis of
:mod:`greenpark.footprint.electricity` are split between its products by the enterprise's
``product_allocation`` (:mod:`greenpark.inputs.park.product_rules`):

``single_product``
    one product takes everything (no rule needed);
``physical_output``
    in proportion to annual output (one unit for all products);
``declared_shares``
    in the shares the enterprise declares;
``metered_lines``
    in proportion to the annual kWh of each product's sub-metered line; what the lines do not
    meter (lighting, compressed air, offices) follows the same proportion, and so do fuels
    and heat.

Every row records the rule, the product's weight and its fraction, so the split can be
checked; the products' parts add up to the enterprise's totals on every basis. Per-unit values
divide by the annual output (``<NA>``, ``not_applicable``, ``zero_product_output`` for none).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from greenpark.core.allocation import allocated
from greenpark.errors import InputError
from greenpark.footprint.electricity import GAS
from greenpark.footprint.lifecycle import annual_numbers
from greenpark.i18n import text
from greenpark.inputs.park.schema import Enterprise
from greenpark.run_result import RunResult

#: the enterprise's totals split between products: column -> metric of the annual table
ENERGY = {
    "electricity_kwh": "electricity_kwh",
    "energy_kgce": "energy_gbt2589_calorific_kgce",
    "scope1_co2e_kg": "scope1_co2e_kg",
    "heat_net_co2_kg": "heat_net_co2_kg",
}
#: what the per-unit columns divide: the energy parts and the basis' electricity emissions
PER_UNIT = (*ENERGY, "electricity_emissions_kg")
ENERGY_BOUNDARY = "gate_to_gate"
COLUMNS = (
    "enterprise",
    "product",
    "unit",
    "annual_output",
    "allocation_rule",
    "allocation_weight",
    "allocation_weight_unit",
    "allocation_fraction",
    "energy_boundary",
    "basis",
    "gas",
    *PER_UNIT,
    *(f"{c}_per_unit" for c in PER_UNIT),
    "status",
    "reason",
    "factor_ids",
)


@dataclass(frozen=True)
class Allocation:
    """How an enterprise's energy is split: the rule, each product's weight and its unit."""

    rule: str
    weights: tuple[float, ...]
    weight_unit: str


def product_allocation(enterprise: Enterprise) -> Allocation:
    """The split of ``enterprise``'s energy between its products (in their order).

    Raises
    ------
    InputError
        The enterprise has no products, or several and no ``product_allocation``.
    """
    products, rule = enterprise.products, enterprise.product_allocation
    if not products:
        raise InputError([_no_products(enterprise.id)])
    if rule is None and len(products) > 1:
        raise InputError([_no_rule(enterprise.id, len(products))])
    if rule == "physical_output":
        return Allocation(rule, tuple(p.annual_output for p in products), products[0].unit)
    if rule == "declared_shares":
        return Allocation(rule, tuple(p.share_fraction or 0.0 for p in products), "fraction")
    if rule == "metered_lines":
        lines = enterprise.meter_lines_kwh
        return Allocation(rule, tuple(lines[p.meter_line or ""] for p in products), "kWh")
    return Allocation("single_product", (1.0,), "fraction")


def _no_products(enterprise: str) -> str:
    return text(
        f"park.yaml: 企业 {enterprise} 没有填写 products（产品及年产量）",
        f"park.yaml: enterprise {enterprise} lists no products (name, annual output, unit)",
    )


def _no_rule(enterprise: str, count: int) -> str:
    return text(
        f"park.yaml: enterprises[{enterprise}].product_allocation: 企业有 {count} 种产品，请填写"
        "能耗分摊方法 physical_output（按产量）、declared_shares（按申报比例）或 metered_lines"
        "（按分表产线）",
        f"park.yaml: enterprises[{enterprise}].product_allocation: the enterprise makes {count} "
        "products; say how its energy is split: physical_output, declared_shares or "
        "metered_lines",
    )


def product_table(result: RunResult, enterprise: str, factors: pd.DataFrame) -> pd.DataFrame:
    """Energy and emissions of each product of ``enterprise``: a row per product and basis.

    ``factors``: the enterprise's :func:`greenpark.footprint.electricity.enterprise_factor_table`
    (its annual rows give the electricity factor of each basis [kg/kWh]). Columns
    :data:`COLUMNS`: totals allocated to the product [kWh, kgce, kg] and per unit of output.

    Raises
    ------
    InputError
        See :func:`product_allocation`.
    """
    firm = next(e for e in result.config.enterprises if e.id == enterprise)
    allocation = product_allocation(firm)
    totals = annual_numbers(result, enterprise)
    parts = {c: allocated(totals[m], allocation.weights) for c, m in ENERGY.items()}
    fractions = allocated(1.0, allocation.weights)
    annual = factors[factors["period"] == str(result.config.park.accounting_year)]
    records = []
    for i, product in enumerate(firm.products):
        base = {
            "enterprise": enterprise,
            "product": product.name,
            "unit": product.unit,
            "annual_output": product.annual_output,
            "allocation_rule": allocation.rule,
            "allocation_weight": allocation.weights[i],
            "allocation_weight_unit": allocation.weight_unit,
            "allocation_fraction": fractions[i],
            "energy_boundary": ENERGY_BOUNDARY,
        }
        energy = {c: float(v[i]) for c, v in parts.items()}
        records += [
            _basis_row(base, energy, product.annual_output, row)
            for row in annual.to_dict(orient="records")
        ]
    table = pd.DataFrame.from_records(records, columns=list(COLUMNS))
    numbers = [*PER_UNIT, *(f"{c}_per_unit" for c in PER_UNIT)]
    table[numbers] = table[numbers].astype("Float64")
    return table


def _basis_row(
    base: dict[str, object], energy: dict[str, float], output: float, factor: Mapping[Hashable, Any]
) -> dict[str, object]:
    """One product's row on one basis: ``energy`` its allocated totals, ``output`` its annual
    output, ``factor`` an annual row of the enterprise's factor table."""
    basis, value = str(factor["basis"]), factor["value_kg_per_kwh"]
    amounts: dict[str, float | None] = dict(energy)
    amounts["electricity_emissions_kg"] = (
        None if pd.isna(value) else float(value) * energy["electricity_kwh"]
    )
    per_unit = {
        f"{c}_per_unit": None if v is None or output <= 0 else v / output
        for c, v in amounts.items()
    }
    status, reason = (
        ("not_applicable", "zero_product_output")
        if output <= 0
        else (factor["status"], factor["reason"])
    )
    return {
        **base,
        "basis": basis,
        "gas": GAS[basis],
        **{c: pd.NA if v is None else v for c, v in {**amounts, **per_unit}.items()},
        "status": status,
        "reason": reason,
        "factor_ids": factor["factor_ids"],
    }
