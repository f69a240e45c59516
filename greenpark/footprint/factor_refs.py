"""The published factors an enterprise electricity factor is built from, with their vintages.

The Scope 2 grid factors are those the run used (found again by the registry's fallback rule
for the run's province, year and options, valued as the run recorded them, so park overrides
hold). The life-cycle electricity carbon-footprint factors (``footprint.*``, MEE/NBS/NEA
电力碳足迹因子: national average, per technology, and the transmission-and-distribution step)
are looked up for the accounting year by the same rule (a nearest earlier year is flagged).
"""

from __future__ import annotations

from dataclasses import dataclass

from greenpark.inputs.factors.registry import FactorRegistry, load_factor_registry
from greenpark.inputs.factors.table import Factor
from greenpark.run_result import RunResult

GRID_CO2 = "grid_co2"
FOOTPRINT = "electricity_footprint_co2e"
#: generation technology of a contract or certificate -> variant of the footprint table
FOOTPRINT_VARIANT = {"solar": "pv", "pv": "pv", "wind": "wind", "biomass": "biomass"}
#: GB/T 24067-2024 counts the grid's transmission and distribution (with losses) for
#: electricity that reaches the user through the public grid (footprint.csv, 2024 公告)
TD_VARIANT = "td_with_losses"


@dataclass(frozen=True)
class FactorRef:
    """One factor as an enterprise factor cites it: id, value [kg/kWh], year, confidence,
    document and number, and how it differs from the request (fallback codes, '' if none)."""

    factor_id: str
    value_kg_per_kwh: float
    year: int | None
    confidence: str
    source: str
    fallback: str


@dataclass(frozen=True)
class GridRefs:
    """The run's three Scope 2 grid factors [kg CO2/kWh]."""

    location: FactorRef
    residual: FactorRef
    inventory: FactorRef


def registry_for(result: RunResult) -> FactorRegistry:
    """The factor tables as the run of ``result`` read them (with the park's overrides)."""
    return load_factor_registry(overrides=result.config.overrides)


def _ref(found: Factor, reasons: tuple[str, ...]) -> FactorRef:
    return FactorRef(
        found.id,
        found.canonical_value,
        found.year,
        found.confidence,
        f"{found.source_document} {found.source_number}".strip(),
        "+".join(reasons),
    )


def _lookup(
    registry: FactorRegistry, quantity: str, region: str, year: int, variant: str
) -> tuple[Factor, tuple[str, ...]]:
    found = registry.lookup(quantity, region=region, year=year, variant=variant)
    reasons = () if found.message is None else found.message.params["reasons"]
    if not isinstance(reasons, tuple):
        raise TypeError(f"fallback reasons of {found.factor.id} are not a tuple")
    return found.factor, tuple(str(r) for r in reasons)


def grid_refs(result: RunResult, registry: FactorRegistry) -> GridRefs:
    """The location, market-residual and inventory grid factors ``result`` used.

    Raises
    ------
    ValueError
        The registry finds a factor the run did not use (the factor tables changed since).
    """
    park, options = result.config.park, result.provenance.options
    used = {f.factor_id for f in result.provenance.factors}
    inventory_region = "national" if options["inventory_grid"] == "national" else park.province
    asked = (
        (park.province, "average"),
        ("national", options["market_residual"]),
        (inventory_region, "average"),
    )
    refs = []
    for region, variant in asked:
        factor, reasons = _lookup(registry, GRID_CO2, region, park.factor_year_used, variant)
        if factor.id not in used:
            raise ValueError(f"run {result.run_id} did not use {factor.id}")
        refs.append(_ref(factor, reasons))
    return GridRefs(*refs)


def footprint_ref(registry: FactorRegistry, variant: str, year: int) -> FactorRef | None:
    """The national footprint factor of ``variant`` for ``year`` (None when none is published)."""
    if not any(f.quantity == FOOTPRINT and f.variant == variant for f in registry):
        return None
    return _ref(*_lookup(registry, FOOTPRINT, "national", year, variant))
