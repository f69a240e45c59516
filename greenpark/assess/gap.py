"""The 910号 gap: how far the park is from the core indicator, and what closes it.

At each electricity conversion, with E the park's 910号 energy [kgce] and L the limit of its
size band (the lowest band's limit, flagged as reference, below 200,000 tce):

- allowed CO2 = L × E [kg]; **CO2 to cut** = max(0, CO2 − L × E) [kg];
- the **floor** = CO2 − the gross electricity CO2 [kg]: what is left when every purchased
  kWh is green (fuels, processes and heat stay); when the floor exceeds L × E, green
  electricity alone cannot meet the threshold and the fuels are the real problem;
- **green electricity needed** = min(cut, gross electricity CO2) ÷ the 910号 electricity
  factor [kWh]: green claims (certificates, contracts, on-site PV) do not change the energy
  use (GB/T 2589 counts every kWh consumed), only the CO2 of the kWh they cover;
- the rooftop PV that would supply it: the park's new roof potential
  (:func:`greenpark.assess.roofs.rooftop_potential`), assumed consumed in the park, up to
  what is needed and what is purchased, and the green-share points it buys.

The enterprise ranking splits the park's 910号 CO2 by enterprise (electricity not covered by
green claims × the factor, net heat, Scope 1, less the electricity it supplied to others),
largest first, with the cumulative share (Pareto).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields

import numpy as np
import pandas as pd

from greenpark.assess.table import PARK, cell
from greenpark.core.energy import CONVERSIONS
from greenpark.inputs.factors.criteria import NATIONAL, Threshold
from greenpark.run_result import RunResult

KWH_PER_MWH = 1000.0


def national_tier(energy_kgce: float, thresholds: Sequence[Threshold]) -> Threshold | None:
    """The national size band ``energy_kgce`` falls in (lower bound inclusive), if any."""
    for t in thresholds:
        lower, upper, _ = t.tier
        if (
            t.jurisdiction == NATIONAL
            and lower <= energy_kgce
            and (upper is None or energy_kgce < upper)
        ):
            return t
    return None


def lowest_tier(thresholds: Sequence[Threshold]) -> Threshold:
    """The national band with the lowest size: its limit is shown for reference below it."""
    return min((t for t in thresholds if t.jurisdiction == NATIONAL), key=lambda t: t.tier[0])


def _limit(energy_kgce: float, thresholds: Sequence[Threshold]) -> tuple[float, bool]:
    """The limit of the park's national size band [t/tce] and whether it is only a reference
    (below the lowest band)."""
    tier = national_tier(energy_kgce, thresholds)
    if tier is None:
        return lowest_tier(thresholds).limit_t_per_tce, True
    return tier.limit_t_per_tce, False


@dataclass(frozen=True)
class Gap:
    """The gap at one conversion (see the module docstring); None where not computable."""

    basis: str
    co2_kg: float
    energy_kgce: float
    limit_t_per_tce: float
    limit_is_reference: bool
    allowed_co2_kg: float
    cut_co2_kg: float
    floor_co2_kg: float
    floor_t_per_tce: float | None
    reachable_with_green_electricity: bool
    electricity_co2_kg_per_kwh: float
    green_kwh_needed: float
    green_share_fraction: float | None
    green_share_after_fraction: float | None
    share_points_needed_fraction: float | None
    roof_potential_kwh: float | None
    roof_kwh_used: float | None
    roof_share_points_fraction: float | None
    co2_t_per_tce_with_roofs: float | None


def _per(numerator: float | None, denominator: float) -> float | None:
    return None if numerator is None or denominator <= 0 else numerator / denominator


def _capped(share: float | None) -> float | None:
    """A share of the use [fraction], at most 1 (the ledger's green may count kWh beyond
    the use, e.g. kept certificates of exported PV)."""
    return None if share is None else min(share, 1.0)


def _gap(
    result: RunResult, conversion: str, thresholds: Sequence[Threshold], roof_kwh: float | None
) -> Gap:
    basis, annual = result.park_910(), result.annual()
    co2 = cell(basis, "park_910_total_co2_kg", "value") or 0.0
    energy = cell(basis, f"park_910_energy_{conversion}_kgce", "value") or 0.0
    factor = cell(basis, "park_910_electricity_factor_kg_per_kwh", "value") or 0.0
    gross = cell(basis, "park_910_electricity_gross_co2_kg", "value") or 0.0
    use = cell(annual, PARK, "electricity_kwh") or 0.0
    green = cell(annual, PARK, "green_total_kwh") or 0.0
    limit, reference = _limit(energy, thresholds)
    allowed = limit * energy  # t/tce × kgce = kg
    cut = max(0.0, co2 - allowed)
    needed = min(cut, gross) / factor if factor > 0 else 0.0
    uncovered = cell(annual, PARK, "uncovered_grid_kwh") or 0.0
    used = None if roof_kwh is None else min(roof_kwh, needed, uncovered)
    return Gap(
        basis=conversion,
        co2_kg=co2,
        energy_kgce=energy,
        limit_t_per_tce=limit,
        limit_is_reference=reference,
        allowed_co2_kg=allowed,
        cut_co2_kg=cut,
        floor_co2_kg=co2 - gross,
        floor_t_per_tce=_per(co2 - gross, energy),
        reachable_with_green_electricity=co2 - gross <= allowed,
        electricity_co2_kg_per_kwh=factor,
        green_kwh_needed=needed,
        green_share_fraction=_per(green, use),
        green_share_after_fraction=_capped(_per(green + needed, use)),
        share_points_needed_fraction=_per(needed, use),
        roof_potential_kwh=roof_kwh,
        roof_kwh_used=used,
        roof_share_points_fraction=_per(used, use),
        co2_t_per_tce_with_roofs=None if used is None else _per(co2 - used * factor, energy),
    )


def gap_table(
    result: RunResult, thresholds: Sequence[Threshold], roof_potential: pd.DataFrame | None
) -> pd.DataFrame:
    """The gap at 当量值 and 等价值 (:class:`Gap`), a row per conversion; optional numbers
    are ``Float64`` with ``<NA>``."""
    roof_kwh = None if roof_potential is None else float(roof_potential["new_kwh"].sum())
    gaps = [_gap(result, c, thresholds, roof_kwh) for c in CONVERSIONS]
    frame = pd.DataFrame([asdict(g) for g in gaps])
    for f in fields(Gap):
        if "None" in str(f.type):
            values = [getattr(g, f.name) for g in gaps]
            frame[f.name] = pd.array(values, dtype="Float64")
    return frame


def enterprise_ranking(result: RunResult) -> pd.DataFrame:
    """Each enterprise's part of the park's 910号 CO2 [kg], largest first, with its share and
    the cumulative share [fraction]; the parts sum to ``park_910_total_co2_kg``."""
    annual = result.annual().drop(index=PARK)
    factor = cell(result.park_910(), "park_910_electricity_factor_kg_per_kwh", "value") or 0.0
    activity = result.accounting.activity
    supplied_kwh = activity.exported_electricity_kwh + activity.in_park_electricity_kwh
    electricity = annual["uncovered_grid_kwh"].to_numpy(float) * factor - supplied_kwh * factor
    heat = annual["heat_net_co2_kg"].to_numpy(float)
    scope1 = annual["scope1_co2_kg"].to_numpy(float)
    names = {e.id: e.name for e in result.config.enterprises}
    frame = pd.DataFrame(
        {
            "enterprise": annual.index,
            "name": [names[str(e)] for e in annual.index],
            "co2_kg": electricity + heat + scope1,
            "electricity_co2_kg": electricity,
            "heat_co2_kg": heat,
            "scope1_co2_kg": scope1,
            "uncovered_grid_kwh": annual["uncovered_grid_kwh"].to_numpy(float),
        }
    )
    frame = frame.sort_values("co2_kg", ascending=False, kind="stable").reset_index(drop=True)
    total = float(frame["co2_kg"].sum())
    frame["share_fraction"] = frame["co2_kg"] / total if total > 0 else np.nan
    frame["cumulative_share_fraction"] = frame["share_fraction"].cumsum()
    frame.insert(0, "rank", np.arange(1, len(frame) + 1))
    return frame


def proposed_roofs(roof_potential: pd.DataFrame | None, gap: pd.DataFrame) -> pd.DataFrame:
    """The roofs with new PV potential, largest yield first, with the cumulative yield [kWh]
    and ``selected`` for the roofs needed to supply the green electricity of the gap (the
    larger need of the two conversions)."""
    columns = ["roof", "owner", "new_kw", "new_kwh", "cumulative_kwh", "selected"]
    if roof_potential is None or roof_potential.empty:
        return pd.DataFrame(columns=columns)
    needed = float(gap["green_kwh_needed"].max())
    roofs = roof_potential.sort_values("new_kwh", ascending=False, kind="stable").reset_index(
        drop=True
    )
    roofs["cumulative_kwh"] = roofs["new_kwh"].cumsum()
    before = roofs["cumulative_kwh"] - roofs["new_kwh"]
    roofs["selected"] = before < needed
    return roofs[columns]


def green_certificate_overlay(result: RunResult, green_kwh: float) -> dict[str, object]:
    """A ``park.with_changes`` patch adding certificate batches (绿证, whole MWh, produced
    and claimed in the accounting year) for at least ``green_kwh``: to the enterprises with
    the largest purchase not yet covered by green claims, each up to that purchase."""
    year = result.config.park.accounting_year
    uncovered = result.annual().drop(index=PARK)["uncovered_grid_kwh"].astype(float)
    left = math.ceil(green_kwh / KWH_PER_MWH - 1e-9)
    batches = []
    for enterprise, kwh in uncovered.sort_values(ascending=False, kind="stable").items():
        quantity = min(left, math.floor(kwh / KWH_PER_MWH))
        if quantity <= 0:
            continue
        batches.append(
            {
                "id": f"GAP-{enterprise}-{year}",
                "quantity_mwh": quantity,
                "production_start": f"{year}-01",
                "production_end": f"{year}-12",
                "technology": "wind",
                "project": "910号 gap analysis proposal",
                "holder": str(enterprise),
                "claim_year": year,
            }
        )
        left -= quantity
    return {"certificates": batches}
