"""PACT v3 ProductFootprints of an enterprise's products: the energy-related part per unit.

The declared unit is the product's own unit as the park writes it: ``t`` is 1,000 kilogram,
``万只`` 10,000 piece, ``万kWh`` 10,000 kilowatt hour. The footprint per declared unit is what
:mod:`greenpark.footprint.products` allocates to one unit: direct Scope 1 [kg CO2e], purchased
heat (net) [kg CO2] and electricity on the life-cycle ``footprint`` basis [kg CO2e]. It is the
energy-related part of a product carbon footprint, not the whole: the document says so in its
description, boundary and exemption text, and records the allocation rule.
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from typing import Any

import pandas as pd

from greenpark.errors import InputError, UnitError
from greenpark.footprint.pact import (
    EXTENSION_SCHEMA,
    SPEC_VERSION,
    decimal_text,
    factor_sources,
    fossil_footprint,
    park_subdivision_code,
    urn,
)
from greenpark.i18n import text
from greenpark.inputs.factors.registry import FactorRegistry
from greenpark.inputs.park.schema import Enterprise, Product
from greenpark.run_result import RunResult
from greenpark.units import convert

#: counted units (pieces) as Chinese product tables write them, with an optional 万/千/百
PIECE = re.compile(r"^(万|千|百)?(件|只|台|套|面|个|块|辆|片|支|根|条|pcs|piece)$")
PIECE_SCALE = {None: 1.0, "百": 100.0, "千": 1_000.0, "万": 10_000.0}
#: PACT declared unit -> the unit greenpark converts to (declared units with a mass of their own)
CONVERTIBLE = {"kilogram": "kg", "kilowatt hour": "kWh", "liter": "L"}
ENERGY_PARTS = ("scope1_co2e_kg_per_unit", "heat_net_co2_kg_per_unit")
BOUNDARY = (
    "Gate-to-gate energy use of the enterprise, allocated to the product ({rule}): direct "
    "Scope 1 emissions (fuel combustion and processes, CO2e), purchased heat (net, CO2) and "
    "electricity at its life-cycle (cradle-to-gate) carbon-footprint factor. Raw materials, "
    "purchased components, transport and end of life are not included."
)


def declared_unit(product: Product) -> tuple[str, float, float]:
    """The PACT declared unit of ``product``: unit, amount, mass [kg] per declared unit.

    Raises
    ------
    InputError
        The unit is none PACT has, or it counts pieces (litres) and the product gives no
        ``mass_kg_per_unit``.
    """
    piece = PIECE.match(product.unit)
    found = ("piece", PIECE_SCALE[piece.group(1)]) if piece else _converted(product.unit)
    if found is None:
        raise InputError([_no_unit(product)])
    unit, amount = found
    if unit == "kilogram":
        return unit, amount, amount
    if unit == "kilowatt hour":
        return unit, amount, 0.0
    if product.mass_kg_per_unit is None:
        raise InputError([_no_mass(product)])
    return unit, amount, product.mass_kg_per_unit


def _converted(unit: str) -> tuple[str, float] | None:
    for pact_unit, ours in CONVERTIBLE.items():
        try:
            return pact_unit, convert(1.0, unit, ours)
        except UnitError:
            continue
    return None


def _no_unit(product: Product) -> str:
    return text(
        f"产品 {product.name} 的单位 {product.unit!r} 不是 PACT 的申报单位（质量、件、kWh、升）",
        f"the unit {product.unit!r} of product {product.name} is no PACT declared unit "
        "(a mass, pieces, kWh, litres)",
    )


def _no_mass(product: Product) -> str:
    return text(
        f"park.yaml: products（{product.name}）.mass_kg_per_unit: 按 {product.unit} 计的产品"
        "导出 PACT 须填写每单位质量",
        f"park.yaml: products ({product.name}).mass_kg_per_unit: a product counted in "
        f"{product.unit} needs its mass per unit for PACT",
    )


def _footprint_row(table: pd.DataFrame, product: str) -> pd.Series:
    row = table[(table["product"] == product) & (table["basis"] == "footprint")].iloc[0]
    if row["status"] != "ok":
        raise InputError([text(
            f"产品 {product} 没有单位碳足迹（{row['reason']}）",
            f"product {product} has no footprint per unit ({row['reason']})",
        )])  # fmt: skip
    return row


def _carbon_footprint(
    result: RunResult, registry: FactorRegistry, product: Product, row: pd.Series
) -> dict[str, Any]:
    year = result.config.park.accounting_year
    unit, amount, mass = declared_unit(product)
    kg = decimal_text(
        sum(float(row[c]) for c in (*ENERGY_PARTS, "electricity_emissions_kg_per_unit"))
    )
    rule = str(row["allocation_rule"])
    return {
        "declaredUnitOfMeasurement": unit,
        "declaredUnitAmount": decimal_text(amount),
        "productMassPerDeclaredUnit": decimal_text(mass),
        "referencePeriodStart": f"{year}-01-01T00:00:00+08:00",
        "referencePeriodEnd": f"{year + 1}-01-01T00:00:00+08:00",
        "geographyCountrySubdivision": park_subdivision_code(result, registry),
        "boundaryProcessesDescription": BOUNDARY.format(rule=rule),
        "allocationRulesDescription": (
            f"{rule}: fraction {row['allocation_fraction']:.6f} of the enterprise's energy "
            f"(weight {row['allocation_weight']} {row['allocation_weight_unit']})"
        ),
        **fossil_footprint(kg),
        "exemptedEmissionsDescription": (
            "Only the energy-related part of the product's footprint is given (see the "
            "boundary); the rest is not estimated here."
        ),
    }


def product_footprints(
    result: RunResult,
    table: pd.DataFrame,
    registry: FactorRegistry,
    *,
    created: datetime,
    claims_root: str,
) -> list[dict[str, Any]]:
    """The PACT v3 ProductFootprint of each product in ``table``.

    ``table``: :func:`greenpark.footprint.products.product_table` of one enterprise (or some
    of its products); ``created`` timezone-aware; ``claims_root`` the claim ledger's root.

    Raises
    ------
    InputError
        Every product without a life-cycle electricity factor, an output or a PACT unit.
    """
    enterprise = str(table["enterprise"].iloc[0])
    firm = next(e for e in result.config.enterprises if e.id == enterprise)
    documents: list[dict[str, Any]] = []
    problems: list[str] = []
    for product in (p for p in firm.products if p.name in set(table["product"])):
        try:
            row = _footprint_row(table, product.name)
            pcf = _carbon_footprint(result, registry, product, row)
        except InputError as exc:
            problems += exc.problems
            continue
        document = _document(result, firm, product, pcf, created)
        documents.append(
            {**document, "extensions": [_extension(result, registry, row, claims_root)]}
        )
    if problems:
        raise InputError(problems)
    return documents


def _document(
    result: RunResult, firm: Enterprise, product: Product, pcf: dict[str, Any], created: datetime
) -> dict[str, Any]:
    park, year = result.config.park, result.config.park.accounting_year
    return {
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, urn(result.run_id, firm.id, product.name))),
        "specVersion": SPEC_VERSION,
        "created": created.isoformat(),
        "status": "Active",
        "companyName": firm.name,
        "companyIds": [urn("enterprise", park.id, firm.id)],
        "productDescription": (
            f"Energy-related footprint of 1 {product.unit} of {product.name}, made by "
            f"{firm.name} ({firm.id}) in {year}"
        ),
        "productIds": [urn("product", park.id, firm.id, product.name)],
        "productNameCompany": product.name,
        "pcf": pcf,
    }


def _extension(
    result: RunResult, registry: FactorRegistry, row: pd.Series, claims_root: str
) -> dict[str, Any]:
    return {
        "specVersion": "2.0.0",
        "dataSchema": EXTENSION_SCHEMA,
        "data": {
            "factorFamily": "电力碳足迹因子 (生态环境部、国家统计局、国家能源局)",
            "factors": factor_sources(registry, str(row["factor_ids"])),
            "allocationRule": str(row["allocation_rule"]),
            "allocationFraction": decimal_text(float(row["allocation_fraction"])),
            "electricityKWhPerUnit": decimal_text(float(row["electricity_kwh_per_unit"])),
            "energyKgcePerUnit": decimal_text(float(row["energy_kgce_per_unit"])),
            "runId": result.run_id,
            "claimsRootSha256": claims_root,
            "parkId": result.config.park.id,
            "enterpriseId": str(row["enterprise"]),
        },
    }
