"""Claims of unbundled green-power certificates (绿证) against the year's use.

A claim may not exceed the claimant's consumption left uncovered in the year (an over-claim
error names the batches). Park-level batches (``claimant=None``) are allocated to enterprises
pro rata to what the enterprises' own batches leave. What a batch is and which of its
production months count for a claim year: :mod:`greenpark.core.certificates`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from greenpark.core.allocation import ratio_or_zero
from greenpark.core.certificates import (
    KWH_PER_CERTIFICATE,
    CertificateBatch,
    FloatArray,
    claimable_mwh,
)
from greenpark.messages import Message, Param

_RTOL = 1e-9  # relative slack of the over-claim comparison (rounding of MWh sums)


@dataclass(frozen=True)
class OverClaim:
    """Batches of one claimant (index, or None for the park's) whose MWh counting under the
    claim rule exceed the ``available_kwh`` they may claim against [kWh]."""

    claimant: int | None
    batches: tuple[CertificateBatch, ...]
    claimed_kwh: float
    available_kwh: float


def _kwh(batches: Sequence[CertificateBatch], rule: str) -> float:
    return sum(claimable_mwh(b, rule) for b in batches) * KWH_PER_CERTIFICATE


def _exceeds(claimed_kwh: float, available_kwh: float) -> bool:
    return claimed_kwh > available_kwh * (1 + _RTOL) + 1e-6


def certificate_over_claims(
    batches: Sequence[CertificateBatch], available_kwh: FloatArray, rule: str = "same_year"
) -> list[OverClaim]:
    """The over-claim rule: batches that claim more electricity than their claimant used.

    An enterprise's batches together may claim (what counts under ``rule``) at most its
    ``available_kwh`` (E,) [kWh]: its electricity consumption of the year. The park's batches
    may claim at most what the enterprises have left after their own batches. It needs only
    metered consumption, so the park loader applies it before any run
    (:mod:`greenpark.inputs.park.certificate_rules`); a run applies it again to its modelled load,
    which is never smaller.
    """
    found, own_kwh = [], np.zeros_like(available_kwh)
    for e in sorted({b.claimant for b in batches if b.claimant is not None}):
        own = tuple(b for b in batches if b.claimant == e)
        own_kwh[e] = _kwh(own, rule)
        if _exceeds(own_kwh[e], float(available_kwh[e])):
            found.append(OverClaim(e, own, float(own_kwh[e]), float(available_kwh[e])))
    park = tuple(b for b in batches if b.claimant is None)
    left = float(np.maximum(available_kwh - own_kwh, 0.0).sum())
    if park and _exceeds(_kwh(park, rule), left):
        found.append(OverClaim(None, park, _kwh(park, rule), left))
    return found


class CertificateClaims(NamedTuple):
    """Certificate green per enterprise (E,) [kWh], (claimant, batch id, kWh) claims and
    messages on certificates left unclaimed."""

    kwh: FloatArray
    claims: list[tuple[int, str, float]]
    messages: list[Message]


def certificate_claims(
    batches: Sequence[CertificateBatch],
    left_kwh: FloatArray,
    names: Sequence[str],
    consumption_kwh: FloatArray,
    rule: str = "same_year",
) -> CertificateClaims:
    """Claim the batches against each enterprise's non-green consumption left in the year.

    ``left_kwh`` (E,) [kWh] is what is left after physical and contract green power (and of
    the purchase); ``consumption_kwh`` (E,) [kWh] the year's electricity use, for the
    over-claim rule; each batch claims what counts under ``rule`` (:func:`claimable_mwh`);
    ``names`` names the enterprises in messages. Batches beyond what is left (their
    claimant's own PV or contracts already cover that use) are claimed only up to it, pro
    rata; the rest stays held, unclaimed, and is reported (as contract surplus is). Park
    batches go to enterprises pro rata to what is left after their own batches.

    Raises
    ------
    ValueError
        Batches claiming more than their claimant's consumption: the park loader refuses
        them (:mod:`greenpark.inputs.park.certificate_rules`), so only a caller that skipped it.
    """
    over = certificate_over_claims(batches, consumption_kwh, rule)
    if over:
        raise ValueError(f"certificate over-claim: {over}")
    left = np.maximum(left_kwh, 0.0)
    claimed, claims = np.zeros_like(left), []
    messages: list[Message] = []
    for e in sorted({b.claimant for b in batches if b.claimant is not None}):
        own = [b for b in batches if b.claimant == e]
        total = _kwh(own, rule)
        claimed[e] = min(total, float(left[e]))
        claims += _scaled(own, e, float(claimed[e]) / total if total > 0 else 0.0, rule)
        messages += _unclaimed(own, total - claimed[e], names[e])
    park = [b for b in batches if b.claimant is None]
    rest = np.maximum(left - claimed, 0.0)
    park_total = _kwh(park, rule)
    park_kwh = min(park_total, float(rest.sum()))
    messages += _unclaimed(park, park_total - park_kwh, None)
    share = ratio_or_zero(rest, rest.sum())
    fraction = park_kwh / park_total if park_total > 0 else 0.0
    for b in park:
        kwh = claimable_mwh(b, rule) * KWH_PER_CERTIFICATE * fraction * share
        claims += [(int(e), b.id, float(kwh[e])) for e in np.flatnonzero(kwh)]
    return CertificateClaims(claimed + park_kwh * share, claims, messages)


def _scaled(
    batches: Sequence[CertificateBatch], claimant: int, fraction: float, rule: str
) -> list[tuple[int, str, float]]:
    return [
        (claimant, b.id, claimable_mwh(b, rule) * KWH_PER_CERTIFICATE * fraction) for b in batches
    ]


def _unclaimed(
    batches: Sequence[CertificateBatch], unclaimed_kwh: float, claimant: str | None
) -> list[Message]:
    """Certificates left held: of enterprise ``claimant``, or the park's (None)."""
    if unclaimed_kwh <= 1e-6:
        return []
    params: dict[str, Param] = {
        "batch_ids": tuple(b.id for b in batches),
        "energy_mwh": unclaimed_kwh / 1000,
    }
    if claimant is None:
        return [Message("park_certificates_unclaimed", params)]
    return [Message("certificates_unclaimed", {**params, "enterprise": claimant})]


def claims_by_production_month(
    batches: Sequence[CertificateBatch],
    claims: Sequence[tuple[int, str, float]],
    rule: str,
    year: int,
    enterprises: int,
) -> tuple[FloatArray, FloatArray]:
    """Claimed kWh by production month of ``year`` (12,E) and produced in other years (E,).

    Each claim is spread over its batch's counted production months in proportion to their
    MWh, so a month's certificates land in that month.
    """
    by_id: Mapping[str, CertificateBatch] = {b.id: b for b in batches}
    monthly, other = np.zeros((12, enterprises)), np.zeros(enterprises)
    for e, batch_id, kwh in claims:
        batch = by_id[batch_id]
        produced = batch.production_mwh()
        if rule == "same_year":
            produced = {m: q for m, q in produced.items() if int(m[:4]) == batch.claim_year}
        total = sum(produced.values())
        for month, mwh in produced.items():
            part = kwh * mwh / total if total > 0 else 0.0
            if int(month[:4]) == year:
                monthly[int(month[5:]) - 1, e] += part
            else:
                other[e] += part
    return monthly, other
