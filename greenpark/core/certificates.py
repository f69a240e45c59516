"""Unbundled green-power certificates (绿证, GEC): validity, checks and annual claims.

1 certificate = 1 MWh, no timestamp, claimed for a year (china-factors §6). Each batch id
appears once and never repeats a contract id (bundled certificates already count with their
contract). The claim year must lie in the validity: 2 years from the production month,
inclusive; production before 2024-01 is valid until 2025-12. A claim may not exceed the
claimant's non-green consumption left in the year (an over-claim error names the batches).
Park-level batches (``claimant=None``) are allocated to enterprises pro rata to the
consumption left after the enterprises' own batches.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

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


def certificate_claims(
    batches: Sequence[CertificateBatch], left_kwh: FloatArray, names: Sequence[str]
) -> tuple[FloatArray, list[tuple[int, str, float]]]:
    """Certificate green per enterprise (E,) [kWh] and (claimant, batch id, kWh) claims.

    ``left_kwh`` is each enterprise's non-green consumption left in the year (E,) [kWh];
    ``names`` names the enterprises in over-claim messages.

    Raises
    ------
    InputError
        Enterprise or park batches claiming more than is left (every over-claim at once).
    """
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
    share = ratio_or_zero(left, left.sum())
    for b in park:
        kwh = b.quantity_mwh * KWH_PER_CERTIFICATE * share
        claims += [(int(e), b.id, float(kwh[e])) for e in np.flatnonzero(kwh)]
    return claimed + park_kwh * share, claims


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
