"""The life-cycle (CO2e) electricity factor of one enterprise for product carbon footprints.

Emissions [kg CO2e] = Σ over the enterprise's green claims (ledger rows) kWh × (technology
factor + T&D if the kWh crossed the public grid) + uncovered grid import × (national average +
T&D), divided by the enterprise's consumption. Factors: the MEE/NBS/NEA 电力碳足迹因子
(``footprint.*`` in ``factors/footprint.csv``: 2023 公告2025年第3号 for the technologies, the
2024 notice for the national average and T&D).
"""

from __future__ import annotations

import pandas as pd

from greenpark.footprint.factor_refs import (
    FOOTPRINT_VARIANT,
    TD_VARIANT,
    FactorRef,
    footprint_ref,
)
from greenpark.inputs.factors.registry import FactorRegistry
from greenpark.inputs.park.schema import ParkConfig
from greenpark.run_result import RunResult

#: ledger kinds the enterprise uses on site (no public-grid transmission)
ON_SITE_KINDS = frozenset(
    {"onsite_pv", "onsite_pv_no_certificate", "park_shared_pv", "park_shared_pv_no_certificate"}
)
#: ledger kinds whose technology is the park's own PV
PV_KINDS = ON_SITE_KINDS | {"park_trade", "export_certificate"}
#: a basis row: value [kg CO2e/kWh] or None, reason code or None, the factors it rests on
LifecycleRow = tuple[str, float | None, str | None, tuple[FactorRef, ...]]


def annual_numbers(result: RunResult, enterprise: str) -> dict[str, float]:
    """The annual metrics of ``enterprise`` as floats (NaN where a metric has no value)."""
    row = result.annual().loc[enterprise]
    return {str(k): float("nan") if pd.isna(v) else float(v) for k, v in row.items()}


def claim_technology(kind: str, source_id: str, config: ParkConfig) -> str:
    """The generation technology of one ledger row (``pv`` for the park's own roofs)."""
    if kind in PV_KINDS:
        return "pv"
    batches = config.contracts if kind == "contract" else config.certificates
    return next(b.technology for b in batches if b.id == source_id)


def footprint_row(result: RunResult, enterprise: str, registry: FactorRegistry) -> LifecycleRow:
    """The ``footprint`` basis of ``enterprise`` (no value where a factor is missing)."""
    year = result.config.park.factor_year_used
    annual = annual_numbers(result, enterprise)
    average = footprint_ref(registry, "average", year)
    td = footprint_ref(registry, TD_VARIANT, year)
    if average is None or td is None:
        return ("footprint", None, "no_footprint_factor", ())
    refs: dict[str, FactorRef] = {average.factor_id: average, td.factor_id: td}
    co2e_kg = annual["uncovered_grid_kwh"] * (average.value_kg_per_kwh + td.value_kg_per_kwh)
    ledger = result.ledger()
    for claim in ledger[ledger["claimant"] == enterprise].itertuples():
        technology = claim_technology(str(claim.source_kind), str(claim.source_id), result.config)
        variant = FOOTPRINT_VARIANT.get(technology)
        ref = None if variant is None else footprint_ref(registry, variant, year)
        if ref is None:
            return ("footprint", None, "no_footprint_factor", tuple(refs.values()))
        refs[ref.factor_id] = ref
        grid_td = 0.0 if claim.source_kind in ON_SITE_KINDS else td.value_kg_per_kwh
        co2e_kg += float(str(claim.kwh)) * (ref.value_kg_per_kwh + grid_td)
    use = annual["electricity_kwh"]
    if use <= 0:
        return ("footprint", None, "zero_electricity", tuple(refs.values()))
    return ("footprint", co2e_kg / use, None, tuple(refs.values()))
