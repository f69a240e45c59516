"""零碳园区 (发改环资〔2025〕910号): the core indicator, the five guiding indicators, the gap.

>>> import greenpark as gp
>>> from greenpark.assess import assess_zero_carbon_park
>>> result = gp.run(gp.RunSpec(gp.load_park("sites/jincheng-edz")))  # doctest: +SKIP
>>> assessment = assess_zero_carbon_park(result)  # doctest: +SKIP
>>> assessment.core, assessment.guiding, assessment.gap, assessment.ranking  # doctest: +SKIP

The **core indicator** 单位能耗碳排放 is the run's 910号 basis (:meth:`RunResult.park_910`) at
both electricity conversions, each against the national size band its own denominator falls
in (200,000–1,000,000 tce → ≤ 0.20; ≥ 1,000,000 tce → ≤ 0.30; lower bound inclusive;
``greenpark/criteria/zero_carbon_park.csv``). Below 200,000 tce no national threshold is
published: the row is ``not_applicable`` and the lowest limit is shown for reference.

The **guiding indicators** (``zero_carbon_park_guiding.csv``) come from the data the park
carries; a missing value or threshold is ``no_data``, never a pass. The gap analysis and the
enterprise ranking are :mod:`greenpark.assess.gap`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from greenpark.assess.gap import (
    enterprise_ranking,
    gap_table,
    lowest_tier,
    national_tier,
    proposed_roofs,
)
from greenpark.assess.indicators import green_energy_share, resource_rate
from greenpark.assess.table import PARK, Row, assessment_frame, cell
from greenpark.core.energy import CONVERSIONS
from greenpark.inputs.factors.criteria import Threshold, load_thresholds
from greenpark.inputs.factors.indicator_criteria import Criterion, load_criteria, with_supplied
from greenpark.run_result import RunResult

CORE_ID = "zcp.core"


@dataclass(frozen=True)
class ZeroCarbonAssessment:
    """A park against 910号: tables of :data:`greenpark.assess.table.ASSESSMENT_COLUMNS`
    (``core`` with ``energy_kgce``, ``tier_min_tce``, ``tier_max_tce`` added; ``guiding``),
    the gap by conversion (``gap``, :func:`greenpark.assess.gap.gap_table`), the enterprise
    ranking (``ranking``), the roofs proposed to supply the green electricity needed
    (``roofs``; empty without a roof potential), the provincial thresholds of the park's
    province (``provincial``: :meth:`RunResult.park_910_overlays`) and the ids of the
    thresholds the user supplied (``supplied``)."""

    core: pd.DataFrame
    guiding: pd.DataFrame
    gap: pd.DataFrame
    ranking: pd.DataFrame
    roofs: pd.DataFrame
    provincial: pd.DataFrame
    supplied: tuple[str, ...]


def _core_criterion(threshold: Threshold) -> Criterion:
    return Criterion(
        id=CORE_ID,
        scheme="zero_carbon_park",
        indicator_zh="单位能耗碳排放（核心指标）",
        indicator_en="CO2 per unit of energy use (core indicator)",
        unit="t/tce",
        comparison="le",
        threshold=threshold.limit_t_per_tce,
        weight=None,
        source_document=threshold.source_document,
        source_number=threshold.source_number,
        article="附件3 核心指标",
        url=threshold.url,
        confidence=threshold.confidence,
        note=threshold.note,
    )


def core_rows(park_910: pd.DataFrame, thresholds: Sequence[Threshold]) -> pd.DataFrame:
    """The core indicator at 当量值 and 等价值 from a 910号 table (:meth:`RunResult.park_910`)."""
    lowest = lowest_tier(thresholds)
    rows, extra = [], []
    for conversion in CONVERSIONS:
        energy = cell(park_910, f"park_910_energy_{conversion}_kgce", "value") or 0.0
        value = cell(park_910, f"park_910_co2_t_per_tce_{conversion}", "value")
        tier = national_tier(energy, thresholds)
        criterion = _core_criterion(tier or lowest)
        reason = None if tier is not None else "below_910_scope"
        rows.append(Row(criterion, value, PARK, conversion, reason))
        band = tier or lowest
        extra.append((energy, band.energy_min_tce, band.energy_max_tce))
    frame = assessment_frame(rows)
    frame["energy_kgce"] = [e[0] for e in extra]
    frame["tier_min_tce"] = pd.array([e[1] for e in extra], dtype="Float64")
    frame["tier_max_tce"] = pd.array([e[2] for e in extra], dtype="Float64")
    return frame


def _product_rows(
    result: RunResult, criterion: Criterion, supplied: Mapping[str, float]
) -> list[Row]:
    """A row per single-product enterprise (energy per product unit); enterprises making
    several products have no per-product energy (``multi_product``)."""
    products = result.products()
    rows = []
    for _, p in products.iterrows():
        value = None if pd.isna(p["kgce_per_unit"]) else float(p["kgce_per_unit"])
        enterprise = str(p["enterprise"])
        limit = supplied.get(f"{criterion.id}.{enterprise}")
        note = f"{p['product']} [kgce/{p['unit']}]"
        reason = None if value is not None else "no_data"
        rows.append(Row(criterion, value, enterprise, "", reason, limit, note, limit is not None))
    single = set(products["enterprise"].astype(str))
    several = [e.id for e in result.config.enterprises if len(e.products) > 1]
    rows += [Row(criterion, None, e, reason="multi_product") for e in several if e not in single]
    return rows or [Row(criterion, None, PARK, reason="no_product_data")]


def guiding_rows(
    result: RunResult, criteria: Sequence[Criterion], supplied: Mapping[str, float]
) -> pd.DataFrame:
    """The five guiding indicators of 910号 Annex 3 from the park's data."""
    by_id = {c.id: c for c in criteria}
    rows = [
        Row(by_id["zcp.clean_energy_share"], green_energy_share(result, c), PARK, c)
        for c in CONVERSIONS
    ]
    rows += _product_rows(result, by_id["zcp.product_energy"], supplied)
    for rate in ("solid_waste_utilisation", "waste_heat_utilisation", "water_reuse"):
        rows.append(Row(by_id[f"zcp.{rate}"], resource_rate(result, rate)))
    return assessment_frame(rows)


def assess_zero_carbon_park(
    result: RunResult,
    *,
    supplied: Mapping[str, float] | None = None,
    roof_potential: pd.DataFrame | None = None,
) -> ZeroCarbonAssessment:
    """Assess ``result``'s park against 910号.

    ``supplied`` maps criteria ids to the user's thresholds (``--criteria FILE``; e.g. a
    product's grade-2 limit as ``zcp.product_energy.E07`` [kgce/unit]). ``roof_potential`` is
    :func:`greenpark.assess.roofs.rooftop_potential` (new PV per roof); without it the gap
    has no rooftop proposal.
    """
    supplied = dict(supplied or {})
    criteria = with_supplied(load_criteria("zero_carbon_park"), supplied)
    park_910 = result.park_910()
    gap = gap_table(result, load_thresholds(), roof_potential)
    return ZeroCarbonAssessment(
        core=core_rows(park_910, load_thresholds()),
        guiding=guiding_rows(result, criteria, supplied),
        gap=gap,
        ranking=enterprise_ranking(result),
        roofs=proposed_roofs(roof_potential, gap),
        provincial=result.park_910_overlays(),
        supplied=tuple(sorted(k for k in supplied if k.startswith("zcp."))),
    )
