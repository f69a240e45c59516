"""Unbundled green-power certificates (绿证, GEC): validity, claim rules, registry checks, claims.

Facts (china-factors §6; rules-review-2026 R3, R10):

- 1 certificate = 1 MWh (发改能源〔2023〕1044号) [A]. A batch is a quantity with its production
  months (a month histogram, or evenly over ``production_start..production_end`` when none is
  given), optional 32-digit serial ranges (绿证编号起止, [B]) and a status: held, or cancelled
  (核销) on a date.
- Validity is counted in months: 2 years from the production month inclusive; production before
  2024-01 is valid until 2025-12 (NEA 2024 《可再生能源绿色电力证书核发和交易规则》) [A].
- The **claim rule** (a park option) decides which production months count for a claim year:

  - ``same_year`` (default): only certificates produced in the claim year (发改运行〔2022〕1258号
    "以本企业持有的当年度绿证作为相关核算工作的基准" [B]; NEA 2026-01 实施细则 "2026年起证电同年
    核销" [B]); the basis of Chinese green-consumption (669号 shares) and 能耗双控 use. Months
    of other years are valid certificates on another basis: left out, with a note;
  - ``validity_2y``: every production month still valid in the claim year (GHG Protocol
    market-based reporting, whose Scope 2 Quality Criteria only ask for a vintage "as close as
    possible" [A]); months of other years are noted as a vintage gap.

  Under both rules a month produced after the claim year, or expired before it, is an error,
  and a cancellation date must fall after production and before the first expiry.
- Registry checks: serial ranges may not overlap (a certificate is claimed once); an unbundled
  batch may not repeat a contract's bundled certificates (same project, production months within
  the contract's delivery months: 证电合一 certificates already count with the contract).
- Hydro carries tradable certificates only when market-based and commissioned from 2023-01-01
  (NEA 2024 rules) [A].

The claims themselves (over-claims, the park's batches pro rata, claims by production month)
are in :mod:`greenpark.core.certificate_claims`.

Load-time rules (:mod:`greenpark.inputs.park.green_rules`) and the ledger call the same functions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import numpy.typing as npt

from greenpark.messages import Message

FloatArray = npt.NDArray[np.float64]

KWH_PER_CERTIFICATE = 1000.0  # 1 GEC = 1 MWh, 发改能源〔2023〕1044号 [A]
VALIDITY_MONTHS = 24  # 2 years from the production month, inclusive; NEA 2024 rules [A]
LEGACY_PRODUCED_BEFORE = 2024 * 12  # month index of 2024-01 (year*12 + month-1)
LEGACY_LAST_VALID = 2025 * 12 + 11  # ... such certificates are valid until 2025-12 [A]
CLAIM_RULES = ("same_year", "validity_2y")
HYDRO_TRADABLE_FROM = date(2023, 1, 1)  # market-based hydro commissioned from, NEA 2024 rules [A]
SERIAL_DIGITS = 32  # 绿证编号, rules-review-2026 §4 [B]


@dataclass(frozen=True)
class CertificateBatch:
    """Unbundled certificates; months as ``YYYY-MM``; claimant index or None (the park).

    ``monthly_mwh`` is the production-month histogram ((month, MWh) pairs); empty means the
    quantity is spread evenly over ``production_start..production_end``. ``serial_ranges`` are
    (first, last) 32-digit serials; ``cancelled_on`` (``YYYY-MM-DD``) is the 核销 date, None
    while held.
    """

    id: str
    quantity_mwh: float
    production_start: str
    production_end: str
    claimant: int | None
    claim_year: int
    monthly_mwh: tuple[tuple[str, float], ...] = ()
    serial_ranges: tuple[tuple[str, str], ...] = ()
    cancelled_on: str | None = None
    project: str = ""

    def production_mwh(self) -> dict[str, float]:
        """MWh per production month (``YYYY-MM``), in month order."""
        if self.monthly_mwh:
            return dict(sorted(self.monthly_mwh))
        months = months_between(self.production_start, self.production_end)
        return {month: self.quantity_mwh / len(months) for month in months}


@dataclass(frozen=True)
class BatchIssue:
    """A problem of one batch: its id, the key it concerns, what is wrong (``code``) and the
    facts (``params``); worded where it is shown (:mod:`greenpark.inputs.park.certificate_words`)."""

    batch_id: str
    key: str
    code: str
    params: Mapping[str, str | int] = field(default_factory=dict)

    @property
    def line(self) -> str:
        """For programmers (a caller that skipped the load-time rules)."""
        return f"certificates[{self.batch_id}].{self.key}: {self.code} {dict(self.params)}"


@dataclass(frozen=True)
class BundledSupply:
    """A contract's bundled certificates: project, delivery year and months with volume."""

    contract_id: str
    project: str
    year: int
    months: tuple[int, ...]


def month_index(year_month: str) -> int:
    """``YYYY-MM`` -> year*12 + month-1."""
    year, month = year_month.split("-")
    return int(year) * 12 + int(month) - 1


def _month_text(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def months_between(start: str, end: str) -> list[str]:
    """Every ``YYYY-MM`` from ``start`` to ``end`` inclusive."""
    return [_month_text(i) for i in range(month_index(start), month_index(end) + 1)]


def certificate_last_valid_month(production_month: str) -> str:
    """Last month (``YYYY-MM``) a certificate produced in ``production_month`` may be claimed."""
    produced = month_index(production_month)
    last = (
        produced + VALIDITY_MONTHS - 1 if produced >= LEGACY_PRODUCED_BEFORE else LEGACY_LAST_VALID
    )
    return _month_text(last)


def _checked_rule(rule: str) -> str:
    if rule not in CLAIM_RULES:
        raise ValueError(f"certificate claim rule must be one of {CLAIM_RULES}, got {rule!r}")
    return rule


def claimable_mwh(batch: CertificateBatch, rule: str) -> float:
    """The batch's MWh that count for its claim year under ``rule`` (a valid batch)."""
    produced = batch.production_mwh()
    if _checked_rule(rule) == "same_year":
        return sum(q for m, q in produced.items() if int(m[:4]) == batch.claim_year)
    return sum(produced.values())


def _span(months: Sequence[str]) -> str:
    return months[0] if len(months) == 1 else f"{months[0]}~{months[-1]}"


def validity_issues(batch: CertificateBatch, rule: str) -> list[BatchIssue]:
    """Months produced after the claim year or expired before it; cancellation dates."""
    _checked_rule(rule)
    year, months = batch.claim_year, list(batch.production_mwh())
    issues = []
    later = [m for m in months if int(m[:4]) > year]
    if later:
        params: dict[str, str | int] = {"production": _span(later), "year": year}
        issues.append(BatchIssue(batch.id, "claim_year", "produced_after_claim_year", params))
    expired = [m for m in months if month_index(certificate_last_valid_month(m)) < year * 12]
    if expired:
        last = certificate_last_valid_month(expired[-1])
        params = {"production": _span(expired), "last_valid": last, "year": year}
        issues.append(BatchIssue(batch.id, "claim_year", "expired_before_claim_year", params))
    return issues + _cancellation_issues(batch, months)


def _cancellation_issues(batch: CertificateBatch, months: list[str]) -> list[BatchIssue]:
    if batch.cancelled_on is None or not months:
        return []
    cancelled = batch.cancelled_on[:7]
    first_expiry = min((certificate_last_valid_month(m) for m in months), key=month_index)
    if month_index(cancelled) < month_index(months[-1]):
        params = {"cancelled_on": batch.cancelled_on, "production_month": months[-1]}
        return [BatchIssue(batch.id, "cancelled_on", "cancelled_before_production", params)]
    if month_index(cancelled) > month_index(first_expiry):
        params = {"cancelled_on": batch.cancelled_on, "first_expiry": first_expiry}
        return [BatchIssue(batch.id, "cancelled_on", "cancelled_after_expiry", params)]
    return []


def vintage_messages(batch: CertificateBatch, rule: str) -> list[Message]:
    """Soft notes: production months outside the claim year, and what the rule does with them."""
    produced = batch.production_mwh()
    other = [m for m in produced if int(m[:4]) != batch.claim_year]
    if not other:
        return []
    params = {
        "batch_id": batch.id,
        "energy_mwh": sum(produced[m] for m in other),
        "production": _span(other),
        "year": batch.claim_year,
    }
    if _checked_rule(rule) == "same_year":
        return [Message("certificates_other_vintage_excluded", params)]
    return [Message("certificates_vintage_gap", params)]


def _serial_intervals(batches: Sequence[CertificateBatch]) -> list[tuple[int, int, str, str]]:
    found = []
    for batch in batches:
        for first, last in batch.serial_ranges:
            found.append((int(first), int(last), batch.id, f"{first}~{last}"))
    return sorted(found)


def serial_issues(batches: Sequence[CertificateBatch]) -> list[BatchIssue]:
    """Serial ranges that overlap, within a batch or across batches, naming both."""
    issues: list[BatchIssue] = []
    seen: list[tuple[int, str, str]] = []
    for start, end, batch_id, shown in _serial_intervals(batches):
        for other_end, other_id, other_shown in seen:
            if other_end >= start:
                params = {"serials": shown, "other_id": other_id, "other_serials": other_shown}
                issues.append(BatchIssue(batch_id, "serial_ranges", "serials_overlap", params))
        seen = [s for s in seen if s[0] >= start] + [(end, batch_id, shown)]
    return issues


def _project_key(project: str) -> str:
    return "".join(project.split()).casefold()


def bundled_repeat_issues(
    batches: Sequence[CertificateBatch], supplies: Sequence[BundledSupply]
) -> list[BatchIssue]:
    """Unbundled batches of a contract's project produced in its delivery months."""
    issues = []
    for batch in batches:
        for supply in supplies:
            if not supply.project or _project_key(batch.project) != _project_key(supply.project):
                continue
            overlap = [
                m
                for m in batch.production_mwh()
                if int(m[:4]) == supply.year and int(m[5:]) in supply.months
            ]
            if overlap:
                params = {
                    "contract_id": supply.contract_id,
                    "project": supply.project,
                    "production": _span(overlap),
                }
                issues.append(BatchIssue(batch.id, "project", "repeats_bundled", params))
    return issues


def hydro_certificates_tradable(commissioned: date, market_based: bool) -> bool:
    """Whether hydro output carries tradable certificates (NEA 2024 rules [A])."""
    return market_based and commissioned >= HYDRO_TRADABLE_FROM


def contract_id_issues(
    batches: Sequence[CertificateBatch], contract_ids: set[str]
) -> list[BatchIssue]:
    """Batches named like a contract: its bundled certificates already count with it."""
    return [BatchIssue(b.id, "id", "contract_id_reused") for b in batches if b.id in contract_ids]


def certificate_problems(
    batches: Sequence[CertificateBatch], contract_ids: set[str], rule: str
) -> list[BatchIssue]:
    """Duplicate ids, ids shared with contracts, validity, serial overlaps."""
    seen: set[str] = set()
    issues = []
    for b in batches:
        if b.id in seen:
            issues.append(BatchIssue(b.id, "id", "duplicate_id"))
        seen.add(b.id)
    issues += contract_id_issues(batches, contract_ids)
    issues += [issue for b in batches for issue in validity_issues(b, rule)]
    return issues + serial_issues(batches)


def other_year_messages(batches: Sequence[CertificateBatch], year: int) -> list[Message]:
    """Soft issues: batches claimed for another year than ``year``, skipped in its account."""
    return [
        Message(
            "certificates_other_year",
            {"batch_id": b.id, "claim_year": b.claim_year, "year": year},
            "info",
        )
        for b in batches
        if b.claim_year != year
    ]
