"""Invariants that compare a run with a variant of the same park, run in process.

Adding a batch of certificates (at most half of what its holder has left non-green, and never
beyond its whole use, so it never over-claims) never raises anyone's market-based Scope 2; it
lowers its holder's whenever the holder had purchase left to cover; what the batch does not
give is left held (the ledger's sources table says so), never lost or double-counted.
"""

from __future__ import annotations

import math

import pandas as pd
from gen_files import SHOWN, NotChecked
from gen_harness import Outcome
from gen_ledger import counted_kwh

import greenpark as gp
from greenpark.inputs.park.certificate_rules import metered_electricity_kwh
from greenpark.inputs.park.load import Park
from greenpark.inputs.park.schema import PARK, Certificate

EXTRA = "GEC-EXTRA"


def _rerun(outcome: Outcome, park: Park) -> gp.RunResult:
    options = gp.RunOptions(contract_matching=outcome.park.matching)
    return gp.run(gp.RunSpec(park, options=options))


def _base(outcome: Outcome) -> tuple[Park, pd.DataFrame]:
    if outcome.loaded is None or outcome.computed is None:
        raise NotChecked("the park did not run")
    return outcome.loaded, outcome.computed.annual()


def room_kwh(annual: pd.DataFrame) -> pd.Series:
    """What each row has left for certificates after physical green, trade, contracts and
    the claims already made [kWh] (the ledger's rule 4, from annual.csv's columns)."""
    physical = annual["green_onsite_kwh"] + annual["green_shared_kwh"]
    uncovered = (annual["electricity_kwh"] - physical).clip(lower=0.0)
    left = pd.concat([uncovered, annual["electricity_purchased_kwh"]], axis=1).min(axis=1)
    claims = annual[["green_trade_kwh", "green_contract_kwh", "green_certificate_kwh",
                     "green_export_certificate_kwh"]].sum(axis=1)  # fmt: skip
    return (left - claims).clip(lower=0.0)


def _own_kwh(park: Park, holder: str) -> float:
    """What the holder's (or the park's) batches of this year already count [kWh]."""
    config = park.config
    rule, year = config.park.certificate_claim_rule, config.park.accounting_year
    return sum(
        counted_kwh(b, rule)
        for b in config.certificates
        if b.claimant == holder and b.claim_year == year
    )


def extra_certificate(park: Park, annual: pd.DataFrame, holder_is_park: bool) -> Certificate:
    """A batch of half the non-green use left to its holder (the park, or the enterprise
    with the most left), produced in January of the year (counted under both claim rules),
    and within the holder's metered use left after its own batches [whole MWh]."""
    ids = list(park.config.enterprise_ids())
    # the load rule (greenpark check) bounds a batch by the metered use, gaps counting 0
    use = pd.Series(metered_electricity_kwh(park.meters, ids), index=ids)
    left = (annual.loc[ids, "electricity_kwh"] - annual.loc[ids, "green_total_kwh"]).clip(lower=0)
    own = pd.Series({e: _own_kwh(park, e) for e in ids}, dtype=float)
    if holder_is_park:
        holder, half = PARK, 0.5 * float(left.sum())
        bound = float((use - own).clip(lower=0).sum()) - _own_kwh(park, PARK)
    else:
        holder = str(left.idxmax())
        half, bound = 0.5 * float(left.max()), float(use[holder] - own[holder])
    mwh = math.floor(min(half, 0.99 * bound) / 1e3)
    if mwh < 1:
        raise NotChecked("no whole MWh left to claim")
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
    rerun = _rerun(outcome, park.with_changes({"certificates": [added_batch]}))
    after = rerun.annual()
    old, new = before["scope2_market_co2_kg"], after["scope2_market_co2_kg"]
    found = [
        f"{s}: {old[s]:.9g} -> {new[s]:.9g} kg"
        for s in old.index
        if new[s] > old[s] * (1 + 1e-9) + 1e-6
    ]
    room = room_kwh(before.drop(index=PARK))
    scope = batch.holder
    left = float(room.sum() if scope == PARK else room[scope])
    if left > 1.0 and old[scope] > 0 and not new[scope] < old[scope]:
        found.append(
            f"{scope} had {left:.9g} kWh left, market-based unchanged at {old[scope]:.9g} kg"
        )
    sources = rerun.ledger_sources().set_index("source_id")
    given = 1e3 * batch.quantity_mwh
    if EXTRA not in sources.index:
        found.append("the batch is not in the ledger's sources")
    else:
        row = sources.loc[EXTRA]
        if not math.isclose(
            row.provided_kwh, given, rel_tol=1e-12
        ) or not row.claimed_kwh <= given * (1 + 1e-12):
            found.append(
                f"batch of {given:.9g} kWh provided {row.provided_kwh:.9g}, claimed {row.claimed_kwh:.9g}"
            )
    more = f" (+{len(found) - SHOWN})" if len(found) > SHOWN else ""
    label = f"+{batch.quantity_mwh:g} MWh for {batch.holder}"
    return [f"{label}: {'; '.join(found[:SHOWN])}{more}"] if found else []


#: name -> check, for every park run in process
VARIANT_INVARIANTS = {
    "certificates_never_raise_market_scope2": certificates_never_raise_market_scope2,
}
