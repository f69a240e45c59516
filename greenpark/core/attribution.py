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
   use of the year are an over-claim error, found when the park is loaded. Rules 3-4 in detail:
   :mod:`greenpark.core.instrument_attribution`.

The purchased electricity not covered by claimed instruments, ``uncovered_grid_kwh`` =
purchased − trade − contract − certificate − export certificate (≥ 0 by these caps), is what
market-based Scope 2 and every basis that gives green power a zero factor price; the green
share reads the same ledger, so the two never disagree.

Exports never reduce anyone's footprint; storage losses are not green consumption.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from greenpark.core.certificate_claims import claims_by_production_month
from greenpark.core.certificates import CertificateBatch, certificate_problems
from greenpark.core.contract_matching import ContractDelivery, Periods
from greenpark.core.instrument_attribution import (
    Claimed,
    certificate_green,
    contract_green,
    export_certificate_green,
    instrument_messages,
)
from greenpark.core.ledger import Ledger
from greenpark.core.ledger_tables import ledger_tables
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

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
_Instruments = tuple[Sequence[ContractDelivery], Sequence[CertificateBatch]]


__all__ = ["ContractDelivery", "Ledger", "attribution_ledger"]


class _Rules(NamedTuple):
    """What the rules read besides the flows and instruments."""

    year: int  # the accounting year
    claim_rule: str  # same_year or validity_2y
    sharing: str  # the park-sharing channel
    periods: Periods  # the contracts' matching periods


class _Parts(NamedTuple):
    """The green of each rule, in their order."""

    physical: PhysicalGreen  # rules 1-2, hourly
    annual: AnnualFlows  # the annual sums they leave
    contract_hourly: FloatArray  # rule 3 (H,E) [kWh]
    contract_modelled: FloatArray  # its part in modelled hours (H,E) [kWh]
    contract: Claimed
    certificate: Claimed  # rule 4
    export_hourly: FloatArray  # kept certificates of own exports (H,E) [kWh]
    export: Claimed
    exported: dict[str, FloatArray]  # exported PV by certificate destination (H,E) [kWh]


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
    periods = Periods(matching_period_of_hour, np.shape(load_kwh)[0])
    rules = _Rules(accounting_year, claim_rule, sharing, periods)
    instruments = (contracts, certificates)
    parts = _green_parts(enterprise_ids, (flows, certified), instruments, rules, export_fractions)
    return _ledger(enterprise_ids, parts, instruments, rules)


def _green_parts(
    names: Sequence[str],
    flows_certified: tuple[PvFlows, FloatArray],
    instruments: _Instruments,
    rules: _Rules,
    export_fractions: Mapping[str, npt.ArrayLike] | None,
) -> _Parts:
    """Rules 1-4 in order, each within what the ones before left."""
    flows, certified = flows_certified
    contracts, certificates = instruments
    physical = physical_green(flows, certified, rules.sharing)
    with_room = any(c.bundled_certificates for c in contracts)
    annual, room = annual_flows_and_room(flows.load, physical, with_room=with_room)
    contract_hourly, contract_modelled, contract = contract_green(contracts, room, rules.periods)
    left = np.minimum(annual.uncovered, annual.purchased) - annual.trade - contract.kwh
    certificate = certificate_green(
        certificates, rules.year, (left, annual.load), names, rules.claim_rule
    )
    exported, kept_hourly = exported_by_certificate(flows, rules.sharing, export_fractions or {})
    export_hourly, export = export_certificate_green(kept_hourly, left - certificate.kwh, names)
    return _Parts(
        physical, annual, contract_hourly, contract_modelled, contract,
        certificate, export_hourly, export, exported,
    )  # fmt: skip


def _ledger(
    names: Sequence[str], parts: _Parts, instruments: _Instruments, rules: _Rules
) -> Ledger:
    """Assemble the ledger: annual sums, tables, monthly certificates and messages."""
    physical, sums = parts.physical, parts.annual
    contract, certificate, export = parts.contract, parts.certificate, parts.export
    annual = _physical_annual(physical, sums)
    entries, sources, surplus = ledger_tables(
        names, list(annual.items()), (contract, certificate, export)
    )
    monthly, other = _certificate_months(names, certificate, instruments[1], rules)
    year_rule = (rules.year, rules.claim_rule)
    messages = instrument_messages(*instruments, year_rule, surplus, export, names)
    return Ledger(
        enterprise_ids=tuple(names),
        onsite_physical_kwh=sums.onsite,
        onsite_no_certificate_kwh=annual["onsite_pv_no_certificate"],
        shared_physical_kwh=sums.shared,
        shared_no_certificate_kwh=annual["park_shared_pv_no_certificate"],
        trade_kwh=annual["park_trade"],
        contract_kwh=contract.kwh,
        certificate_kwh=certificate.kwh,
        export_certificate_kwh=export.kwh,
        purchased_kwh=sums.purchased,
        hourly_onsite_physical_kwh=physical.onsite,
        hourly_shared_physical_kwh=physical.shared,
        hourly_trade_kwh=physical.trade,
        hourly_contract_kwh=parts.contract_hourly,
        hourly_contract_modelled_kwh=parts.contract_modelled,
        hourly_export_certificate_kwh=parts.export_hourly,
        monthly_certificate_kwh=monthly,
        certificate_other_year_kwh=other,
        exported_kwh=parts.exported,
        shared_sent_green_kwh=physical.sent,
        contract_surplus_kwh=surplus,
        entries=entries,
        sources=sources,
        messages=messages + certificate.messages,
    )


def _physical_annual(physical: PhysicalGreen, sums: AnnualFlows) -> dict[str, FloatArray]:
    """Annual green of the physical kinds (E,) [kWh], in the order of the entries."""
    onsite_none, shared_none = physical.onsite_no_certificate, physical.shared_no_certificate
    return {
        "onsite_pv": sums.onsite - onsite_none,
        "onsite_pv_no_certificate": onsite_none,
        "park_shared_pv": sums.shared - shared_none,
        "park_shared_pv_no_certificate": shared_none,
        "park_trade": sums.trade,
    }


def _certificate_months(
    names: Sequence[str],
    certificate: Claimed,
    batches: Sequence[CertificateBatch],
    rules: _Rules,
) -> tuple[FloatArray, FloatArray]:
    """The claimed certificates by production month of the year (12,E) and of other years
    (E,) [kWh]."""
    this_year = [b for b in batches if b.claim_year == rules.year]
    claims = [(e, sid, kwh) for _, e, sid, kwh in certificate.claims]
    return claims_by_production_month(this_year, claims, rules.claim_rule, rules.year, len(names))
