"""Invariants that compare a run with a variant of the same park, run in process.

- certificates: adding a batch of certificates (half of what is left to claim, so it never
  over-claims) never raises anyone's market-based Scope 2 and lowers the claimant's;
- fuel gaps: a fuel series with empty cells is not accounted as if the gaps were zero.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping

import pandas as pd
from gen_harness import Outcome
from gen_invariants import SHOWN, NotChecked

import greenpark as gp
from greenpark.inputs.park import Park
from greenpark.inputs.schema import PARK, Certificate

EXTRA = "GEC-EXTRA"


def _rerun(outcome: Outcome, park: Park) -> pd.DataFrame:
    options = gp.RunOptions(contract_matching=outcome.park.matching)
    return gp.run(gp.RunSpec(park, options=options)).annual()


def _base(outcome: Outcome) -> tuple[Park, pd.DataFrame]:
    if outcome.loaded is None or outcome.computed is None:
        raise NotChecked("the park did not run")
    return outcome.loaded, outcome.computed.annual()


def extra_certificate(park: Park, annual: pd.DataFrame, holder_is_park: bool) -> Certificate:
    """A batch of half the non-green use left to its holder (the park, or the enterprise
    with the most left) [whole MWh]."""
    ids = list(park.config.enterprise_ids())
    left = (annual.loc[ids, "electricity_kwh"] - annual.loc[ids, "green_total_kwh"]).clip(lower=0)
    holder = PARK if holder_is_park else str(left.idxmax())
    mwh = math.floor(0.5 * float(left.sum() if holder_is_park else left.max()) / 1e3)
    if mwh < 1:
        raise NotChecked("no enterprise has a whole MWh left to claim")
    year = park.config.park.accounting_year
    return Certificate(
        id=EXTRA,
        quantity_mwh=mwh,
        production_start=f"{year}-01",
        production_end=f"{year}-01",
        technology="wind",
        project="variant",
        holder=holder,
        claim_year=year,
    )


def certificates_never_raise_market_scope2(outcome: Outcome) -> list[str]:
    park, before = _base(outcome)
    batch = extra_certificate(park, before, holder_is_park=outcome.park.seed % 3 == 0)
    added_batch = batch.model_dump(mode="json", exclude_defaults=True)
    after = _rerun(outcome, park.with_changes({"certificates": [added_batch]}))
    old, new = before["scope2_market_co2_kg"], after["scope2_market_co2_kg"]
    found = [
        f"{scope}: {old[scope]:.9g} -> {new[scope]:.9g} kg"
        for scope in old.index
        if new[scope] > old[scope] * (1 + 1e-9) + 1e-6
    ]
    if batch.holder != PARK and old[batch.holder] > 0 and not new[batch.holder] < old[batch.holder]:
        found.append(f"holder {batch.holder} unchanged at {old[batch.holder]:.9g} kg")
    added = after["green_certificate_kwh"].sum() - before["green_certificate_kwh"].sum()
    if not math.isclose(
        added, 2 * batch.quantity_mwh * 1e3, rel_tol=1e-9
    ):  # enterprises + park row
        found.append(f"{batch.quantity_mwh} MWh added, certificate green rose {added / 2:.9g} kWh")
    more = f" (+{len(found) - SHOWN})" if len(found) > SHOWN else ""
    label = f"+{batch.quantity_mwh:g} MWh for {batch.holder}"
    return [f"{label}: {'; '.join(found[:SHOWN])}{more}"] if found else []


def _zero_filled(park: Park, carriers: set[str]) -> Park:
    """``park`` with the empty cells of ``carriers`` read as 0."""

    def filled(frames: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
        return {k: v.fillna(0.0) if k in carriers else v for k, v in frames.items()}

    meters = park.meters
    zero = dataclasses.replace(meters, hourly=filled(meters.hourly), monthly=filled(meters.monthly))
    return dataclasses.replace(park, meters=zero)


def fuel_gaps_not_counted_as_zero(outcome: Outcome) -> list[str]:
    if not outcome.park.fuel_gaps:
        raise NotChecked("no fuel gaps")
    park, base = _base(outcome)
    zero = _rerun(outcome, _zero_filled(park, {c for _, c in outcome.park.fuel_gaps}))
    stored = {(r.scope, r.metric): r for r in outcome.record.results} if outcome.record else {}
    found = []
    for enterprise, carrier in outcome.park.fuel_gaps:
        row = stored.get((enterprise, "scope1_fuel_co2_kg"))
        if row is not None and row.value is None and row.status == "no_data":
            continue  # reported as unavailable: fine
        value = row.value if row is not None else base.loc[enterprise, "scope1_fuel_co2_kg"]
        if not value > zero.loc[enterprise, "scope1_fuel_co2_kg"] * (1 + 1e-9):
            found.append(f"{enterprise} {carrier}: {value:.9g} kg = gaps read as 0")
    return found


#: name -> check, for every park run in process
VARIANT_INVARIANTS = {
    "certificates_never_raise_market_scope2": certificates_never_raise_market_scope2,
    "fuel_gaps_not_counted_as_zero": fuel_gaps_not_counted_as_zero,
}
