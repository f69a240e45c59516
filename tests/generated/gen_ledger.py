"""Invariants of the green ledger (``green_ledger.csv``, README "How greenpark counts"): every
green kWh has one claimant; no source gives more than it provided; what a source provided but
nobody claimed (contract surplus, certificates left held) is reported and only left over when
its claimant had nothing left to cover; nobody claims more green than it uses, and contracts
stay within the purchase they cover, period by period.

What each source provided is computed by hand from ``park.yaml`` (contract volumes, the
certificates the claim rule counts) and from the balance (self-consumed PV, park sharing);
what is left unclaimed is read from the ledger's ``sources`` table for in-process runs, else
from the run's messages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
import pandas as pd
from gen_files import RunFiles, close, examples

from greenpark.inputs.park.schema import PARK, Certificate, Contract

#: annual.csv column -> the ledger source kinds it adds up
KIND_COLUMNS = {
    "green_onsite_kwh": ("onsite_pv", "onsite_pv_no_certificate"),
    "green_shared_kwh": ("park_shared_pv", "park_shared_pv_no_certificate"),
    "green_trade_kwh": ("park_trade",),
    "green_contract_kwh": ("contract",),
    "green_certificate_kwh": ("certificate",),
    "green_export_certificate_kwh": ("export_certificate",),
    "green_no_certificate_kwh": ("onsite_pv_no_certificate", "park_shared_pv_no_certificate"),
}
KINDS = {kind for kinds in KIND_COLUMNS.values() for kind in kinds}
#: messages naming what a source left unclaimed: contract surplus, held certificates (zh, en)
UNCLAIMED = (
    re.compile(r"^合同 (?P<ids>\S+)：(?P<mwh>[\d,]+\.\d+) MWh 超出"),
    re.compile(r"^contract (?P<ids>\S+): (?P<mwh>[\d,]+\.\d+) MWh delivered beyond"),
    re.compile(r"^绿证 (?P<ids>[^：]+)：(?P<mwh>[\d,]+\.\d+) MWh 超出"),
    re.compile(r"^certificates (?P<ids>.+?): (?P<mwh>[\d,]+\.\d+) MWh exceed"),
)
MESSAGE_KWH = 0.5  # messages give MWh to 3 decimals


def _months(start: str, end: str) -> list[str]:
    first = int(start[:4]) * 12 + int(start[5:]) - 1
    last = int(end[:4]) * 12 + int(end[5:]) - 1
    return [f"{m // 12}-{m % 12 + 1:02d}" for m in range(first, last + 1)]


def counted_kwh(batch: Certificate, rule: str) -> float:
    """What a batch gives its claim year under the claim rule [kWh], by hand: its month
    histogram (or its quantity evenly over its production months), only the claim year's
    months under ``same_year``."""
    months = _months(batch.production_start, batch.production_end)
    produced = {m: float(q) for m, q in (batch.production_months or {}).items()} or {
        m: batch.quantity_mwh / len(months) for m in months
    }
    if rule == "same_year":
        produced = {m: q for m, q in produced.items() if int(m[:4]) == batch.claim_year}
    return 1e3 * sum(produced.values())


def contract_kwh(contract: Contract) -> float:
    volume = (
        contract.annual_mwh if contract.annual_mwh is not None else sum(contract.monthly_mwh or ())
    )
    return 1e3 * volume


def provided_kwh(run: RunFiles) -> dict[str, float]:
    """Every green source and what it provided [kWh] (see the module docstring)."""
    config, annual = run.config, run.enterprises
    rule, year = config.park.certificate_claim_rule, config.park.accounting_year
    found = {c.id: contract_kwh(c) for c in config.contracts if c.bundled_certificates}
    found |= {b.id: counted_kwh(b, rule) for b in config.certificates if b.claim_year == year}
    for e in annual.index:
        found[f"onsite_pv:{e}"] = float(annual.loc[e, "pv_self_consumed_kwh"])
        found[f"onsite_pv_no_certificate:{e}"] = float(annual.loc[e, "pv_self_consumed_kwh"])
        found[f"export_certificates:{e}"] = float(annual.loc[e, "pv_export_certificates_kept_kwh"])
    shared = float(run.hourly["shared_in_kwh"].sum())
    found |= dict.fromkeys(
        ("park_shared_pv", "park_shared_pv_no_certificate", "park_trade"), shared
    )
    return found


def _unclaimed_by_messages(run: RunFiles) -> dict[frozenset[str], float]:
    """Unclaimed kWh per group of sources a message names (a claimant's batches together)."""
    found: dict[frozenset[str], float] = {}
    for line in run.messages:
        for pattern in UNCLAIMED:
            if match := pattern.search(line):
                ids = frozenset(i.strip() for i in match["ids"].split(","))
                found[ids] = found.get(ids, 0.0) + float(match["mwh"].replace(",", "")) * 1e3
    return found


def _claims(run: RunFiles) -> pd.Series:
    return run.ledger.groupby("source_id")["kwh"].sum()


def _rows(run: RunFiles) -> list[str]:
    """Each (claimant, source) once, known kinds, own PV claimed by its owner, positive kWh."""
    ledger = run.ledger
    repeated = ledger[ledger.duplicated(["claimant", "source_id"])]
    found = examples(
        "repeated rows", [f"{r.claimant} {r.source_id}" for r in repeated.itertuples()]
    )
    found += examples("unknown source kind", sorted(set(ledger.source_kind) - KINDS))
    own = ledger[ledger.source_kind.str.startswith("onsite")]
    wrong = own[own.source_id != own.source_kind + ":" + own.claimant]
    found += examples("on-site PV claimed by another enterprise", list(wrong.source_id))
    found += examples("claim of no energy", list(ledger.source_id[~(ledger.kwh > 0)]))
    channel = run.config.park.sharing_channel
    allowed = {None: set(), "market_trade": {"park_trade"}}.get(
        channel, {"park_shared_pv", "park_shared_pv_no_certificate"}
    )
    shared = set(ledger.source_kind[ledger.source_kind.str.startswith("park_")]) - allowed
    return found + examples(f"park sharing kinds not of channel {channel}", sorted(shared))


def _within_provided(run: RunFiles, provided: dict[str, float]) -> list[str]:
    """Claimed ≤ provided per source; own PV and physical sharing claimed in full."""
    claimed, tol = _claims(run), run.tolerance_kwh
    found = examples("unknown source", [s for s in claimed.index if s not in provided])
    over = [f"{s} {claimed[s]:.9g} > {provided[s]:.9g}" for s in claimed.index
            if s in provided and claimed[s] > provided[s] * (1 + 1e-9) + tol]  # fmt: skip
    found += examples("claimed more than provided", over)
    ledger = run.ledger
    onsite = ledger[ledger.source_kind.str.startswith("onsite")].groupby("claimant")["kwh"].sum()
    self_used = run.enterprises["pv_self_consumed_kwh"]
    off = [f"{e} {onsite.get(e, 0.0):.9g} != {v:.9g}" for e, v in self_used.items()
           if not close(onsite.get(e, 0.0), v, v, tol)]  # fmt: skip
    found += examples("self-consumed PV not claimed in full by its owner", off)
    if run.config.park.sharing_channel in ("direct_line", "incremental_distribution"):
        shared = ledger[ledger.source_kind.str.startswith("park_shared")]["kwh"].sum()
        total = provided["park_shared_pv"]
        if not close(shared, total, total, tol):
            found.append(f"physically shared PV claimed {shared:.9g} of {total:.9g} kWh")
    return found


def _unclaimed(run: RunFiles, provided: dict[str, float]) -> dict[frozenset[str], float]:
    """Unclaimed kWh by source group: from the sources table (which must agree with what
    ``park.yaml`` says each source provided), else from the messages."""
    if run.sources is None:
        return _unclaimed_by_messages(run)
    table = run.sources.set_index("source_id")
    return {frozenset([s]): float(r.provided_kwh - r.claimed_kwh) for s, r in table.iterrows()}


def _source_table(run: RunFiles, provided: dict[str, float]) -> list[str]:
    """The sources table (in process) says what park.yaml and the files say."""
    if run.sources is None:
        return []
    table, claimed, found = run.sources.set_index("source_id"), _claims(run), []
    for source, row in table.iterrows():
        if (
            source in provided
            and row.source_kind in ("contract", "certificate")
            and not close(row.provided_kwh, provided[source], provided[source], 1e-6)
        ):
            found.append(
                f"{source} provided {row.provided_kwh:.9g}, park.yaml {provided[source]:.9g}"
            )
        if not close(row.claimed_kwh, claimed.get(source, 0.0), row.claimed_kwh, run.tolerance_kwh):
            found.append(
                f"{source} claimed {row.claimed_kwh:.9g}, ledger {claimed.get(source, 0.0):.9g}"
            )
    return examples("sources table != park.yaml or ledger", found)


def _totals(run: RunFiles, provided: dict[str, float]) -> list[str]:
    """Per contract and batch (grouped as a message groups them): claimed = provided −
    reported unclaimed; something left unclaimed only when its claimants had no room left."""
    claimed, unclaimed = _claims(run), _unclaimed(run, provided)
    config = run.config
    sources = {c.id for c in config.contracts if c.id in provided}
    sources |= {b.id for b in config.certificates if b.id in provided}
    groups = [g for g in unclaimed if g & sources] + [frozenset([s]) for s in sources
              if not any(s in g for g in unclaimed)]  # fmt: skip
    slack = MESSAGE_KWH if run.sources is None else run.tolerance_kwh
    found, held = [], []
    for group in groups:
        given = sum(provided.get(s, 0.0) for s in group)
        got = sum(float(claimed.get(s, 0.0)) for s in group)
        left = unclaimed.get(group, 0.0)
        if not close(given - left, got, given, slack):
            found.append(
                f"{','.join(sorted(group))}: provided {given:.9g} - unclaimed {left:.9g} != claimed {got:.9g}"
            )
        if left > max(slack, 1e-6 * given) and group <= {b.id for b in config.certificates}:
            held += _room_left(run, group)
    unbundled = [
        c.id for c in config.contracts if not c.bundled_certificates and c.id in claimed.index
    ]
    return (
        examples("ledger total != provided - unclaimed", found)
        + examples("certificates held while their claimant had purchase left", held)
        + examples("unbundled contract claimed", unbundled)
    )


def _room_left(run: RunFiles, group: Iterable[str]) -> list[str]:
    """Claimants of held batches whose use is not all green and whose purchase is not all
    covered (a held certificate should have been claimed)."""
    batches = {b.id: b for b in run.config.certificates}
    claimants = {batches[i].claimant for i in group}
    ids = list(run.enterprises.index) if PARK in claimants else sorted(claimants)
    annual, found = run.enterprises, []
    for e in ids:
        use, green = annual.loc[e, "electricity_kwh"], annual.loc[e, "green_total_kwh"]
        uncovered = annual.loc[e, "uncovered_grid_kwh"]
        slack = 1e-6 * use + 1.0
        if use - green > slack and uncovered > slack:
            found.append(f"{e}: green {green:.9g} of {use:.9g} kWh, {uncovered:.9g} uncovered")
    return found


def _annual_columns(run: RunFiles) -> list[str]:
    """annual.csv's green columns are the ledger's sums; uncovered = purchase − claims."""
    ledger, annual, found = run.ledger, run.annual, []
    by_kind = ledger.pivot_table(
        index="claimant", columns="source_kind", values="kwh", aggfunc="sum"
    )
    by_kind = by_kind.reindex(index=run.enterprises.index, columns=sorted(KINDS)).fillna(0.0)
    by_kind.loc[PARK] = by_kind.sum()
    columns = {column: by_kind[list(kinds)].sum(axis=1) for column, kinds in KIND_COLUMNS.items()}
    columns["green_total_kwh"] = by_kind.sum(axis=1)
    for column, expected in columns.items():
        off = ~np.isclose(annual[column], expected, rtol=1e-9, atol=1e-3)
        found += [f"{s} {column} {annual.loc[s, column]:.9g} != ledger {expected[s]:.9g}"
                  for s in annual.index[off]]  # fmt: skip
    claims = annual[["green_trade_kwh", "green_contract_kwh", "green_certificate_kwh",
                     "green_export_certificate_kwh"]].sum(axis=1)  # fmt: skip
    uncovered = (annual["electricity_purchased_kwh"] - claims).clip(lower=0.0)
    off = ~np.isclose(
        annual["uncovered_grid_kwh"].drop(PARK), uncovered.drop(PARK), rtol=1e-9, atol=1e-3
    )
    found += [
        f"{s} uncovered_grid_kwh != purchase - claims" for s in uncovered.drop(PARK).index[off]
    ]
    return examples("annual.csv != green ledger", found)


def green_claimed_once(run: RunFiles) -> list[str]:
    """Every green kWh claimed once, never beyond its source, unclaimed only when no room."""
    provided = provided_kwh(run)
    return (
        _rows(run)
        + _within_provided(run, provided)
        + _source_table(run, provided)
        + _totals(run, provided)
        + _annual_columns(run)
    )


def _period(run: RunFiles) -> pd.Series:
    h = run.hourly
    return {"hourly": h.interval_start, "monthly": h.interval_start.dt.month}.get(
        run.park.matching, pd.Series(0, index=h.index)
    )


def green_within_load(run: RunFiles) -> list[str]:
    """Nobody claims more green than it uses (per year; physical per hour; physical and
    contracts per matching period), and contracts cover only the purchase left after physical
    green and park trade in their period (the ledger's rule 3)."""
    h, tol = run.hourly, run.tolerance_kwh
    load = run.per_enterprise("load_kwh")
    per_claimant = run.ledger.groupby("claimant")["kwh"].sum()
    found = [f"{e} green {v:.9g} > load {load.get(e, 0.0):.9g}" for e, v in per_claimant.items()
             if v > load.get(e, 0.0) * (1 + 1e-9) + tol]  # fmt: skip
    physical = np.flatnonzero((h.green_physical_kwh - h.load_kwh).to_numpy() > tol)
    found += [
        f"{h.enterprise.iloc[i]} {h.interval_start.iloc[i]} physical > load" for i in physical
    ]
    channel_is_physical = run.config.park.sharing_channel in (
        "direct_line",
        "incremental_distribution",
    )
    purchased = h.grid_import_kwh + (0.0 if channel_is_physical else h.shared_in_kwh)
    uncovered = (h.load_kwh - h.green_physical_kwh).clip(lower=0.0)
    room = (np.minimum(purchased, uncovered) - h.green_trade_kwh).clip(lower=0.0)
    frame = h.assign(
        room=room, green=h.green_physical_kwh + h.green_contract_kwh, period=_period(run)
    )
    sums = frame.groupby(["enterprise", "period"])[
        ["green", "load_kwh", "green_contract_kwh", "room"]
    ].sum()
    over = sums[sums.green > sums.load_kwh * (1 + 1e-9) + tol]
    found += [
        f"{e} period {p}: green {r.green:.9g} > load {r.load_kwh:.9g}"
        for (e, p), r in over.iterrows()
    ]
    bought = sums[sums.green_contract_kwh > sums.room * (1 + 1e-9) + tol]
    found += [f"{e} period {p}: contract {r.green_contract_kwh:.9g} > purchase left {r.room:.9g}"
              for (e, p), r in bought.iterrows()]  # fmt: skip
    annual = run.enterprises
    over_annual = annual.index[annual.green_total_kwh > annual.electricity_kwh * (1 + 1e-9) + 1e-3]
    return examples(
        "green above load or purchase", found + [f"annual.csv {e}" for e in over_annual]
    )
