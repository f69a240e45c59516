"""A PACT Technical Specification v3 ProductFootprint for one enterprise's electricity.

The data model is written here from the public specification
(https://wbcsd.github.io/data-exchange-protocol/v3/); the tests validate every document
against the WBCSD schema, which the project never copies. The product is one kilowatt hour of
electricity as the enterprise consumed it in the accounting year, and its footprint the
``footprint`` basis of :mod:`greenpark.footprint.electricity` (life-cycle kg CO2e per kWh).
Decimals are strings; an extension carries the Chinese factor family, each factor's notice
(公告) and number, the other bases (labelled) and the run id.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any
from urllib.parse import quote

import pandas as pd

from greenpark.errors import InputError
from greenpark.footprint.subdivisions import subdivision_code
from greenpark.i18n import text
from greenpark.inputs.factors.registry import FactorRegistry
from greenpark.run_result import RunResult

SPEC_VERSION = "3.0.0"
EXTENSION_SCHEMA = "urn:greenpark:pact-extension:china-electricity-factor:1.0.0"
#: ISO 14067:2018, adopted in China as GB/T 24067-2024
STANDARDS = ["ISO14067"]
#: the notices do not say which IPCC report characterises their CO2e (china-factors §5, [C]);
#: PACT asks for the latest one when no other is known
IPCC_REPORTS = ["AR6"]
DECIMAL_PLACES = 6


def fossil_footprint(kg: str) -> dict[str, Any]:
    """The emission fields of a carbon footprint of ``kg`` CO2e per declared unit: fossil
    only (no biogenic uptake or carbon content counted), IPCC AR6 under ISO 14067, nothing
    exempted by percentage (``exemptedEmissionsDescription`` says what the figure leaves out
    where it is partial)."""
    return {
        "pcfExcludingBiogenicUptake": kg,
        "pcfIncludingBiogenicUptake": kg,
        "fossilGhgEmissions": kg,
        "fossilCarbonContent": "0",
        "ipccCharacterizationFactors": IPCC_REPORTS,
        "crossSectoralStandards": STANDARDS,
        "exemptedEmissionsPercent": "0",
    }


def decimal_text(value: float) -> str:
    """A PACT decimal: a string of digits with a point, no exponent (6 decimal places)."""
    return f"{value:.{DECIMAL_PLACES}f}"


def factor_sources(registry: FactorRegistry, factor_ids: str) -> list[dict[str, Any]]:
    sources = []
    for factor_id in factor_ids.split(";"):
        f = registry.get(factor_id)
        sources.append(
            {
                "factorId": f.id,
                "document": f.source_document,
                "announcementNumber": f.source_number or None,
                "url": f.url or None,
                "year": f.year,
                "valueKgCO2ePerKWh": decimal_text(f.canonical_value),
                "confidence": f.confidence,
            }
        )
    return sources


def _bases(table: pd.DataFrame, year: str) -> list[dict[str, Any]]:
    annual = table[table["period"] == year]
    return [
        {
            "basis": row["basis"],
            "gas": row["gas"],
            "kgPerKWh": None
            if pd.isna(row["value_kg_per_kwh"])
            else decimal_text(float(row["value_kg_per_kwh"])),
            "status": row["status"],
            "factorIds": row["factor_ids"].split(";"),
        }
        for _, row in annual.iterrows()
    ]


def park_subdivision_code(result: RunResult, registry: FactorRegistry) -> str:
    """The park's province as an ISO 3166-2 code (``CN-SX`` for 山西)."""
    region = registry.regions.resolve(result.config.park.province)
    return subdivision_code(result.config.park.province if region is None else region.name_zh)


def _footprint_value(table: pd.DataFrame, year: str, enterprise: str) -> float:
    row = table[(table["period"] == year) & (table["basis"] == "footprint")].iloc[0]
    if pd.isna(row["value_kg_per_kwh"]):
        raise InputError([text(
            f"企业 {enterprise} 没有全生命周期电力因子（{row['reason']}）：其绿电的技术没有发布的碳足迹因子",
            f"enterprise {enterprise} has no life-cycle electricity factor ({row['reason']}): "
            "a technology of its green power has no published footprint factor",
        )])  # fmt: skip
    return float(row["value_kg_per_kwh"])


def urn(*parts: str) -> str:
    return "urn:greenpark:" + ":".join(quote(p, safe="") for p in parts)


def _carbon_footprint(
    result: RunResult, table: pd.DataFrame, registry: FactorRegistry, value: float
) -> dict[str, Any]:
    year = result.config.park.accounting_year
    row = table[(table["period"] == str(year)) & (table["basis"] == "footprint")].iloc[0]
    kg = decimal_text(value)
    return {
        "declaredUnitOfMeasurement": "kilowatt hour",
        "declaredUnitAmount": "1",
        "productMassPerDeclaredUnit": "0",
        "referencePeriodStart": f"{year}-01-01T00:00:00+08:00",
        "referencePeriodEnd": f"{year + 1}-01-01T00:00:00+08:00",
        "geographyCountrySubdivision": park_subdivision_code(result, registry),
        "boundaryProcessesDescription": (
            "Cradle-to-gate electricity as consumed: grid import at the national average "
            "electricity carbon-footprint factor plus transmission and distribution with losses; "
            "contracted and certificate-backed green power at its technology's factor (plus T&D); "
            "on-site PV at the PV factor."
        ),
        **fossil_footprint(kg),
        "secondaryEmissionFactorSources": [
            {"name": "MEE/NBS/NEA 电力碳足迹因子", "version": row["factor_years"].split(";")[0]}
        ],
    }


def product_footprint(
    result: RunResult,
    table: pd.DataFrame,
    enterprise: str,
    registry: FactorRegistry,
    *,
    created: datetime,
    claims_root: str,
) -> dict[str, Any]:
    """The PACT v3 ProductFootprint of one kWh of ``enterprise``'s electricity in ``result``.

    ``table``: :func:`greenpark.footprint.electricity.enterprise_factor_table` of the
    enterprise; ``created``: when the document is made (timezone-aware); ``claims_root``: the
    Merkle root of the run's claim ledger (:mod:`greenpark.footprint.claims`).

    Raises
    ------
    InputError
        The enterprise has no life-cycle factor (a technology without a published one).
    """
    park, year = result.config.park, str(result.config.park.accounting_year)
    value = _footprint_value(table, year, enterprise)
    name = next(e.name for e in result.config.enterprises if e.id == enterprise)
    row = table[(table["period"] == year) & (table["basis"] == "footprint")].iloc[0]
    return {
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, urn(result.run_id, enterprise, "electricity"))),
        "specVersion": SPEC_VERSION,
        "created": created.isoformat(),
        "status": "Active",
        "companyName": name,
        "companyIds": [urn("enterprise", park.id, enterprise)],
        "productDescription": f"1 kWh of electricity as consumed by {name} ({enterprise}) in {year}",
        "productIds": [urn("electricity", park.id, enterprise, year)],
        "productNameCompany": f"电力 electricity — {name} {year}",
        "pcf": _carbon_footprint(result, table, registry, value),
        "extensions": [
            {
                "specVersion": "2.0.0",
                "dataSchema": EXTENSION_SCHEMA,
                "data": {
                    "factorFamily": "电力碳足迹因子 (生态环境部、国家统计局、国家能源局)",
                    "factors": factor_sources(registry, row["factor_ids"]),
                    "bases": _bases(table, year),
                    "runId": result.run_id,
                    "claimsRootSha256": claims_root,
                    "parkId": park.id,
                    "enterpriseId": enterprise,
                },
            }
        ],
    }
