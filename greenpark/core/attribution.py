"""Green-power attribution ledger: which enterprise may claim which green kWh.

Rules (china-factors §6, the "practical formula"); every green kWh gets exactly one claimant:

1. ``onsite_pv`` (physical): the owner's self-consumed PV, ``pv_self + storage_discharge_green``,
   only for the share of its PV whose certificates are kept (``kept_fraction``). PV whose
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
4. ``certificate`` (unbundled 绿证): 1 certificate = 1 MWh, no timestamp, annual. Each batch id
   appears once; the claim year must lie in the validity (2 years from the production month,
   inclusive; production before 2024-01 valid to 2025-12); the claim may not exceed the
   claimant's non-green consumption left in the year (over-claim error naming the batches).
   Park-level batches are allocated pro rata to the consumption left after enterprise batches.

Exports never reduce anyone's footprint; storage losses are not green consumption (only the
green part of storage discharge counts).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt
import pandas as pd

from greenpark.errors import InputError
from greenpark.i18n import text

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

KWH_PER_CERTIFICATE = 1000.0  # 1 GEC = 1 MWh, 发改能源〔2023〕1044号 [A]
VALIDITY_MONTHS = 24  # 2 years from the production month, inclusive; NEA 2024 rules [A]
LEGACY_PRODUCED_BEFORE = 2024 * 12  # month index of 2024-01 (year*12 + month-1)
LEGACY_LAST_VALID = 2025 * 12 + 11  # ... such certificates are valid until 2025-12 [A]
ENTRY_COLUMNS = ["claimant", "source_kind", "source_id", "kwh"]
SOURCE_COLUMNS = ["source_kind", "source_id", "provided_kwh", "claimed_kwh"]
_RTOL = 1e-9


@dataclass(frozen=True)
class ContractDelivery:
    """One green-power contract: hourly delivered energy [kWh] (H,), buyer index or None (park)."""

    id: str
    buyer: int | None
    delivery_kwh: FloatArray
    bundled_certificates: bool = True


@dataclass(frozen=True)
class CertificateBatch:
    """Unbundled certificates; months as ``YYYY-MM``; claimant index or None (the park)."""

    id: str
    quantity_mwh: float
    production_start: str
    production_end: str
    claimant: int | None
    claim_year: int


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
    """Matching periods: consecutive runs of equal labels in ``period_of_hour`` (None: hours)."""

    def __init__(self, period_of_hour: IntArray | None, hours: int) -> None:
        self.starts: IntArray | None = None
        self.index: IntArray | None = None
        if period_of_hour is None:
            return
        labels = np.asarray(period_of_hour)
        if labels.shape != (hours,) or np.any(np.diff(labels) < 0):
            raise ValueError(f"matching periods must be {hours} non-decreasing labels")
        change = np.r_[True, np.diff(labels) != 0]
        self.starts = np.flatnonzero(change)
        self.index = np.cumsum(change) - 1

    def total(self, hourly: FloatArray) -> FloatArray:
        return hourly if self.starts is None else np.add.reduceat(hourly, self.starts, axis=0)

    def spread(self, per_period: FloatArray) -> FloatArray:
        return per_period if self.index is None else per_period[self.index]


def _ratio(numerator: FloatArray, denominator: FloatArray) -> FloatArray:
    """numerator / denominator, 0 where the denominator is 0."""
    out = np.zeros(np.broadcast(numerator, denominator).shape)
    return np.divide(numerator, denominator, out=out, where=denominator > 0)


def shared_green_kwh(
    shared_out_kwh: FloatArray, shared_in_kwh: FloatArray, kept_fraction: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Green part of park-shared PV: received per (H,E) [kWh] and credited per sender (E,) [kWh].

    The hourly pool's green fraction is Σ_s out_s·kept_s / Σ_s out_s (senders whose certificates
    were sold make the pool less green); senders are credited pro rata to what was received.
    """
    green_out = shared_out_kwh * kept_fraction
    out_total = shared_out_kwh.sum(axis=1)
    received_green = shared_in_kwh * _ratio(green_out.sum(axis=1), out_total)[:, None]
    scale = _ratio(shared_in_kwh.sum(axis=1), out_total)
    return received_green, (green_out * scale[:, None]).sum(axis=0)


def _contract_claims(
    contracts: Sequence[ContractDelivery], cap_kwh: FloatArray, periods: _Periods
) -> tuple[FloatArray, list[tuple[int, str, float]]]:
    """Hourly contract green (H,E) [kWh] and (claimant, contract id, kWh) claims."""
    direct = [c for c in contracts if c.buyer is not None]
    pooled = [c for c in contracts if c.buyer is None]
    delivered = np.zeros_like(cap_kwh)
    for c in direct:
        delivered[:, c.buyer] += c.delivery_kwh
    cap_p, delivered_p = periods.total(cap_kwh), periods.total(delivered)
    covered_p = np.minimum(delivered_p, cap_p)
    ratio = periods.spread(_ratio(covered_p, delivered_p))
    hourly = delivered * ratio
    claims = [(c.buyer, c.id, float(c.delivery_kwh @ ratio[:, c.buyer])) for c in direct]
    if pooled:
        left_p = cap_p - covered_p
        park_delivered = np.sum([c.delivery_kwh for c in pooled], axis=0)
        park_p = periods.total(park_delivered)
        left_total_p = left_p.sum(axis=1)
        fraction = periods.spread(_ratio(np.minimum(park_p, left_total_p), park_p))
        share = periods.spread(_ratio(left_p, left_total_p[:, None]))
        hourly = hourly + (park_delivered * fraction)[:, None] * share
        for c in pooled:
            per_enterprise = (c.delivery_kwh * fraction) @ share
            claims.extend((int(e), c.id, float(per_enterprise[e])) for e in range(share.shape[1]))
    return hourly, [(e, cid, kwh) for e, cid, kwh in claims if e is not None]


def _month_index(year_month: str) -> int:
    year, month = year_month.split("-")
    return int(year) * 12 + int(month) - 1


def certificate_last_valid_month(production_month: str) -> str:
    """Last month (``YYYY-MM``) a certificate produced in ``production_month`` may be claimed."""
    produced = _month_index(production_month)
    last = (
        produced + VALIDITY_MONTHS - 1 if produced >= LEGACY_PRODUCED_BEFORE else LEGACY_LAST_VALID
    )
    return f"{last // 12:04d}-{last % 12 + 1:02d}"


def _certificate_problems(batches: Sequence[CertificateBatch], contract_ids: set[str]) -> list[str]:
    problems, seen = [], set()
    for b in batches:
        where = f"certificates[{b.id}]"
        if b.id in seen:
            problems.append(
                text(
                    f"{where}: 绿证编号重复，每张绿证只能申领一次（申领后核销）",
                    f"{where}: duplicate certificate id; a certificate is claimed once",
                )
            )
        if b.id in contract_ids:
            problems.append(
                text(
                    f"{where}: 与绿电合同同号，合同捆绑的绿证已随合同计入，不得重复计算",
                    f"{where}: same id as a contract whose bundled certificates "
                    "already count; must not be counted again",
                )
            )
        seen.add(b.id)
        last = certificate_last_valid_month(b.production_start)
        if not int(b.production_end[:4]) <= b.claim_year <= int(last[:4]):
            problems.append(
                text(
                    f"{where}: 申领年份 {b.claim_year} 不在有效期内（生产 {b.production_start}~"
                    f"{b.production_end}，最早一批有效至 {last}）",
                    f"{where}: claim year {b.claim_year} outside validity (produced "
                    f"{b.production_start}..{b.production_end}, earliest valid until {last})",
                )
            )
    return problems


def _over_claim(ids: list[str], claimed_kwh: float, left_kwh: float, who: str) -> list[str]:
    if claimed_kwh <= left_kwh * (1 + _RTOL) + 1e-6:
        return []
    names = ", ".join(ids)
    return [
        text(
            f"绿证超额申领：{names} 共 {claimed_kwh / 1000:,.3f} MWh，超过{who}当年剩余非绿色用电 "
            f"{left_kwh / 1000:,.3f} MWh",
            f"certificate over-claim: {names} total {claimed_kwh / 1000:,.3f} MWh exceeds the "
            f"remaining non-green consumption of {who}, {left_kwh / 1000:,.3f} MWh",
        )
    ]


def _certificate_claims(
    batches: Sequence[CertificateBatch], left_kwh: FloatArray, names: Sequence[str]
) -> tuple[FloatArray, list[tuple[int, str, float]]]:
    """Certificate green per enterprise (E,) [kWh] and claims; raises InputError on over-claim."""
    claimed, claims, problems = np.zeros_like(left_kwh), [], []
    for e in sorted({b.claimant for b in batches if b.claimant is not None}):
        own = [b for b in batches if b.claimant == e]
        total = sum(b.quantity_mwh for b in own) * KWH_PER_CERTIFICATE
        problems += _over_claim([b.id for b in own], total, float(left_kwh[e]), names[e])
        claimed[e] = total
        claims += [(e, b.id, b.quantity_mwh * KWH_PER_CERTIFICATE) for b in own]
    park = [b for b in batches if b.claimant is None]
    left = np.maximum(left_kwh - claimed, 0.0)
    park_kwh = sum(b.quantity_mwh for b in park) * KWH_PER_CERTIFICATE
    problems += _over_claim([b.id for b in park], park_kwh, float(left.sum()), text("园区", "park"))
    if problems:
        raise InputError(problems)
    share = _ratio(left, np.asarray(left.sum()))
    for b in park:
        kwh = b.quantity_mwh * KWH_PER_CERTIFICATE * share
        claims += [(int(e), b.id, float(kwh[e])) for e in np.flatnonzero(kwh)]
    return claimed + park_kwh * share, claims


def _check_indices(
    shape: tuple[int, ...],
    names: Sequence[str],
    contracts: Sequence[ContractDelivery],
    batches: Sequence[CertificateBatch],
) -> None:
    """Caller errors (not data errors): shapes and enterprise indices."""
    hours, enterprises = shape if len(shape) == 2 else (-1, -1)
    bad = [c.id for c in contracts if np.shape(c.delivery_kwh) != (hours,)]
    owners = [(c.id, c.buyer) for c in contracts] + [(b.id, b.claimant) for b in batches]
    bad += [i for i, who in owners if who is not None and not 0 <= who < enterprises]
    if len(names) != enterprises or bad:
        raise ValueError(f"{len(names)} names for (H,E)={shape}; bad delivery or index: {bad}")


def _tables(
    names: Sequence[str],
    physical: tuple[FloatArray, FloatArray],
    claims: list[tuple[str, int, str, float]],
    provided: list[tuple[str, str, float]],
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, float]]:
    """``entries``, ``sources`` and contract surplus per contract [kWh]."""
    onsite, shared = physical
    own = [
        ("onsite_pv", e, f"onsite_pv:{n}", float(v))
        for e, (n, v) in enumerate(zip(names, onsite, strict=True))
    ]
    pool = [("park_shared_pv", e, "park_shared_pv", float(v)) for e, v in enumerate(shared)]
    provided = [(kind, sid, kwh) for kind, _, sid, kwh in own if kwh > 0] + provided
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
) -> Ledger:
    """Attribute every green kWh of the accounting year to exactly one enterprise.

    Parameters
    ----------
    enterprise_ids
        Names of the E enterprises, in column order.
    load_kwh, pv_self_kwh, storage_discharge_green_kwh, shared_out_kwh, shared_in_kwh
        Hourly balance flows (H,E) [kWh].
    grid_import_kwh
        Hourly grid import (H,E) [kWh]; contracts cover at most this (and the load left).
    kept_fraction
        Share of each enterprise's PV, per hour, from roofs whose certificates are kept [0-1],
        broadcastable to (H,E). Also applied to storage discharge in the same hour: where PV
        is zero (nights), pass the capacity-weighted share.
    accounting_year
        Year being accounted; certificate batches claimed in other years are skipped.
    contracts, certificates
        Green-power contracts and unbundled certificate batches.
    matching_period_of_hour
        Non-decreasing period label per hour (H,) for the contract cap (e.g. month for monthly
        matching, zeros for annual); None = hourly matching.

    Raises
    ------
    InputError
        Duplicate, expired or over-claimed certificates (every problem at once).
    ValueError
        Caller errors: mismatched shapes, enterprise indices out of range, kept_fraction
        outside [0, 1], decreasing period labels.
    """
    shape = np.shape(load_kwh)
    flows = (pv_self_kwh, storage_discharge_green_kwh, shared_out_kwh, shared_in_kwh)
    if any(np.shape(a) != shape for a in (*flows, grid_import_kwh)):
        raise ValueError(f"hourly flows must all have the shape of load_kwh {shape}")
    _check_indices(shape, enterprise_ids, contracts, certificates)
    problems = _certificate_problems(certificates, {c.id for c in contracts})
    if problems:
        raise InputError(problems)
    kept = np.broadcast_to(np.asarray(kept_fraction, dtype=float), shape)
    if np.any((kept < 0) | (kept > 1)):
        raise ValueError("kept_fraction must lie in [0, 1]")
    own = pv_self_kwh + storage_discharge_green_kwh
    onsite = own * kept
    shared, sent = shared_green_kwh(shared_out_kwh, shared_in_kwh, kept)
    green = [c for c in contracts if c.bundled_certificates]
    uncovered = load_kwh - onsite - shared
    cap = np.minimum(grid_import_kwh, np.maximum(uncovered, 0.0))
    periods = _Periods(matching_period_of_hour, shape[0])
    contract_hourly, contract_claims = _contract_claims(green, cap, periods)
    contract_kwh = contract_hourly.sum(axis=0)
    left = uncovered.sum(axis=0) - contract_kwh
    batches = [b for b in certificates if b.claim_year == accounting_year]
    cert_kwh, cert_claims = _certificate_claims(batches, left, enterprise_ids)
    claims = [("contract", *c) for c in contract_claims] + [
        ("certificate", *c) for c in cert_claims
    ]
    provided = [("contract", c.id, float(c.delivery_kwh.sum())) for c in green]
    provided += [("certificate", b.id, b.quantity_mwh * KWH_PER_CERTIFICATE) for b in batches]
    physical = (onsite.sum(axis=0), shared.sum(axis=0))
    entries, sources, surplus = _tables(enterprise_ids, physical, claims, provided)
    return Ledger(
        enterprise_ids=tuple(enterprise_ids),
        onsite_physical_kwh=physical[0],
        shared_physical_kwh=physical[1],
        contract_kwh=contract_kwh,
        certificate_kwh=cert_kwh,
        hourly_onsite_physical_kwh=onsite,
        hourly_shared_physical_kwh=shared,
        hourly_contract_kwh=contract_hourly,
        onsite_certificates_sold_kwh=(own - onsite).sum(axis=0),
        shared_sent_green_kwh=sent,
        contract_surplus_kwh=surplus,
        entries=entries,
        sources=sources,
        messages=_messages(contracts, certificates, accounting_year, surplus),
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
    lines += [
        text(
            f"绿证 {b.id} 申领年份 {b.claim_year} ≠ 核算年份 {year}，本年不计",
            f"certificates {b.id} are claimed for {b.claim_year}, not {year}; skipped",
        )
        for b in certificates
        if b.claim_year != year
    ]
    return tuple(lines)
