"""Green-power attribution ledger: which enterprise may claim which green kWh.

Every green kWh gets exactly one claimant, in this order (china-factors §6 "practical formula";
rules-review-2026 R2, R3, R9, R10):

1. ``onsite_pv`` (physical): the owner's self-consumed PV, ``pv_self + storage_discharge_pv``.
   Certificates of self-consumed electricity are not tradable and go with it to the consumer,
   so self-consumed PV is never "sold"; PV of unregistered roofs is physical green without a
   certificate (``onsite_pv_no_certificate``), outside certificate-based shares.
2. Park sharing by channel (``sharing``): ``park_shared_pv`` (physical channels),
   ``park_trade`` (market trade: purchase with bundled certificates, hourly) or nothing (no
   channel: export + purchase). Rules 1-2 in detail: :mod:`greenpark.core.pv_attribution`.
3. ``contract`` (绿电交易, 证电合一): :mod:`greenpark.core.contract_matching`, within the buyer's
   purchased electricity and the load left after physical green power and park trade. A
   contract without bundled certificates carries no claim (the GEC is the sole proof, 1044号).
4. ``certificate`` (unbundled 绿证, :mod:`greenpark.core.certificates`) and
   ``export_certificate`` (certificates of the owner's own exported PV it keeps): annual,
   within what is left of both the load after physical green, trade and contracts and the
   purchased electricity after trade and contracts. Batches beyond that stay held, unclaimed
   (a note), as kept export certificates beyond it do; batches beyond the claimant's whole
   use of the year are an over-claim error, found when the park is loaded.

The purchased electricity not covered by claimed instruments, ``uncovered_grid_kwh`` =
purchased − trade − contract − certificate − export certificate (≥ 0 by these caps), is what
market-based Scope 2 and every basis that gives green power a zero factor price; the green
share reads the same ledger, so the two never disagree.

Exports never reduce anyone's footprint; storage losses are not green consumption.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import NamedTuple

import numpy as np
import numpy.typing as npt
import pandas as pd

from greenpark.core.allocation import ratio_or_zero
from greenpark.core.certificate_claims import certificate_claims, claims_by_production_month
from greenpark.core.certificates import (
    KWH_PER_CERTIFICATE,
    CertificateBatch,
    certificate_problems,
    claimable_mwh,
    other_year_messages,
    vintage_messages,
)
from greenpark.core.contract_matching import ContractDelivery, Periods, contract_cover
from greenpark.core.ledger import ENTRY_COLUMNS, SOURCE_COLUMNS, Ledger
from greenpark.core.pv_attribution import (
    SHARING,
    AnnualFlows,
    PhysicalGreen,
    PvFlows,
    annual_flows_and_room,
    checked_fraction,
    exported_by_certificate,
    physical_green,
)
from greenpark.messages import Message

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


__all__ = ["ContractDelivery", "Ledger", "attribution_ledger"]


class _Claimed(NamedTuple):
    """Green energy of one source kind: per enterprise, claim rows and provided rows."""

    kwh: FloatArray  # (E,) [kWh]
    claims: list[tuple[str, int, str, float]]  # (kind, claimant, source id, kWh)
    provided: list[tuple[str, str, float]]  # (kind, source id, kWh)
    messages: tuple[Message, ...] = ()


def _checked(
    names: Sequence[str],
    flows: PvFlows,
    contracts: Sequence[ContractDelivery],
    certificates: Sequence[CertificateBatch],
    claim_rule: str,
) -> None:
    """Shapes, enterprise indices and certificates the load-time rules refuse (ValueError)."""
    shape = np.shape(flows.load)
    hours, enterprises = shape if len(shape) == 2 else (-1, -1)
    columns = flows.storage_columns
    stored = (
        hours,
        len(range(enterprises)[columns]) if isinstance(columns, slice) else len(columns),
    )
    full = (flows.pv_self, flows.shared_out, flows.shared_in, flows.grid_import, flows.export)
    if any(np.shape(a) != shape for a in full) or any(
        np.shape(a) != stored for a in (flows.discharge_pv, flows.discharge_green)
    ):
        raise ValueError(f"hourly flows must have the shape of load_kwh {shape} (storage {stored})")
    bad = [c.id for c in contracts if np.shape(c.delivery_kwh) != (hours,)]
    if not isinstance(columns, slice):
        bad += [f"storage owner {e}" for e in columns if not 0 <= e < enterprises]
        bad += ["storage owners repeat"] if len(set(columns)) < len(columns) else []
    owners = [(c.id, c.buyer) for c in contracts] + [(b.id, b.claimant) for b in certificates]
    bad += [i for i, who in owners if who is not None and not 0 <= who < enterprises]
    if len(names) != enterprises or bad:
        raise ValueError(f"{len(names)} names for (H,E)={shape}; bad delivery or index: {bad}")
    problems = certificate_problems(certificates, {c.id for c in contracts}, claim_rule)
    if problems:
        raise ValueError("\n".join(issue.line for issue in problems))


def _contract_green(
    contracts: Sequence[ContractDelivery], room_kwh: FloatArray, periods: Periods
) -> tuple[FloatArray, FloatArray, _Claimed]:
    """Rule 3: hourly contract green and its modelled part (H,E) [kWh]; only bundled count.
    ``room_kwh`` is read only when a contract has bundled certificates."""
    green = [c for c in contracts if c.bundled_certificates]
    if not green:  # nothing to cover: no hourly work (the zeros are never written)
        shape = np.shape(room_kwh)
        return np.zeros(shape), np.zeros(shape), _Claimed(np.zeros(shape[1]), [], [])
    cover = contract_cover(green, room_kwh, periods)
    provided = [("contract", c.id, float(c.delivery_kwh.sum())) for c in green]
    claimed = _Claimed(
        cover.hourly_kwh.sum(axis=0), [("contract", *c) for c in cover.claims], provided
    )
    return cover.hourly_kwh, cover.hourly_modelled_kwh, claimed


def _certificate_green(
    certificates: Sequence[CertificateBatch],
    year: int,
    left_use_kwh: tuple[FloatArray, FloatArray],
    names: Sequence[str],
    rule: str,
) -> _Claimed:
    """Rule 4: the batches claimed for ``year`` against what is left (E,) [kWh]; the year's
    use (E,) [kWh] bounds them (the over-claim rule, also applied at load)."""
    left_kwh, use_kwh = left_use_kwh
    batches = [b for b in certificates if b.claim_year == year]
    kwh, claims, messages = certificate_claims(batches, left_kwh, names, use_kwh, rule)
    provided = [
        ("certificate", b.id, claimable_mwh(b, rule) * KWH_PER_CERTIFICATE) for b in batches
    ]
    return _Claimed(kwh, [("certificate", *c) for c in claims], provided, tuple(messages))


def _export_certificate_green(
    kept_kwh: FloatArray, left_kwh: FloatArray, names: Sequence[str]
) -> tuple[FloatArray, _Claimed]:
    """Rule 4: kept certificates of own exports, claimed up to what is left; hourly (H,E)."""
    available = kept_kwh.sum(axis=0)
    claimed = np.minimum(available, np.maximum(left_kwh, 0.0))
    if available.any():
        hourly = kept_kwh * ratio_or_zero(claimed, available)
    else:  # nothing kept: zeros, never written
        hourly = np.zeros(kept_kwh.shape)
    rows = [(e, f"export_certificates:{n}") for e, n in enumerate(names) if available[e] > 0]
    claims = [("export_certificate", e, sid, float(claimed[e])) for e, sid in rows]
    provided = [("export_certificate", sid, float(available[e])) for e, sid in rows]
    return hourly, _Claimed(claimed, claims, provided)


def _physical_rows(
    names: Sequence[str], physical: Sequence[tuple[str, FloatArray]]
) -> tuple[list[tuple[str, int, str, float]], dict[tuple[str, str], float]]:
    """Claim rows (kind, claimant, source id, kWh) of the physical kinds where the claimant
    has some, and what each source provided where it provided some (a pooled kind's source
    provides the sum over the enterprises, in enterprise order)."""
    own: list[tuple[str, int, str, float]] = []
    provided: dict[tuple[str, str], float] = {}
    for kind, annual in physical:
        given = np.flatnonzero(annual > 0).tolist()
        kwh = [float(annual[e]) for e in given]
        if kind.startswith("park_"):
            own += [(kind, e, kind, value) for e, value in zip(given, kwh, strict=True)]
            total = 0.0
            for value in annual.tolist():
                total += value
            if total > 0:
                provided[(kind, kind)] = total
            continue
        sources = [f"{kind}:{names[e]}" for e in given]
        own += [(kind, e, sid, value) for e, sid, value in zip(given, sources, kwh, strict=True)]
        provided |= {(kind, sid): value for sid, value in zip(sources, kwh, strict=True)}
    return own, provided


def _tables(
    names: Sequence[str], physical: Sequence[tuple[str, FloatArray]], parts: Sequence[_Claimed]
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, float]]:
    """``entries``, ``sources`` and contract surplus per contract [kWh].

    ``physical``: (source kind, annual kWh per enterprise (E,)) of the physical kinds, whose
    sources are the enterprises' own roofs (``<kind>:<id>``) or the park pool (``<kind>``).
    """
    own, provided = _physical_rows(names, physical)
    claims = [claim for part in parts for claim in part.claims]
    rows = [(names[e], kind, sid, kwh) for kind, e, sid, kwh in own + claims if kwh > 0]
    entries = pd.DataFrame(rows, columns=ENTRY_COLUMNS).astype({"kwh": float})
    provided |= {(kind, sid): kwh for part in parts for kind, sid, kwh in part.provided}
    taken: dict[tuple[str, str], list[float]] = {}
    for _, kind, sid, kwh in rows:
        taken.setdefault((kind, sid), []).append(kwh)
    table = [(k, s, kwh, math.fsum(taken.get((k, s), ()))) for (k, s), kwh in provided.items()]
    surplus = {sid: given - got for kind, sid, given, got in table if kind == "contract"}
    sources = pd.DataFrame(table, columns=SOURCE_COLUMNS)
    return entries, sources.astype({"provided_kwh": float, "claimed_kwh": float}), surplus


def attribution_ledger(
    enterprise_ids: Sequence[str],
    *,
    load_kwh: FloatArray,
    pv_self_kwh: FloatArray,
    storage_discharge_green_kwh: FloatArray,
    shared_out_kwh: FloatArray,
    shared_in_kwh: FloatArray,
    grid_import_kwh: FloatArray,
    certified_fraction: npt.ArrayLike,
    accounting_year: int,
    contracts: Sequence[ContractDelivery] = (),
    certificates: Sequence[CertificateBatch] = (),
    matching_period_of_hour: IntArray | None = None,
    storage_discharge_pv_kwh: FloatArray | None = None,
    storage_owners: Sequence[int] | None = None,
    sharing: str = "physical",
    export_kwh: FloatArray | None = None,
    export_fractions: Mapping[str, npt.ArrayLike] | None = None,
    claim_rule: str = "same_year",
) -> Ledger:
    """Attribute every green kWh of the accounting year to exactly one enterprise.

    Parameters
    ----------
    enterprise_ids
        Names of the E enterprises, in column order.
    load_kwh, pv_self_kwh, storage_discharge_green_kwh, shared_out_kwh, shared_in_kwh
        Hourly balance flows (H,E) [kWh]; ``storage_discharge_green_kwh`` is the discharge
        charged from registered-roof PV (``BalanceResult`` of the same name).
    grid_import_kwh
        Hourly grid import (H,E) [kWh].
    certified_fraction
        Share of each enterprise's PV, per hour, from registered roofs [0-1], broadcastable to
        (H,E); applied to ``pv_self_kwh`` and ``shared_out_kwh`` of the same hour.
    accounting_year
        Year being accounted; certificate batches claimed in other years are skipped.
    contracts, certificates
        Green-power contracts and unbundled certificate batches.
    matching_period_of_hour
        Non-decreasing period label per hour (H,) for the contract cover (e.g. month for
        monthly matching, zeros for annual); None = hourly matching.
    storage_discharge_pv_kwh
        PV-derived storage discharge, registered or not (H,E) [kWh]. Default:
        ``storage_discharge_green_kwh`` (all PV registered).
    storage_owners
        The columns the two storage discharge arrays hold, (H, len(storage_owners)), distinct
        (``StorageDispatch.owners``; the other enterprises discharge nothing). None: they
        are (H,E).
    sharing
        Park-sharing channel: ``physical``, ``trade`` or ``grid`` (module notes, rule 2).
    export_kwh, export_fractions
        Exported PV (H,E) [kWh] (default none) and, per destination in
        ``EXPORT_DESTINATIONS``, the share of each enterprise's PV generation per hour from
        registered roofs whose exported certificates go there [0-1] (default: none known).
    claim_rule
        ``same_year`` or ``validity_2y`` (:mod:`greenpark.core.certificates`).

    Raises
    ------
    ValueError
        Caller errors: mismatched shapes, enterprise indices out of range, fractions outside
        [0, 1], decreasing period labels, an unknown sharing channel or claim rule; duplicate
        or expired certificates and batches claiming more than their claimant's use (the park
        loader refuses those, :mod:`greenpark.inputs.park.green_rules`). What exceeds the use left
        non-green stays unclaimed.
    """
    if sharing not in SHARING:
        raise ValueError(f"sharing must be one of {SHARING}, got {sharing!r}")
    green_out = storage_discharge_green_kwh
    pv_out = green_out if storage_discharge_pv_kwh is None else storage_discharge_pv_kwh
    zeros = np.zeros(np.shape(load_kwh))
    flows = PvFlows(
        load_kwh, pv_self_kwh, pv_out, green_out, shared_out_kwh, shared_in_kwh,
        grid_import_kwh, zeros if export_kwh is None else export_kwh,
        slice(None) if storage_owners is None else list(storage_owners),
    )  # fmt: skip
    _checked(enterprise_ids, flows, contracts, certificates, claim_rule)
    certified = checked_fraction(certified_fraction, np.shape(load_kwh), "certified_fraction")
    physical = physical_green(flows, certified, sharing)
    periods = Periods(matching_period_of_hour, np.shape(load_kwh)[0])
    with_room = any(c.bundled_certificates for c in contracts)
    annual, room = annual_flows_and_room(load_kwh, physical, with_room=with_room)
    contract_hourly, contract_modelled, contract = _contract_green(contracts, room, periods)
    left = np.minimum(annual.uncovered, annual.purchased) - annual.trade - contract.kwh
    certificate = _certificate_green(
        certificates, accounting_year, (left, annual.load), enterprise_ids, claim_rule
    )
    exported, kept_hourly = exported_by_certificate(flows, sharing, export_fractions or {})
    export_hourly, export = _export_certificate_green(
        kept_hourly, left - certificate.kwh, enterprise_ids
    )
    return _ledger(
        enterprise_ids,
        (physical, annual),
        (contract_hourly, contract_modelled, contract),
        (certificate, export_hourly, export),
        exported,
        (certificates, accounting_year, claim_rule, contracts),
    )


def _ledger(
    names: Sequence[str],
    physical_annual: tuple[PhysicalGreen, AnnualFlows],
    contract_part: tuple[FloatArray, FloatArray, _Claimed],
    certificate_part: tuple[_Claimed, FloatArray, _Claimed],
    exported: dict[str, FloatArray],
    context: tuple[Sequence[CertificateBatch], int, str, Sequence[ContractDelivery]],
) -> Ledger:
    """Assemble the ledger: annual sums, tables, monthly certificates and messages."""
    contract_hourly, contract_modelled, contract = contract_part
    certificate, export_hourly, export = certificate_part
    batches, year, rule, contracts = context
    physical, sums = physical_annual
    onsite, shared = sums.onsite, sums.shared
    onsite_none, shared_none = physical.onsite_no_certificate, physical.shared_no_certificate
    annual = {  # in this order in the entries
        "onsite_pv": onsite - onsite_none,
        "onsite_pv_no_certificate": onsite_none,
        "park_shared_pv": shared - shared_none,
        "park_shared_pv_no_certificate": shared_none,
        "park_trade": sums.trade,
    }
    entries, sources, surplus = _tables(
        names, list(annual.items()), (contract, certificate, export)
    )
    this_year = [b for b in batches if b.claim_year == year]
    claims = [(e, sid, kwh) for _, e, sid, kwh in certificate.claims]
    monthly, other = claims_by_production_month(this_year, claims, rule, year, len(names))
    return Ledger(
        enterprise_ids=tuple(names),
        onsite_physical_kwh=onsite,
        onsite_no_certificate_kwh=annual["onsite_pv_no_certificate"],
        shared_physical_kwh=shared,
        shared_no_certificate_kwh=annual["park_shared_pv_no_certificate"],
        trade_kwh=annual["park_trade"],
        contract_kwh=contract.kwh,
        certificate_kwh=certificate.kwh,
        export_certificate_kwh=export.kwh,
        purchased_kwh=sums.purchased,
        hourly_onsite_physical_kwh=physical.onsite,
        hourly_shared_physical_kwh=physical.shared,
        hourly_trade_kwh=physical.trade,
        hourly_contract_kwh=contract_hourly,
        hourly_contract_modelled_kwh=contract_modelled,
        hourly_export_certificate_kwh=export_hourly,
        monthly_certificate_kwh=monthly,
        certificate_other_year_kwh=other,
        exported_kwh=exported,
        shared_sent_green_kwh=physical.sent,
        contract_surplus_kwh=surplus,
        entries=entries,
        sources=sources,
        messages=_messages(contracts, batches, (year, rule), surplus, export, names)
        + certificate.messages,
    )


def _messages(
    contracts: Sequence[ContractDelivery],
    certificates: Sequence[CertificateBatch],
    year_rule: tuple[int, str],
    surplus: dict[str, float],
    export: _Claimed,
    names: Sequence[str],
) -> tuple[Message, ...]:
    """Soft issues: unbundled contracts, surplus, vintages, other years, held export GECs."""
    year, rule = year_rule
    lines = [
        Message("contract_unbundled", {"contract_id": c.id})
        for c in contracts
        if not c.bundled_certificates
    ]
    lines += [
        Message("contract_surplus_unattributed", {"contract_id": cid, "energy_mwh": kwh / 1000})
        for cid, kwh in surplus.items()
        if kwh > 1e-6
    ]
    for b in certificates:
        if b.claim_year == year:
            lines += vintage_messages(b, rule)
    provided = {sid: kwh for _, sid, kwh in export.provided}
    for _, e, sid, kwh in export.claims:
        held = provided[sid] - kwh
        if held > 1e-6:
            lines.append(
                Message(
                    "export_certificates_held", {"enterprise": names[e], "energy_mwh": held / 1000}
                )
            )
    return (*lines, *other_year_messages(certificates, year))
