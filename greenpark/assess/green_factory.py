"""绿色工厂 (GB/T 36132-2025, the energy, carbon and resource part) per enterprise
(``green_factory.csv``).

Values come from the run and park.yaml: energy per product unit (single-product
enterprises) or per 万元 output (GB/T 2589, 当量值), CO2 per 万元 output (Scope 1 + Scope 2
on the Chinese inventory basis), renewable utilisation (green electricity attributed in the
ledger — contracts and certificates count — in standard coal ÷ GB/T 2589 energy, with the
enterprise's size tier), water reuse, solid-waste utilisation and output per m² of land.
基准值 and 引领值 are sector-specific and the standard's general table gives none: the user
supplies them (``--criteria``: ``gf.<indicator>`` for every enterprise or
``gf.<indicator>.<enterprise id>`` for one); until then a row is ``no_data``. The standard's
scoring formula was not retrieved, so no total score is given.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from greenpark.assess.indicators import electricity_kgce_per_kwh
from greenpark.assess.table import Row, assessment_frame, cell, ratio
from greenpark.inputs.factors.indicator_criteria import Criterion, load_criteria, with_supplied
from greenpark.run_result import RunResult

M2_PER_MU = 10_000.0 / 15.0
#: renewable-utilisation size tiers of GB/T 36132-2025 [tce a year], lower bounds, largest first
RENEWABLE_TIERS_TCE = (10_000.0, 5_000.0, 3_000.0, 0.0)


@dataclass(frozen=True)
class GreenFactoryAssessment:
    """The indicators per enterprise (:data:`greenpark.assess.table.ASSESSMENT_COLUMNS`;
    ``scope`` is the enterprise) and the ids of the values the user supplied."""

    indicators: pd.DataFrame
    supplied: tuple[str, ...]


def renewable_tier_tce(energy_kgce: float) -> float:
    """The lower bound [tce] of the size tier an enterprise's annual energy falls in."""
    return next(t for t in RENEWABLE_TIERS_TCE if energy_kgce / 1000.0 >= t)


def _share(part: float | None, *whole: float | None) -> float | None:
    """part ÷ the sum of ``whole``; None when any is missing (no data is not zero)."""
    if part is None or any(w is None for w in whole):
        return None
    return ratio(part, sum(w for w in whole if w is not None))


def _values(result: RunResult, enterprise: str) -> dict[str, float | None]:
    annual, resources = result.annual(), result.resources()
    config = next(e for e in result.config.enterprises if e.id == enterprise)
    output = config.output_value_wan_cny
    energy = cell(annual, enterprise, "energy_gbt2589_calorific_kgce") or 0.0
    co2 = (cell(annual, enterprise, "scope1_co2_kg") or 0.0) + (
        cell(annual, enterprise, "scope2_inventory_co2_kg") or 0.0
    )
    green = (cell(annual, enterprise, "green_total_kwh") or 0.0) * electricity_kgce_per_kwh(
        result, "calorific"
    )
    land_m2 = None if config.land_mu is None else config.land_mu * M2_PER_MU
    reused = cell(resources, enterprise, "water_reused_m3")
    return {
        "gf.output_energy": ratio(energy, output),
        "gf.carbon_per_output": ratio(co2, output),
        "gf.renewable_share": ratio(green, energy),
        "gf.water_reuse": _share(
            reused, cell(resources, enterprise, "water_withdrawal_m3"), reused
        ),
        "gf.solid_waste_utilisation": _share(
            cell(resources, enterprise, "solid_waste_utilised_kg"),
            cell(resources, enterprise, "solid_waste_generated_kg"),
        ),
        "gf.output_per_land": ratio(output, land_m2),
    }


def _product_row(
    result: RunResult, criterion: Criterion, enterprise: str, limit: float | None
) -> Row:
    products = result.products()
    own = products[products["enterprise"] == enterprise]
    if own.empty:
        config = next(e for e in result.config.enterprises if e.id == enterprise)
        reason = "multi_product" if len(config.products) > 1 else "no_product_data"
        return Row(criterion, None, enterprise, reason=reason)
    product = own.iloc[0]
    value = None if pd.isna(product["kgce_per_unit"]) else float(product["kgce_per_unit"])
    note = f"{product['product']} [kgce/{product['unit']}]"
    return Row(criterion, value, enterprise, "", None, limit, note, limit is not None)


def _tier_note(result: RunResult, enterprise: str) -> str:
    energy = cell(result.annual(), enterprise, "energy_gbt2589_calorific_kgce") or 0.0
    lower = renewable_tier_tce(energy)
    return f">= {lower:,.0f} tce" if lower > 0 else f"< {RENEWABLE_TIERS_TCE[-2]:,.0f} tce"


def enterprise_rows(
    result: RunResult, enterprise: str, criteria: Sequence[Criterion], supplied: Mapping[str, float]
) -> list[Row]:
    """The indicators of one enterprise against the values supplied for it."""
    values = _values(result, enterprise)
    rows = []
    for c in criteria:
        limit = supplied.get(f"{c.id}.{enterprise}")
        if c.id == "gf.product_energy":
            rows.append(_product_row(result, c, enterprise, limit))
            continue
        basis = "calorific" if c.id in ("gf.output_energy", "gf.renewable_share") else ""
        note = _tier_note(result, enterprise) if c.id == "gf.renewable_share" else ""
        rows.append(Row(c, values[c.id], enterprise, basis, None, limit, note, limit is not None))
    return rows


def assess_green_factory(
    result: RunResult,
    *,
    enterprise: str | None = None,
    supplied: Mapping[str, float] | None = None,
) -> GreenFactoryAssessment:
    """The green-factory indicators of every enterprise of ``result`` (or of ``enterprise``)
    against the user's baselines ``supplied`` (``gf.*`` ids; see the module docstring)."""
    supplied = dict(supplied or {})
    criteria = with_supplied(load_criteria("green_factory"), supplied)
    ids = [enterprise] if enterprise else list(result.config.enterprise_ids())
    rows = [row for e in ids for row in enterprise_rows(result, e, criteria, supplied)]
    supplied_ids = tuple(sorted(k for k in supplied if k.startswith("gf.")))
    return GreenFactoryAssessment(assessment_frame(rows), supplied_ids)
