"""Unbundled green-power certificates (绿证, GEC): validity, checks and annual claims.

1 certificate = 1 MWh, no timestamp, claimed for a year (china-factors §6). Each batch id
appears once and never repeats a contract id (bundled certificates already count with their
contract). The claim year must lie in the validity: 2 years from the production month,
inclusive; production before 2024-01 is valid until 2025-12 (:func:`claim_year_range`).

Over-claim rule (:func:`certificate_over_claims`): an enterprise's batches may not claim
more than its electricity use of the year, the park's batches not more than the
enterprises' use left after their own batches. It needs only metered consumption, so the
park loader applies it before any run. Within that, a batch is claimed against the non-green
consumption left after the claimant's own PV and contracts, which only a run knows: what
exceeds it stays unclaimed and is reported, not an error. Park-level batches
(``claimant=None``) are allocated to enterprises pro rata to the consumption left after the
enterprises' own batches.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from greenpark.core.allocation import ratio_or_zero
from greenpark.errors import InputError
from greenpark.i18n import text

FloatArray = npt.NDArray[np.float64]

KWH_PER_CERTIFICATE = 1000.0  # 1 GEC = 1 MWh, 发改能源〔2023〕1044号 [A]
VALIDITY_MONTHS = 24  # 2 years from the production month, inclusive; NEA 2024 rules [A]
LEGACY_PRODUCED_BEFORE = 2024 * 12  # month index of 2024-01 (year*12 + month-1)
LEGACY_LAST_VALID = 2025 * 12 + 11  # ... such certificates are valid until 2025-12 [A]
_RTOL = 1e-9


@dataclass(frozen=True)
class CertificateBatch:
    """Unbundled certificates; months as ``YYYY-MM``; claimant index or None (the park)."""

    id: str
    quantity_mwh: float
    production_start: str
    production_end: str
    claimant: int | None
    claim_year: int


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


def claim_year_range(production_start: str, production_end: str) -> tuple[int, int]:
    """First and last year a batch may be claimed for: from the year its production ends to
    the year its earliest certificates (``production_start``) expire."""
    return int(production_end[:4]), int(certificate_last_valid_month(production_start)[:4])


def certificate_problems(batches: Sequence[CertificateBatch], contract_ids: set[str]) -> list[str]:
    """Problem lines for duplicate ids, ids shared with contracts and claims outside validity."""
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
        first, last = claim_year_range(b.production_start, b.production_end)
        if not first <= b.claim_year <= last:
            problems.append(
                text(
                    f"{where}: 申领年份 {b.claim_year} 不在有效期内（生产 {b.production_start}~"
                    f"{b.production_end}，最早一批有效至 "
                    f"{certificate_last_valid_month(b.production_start)}）",
                    f"{where}: claim year {b.claim_year} outside validity (produced "
                    f"{b.production_start}..{b.production_end}, earliest valid until "
                    f"{certificate_last_valid_month(b.production_start)})",
                )
            )
    return problems


@dataclass(frozen=True)
class OverClaim:
    """Batches of one claimant (index, or None for the park's) claiming more than the
    ``available_kwh`` they may claim against [kWh]."""

    claimant: int | None
    batches: tuple[CertificateBatch, ...]
    available_kwh: float

    @property
    def claimed_kwh(self) -> float:
        return _kwh(self.batches)


def _kwh(batches: Sequence[CertificateBatch]) -> float:
    return sum(b.quantity_mwh for b in batches) * KWH_PER_CERTIFICATE


def _exceeds(claimed_kwh: float, available_kwh: float) -> bool:
    return claimed_kwh > available_kwh * (1 + _RTOL) + 1e-6


def certificate_over_claims(
    batches: Sequence[CertificateBatch], available_kwh: FloatArray
) -> list[OverClaim]:
    """The over-claim rule: batches that claim more electricity than their claimant used.

    An enterprise's batches together may claim at most its ``available_kwh`` (E,) [kWh]: its
    electricity consumption of the year. The park's batches may claim at most what the
    enterprises have left after their own batches. Applied to metered consumption when a
    park is loaded, and again (defensively) to the modelled load of a run.
    """
    found, own_kwh = [], np.zeros_like(available_kwh)
    for e in sorted({b.claimant for b in batches if b.claimant is not None}):
        own = tuple(b for b in batches if b.claimant == e)
        own_kwh[e] = _kwh(own)
        if _exceeds(own_kwh[e], float(available_kwh[e])):
            found.append(OverClaim(e, own, float(available_kwh[e])))
    park = tuple(b for b in batches if b.claimant is None)
    left = float(np.maximum(available_kwh - own_kwh, 0.0).sum())
    if park and _exceeds(_kwh(park), left):
        found.append(OverClaim(None, park, left))
    return found


def _over_claim_lines(over: Sequence[OverClaim], names: Sequence[str]) -> list[str]:
    """One problem line per :class:`OverClaim`, naming every batch and its quantity."""
    lines = []
    for claim in over:
        who = text("园区", "park") if claim.claimant is None else names[claim.claimant]
        listed = ", ".join(f"{b.id} ({b.quantity_mwh:,.0f} MWh)" for b in claim.batches)
        lines.append(
            text(
                f"绿证超额申领：{listed} 共 {claim.claimed_kwh / 1000:,.3f} MWh，"
                f"超过{who}当年用电 {claim.available_kwh / 1000:,.3f} MWh",
                f"certificate over-claim: {listed} total {claim.claimed_kwh / 1000:,.3f} MWh "
                f"exceeds the electricity use of {who}, {claim.available_kwh / 1000:,.3f} MWh",
            )
        )
    return lines


class CertificateClaims(NamedTuple):
    """Certificate green per enterprise (E,) [kWh], (claimant, batch id, kWh) claims and
    messages on certificates left unclaimed."""

    kwh: FloatArray
    claims: list[tuple[int, str, float]]
    messages: list[str]


def certificate_claims(
    batches: Sequence[CertificateBatch],
    left_kwh: FloatArray,
    names: Sequence[str],
    consumption_kwh: FloatArray,
) -> CertificateClaims:
    """Claim the batches against each enterprise's non-green consumption left in the year.

    ``left_kwh`` (E,) [kWh] is what is left after physical and contract green power;
    ``consumption_kwh`` (E,) [kWh] the year's electricity use, for the over-claim rule;
    ``names`` names the enterprises in messages. Batches beyond what is left (their
    claimant's own PV or contracts already cover that use) are claimed only up to it, pro
    rata; the rest stays unclaimed and is reported. Park batches go to enterprises pro rata
    to what is left after their own batches.

    Raises
    ------
    InputError
        Batches claiming more than their claimant's consumption (every over-claim at once).
    """
    over = certificate_over_claims(batches, consumption_kwh)
    if over:
        raise InputError(_over_claim_lines(over, names))
    left = np.maximum(left_kwh, 0.0)
    claimed, claims, messages = np.zeros_like(left), [], []
    for e in sorted({b.claimant for b in batches if b.claimant is not None}):
        own = [b for b in batches if b.claimant == e]
        claimed[e] = min(_kwh(own), float(left[e]))
        claims += _scaled(own, e, claimed[e] / _kwh(own))
        messages += _unclaimed(own, claimed[e], names[e])
    park = [b for b in batches if b.claimant is None]
    rest = np.maximum(left - claimed, 0.0)
    park_kwh = min(_kwh(park), float(rest.sum()))
    messages += _unclaimed(park, park_kwh, text("园区", "park"))
    share = ratio_or_zero(rest, rest.sum())
    fraction = park_kwh / _kwh(park) if park else 0.0
    for b in park:
        kwh = b.quantity_mwh * KWH_PER_CERTIFICATE * fraction * share
        claims += [(int(e), b.id, float(kwh[e])) for e in np.flatnonzero(kwh)]
    return CertificateClaims(claimed + park_kwh * share, claims, messages)


def _scaled(
    batches: Sequence[CertificateBatch], claimant: int, fraction: float
) -> list[tuple[int, str, float]]:
    return [(claimant, b.id, b.quantity_mwh * KWH_PER_CERTIFICATE * fraction) for b in batches]


def _unclaimed(batches: Sequence[CertificateBatch], claimed_kwh: float, who: str) -> list[str]:
    unclaimed = _kwh(batches) - claimed_kwh
    if unclaimed <= 1e-6:
        return []
    ids = ", ".join(b.id for b in batches)
    return [
        text(
            f"绿证 {ids}：{unclaimed / 1000:,.3f} MWh 超出{who}扣除自发自用光伏与绿电交易后的"
            "剩余用电，未计入",
            f"certificates {ids}: {unclaimed / 1000:,.3f} MWh exceed what {who} has left after "
            "its own PV and green-power contracts, and are not claimed",
        )
    ]


def other_year_messages(batches: Sequence[CertificateBatch], year: int) -> list[str]:
    """Soft issues: batches claimed for another year than ``year``, skipped in its account."""
    return [
        text(
            f"绿证 {b.id} 申领年份 {b.claim_year} ≠ 核算年份 {year}，本年不计",
            f"certificates {b.id} are claimed for {b.claim_year}, not {year}; skipped",
        )
        for b in batches
        if b.claim_year != year
    ]
