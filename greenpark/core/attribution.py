"""Green-power attribution ledger: which enterprise may claim which green kWh.

Rules (china-factors §6, the "practical formula"); every green kWh gets exactly one claimant:

1. ``onsite_pv`` (physical): the owner's self-consumed PV whose certificates it keeps,
   ``pv_self × kept_fraction + storage_discharge_green``. The battery carries the certificate
   status of the hour it was charged in, so its green discharge comes from the balance
   (:mod:`greenpark.core.balance`) and is not scaled by the hour it is released in. PV whose
   certificates were sold is consumed but cannot be claimed (reported as a memo).
2. ``park_shared_pv`` (physical): PV received through park sharing. Sharing is an hourly pool
   (as the balance allocates it), so every receiver gets the pool's green fraction
   Σ_s out_s·kept_s / Σ_s out_s; each sender is credited with its kept part actually received.
3. ``contract`` (绿电交易, 证电合一): hourly deliveries with bundled certificates. They cover only
   the buyer's grid import, and never more than its load left after physical green power,
   summed per matching period (hourly by default). The rest is unattributed surplus, reported,
   not an error. Several contracts of one buyer share the cover pro rata (order-independent).
   A park-level contract (``buyer=None``) is allocated to enterprises pro rata to the grid
   import still uncovered in each period, so every kWh still has one enterprise claimant.
   A contract without bundled certificates carries no green claim (the GEC is the sole proof,
   1044号) and is reported in the messages.
4. ``certificate`` (unbundled 绿证): 1 certificate = 1 MWh, no timestamp, annual, claimed
   against the non-green consumption left in the year (the rest stays unclaimed, reported);
   park-level batches pro rata to what is left. Validity, duplicate and over-claim rules:
   :mod:`greenpark.core.certificates`.

Exports never reduce anyone's footprint; storage losses are not green consumption (only the
green part of storage discharge counts).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

import numpy as np
import numpy.typing as npt
import pandas as pd

from greenpark.core.allocation import ratio_or_zero
from greenpark.core.certificates import (
    KWH_PER_CERTIFICATE,
    CertificateBatch,
    certificate_claims,
    certificate_problems,
    other_year_messages,
)
from greenpark.errors import InputError
from greenpark.i18n import text

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

ENTRY_COLUMNS = ["claimant", "source_kind", "source_id", "kwh"]
SOURCE_COLUMNS = ["source_kind", "source_id", "provided_kwh", "claimed_kwh"]


@dataclass(frozen=True)
class ContractDelivery:
    """One green-power contract: hourly delivered energy [kWh] (H,), buyer index or None (park)."""

    id: str
    buyer: int | None
    delivery_kwh: FloatArray
    bundled_certificates: bool = True


@dataclass(frozen=True)
class Ledger:
    """Who claims which green energy [kWh]; (E,) annual, (H,E) hourly.

    ``entries`` has one row per (claimant, source) with ``ENTRY_COLUMNS``; ``sources`` one row
    per source with what it provided and what was claimed from it (contract surplus =
    provided - claimed).
    """

    enterprise_ids: tuple[str, ...]
    onsite_physical_kwh: FloatArray
    shared_physical_kwh: FloatArray
    contract_kwh: FloatArray
    certificate_kwh: FloatArray
    hourly_onsite_physical_kwh: FloatArray
    hourly_shared_physical_kwh: FloatArray
    hourly_contract_kwh: FloatArray
    onsite_certificates_sold_kwh: FloatArray
    shared_sent_green_kwh: FloatArray
    contract_surplus_kwh: dict[str, float]
    entries: pd.DataFrame
    sources: pd.DataFrame
    messages: tuple[str, ...]

    @property
    def physical_kwh(self) -> FloatArray:
        """Physical green consumption per enterprise [kWh] (E,)."""
        return self.onsite_physical_kwh + self.shared_physical_kwh

    @property
    def green_kwh(self) -> FloatArray:
        """All attributed green consumption per enterprise [kWh] (E,)."""
        return self.physical_kwh + self.contract_kwh + self.certificate_kwh

    @cached_property
    def hourly_physical_kwh(self) -> FloatArray:
        """Physical green consumption per hour and enterprise [kWh] (H,E)."""
        return self.hourly_onsite_physical_kwh + self.hourly_shared_physical_kwh

    @cached_property
    def hourly_green_kwh(self) -> FloatArray:
        """Green with an hour (physical + contract) per hour and enterprise [kWh] (H,E)."""
        return self.hourly_physical_kwh + self.hourly_contract_kwh


class _Periods:
    """Matching periods: consecutive runs of equal labels in ``period_of_hour`` (hour, month,
    year or any other non-decreasing labelling); None is every hour on its own."""

    def __init__(self, period_of_hour: IntArray | None, hours: int) -> None:
        labels = np.arange(hours) if period_of_hour is None else np.asarray(period_of_hour)
        if labels.shape != (hours,) or np.any(np.diff(labels) < 0):
            raise ValueError(f"matching periods must be {hours} non-decreasing labels")
        change = np.r_[True, np.diff(labels) != 0]
        self.starts = np.flatnonzero(change)
        self.index = np.cumsum(change) - 1

    def total(self, hourly: FloatArray) -> FloatArray:
        totals: FloatArray = np.add.reduceat(hourly, self.starts, axis=0)
        return totals

    def spread(self, per_period: FloatArray) -> FloatArray:
        spread: FloatArray = per_period[self.index]
        return spread


def shared_green_kwh(
    shared_out_kwh: FloatArray, shared_in_kwh: FloatArray, kept_fraction: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Green part of park-shared PV: received per (H,E) [kWh] and credited per sender (E,) [kWh].

    The hourly pool's green fraction is Σ_s out_s·kept_s / Σ_s out_s (senders whose certificates
    were sold make the pool less green); senders are credited pro rata to what was received.
    """
    green_out = shared_out_kwh * kept_fraction
    out_total = shared_out_kwh.sum(axis=1)
    received_green = shared_in_kwh * ratio_or_zero(green_out.sum(axis=1), out_total)[:, None]
    scale = ratio_or_zero(shared_in_kwh.sum(axis=1), out_total)
    return received_green, (green_out * scale[:, None]).sum(axis=0)


def _contract_claims(
    contracts: Sequence[ContractDelivery], cap_kwh: FloatArray, periods: _Periods
) -> tuple[FloatArray, list[tuple[int, str, float]]]:
    """Hourly contract green (H,E) [kWh] and (claimant, contract id, kWh) claims."""
    direct = [(c, c.buyer) for c in contracts if c.buyer is not None]
    pooled = [c for c in contracts if c.buyer is None]
    delivered = np.zeros_like(cap_kwh)
    for c, buyer in direct:
        delivered[:, buyer] += c.delivery_kwh
    cap_p, delivered_p = periods.total(cap_kwh), periods.total(delivered)
    covered_p = np.minimum(delivered_p, cap_p)
    ratio = periods.spread(ratio_or_zero(covered_p, delivered_p))
    hourly = delivered * ratio
    claims = [(buyer, c.id, float(c.delivery_kwh @ ratio[:, buyer])) for c, buyer in direct]
    if pooled:
        left_p = cap_p - covered_p
        park_delivered = np.sum([c.delivery_kwh for c in pooled], axis=0)
        park_p = periods.total(park_delivered)
        left_total_p = left_p.sum(axis=1)
        fraction = periods.spread(ratio_or_zero(np.minimum(park_p, left_total_p), park_p))
        share = periods.spread(ratio_or_zero(left_p, left_total_p[:, None]))
        hourly = hourly + (park_delivered * fraction)[:, None] * share
        for c in pooled:
            per_enterprise = (c.delivery_kwh * fraction) @ share
            claims.extend((int(e), c.id, float(per_enterprise[e])) for e in range(share.shape[1]))
    return hourly, claims


class _Physical(NamedTuple):
    """Physical green consumption: on-site and park-shared PV."""

    hourly_onsite_kwh: FloatArray  # (H,E) [kWh]
    hourly_shared_kwh: FloatArray  # (H,E) [kWh]
    shared_sent_kwh: FloatArray  # (E,) [kWh], credited to each sender
    certificates_sold_kwh: FloatArray  # (E,) [kWh], self-consumed but not claimable


class _Claimed(NamedTuple):
    """Green energy of one source kind: per enterprise, claim rows and provided rows."""

    kwh: FloatArray  # (E,) [kWh]
    claims: list[tuple[str, int, str, float]]  # (kind, claimant, source id, kWh)
    provided: list[tuple[str, str, float]]  # (kind, source id, kWh)
    messages: tuple[str, ...] = ()


def _checked_kept_fraction(
    names: Sequence[str],
    flows: Sequence[FloatArray],
    kept_fraction: FloatArray,
    contracts: Sequence[ContractDelivery],
    certificates: Sequence[CertificateBatch],
) -> FloatArray:
    """``kept_fraction`` broadcast to (H,E), once every argument is checked (``flows[0]``: load).

    Shapes and enterprise indices are caller errors (ValueError), certificates data errors.
    """
    shape = np.shape(flows[0])
    if any(np.shape(a) != shape for a in flows[1:]):
        raise ValueError(f"hourly flows must all have the shape of load_kwh {shape}")
    hours, enterprises = shape if len(shape) == 2 else (-1, -1)
    bad = [c.id for c in contracts if np.shape(c.delivery_kwh) != (hours,)]
    owners = [(c.id, c.buyer) for c in contracts] + [(b.id, b.claimant) for b in certificates]
    bad += [i for i, who in owners if who is not None and not 0 <= who < enterprises]
    if len(names) != enterprises or bad:
        raise ValueError(f"{len(names)} names for (H,E)={shape}; bad delivery or index: {bad}")
    problems = certificate_problems(certificates, {c.id for c in contracts})
    if problems:
        raise InputError(problems)
    kept = np.broadcast_to(np.asarray(kept_fraction, dtype=float), shape)
    if np.any((kept < 0) | (kept > 1)):
        raise ValueError("kept_fraction must lie in [0, 1]")
    return kept


def _physical_green(
    own: tuple[FloatArray, FloatArray, FloatArray],
    shared_out_kwh: FloatArray,
    shared_in_kwh: FloatArray,
    kept: FloatArray,
) -> _Physical:
    """Rules 1 and 2: on-site PV and shared PV.

    ``own``: PV used directly, PV-derived and kept-certificate (green) storage discharge.
    """
    pv_self, discharge_pv, discharge_green = own
    onsite = pv_self * kept + discharge_green
    shared, sent = shared_green_kwh(shared_out_kwh, shared_in_kwh, kept)
    sold = pv_self * (1.0 - kept) + np.maximum(discharge_pv - discharge_green, 0.0)
    return _Physical(onsite, shared, sent, sold.sum(axis=0))


def _contract_green(
    contracts: Sequence[ContractDelivery], cap_kwh: FloatArray, periods: _Periods
) -> tuple[FloatArray, _Claimed]:
    """Rule 3: hourly contract green (H,E) [kWh]; only bundled contracts carry a claim."""
    green = [c for c in contracts if c.bundled_certificates]
    hourly, claims = _contract_claims(green, cap_kwh, periods)
    provided = [("contract", c.id, float(c.delivery_kwh.sum())) for c in green]
    return hourly, _Claimed(hourly.sum(axis=0), [("contract", *c) for c in claims], provided)


def _certificate_green(
    certificates: Sequence[CertificateBatch],
    year: int,
    left: FloatArray,
    use: FloatArray,
    names: Sequence[str],
) -> _Claimed:
    """Rule 4: the batches claimed for ``year`` against the consumption left (E,) [kWh];
    ``use`` (E,) [kWh] is the year's consumption, for the over-claim rule."""
    batches = [b for b in certificates if b.claim_year == year]
    kwh, claims, messages = certificate_claims(batches, left, names, use)
    provided = [("certificate", b.id, b.quantity_mwh * KWH_PER_CERTIFICATE) for b in batches]
    return _Claimed(kwh, [("certificate", *c) for c in claims], provided, tuple(messages))


def _tables(
    names: Sequence[str], physical: tuple[FloatArray, FloatArray], parts: Sequence[_Claimed]
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, float]]:
    """``entries``, ``sources`` and contract surplus per contract [kWh]."""
    onsite, shared = physical
    claims = [claim for part in parts for claim in part.claims]
    own = [
        ("onsite_pv", e, f"onsite_pv:{n}", float(v))
        for e, (n, v) in enumerate(zip(names, onsite, strict=True))
    ]
    pool = [("park_shared_pv", e, "park_shared_pv", float(v)) for e, v in enumerate(shared)]
    provided = [(kind, sid, kwh) for kind, _, sid, kwh in own if kwh > 0]
    provided += [row for part in parts for row in part.provided]
    if shared.sum() > 0:
        provided.append(("park_shared_pv", "park_shared_pv", float(shared.sum())))
    rows = [(names[e], kind, sid, kwh) for kind, e, sid, kwh in own + pool + claims if kwh > 0]
    entries = pd.DataFrame(rows, columns=ENTRY_COLUMNS).astype({"kwh": float})
    taken = entries.groupby(["source_kind", "source_id"])["kwh"].sum().to_dict()
    table = [(kind, sid, kwh, float(taken.get((kind, sid), 0.0))) for kind, sid, kwh in provided]
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
    kept_fraction: FloatArray,
    accounting_year: int,
    contracts: Sequence[ContractDelivery] = (),
    certificates: Sequence[CertificateBatch] = (),
    matching_period_of_hour: IntArray | None = None,
    storage_discharge_pv_kwh: FloatArray | None = None,
) -> Ledger:
    """Attribute every green kWh of the accounting year to exactly one enterprise.

    Parameters
    ----------
    enterprise_ids
        Names of the E enterprises, in column order.
    load_kwh, pv_self_kwh, storage_discharge_green_kwh, shared_out_kwh, shared_in_kwh
        Hourly balance flows (H,E) [kWh]; ``storage_discharge_green_kwh`` is the discharge
        charged from PV whose certificates are kept (``BalanceResult`` of the same name).
    grid_import_kwh
        Hourly grid import (H,E) [kWh]; contracts cover at most this (and the load left).
    kept_fraction
        Share of each enterprise's PV, per hour, from roofs whose certificates are kept [0-1],
        broadcastable to (H,E); applied to ``pv_self_kwh`` and ``shared_out_kwh`` of the same
        hour (not to storage discharge). Where an enterprise has no PV, any value will do.
    accounting_year
        Year being accounted; certificate batches claimed in other years are skipped.
    contracts, certificates
        Green-power contracts and unbundled certificate batches.
    matching_period_of_hour
        Non-decreasing period label per hour (H,) for the contract cap (e.g. month for monthly
        matching, zeros for annual); None = hourly matching (``np.arange(H)``).
    storage_discharge_pv_kwh
        PV-derived storage discharge, certificates kept or sold (H,E) [kWh]; only for the
        certificates-sold memo. Default: ``storage_discharge_green_kwh`` (none sold).

    Raises
    ------
    InputError
        Duplicate or expired certificates, batches claiming more than their claimant's use
        (every problem at once); what exceeds the use left non-green stays unclaimed.
    ValueError
        Caller errors: mismatched shapes, enterprise indices out of range, kept_fraction
        outside [0, 1], decreasing period labels.
    """
    green_out, pv_out = storage_discharge_green_kwh, storage_discharge_pv_kwh
    own = (pv_self_kwh, green_out if pv_out is None else pv_out, green_out)
    flows = (load_kwh, *own, shared_out_kwh, shared_in_kwh, grid_import_kwh)
    kept = _checked_kept_fraction(enterprise_ids, flows, kept_fraction, contracts, certificates)
    physical = _physical_green(own, shared_out_kwh, shared_in_kwh, kept)
    uncovered = load_kwh - physical.hourly_onsite_kwh - physical.hourly_shared_kwh
    cap = np.minimum(grid_import_kwh, np.maximum(uncovered, 0.0))
    periods = _Periods(matching_period_of_hour, np.shape(load_kwh)[0])
    contract_hourly, contract = _contract_green(contracts, cap, periods)
    left = uncovered.sum(axis=0) - contract.kwh
    use = load_kwh.sum(axis=0)
    certificate = _certificate_green(certificates, accounting_year, left, use, enterprise_ids)
    annual = (physical.hourly_onsite_kwh.sum(axis=0), physical.hourly_shared_kwh.sum(axis=0))
    entries, sources, surplus = _tables(enterprise_ids, annual, (contract, certificate))
    return Ledger(
        enterprise_ids=tuple(enterprise_ids),
        onsite_physical_kwh=annual[0],
        shared_physical_kwh=annual[1],
        contract_kwh=contract.kwh,
        certificate_kwh=certificate.kwh,
        hourly_onsite_physical_kwh=physical.hourly_onsite_kwh,
        hourly_shared_physical_kwh=physical.hourly_shared_kwh,
        hourly_contract_kwh=contract_hourly,
        onsite_certificates_sold_kwh=physical.certificates_sold_kwh,
        shared_sent_green_kwh=physical.shared_sent_kwh,
        contract_surplus_kwh=surplus,
        entries=entries,
        sources=sources,
        messages=_messages(contracts, certificates, accounting_year, surplus)
        + certificate.messages,
    )


def _messages(
    contracts: Sequence[ContractDelivery],
    certificates: Sequence[CertificateBatch],
    year: int,
    surplus: dict[str, float],
) -> tuple[str, ...]:
    """Soft issues: contracts without certificates, surplus, batches of other years."""
    lines = [
        text(
            f"合同 {c.id} 未捆绑绿证，其电量不计为绿电（绿证是唯一证明，1044号）",
            f"contract {c.id} has no bundled certificates; its energy is not claimed as "
            "green (the GEC is the sole proof, 1044号)",
        )
        for c in contracts
        if not c.bundled_certificates
    ]
    lines += [
        text(
            f"合同 {cid}：{kwh / 1000:,.3f} MWh 超出买方同期电网购电量，未归属",
            f"contract {cid}: {kwh / 1000:,.3f} MWh delivered beyond the buyer's grid "
            "import in the same period is unattributed",
        )
        for cid, kwh in surplus.items()
        if kwh > 1e-6
    ]
    return (*lines, *other_year_messages(certificates, year))
